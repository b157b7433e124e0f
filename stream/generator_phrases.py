"""The Swedish phrase bank of the synthetic comment generator: plain data, no logic.

Template mini-language (expanded by ``stream.generator.expand``):

- ``{a|b|c}``   one of the alternatives, uniformly (``{jätte|}`` may come out empty);
- ``[text]``    optional text, kept half of the time;
- ``<3-13>``    a whole number in that range;
- ``{name}``    a per-comment slot: ``person`` (the staff member, a noun phrase), ``hen``,
  ``honom``, ``hens`` (pronouns that agree with it), ``kommun`` ("kommunen" or the
  municipality's own name), ``i_ort`` ("i Växjö", "på Gotland"), ``when``, ``about``
  (what the contact was about), ``long_wait``, ``mid_wait``, ``short_wait``, ``long_days``,
  ``queue_pos``.

Area fragments are clauses that start in lower case (the composer capitalises) and carry no
final full stop. Each one says one sentiment about one area and nothing clear about another
area, so that the ``truth`` labels of a composed comment stay faithful.
"""

from __future__ import annotations

# --- area × sentiment clauses that fit any channel ------------------------------------------

PHRASES: dict[str, dict[str, list[str]]] = {
    "digital_services": {
        "negative": [
            "hemsidan är {helt |}omöjlig att hitta {något|nåt|information} på",
            "det gick inte att logga in med BankID, {sidan|e-tjänsten} bara laddade och laddade",
            ("{e-tjänsten|webbformuläret} kraschade när jag skulle ladda upp "
             "{bilagorna|intygen|lönespecarna}"),
            ("chattboten förstod {ingenting|inte ens enkla frågor} och skickade mig "
             "{runt i cirklar|tillbaka till samma meny}"),
            "appen {loggar ut mig hela tiden|hänger sig varje gång jag ska skicka in något}",
            ("{hemsidan|kommunens webbplats} är {rörig|ett enda virrvarr} och "
             "{informationen är inaktuell|sökfunktionen hittar ingenting}"),
            ("formuläret på webben tappade allt jag skrivit när jag tryckte på skicka"
             "[, fick börja om från början]"),
            ("varför måste man skriva ut en blankett och skicka med posten? "
             "Det borde finnas en e-tjänst"),
            ("e-tjänsten för {ekonomiskt bistånd|försörjningsstöd} är {krånglig|obegriplig}"
             "[ för en vanlig människa]"),
            "BankID-inloggningen {fungerade inte|fick timeout} {tre gånger i rad|flera gånger}",
            "sökfunktionen på hemsidan är {värdelös|helt värdelös|under all kritik}",
            "länkarna på hemsidan leder {ingenstans|till sidor som inte finns}",
            ("{e-tjänsten är så krånglig|det digitala systemet är så krångligt} att "
             "{min mamma|min pappa|en äldre person} inte har en chans"),
            ("appen för felanmälan fungerar {inte alls|dåligt} på "
             "{min telefon|Android|min gamla iPhone}"),
            "mina sidor visar {inte|fortfarande inte} {rätt status|någon status} på ärendet",
            ("man får {ett felmeddelande|felmeddelanden} {hela tiden|varje gång} i e-tjänsten "
             "utan att det står vad som är fel"),
            "det är {bedrövligt|pinsamt} hur {dålig|föråldrad} hemsidan är",
            "chatten på hemsidan är bara en robot som {svarar med länkar|inte förstår någonting}",
            "e-legitimationen fungerade inte {i appen|på mobilen} så jag fick ge upp",
            ("det går inte att {boka tid|betala|lämna in ansökan} digitalt, "
             "allt ska {ske|göras} på papper"),
            "PDF:erna på hemsidan går inte att fylla i på mobilen",
            "den nya hemsidan är {sämre|mycket sämre} än den gamla",
            "samma problem med e-tjänsten som förra gången, {inget har hänt|ingenting är fixat}",
            "webbplatsen är inte anpassad för mobilen[ överhuvudtaget]",
            ("e-tjänsten för {skolskjuts|parkeringstillstånd|bygglov} är "
             "{ett skämt|omöjlig att använda}"),
            "e-tjänsten skickar inget bekräftelsemejl, {riktigt dåligt|dåligt gjort}",
            "jättebra med en e-tjänst som aldrig fungerar{...|, verkligen}",
            "tack för en {fantastisk|underbar} hemsida där ingenting går att hitta",
            "{inloggningen|BankID-inloggningen} {strular|krånglar} {jämt|varenda gång}",
            "chattboten är {fullständigt|totalt} meningslös",
            "e-tjänsterna är {inte särskilt|inte direkt} användarvänliga",
            "hemsidan {låg nere|var nere} {hela helgen|igen}",
            "det står {olika saker|motstridiga uppgifter} på hemsidan och i appen",
            ("{ni|de} har gjort om hemsidan {igen|för tredje gången} och nu hittar man "
             "{ingenting|inget alls}"),
            "hemsidan fungerar inte med {skärmläsare|min skärmläsare}[, helt oacceptabelt]",
            ("asså {hemsidan|appen} är {typ|liksom} {omöjlig|helt omöjlig} att "
             "{begripa sig på|använda}"),
            "{kommunens|er} app är {ett skämt|skräp}, den kraschar {konstant|hela tiden}",
            ("{sidan|e-tjänsten} {säger|visar} bara {Error 500|ett felmeddelande} när jag "
             "{loggar in|försöker skicka}"),
            "BankID {startar|öppnas} inte {från hemsidan|i e-tjänsten} på mobilen",
            "chattboten svarar {bara|hela tiden} att den inte förstår",
            ("man måste klicka sig igenom {tio|femton|en massa} sidor på hemsidan för att hitta "
             "{något|ett telefonnummer}"),
            "{e-tjänsten|formuläret} godtar inte {mitt personnummer|bilagor i PDF}",
        ],
        "skeptical": [
            "vet inte om e-tjänsten {faktiskt|verkligen} tog emot min ansökan",
            "{hemsidan|appen} är väl okej men {inte mer|lite rörig}",
            "tveksam till chattboten, den svarade mest runt frågan",
            "e-tjänsten ska {tydligen|visst} spara tid, men jag är inte övertygad",
            ("det kom ett automatiskt svar från e-tjänsten, men {vem vet|jag vet inte} om "
             "någon läser ansökan"),
            ("{lite osäker på|vet inte} om jag fyllde i webbformuläret rätt, instruktionerna var "
             "{luddiga|inte helt tydliga}"),
            ("{mina sidor|den nya e-tjänsten} {ser bra ut|verkar smidig} på pappret, vi får se "
             "hur det fungerar i praktiken"),
            "den nya appen ser bra ut, {men vi får se|vi får se} om den håller",
            ("BankID fungerade efter några försök, men {jag undrar|osäker på} om uppgifterna "
             "sparades"),
            ("hemsidan har blivit lite bättre sen sist, men {fortfarande|den är fortfarande} "
             "svår att hitta på"),
            ("det går kanske bra att göra allt digitalt om man är van, men "
             "{jag tvivlar på|är inte säker på} att alla klarar det"),
            "vet inte riktigt vad jag tycker om att allt ska skötas {via appen|på nätet} nu",
            ("chattboten var ett {okej|intressant} försök, men "
             "{den ersätter knappast|jag tvivlar på att den ersätter} en människa"),
            "e-tjänsten hittade jag till slut, fast det var inte självklart var den låg",
            ("litar inte helt på e-tjänsten, så jag {mejlade|skickade} in papperen också "
             "för säkerhets skull"),
            ("informationen på hemsidan stämmer {kanske|antagligen}, men den "
             "{verkar gammal|ser inte uppdaterad ut}"),
            "sådär med e-tjänsterna, varken bra eller dåliga",
            "svårt att säga om {appen|e-tjänsten} är bättre än att {ringa|ta kontakt direkt}",
            "undrar om någon {har testat|testat} e-tjänsten på riktigt innan den släpptes",
            "e-tjänsten är {säkert|nog} bra för många, {men|fast} jag föredrar papper",
            "enligt hemsidan ska man kunna följa ärendet digitalt, vi får se om det stämmer",
            "osäker på om den digitala ansökan verkligen kom fram",
            "webbformuläret funkade väl, antar jag",
            ("lite {skeptisk|tveksam} till att lämna så mycket personuppgifter i "
             "{en app|ett webbformulär}"),
            ("{appen|e-tjänsten} fungerade den här gången, men förra gången "
             "{strulade den|gick det inte alls}, så vi får se"),
            ("hoppas den nya e-tjänsten blir bättre, "
             "{men jag är inte så säker|jag tror det när jag ser det}"),
            "chattboten gav ett svar, men {osäker på|jag vet inte} om det stämde",
            "digitalt är {bra|smidigt} i teorin, i praktiken {vet jag inte|är jag mer tveksam}",
            "mina sidor säger att ärendet är mottaget, men {sen då|vad händer sen}?",
            ("hemsidan gick väl att använda, men "
             "{jag hade hellre pratat med en människa|det kändes opersonligt}"),
            "har inte bestämt mig om den nya hemsidan är en förbättring",
            ("inte riktigt övertygad om att {alla digitala tjänster|digitaliseringen} gör det "
             "enklare för oss invånare"),
            "{appen|hemsidan} är {typ|liksom} okej, {antar jag|tror jag}",
            "{e-tjänsten|appen} fungerar {ibland|för det mesta}, men {inte alltid|man vet aldrig}",
            "osäker på om BankID-inloggningen {sparade|skickade} något alls",
            "den nya e-tjänsten {kanske|möjligen} är bättre, {svårt att säga|har inte bestämt mig}",
        ],
        "positive": [
            "{e-tjänsten var enkel|webbformuläret var enkelt} att använda",
            "{smidig|lättanvänd} e-tjänst",
            "loggade in med BankID och allt gick {smidigt|som en dans|utan problem}",
            "hemsidan är {tydlig|lättnavigerad|lätt att hitta på}",
            "bra att man kan följa ärendet på mina sidor",
            "chattboten {hjälpte mig faktiskt|gav rätt svar} på första försöket",
            "appen {fungerar|funkar} {klockrent|jättebra|utmärkt}",
            ("{superbra|toppen} att kunna "
             "{söka förskoleplats|ansöka om parkeringstillstånd|boka tid} digitalt"),
            "äntligen en e-tjänst som fungerar",
            "den nya hemsidan är {mycket|klart} bättre än den gamla",
            "smidigt att ladda upp {dokumenten|kvitton|bilagorna} direkt i e-tjänsten",
            "informationen på hemsidan var {tydlig|lätt att förstå}",
            "e-tjänsten guidade mig steg för steg, {mycket bra|toppen}",
            "skönt att slippa papper och kunna göra allt {i appen|digitalt}",
            "inloggningen med {mobilt BankID|BankID} {fungerade felfritt|var inga problem}",
            "hittade blanketten på hemsidan på {nolltid|två sekunder}",
            ("de digitala tjänsterna har blivit {mycket|betydligt} bättre "
             "{sen förra året|på senare tid}"),
            "felanmälan i appen var jättelätt, {tog en bild|fotade} och skickade",
            "bekräftelsen från e-tjänsten kom {direkt|med en gång} i inkorgen",
            ("{lätt|enkelt} att fylla i ansökan på nätet, även för "
             "{en pensionär som mig|mig som inte är så datavan}"),
            "chattfunktionen på hemsidan är ett {jättebra|utmärkt} komplement",
            "{snygg|modern} och {tydlig|lättläst} hemsida",
            "bra med en e-tjänst som fungerar även på mobilen",
            "det digitala formuläret var {kort och koncist|lagom långt}",
            "sökfunktionen på hemsidan gav {precis|exakt} det jag letade efter",
            "{kommunens|er} app är faktiskt {riktigt bra|bättre än väntat}",
            "mina sidor ger en {bra|tydlig} överblick över {mina ärenden|ärendet}",
            "gick {fint|bra} att signera med BankID[ direkt i e-tjänsten]",
            "uppskattar att {allt|det mesta} går att göra {digitalt|online} nu",
            "ansökan på nätet var klar på nolltid",
            "{enkelt|smidigt} att hitta kontaktuppgifter och öppettider på hemsidan",
            "{tydliga|bra} instruktioner i e-tjänsten",
            "hemsidan har bra information på {flera språk|lättläst svenska}",
            "asså appen är {typ|faktiskt} {sjukt|riktigt} smidig",
            "{e-tjänsten|webbformuläret} för felanmälan {fungerar|funkar} {klockrent|perfekt}",
            "skönt att kunna logga in med BankID {direkt|och se allt på ett ställe}",
            "chattboten {förstod|fattade} faktiskt {min fråga|vad jag menade}",
            "{lätt|enkelt} att hitta rätt blankett på {hemsidan|webben}",
            "den digitala ansökan var {enkel|lätt} att {fylla i|förstå}",
            "appen påminner {om|när det är dags för} {tömning|sophämtning}, {smart|toppen}",
        ],
    },
    "waiting_time": {
        "negative": [
            "det tog {long_wait} innan jag {fick svar|kom fram}",
            "{alldeles för|väldigt|otroligt} lång väntetid",
            "väntetiden är {orimlig|helt orimlig|inte acceptabel}",
            "fick vänta {long_wait}[, helt sjukt]",
            "lång väntan[ som vanligt]",
            "det är {inte direkt|inte särskilt} snabbt att få svar",
            "har väntat {long_days} på {besked|svar} och har fortfarande inte hört något",
            "lovad återuppringning {inom en timme|samma dag} men ingen ringde",
            "{samma|lika} långa väntetider som förra gången",
            "väntetiden är {värre än någonsin|sämre än förra året}",
            "hur kan det ta så lång tid att få {svar|tag på någon}?",
            "man blir {sittande|hängande} i kö i {en evighet|evigheter}",
            "väntade och väntade, {long_wait} totalt",
            "det dröjde {long_days} innan någon hörde av sig",
            ("att vänta {long_wait} {är inte rimligt|är inte okej} när man "
             "{jobbar|har ett jobb att sköta}"),
            "köer {överallt|hela tiden}, varje gång man {hör av sig|ska ha hjälp}",
            "{tre|fyra|flera} försök innan jag kom fram",
            "att få svar tar {alldeles för lång tid|en evighet}",
            "det tar {veckor|dagar} att få svar på en enkel fråga",
            "snabbt svar? {Knappast|Nej, verkligen inte}",
            ("härligt att få vänta i kö {long_wait}, {verkligen|perfekt} sätt att "
             "spendera lunchen"),
            "har fortfarande inte fått svar efter {long_days}",
            "det ska inte behöva ta {long_days} att få ett besked",
            "{väntetiden|kötiden} är ett skämt",
            "{otroligt|extremt} lång svarstid, {long_days}",
            "asså {typ|nästan} {long_wait} i kö, {sjukt|galet}",
            "ingen återuppringning trots att jag valde det[ två gånger]",
            ("det är {omöjligt|nästan omöjligt} att nå {någon|er} "
             "{på förmiddagen|när man själv har tid}"),
            "varför ska man behöva vänta {long_wait} för en enkel fråga",
            "{väntetiden var|kötiden var} inte {direkt|särskilt} kort",
            "gav upp efter {long_wait}",
            "väntade {long_days} på ett svar som aldrig kom",
            "{kön|väntan} var {orimligt|sjukt|extremt} lång {idag|igen|som vanligt}",
            "{varför|hur kommer det sig att} det {alltid|jämt} är så {lång kö|långa köer}?",
            "fick vänta {long_days} på {ett svar|besked}[, helt oacceptabelt]",
            "hann {laga mat|dricka tre koppar kaffe|läsa halva tidningen} medan jag väntade",
            "det borde inte ta {long_wait} att {komma fram|få svar}",
            "efter {long_wait} hade jag fortfarande inte fått svar",
            "väntetiden {har blivit|blir} {bara längre och längre|värre för varje gång}",
            "ingen respons på {long_days}",
            "det ska {väl|} inte behöva ta {long_days} att få ett enkelt svar",
            "{kön|telefonkön|väntan} {är|var} {ett skämt|helt sjuk} {idag|igen}",
            ("väntade {long_wait} bara för att {få höra|bli hänvisad} att jag skulle ringa "
             "{igen|en annan dag}"),
            "{orimligt|sjukt} lång kö för {en så enkel fråga|en enkel sak}",
        ],
        "skeptical": [
            ("väntetiden var väl okej, "
             "{men inte bra|inget att hänga i julgranen|men den kunde varit kortare}"),
            ("de lovade att ringa tillbaka {inom två dagar|i morgon|inom en vecka}, "
             "jag tror det när jag ser det"),
            "vi får se hur lång tid det tar att få besked den här gången",
            "enligt autosvaret ska man få svar inom {tre arbetsdagar|en vecka}, vi får se",
            "kön gick {fortare|snabbare} än väntat, men det {var nog tur|brukar inte vara så}",
            "väntade {mid_wait}, vet inte om det är mycket eller lite",
            "fick en tid för återuppringning, hoppas bara att någon faktiskt ringer",
            "{lite tveksam|tveksam} till att den uppgivna väntetiden stämmer",
            ("väntetiden har {kanske|väl} blivit lite bättre, "
             "{svårt att säga|men jag är inte säker}"),
            "svarstiden varierar {väldigt mycket|från gång till gång}, idag gick det okej",
            "ingen katastrof med väntan, men inte snabbt heller",
            "det sägs att återuppringning sker samma dag, {lite skeptisk|vi får väl se}",
            "fick svar till slut, {efter en del väntan|även om det dröjde}",
            "undrar om väntetiderna är så här {varje gång|alltid} eller om jag hade otur",
            "lite {si och så|sådär} med väntetiden",
            ("väntetiden var okej den här gången, men förra gången var den "
             "{horribel|mycket längre}"),
            "hoppas svaret kommer innan det är för sent",
            "de sa att de skulle höra av sig {inom kort|snart}, vi får se vad det betyder",
            "kön sa {mid_wait} men jag vet inte om man kan lita på det",
            "varken snabbt eller långsamt att {komma fram|få svar}",
            "gick väl hyfsat fort att få svar den här gången, men man vet ju aldrig",
            ("svårt att veta hur länge man ska behöva vänta, "
             "{det står ingenstans|ingen info om det}"),
            "uppskattad väntetid {long_days}, {tror inte riktigt på det|lär bli längre}",
            "återuppringningen kom, fast {inte riktigt när de sagt|lite senare än utlovat}",
            "väntetiden är väl {vad man kan förvänta sig|som den brukar}",
            "tar nog sin tid innan jag får svar, om jag känner er rätt",
            "osäker på om jag får svar i tid",
            ("kortare väntan än förra gången, men "
             "{fortfarande inte bra|det säger inte så mycket}"),
            "får väl ha tålamod, antar jag",
            "blir {förvånad|positivt överraskad} om {ni|någon} återkommer inom utlovad tid",
            "väntetiden? {Tja|Nja}, det {gick väl|funkade väl}",
            "{mid_wait} i kö, {inte bra men inte heller hemskt|kunde varit värre}",
            "{vet inte|undrar} om återuppringningen {fungerar|blir av} {den här gången|i morgon}",
            ("de sa att det {tar|kan ta} {long_days}, "
             "{vi får se om det stämmer|får väl hoppas att det stämmer}"),
            "kötiden {kändes|var} okej, men {jag vet inte om den brukar vara det|det var nog tur}",
        ],
        "positive": [
            "kom fram {direkt|på en gång|nästan direkt}",
            "{kort|nästan ingen} väntetid",
            "fick svar efter bara {short_wait}",
            "{snabbt|väldigt snabbt|supersnabbt} svar",
            "väntetiden var {kort|mycket kort|helt okej}",
            "det gick {fort|snabbt|undan} att {få svar|komma fram}",
            "fick svar {samma dag|redan nästa dag|inom ett par timmar}",
            "{betydligt|mycket} kortare väntan än {förra gången|förra året|jag trodde}",
            "skönt att slippa sitta i kö",
            "blev uppringd {inom en timme|samma eftermiddag|efter bara {short_wait}}",
            "återuppringningen kom precis som utlovat",
            "ingen kö alls[, wow]",
            "väntetiderna har blivit {mycket|klart} bättre",
            "{imponerad|positivt överraskad} över hur snabbt jag fick svar",
            "{knappt|nästan inte} någon väntan alls",
            "{snabb|otroligt snabb} respons",
            "fick svar {fortare|snabbare} än {väntat|utlovat}",
            "väntetiden var inget problem {den här gången|idag}",
            "det tog bara {short_wait} innan jag fick svar",
            "bra med återuppringning istället för att sitta i kö",
            "man behöver inte vänta länge {längre|nu för tiden}",
            "svaret kom {snabbt|blixtsnabbt|nästan direkt}",
            ("{kort|rimlig} kötid {trots|fast det var} "
             "{måndag morgon|lunchtid|mitt i semestern}"),
            "{ingen|inte någon} lång väntan {alls|den här gången}",
            "första gången {på länge|någonsin} jag fått svar så snabbt",
            "det gick snabbare än {beräknat|vad kön sa}",
            "{jättesnabb|snabb} återuppringning",
            "{kom fram|fick svar} innan jag ens hann {hämta kaffe|sätta mig}",
            "väntade {short_wait}, {helt okej|inga problem}",
            "{superkort|riktigt kort} väntan[ idag]",
            "noll väntetid[, toppen]",
            "asså jag kom fram {typ|nästan} direkt",
            "{snabbaste|kortaste} {svaret|kön} jag {varit med om|fått} hos {kommun}",
            "behövde {knappt|inte ens} vänta",
            "{helt|fullt} rimlig väntetid[ för en måndag]",
            "väntetiden har blivit {mycket|mycket, mycket} bättre sen {förra året|i våras}",
            "{jag|} blev uppringd {på utsatt tid|exakt när de sagt}",
            "inget väntande alls den här gången",
            "{kom fram|fick svar} på {nolltid|en gång}",
            "{kort|ingen} kö trots att det var {måndag|mitt på dagen|precis efter lunch}",
        ],
    },
    "caseworker_service": {
        "negative": [
            "{person} var {otrevlig|oförskämd|nonchalant|sur}",
            "{hen} verkade {helt|totalt} ointresserad av att hjälpa",
            "{person} visste {ingenting|inte ens grunderna} om {reglerna|mitt ärende}",
            ("blev {bollad runt|skickad runt} mellan {tre|fyra|flera} olika "
             "{personer|avdelningar}"),
            "{person} lovade att återkomma men har inte hört av sig",
            "{hen} avbröt mig hela tiden",
            "{person} gav {fel|felaktig} information",
            ("{hen} var {stressad|irriterad} och "
             "{ville bara bli av med mig|hade inte tid med mig}"),
            "{otrevligt|nedlåtande|dåligt} bemötande",
            "kände mig {inte alls|inte} tagen på allvar",
            "{person} förstod inte min fråga och brydde sig inte heller",
            "{hen} var {inte särskilt|inte direkt} {trevlig|hjälpsam}",
            "{person} skyllde på {andra avdelningar|systemet} istället för att hjälpa",
            "fick olika besked av {olika handläggare|två olika personer}",
            "{person} suckade högt när jag ställde en följdfråga",
            "{hen} lät {helt |}ointresserad och gav {korta|snäsiga} svar",
            "{hen} pratade till mig som om jag var dum",
            "{noll|ingen} empati från {person}",
            "{hen} lovade att skicka {blanketten|informationen} men den kom aldrig",
            "{person} hade ingen koll {alls|överhuvudtaget}",
            "det sämsta bemötande jag {fått|varit med om} {från en myndighet|hos kommunen}",
            ("{hen} kunde inte förklara "
             "{varför beslutet blev som det blev|hur reglerna fungerar}"),
            "{person} verkade mer intresserad av att bli av med mig än att hjälpa",
            "{arrogant|kaxig|överlägsen} {handläggare|personal}",
            "{hen} sa att det inte var {hens} bord",
            "{kyligt|stelt|tråkigt} bemött av {person}",
            ("{person} blev {irriterad|otrevlig} när jag bad om "
             "{ett förtydligande|förtydliganden}"),
            "{hen} glömde att registrera det jag sa, så jag fick börja om från början",
            "tack för det {fantastiska|underbara} bemötandet, {not|verkligen inte}",
            "{person} gav intrycket av att {inte bry sig|skita i mig}",
            "{sämre|mycket sämre} bemötande än förra gången",
            "{person} va {skitotrevlig|jätteotrevlig|sjukt otrevlig}",
            "{hen} kunde inte svara på {en enda|någon} av mina frågor",
            "{person} {lyssnade inte|brydde sig inte om} vad jag sa",
            "{hen} var {otrevlig|sur} redan från {början|första stund}",
            "{person} {påstod|hävdade} att jag {hade fel|missförstått} utan att ens kolla",
            "{hen} {kunde|gick} inte {att prata med|att resonera med}",
            ("{person} {gav|lämnade} {mig|} {motstridiga|felaktiga} uppgifter om "
             "{reglerna|vad som gäller}"),
            ("{hen} {hänvisade|skickade} mig {bara|} vidare {till växeln|till någon annan} utan "
             "att försöka"),
            "{noll|ingen} vilja att hjälpa från {person}",
            "{person} var {otroligt|väldigt} {otrevlig|nedlåtande} mot {min mamma|min pappa|mig}",
        ],
        "skeptical": [
            ("{person} var {trevlig|vänlig} men jag är inte säker på att {hen} förstod "
             "{vad jag menade|mitt problem}"),
            "{hen} lovade att återkomma, men jag tror det när jag ser det",
            "{person} verkade lite osäker, vet inte om jag fick rätt svar",
            "vet inte om {person} {skrev upp|noterade} allt jag sa",
            "{hen} sa att det skulle {ordna sig|lösa sig}, {vi får se|hoppas {hen} har rätt}",
            "{person} var väl okej, inget mer med det",
            "{tveksam|lite tveksam} till om {person} hade koll",
            "{hen} gav ett svar, men jag {tvivlar på|är inte övertygad om} att det stämmer",
            "{trevligt|vänligt} bemötande, men svaret kändes {luddigt|osäkert}",
            "{person} lät {lite|något} stressad, fast {hen} var ändå {artig|vänlig}",
            ("{hen} skulle kolla med {sin chef|en kollega} och återkomma, vi får se om det "
             "blir av"),
            "undrar om {person} verkligen förstod {vad jag behövde|allvaret}",
            "{person} svarade {typ|liksom} på mina frågor, men inte riktigt på det jag undrade",
            "{hen} var {kunnig|påläst} {men|fast} {lite|ganska} kort i tonen",
            "sådär bemötande[, varken bra eller dåligt]",
            "fick lite olika besked jämfört med förra gången, så jag vet inte vad som gäller",
            "{person} gjorde väl så gott {hen} kunde, antar jag",
            "{hen} lät uppriktig, men jag har hört samma löfte förut",
            "{person} lovade att höra av sig {i morgon|på fredag|nästa vecka}, vi får se",
            "inte helt säker på att {person} var rätt person att hjälpa mig",
            "{hen} var snäll, men kunde inte riktigt svara på {allt|det jag undrade}",
            "hoppas att {person} gör det {hen} lovade",
            "{person} försökte förklara, men jag är fortfarande lite förvirrad",
            "{hen} verkade lite osäker själv",
            ("{person} skulle mejla {informationen|blanketten}, "
             "{vi får se om den kommer|hoppas den kommer den här gången}"),
            "{person} var {artig|korrekt} men {lite|väldigt} byråkratisk",
            "vet inte om {person} lyssnade ordentligt",
            "okej bemötande, {men|fast} inget extra",
            "{hen} gav ett {lite |}{svävande|vagt} svar",
            ("{person} var trevlig, men jag känner mig inte helt trygg med "
             "{beskedet|det {hen} sa}"),
            ("den jag pratade med förra gången var {bättre|mer kunnig}, vet inte riktigt om "
             "jag litar på {person} den här gången"),
            ("{hen} verkade {vänlig|trevlig} nog, men {jag undrar|frågan är} om {hen} kommer "
             "ihåg mitt ärende"),
            ("{person} var {kanske|säkert} {kompetent|kunnig}, men "
             "{svår att förstå|förklarade lite rörigt}"),
            ("{hen} {lovade|sa} att {hen} skulle {kolla upp det|ta reda på det}, "
             "{vi får se|hoppas det blir av}"),
            "{person} var {okej|ok}, {varken mer eller mindre|inte mer än så}",
        ],
        "positive": [
            "{person} var {jättetrevlig|supertrevlig|väldigt trevlig|otroligt trevlig}",
            "{person} var {trevlig|vänlig} och {kunnig|påläst|professionell}",
            "{hen} tog sig tid att {förklara|lyssna} {ordentligt|i lugn och ro}",
            "{mycket|väldigt} {bra|fint|trevligt} bemötande",
            "{person} förstod direkt vad jag {menade|ville}",
            ("{hen} var {otroligt|väldigt} {tålmodig|pedagogisk} med "
             "{mig|min pappa|min mamma}"),
            "blev {trevligt|vänligt} och {professionellt|proffsigt} bemött",
            "{person} gjorde mer än man kan begära",
            "{hen} återkom precis som {hen} lovat",
            "{person} hade {full koll|bra koll} på {mitt ärende|det jag frågade om}",
            "kände mig {väl bemött|sedd och hörd|respekterad}",
            "{person} förklarade {allt|reglerna} {tydligt|på ett begripligt sätt}",
            "ett stort tack till {person}",
            "{hen} var {glad|positiv} och {hjälpsam|tillmötesgående}",
            "{person} lyssnade {verkligen |}och tog mig på allvar",
            "{proffsig|kompetent|kunnig} {handläggare|personal}",
            ("{hen} ringde upp {dagen efter|efteråt} för att kolla att allt "
             "{blivit rätt|löst sig}"),
            "{person} hade {ett otroligt|gott} tålamod med alla mina frågor",
            "{hen} var lugn och {trevlig|vänlig} trots att jag var {arg|upprörd|irriterad}",
            ("den bästa handläggaren jag {pratat med|haft kontakt med} "
             "{på länge|hos kommunen}"),
            ("{person} var {mycket|betydligt} trevligare än "
             "{förra gången|den jag pratade med förra gången}"),
            "{hen} svarade på alla mina frågor {utförligt|tydligt|på ett bra sätt}",
            "{person} gav {bra|konkreta} tips på hur jag skulle gå vidare",
            "{hen} tog tag i ärendet själv istället för att skicka mig vidare",
            "{mycket|väldigt} {serviceinriktad|serviceminded} {person|handläggare}",
            "fick ett {varmt|väldigt trevligt} bemötande av {person}",
            "{person} {pratade|förklarade} {tydligt|lugnt} och var lätt att förstå",
            "{hen} bemötte mig {med respekt|som en människa och inte som ett ärendenummer}",
            "{superbra|jättebra} jobb av {person}",
            "{person} hade koll på {regelverket|reglerna} {utan och innan|på riktigt}",
            "{empatisk|förstående} och {kunnig|engagerad} personal",
            ("jag vill framföra ett {stort|varmt} tack till {person} för "
             "{ett gott|ett fint} bemötande"),
            "{person} va {skittrevlig|jättetrevlig|sjukt trevlig}",
            "trevlig personal som verkligen ville hjälpa",
            "{person} var {så himla|otroligt|väldigt} {hjälpsam|snäll|gullig}",
            "{hen} guidade mig {rätt|igenom allt} utan att jag kände mig dum",
            "{person} tog sig verkligen tid för mig{ trots att det säkert var mycket att göra|}",
            "{hen} tog reda på det jag undrade och {förklarade|gav besked} {tydligt|ordentligt}",
            "{person} var {genuint|verkligen} {engagerad|intresserad} i mitt ärende",
            "{hen} hjälpte mig med {blanketten|ansökan} {steg för steg|rad för rad}",
            "{bra|trevligt|fint} bemött {från början till slut|hela vägen}",
            ("{person} hade humor och "
             "{gjorde ett tråkigt ärende lättsamt|fick det hela att kännas lätt}"),
            "{supertrevligt|väldigt vänligt|otroligt fint} bemötande",
            "{person} är {en tillgång|guld värd} för kommunen",
            ("{hen} förstod {precis|direkt} vad jag behövde utan att jag behövde förklara två "
             "gånger"),
            "{person} gav {raka|tydliga|ärliga} besked",
            "{hen} verkade {väldigt|mycket} {kunnig|insatt} i frågan",
            "fick prata med en {väldigt|riktigt} {kompetent|trevlig} {handläggare|person}",
            "{person} pratade {lugnt|vänligt} och {sakligt|pedagogiskt}[ hela tiden]",
            "{superbra|toppen|fantastiskt} bemötande av {person}",
            "{person} {gick igenom|förklarade} {allt|reglerna} {utan att stressa|i lugn och ro}",
            "{hen} {hjälpte mig|löste det} {trots|fast} att det egentligen inte var {hens} bord",
            ("{vänlig|trevlig} och {kunnig|kompetent} {handläggare|person} som "
             "{lyssnade|tog sig tid}"),
            ("{person} var {mycket|väldigt} {förstående|empatisk} "
             "{i en jobbig situation|när jag var ledsen}"),
        ],
    },
    "overall_experience": {
        "negative": [
            "helt värdelös kontakt med {kommun}",
            "en {riktigt |väldigt |}{dålig|usel|bedrövlig} upplevelse",
            "blev inte {ett dugg|det minsta} klokare av att höra av mig",
            "{slöseri|rent slöseri} med {tid|min tid}",
            "{mycket|väldigt|otroligt} {missnöjd|besviken}[ med helheten]",
            "mitt ärende är {fortfarande|ändå} inte löst",
            "{inte särskilt|inte direkt} {bra|imponerande} service",
            "den sämsta {kontakten|upplevelsen} jag haft med {en myndighet|kommunen}",
            "det var {bortkastad tid|meningslöst} att höra av sig",
            "{underkänt|helt underkänt}",
            "jag kommer {inte|aldrig} höra av mig igen {om jag slipper|i första taget}",
            "ingen hjälp {alls|att få}",
            "{sämre|mycket sämre} än förra gången",
            "en {katastrof|total katastrof} från början till slut",
            "{kommun} borde skämmas",
            "allt gick {fel|snett} {från början|hela vägen}",
            "{noll|0} av tio",
            "känner mig {helt |}{överkörd|bortglömd|ignorerad} av {kommun}",
            "{frustrerande|otroligt frustrerande} {upplevelse|kontakt}[ rakt igenom]",
            "fick ingen {lösning|hjälp} {alls |}på mitt problem",
            "lika {dåligt|illa} som {vanligt|förra gången}",
            "totalt misslyckad kontakt",
            "vilken {fantastisk|toppen} service{... not|, eller inte}",
            "{kommun} bryr sig inte {ett dugg |}om oss invånare",
            "så {otroligt|extremt} {krångligt|omständligt} alltihop",
            "inte {alls |}nöjd med {kontakten|helheten}",
            "hade förväntat mig {mer|betydligt mer} av {kommun}",
            "hela kontakten kändes {rörig|oprofessionell}",
            "{bedrövligt|skandal|pinsamt} {helt enkelt|rakt av}",
            "gav upp till slut, {helt hopplöst|hopplöst}",
            "det här måste bli bättre",
            "{skit|usel} service {asså|alltså}",
            "{helt|totalt} {onödigt|meningslöst} att {höra av sig|kontakta er}",
            "{så|otroligt} less på {kommun}",
            "det här är {inte okej|inte acceptabelt}",
            "{kommun} klarar inte ens {det enklaste|det mest grundläggande}",
            "{dålig|usel|undermålig} service {rakt igenom|från början till slut|helt enkelt}",
            "blev bara {ännu mer|mer} {förvirrad|frustrerad} {efter kontakten|än innan}",
            "förstår inte hur något kan fungera så {dåligt|illa}",
            "{ingenting|inget} blev {löst|bättre} av att höra av sig",
            "{riktigt|väldigt} {dålig|tråkig} upplevelse {överlag|från början till slut}",
            "det här var {sista gången|inte första gången} jag hör av mig",
            "{helt|totalt} {förvirrande|rörigt} från {början till slut|start till mål}",
            "{kommun} har {tappat|förlorat} mitt förtroende",
        ],
        "skeptical": [
            "överlag okej, {men inget mer|fast inte mer än så}",
            "{sådär|så där} överlag",
            "vet inte {riktigt |}om jag blev hjälpt",
            "vi får se om ärendet {löser sig|blir rätt} {den här gången|till slut}",
            "{blandade|lite blandade} känslor",
            "varken bra eller dåligt",
            "tveksam till om kontakten gav något",
            "det löste sig {väl|kanske} till slut, men jag är inte helt nöjd",
            "hoppas att allt blir rätt {nu|den här gången}",
            "jag tror det när jag ser det",
            "svårt att säga om {det var värt det|jag fick den hjälp jag behövde}",
            "helt okej{ antar jag|, väl}",
            "lite si och så om jag ska vara ärlig",
            "fick ett svar men vet inte om det löser mitt problem",
            "{godkänt|med nöd och näppe godkänt}, kanske",
            "ärendet ska vara på gång, vi får se",
            "vet inte riktigt vad jag ska tycka om {kontakten|det här}",
            "lite bättre än förra gången, men {det säger inte så mycket|ribban låg lågt}",
            "inte övertygad om att kontakten ledde någonstans",
            "man får väl hoppas på det bästa",
            "{halvbra|halvdant}, ärligt talat",
            "känns oklart vad som händer {nu|härnäst}",
            "ibland funkar det, ibland inte",
            "okej upplevelse men långt ifrån {perfekt|bra}",
            "lite kluven till {hela kontakten|det hela}",
            "återstår att se om något händer",
            "{kanske|möjligen} blir det bra till slut, {vem vet|svårt att säga}",
            "det gick {väl|någorlunda}, men jag har mina tvivel",
            "{tja|nja}, det var väl som vanligt",
            "osäker på om det var någon idé att höra av sig",
            "{typ|liksom} okej, {antar jag|tror jag}",
            "får se hur det blir{ med allt|}",
            ("{allt|det hela} kändes {lite|ganska} {halvbra|oklart} "
             "{om jag ska vara ärlig|faktiskt}"),
            "{vet inte|osäker på} om det {var|blev} någon skillnad {mot förra gången|alls}",
            "{kanske|förhoppningsvis} {löser sig|ordnar sig} det, {vi får se|men jag är tveksam}",
        ],
        "positive": [
            "överlag {mycket |väldigt |}nöjd",
            ("{allt som allt|sammantaget|på det stora hela} en {bra|mycket bra|positiv} "
             "upplevelse"),
            "{väldigt nöjd|jättenöjd|supernöjd|mycket nöjd} med kontakten",
            "fick precis den hjälp jag behövde",
            "{bra|smidig} kontakt med {kommun}[ rakt igenom]",
            "mitt ärende blev löst {på en gång|direkt|smidigt}",
            "en {riktigt |}positiv upplevelse av {kommun}",
            "service {i toppklass|som det ska vara}",
            "kan bara ge {högsta betyg|fem av fem|tummen upp}",
            ("blev {positivt|glatt} överraskad "
             "{av hela kontakten|över hur bra det fungerade}"),
            "allt {fungerade|funkade|gick} {smidigt|bra|som det skulle}",
            "{mycket|väldigt} {smidigt|enkelt} från början till slut",
            "nöjd med helheten",
            "{mycket |}bättre upplevelse än förra gången",
            "{kommun} har verkligen blivit bättre på service",
            "tack för {bra|smidig} service",
            "{helt |}klart godkänt",
            "{10 av 10|tio av tio|fem stjärnor}",
            "en toppenupplevelse",
            "precis vad jag behövde, {inget krångel|utan krångel}",
            "det kändes {bra|tryggt} att höra av mig",
            "fick svar på {alla mina frågor|allt jag undrade}",
            "en {bra|positiv} erfarenhet",
            "ärendet {sköttes|hanterades} {föredömligt|utmärkt}",
            "kan {varmt|verkligen} rekommendera andra att höra av sig",
            "servicen var {bättre|mycket bättre} än jag trodde",
            "kommer gärna höra av mig igen",
            "{superbra|jättebra|toppen} hjälp {helt enkelt|rakt igenom}",
            "inga klagomål {alls|överhuvudtaget}",
            "en {smidig|enkel} och {trevlig|bra} kontakt",
            "fick ordning på {allt|mitt ärende} {på en gång|direkt}",
            "{asså|ärligt} {helt |}{grymt|toppen} {överlag|alltihop}",
            "allt {löste sig|ordnade sig} {på ett smidigt sätt|utan problem|galant}",
            ("{nöjd|väldigt nöjd|supernöjd} "
             "{med hur det gick|med resultatet|med kontakten med {kommun}}"),
            "en {riktigt |}{bra|skön|positiv} känsla efter {kontakten|att ha hört av mig}",
            "fick all hjälp jag behövde{ och lite till| och mer därtill|}",
            "{helt |}{perfekt|utmärkt} service{ från {kommun}|}",
            "{så|väldigt} {skönt|bra} att {det gick så smidigt|allt är klart nu}",
            "{mitt|vårt} ärende är {nu |}{löst|klart}",
            ("en {mycket|väldigt} {professionell|proffsig} {kontakt|hantering} "
             "{rakt igenom|från början till slut}"),
            "{kommun} {förtjänar|ska ha} {beröm|en eloge} för {det här|servicen}",
            "{bättre|smidigare} än jag {trodde|vågat hoppas}",
            "{klart|absolut} {godkänd|bra} service {den här gången|idag}",
            "allt {kändes|var} {enkelt|smidigt} och {tryggt|tydligt}",
            "{jag är|är} {så|väldigt} {tacksam|glad} för hjälpen",
            "{det här|detta} var {precis|exakt} hur {service|kontakt med kommunen} ska fungera",
            "{bästa|den bästa} kontakten jag haft med {kommun}",
            "{allt|alltihop} blev {rätt|bra} {på första försöket|direkt}",
            "{tummen upp|två tummar upp} för {kommun}",
        ],
    },
}

