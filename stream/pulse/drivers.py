"""What drives a spike (over-represented terms) and the Swedish alert message."""

from __future__ import annotations

import itertools
import math
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import simplemma

from schemas.vocabulary import AREA_NAMES_SV, NATIONAL

# Swedish function words, auxiliaries, pronouns and intensifiers: frequent in every
# comment, so they say nothing about what a spike is about.
_STOP_TEXT = """
och att det som en ett i på är av för med till den inte om har de var jag vi ni han hon hen
man sig så men eller från vid nu när då där här hur vad vem vilken vilket vilka än även
också bara redan ju nog väl ändå kanske alltid aldrig ofta igen mer mest mycket lite
väldigt jätte riktigt verkligen extremt helt ganska rätt otroligt sjukt grymt supersnabbt
min mitt mina din ditt dina hans hennes hens dess vår vårt våra er ert era deras sin sitt
sina mig dig honom henne oss dem dom mej dej sej någon något några ingen inget inga
all alla allt annan annat andra samma sådan sådant sådana denna detta dessa
vara bli blir blev blivit ha hade haft få får fick fått kunna kan kunde ska skall skulle
vilja vill ville måste må göra gör gjorde gjort gå går gick komma kommer kom säga sa sade
ta tar tog se ser såg finnas finns fanns tycka tycker tyckte känna känns kändes
under över efter innan före mellan utan genom mot hos åt ur sedan sen upp ut in ner fram
bort kvar hem hemma dag idag igår imorgon gång gången gånger tid typ ens
ja nej hej tack mvh ok okej dock därför eftersom medan fast trots både varken många fler flera
"""
STOP_WORDS: frozenset[str] = frozenset(_STOP_TEXT.split())

_PLACEHOLDER = re.compile(r"\[[^\]]*\]")  # [telefon], [personnummer]: redaction marks
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


@lru_cache(maxsize=65_536)
def _lemma(word: str) -> str:
    return simplemma.lemmatize(word, lang="sv").lower()


def terms(text: str, bigrams: bool = True) -> set[str]:
    """The distinct lemmas of a comment (and adjacent-lemma phrases), stop words removed.

    >>> sorted(terms("Väntetiden i telefonkön var en timme!"))
    ['telefonkö', 'timme', 'väntetid']
    >>> sorted(terms("BankID-inloggningen krånglar"))
    ['bankid-inloggning', 'bankid-inloggning krångla', 'krångla']
    """
    words = [w.lower() for w in _WORD.findall(_PLACEHOLDER.sub(" ", text))]
    lemmas = [None if w in STOP_WORDS else _lemma(w) for w in words]
    lemmas = [None if lem is None or lem in STOP_WORDS or len(lem) < 2 else lem
              for lem in lemmas]
    found = {lem for lem in lemmas if lem}
    if bigrams:  # a phrase only where two content words stand side by side in the text
        found.update(f"{a} {b}" for a, b in itertools.pairwise(lemmas) if a and b)
    return found


def term_counts(texts: Iterable[str], bigrams: bool = True) -> Counter[str]:
    """In how many comments each term occurs (one comment counts a term once, so one
    long rant cannot make a driver on its own). Counters add, so a caller can keep them
    per minute bucket like the pulse counts."""
    counts: Counter[str] = Counter()
    for text in texts:
        counts.update(terms(text, bigrams))
    return counts


@dataclass(frozen=True, slots=True)
class Term:
    """An over-represented term: its z-score and how many window comments carry it."""

    term: str
    z: float
    count: int


def over_represented(window: Mapping[str, int], baseline: Mapping[str, int],
                     k: int = 5, min_count: int = 2, min_z: float = 1.96,
                     prior_scale: float = 0.1) -> list[Term]:
    """Terms of ``window`` over-represented against ``baseline``, strongest first.

    The log-odds ratio with an informative Dirichlet prior (Monroe, Colaresi & Quinn 2008,
    "Fightin' Words"): the prior is the two corpora pooled (times ``prior_scale``), which
    shrinks rare terms towards "no difference", so a word seen twice does not outrank one
    seen forty times; the z-score divides by the estimate's standard error.

    >>> w = {"telefonkö": 30, "kommun": 40, "bygglov": 2}
    >>> b = {"telefonkö": 20, "kommun": 400, "bygglov": 60}
    >>> [t.term for t in over_represented(w, b)]
    ['telefonkö']
    """
    n_w, n_b = sum(window.values()), sum(baseline.values())
    if not n_w or not n_b:
        return []
    pooled = n_w + n_b
    alpha0 = prior_scale * pooled
    found = []
    for term, y_w in window.items():
        if y_w < min_count:
            continue
        y_b = baseline.get(term, 0)
        alpha = prior_scale * (y_w + y_b)
        delta = (math.log((y_w + alpha) / (n_w + alpha0 - y_w - alpha))
                 - math.log((y_b + alpha) / (n_b + alpha0 - y_b - alpha)))
        z = delta / math.sqrt(1 / (y_w + alpha) + 1 / (y_b + alpha))
        if z >= min_z:
            found.append(Term(term, z, y_w))
    found.sort(key=lambda t: (-t.z, t.term))
    return _drop_covered(found)[:k]


