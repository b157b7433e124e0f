"""A small hand-curated Swedish cue lexicon: sentiment words, doubt phrases, area keywords.

The cues become extra features next to the learned word and n-gram features. They carry
general Swedish knowledge into a model trained on ~1,300 comments, so that a word the corpus
never used ("bedrövlig", "smidigt") still pulls the right way.

Examples
--------
>>> sorted(cues(("väldigt", "otrevlig", "handläggare"), "väldigt otrevlig handläggare"))
['area:caseworker_service', 'neg']
>>> sorted(cues(("NEG_snabb",), "inte snabbt"))
['area:waiting_time', 'neg_pos']
>>> "doubt" in cues(("vi", "få", "se"), "vi får se")
True
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable
from itertools import chain
from typing import Any

__all__ = ["AREA_EXACT", "NORMALISE", "Memo", "cues", "is_courtesy", "phrase_cues", "word_cues"]


class Memo(dict):
    """A bounded cache of a one-argument function: ``memo[x]`` is ``fn(x)``, computed once.

    For per-token work on the hot path. Unlike ``functools.lru_cache`` a hit only reads (no
    recency list to reorder), and ``map(memo.__getitem__, xs)`` stays in C; when full it
    starts afresh, which a comment stream's few thousand everyday words refill at once.
    """

    __slots__ = ("fn", "maxsize")

    def __init__(self, fn: Callable[[Any], Any], maxsize: int = 200_000) -> None:
        super().__init__()
        self.fn = fn
        self.maxsize = maxsize

    def __missing__(self, key: Hashable) -> Any:
        if len(self) >= self.maxsize:
            self.clear()
        value = self[key] = self.fn(key)
        return value


# Colloquial and chat spellings mapped to the standard form before lemmatisation.
NORMALISE: dict[str, str] = {
    "nån": "någon",
    "nåt": "något",
    "nåra": "några",
    "nånting": "någonting",
    "dom": "de",
    "mej": "mig",
    "dej": "dig",
    "sej": "sig",
    "sen": "sedan",
    "mkt": "mycket",
    "asså": "alltså",
    "ba": "bara",
    "bättr": "bättre",
    "funkar": "fungerar",
    "funka": "fungera",
    "funkade": "fungerade",
    "funkat": "fungerat",
    "funkis": "fungerande",
    "jätteb": "jättebra",
    "okej": "ok",
    "okey": "ok",
    "okay": "ok",
    "oki": "ok",
    "ok:ish": "ok",
    "mejl": "mejl",
    "mail": "mejl",
    "mailet": "mejlet",
    "appen": "app",
    "sajten": "sajt",
    "hemsidan": "hemsida",
    "chatten": "chatt",
    "chattboten": "chattbot",
    "chatboten": "chattbot",
    "chatbot": "chattbot",
    "tjejen": "tjej",
    "killen": "kille",
    "ngn": "någon",
    "ngt": "något",
    "iaf": "iallafall",
    "tyvär": "tyvärr",
    "bra!": "bra",
}


def _words(text: str) -> list[str]:
    return text.split()


_INTENSIFIERS = ("jätte", "super", "skit", "mega", "sjukt", "asbra", "toppen", "kanon", "as")

POSITIVE: frozenset[str] = frozenset(
    _words("""
bra toppen utmärkt utmärkta fantastisk fantastiskt underbar perfekt kanon kanonbra strålande
suverän grym snabb snabbt smidig smidigt enkel enkelt lätt lättförståelig lättanvänd
lättnavigerad tydlig tydligt trevlig vänlig hjälpsam kunnig kompetent professionell proffsig
tillmötesgående engagerad lyhörd förstående tålmodig serviceinriktad glad nöjd nöjda tacksam
tack bäst bättre lysande effektiv effektivt fungera fungerande lösa löst smärtfri smärtfritt
uppskatta imponerad imponerande positiv härlig gärna stjärna tummen rekommendera
välkomnande trygg pålitlig korrekt klockren klok omtänksam fin fint finfin gedigen
skön skönt nice grymt wow äntligen gullig snäll vänligt trevligt hjälpsamt tydligt kunnigt
ordning pedagogisk saklig duktig superb fantastiskt utmärkt prisvärd pigg stöttande
eloge beröm berömvärd galant föredömlig exemplarisk oklanderlig ypperlig toppklass tipptopp
felfri givande empatisk respekterad
""")
)

NEGATIVE: frozenset[str] = frozenset(
    _words("""
