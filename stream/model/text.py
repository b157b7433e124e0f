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
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from itertools import chain, pairwise

import simplemma

from stream.model import lexicon

__all__ = [
    "NEGATORS",
    "Clause",
    "Doc",
    "analyse",
    "char_ngrams",
    "clause_keys",
    "lemma",
    "length_key",
    "mark_negation",
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


def tokenize(text: str) -> list[str]:
    """Lower-case word, emoticon and punctuation tokens; numbers become ``<num>``.

    >>> tokenize("Väntade 40 min i kön... e-tjänsten funkar inte :(")
    ['väntade', '<num>', 'min', 'i', 'kön', '...', 'e-tjänsten', 'funkar', 'inte', ':(']
    """
    out: list[str] = []
    for m in _TOKEN_RE.finditer(text.lower()):
        tok = m.group(0)
        if m.lastgroup == "word":
            if _DIGITS_RE.match(tok):
                tok = "<num>"
            else:
                tok = tok.replace("’", "'").replace("_", "")
                if not tok:
                    continue
        out.append(tok)
    return out


@lru_cache(maxsize=200_000)
def lemma(token: str) -> str:
    """The Swedish lemma of one lower-case token (colloquial spellings normalised first)."""
    token = lexicon.NORMALISE.get(token, token)
    if not token[:1].isalpha():
        return token
    return simplemma.lemmatize(token, lang="sv").lower()


def _is_word(tok: str) -> bool:
    return tok[:1].isalnum() or tok == "<num>"


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


@dataclass(frozen=True, slots=True)
class Clause:
    """One clause: its surface words, its lemmas with negation marks, and its end mark."""

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
    tokens = tokenize(text)
    clauses: list[Clause] = []
    words: list[str] = []
    lemmas: list[str] = []
    left = 0

    def close(end: str) -> None:
        if words:
            clauses.append(Clause(tuple(words), tuple(lemmas), end))

    for tok in tokens:
        if tok in CLAUSE_PUNCT:
            close(tok)
            words, lemmas, left = [], [], 0
            continue
        if tok in CLAUSE_OPENERS:
            close("")
            words, lemmas, left = [], [], 0
        lem = lemma(tok)
        words.append(tok)
        if tok in NEGATORS:
            left = scope
            lemmas.append(lem)
        elif left > 0 and _is_word(tok):
            lemmas.append(NEG_PREFIX + lem)
            left -= 1
        else:
            lemmas.append(lem)
    close("")
    if not clauses:
        clauses.append(Clause((), (), ""))
    return Doc(tuple(clauses), sum(len(c.words) for c in clauses))


# ---------------------------------------------------------------------------------------------
# Feature keys. A clause gives keys in groups; a vector merges clauses and L2-normalises each
# group, so a long comment does not outweigh a short one and groups keep their set weights.

GROUPS = ("w", "b", "c", "x", "m")  # words, word bigrams, character n-grams, cues, meta


def clause_keys(
    clause: Clause,
    n_min: int = 3,
    n_max: int = 5,
    cues: bool = True,
    min_len: int = 1,
    buckets: int = 0,
) -> dict[str, list[str]]:
    """Feature keys of one clause by group, as ``"<group>:<key>"`` (unique, first-seen order).

    Character n-grams come only from words of at least ``min_len`` letters: short words are
    covered by their word feature, long ones (compounds, typos) need the n-grams. With
    ``buckets`` > 0 the n-grams are hashed (CRC-32) into that many buckets, which bounds the
    weights an always-learning model keeps for them.
    """
    lemmas = clause.lemmas
    words = dict.fromkeys("w:" + w for w in lemmas)
    bigrams = dict.fromkeys(f"b:{a}_{b}" for a, b in pairwise(lemmas))
    chars: dict[str, None] = {}
    if n_max >= n_min:
        for w in clause.words:
            if len(w) >= min_len and w[:1].isalpha():
                chars.update(dict.fromkeys(_char_ngrams_cached(w, n_min, n_max, buckets)))
    meta: list[str] = []
    if clause.end in ("!", "?"):
        meta.append("m:end" + clause.end)
    elif clause.end in ("...", "…"):
        meta.append("m:end...")
    x: list[str] = []
    if cues:
        x = lexicon.cues(lemmas, " ".join(clause.words))
        # A clause with feeling but no area word is usually about the contact as a whole.
        if not any(k.startswith("area:") for k in x):
            x += [f"generic_{k}" for k in x]
    return {
        "w": list(words),
        "b": list(bigrams),
        "c": list(chars),
        "m": meta,
        "x": ["x:" + k for k in x],
    }


@lru_cache(maxsize=200_000)
def _char_ngrams_cached(word: str, n_min: int, n_max: int, buckets: int) -> tuple[str, ...]:
    grams = char_ngrams(word, n_min, n_max)
    if buckets:
        return tuple("c:" + format(zlib.crc32(g.encode()) % buckets, "x") for g in grams)
    return tuple("c:" + g for g in grams)


def length_key(n_words: int) -> str:
    """A coarse length bucket: very short comments are usually about the contact as a whole."""
    if n_words <= 1:
        return "len1"
    if n_words <= 3:
        return "len2-3"
    if n_words <= 8:
        return "len4-8"
    return "len9+"


def vectorise(
    parts: list[dict[str, list[str]]],
    weights: dict[str, float],
    prefix: str = "",
    extra_meta: tuple[str, ...] = (),
) -> dict[str, float]:
    """Merge the keys of several clauses into one feature dict, group by group.

    Each group is binary and scaled to L2 norm ``weights[group]`` (groups with weight 0 are
    left out); keys are ``"<prefix><group>:<key>"``.
    """
    out: dict[str, float] = {}
    for g in GROUPS:
        wg = weights.get(g, 0.0)
        if not wg:
            continue
        extra = g == "m" and extra_meta
        merged: Iterable[str]
        if len(parts) == 1 and not extra:
            merged = parts[0][g]  # already unique
        else:
            merged = dict.fromkeys(chain.from_iterable(part[g] for part in parts))
            if extra:
                merged.update(dict.fromkeys("m:" + k for k in extra_meta))
        if not merged:
            continue
        v = wg / len(merged) ** 0.5  # type: ignore[arg-type]
        if prefix:
            out.update({prefix + k: v for k in merged})
        else:
            out.update(dict.fromkeys(merged, v))
    return out