# --- area × sentiment clauses that only fit one channel -------------------------------------

CHANNEL_PHRASES: dict[str, dict[str, dict[str, list[str]]]] = {
    "waiting_time": {
        "negative": {
            "phone": [
                "satt i telefonkö i {long_wait}",
                "telefonkön är {helt|fullständigt} {orimlig|sjuk|katastrofal}",
                "blev {bortkopplad|nedkopplad} efter {long_wait} i kö",
                "telefonkön var så lång att jag la på {två|tre|flera} gånger",
                "var nummer {queue_pos} i kön[, på riktigt]",
                "det gick inte ens att välja återuppringning",
                "återuppringningen kom aldrig",
                "ringde direkt när ni öppnade och fick ändå vänta {long_wait}",
                ("telefontiden är {alldeles för kort|bara en timme om dagen}, man kommer "
                 "{aldrig|inte} fram"),
                "{långa|jättelånga} telefonköer",
            ],
            "email": [
                "fick svar på mejlet först efter {long_days}",
                "mitt mejl har legat obesvarat i {long_days}",
                "autosvaret lovade svar inom {två dagar|48 timmar} men det tog {long_days}",
            ],
            "web": [
                "skickade in ärendet för {long_days} sedan och har inte fått något svar",
                "{long_days} och fortfarande inget svar på felanmälan",
            ],
            "chat": [
                "fick vänta {long_wait} i chatten innan någon svarade",
                "var nummer {queue_pos} i kön i chatten",
                "chatten sa {några minuters|kort} väntetid men det tog {long_wait}",
            ],
            "visit": [
                "fick vänta {long_wait} i receptionen",
                "kön på medborgarkontoret var {lång|jättelång}",
                "trots bokad tid fick jag vänta {long_wait}",
            ],
        },
        "skeptical": {
            "phone": [
                "valde återuppringning, vi får se om det blir av",
                "kön stod still ett tag men sen gick det {undan|ganska fort}",
                "telefonkön var kortare än vanligt, {undrar|man undrar} om det var tur",
            ],
            "email": ["autosvaret säger svar inom {fem arbetsdagar|en vecka}, vi får se"],
            "web": ["det står att felanmälan hanteras inom {en vecka|fem dagar}, vi får se"],
            "chat": ["chatten sa {några minuters|kort} kötid, {men|fast} det kändes längre"],
            "visit": ["kön i receptionen gick väl okej, men det var tur att jag kom tidigt"],
        },
        "positive": {
            "phone": [
                "{kom fram|kom igenom} i telefon {direkt|med en gång}",
                "nästan ingen telefonkö",
                "telefonkön var {kort|obefintlig} {idag|den här gången}",
            ],
            "email": ["fick svar på mejlet {samma dag|inom ett dygn}"],
            "web": ["fick svar på {felanmälan|ärendet} {redan dagen efter|inom ett dygn}"],
            "chat": ["fick svar i chatten {direkt|inom en minut}"],
            "visit": ["{ingen|knappt någon} kö i receptionen"],
        },
    },
    "caseworker_service": {
        "negative": {
            "phone": [
                "{person} la på {mitt i samtalet|innan jag var klar}",
                "{hen} lät {sur|irriterad} i telefonen {från första sekund|hela samtalet}",
            ],
            "email": [
                ("{person} skickade bara {ett standardsvar|copy paste} som inte "
                 "{svarade på min fråga|hade med saken att göra}"),
            ],
            "chat": [
                "{hen} skrev {korthugget|otrevligt} och avslutade chatten innan jag var klar",
            ],
            "visit": ["{person} tittade inte ens upp när jag kom fram"],
        },
        "skeptical": {
            "phone": [
                ("{hen} lät {trevlig|vänlig} i telefonen men jag vet inte om {hen} "
                 "antecknade något"),
            ],
            "email": ["svaret från {person} var {artigt|korrekt} men {vagt|lite svävande}"],
            "chat": ["{hen} verkade lite osäker i chatten, vet inte om jag fick rätt info"],
            "visit": ["{person} var artig men verkade inte riktigt lyssna"],
        },
        "positive": {
            "phone": [
                "{trevlig|glad|vänlig} röst i telefonen",
                "{person} lät glad och {pigg|positiv} i telefonen",
            ],
            "email": [
                "{väldigt|mycket} {tydligt|välformulerat|personligt} svar från {person}",
            ],
            "chat": ["{hen} var {supertrevlig|jättetrevlig} och {hjälpsam|tydlig} i chatten"],
            "visit": ["{person} log och tog emot mig {vänligt|trevligt}"],
            "web": ["{hen} som hörde av sig var {jättetrevlig|supertrevlig}"],
        },
    },
    "overall_experience": {
        "negative": {
            "phone": [
                "{helt|totalt} {meningslöst|onödigt} samtal",
                "hela samtalet var {ett fiasko|en katastrof}",
            ],
            "chat": ["hela chatten var {ett slöseri med tid|meningslös}"],
            "visit": ["hela besöket var {bortkastat|ett slöseri med tid}"],
            "email": ["hela mejlväxlingen var {meningslös|ett slöseri med tid}"],
        },
        "skeptical": {
            "phone": ["okej samtal, men vi får se om det hjälper"],
            "chat": ["okej chatt, vi får se om det hjälper"],
            "visit": ["besöket gav kanske något, {vi får se|svårt att säga}"],
            "email": ["mejlkontakten var väl {okej|sådär}"],
        },
        "positive": {
            "phone": [
                "överlag ett {bra|trevligt|givande} samtal",
                "ett {riktigt bra|toppen} samtal",
            ],
            "chat": ["{bra|smidig} chatt överlag"],
            "visit": ["ett {trevligt|bra} besök överlag", "besöket gick {jättebra|smidigt}"],
            "email": ["{bra|smidig} mejlkontakt överlag"],
        },
    },
}

