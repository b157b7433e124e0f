"""Putting å, ä and ö back into a comment typed without them.

Some citizens write on a keyboard or phone without the Swedish letters: "handlaggaren var
valdigt trevlig men kon var for lang". Their words then miss every lemma, lexicon cue and
most character n-grams the model learned. Such a comment is restored word by word: a word
becomes the most frequent Swedish word that folds to it ("hjalp" -> "hjälp") when that word is
more frequent than the word as written, so "har" stays "har" (not "här") and "for" becomes
"för". Frequencies are wordfreq's Swedish list (offline data in the package).

A comment is restored only when it shows that it lost its letters: it has no å, ä or ö at all,
and one of its words is far more common with them ("nojd", "hjalp", "ar"). "Hon sa att det var
klart" has nothing to lose and keeps its "sa".

>>> restore(["tack", "for", "hjalpen", ",", "handlaggaren", "var", "nojd"])
['tack', 'för', 'hjälpen', ',', 'handläggaren', 'var', 'nöjd']
>>> restore(["hon", "sa", "att", "det", "var", "klart"])
['hon', 'sa', 'att', 'det', 'var', 'klart']
"""

from __future__ import annotations

import threading
from collections.abc import Sequence

__all__ = ["is_folded_text", "load", "restore"]

_FOLD = str.maketrans("åäöé", "aaoe")
_SWEDISH_LETTERS = frozenset("åäöÅÄÖ")
# A word whose restored form is this much more frequent (Zipf units, log10 of occurrences per
# billion words) shows that the comment was folded: "hjalp" 2.3 / "hjälp" 5.5, "ar" 4.6 / "är"
# 7.5, but "sa" 5.6 / "så" 7.0 and "for" 4.9 / "för" 7.2 do not on their own.
EVIDENCE_GAIN = 2.5
# Restored forms rarer than this are too rare to be worth the risk (names, typos in the list);
# a word as written that is rarer than _FLOOR_ZIPF counts as unknown (Zipf 0).
_MIN_ZIPF = 2.0
_FLOOR_ZIPF = 1.0

_table: dict[str, tuple[str, float]] | None = None
_table_lock = threading.Lock()


def _build_table() -> dict[str, tuple[str, float]]:
    """Folded word -> (the most frequent word with å/ä/ö that folds to it, its Zipf gain)."""
    from wordfreq import available_languages, read_cBpack  # ~0.5 s: only when first needed

    # read_cBpack, not get_frequency_list: that one caches the whole list (~340k words).
    buckets = read_cBpack(available_languages("best")["sv"])
    zipf: dict[str, float] = {}
    for centibels, words in enumerate(buckets):  # most frequent first
        z = 9.0 - centibels / 100
        if z < _FLOOR_ZIPF:
            break
        for word in words:
            zipf.setdefault(word, z)
    table: dict[str, tuple[str, float]] = {}
    for word, z in zipf.items():  # dicts keep insertion order: the most frequent wins
        folded = word.translate(_FOLD)
        if folded == word or folded in table or z < _MIN_ZIPF:
            continue
        gain = z - zipf.get(folded, 0.0)
        if gain > 0:
            table[folded] = (word, gain)
    return table


def load() -> None:
    """Read the frequency table now (about 0.7 s and 30 MB), so that the first comment typed
    without å, ä and ö does not wait for it on the hot path."""
    _lookup()


def _lookup() -> dict[str, tuple[str, float]]:
    global _table
    if _table is None:
        with _table_lock:
            if _table is None:
                _table = _build_table()
    return _table


def is_folded_text(text: str) -> bool:
    """Could ``text`` have lost its å, ä and ö? (It has none; cheap, so checked first.)"""
    return not _SWEDISH_LETTERS.intersection(text)


def _restored_word(token: str, table: dict[str, tuple[str, float]]) -> tuple[str, float]:
    """A token with its letters back and how much more frequent that is (0: unchanged)."""
    hit = table.get(token)
    if hit is not None:
        return hit
    if "-" in token:  # "e-tjansten": restore each part
        parts = [table.get(p, (p, 0.0)) for p in token.split("-")]
        if any(gain for _, gain in parts):
            return "-".join(p for p, _ in parts), max(gain for _, gain in parts)
    return token, 0.0


def restore(tokens: Sequence[str]) -> list[str]:
    """``tokens`` of a text without å, ä and ö (:func:`is_folded_text`; lower case, as the
    tokeniser gives them) with the letters put back when a word shows they were lost;
    otherwise unchanged."""
    table = _lookup()
    restored = [_restored_word(t, table) for t in tokens]
    if any(gain >= EVIDENCE_GAIN for _, gain in restored):
        return [word for word, _ in restored]
    return list(tokens)
