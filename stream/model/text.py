"""Swedish text analysis: tokens, lemmas, negation scope, clauses and feature keys.

Everything here is pure Python and deterministic. Lemmatisation goes through simplemma,
cached per token, because a comment stream repeats the same few thousand words.

Examples
--------
>>> split_clauses("Lång kö men handläggaren var jättetrevlig")
['Lång kö', 'men handläggaren var jättetrevlig']
>>> mark_negation(["det", "gick", "inte", "särskilt", "snabbt", ".", "bra"])
['det', 'gick', 'inte', 'NEG_särskilt', 'NEG_snabbt', '.', 'bra']
>>> lemma("handläggaren")
'handläggare'
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise
from typing import NamedTuple

import simplemma

from stream.model import diacritics, lexicon
from stream.model.lexicon import is_courtesy

__all__ = [
    "NEGATORS",
    "Clause",
    "Doc",
    "Segment",
    "analyse",
    "analyse_plain",
    "char_keys_of",
    "char_ngrams",
    "clause_groups",
    "clause_keys",
    "comment_keys",
    "cue_keys",
    "lemma",
    "length_key",
    "mark_negation",
    "merge_group",
    "segments",
    "segments_dict",
    "split_clauses",
    "tokenize",
    "vectorise",
]

# Words that negate what follows. "utan" also covers "utan problem" (= no problems).
NEGATORS: frozenset[str] = frozenset(
    {"inte", "ej", "icke", "aldrig", "ingen", "inget", "inga", "knappast", "utan", "varken"}
)
NEG_SCOPE = 3  # how many following word tokens a negator reaches (within its clause)
NEG_PREFIX = "NEG_"

# Words that open a new clause: the sentiment often turns on them.
CLAUSE_OPENERS: frozenset[str] = frozenset({"men", "fast", "dock", "samtidigt", "däremot", "medan"})
# Punctuation that closes a clause.
CLAUSE_PUNCT: frozenset[str] = frozenset({".", "!", "?", ";", ",", ":", "…", "...", "–", "—"})

_TOKEN_RE = re.compile(
    r"""
    (?P<emo>[:;]-?[()DPp/|])(?!\w)    # emoticons, kept as cues
    |(?P<word>\w+(?:[-'’]\w+)*)        # words, incl. "e-tjänsten", "1177"
    |(?P<punct>\.{2,}|[.!?;,:…–—])     # clause punctuation
    """,
    re.VERBOSE,
)
_DIGITS_RE = re.compile(r"^\d+$")
NUM_LEMMA = "<num>"  # the lemma of every number (its token keeps the digits)
# The same tokens as plain strings (findall without groups): a token's kind follows from its
# text, and the per-token work (normalising, lemmatising, classifying) is cached by that text.
_TOKEN_TEXT_RE = re.compile(re.sub(r"\(\?P<\w+>", "(?:", _TOKEN_RE.pattern), re.VERBOSE)

# Token kinds, as :func:`analyse` treats them.
_PUNCT, _OPENER, _NEGATOR, _WORD, _OTHER = range(5)


def tokenize(text: str) -> list[str]:
    """Lower-case word, emoticon and punctuation tokens; a number keeps its digits (its lemma,
    and so its word feature, is ``<num>``: see :func:`analyse`).

    >>> tokenize("Väntade 40 min i kön... e-tjänsten funkar inte :(")
    ['väntade', '40', 'min', 'i', 'kön', '...', 'e-tjänsten', 'funkar', 'inte', ':(']
    """
    infos = map(_TOKENS.__getitem__, _token_texts(text))
    return [info[0] for info in infos if info is not None]


def _token_texts(text: str) -> list[str]:
    """The matched token texts of ``text``, lower case, with å, ä and ö put back if it was
    typed without them (:mod:`stream.model.diacritics`)."""
    raw = _TOKEN_TEXT_RE.findall(text.lower())
    return diacritics.restore(raw) if diacritics.is_folded_text(text) else raw


def _token(raw: str) -> tuple[str, int, str, str] | None:
    """``(token, kind, lemma, NEG_lemma)`` of one matched token text; None if it vanishes.

    A number keeps its digits as the token, which the cue lexicon reads ("vänta 58 minuter"
    is a long wait), while its lemma is ``<num>``: word features and bigrams do not learn
    one weight per number, and digits give no character n-grams either way.
    """
    tok = raw
    if _TOKEN_RE.match(raw).lastgroup == "word":  # type: ignore[union-attr]
        if _DIGITS_RE.match(tok):
            return tok, _WORD, NUM_LEMMA, NEG_PREFIX + NUM_LEMMA
        tok = tok.replace("’", "'").replace("_", "")
        if not tok:
            return None
    if tok in CLAUSE_PUNCT:
        return tok, _PUNCT, "", ""
    if tok in CLAUSE_OPENERS:
        kind = _OPENER
    elif tok in NEGATORS:
        kind = _NEGATOR
    else:
        kind = _WORD if _is_word(tok) else _OTHER
    lem = lemma(tok)
    return tok, kind, lem, NEG_PREFIX + lem


_TOKENS = lexicon.Memo(_token)  # matched token text -> _token(text)


# The lexicon lists words as they are written ("besviken", "nekades", "okej") and is matched
# against lemmas, but simplemma lemmatises many of them to another word (besvika, neka, oka),
# so 55 of its entries never fired. A lexicon word is its own lemma, and a form that
# lemmatises like one takes it (besvikna -> besvika -> besviken), unless that lemma is a
# word of its own that must stay neutral (lägga, förstå, lysa).
_OWN_LEMMA_ONLY = frozenset({
    "lägga", "förstå", "lysa", "lös", "fi", "råna", "stele", "godkänna", "övertyga", "förvåna",
})


def _lexicon_lemmas() -> dict[str, str]:
    words = sorted(lexicon.POSITIVE | lexicon.NEGATIVE | lexicon.DOUBT)
    forms = {w: w for w in words}
    for w in words:
        lem = simplemma.lemmatize(w, lang="sv").lower()
        if lem not in forms and lem not in _OWN_LEMMA_ONLY:
            forms[lem] = w
    return forms


_LEXICON_LEMMAS = _lexicon_lemmas()


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The Swedish lemma of one lower-case token (colloquial spellings normalised first; a
    lexicon word, or a form of one, gets the lexicon's spelling)."""
    token = lexicon.NORMALISE.get(token, token)
    if not token[:1].isalpha():
        return token
    if token in _LEXICON_LEMMAS:
        return _LEXICON_LEMMAS[token]
    lem = simplemma.lemmatize(token, lang="sv").lower()
    return _LEXICON_LEMMAS.get(lem, lem)


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum() or tok == NUM_LEMMA


def mark_negation(tokens: list[str], scope: int = NEG_SCOPE) -> list[str]:
    """Prefix the ``scope`` word tokens after a negator with ``NEG_``, stopping at a clause end.

    >>> mark_negation(["inte", "alls", "krångligt", "men", "segt"])
    ['inte', 'NEG_alls', 'NEG_krångligt', 'men', 'segt']
    """
    out: list[str] = []
    left = 0
    for tok in tokens:
        if tok in CLAUSE_PUNCT or tok in CLAUSE_OPENERS:
            left = 0
            out.append(tok)
        elif tok in NEGATORS:
            left = scope
            out.append(tok)
        elif left > 0 and _is_word(tok):
            out.append(NEG_PREFIX + tok)
            left -= 1
        else:
            out.append(tok)
    return out


def split_clauses(text: str) -> list[str]:
    """Split a comment into clauses on punctuation and on contrast words ("men", "fast" ...).

    The contrast word starts the new clause; punctuation is dropped; empty clauses vanish.

    >>> split_clauses("Snabbt svar, trevlig personal. Hemsidan är dock rörig!")
    ['Snabbt svar', 'trevlig personal', 'Hemsidan är', 'dock rörig']
    """
    clauses: list[str] = []
    current: list[str] = []
    for m in _TOKEN_RE.finditer(text):
        tok = m.group(0)
        low = tok.lower()
        if m.lastgroup == "punct":
            if current:
                clauses.append(" ".join(current))
            current = []
        elif low in CLAUSE_OPENERS:
            if current:
                clauses.append(" ".join(current))
            current = [tok]
        else:
            current.append(tok)
    if current:
        clauses.append(" ".join(current))
    return clauses


def char_ngrams(word: str, n_min: int = 3, n_max: int = 5) -> list[str]:
    """Character n-grams of one word, with ``<`` and ``>`` marking its edges.

    >>> char_ngrams("kö")
    ['<kö', 'kö>', '<kö>']
    """
    w = f"<{word}>"
    size = len(w)
    return [w[i : i + n] for n in range(n_min, n_max + 1) for i in range(size - n + 1)]


RawClause = tuple[tuple[str, ...], tuple[str, ...], str]  # a Clause as a plain tuple


class Clause(NamedTuple):
    """One clause: its surface words, its lemmas with negation marks, and its end mark.

    A named tuple: the feature functions also take a plain ``(words, lemmas, end)`` tuple,
    which a scorer keeps for thousands of comments at a time (the garbage collector stops
    tracking plain tuples of strings).
    """

    words: tuple[str, ...]
    lemmas: tuple[str, ...]
    end: str  # the punctuation that closed it ("" at the end of the text or before "men")


@dataclass(frozen=True, slots=True)
class Doc:
    """An analysed comment: clauses in order (at least one, possibly with no words)."""

    clauses: tuple[Clause, ...]
    n_words: int


def analyse(text: str, scope: int = NEG_SCOPE) -> Doc:
    """Tokenise, lemmatise, mark negation and split into clauses in one pass."""
    clauses, n_words = analyse_plain(text, scope)
    return Doc(tuple(map(Clause._make, clauses)), n_words)


def analyse_plain(text: str, scope: int = NEG_SCOPE) -> tuple[tuple[RawClause, ...], int]:
    """:func:`analyse` as plain ``(words, lemmas, end)`` tuples and the number of words."""
    clauses: list[RawClause] = []
    words: list[str] = []
    lemmas: list[str] = []
    left = 0
    for info in map(_TOKENS.__getitem__, _token_texts(text)):
        if info is None:
            continue
        tok, kind, lem, neg_lem = info
        if kind == _PUNCT or kind == _OPENER:
            if words:
                clauses.append((tuple(words), tuple(lemmas), tok if kind == _PUNCT else ""))
            words, lemmas, left = [], [], 0
            if kind == _PUNCT:
                continue
        words.append(tok)
        if kind == _NEGATOR:
            left = scope
            lemmas.append(lem)
        elif left > 0 and kind == _WORD:
            lemmas.append(neg_lem)
            left -= 1
        else:
            lemmas.append(lem)
    if words:
        clauses.append((tuple(words), tuple(lemmas), ""))
    if clauses and any(is_courtesy(c[0], i == 0) for i, c in enumerate(clauses)):
        clauses = _without_courtesies(clauses)
    _mark_errands(clauses)
    if not clauses:
        clauses.append(((), (), ""))
    elif len(clauses) > 1:
        _after_the_fact(clauses)
    return tuple(clauses), sum(len(c[0]) for c in clauses)


_SIGNATURE_WORDS = 6  # at most this many words after a sign-off are its signature


def _without_courtesies(clauses: list[RawClause]) -> list[RawClause]:
    """The clauses less greetings and sign-offs, and less a short signature after a sign-off
    ("Med vänlig hälsning, en förälder i Kalmar").

    >>> [c[0] for c in analyse_plain("Hej! Bra service. Mvh, Anna")[0]]
    [('bra', 'service')]
    """
    kept: list[RawClause] = []
    for i, clause in enumerate(clauses):
        if not is_courtesy(clause[0], i == 0):
            kept.append(clause)
        elif i > 0 and sum(len(c[0]) for c in clauses[i + 1 :]) <= _SIGNATURE_WORDS:
            break  # a sign-off: what follows is a signature
    return kept


# The errand: "Ringde om bygglovet i tisdags", "Angående fakturan för sophämtningen". It names
# a service without judging it (the guide labels only what is judged), but its words are the
# municipal_services words that judged text uses too, and the model found that area behind
# every errand. Its lemmas get ERRAND_PREFIX, so they learn weights of their own and give no
# lexicon cues; its character n-grams stay (typos).
ERRAND_PREFIX = lexicon.ERRAND_PREFIX
_ERRAND_HEADS = frozenset({
    "ringde", "ringt", "ringer", "mejlade", "mailade", "mejlat", "mailat", "skrev", "skrivit",
    "chattade", "chattat", "besökte", "kontaktade", "kontaktat", "lämnade", "skickade",
    "ansökte", "sökte", "anmälde", "angående", "gällande", "ang", "beträffande", "rörande",
})
_ERRAND_SUBJECTS = frozenset({"jag", "vi", "ja", "har", "hade"})
_ERRAND_ABOUT = frozenset({"om", "angående", "gällande", "ang", "kring", "rörande", "beträffande"})
_ERRAND_MAX_WORDS = 16
# An errand that names the channel, the wait or the person ("skrev i chatten om ...", "ringde
# om vattenläckan och fick svar direkt") is already judging them: left as it is.
_OTHER_AREA_CUES = frozenset(
    f"area:{a}" for a in lexicon.AREA_EXACT if a not in ("municipal_services", "overall_experience")
)


def _is_errand(words: tuple[str, ...], lemmas: tuple[str, ...]) -> bool:
    start = 1 if len(words) > 1 and words[0] in _ERRAND_SUBJECTS else 0
    return (
        words[start] in _ERRAND_HEADS
        and not _ERRAND_ABOUT.isdisjoint(words[start : start + 6])
        and len(words) <= _ERRAND_MAX_WORDS
        and "och" not in words
        and NEGATORS.isdisjoint(words)
        and not any(map(lexicon.has_polarity, lemmas))
        and _OTHER_AREA_CUES.isdisjoint(
            chain.from_iterable(map(lexicon.word_cues, lemmas[start + 1 :]))  # "ringa": a wait
        )
        and not lexicon.phrase_cues(" ".join(words))
    )


def _mark_errands(clauses: list[RawClause]) -> None:
    """Prefix the lemmas of errand clauses among the first two (in place).

    >>> [c[1] for c in analyse_plain("Ringde om bygglovet. Trevlig handläggare")[0]]
    [('ERR_ringa', 'ERR_om', 'ERR_bygglov'), ('trevlig', 'handläggare')]
    >>> analyse_plain("Ringde om bygglovet som aldrig blir klart")[0][0][1][:2]
    ('ringa', 'om')
    """
    for i, (words, lemmas, end) in enumerate(clauses[:2]):
        if words and _is_errand(words, lemmas):
            clauses[i] = (words, tuple(ERRAND_PREFIX + lem for lem in lemmas), end)


# A clause made only of these words, with at least one that negates, answers or takes back
# the clause before it: "snabbt svar? Knappast", "tack för det fantastiska bemötandet, not",
# "vilken service, eller inte", "Funkade appen? Nej."
_TAKE_BACK = frozenset({"not", "knappast", "inte", "icke", "ej"})
_ANSWER_NO = frozenset({"nej", "nä", "näe", "nää", "nope", "nix"})  # only after a question
_TAKE_BACK_FILL = frozenset(
    {"verkligen", "direkt", "alls", "eller", "precis", "absolut", "riktigt", "typ"}
)
_TAKE_BACK_ALL = _TAKE_BACK | _ANSWER_NO | _TAKE_BACK_FILL
# A promise followed by its failure ("lovade att ringa men ingen ringde", "lovade svar inom
# två dagar men det tog tre veckor") is a complaint, not doubt: the promise's lemma becomes
# BROKEN_PROMISE, a complaint cue (see lexicon). "som utlovat" is a promise kept and "lovar"
# one that still stands, so only the past "lova" counts. A failure is in the next clause,
# which opens with "men"/"fast": "aldrig"/"ingen"/..., "inte" with a verb of something that
# should have happened, or a long wait that it took; and no doubt ("men jag är inte säker").
BROKEN_PROMISE = lexicon.BROKEN_PROMISE
_PROMISED = frozenset({"lovade", "lovad", "lovat", "lovades", "lova"})  # not "lovar": it stands
_PROMISES = frozenset(map(lemma, _PROMISED))  # their lemmas
_TOOK = frozenset({"tog", "dröjde", "tagit", "dröjt", "kom"})
_FAILED = frozenset({"aldrig", "ingen", "inget", "inga", "ingenting"})
_HAPPENED = frozenset({
    "kom", "kommit", "hört", "hörde", "ringt", "ringde", "gjort", "gjorde", "hänt", "hände",
    "synts", "syntes", "fått", "fick", "skickat", "skickade", "hållit", "höll", "återkommit",
    "återkom",
})


def _flip(lem: str) -> str:
    return NEG_PREFIX + lem if lexicon.has_polarity(lem) else lem


def _after_the_fact(clauses: list[RawClause]) -> None:
    """Negation and failure that come after the clause they turn (in place).

    A clause of only a take-back ("Knappast", "not", "eller inte", after a question "Nej")
    negates the polar words of the nearest clause before it that is not one itself (unless
    that clause is negated already); a promise whose next clause says it failed is a broken
    promise (see BROKEN_PROMISE).

    >>> [c[1] for c in analyse_plain("snabbt svar? Knappast")[0]]
    [('NEG_snabbt', 'svar'), ('knappast',)]
    >>> analyse_plain("hen lovade att ringa men ingen ringde")[0][0][1]
    ('hen', 'löftesbrott', 'att', 'ringa')
    """
    target = -1
    for i, (words, lemmas, end) in enumerate(clauses):
        if all(w in _TAKE_BACK_ALL for w in words):
            if target >= 0 and (
                not _TAKE_BACK.isdisjoint(words)
                or (not _ANSWER_NO.isdisjoint(words) and clauses[target][2] == "?")
            ):
                tw, tl, te = clauses[target]
                if NEGATORS.isdisjoint(tw):  # "inte bra. Inte alls" only says it again
                    clauses[target] = (tw, tuple(map(_flip, tl)), te)
                target = -1  # one take-back per clause
            continue
        target = i
        if (
            i + 1 < len(clauses)
            and not _PROMISED.isdisjoint(words)
            and clauses[i + 1][0][:1] in (("men",), ("fast",))
        ):
            nxt = clauses[i + 1][0]
            text = " ".join(nxt)
            if "doubt" not in lexicon.phrase_cues(text) and (
                not _FAILED.isdisjoint(nxt)
                or ("inte" in nxt and not _HAPPENED.isdisjoint(nxt))
                or (not _TOOK.isdisjoint(nxt) and "long_wait" in lexicon.wait_cues(text))
            ):
                clauses[i] = (
                    words,
                    tuple(BROKEN_PROMISE if lem in _PROMISES else lem for lem in lemmas),
                    end,
                )


# ---------------------------------------------------------------------------------------------
# Feature keys. A clause gives keys in groups; a vector merges clauses and L2-normalises each
# group, so a long comment does not outweigh a short one and groups keep their set weights.

GROUPS = ("w", "b", "c", "x", "m")  # words, word bigrams, character n-grams, cues, meta
Keys = tuple[str, ...]  # the unique keys of one group, in first-seen order
# Keys by group in GROUPS order. A tuple, not a dict: a scorer holds one per comment and
# clause, and the garbage collector stops tracking tuples of strings (it keeps tracking dicts).
GroupKeys = tuple[Keys, Keys, Keys, Keys, Keys]


def clause_keys(
    clause: Clause | RawClause,
    n_min: int = 3,
    n_max: int = 5,
    cues: bool = True,
    min_len: int = 1,
    buckets: int = 0,
) -> dict[str, Keys]:
    """Feature keys of one clause by group, as ``"<group>:<key>"`` (unique, first-seen order).

    Character n-grams come only from words of at least ``min_len`` letters: short words are
    covered by their word feature, long ones (compounds, typos) need the n-grams. With
    ``buckets`` > 0 the n-grams are hashed (CRC-32) into that many buckets, which bounds the
    weights an always-learning model keeps for them.
    """
    x_keys = cue_keys(clause) if cues else ()
    return dict(zip(GROUPS, clause_groups(clause, x_keys, n_min, n_max, min_len, buckets)))


def clause_groups(
    clause: Clause | RawClause,
    x_keys: Keys,
    n_min: int = 3,
    n_max: int = 5,
    min_len: int = 1,
    buckets: int = 0,
    char_keys: Callable[[str], tuple] | None = None,
) -> GroupKeys:
    """:func:`clause_keys` as a tuple in :data:`GROUPS` order, given the clause's
    :func:`cue_keys`. ``char_keys`` stands in for :func:`char_keys_of` (a scorer passes each
    key's column number, which de-duplicates the same way)."""
    words, lemmas, end = clause
    chars: Keys = ()
    if n_max >= n_min:
        grams = map(char_keys or char_keys_of(n_min, n_max, min_len, buckets), words)
        chars = tuple(dict.fromkeys(chain.from_iterable(grams)))
    return (
        tuple(dict.fromkeys(map(_WORD_KEY.__getitem__, lemmas))),
        tuple(dict.fromkeys([f"b:{a}_{b}" for a, b in pairwise(lemmas)])),
        chars,
        x_keys,
        _meta_keys(end),
    )


def cue_keys(clause: Clause | RawClause) -> Keys:
    """The cue keys (group ``x``) of one clause: ``"x:" +`` its :func:`lexicon.cues`."""
    words, lemmas, _ = clause
    x = dict.fromkeys(chain.from_iterable(map(_LEMMA_CUE_KEYS.__getitem__, lemmas)))
    phrase = lexicon.phrase_cues(" ".join(words))
    if phrase and BROKEN_PROMISE in lemmas:  # "lovade" is doubt only while the promise stands
        phrase = [cue for cue in phrase if cue != "doubt"]
    if phrase:
        x.update(dict.fromkeys(map(_CUE_KEY.__getitem__, phrase)))
    # A clause with feeling but no area word is usually about the contact as a whole.
    if _AREA_CUE_KEYS.isdisjoint(x):
        return (*x, *map(_GENERIC_CUE_KEY.__getitem__, x))
    return tuple(x)


# Word and cue keys are built once per lemma or cue name, not per clause: no string to build,
# and the same string object each time, whose hash is kept and which later look-ups find by
# identity.
_WORD_KEY = lexicon.Memo(lambda lem: "w:" + lem)
_CUE_KEY = lexicon.Memo(lambda cue: "x:" + cue)
_LEMMA_CUE_KEYS = lexicon.Memo(lambda lem: tuple(map(_CUE_KEY.__getitem__, lexicon.word_cues(lem))))
_GENERIC_CUE_KEY = lexicon.Memo(lambda key: "x:generic_" + key[2:])
_AREA_CUE_KEYS = frozenset("x:area:" + area for area in lexicon.AREA_EXACT)


def _meta_keys(end: str) -> Keys:
    if end in ("!", "?"):
        return ("m:end" + end,)
    if end in ("...", "…"):
        return ("m:end...",)
    return ()


def comment_keys(
    clauses: Sequence[Clause | RawClause],
    x_keys: Sequence[Keys],
    n_min: int = 3,
    n_max: int = 5,
    min_len: int = 1,
    buckets: int = 0,
    char_keys: Callable[[str], tuple] | None = None,
) -> GroupKeys:
    """The keys of several clauses by group (in :data:`GROUPS` order): :func:`merge_group` of
    their :func:`clause_groups`.

    Built straight from the clauses (``x_keys``: each one's :func:`cue_keys`), so a comment
    costs one de-duplication per group, not one per clause and group plus the merge.
    """
    if len(clauses) == 1:
        return clause_groups(clauses[0], x_keys[0], n_min, n_max, min_len, buckets, char_keys)
    lemmas = [c[1] for c in clauses]
    chars: Keys = ()
    if n_max >= n_min:
        words = chain.from_iterable(c[0] for c in clauses)
        grams = map(char_keys or char_keys_of(n_min, n_max, min_len, buckets), words)
        chars = tuple(dict.fromkeys(chain.from_iterable(grams)))
    return (
        tuple(dict.fromkeys(map(_WORD_KEY.__getitem__, chain.from_iterable(lemmas)))),
        tuple(dict.fromkeys([f"b:{a}_{b}" for lem in lemmas for a, b in pairwise(lem)])),
        chars,
        tuple(dict.fromkeys(chain.from_iterable(x_keys))),
        tuple(dict.fromkeys(chain.from_iterable(_meta_keys(c[2]) for c in clauses))),
    )


@lru_cache(maxsize=16)
def char_keys_of(
    n_min: int, n_max: int, min_len: int, buckets: int
) -> Callable[[str], tuple[str, ...]]:
    """The cached ``word -> character n-gram keys`` for one setting (see :func:`clause_keys`)."""

    def keys(word: str) -> tuple[str, ...]:
        if len(word) < min_len or not word[:1].isalpha():
            return ()
        grams = char_ngrams(word, n_min, n_max)
        if buckets:
            return tuple("c:" + format(zlib.crc32(g.encode()) % buckets, "x") for g in grams)
        return tuple("c:" + g for g in grams)

    return lexicon.Memo(keys).__getitem__


def length_key(n_words: int) -> str:
    """A coarse length bucket: very short comments are usually about the contact as a whole."""
    if n_words <= 1:
        return "len1"
    if n_words <= 3:
        return "len2-3"
    if n_words <= 8:
        return "len4-8"
    return "len9+"


# One group of a feature vector: (key prefix, the group's unique keys, the value of each key).
# Tuples, not lists, for the garbage collector's sake (see GroupKeys).
Segment = tuple[str, Keys, float]


def merge_group(parts: Sequence[Mapping[str, Keys]], g: str) -> Keys:
    """The unique keys of group ``g`` over several clauses, in first-seen order."""
    if len(parts) == 1:
        return parts[0][g]  # already unique
    return tuple(dict.fromkeys(chain.from_iterable(part[g] for part in parts)))


def segments(
    groups: GroupKeys,
    weights: dict[str, float],
    prefix: str = "",
    extra_meta: tuple[str, ...] = (),
) -> tuple[Segment, ...]:
    """The feature vector of merged keys (``groups``: unique keys by group, in :data:`GROUPS`
    order) as segments.

    Each group is binary and scaled to L2 norm ``weights[group]``; groups with weight 0 or no
    keys are left out; ``extra_meta`` keys join group ``m``.
    """
    out: list[Segment] = []
    for g, keys in zip(GROUPS, groups):
        wg = weights.get(g, 0.0)
        if not wg:
            continue
        if g == "m" and extra_meta:
            keys = tuple(dict.fromkeys(chain(keys, ["m:" + k for k in extra_meta])))
        if keys:
            out.append((prefix, keys, wg / len(keys) ** 0.5))
    return tuple(out)


def segments_dict(row: Iterable[Segment]) -> dict[str, float]:
    """The feature dict of segments: ``{prefix + key: value}`` in segment order."""
    out: dict[str, float] = {}
    for prefix, keys, v in row:
        if prefix:
            out.update({prefix + k: v for k in keys})
        else:
            out.update(dict.fromkeys(keys, v))
    return out


def vectorise(
    parts: Sequence[Mapping[str, Keys]],
    weights: dict[str, float],
    prefix: str = "",
    extra_meta: tuple[str, ...] = (),
) -> dict[str, float]:
    """Merge the keys of several clauses into one feature dict, group by group.

    Each group is binary and scaled to L2 norm ``weights[group]`` (groups with weight 0 are
    left out); keys are ``"<prefix><group>:<key>"``.
    """
    merged = tuple(merge_group(parts, g) if weights.get(g, 0.0) else () for g in GROUPS)
    return segments_dict(segments(merged, weights, prefix, extra_meta))  # type: ignore[arg-type]