def _drop_covered(found: list[Term]) -> list[Term]:
    """Never a word and a phrase containing it both: "telefonkö" and "lång telefonkö"
    usually rise together. The phrase wins when it carries most (80 %) of the word's
    comments, else the word does."""
    kept: list[Term] = []
    for t in found:  # strongest first
        parts = t.term.split(" ")
        if len(parts) == 1:
            if not any(t.term in o.term.split(" ") for o in kept):
                kept.append(t)
            continue
        words = [o for o in kept if o.term in parts]
        if all(t.count >= 0.8 * o.count for o in words):
            kept = [o for o in kept if o not in words] + [t]
    kept.sort(key=lambda t: (-t.z, t.term))
    return kept


def drivers(window_texts: Iterable[str], baseline_texts: Iterable[str], k: int = 5) -> list[str]:
    """The top ``k`` terms of the window's negative comments against the baseline's."""
    return [t.term for t in over_represented(term_counts(window_texts),
                                             term_counts(baseline_texts), k=k)]


# --- the message ----------------------------------------------------------------------------

_UNITS_SV = {"m": ("minuten", "minuterna"), "h": ("timmen", "timmarna"), "d": ("dygnet", "dygnen")}
_PREFIX_SV = {"raised": "", "updated": "Uppdaterat: ", "resolved": "Tillbaka till det normala: "}


def _pct(share: float) -> int:
    return math.floor(share * 100 + 0.5)  # half up: 0.485 → 49, as people round


def _number(n: int) -> str:
    return f"{n:,}".replace(",", "\u00a0")  # 1 234: Swedish thousands with a hard space


def window_sv(window: str) -> str:
    """``"1h"`` → "senaste timmen", ``"15m"`` → "senaste 15 minuterna".

    >>> window_sv("24h"), window_sv("2h"), window_sv("1d")
    ('senaste 24 timmarna', 'senaste 2 timmarna', 'senaste dygnet')
    """
    number, unit = window[:-1], window[-1:]
    if unit not in _UNITS_SV or not number.isdigit():
        return f"i fönstret {window}"
    one, many = _UNITS_SV[unit]
    return f"senaste {one}" if number == "1" else f"senaste {number} {many}"


def place_sv(municipality: str) -> str:
    if municipality == NATIONAL:
        return "i hela landet"
    return "på Gotland" if municipality == "Gotland" else f"i {municipality}"


def message(municipality: str, area: str, share: float, low: float, high: float,
            baseline_share: float, n: int, window: str = "1h",
            state: str = "raised") -> str:
    """One Swedish sentence a team lead understands at a glance.

    The delta is taken between the two rounded percentages shown, so the sentence adds up
    (48 % against 22 % reads "+26", never "+27").

    >>> message("Lund", "waiting_time", 0.48, 0.38, 0.58, 0.22, 57)
    'Negativa kommentarer om Väntetid i Lund: 48 % senaste timmen (38–58 %), mot 22 % normalt (+26 procentenheter, 57 kommentarer).'
    """
    shown, base = _pct(share), _pct(baseline_share)
    delta = shown - base
    sign = "+" if delta > 0 else "−" if delta < 0 else "±"
    unit = "procentenhet" if abs(delta) == 1 else "procentenheter"
    comments = "kommentar" if n == 1 else "kommentarer"
    body = (f"negativa kommentarer om {AREA_NAMES_SV.get(area, area)} "
            f"{place_sv(municipality)}: {shown} % {window_sv(window)} "
            f"({_pct(low)}–{_pct(high)} %), mot {base} % normalt "
            f"({sign}{abs(delta)} {unit}, {_number(n)} {comments}).")
    text = _PREFIX_SV.get(state, "") + body
    return text[:1].upper() + text[1:]
