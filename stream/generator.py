"""A realistic synthetic stream of Swedish citizen comments whose labels (``truth``) are known.

A comment is composed from the hand-written phrase bank in ``generator_phrases``: one clause per
area it concerns, each clause saying one sentiment about that area, joined with ordinary
connectors, with an optional opener and closer and a light noise model (typos, dropped
diacritics, spoken forms, lower case). The labels are known because the text is built from them.

Presets fix the base rates. ``generate`` allocates areas, sentiments and municipalities by quota
(exact counts shuffled with the seed), so a preset's truth shares hit its targets exactly for
large counts; ``CommentGenerator.comment`` draws from shuffled bags for an endless live stream.
Nothing here reads the wall clock except ``generate`` with the "default" preset and no ``start``.
"""

from __future__ import annotations

import itertools
import math
import random
import re
from collections import Counter
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any, ClassVar
from zoneinfo import ZoneInfo

from schemas.vocabulary import AREAS, CHANNELS, SENTIMENTS
from stream import generator_phrases as ph

STOCKHOLM = ZoneInfo("Europe/Stockholm")


# --- presets --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Preset:
    """Base rates of one synthetic stream; ``notes`` says which figures are assumptions."""

    name: str
    tag: str  # short, goes into comment ids
    year: int | None  # timestamps fall in this calendar year (UTC); None: a window near now
    area_rates: Mapping[str, float]  # share of comments that concern each area
    sentiment_shares: Mapping[str, Mapping[str, float]]  # per area: sentiment -> share, sum 1
    three_area_share: float = 0.08  # comments that concern three areas (the rest: one or two)
    notes: tuple[str, ...] = field(default=())

    def __post_init__(self) -> None:
        if set(self.area_rates) != set(AREAS) or set(self.sentiment_shares) != set(AREAS):
            raise ValueError(f"preset {self.name}: every area needs a rate and shares")
        if not 1.0 <= sum(self.area_rates.values()) <= 3.0:
            raise ValueError(f"preset {self.name}: areas per comment must average 1..3")
        for area, shares in self.sentiment_shares.items():
            if set(shares) != set(SENTIMENTS) or abs(sum(shares.values()) - 1.0) > 1e-9:
                raise ValueError(f"preset {self.name}: shares of {area} must sum to 1")


_RATES: dict[str, float] = {
    "digital_services": 0.16,
    "waiting_time": 0.30,
    "caseworker_service": 0.44,
    "municipal_services": 2225 / 16885,  # published: 2,225 of 16,885 comments
    "overall_experience": 0.42,
}
_SHARES_2020: dict[str, dict[str, float]] = {
    # Published 52/9/38 sums to 99 (rounding); 52.4/9.2/38.4 rounds back to the published
    # figures and sums to 100.
    "municipal_services": {"negative": 0.524, "skeptical": 0.092, "positive": 0.384},
    # Published 56/11; positive is not published, the remaining 33 is assumed.
    "digital_services": {"negative": 0.56, "skeptical": 0.11, "positive": 0.33},
    "caseworker_service": {"negative": 0.14, "skeptical": 0.07, "positive": 0.79},
    "overall_experience": {"negative": 0.19, "skeptical": 0.08, "positive": 0.73},
    "waiting_time": {"negative": 0.58, "skeptical": 0.08, "positive": 0.34},  # assumed
}
_SHARES_2019: dict[str, dict[str, float]] = {
    "municipal_services": {"negative": 0.43, "skeptical": 0.10, "positive": 0.47},
    "digital_services": {"negative": 0.44, "skeptical": 0.12, "positive": 0.44},
    "caseworker_service": {"negative": 0.13, "skeptical": 0.07, "positive": 0.80},
    "overall_experience": {"negative": 0.18, "skeptical": 0.08, "positive": 0.74},
    "waiting_time": {"negative": 0.58, "skeptical": 0.08, "positive": 0.34},
}
_AREA_NOTE = ("Area frequencies: municipal_services 2,225 of 16,885 comments is published; "
              "caseworker 44 %, overall 42 %, waiting 30 %, digital 16 % and 8 % of comments "
              "touching three areas are assumptions.")
_NOTES_2020 = (
    "Source: Brilliant Future, Medborgarpulsen 2020 (16,885 comments, 27 municipalities).",
    ("municipal_services: published negative 52, skeptical 9, positive 38 (sums to 99 by "
     "rounding); 52.4 / 9.2 / 38.4 are used, which round back to the published figures."),
    ("digital_services: published negative 56, skeptical 11; positive is not published, "
     "33 (the remainder) is assumed."),
    "caseworker_service: published positive 79; negative 14 / skeptical 7 are assumed.",
    "overall_experience: published positive 73; negative 19 / skeptical 8 are assumed.",
    "waiting_time: no figures published; negative 58 / skeptical 8 / positive 34 assumed.",
    _AREA_NOTE,
)
_NOTES_2019 = (
    "Source: the 2019 figures quoted in Medborgarpulsen 2020.",
    "municipal_services: published negative 43; skeptical 10 / positive 47 are assumed.",
    "digital_services: published negative 44; skeptical 12 / positive 44 are assumed.",
    ("caseworker_service 13/7/80, overall_experience 18/8/74 and waiting_time 58/8/34 "
     "(negative/skeptical/positive) are assumed, close to 2020."),
    _AREA_NOTE,
)