# --- municipal services: one entry per kind of service --------------------------------------
# "about" is what an opener may say the contact concerned; it is used only when the comment
# has a municipal_services clause from the same topic, so that the opener never names a
# service the truth labels do not cover.

MUNICIPAL_TOPICS: dict[str, dict[str, list[str]]] = {
    "bygglov": {
        "about": ["{mitt|vårt} bygglov", "en bygglovsansökan",
                  "bygglov för {en altan|ett garage|en friggebod}"],
        "negative": [
            "bygglovsprocessen är {ett skämt|en mardröm|orimligt krånglig}",
            ("{fick avslag|nekades bygglov} på {vår altan|vårt garage|en enkel carport} utan "
             "{rimlig|vettig} motivering"),
            "bygglovsavdelningen kräver {nya|fler} handlingar {hela tiden|gång på gång}",
            "avgiften för bygglovet är {ren stöld|helt orimlig}",
        ],
        "skeptical": [
            "vi sökte bygglov för {en friggebod|en altan|ett uterum}, får se vad de säger",
            "{osäker|inte säker} på om ansökan om bygglov är komplett nu",
            ("reglerna för bygglov verkar {lite godtyckliga|olika från fall till fall}, "
             "{vet inte vad som gäller|undrar hur de tänker}"),
        ],
        "positive": [
            "{bygglovet|vårt bygglov} blev beviljat {utan problem|smidigt}",
            "bygglovsprocessen {fungerade|har fungerat} {riktigt bra|utmärkt}",
            "beslutet om bygglov var {tydligt|välmotiverat} och {rimligt|lätt att förstå}",
        ],
    },
    "hemtjanst": {
        "about": ["hemtjänsten {för|till} {min mamma|min pappa|min mor|min far}",
                  "hemtjänst för {mamma|pappa}"],
        "negative": [
            "hemtjänsten kommer {aldrig|inte} på avtalad tid",
            ("det kommer {nya|olika} personer {varje dag|hela tiden} i hemtjänsten, "
             "{mamma|pappa} blir {förvirrad|orolig}"),
            "hemtjänsten har glömt {medicinen|att ge mamma hennes medicin} {igen|två gånger}",
            ("{min mamma|min pappa} får bara {femton|tio} minuter om dagen, "
             "{det räcker inte|helt orimligt}"),
        ],
        "skeptical": [
            ("hemtjänsten har blivit {lite|kanske} bättre, {men jag är fortfarande orolig|"
             "vi får se hur länge}"),
            "{vet inte|osäker på} om utökningen av hemtjänsten räcker",
            ("hemtjänsten ska börja komma {två gånger om dagen|på kvällarna} nu, "
             "{hoppas det fungerar|vi får se}"),
        ],
        "positive": [
            "hemtjänsten {är|har varit} {fantastisk|guld värd} för {min mamma|min pappa|oss}",
            "hemtjänsten är {omtänksam|underbar} och kommer alltid i tid",
            "tack vare hemtjänsten kan {pappa|mamma} bo kvar hemma",
        ],
    },
    "forskola": {
        "about": ["förskoleplats {för|till} {vår dotter|vår son|lillkillen|lillasyster}",
                  "förskolan"],
        "negative": [
            "vi fick inte förskoleplats i närheten, utan {en mil bort|på andra sidan stan}",
            "barngrupperna på förskolan är {alldeles för|för} stora",
            ("förskolan {stänger|har stängt} {för tidigt|flera dagar i rad} "
             "{utan förvarning|på grund av personalbrist}"),
        ],
        "skeptical": [
            ("vi har fått förskoleplats men inte på den förskola vi önskade, "
             "får se hur det blir"),
            "förskolan verkar {okej|bra}, {svårt att säga|vet inte} än",
            ("platsgarantin på fyra månader säger ni att ni håller, "
             "{vi får se|tror det när jag ser det}"),
        ],
        "positive": [
            "vi fick förskoleplats {precis|exakt} där vi önskade",
            ("förskolan är {fantastisk|underbar}, {barnen trivs|dottern trivs|sonen älskar "
             "att gå dit}"),
            "pedagogerna på förskolan gör ett {fantastiskt|otroligt} jobb",
        ],
    },
    "skola": {
        "about": ["skolskjutsen", "{sonens|dotterns} skola", "skolplacering"],
        "negative": [
            "skolskjutsen kom inte {tre dagar|flera gånger} {den här veckan|i rad}",
            "vi fick nej på skolskjuts trots att skolvägen är {farlig|livsfarlig}",
            ("{min son får inte det stöd han|min dotter får inte det stöd hon} har rätt till "
             "i skolan"),
        ],
        "skeptical": [
            "skolskjutsen ska fungera bättre efter bytet av bolag, vi får se",
            ("{vet inte|osäker} om placeringen i den nya skolan blir bra för "
             "{vår son|vår dotter}"),
            ("skolan lovar att sätta in extra stöd, "
             "{tror det när jag ser det|hoppas de menar det}"),
        ],
        "positive": [
            "skolskjutsen fungerar {klockrent|jättebra}",
            "{sonens|dotterns} {skola|nya skola} är {toppen|jättebra}",
            "skolplaceringen blev precis som vi {ville|hoppats}",
        ],
    },
    "snorojning": {
        "about": ["snöröjningen", "plogningen", "snöröjningen i vårt område"],
        "negative": [
            ("{snöröjningen|plogningen} {på vår gata|i vårt område} är "
             "{obefintlig|under all kritik|ett skämt}"),
            "gångbanorna sandas aldrig, {folk|pensionärer} halkar {hela tiden|överallt}",
            "plogbilen lämnar en {jättevall|snövall} framför infarten {varje gång|igen}",
        ],
        "skeptical": [
            ("snöröjningen har väl blivit lite bättre i år, men vi får se när det snöar "
             "ordentligt"),
            "ni säger att vår gata ska prioriteras i vinter, {vi får se|jag är tveksam}",
            "snöröjningen var okej den här gången, {lite ojämn|men inte överallt}",
        ],
        "positive": [
            "{snöröjningen|plogningen} har fungerat {jättebra|utmärkt} den här vintern",
            "vår gata var plogad {tidigt på morgonen|innan jag gick till jobbet}",
            "{bra|ordentligt} sandat på {gångvägarna|cykelbanorna}",
        ],
    },
    "sophamtning": {
        "about": ["sophämtningen", "{soptunnan|sopkärlet}", "avfallshämtningen"],
        "negative": [
            "sopbilen har missat {oss|vår tunna} {igen|för tredje gången}",
            "återvinningscentralen har {alldeles för|för} korta öppettider",
            "matavfallet har inte tömts på {två veckor|flera veckor}",
            "avfallstaxan har höjts {igen|rejält} men servicen har blivit sämre",
        ],
        "skeptical": [
            "vet inte vad jag tycker om det nya systemet med fyrfackskärl",
            "sophämtningen ska bli bättre med den nya entreprenören, vi får se",
            "det är väl bra med sortering, men tömningen verkar lite oregelbunden",
        ],
        "positive": [
            "sophämtningen fungerar {alltid |}{utan problem|klockrent}",
            "återvinningscentralen är {välorganiserad|smidig}",
            "{bra|smart} med {fyrfackskärlen|matavfallsinsamlingen}",
        ],
    },
    "bibliotek": {
        "about": ["biblioteket", "{ett lånekort|lånekortet}"],
        "negative": [
            "biblioteket har {kortat|dragit ner på} öppettiderna {igen|rejält}",
            "biblioteket i vårt område ska läggas ner, {helt fel|skandal}",
            "bokutbudet på biblioteket är {dåligt|uselt}",
        ],
        "skeptical": [
            "det nya biblioteket ser bra ut, men undrar om öppettiderna passar",
            "meröppet på biblioteket är {väl|kanske} bra, {lite osäker|vet inte}",
            "biblioteket ska {tydligen|visst} byggas om, vi får se vad det blir",
        ],
        "positive": [
            "biblioteket är {fantastiskt|en pärla}",
            "{bra|toppen} {utbud|aktiviteter} på biblioteket för barnen",
            "meröppet på biblioteket är {jättebra|perfekt}",
        ],
    },
    "parkering": {
        "about": ["parkeringstillstånd", "{en|min} ansökan om parkeringstillstånd",
                  "boendeparkering"],
        "negative": [
            ("{fick avslag|nekades} på parkeringstillstånd trots min "
             "{rörelsenedsättning|funktionsnedsättning}"),
            "parkeringsavgifterna {i centrum|vid sjukhuset} är {orimliga|ett rån}",
            "det finns {inga|knappt några} p-platser för boende i området",
        ],
        "skeptical": [
            "ansökan om parkeringstillstånd ska ta några veckor, hoppas den blir beviljad",
            "{osäker på|vet inte} om jag har rätt till parkeringstillstånd",
            "de nya parkeringsreglerna verkar bra, men {jag är tveksam|vi får se}",
        ],
        "positive": [
            "parkeringstillståndet blev beviljat {utan krångel|smidigt}",
            "{bra|smart} med de nya boendeparkeringarna",
            "det har blivit {mycket lättare|enklare} att hitta parkering i centrum",
        ],
    },
    "fardtjanst": {
        "about": ["färdtjänst", "{min|mammas} färdtjänst"],
        "negative": [
            ("färdtjänsten var {en timme|40 minuter} sen och {mamma|jag} missade "
             "{läkartiden|tåget}"),
            "fick avslag på färdtjänst trots att jag {knappt kan gå|går med rollator}",
            "färdtjänsten har blivit {opålitlig|helt opålitlig}",
        ],
        "skeptical": [
            "färdtjänsten funkar för det mesta, men man vet aldrig",
            "{vet inte|osäker} om beslutet om färdtjänst gäller efter omprövningen",
            ("färdtjänsten ska {tydligen|visst} bli bättre med nya avtalet, "
             "{vi får se|jag tvivlar}"),
        ],
        "positive": [
            "färdtjänsten {fungerar|funkar} {perfekt|utmärkt} för {mig|oss}",
            "färdtjänsten är {pålitlig|alltid i tid} och bilarna är {bra|fräscha}",
            "fick färdtjänst beviljad utan krångel",
        ],
    },
    "bistand": {
        "about": ["ekonomiskt bistånd", "försörjningsstöd", "{min|vår} ansökan om bistånd"],
        "negative": [
            "fick {avslag|nej} på ekonomiskt bistånd utan {rimlig förklaring|förklaring}",
            "försörjningsstödet räcker inte ens till {mat|hyran}",
            "socialtjänsten kräver {samma|nya} intyg {varje månad|om och om igen}",
        ],
        "skeptical": [
            "{vet inte|osäker på} om jag har rätt till ekonomiskt bistånd den här månaden",
            ("beslutet om försörjningsstöd känns {lite godtyckligt|oklart}, förstår inte "
             "riktigt vad som gäller"),
            "min ansökan om ekonomiskt bistånd ligger inne, får hoppas att den går igenom",
        ],
        "positive": [
            "fick ekonomiskt bistånd när jag behövde det som mest",
            "{biståndet|stödet} har hjälpt {oss|mig} {enormt|otroligt mycket}",
            "socialtjänsten har verkligen stöttat {oss|mig} på ett bra sätt",
        ],
    },
    "gata": {
        "about": ["en felanmälan", "en felanmälan i vårt område", "något i vårt område"],
        "negative": [
            "gatubelysningen på vår gata har varit släckt i {månader|veckor}",
            "gropen i vägen har inte lagats fast vi anmält den {två gånger|flera gånger}",
            "lekplatsen i vårt område är {förfallen|helt nedgången}",
            "vattnet var avstängt {i två dagar|igen} utan förvarning",
        ],
        "skeptical": [
            ("det står att gatubelysningen ska lagas {inom två veckor|snart}, "
             "{vi får se|tror det när jag ser det}"),
            "VA-taxan har höjts, undrar vad vi får för pengarna",
            "ombyggnaden av {torget|parken} blir kanske bra, men jag är tveksam",
        ],
        "positive": [
            "gatlyktan lagades {redan dagen efter|inom ett par dagar}",
            "lekplatsen vid skolan har blivit jättefin",
            "{parken|torget} har blivit {jättefint|mycket trevligare} efter upprustningen",
        ],
    },
    "allmant": {
        "about": ["ett ärende", "en fråga"],
        "negative": [
            "servicen i kommunen har blivit {sämre|mycket sämre} {för varje år|de senaste åren}",
            "{kommun} tar bra betalt men levererar ingenting",
            "verksamheterna fungerar sämre och sämre i den här kommunen",
        ],
        "skeptical": [
            "{vet inte|tveksam} om kommunen verkligen prioriterar rätt saker",
            ("{kommun} har lovat förbättringar i verksamheten, "
             "{vi får se|tror det när jag ser det}"),
        ],
        "positive": [
            "den kommunala servicen är {riktigt bra|bättre än sitt rykte}",
            "verksamheterna fungerar {verkligen|faktiskt} bra i vår kommun",
        ],
    },
}

