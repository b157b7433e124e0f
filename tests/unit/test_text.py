"""Swedish text analysis: tokens, lemmas, negation scope, clauses, n-grams, the corpus split."""

from __future__ import annotations

import hashlib
import json

import pytest

from stream.model import lexicon, load_corpus
from stream.model.corpus import split_of
from stream.model.diacritics import restore
from stream.model.text import (
    _TOKEN_TEXT_RE,
    analyse,
    char_ngrams,
    clause_keys,
    cue_keys,
    lemma,
    mark_negation,
    split_clauses,
    tokenize,
    vectorise,
)


@pytest.mark.parametrize(
    ("word", "expected"),
    [
        ("handläggaren", "handläggare"),
        ("hemsidan", "hemsida"),
        ("väntade", "vänta"),
        ("köerna", "kö"),
        ("bemötandet", "bemötande"),
        ("nån", "någon"),  # colloquial spelling normalised first
    ],
)
def test_lemmas_of_swedish_words(word, expected):
    assert lemma(word) == expected


_POLARITY_SETS = {"pos": lexicon.POSITIVE, "neg": lexicon.NEGATIVE, "doubt": lexicon.DOUBT}


@pytest.mark.parametrize("cue", sorted(_POLARITY_SETS))
def test_every_lexicon_word_gives_its_cue(cue):
    # The lexicon is matched against lemmas: an entry whose lemma is another word (besviken
    # -> besvika) would never fire.
    silent = [w for w in sorted(_POLARITY_SETS[cue])
              if f"x:{cue}" not in cue_keys(analyse(w).clauses[0])]
    assert silent == []


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("jag är besviken", "x:neg"),
        ("vi blev besvikna", "x:neg"),  # a form that lemmatises like the lexicon word
        ("jag nekades", "x:neg"),
        ("perfekta svar", "x:pos"),
        ("helt okej", "x:doubt"),
        ("inte besviken", "x:neg_neg"),
    ],
)
def test_forms_of_lexicon_words_give_its_cue(text, cue):
    assert cue in cue_keys(analyse(text).clauses[0])


@pytest.mark.parametrize("word", ["lagt", "förstår", "lyser"])
def test_neutral_words_that_share_a_lemma_with_none_stay_neutral(word):
    assert not {"x:pos", "x:neg", "x:doubt"} & set(cue_keys(analyse(word).clauses[0]))


def test_tokenize_keeps_hyphenated_words_and_numbers():
    assert tokenize("Väntade 40 min, e-tjänsten funkar inte!") == [
        "väntade",
        "40",
        "min",
        ",",
        "e-tjänsten",
        "funkar",
        "inte",
        "!",
    ]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("Fick vänta 58 minuter", "x:long_wait"),
        ("Satt i kö i 45 min innan någon svarade", "x:long_wait"),
        ("Svaret kom efter 3 veckor", "x:long_wait"),
        ("Svar inom 5 min", "x:short_wait"),
        ("fick vänta fyrtio minuter", "x:long_wait"),  # worked before too
    ],
)
def test_wait_cues_see_the_value_of_a_number_in_digits(text, cue):
    """The cue lexicon reads durations from the clause's words: a number in digits must keep
    its value there (it once became ``<num>``, and "58 minuter" gave no wait cue)."""
    keys = [k for clause in analyse(text).clauses for k in cue_keys(clause)]
    assert cue in keys


@pytest.mark.parametrize("text", ["men min mamma fick hjälp", "det har snöat sen måndag"])
def test_wait_cues_need_a_number_that_starts_a_word(text):
    """ "en" inside "men" or "sen" is not the number one ("men min" is not "en min")."""
    keys = [k for clause in analyse(text).clauses for k in cue_keys(clause)]
    assert not any(k.endswith("_wait") for k in keys)


def test_a_number_keeps_its_digits_but_its_lemma_is_num():
    (clause,) = analyse("väntade 58 minuter").clauses
    assert clause.words == ("väntade", "58", "minuter")
    assert clause.lemmas[1] == "<num>"  # one word feature for every number
    (negated,) = analyse("inte 58 minuter").clauses
    assert negated.lemmas[1] == "NEG_<num>"


def test_negation_prefixes_the_following_tokens():
    assert mark_negation(["det", "gick", "inte", "snabbt"]) == ["det", "gick", "inte", "NEG_snabbt"]


def test_negation_reaches_three_tokens_at_most():
    marked = mark_negation(["inte", "alls", "särskilt", "snabbt", "idag"])
    assert marked == ["inte", "NEG_alls", "NEG_särskilt", "NEG_snabbt", "idag"]