PRESETS: dict[str, Preset] = {
    "default": Preset(
        "default", "d", None, _RATES, _SHARES_2020,
        notes=("A calm live stream with the medborgarpulsen-2020 base rates, dated near now.",
               *_NOTES_2020[1:]),
    ),
    "medborgarpulsen-2019": Preset(
        "medborgarpulsen-2019", "mp2019", 2019, _RATES, _SHARES_2019, notes=_NOTES_2019
    ),
    "medborgarpulsen-2020": Preset(
        "medborgarpulsen-2020", "mp2020", 2020, _RATES, _SHARES_2020, notes=_NOTES_2020
    ),
}

# --- municipalities -------------------------------------------------------------------------

# (name, inhabitants around 2020 rounded to thousands, how the organisation calls itself).
_MUNICIPALITY_DATA: tuple[tuple[str, int, str], ...] = (
    ("Stockholm", 975_000, "Stockholms stad"), ("Göteborg", 583_000, "Göteborgs stad"),
    ("Malmö", 348_000, "Malmö stad"), ("Uppsala", 234_000, "Uppsala kommun"),
    ("Linköping", 165_000, "Linköpings kommun"), ("Örebro", 156_000, "Örebro kommun"),
    ("Västerås", 156_000, "Västerås stad"), ("Helsingborg", 149_000, "Helsingborgs stad"),
    ("Norrköping", 143_000, "Norrköpings kommun"), ("Jönköping", 142_000, "Jönköpings kommun"),
    ("Umeå", 130_000, "Umeå kommun"), ("Lund", 126_000, "Lunds kommun"),
    ("Borås", 114_000, "Borås stad"), ("Huddinge", 113_000, "Huddinge kommun"),
    ("Eskilstuna", 107_000, "Eskilstuna kommun"), ("Nacka", 105_000, "Nacka kommun"),
    ("Halmstad", 103_000, "Halmstads kommun"), ("Gävle", 103_000, "Gävle kommun"),
    ("Södertälje", 100_000, "Södertälje kommun"), ("Sundsvall", 99_000, "Sundsvalls kommun"),
    ("Växjö", 95_000, "Växjö kommun"), ("Karlstad", 95_000, "Karlstads kommun"),
    ("Haninge", 94_000, "Haninge kommun"), ("Botkyrka", 94_000, "Botkyrka kommun"),
    ("Kristianstad", 86_000, "Kristianstads kommun"), ("Kungsbacka", 84_000, "Kungsbacka kommun"),
    ("Solna", 83_000, "Solna stad"), ("Järfälla", 80_000, "Järfälla kommun"),
    ("Luleå", 79_000, "Luleå kommun"), ("Sollentuna", 74_000, "Sollentuna kommun"),
    ("Skellefteå", 73_000, "Skellefteå kommun"), ("Täby", 73_000, "Täby kommun"),
    ("Kalmar", 70_000, "Kalmar kommun"), ("Varberg", 66_000, "Varbergs kommun"),
    ("Karlskrona", 66_000, "Karlskrona kommun"), ("Östersund", 64_000, "Östersunds kommun"),
    ("Norrtälje", 63_000, "Norrtälje kommun"), ("Gotland", 60_000, "Region Gotland"),
    ("Falun", 59_000, "Falu kommun"), ("Trollhättan", 59_000, "Trollhättans stad"),
    ("Uddevalla", 57_000, "Uddevalla kommun"), ("Skövde", 56_000, "Skövde kommun"),
    ("Örnsköldsvik", 56_000, "Örnsköldsviks kommun"), ("Borlänge", 52_000, "Borlänge kommun"),
    ("Motala", 44_000, "Motala kommun"), ("Piteå", 42_000, "Piteå kommun"),
    ("Lidköping", 40_000, "Lidköpings kommun"), ("Sandviken", 40_000, "Sandvikens kommun"),
    ("Kiruna", 23_000, "Kiruna kommun"),
)
MUNICIPALITIES: tuple[str, ...] = tuple(name for name, _, _ in _MUNICIPALITY_DATA)
# Contact volume follows population: a big city writes more comments.
MUNICIPALITY_WEIGHTS: dict[str, int] = {name: pop for name, pop, _ in _MUNICIPALITY_DATA}
MUNICIPALITY_ORG_NAMES: dict[str, str] = {name: org for name, _, org in _MUNICIPALITY_DATA}

# --- behaviour knobs ------------------------------------------------------------------------

# Channel mix of a Swedish kontaktcenter: mostly phone.
_CHANNEL_BASE = {"phone": 0.48, "email": 0.16, "chat": 0.12, "web": 0.14, "visit": 0.10}
# Outside office hours people still write about an earlier call, but rarely visit.
_AFTER_HOURS = {"phone": 0.15, "visit": 0.05, "chat": 0.3, "email": 1.0, "web": 1.0}
# Local hour-of-day rhythm (Europe/Stockholm): office hours with a lunch dip, evening tail.
_HOUR_WEIGHTS = (0.02, 0.01, 0.01, 0.01, 0.01, 0.03, 0.10, 0.35, 0.80, 1.00, 1.00, 0.90,
                 0.60, 0.85, 0.85, 0.70, 0.45, 0.30, 0.25, 0.25, 0.25, 0.20, 0.12, 0.05)