dålig dåligt sämre sämst usel urusel uselt värdelös värdelöst katastrof katastrofal
bedrövlig bedrövligt skandal skandalös oacceptabel oacceptabelt ohållbar ohållbart
krånglig krångligt krångel rörig rörigt seg segt långsam långsamt trög trögt oförskämd
otrevlig nonchalant arrogant dryg sur arg irriterad irriterande besviken missnöjd frustrerad
frustrerande upprörd ledsen förbannad trött skämt löjlig löjligt pinsam pinsamt hopplös
hopplöst omöjlig omöjligt evighet evigheter klaga klagomål problem fel felaktig krascha
kraschar hänga trasig ligga nere buggig strula strul strular inkompetent okunnig oförstående
ointresserad otydlig oklar ovänlig oprofessionell oproffsig ohjälpsam otillgänglig
struntar strunta ignorera ignorerad glömma glömde bortglömd slarv slarvig slarvigt
orimlig orimligt stressad stressig vidrig förfärlig förfärligt hemsk hemskt fruktansvärd
fruktansvärt tyvärr aldrig ingen ingenting inget tragisk tragiskt kaos kaotisk mardröm
jobbig jobbigt besvärlig besvärligt hänvisa bollad bolla tappad tappa tröttsam
suck usch fy attans tusan förjävligt jävla skit sämre obefintlig röra rörigt luddig luddigt
oläslig obegriplig ofattbar ofattbart onödig onödigt meningslös meningslöst orimlig
bortkopplad upptaget avvisande avvisad kränkt nedlåtande respektlös ointresserat
frustrera illa felmeddelande skämmas skämma skärpning skärp misslyckad misslyckas stel
förlora krångla rån nekad nekades oseriös ohövlig sur opålitlig otillräcklig snål livsfarlig
""")
)

DOUBT: frozenset[str] = frozenset(
    _words("""