# --- slots ----------------------------------------------------------------------------------

# The staff member, by channel: (noun phrase usable as subject and object, gender).
# Gender "n" picks han/hon (or now and then hen) per comment.
PERSONS: dict[str, list[tuple[str, str]]] = {
    "phone": [
        ("handläggaren", "n"), ("kvinnan jag pratade med", "f"),
        ("mannen jag pratade med", "m"), ("killen som svarade", "m"),
        ("tjejen som svarade", "f"), ("personen jag pratade med", "n"),
        ("den som svarade", "n"), ("damen i telefonen", "f"), ("kvinnan som svarade", "f"),
        ("mannen som svarade", "m"), ("killen i växeln", "m"), ("tjejen i växeln", "f"),
        ("medarbetaren jag pratade med", "n"), ("handläggaren jag fick prata med", "n"),
        ("den jag fick prata med", "n"),
    ],
    "chat": [
        ("personen i chatten", "n"), ("handläggaren i chatten", "n"),
        ("den som svarade i chatten", "n"), ("tjejen i chatten", "f"),
        ("killen i chatten", "m"), ("den jag chattade med", "n"),
        ("personen jag chattade med", "n"),
    ],
    "email": [
        ("handläggaren", "n"), ("den som svarade på mejlet", "n"),
        ("personen som svarade", "n"), ("handläggaren som svarade", "n"),
        ("den som skrev tillbaka", "n"), ("handläggaren som mejlade mig", "n"),
    ],
    "visit": [
        ("personen i receptionen", "n"), ("damen i receptionen", "f"),
        ("killen i receptionen", "m"), ("handläggaren", "n"),
        ("kvinnan i kundtjänst", "f"), ("mannen i informationsdisken", "m"),
        ("den som tog emot mig", "n"), ("tjejen i receptionen", "f"),
        ("handläggaren jag träffade", "n"),
    ],
    "web": [
        ("handläggaren", "n"), ("den som ringde upp mig", "n"),
        ("handläggaren som tog ärendet", "n"), ("personen som hörde av sig", "n"),
        ("den som återkom till mig", "n"), ("handläggaren som kontaktade mig", "n"),
    ],
}