# July is the Swedish holiday month; autumn and January are busy.
_MONTH_WEIGHTS = (1.10, 1.05, 1.05, 1.00, 0.95, 0.90, 0.55, 0.85, 1.05, 1.05, 1.00, 0.85)

_P_OPENER = 0.40
_P_CLOSER = 0.25
_P_ELABORATE = 0.18  # a second clause about the same area and sentiment
_P_LEAD = 0.12  # "tycker att ...", "ärligt talat, ..." before a clause
_P_INTENSIFY = 0.3  # "väldigt" before an adjective of a clause
_P_TAIL = 0.08  # ", tyvärr", ", det ska ni ha" after a clause
_P_OFFICIAL_NAME = 0.25  # "Malmö stad" instead of "kommunen"
_P_TYPO_PER_WORD = 0.012  # about one comment in six of median length has a typo
_P_SHOUT = 0.02  # an angry clause in capitals
_P_ALIGN = 0.7  # how strongly the overall verdict follows the rest (1.0: always)
_BAG_SIZE = 200  # live sentiment bags: exact shares every 200 comments of an area


# --- templates ------------------------------------------------------------------------------

_TOKEN = re.compile(r"\{([^{}\[\]]*)\}|\[([^{}\[\]]*)\]|<(\d+)-(\d+)>")


def expand(template: str, slots: Mapping[str, str], rng: random.Random) -> str:
    """Expand one phrase-bank template (syntax in ``generator_phrases``) into plain text."""

    def pick(match: re.Match[str]) -> str:
        alternatives, optional, low, high = match.groups()
        if low is not None:
            return str(rng.randint(int(low), int(high)))
        if optional is not None:
            return optional if rng.random() < 0.5 else ""
        if "|" in alternatives:
            return rng.choice(alternatives.split("|"))
        return slots[alternatives]

    # Innermost first, so alternatives may contain slots: "{efter bara {short_wait}|direkt}".
    while True:
        expanded = _TOKEN.sub(pick, template)
        if expanded == template:
            return _tidy(expanded)
        template = expanded


_SPACES = re.compile(r"[ \t]{2,}")
_SPACE_BEFORE_MARK = re.compile(r" +([,.!?:])")
_SENTENCE_START = re.compile(r"([.!?]\s+|\n)(\w)")
_ANY_WORD = re.compile(r"\w+")


def _tidy(text: str) -> str:
    if "  " in text or " ," in text or " ." in text:
        text = _SPACE_BEFORE_MARK.sub(r"\1", _SPACES.sub(" ", text))
    return text.replace(",,", ",").strip()


def _capitalise(text: str) -> str:
    text = _SENTENCE_START.sub(lambda m: m.group(1) + m.group(2).upper(), text)
    return text[:1].upper() + text[1:]


def _word_count(text: str) -> int:
    return len(_ANY_WORD.findall(text))


def _weighted(rng: random.Random, options: Sequence[tuple[Any, ...]]) -> tuple[Any, ...]:
    """One (value..., weight) tuple, chosen by its last element."""
    return rng.choices(options, weights=[o[-1] for o in options])[0]


class _Slots(dict[str, str]):
    """Per-comment slot values; the random ones are drawn on first use, then kept
    (except "kommun", which varies between "kommunen" and the municipality's own name)."""

    _BANKS: ClassVar[dict[str, list[str]]] = {
        "when": ph.WHEN, "about": ph.NEUTRAL_ABOUT, "long_wait": ph.LONG_WAIT,
        "mid_wait": ph.MID_WAIT, "short_wait": ph.SHORT_WAIT, "long_days": ph.LONG_DAYS,
        "queue_pos": ph.QUEUE_POS,
    }

    def __init__(self, rng: random.Random, org_name: str | None) -> None:
        super().__init__()
        self._rng = rng
        self._org_name = org_name

    def __missing__(self, name: str) -> str:
        if name == "kommun":  # drawn anew each time: "Hej Umeå kommun! Ringde kommunen ..."
            if self._org_name and self._rng.random() < _P_OFFICIAL_NAME:
                return self._org_name
            return "kommunen"
        value = expand(self._rng.choice(self._BANKS[name]), self, self._rng)
        self[name] = value
        return value


# --- the generator --------------------------------------------------------------------------