hoppas förhoppningsvis tveksam tveksamt osäker osäkert kanske undra undrar tvivla tvivlar
tvivel skeptisk skeptiskt misstänka misstänker antagligen troligen möjligen nja sådär
halvbra blandad blandat hyfsad hyfsat okej ok antar oklart återstå lova lovade lovat
lovar återkomma förhoppning förvånad övertygad väl varken medelmåttig godkänd
orolig oroa oroar fundera funderar tja hmm hm jaha nåja märklig märkligt konstig konstigt
lagom tvivel tveka misstro förvirrad förvirrande oviss ovisst osäkerhet eventuellt
""")
)

# Phrases (on the lower-cased clause text) that mark doubt or reservation.
_DOUBT_RE = re.compile(
    r"vi får (väl )?se|får (väl )?se|tror (det|på det) när jag ser det|återstår att se|"
    r"inte (helt |riktigt |så )?övertygad|inte (helt |riktigt )?säker|har (jag )?hört (det )?förut|"
    r"hört det förr|om det (nu )?stämmer|ska bli intressant|när det väl|lite si och så|"
    r"sisådär|si och så|vet inte riktigt|det (får|ska) bli|skulle (ha|vara)|hade (varit|hoppats)|"
    r"lovade|ska (tydligen|visst)|tydligen|i (så )?fall|men ändå|även om"
)
# Not "fast det"/"fast jag": a concession as often strengthens praise ("kort kö fast det var
# måndag morgon") or joins two areas ("trevlig handläggare, fast kön var lång") as it doubts.

# How long someone waited is the plainest complaint about waiting time, and the corpus can
# never hold every number: durations become "long_wait" / "short_wait" cues.
_NUMBER_WORDS = {
    "en": 1,
    "ett": 1,
    "två": 2,
    "tre": 3,
    "fyra": 4,
    "fem": 5,
    "sex": 6,
    "sju": 7,
    "åtta": 8,
    "nio": 9,
    "tio": 10,
    "femton": 15,
    "tjugo": 20,
    "trettio": 30,
    "fyrtio": 40,
    "femtio": 50,
    "sextio": 60,
    "nittio": 90,
    "flera": 3,
    "många": 5,
}
# The number starts a word: "men min mamma" and "sen måndag" name no duration.
_DURATION_RE = re.compile(
    r"\b(\d+|" + "|".join(_NUMBER_WORDS) + r")\s*(?:-\s*\d+\s*)?"
    r"(min\b|minut\w*|tim\w*|h\b|dag\w*|dygn\w*|veck\w*|mån\w*|år\b)"
)
_MINUTES = {
    "min": 1,
    "h": 60,
    "tim": 60,
    "dag": 1440,
    "dyg": 1440,
    "vec": 10080,
    "mån": 43200,
    "år": 525600,
}
_LONG_RE = re.compile(
    r"halvtimm|evighet|hela dagen|flera (dagar|veckor|månader)|i timmar|(tar|tog|tagit) (flera )?(dagar|veckor|månader)|"
    r"i veckor|i månader|i evigheter"
)
# Complaints that carry no complaint word: nothing happened, nobody answered.
_COMPLAINT_RE = re.compile(
    r"fortfarande (inte|ingen|inget)|(inte|aldrig|ingen) (har )?(fått|fick) (något )?svar|"
    r"ingen (som )?(svarade|svarar|ringde|hörde)|aldrig (fått|kom|ringde|hört)|kom aldrig|"
    r"fick ändå vänta|nedkopplad|bortkopplad|lade på|la på luren|hör inget|hört inget|"
    r"ingen återkoppling|inget svar|utan (svar|förklaring|återkoppling)|gång på gång|"
    r"(tredje|fjärde|femte) gången|"
    # "too much": "barngrupperna är för stora", "har för korta öppettider" (after a verb or
    # an adverb only: "tack för snabb hjälp" is praise)
    r"\b(är|var|blir|blev|känns|kändes|har|hade|tar|tog|alldeles|ju|alltid|väldigt|mycket|"
    r"på tok) för (stor|små|liten|lite|få|många|dyr|kort|lång|hög|låg|sen|sent|tidig|trång|"
    r"långsam|krånglig|komplicerad|svår|tung)|\balltför "
)


def wait_cues(text: str) -> list[str]:
    """``long_wait`` / ``short_wait`` from the durations a clause names.

    >>> wait_cues("fick vänta 58 minuter"), wait_cues("svar inom 5 min"), wait_cues("tog två veckor")
    (['long_wait'], ['short_wait'], ['long_wait'])
    >>> wait_cues("men min mamma"), wait_cues("det snöat sen måndag")
    ([], [])
    """
    out = []
    if _LONG_RE.search(text):
        out.append("long_wait")
    for number, unit in _DURATION_RE.findall(text):
        value = int(number) if number.isdigit() else _NUMBER_WORDS[number]
        minutes = value * _MINUTES.get(unit[:3], _MINUTES.get(unit[:1], 1))
        out.append("long_wait" if minutes >= 15 else "short_wait")
    return out


# Area keywords. EXACT matches a whole lemma; STEMS match inside a lemma (compounds).
AREA_EXACT: dict[str, frozenset[str]] = {
    "digital_services": frozenset(
        _words("""
        app sajt webb webbsida hemsida e-tjänst etjänst bankid inloggning logga länk formulär
        chatt chattbot bot digital digitalt mobil dator klick klicka ladda pdf sida sidan
        internet online uppkoppling lösenord mina portal blankett knapp sökfunktion
    """)
    ),
    "waiting_time": frozenset(
        _words("""
        kö köa köade vänta väntan väntetid minut minuter timme timmar vecka veckor dag dagar
        dröja dröjer dröjde lång långt snabb snabbt direkt omgående genast återuppringning
        ringa tillbaka svarstid handläggningstid månad månader tid fort kvart sekund
        upptaget upptagen
    """)
    ),
    "caseworker_service": frozenset(
        _words("""
        handläggare handläggaren bemötande bemöta bemött personal personalen tjej kille
        kvinna person hon han handläggarna medarbetare tjänsteman kundtjänst
        trevlig otrevlig vänlig kunnig okunnig hjälpsam lyssna lyssnade förklara förklarade
        kompetent nonchalant oförskämd respekt empati engagerad lyhörd återkomma hänvisa
        svarade bemötte
    """)
    ),
    "municipal_services": frozenset(
        _words("""
        bygglov hemtjänst skola förskola snöröjning sophämtning avfall vatten avlopp gata
        park bibliotek bistånd faktura avgift beslut parkering äldreboende lss skolskjuts
        belysning plogning renhållning simhall tillstånd bygg plog sopor återvinning
        fritidsgård idrottshall väg vägar cykelbana lekplats taxa hyra socialtjänst
        färdtjänst ansökan placering barnomsorg elev lärare omsorg boende gatlykta
    """)
    ),
    "overall_experience": frozenset(
        _words("""
        överlag helhet helhetsintryck upplevelse allt allting generellt totalt sammantaget
        kontakt kommun kommunen service hjälp hjälpen
    """)
    ),
}
AREA_STEMS: dict[str, tuple[str, ...]] = {
    "digital_services": (
        "e-tjänst",
        "etjänst",
        "hemsid",
        "webb",
        "bankid",
        "inlogg",
        "chattbot",
        "chatbot",
        "appen",
        "digital",
        "formulär",
        "blankett",
    ),
    "waiting_time": (
        "telefonkö",
        "väntetid",
        "väntan",
        "handläggningstid",
        "svarstid",
        "återuppring",
        "kötid",
    ),
    "caseworker_service": (
        "handläggar",
        "bemötande",
        "personal",
        "tjänsteman",
        "bibliotekarie",
        "medarbetar",
        "kundtjänst",
    ),
    "municipal_services": (
        "bygglov",
        "hemtjänst",
        "snöröj",
        "sophämt",
        "skola",
        "förskol",
        "avlopp",
        "bistånd",
        "äldreboend",
        "skolskjuts",
        "gatubelys",
        "renhåll",
        "parkering",
        "socialtjänst",
        "färdtjänst",
        "avgift",
        "faktura",
        "simhall",
        "bibliotek",
        "plogbil",
        "återvinning",
    ),
    "overall_experience": ("helhet", "upplevelse", "överlag"),
}


def _strip_intensifier(word: str) -> str:
    for prefix in _INTENSIFIERS:
        if word.startswith(prefix) and len(word) > len(prefix) + 2:
            return word[len(prefix) :]
    return word


def _polarity(word: str) -> str | None:
    """'pos', 'neg', 'doubt' or None for one lemma without negation mark."""
    if word in POSITIVE:
        return "pos"
    if word in NEGATIVE:
        return "neg"
    if word in DOUBT:
        return "doubt"
    core = _strip_intensifier(word)
    if core != word:
        return _polarity(core)
    # Swedish "o-" turns praise into complaint: otrevlig, osmidig, otydlig.
    if word.startswith("o") and word[1:] in POSITIVE:
        return "neg"
    return None


def has_polarity(lem: str) -> bool:
    """Whether a lemma (without negation mark) is a sentiment or doubt word."""
    return _polarity(lem) is not None


def word_cues(lem: str) -> tuple[str, ...]:
    """Cue features of one (possibly ``NEG_``-marked) lemma."""
    return _WORD_CUES[lem]


ERRAND_PREFIX = "ERR_"  # the lemmas of an errand clause (see text._mark_errands): no cues
BROKEN_PROMISE = "löftesbrott"  # the lemma a promise that failed gets (see text.analyse)


def _word_cues(lem: str) -> tuple[str, ...]:
    if lem == BROKEN_PROMISE:
        return ("neg", "complaint")
    if lem.startswith(ERRAND_PREFIX):
        return ()
    negated = lem.startswith("NEG_")
    word = lem[4:] if negated else lem
    out: list[str] = []
    pol = _polarity(word)
    if pol is not None:
        out.append(f"neg_{pol}" if negated else pol)
    for area, exact in AREA_EXACT.items():
        if word in exact or any(stem in word for stem in AREA_STEMS[area]):
            out.append(f"area:{area}")
    return tuple(out)


_WORD_CUES = Memo(_word_cues)


# Praise that carries no praise word: grades at the top of their scale, thumbs up.
_PRAISE_RE = re.compile(
    r"\b(fem|tio|5|10) av \1\b|tumm(e|en|ar|arna) upp|full pott|högsta betyg|"
    r"glatt överraskad|inget (att )?klaga på|inte ett ont ord"
)


def phrase_cues(text: str) -> list[str]:
    """Cue features of a clause's lower-cased text (doubt, complaint, praise, waits; may
    repeat)."""
    out = []
    if _DOUBT_RE.search(text):
        out.append("doubt")
    if _COMPLAINT_RE.search(text):
        out.append("complaint")
    if _PRAISE_RE.search(text):
        out.append("praise")
    out += wait_cues(text)
    return out


# Greetings and sign-offs. "Ha en bra dag" closes a complaint as often as praise and says
# nothing about any area, but its "bra" reads as praise; the corpus has few of them, so the
# model cannot learn that, and a clause that is only a courtesy is dropped (see
# text.analyse_plain). A few words may follow the formula: a name, "på er", a signature.
# Not "tja": it doubts as often as it greets ("tja, det gick väl").
_GREETING_RE = re.compile(
    r"(?:hej|hejsan|hejhej|hallå|tjena|tjenare|tjabba|goddag|god (?:dag|morgon|eftermiddag"
    r"|kväll)|hello|hi)(?: \S+){0,3}"
)
_SIGN_OFF_RE = re.compile(
    r"(?:mvh|vh|hej ?då|med vänlig(?:a)? hälsning(?:ar)?|vänlig(?:a)? hälsning(?:ar)?|bästa hälsningar"
    r"|hälsning(?:ar)?|tack på förhand|allt gott|ha det (?:bra|gott)|god jul|gott nytt år"
    r"|trevlig (?:dag|helg|kväll)|ha en (?:fortsatt |riktigt )?(?:bra|trevlig|fin|skön|god"
    r"|härlig) (?:dag|helg|kväll|vecka|eftermiddag|sommar|jul))(?: \S+){0,5}"
)
_COURTESY_HEADS = frozenset(
    _words("""
    hej hejsan hejhej hallå tjena tjenare tjabba goddag god hello hi mvh vh med vänlig
    vänliga bästa hälsning hälsningar tack allt ha gott trevlig hejdå
""")
)


def is_courtesy(words: tuple[str, ...], first: bool) -> bool:
    """Whether a clause (lower-case words) is only a greeting (``first``: it opens the
    comment) or a sign-off.

    >>> is_courtesy(("ha", "en", "bra", "dag"), first=False)
    True
    >>> is_courtesy(("hej", "på", "er"), first=True), is_courtesy(("hej", "på", "er"), first=False)
    (True, False)
    >>> is_courtesy(("trevlig", "personal"), False), is_courtesy(("tack", "för", "hjälpen"), False)
    (False, False)
    """
    if not words or words[0] not in _COURTESY_HEADS:
        return False
    text = " ".join(words)
    return bool(_SIGN_OFF_RE.fullmatch(text) or (first and _GREETING_RE.fullmatch(text)))


def cues(lemmas: tuple[str, ...], text: str) -> list[str]:
    """Cue features of one clause (in first-seen order, no repeats): its lemmas (with negation
    marks) and its lower-cased text."""
    out = dict.fromkeys(chain.from_iterable(map(_WORD_CUES.__getitem__, lemmas)))
    out.update(dict.fromkeys(phrase_cues(text)))
    return list(out)