# subject, object, possessive
PRONOUNS: dict[str, tuple[str, str, str]] = {
    "f": ("hon", "henne", "hennes"),
    "m": ("han", "honom", "hans"),
    "n": ("hen", "hen", "hens"),
}

WHEN: list[str] = [
    "i måndags", "i tisdags", "i onsdags", "i torsdags", "i fredags", "igår", "i förrgår",
    "i morse", "förra veckan", "idag", "häromdagen", "nyss", "i eftermiddags",
    "för en stund sedan",
]

# People round: "45 minuter", now and then an exact "37 min".
LONG_WAIT: list[str] = [
    "{25|30|35|40|45|50|55|60|70|75|80|90} minuter", "{30|40|45|50} minuter",
    "{30|40|45|50|60} min", "<25-95> minuter", "<30-80> min", "över en timme", "en halvtimme",
    "nästan en timme", "drygt en timme", "en och en halv timme", "över {30|40|45} minuter",
    "{två|tre} timmar", "över en halvtimme",
]
MID_WAIT: list[str] = ["{10|12|15|20|25} minuter", "en kvart", "tjugo minuter",
                       "en dryg kvart", "<12-20> min"]
SHORT_WAIT: list[str] = ["<1-4> minuter", "ett par minuter", "en minut", "<20-50> sekunder",
                         "<2-5> min", "några minuter", "nån minut", "två minuter"]