class CommentGenerator:
    """Synthetic comments, one at a time (``comment``) or as a planned batch (``generate``).

    >>> from datetime import datetime, UTC
    >>> gen = CommentGenerator(seed=1)
    >>> c = gen.comment(datetime(2024, 3, 5, 9, 30, tzinfo=UTC), area="waiting_time",
    ...                 negativity_boost=1.0)
    >>> c["truth"]["waiting_time"], c["created_at"]
    ('negative', '2024-03-05T09:30:00Z')
    """

    def __init__(self, seed: int = 0, preset: str = "default") -> None:
        if preset not in PRESETS:
            raise ValueError(f"unknown preset {preset!r}; choose one of {sorted(PRESETS)}")
        self.seed = seed
        self.preset = preset
        self._preset = PRESETS[preset]
        # String seeds hash with SHA-512: stable across runs and Python processes.
        self._rng = random.Random(f"{seed}:{preset}:text")
        self._bags: dict[str, list[str]] = {}
        self._live = 0
        self._municipality_cum = list(itertools.accumulate(MUNICIPALITY_WEIGHTS.values()))

    def comment(self, created_at: datetime, municipality: str | None = None,
                negativity_boost: float = 0.0, area: str | None = None) -> dict[str, Any]:
        """One comment dated ``created_at``; ``area`` forces that area into it, and
        ``negativity_boost`` is the extra chance that each area's sentiment is negative."""
        if not 0.0 <= negativity_boost <= 1.0:
            raise ValueError("negativity_boost must be within [0, 1]")
        if area is not None and area not in AREAS:
            raise ValueError(f"unknown area {area!r}")
        at = created_at if created_at.tzinfo else created_at.replace(tzinfo=UTC)
        areas = self._draw_areas(area)
        drawn = {a: self._draw_sentiment(a, negativity_boost)
                 for a in AREAS if a in areas and a != "overall_experience"}
        if "overall_experience" in areas:  # drawn last: the verdict follows the rest
            drawn["overall_experience"] = self._draw_sentiment(
                "overall_experience", negativity_boost, list(drawn.values()))
        truth = {a: drawn[a] for a in AREAS if a in drawn}
        if municipality is None:
            municipality = self._rng.choices(MUNICIPALITIES, cum_weights=self._municipality_cum)[0]
        self._live += 1
        # "live-" keeps these ids apart from generate()'s "gen-" ids for the same seed.
        return self.record(f"live-{self._preset.tag}-{self.seed}-{self._live:07d}", at,
                           municipality, truth)

    def record(self, comment_id: str, at: datetime, municipality: str,
               truth: Mapping[str, str]) -> dict[str, Any]:
        """The comment dict for labels decided elsewhere (``generate`` plans them)."""
        channel = self._pick_channel(truth, at)
        return {
            "id": comment_id,
            "municipality": municipality,
            "text": self._compose(truth, channel, municipality),
            "created_at": _rfc3339(at),
            "channel": channel,
            "truth": {a: truth[a] for a in AREAS if a in truth},
        }

    # -- live draws ------------------------------------------------------------------------

    def _draw_areas(self, forced: str | None) -> list[str]:
        rates = self._preset.area_rates
        three = self._preset.three_area_share
        two = max(0.0, sum(rates.values()) - 1.0 - 2 * three)
        k = self._rng.choices((1, 2, 3), weights=(max(0.0, 1.0 - two - three), two, three))[0]
        pool = [a for a in AREAS if a != forced]
        chosen = _weighted_sample(pool, [rates[a] for a in pool], k - (forced is not None),
                                  self._rng)
        return [forced, *chosen] if forced else chosen

    def _draw_sentiment(self, area: str, negativity_boost: float,
                        others: Sequence[str] = ()) -> str:
        bag = self._bags.setdefault(area, [])
        if not bag:
            shares = self._preset.sentiment_shares[area]
            bag.extend(_deck(_BAG_SIZE, shares, self._rng))
        index = len(bag) - 1
        if others and self._rng.random() < _P_ALIGN:
            # Choosing among the next few keeps the bag's counts exact.
            index = max(range(max(0, len(bag) - 4), len(bag)),
                        key=lambda i: _agreement(bag[i], others))
        sentiment = bag.pop(index)
        if negativity_boost and self._rng.random() < negativity_boost:
            return "negative"
        return sentiment

    def _pick_channel(self, truth: Mapping[str, str], at: datetime) -> str:
        local = at.astimezone(STOCKHOLM)
        office = local.weekday() < 5 and 8 <= local.hour < 17
        weights = []
        for channel in CHANNELS:
            w = _CHANNEL_BASE[channel]
            if "digital_services" in truth and channel in ("web", "chat"):
                w *= 2.5  # digital trouble is reported where it happens
            if "waiting_time" in truth and channel == "phone":
                w *= 1.4  # queues are mostly telephone queues
            weights.append(w if office else w * _AFTER_HOURS[channel])
        return self._rng.choices(CHANNELS, weights=weights)[0]

    # -- text ------------------------------------------------------------------------------

    def _compose(self, truth: Mapping[str, str], channel: str, municipality: str) -> str:
        rng = self._rng
        slots = self._slots(channel, municipality)
        parts: list[tuple[str, str, Sequence[tuple[str, str, int]] | None]] = []
        for area in self._order(truth):
            for i, text in enumerate(self._clauses(area, truth[area], channel, slots)):
                table = ph.ELABORATE if i else _table(parts[-1][1], truth[area]) if parts else None
                if truth[area] == "negative" and rng.random() < _P_SHOUT:
                    text = text.upper()
                parts.append((text, truth[area], table))
        body = self._join(parts)
        text = self._frame(body, set(truth.values()), channel, slots)
        return self._noise(_capitalise(text))

    def _slots(self, channel: str, municipality: str) -> _Slots:
        rng = self._rng
        person, gender = rng.choice(ph.PERSONS[channel])
        if gender == "n":  # an unnamed handläggare: han or hon, now and then hen
            gender = rng.choices("fmn", weights=(45, 45, 10))[0]
        hen, honom, hens = ph.PRONOUNS[gender]
        slots = _Slots(rng, MUNICIPALITY_ORG_NAMES.get(municipality))
        where = "på Gotland" if municipality == "Gotland" else f"i {municipality}"
        slots.update(person=person, hen=hen, honom=honom, hens=hens, i_ort=where)
        return slots

    def _order(self, truth: Mapping[str, str]) -> list[str]:
        areas = list(truth)
        self._rng.shuffle(areas)
        # The reason for the contact often comes first, the verdict on the whole last.
        if "municipal_services" in areas and self._rng.random() < 0.5:
            areas.remove("municipal_services")
            areas.insert(0, "municipal_services")
        if "overall_experience" in areas:
            areas.remove("overall_experience")
            areas.insert(len(areas) if self._rng.random() < 0.7 else 0, "overall_experience")
        return areas

    def _clauses(self, area: str, sentiment: str, channel: str,
                 slots: _Slots) -> list[str]:
        rng = self._rng
        if area == "municipal_services":
            topic = ph.MUNICIPAL_TOPICS[rng.choice(list(ph.MUNICIPAL_TOPICS))]
            slots["about"] = expand(rng.choice(topic["about"]), slots, rng)
            templates, specific = topic[sentiment], []
        else:
            templates = ph.PHRASES[area][sentiment]
            specific = ph.CHANNEL_PHRASES.get(area, {}).get(sentiment, {}).get(channel, [])
        # Channel-specific clauses count double: enough to be seen, too few to dominate.
        first = rng.choice([*templates, *specific, *specific])
        chosen = [first]
        if rng.random() < _P_ELABORATE:
            chosen.append(rng.choice([t for t in [*templates, *specific] if t != first]))
        # The second clause refers back with a pronoun: "Hon var jättetrevlig", not the noun.
        chosen[1:] = [_pronouns_for_person(t) for t in chosen[1:]]
        texts = [_intensify(expand(t, slots, rng), rng) for t in chosen]
        texts[0] = self._decorate(texts[0], sentiment)
        return texts

    def _decorate(self, clause: str, sentiment: str) -> str:
        """Now and then a lead-in ("tycker att ...") or a tail (", tyvärr")."""
        rng = self._rng
        # "Jag tycker att" fits a plain verdict ("biblioteket är fantastiskt"), not a doubt.
        if (rng.random() < _P_LEAD / 2 and sentiment != "skeptical" and "," not in clause
                and _subordinate_ok(clause) and clause.split()[0] not in ("jag", "det")):
            clause = rng.choice(ph.SUBORDINATE_LEADS) + clause
        if rng.random() < _P_TAIL and clause[-1:].isalnum():
            clause += rng.choice(ph.TAILS[sentiment])
        return clause

    def _join(self, parts: Sequence[tuple[str, str, Sequence[tuple[str, str, int]] | None]]
              ) -> str:
        out, previous = self._lead(parts[0][0]), parts[0]
        for text, sentiment, table in parts[1:]:
            kind, connector, _ = _weighted(self._rng, table or ph.ADDITIVE)
            if out.endswith("?") or (kind == "suffix" and not _suffix_ok(text)):
                kind, connector = "stop", ""  # no join onto a question, no tail on a long clause
            if kind == "sub" and not (_subordinate_ok(text) and "," not in previous[0] + text):
                kind, connector = "inline", " men "
            if kind == "stop":
                if not connector:
                    text = self._lead(text)
                out += self._stop(out, previous[1]) + " " + connector + text
            elif kind == "suffix":
                if connector == " också" and _NEGATION.search(text):
                    connector = " heller"  # "inte ... heller", never "inte ... också"
                out += self._stop(out, previous[1]) + " " + text + connector
            else:
                out += connector + text
            previous = (text, sentiment, table)
        return out + self._stop(out, previous[1])

    def _lead(self, sentence: str) -> str:
        """Sometimes open a sentence with "ärligt talat, ", "asså " ..."""
        if self._rng.random() < _P_LEAD / 2 and not re.search(r"ärligt|asså|alltså", sentence):
            return self._rng.choice(ph.LEADS) + sentence
        return sentence

    def _stop(self, text: str, sentiment: str) -> str:
        if text.endswith((".", "!", "?")):
            return ""
        return str(_weighted(self._rng, ph.PUNCTUATION[sentiment])[0])

    def _frame(self, body: str, sentiments: set[str], channel: str, slots: _Slots) -> str:
        """Add an opener and a closer that name no area and carry no sentiment of their own."""
        rng = self._rng
        text = body
        if rng.random() < _P_OPENER:
            r = rng.random()
            if r < 0.55:
                opener = rng.choice(ph.OPENERS[channel])
                if rng.random() < 0.3:
                    greeting = rng.choice(ph.GREETINGS)
                    # "Hallå, ringde ..." but "Hej! Ringde ..."
                    opener = greeting + " " + (opener[:1].lower() + opener[1:]
                                               if greeting.endswith(",") else opener)
            elif r < 0.75:
                opener = rng.choice(ph.OPENERS["any"])
            else:
                opener = rng.choice(ph.GREETINGS)
            text = expand(opener, slots, rng) + ("\n" if rng.random() < 0.1 else " ") + text
        elif rng.random() < 0.05:
            text = rng.choice(ph.FILLERS) + " " + text
        if rng.random() < _P_CLOSER or _word_count(text) < 3:
            text += ("\n" if rng.random() < 0.2 else " ") + self._closer(sentiments, slots)
        if _word_count(text) < 3:  # "Underkänt! :(" is still too thin
            greeting = expand(rng.choice(ph.GREETINGS), slots, rng)
            text = greeting.rstrip(",") + ("!" if greeting.endswith(",") else "") + " " + text
        return text

    def _closer(self, sentiments: set[str], slots: _Slots) -> str:
        rng = self._rng
        bank = ph.CLOSERS["any"]
        if rng.random() < 0.5:
            if sentiments == {"positive"}:
                bank = ph.CLOSERS["positive"]
            elif sentiments == {"negative"}:
                bank = ph.CLOSERS["negative"]
            elif "skeptical" in sentiments and "positive" not in sentiments:
                bank = ph.CLOSERS["skeptical"]
        return expand(rng.choice(bank), slots, rng)

    # -- noise -----------------------------------------------------------------------------

    def _noise(self, text: str) -> str:
        rng = self._rng
        if rng.random() < 0.15:
            text = _spoken(text, rng)
        for _ in range(sum(rng.random() < _P_TYPO_PER_WORD for _ in text.split())):
            text = _typo(text, rng)
        r = rng.random()
        if r < 0.05:  # a keyboard without å, ä, ö
            text = text.translate(_ASCII_FOLD)
        elif r < 0.10:
            text = _fold_one_word(text, rng)
        r = rng.random()
        if r < 0.10:
            text = text.lower()
        elif r < 0.17:
            text = text[:1].lower() + text[1:]
        if rng.random() < 0.2 and text.endswith(".") and not text.endswith(".."):
            text = text[:-1]
        if rng.random() < 0.05:
            text = text.replace(",", "")
        if rng.random() < 0.03:
            text = re.sub(r"([.!?]) (\w)", r"\1\2", text, count=1)
        return text