@pytest.mark.parametrize("stop", [",", ".", "men", "fast"])
def test_negation_stops_at_a_clause_boundary(stop):
    assert mark_negation(["ingen", stop, "bra"]) == ["ingen", stop, "bra"]


@pytest.mark.parametrize("negator", ["inte", "ej", "aldrig", "ingen", "inget", "knappast", "utan"])
def test_every_negator_marks(negator):
    assert mark_negation([negator, "bra"])[1] == "NEG_bra"


def test_negated_and_plain_praise_give_different_features():
    plain = analyse("Det gick snabbt").clauses[0].lemmas
    negated = analyse("Det gick inte snabbt").clauses[0].lemmas
    assert "snabbt" in plain and "snabbt" not in negated
    assert "NEG_snabbt" in negated


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        (
            "Lång kö men handläggaren var jättetrevlig",
            ["Lång kö", "men handläggaren var jättetrevlig"],
        ),
        ("Bra app, fast inloggningen krånglar.", ["Bra app", "fast inloggningen krånglar"]),
        (
            "Snabbt svar! Beslutet dröjer dock; vi får se?",
            ["Snabbt svar", "Beslutet dröjer", "dock", "vi får se"],
        ),
        (
            "Trevlig personal samtidigt som kön var lång",
            ["Trevlig personal", "samtidigt som kön var lång"],
        ),
        ("Bra.", ["Bra"]),
        ("", []),
    ],
)
def test_split_clauses(text, clauses):
    assert split_clauses(text) == clauses


def test_analyse_agrees_with_split_clauses():
    text = "Hemsidan är rörig, men handläggaren var inte otrevlig. Tack!"
    doc = analyse(text)
    assert [" ".join(c.words) for c in doc.clauses] == [s.lower() for s in split_clauses(text)]
    assert [c.end for c in doc.clauses] == [",", ".", "!"]
    assert doc.n_words == 9


def test_empty_text_still_has_one_clause():
    doc = analyse("   ")
    assert len(doc.clauses) == 1 and doc.n_words == 0


@pytest.mark.parametrize(
    ("text", "clauses"),
    [
        ("Hej! Lång kö. Ha en bra dag!", ["lång kö"]),
        ("Hej på er. Snabbt svar. Mvh Anna", ["snabbt svar"]),
        ("God dag, usel service. Med vänlig hälsning, en förälder i Kalmar", ["usel service"]),
        ("Tjena! Appen kraschar. Trevlig helg", ["appen kraschar"]),
        ("bra hjälp, hejdå", ["bra hjälp"]),
        # not courtesies: a greeting that runs on, a verdict, thanks, a sign-off mid-text
        ("hej jag ringde om bygglov", ["hej jag ringde om bygglov"]),
        ("Bra dag idag, allt funkade", ["bra dag idag", "allt funkade"]),
        ("Tack för hjälpen!", ["tack för hjälpen"]),
        ("Lång kö. Hej på er", ["lång kö", "hej på er"]),
        (
            "Trevlig helg. Men appen kraschar varje gång jag loggar in med bankid",
            ["men appen kraschar varje gång jag loggar in med bankid"],
        ),
    ],
)
def test_greetings_and_sign_offs_are_dropped(text, clauses):
    assert [" ".join(c.words) for c in analyse(text).clauses] == clauses


def test_a_sign_off_does_not_change_a_complaint():
    # "bra" in "Ha en bra dag" read as praise and turned complaints positive
    plain = analyse("Vi fick nej på skolskjuts trots att skolvägen är livsfarlig.")
    signed = analyse("Vi fick nej på skolskjuts trots att skolvägen är livsfarlig.\nHa en bra dag!")
    assert signed == plain


def test_a_comment_that_is_only_a_courtesy_has_one_empty_clause():
    doc = analyse("Ha en bra dag!")
    assert len(doc.clauses) == 1 and doc.n_words == 0


def test_char_ngrams_stay_within_a_word_and_mark_its_edges():
    grams = char_ngrams("bygglov", 3, 5)
    assert "<by" in grams and "lov>" in grams and "glov>" in grams
    assert all(3 <= len(g) <= 5 for g in grams)
    assert len(grams) == 7 + 6 + 5  # "<bygglov>" has 9 characters


def test_compounds_share_ngrams_with_their_parts():
    compound = set(char_ngrams("bygglovshandläggaren"))
    assert {"handl", "läggar"[:5], "bygg"} <= compound