LONG_DAYS: list[str] = ["<3-13> dagar", "<2-6> veckor", "över en månad", "<6-15> arbetsdagar",
                        "en vecka", "snart en månad", "två veckor"]
QUEUE_POS: list[str] = ["<14-63>"]

# What a contact was about when no municipal service is named.
NEUTRAL_ABOUT: list[str] = [
    "mitt ärende", "ett ärende", "en fråga", "en sak", "en fråga jag hade",
    "ett ärende jag har", "en {faktura|räkning} jag fått", "ett brev från kommunen",
    "ett beslut jag fått", "en blankett", "hur man gör med en ansökan",
    "något jag undrade över", "en grej", "ett {intyg|kvitto} jag behövde",
    "ett utskick", "mitt ärende {från förra veckan|från i våras|som pågått ett tag}",
    "en {synpunkt|klagomålsfråga}", "vilka regler som gäller", "ett tidigare ärende",
]

# --- openers and closers (no area, no sentiment) --------------------------------------------

OPENERS: dict[str, list[str]] = {
    "phone": [
        "Ringde {when} {angående|om|gällande} {about}.",
        "Ringde {kommun} {when} om {about}.",
        "Jag ringde {kontaktcenter|växeln|kundtjänst} {when} {angående|om} {about}.",
        "Ringde om {about}.",
        "Hade ett ärende om {about} och ringde {when}.",
        "Ringde in {when}.",
        "Jag ringde {when} för att fråga om {about}.",
        "Pratade med {kommun} i telefon {when} om {about}.",
        "{Samtal|Telefonsamtal} {when} {angående|om} {about}.",
        "Ringde {för andra gången|igen|för tredje gången} om {about}.",
        "Ringde å frågade om {about}.",
    ],
    "email": [
        "Mejlade {kommun} {when} om {about}.",
        "Skickade ett mejl om {about} {when}.",
        "Angående mitt mejl om {about}:",
        "Hade mejlkontakt om {about}.",
        "Jag skrev till {kommun} {when} {angående|om} {about}.",
        "Mejlade {igen|en gång till} om {about}.",
        "Gällande mejlet jag skickade {when}:",
    ],
    "chat": [
        "Chattade med {kommun} {when} om {about}.",
        "Hade en fråga om {about} i chatten.",
        "Chattade {when}.",
        "Använde chatten {when} för {about}.",
        "Skrev i chatten {when} {angående|om} {about}.",
    ],
    "visit": [
        "Var på {medborgarkontoret|kontaktcenter|kommunhuset} {when} {angående|om} {about}.",
        "Besökte {medborgarkontoret|kommunhuset} {when}.",
        "Var in {when} om {about}.",
        "Gick till {kommunhuset|medborgarkontoret|servicecenter} {when} med {about}.",
        "Var på plats {when} {angående|för} {about}.",
    ],
    "web": [
        "Skickade in ett ärende om {about} {when}.",
        "Gjorde en anmälan {when}.",
        "Lämnade ett ärende om {about} via formuläret.",
        "Skickade in {en fråga|ett ärende} {when}.",
        "Lämnade {en synpunkt|en fråga} om {about} {when}.",
    ],
    "any": [
        "Gällande {about}:", "Angående {about}.", "Kort feedback:", "Lite feedback:",
        "Ärligt talat:", "Synpunkt:", "Om {about}:", "Några ord om {about}.",
        "Ni bad om synpunkter, så här kommer de.", "Feedback på {about}:",
        "Kort om {about}:", "Det här gäller {about}.",
    ],
}