# --- noise helpers --------------------------------------------------------------------------

_ASCII_FOLD = str.maketrans("åäöÅÄÖé", "aaoAAOe")
_WORD = re.compile(r"[^\W\d_]{4,}")


def _pronouns_for_person(template: str) -> str:
    if template.startswith("{person}"):
        template = "{hen}" + template[len("{person}"):]
    return template.replace("{person}", "{honom}")


def _intensify(clause: str, rng: random.Random) -> str:
    """Sometimes put an intensifier before one plain adjective ("väldigt lång väntetid")."""
    if rng.random() >= _P_INTENSIFY:
        return clause
    words = clause.split(" ")
    spots = [i for i, w in enumerate(words)
             if w.rstrip(",.!?").lower() in ph.INTENSIFIABLE
             and (i == 0 or words[i - 1].lower() not in ph.NO_INTENSIFIER_AFTER)]
    if not spots:
        return clause
    i = rng.choice(spots)
    word = rng.choice(ph.INTENSIFIERS)
    if i == 0 and words[0][:1].isupper():
        word, words[0] = word.capitalize(), words[0][:1].lower() + words[0][1:]
    return " ".join([*words[:i], word, *words[i:]])


def _spoken(text: str, rng: random.Random) -> str:
    for written, spoken, chance in ph.SPOKEN_FORMS:
        text = re.sub(rf"\b{written}\b",
                      lambda m, s=spoken, p=chance: s if rng.random() < p else m.group(0), text)
    return text