def test_features_are_group_normalised():
    parts = [clause_keys(c) for c in analyse("Lång kö men trevlig handläggare").clauses]
    x = vectorise(parts, {"w": 1.0, "c": 0.5})
    words = [v for k, v in x.items() if k.startswith("w:")]
    chars = [v for k, v in x.items() if k.startswith("c:")]
    assert sum(v * v for v in words) == pytest.approx(1.0)
    assert sum(v * v for v in chars) == pytest.approx(0.25)
    assert not any(k.startswith("b:") for k in x)  # weight 0 leaves a group out


def test_lexicon_cues_flip_under_negation_and_o_prefix():
    assert "neg_pos" in lexicon.word_cues("NEG_bra")
    assert "neg" in lexicon.word_cues("otrevlig")
    assert "pos" in lexicon.word_cues("jättebra")
    assert "doubt" in lexicon.cues(("vi", "få", "se"), "vi får se")
    assert "area:municipal_services" in lexicon.word_cues("bygglovshandläggare")


def _cues(text: str) -> list[set[str]]:
    return [{k[2:] for k in cue_keys(c)} for c in analyse(text).clauses]


@pytest.mark.parametrize(
    "text",
    [
        "snabbt svar? Knappast",
        "Snabbt svar? Knappast.",
        "tack för det fantastiska bemötandet, not",
        "vilken fantastisk service... not",
        "vilken bra service, eller inte",
        "snabbt svar? Nej, verkligen inte",
        "Funkade appen? Nej.",
        "Smidigt...inte",
    ],
)
def test_a_take_back_clause_negates_the_praise_before_it(text):
    first = _cues(text)[0]
    assert "neg_pos" in first and "pos" not in first


@pytest.mark.parametrize(
    "text",
    [
        "Trevlig personal. Nej, jag vet inte vad mer",  # this "Nej" answers no question
        "Snabbt svar. Inte konstigt att jag är nöjd",  # more than a take-back
    ],
)
def test_a_take_back_needs_its_own_clause_and_a_question_for_nej(text):
    first = _cues(text)[0]
    assert "pos" in first and "neg_pos" not in first


def test_a_take_back_after_a_negated_clause_says_it_again():
    first = _cues("Inte bra alls. Inte")[0]
    assert "neg_pos" in first and "pos" not in first


@pytest.mark.parametrize(
    "text",
    [
        "lovad återuppringning inom en timme men ingen ringde",
        "autosvaret lovade svar inom 48 timmar men det tog fem dagar",
        "hen lovade att skicka blanketten men den kom aldrig",
        "Hon lovade att ringa tillbaka, men det gjorde hon inte",
    ],
)
def test_a_broken_promise_is_a_complaint_not_doubt(text):
    first = _cues(text)[0]
    assert {"neg", "complaint"} <= first and "doubt" not in first


@pytest.mark.parametrize(
    "text",
    [
        "Lovade återkoppling inom 48 timmar. Återkommer om det händer.",
        "De lovade att ringa upp, vi får se",
        "de lovade svar inom två dagar men jag fick svar redan efter en",
    ],
)
def test_a_promise_not_yet_broken_stays_doubt(text):
    first = _cues(text)[0]
    assert "doubt" in first and "complaint" not in first


@pytest.mark.parametrize(
    "text",
    ["kort kötid fast det var måndag morgon", "trevlig handläggare, fast jag fick vänta länge"],
)
def test_a_concession_with_fast_is_not_doubt(text):
    assert all("doubt" not in cues for cues in _cues(text))


def _ids_with_split(split: str, n: int) -> list[str]:
    ids = (f"t-{i:04d}" for i in range(10_000))
    return [i for i in ids if split_of(i) == split][:n]


def test_split_rule_is_the_sha1_rule():
    for rid in ["a-0001", "b-0042", "c-0500", "x"]:
        expected = "test" if int(hashlib.sha1(rid.encode()).hexdigest(), 16) % 5 == 0 else "train"
        assert split_of(rid) == expected