GREETINGS: list[str] = [
    "Hej!", "Hej,", "Hej.", "Hejsan!", "Hej hej!", "Tjena.", "Hallå,", "God dag.",
    "Hej kommunen!", "Hej {kommun}!", "Hej där.", "Hejsan,", "Goddag,", "Tja!",
    "Hej på er.", "Hej och tack för att ni frågar.",
]

CLOSERS: dict[str, list[str]] = {
    "any": ["Mvh", "MVH", "Med vänlig hälsning", "Hälsningar", "Tack.", "Ha en bra dag.",
            "Det var allt.", "/En invånare", "Mvh en invånare",
            "Mvh {A|B|C|E|G|H|J|K|L|M|P|S|T}", "/{A|B|E|K|L|M|S}",
            "Hälsningar från en {pensionär|förälder|företagare|invånare} {i_ort}",
            "Mvh en {pensionär|förälder|småföretagare} {i_ort}", "Vänliga hälsningar",
            "Det var det hela.", "Trevlig helg.", "Hej då."],
    "positive": ["Tack!", "Tack så mycket!", "Tusen tack!", ":)", "Tack för hjälpen!",
                 "Stort tack!", "Fortsätt så!", "👍", "Tack igen!", "Keep up the good work!",
                 ":-)", "Tack och bock!"],
    "negative": [":(", "Suck.", "Hoppas någon läser det här.", "Gör något åt det!",
                 ":-(", "Skärpning!", "Hoppas det blir bättre."],
    "skeptical": ["Vi får se.", "Hmm.", "Får se hur det blir.", "Vi får väl se.",
                  "Hmm...", "Vi får se helt enkelt."],
}