def _typo(text: str, rng: random.Random) -> str:
    words = list(_WORD.finditer(text))
    if not words:
        return text
    match = rng.choice(words)
    word, i = match.group(0), rng.randrange(1, len(match.group(0)) - 1)
    edits: list[Callable[[], str]] = [
        lambda: word[:i] + word[i + 1] + word[i] + word[i + 2:],  # swapped letters
        lambda: word[:i] + word[i] + word[i:],  # doubled letter
        lambda: word[:i] + word[i + 1:],  # dropped letter
    ]
    return text[:match.start()] + rng.choice(edits)() + text[match.end():]


def _fold_one_word(text: str, rng: random.Random) -> str:
    words = [m for m in _WORD.finditer(text) if set(m.group(0)) & set("åäöÅÄÖ")]
    if not words:
        return text
    match = rng.choice(words)
    return text[:match.start()] + match.group(0).translate(_ASCII_FOLD) + text[match.end():]


# --- joining helpers ------------------------------------------------------------------------


_NEGATION = re.compile(r"\b(inte|aldrig|ingen|inget|ingenting|ej|knappast)\b", re.IGNORECASE)


def _table(previous: str, current: str) -> Sequence[tuple[str, str, int]]:
    if previous == current:
        return ph.ADDITIVE
    if "skeptical" in (previous, current):
        return ph.MIXED
    return ph.CONTRAST


def _suffix_ok(clause: str) -> bool:
    """Whether "också"/"dessutom"/"dock" can close the clause: one short plain sentence."""
    if re.search(r"[,.?!]", clause):
        return False
    # "fungerade inte i appen så jag fick ge upp heller" goes wrong: negation + a second verb.
    return not (_NEGATION.search(clause) and re.search(r"\b(så|och|men|att|som)\b", clause))