def test_load_corpus_tolerates_a_half_written_line_and_splits(tmp_path):
    train_ids, test_ids = _ids_with_split("train", 3), _ids_with_split("test", 2)
    lines = [
        json.dumps(
            {
                "id": i,
                "text": f"text {i}",
                "labels": {"waiting_time": "negative"},
                "channel": "phone",
            },
            ensure_ascii=False,
        )
        for i in train_ids + test_ids
    ]
    bad = json.dumps({"id": "bad", "text": "x", "labels": {"nope": "negative"}})
    (tmp_path / "part-a.jsonl").write_text("\n".join(lines[:3] + [bad]) + "\n", encoding="utf-8")
    (tmp_path / "part-b.jsonl").write_text(
        "\n".join(lines[3:] + [lines[0]]) + '\n{"id": "half", "text": "Lång k', encoding="utf-8"
    )
    assert [r["id"] for r in load_corpus(tmp_path)] == train_ids + test_ids
    assert [r["id"] for r in load_corpus(tmp_path, split="train")] == train_ids
    assert [r["id"] for r in load_corpus(tmp_path, split="test")] == test_ids
    with pytest.raises(ValueError):
        load_corpus(tmp_path, split="dev")


def test_load_corpus_reads_the_env_folder(tmp_path, monkeypatch):
    (tmp_path / "x.jsonl").write_text(
        json.dumps({"id": "e1", "text": "Bra!", "labels": {"overall_experience": "positive"}}),
        encoding="utf-8",
    )
    monkeypatch.setenv("PULSE_DATA_DIR", str(tmp_path))
    assert [r["id"] for r in load_corpus()] == ["e1"]


@pytest.mark.parametrize(
    ("text", "cue", "found"),
    [
        # "too much" is a complaint
        ("Barngrupperna på förskolan är för stora!", "complaint", True),
        ("biblioteket har för korta öppettider", "complaint", True),
        ("det tog alldeles för lång tid", "complaint", True),
        ("alltför långa handläggningstider", "complaint", True),
        ("Tack för snabb hjälp", "complaint", False),  # "för" as a preposition
        ("kön var inte för lång", "complaint", False),
        # praise without a praise word
        ("Kan bara ge fem av fem.", "praise", True),
        ("tio av tio", "praise", True),
        ("Två tummar upp för kommunen", "praise", True),
        ("Blev glatt överraskad av hela kontakten", "praise", True),
        ("inget att klaga på", "praise", True),
        ("tre av tio", "praise", False),  # a low grade
        ("tummen ner", "praise", False),
    ],
)
def test_phrases_without_a_sentiment_word_give_a_cue(text, cue, found):
    assert (cue in lexicon.phrase_cues(text.lower())) is found


@pytest.mark.parametrize(
    ("text", "errand"),
    [
        ("Ringde om bygglovet i tisdags. Trevlig handläggare", True),
        ("Jag mejlade angående fakturan för sophämtningen. Svar direkt!", True),
        ("Gällande hemtjänsten till pappa: bra", True),
        # judged, or naming the channel, the wait or the person: not only an errand
        ("Ringde om bygglovet som aldrig blir klart", False),
        ("Ringde om vattenläckan och fick svar direkt", False),
        ("Skrev i chatten om vattenavstängningen", False),
        ("Ringde om den usla snöröjningen", False),
        ("Snöröjningen är usel", False),
    ],
)
def test_an_errand_clause_gets_its_own_features(text, errand):
    first = analyse(text).clauses[0]
    assert all(lem.startswith("ERR_") for lem in first.lemmas) is errand
    if errand:  # its words give no lexicon cues, so "bygglov" does not point to an area
        assert not [k for k in cue_keys(first) if k.startswith("x:area:")]


@pytest.mark.parametrize(
    ("folded", "written"),
    [
        (
            "handlaggaren var valdigt trevlig men kon var for lang",
            "handläggaren var väldigt trevlig men kön var för lång",
        ),
        ("Tack for hjalpen! e-tjansten ar bra", "Tack för hjälpen! e-tjänsten är bra"),
        ("fick vanta 40 min sen la dom pa", "fick vänta 40 min sen la dom på"),
    ],
)
def test_a_comment_typed_without_a_a_o_is_read_with_them(folded, written):
    assert tokenize(folded) == tokenize(written)
    assert analyse(folded).clauses == analyse(written).clauses


@pytest.mark.parametrize(
    "text",
    [
        "Hon sa att det var klart",  # nothing shows a lost letter: "sa" stays "sa"
        "Tack for hjalpen, kön var kort",  # it has an ö, so it was not typed without them
    ],
)
def test_a_comment_that_did_not_lose_its_letters_is_left_alone(text):
    assert tokenize(text) == _TOKEN_TEXT_RE.findall(text.lower())


def test_a_restored_word_is_the_more_frequent_one():
    # "har" (has) is more common than "här" (here); "kon" is most often "kön" (the queue).
    restored = restore(["vi", "har", "valdigt", "lang", "kon"])
    assert restored == ["vi", "har", "väldigt", "lång", "kön"]