# --- joining clauses ------------------------------------------------------------------------
# (kind, text, weight). kind "stop": end the sentence, the next may start with text;
# "inline": text joins the two clauses; "suffix": text goes after the next clause;
# "sub": a subordinating conjunction (used only when the next clause's word order allows).

CONTRAST: list[tuple[str, str, int]] = [
    ("stop", "", 6), ("stop", "Men ", 3), ("inline", " men ", 6), ("inline", ", men ", 5),
    ("inline", " fast ", 2), ("inline", ", fast ", 2), ("stop", "Fast ", 1),
    ("suffix", " dock", 2), ("sub", " samtidigt som ", 1), ("inline", " - men ", 1),
    ("inline", ", ", 2),
]
ADDITIVE: list[tuple[str, str, int]] = [
    ("stop", "", 8), ("inline", ", ", 4), ("inline", " och ", 4), ("inline", ", och ", 2),
    ("stop", "Och ", 1), ("suffix", " också", 2), ("suffix", " dessutom", 1),
]
MIXED: list[tuple[str, str, int]] = [
    ("stop", "", 6), ("inline", " men ", 4), ("inline", ", men ", 3), ("inline", " och ", 2),
    ("inline", ", ", 2), ("stop", "Men ", 1),
]
# A second clause about the same area and sentiment.
ELABORATE: list[tuple[str, str, int]] = [
    ("stop", "", 6), ("inline", ", ", 2), ("inline", " och ", 2), ("suffix", " också", 1),
]

# Optional words around one clause. Leads in SUBORDINATE_LEADS need the same word order test
# as "samtidigt som"; tails go before the clause's final punctuation.
SUBORDINATE_LEADS: list[str] = ["jag tycker att ", "måste säga att ", "vill bara säga att ",
                                "upplevde att ", "tycker att ", "jag upplever att "]
LEADS: list[str] = ["ärligt talat, ", "asså ", "alltså, ", "helt ärligt, ", "ja, "]
TAILS: dict[str, list[str]] = {
    "negative": [", tyvärr", ", helt ärligt", ", faktiskt", ", tyvärr måste jag säga",
                 ", ärligt talat"],
    "skeptical": [", tror jag", ", om jag ska vara ärlig", ", ärligt talat", ", typ",
                  ", eller vad ska man säga"],
    "positive": [", faktiskt", ", verkligen", ", det ska ni ha", ", det måste jag säga",
                 ", helt ärligt"],
}

# A clause may follow "samtidigt som" only if it opens with one of these subjects and has
# none of the adverbs that move in a Swedish subordinate clause.
SUBORDINATE_SUBJECTS: frozenset[str] = frozenset({
    "handläggaren", "hon", "han", "hen", "jag", "det", "kön", "väntetiden", "hemsidan",
    "appen", "e-tjänsten", "personen", "den", "chattboten", "kvinnan", "mannen", "killen",
    "tjejen", "damen", "hemtjänsten", "förskolan", "skolskjutsen", "biblioteket",
    "sophämtningen", "färdtjänsten", "snöröjningen", "telefonkön", "svaret",
})
MOVING_ADVERBS: frozenset[str] = frozenset({
    "inte", "aldrig", "ej", "ju", "alltid", "verkligen", "faktiskt", "också", "heller", "väl",
    "nog", "knappt", "bara", "fortfarande", "redan", "ändå", "kanske", "tydligen", "visst",
    "säkert", "dock", "än",
})

# Final punctuation of a sentence, by the sentiment of its clause: (mark, weight).
PUNCTUATION: dict[str, list[tuple[str, int]]] = {
    "negative": [(".", 70), ("!", 18), ("!!", 5), ("!!!", 3), ("", 4)],
    "skeptical": [(".", 75), ("...", 20), ("..", 5)],
    "positive": [(".", 65), ("!", 30), ("!!", 5)],
}

# --- noise ----------------------------------------------------------------------------------

# Spoken or sloppy forms, applied word by word in some comments: (written, spoken, chance).
SPOKEN_FORMS: list[tuple[str, str, float]] = [
    ("något", "nåt", 0.7), ("någon", "nån", 0.7), ("några", "nåra", 0.5),
    ("mig", "mej", 0.6), ("dig", "dej", 0.6), ("sig", "sej", 0.5), ("dem", "dom", 0.8),
    ("de", "dom", 0.6), ("sedan", "sen", 0.8), ("också", "oxå", 0.4), ("var", "va", 0.3),
    ("och", "å", 0.1), ("jag", "ja", 0.1), ("är", "e", 0.1), ("det", "de", 0.2),
    ("alltså", "asså", 0.6),
]
# Intensifiers put before a plain adjective now and then ("väldigt lång väntetid"), never after
# a word that would change what the clause says ("inte", "varken", "ganska" ...).
INTENSIFIERS: list[str] = ["väldigt", "riktigt", "otroligt", "himla", "extremt", "sjukt",
                           "så", "verkligen", "jävligt"]
INTENSIFIABLE: frozenset[str] = frozenset({
    "trevlig", "trevligt", "trevliga", "otrevlig", "otrevligt", "bra", "dålig", "dåligt",
    "dåliga", "lång", "långt", "långa", "snabb", "snabbt", "smidig", "smidigt", "krånglig",
    "krångligt", "rörig", "rörigt", "nöjd", "missnöjd", "besviken", "kunnig", "hjälpsam",
    "tydlig", "tydligt", "enkel", "enkelt", "seg", "segt", "stressad", "irriterad", "sur",
    "vänlig", "vänligt", "professionell", "pedagogisk", "frustrerande", "kort", "lätt",
    "tålmodig", "ointresserad", "osäker", "tveksam", "värdelös", "meningslöst", "nonchalant",
})
NO_INTENSIFIER_AFTER: frozenset[str] = frozenset({
    "inte", "varken", "eller", "särskilt", "direkt", "så", "för", "lika", "mer", "mest",
    "ganska", "lite", "alldeles", "väldigt", "mycket", "riktigt", "otroligt", "extremt",
    "helt", "totalt", "fullständigt", "himla", "sjukt", "verkligen", "jätte", "super",
    "något", "nåt", "rätt", "hyfsat", "någorlunda", "betydligt", "klart", "ingen", "inget",
    "knappt", "aldrig", "än", "lagom", "orimligt", "tillräckligt", "typ", "liksom",
})

# Words that may open a comment that has no greeting or opener.
FILLERS: list[str] = ["asså", "alltså", "ärligt talat", "ja", "okej så"]