def _subordinate_ok(clause: str) -> bool:
    """Whether a clause keeps its word order after "samtidigt som" (no adverb moves)."""
    words = re.findall(r"[\w-]+", clause.lower())
    return (bool(words) and words[0] in ph.SUBORDINATE_SUBJECTS
            and not set(words) & ph.MOVING_ADVERBS and not re.search(r"[.!?]", clause))


# --- planning (exact quotas) ----------------------------------------------------------------


def _apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Split ``total`` in proportion to ``weights`` by largest remainder (exact sum)."""
    scale = sum(weights)
    quotas = [total * w / scale for w in weights]
    counts = [math.floor(q) for q in quotas]
    order = sorted(range(len(quotas)), key=lambda i: quotas[i] - counts[i], reverse=True)
    for i in order[: total - sum(counts)]:
        counts[i] += 1
    return counts


def _deck(size: int, shares: Mapping[str, float], rng: random.Random) -> list[str]:
    counts = _apportion(size, [shares[s] for s in SENTIMENTS])
    deck = [s for s, n in zip(SENTIMENTS, counts, strict=True) for _ in range(n)]
    rng.shuffle(deck)
    return deck


def _weighted_sample(items: Sequence[str], weights: Sequence[float], k: int,
                     rng: random.Random) -> list[str]:
    """``k`` distinct items, drawn in proportion to weight (Efraimidis-Spirakis keys)."""
    keys = [(rng.random() ** (1.0 / w) if w > 0 else -1.0, item)
            for item, w in zip(items, weights, strict=True)]
    return [item for _, item in sorted(keys, reverse=True)[:k]]


def _area_targets(preset: Preset, count: int) -> dict[str, int]:
    targets = {a: round(preset.area_rates[a] * count) for a in AREAS}
    by_rate = sorted(AREAS, key=lambda a: preset.area_rates[a], reverse=True)
    # Tiny counts: every comment needs an area, and no more than three.
    while sum(targets.values()) < count:
        targets[next(a for a in by_rate if targets[a] < count)] += 1
    while sum(targets.values()) > 3 * count:
        targets[max(targets, key=lambda a: targets[a])] -= 1
    return targets


def _plan_area_sets(preset: Preset, count: int, rng: random.Random) -> list[tuple[str, ...]]:
    """Area sets whose per-area totals are exactly the preset's rates times ``count``."""
    targets = _area_targets(preset, count)
    slots = sum(targets.values())
    three = min(max(round(preset.three_area_share * count), slots - 2 * count),
                (slots - count) // 2)
    two = slots - count - 2 * three
    sizes = [1] * (count - two - three) + [2] * two + [3] * three
    rng.shuffle(sizes)
    weights = [targets[a] for a in AREAS]
    sets = [tuple(_weighted_sample(AREAS, weights, k, rng)) for k in sizes]
    _repair(sets, targets, rng)
    return sets


def _repair(sets: list[tuple[str, ...]], targets: Mapping[str, int],
            rng: random.Random) -> None:
    """Swap areas between comments until every area has exactly its target count."""
    have = Counter(a for s in sets for a in s)
    order = list(range(len(sets)))
    rng.shuffle(order)
    while surplus := [a for a in AREAS if have[a] > targets[a]]:
        x = max(surplus, key=lambda a: have[a] - targets[a])
        deficits = sorted((a for a in AREAS if have[a] < targets[a]),
                          key=lambda a: targets[a] - have[a], reverse=True)
        for y in deficits:
            need, moved = min(have[x] - targets[x], targets[y] - have[y]), 0
            for i in order:
                if moved == need:
                    break
                if x in sets[i] and y not in sets[i]:
                    sets[i] = tuple(y if a == x else a for a in sets[i])
                    moved += 1
            have[x], have[y] = have[x] - moved, have[y] + moved
            if moved:
                break
        else:
            raise RuntimeError("could not allocate areas to comments")


_POLARITY = {"negative": -1, "skeptical": 0, "positive": 1}


def _agreement(sentiment: str, others: Sequence[str]) -> int:
    return sum(_POLARITY[sentiment] * _POLARITY[s] for s in others)


def _align_overall(truths: list[dict[str, str]], rng: random.Random) -> None:
    """Swap overall_experience sentiments between comments so that the verdict on the whole
    mostly agrees with the rest of the comment; swaps keep every area's counts exact."""
    mixed = [i for i, t in enumerate(truths) if "overall_experience" in t and len(t) > 1]

    def fit(i: int, sentiment: str) -> int:
        return _agreement(sentiment, [s for a, s in truths[i].items()
                                      if a != "overall_experience"])

    for _ in range(3 * len(mixed)):
        i, j = rng.choice(mixed), rng.choice(mixed)
        si, sj = truths[i]["overall_experience"], truths[j]["overall_experience"]
        gain = fit(i, sj) + fit(j, si) - fit(i, si) - fit(j, sj)
        if gain > 0 and rng.random() < _P_ALIGN:
            truths[i]["overall_experience"], truths[j]["overall_experience"] = sj, si


def _plan(preset: Preset, count: int, rng: random.Random) -> list[tuple[dict[str, str], str]]:
    """(truth, municipality) for ``count`` comments, in a random order."""
    sets = _plan_area_sets(preset, count, rng)
    decks = {area: _deck(sum(area in s for s in sets), preset.sentiment_shares[area], rng)
             for area in AREAS}
    truths = [{a: decks[a].pop() for a in AREAS if a in s} for s in sets]
    _align_overall(truths, rng)
    counts = _apportion(count, list(MUNICIPALITY_WEIGHTS.values()))
    municipalities = [m for m, n in zip(MUNICIPALITIES, counts, strict=True) for _ in range(n)]
    rng.shuffle(municipalities)
    return list(zip(truths, municipalities, strict=True))


# --- time -----------------------------------------------------------------------------------


def _rfc3339(at: datetime) -> str:
    at = at.astimezone(UTC)
    if at.microsecond:
        return f"{at:%Y-%m-%dT%H:%M:%S}.{at.microsecond // 1000:03d}Z"
    return f"{at:%Y-%m-%dT%H:%M:%S}Z"


def _easter(year: int) -> date:
    """Easter Sunday (anonymous Gregorian algorithm)."""
    a, (b, c) = year % 19, divmod(year, 100)
    d, e = divmod(b, 4)
    g = (b - (b + 8) // 25 + 1) // 3
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l_ = (32 + 2 * e + 2 * i - h - k) % 7
    m = (a + 11 * h + 22 * l_) // 451
    month, day = divmod(h + l_ - 7 * m + 114, 31)
    return date(year, month, day + 1)


def _closed_days(year: int) -> set[date]:
    """Swedish public holidays and eves on which contact centres are closed or thin."""
    easter = _easter(year)
    midsummer_eve = next(date(year, 6, d) for d in range(19, 26)
                         if date(year, 6, d).weekday() == 4)
    fixed = {(1, 1), (1, 6), (5, 1), (6, 6), (12, 24), (12, 25), (12, 26), (12, 31)}
    return {date(year, m, d) for m, d in fixed} | {
        easter - timedelta(days=2), easter + timedelta(days=1), easter + timedelta(days=39),
        midsummer_eve}


def _day_weight(day: date, closed: set[date]) -> float:
    weekday = day.weekday()
    w = 0.15 if day in closed else 0.18 if weekday == 5 else 0.14 if weekday == 6 else 1.0
    if day.month == 12 and day.day >= 27:
        w *= 0.5  # mellandagarna
    return w * _MONTH_WEIGHTS[day.month - 1]


def _year_times(count: int, year: int, rng: random.Random) -> list[datetime]:
    """``count`` distinct whole-second UTC times in ``year``, at a Stockholm office rhythm."""
    first = date(year, 1, 1)
    days = [first + timedelta(days=n) for n in range((date(year + 1, 1, 1) - first).days)]
    closed = _closed_days(year)
    day_cum = list(itertools.accumulate(_day_weight(d, closed) for d in days))
    hour_cum = list(itertools.accumulate(_HOUR_WEIGHTS))
    seen: set[datetime] = set()
    while len(seen) < count:
        day = rng.choices(days, cum_weights=day_cum)[0]
        hour = rng.choices(range(24), cum_weights=hour_cum)[0]
        local = datetime(day.year, day.month, day.day, hour, rng.randrange(60),
                         rng.randrange(60), tzinfo=STOCKHOLM)
        at = local.astimezone(UTC)
        if at.year == year:  # local New Year's night can fall in the UTC year before
            seen.add(at)
    return sorted(seen)


def _window_times(count: int, start: datetime, seconds: int,
                  rng: random.Random) -> list[datetime]:
    """``count`` distinct whole-second times in [start, start + seconds), busier by day."""
    seen: set[datetime] = set()
    while len(seen) < count:
        at = start + timedelta(seconds=rng.randrange(seconds))
        local = at.astimezone(STOCKHOLM)
        w = _HOUR_WEIGHTS[local.hour] * (1.0 if local.weekday() < 5 else 0.35)
        if rng.random() < max(w, 0.05):  # the floor keeps night-time windows cheap
            seen.add(at)
    return sorted(seen)


# --- batch ----------------------------------------------------------------------------------


def generate(count: int, seed: int = 0, preset: str = "default",
             start: datetime | None = None) -> Iterator[dict[str, Any]]:
    """``count`` comments in ``created_at`` order, identical for the same arguments.

    Presets with a year spread the comments over that calendar year (strictly increasing
    whole seconds); "default" spreads them over ``count`` minutes from ``start``, or ending
    now when ``start`` is None. ``start`` is ignored by the year presets. Truth shares come
    from exact quotas, so they match the preset for large counts.
    """
    if count < 0:
        raise ValueError("count must be >= 0")
    gen = CommentGenerator(seed=seed, preset=preset)
    spec = PRESETS[preset]
    rows = _plan(spec, count, random.Random(f"{seed}:{preset}:plan"))
    time_rng = random.Random(f"{seed}:{preset}:time")
    if spec.year is not None:
        times = _year_times(count, spec.year, time_rng)
    else:
        seconds = max(60 * count, 1)
        if start is None:
            start = datetime.now(UTC).replace(microsecond=0) - timedelta(seconds=seconds)
        elif start.tzinfo is None:
            start = start.replace(tzinfo=UTC)
        times = _window_times(count, start, seconds, time_rng)
    return (gen.record(f"gen-{spec.tag}-{seed}-{i:07d}", at, municipality, truth)
            for i, ((truth, municipality), at) in enumerate(zip(rows, times, strict=True)))
