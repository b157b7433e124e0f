"""The synthetic comment generator: deterministic, valid, on-target truth shares, varied text."""

from __future__ import annotations

import itertools
import json
import random
import re
from collections import Counter
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from schemas import AREAS, CHANNELS, SENTIMENTS, CommentEvent
from stream import generator_phrases as ph
from stream.generator import (
    MUNICIPALITIES,
    MUNICIPALITY_WEIGHTS,
    PRESETS,
    CommentGenerator,
    expand,
    generate,
)
from stream.model.corpus import trigram_diversity

SURVEY_SIZE = 16_885  # comments in Medborgarpulsen 2020
START = datetime(2024, 3, 4, 6, 0, tzinfo=UTC)

# Published Medborgarpulsen figures (percent of the comments that concern the area).
TARGETS_2020 = [
    ("municipal_services", "negative", 52),
    ("municipal_services", "skeptical", 9),
    ("municipal_services", "positive", 38),
    ("digital_services", "negative", 56),
    ("digital_services", "skeptical", 11),
    ("caseworker_service", "positive", 79),
    ("overall_experience", "positive", 73),
]
TARGETS_2019 = [("municipal_services", "negative", 43), ("digital_services", "negative", 44)]

# Words that only the clauses of one area use; they must not show up without that area.
AREA_WORDS = {
    "caseworker_service": ("handläggare", "bemötande"),
    "digital_services": ("bankid", "e-tjänst", "hemsidan", "appen", "chattbot"),
    "waiting_time": ("väntetid", "telefonkö", "återuppringning"),
}


@pytest.fixture(scope="module")
def survey_2020() -> list[dict]:
    return list(generate(SURVEY_SIZE, seed=0, preset="medborgarpulsen-2020"))


@pytest.fixture(scope="module")
def survey_2019() -> list[dict]:
    return list(generate(SURVEY_SIZE, seed=0, preset="medborgarpulsen-2019"))


@pytest.fixture(scope="module")
def live_5000() -> list[dict]:
    return list(generate(5000, seed=0, start=START))


def shares(records: list[dict]) -> tuple[Counter, Counter]:
    per_area: Counter = Counter()
    per_label: Counter = Counter()
    for record in records:
        for area, sentiment in record["truth"].items():
            per_area[area] += 1
            per_label[area, sentiment] += 1
    return per_area, per_label


# --- determinism and ids --------------------------------------------------------------------


@pytest.mark.parametrize("preset", sorted(PRESETS))
def test_same_seed_same_output_and_another_seed_differs(preset):
    first = list(generate(300, seed=5, preset=preset, start=START))
    assert first == list(generate(300, seed=5, preset=preset, start=START))
    assert first != list(generate(300, seed=6, preset=preset, start=START))


def test_live_comments_are_deterministic_per_seed():
    def run(seed: int) -> list[dict]:
        gen = CommentGenerator(seed=seed)
        return [gen.comment(START + timedelta(seconds=i)) for i in range(200)]

    assert run(1) == run(1)
    assert run(1) != run(2)


def test_ids_are_unique_and_do_not_collide_with_live_ids(survey_2020):
    ids = [r["id"] for r in survey_2020]
    assert len(set(ids)) == len(ids)
    gen = CommentGenerator(seed=0, preset="medborgarpulsen-2020")
    live = {gen.comment(START)["id"] for _ in range(100)}
    assert len(live) == 100 and not live & set(ids)


# --- time -----------------------------------------------------------------------------------


@pytest.mark.parametrize(("fixture", "year"), [("survey_2020", 2020), ("survey_2019", 2019)])
def test_created_at_is_strictly_increasing_inside_the_preset_year(fixture, year, request):
    records = request.getfixturevalue(fixture)
    stamps = [r["created_at"] for r in records]
    assert all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", s) for s in stamps)
    times = [datetime.fromisoformat(s) for s in stamps]
    assert all(a < b for a, b in itertools.pairwise(times))
    assert times[0].year == year and times[-1].year == year
    # Spread over the whole year, not bunched at its start.
    assert {t.month for t in times} == set(range(1, 13))


def test_preset_comments_come_mostly_in_stockholm_office_hours(survey_2020):
    local = [datetime.fromisoformat(r["created_at"])
             .astimezone(ZoneInfo("Europe/Stockholm")) for r in survey_2020]
    office = sum(t.weekday() < 5 and 8 <= t.hour < 17 for t in local) / len(local)
    july = sum(t.month == 7 for t in local) / len(local)
    assert office > 0.6
    assert july < 1 / 12  # the holiday month is quiet


def test_default_preset_spreads_count_minutes_from_start():
    records = list(generate(120, seed=1, start=START))
    times = [datetime.fromisoformat(r["created_at"]) for r in records]
    assert times == sorted(times)
    assert START <= times[0] and times[-1] < START + timedelta(minutes=120)


def test_default_preset_without_start_ends_before_now():
    before = datetime.now(UTC)
    records = list(generate(50, seed=1))
    newest = datetime.fromisoformat(records[-1]["created_at"])
    assert before - timedelta(minutes=60) <= newest <= datetime.now(UTC)


# --- truth shares ---------------------------------------------------------------------------


@pytest.mark.parametrize(("area", "sentiment", "percent"), TARGETS_2020)
def test_2020_truth_shares_match_the_published_figures(survey_2020, area, sentiment, percent):
    per_area, per_label = shares(survey_2020)
    assert abs(100 * per_label[area, sentiment] / per_area[area] - percent) <= 1.0


@pytest.mark.parametrize(("area", "sentiment", "percent"), TARGETS_2019)
def test_2019_truth_shares_match_the_published_figures(survey_2019, area, sentiment, percent):
    per_area, per_label = shares(survey_2019)
    assert abs(100 * per_label[area, sentiment] / per_area[area] - percent) <= 1.0


def test_2020_municipal_services_concern_2225_comments(survey_2020):
    per_area, _ = shares(survey_2020)
    assert per_area["municipal_services"] == 2225


@pytest.mark.parametrize("count", [500, 2000])
def test_smaller_batches_stay_close_to_the_targets(count):
    per_area, per_label = shares(list(generate(count, seed=9, preset="medborgarpulsen-2020")))
    for area, sentiment, percent in TARGETS_2020:
        # Quotas are exact up to rounding within each area: at most half a comment off.
        tolerance = max(1.0, 100 * 0.5 / per_area[area] + 0.5)
        assert abs(100 * per_label[area, sentiment] / per_area[area] - percent) <= tolerance


def test_comments_touch_one_two_or_three_areas_with_mixed_feelings(survey_2020):
    sizes = Counter(len(r["truth"]) for r in survey_2020)
    assert set(sizes) == {1, 2, 3}
    assert sizes[1] > sizes[2] > sizes[3] > 0.05 * len(survey_2020)
    mixed = sum(len(set(r["truth"].values())) > 1 for r in survey_2020 if len(r["truth"]) > 1)
    assert mixed > 0.3 * (sizes[2] + sizes[3])


def test_presets_say_which_figures_are_assumed():
    for preset in PRESETS.values():
        assert any("assumed" in note for note in preset.notes)
        for area in AREAS:
            assert sum(preset.sentiment_shares[area].values()) == pytest.approx(1.0)


# --- records --------------------------------------------------------------------------------


def test_every_record_validates_and_is_json(survey_2020, live_5000):
    for record in [*survey_2020, *live_5000]:
        event = CommentEvent.model_validate(record)
        assert event.truth and set(event.truth) <= set(AREAS)
        assert set(event.truth.values()) <= set(SENTIMENTS)
        assert record["channel"] in CHANNELS
    assert json.loads(json.dumps(survey_2020[:100])) == survey_2020[:100]


def test_live_comment_validates_and_keeps_milliseconds():
    record = CommentGenerator(seed=3).comment(datetime(2024, 5, 2, 10, 0, 0, 123456, UTC))
    assert record["created_at"] == "2024-05-02T10:00:00.123Z"
    CommentEvent.model_validate(record)


def test_naive_created_at_is_read_as_utc():
    record = CommentGenerator(seed=3).comment(datetime(2024, 5, 2, 10, 0))
    assert record["created_at"] == "2024-05-02T10:00:00Z"


def test_many_municipalities_and_big_ones_write_more(survey_2020):
    assert len(MUNICIPALITIES) >= 27 and set(MUNICIPALITY_WEIGHTS) == set(MUNICIPALITIES)
    counts = Counter(r["municipality"] for r in survey_2020)
    assert len(counts) >= 27
    assert counts["Stockholm"] > counts["Göteborg"] > counts["Lund"] > counts["Kiruna"] > 0


@pytest.mark.parametrize("area", AREAS)
def test_negativity_boost_one_makes_the_given_area_negative(area):
    gen = CommentGenerator(seed=4)
    for i in range(200):
        record = gen.comment(START + timedelta(minutes=i), municipality="Lund",
                             negativity_boost=1.0, area=area)
        assert record["truth"][area] == "negative"
        assert record["municipality"] == "Lund"


def test_negativity_boost_raises_the_negative_share():
    calm, boosted = CommentGenerator(seed=5), CommentGenerator(seed=5)
    at = START
    calm_neg = sum(calm.comment(at, area="caseworker_service")["truth"]["caseworker_service"]
                   == "negative" for _ in range(1000))
    boosted_neg = sum(
        boosted.comment(at, area="caseworker_service", negativity_boost=0.5)["truth"][
            "caseworker_service"] == "negative" for _ in range(1000))
    assert calm_neg / 1000 == pytest.approx(0.14, abs=0.03)
    assert boosted_neg / 1000 == pytest.approx(0.14 + 0.5 * 0.86, abs=0.05)


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="preset"):
        CommentGenerator(preset="medborgarpulsen-1999")
    with pytest.raises(ValueError, match="negativity_boost"):
        CommentGenerator().comment(START, negativity_boost=1.5)
    with pytest.raises(ValueError, match="area"):
        CommentGenerator().comment(START, area="parking")
    with pytest.raises(ValueError, match="count"):
        generate(-1)


# --- text -----------------------------------------------------------------------------------


def test_text_is_diverse(live_5000):
    texts = [r["text"] for r in live_5000]
    diversity = trigram_diversity(texts)
    print(f"word 3-gram diversity over 5,000 comments: {diversity:.3f}")
    assert diversity >= 0.35
    assert len(set(texts)) >= 0.95 * len(texts)


def test_text_is_clean_and_of_varied_length(live_5000):
    lengths = [len(re.findall(r"\w+", r["text"])) for r in live_5000]
    assert min(lengths) >= 3
    assert max(lengths) >= 40
    assert sum(n <= 6 for n in lengths) > 0.05 * len(lengths)
    for record in live_5000:
        assert not re.search(r"[{}\[\]<>]|\s{3,}|\.\.\.\.", record["text"]), record["text"]


def test_area_words_appear_only_with_their_area(survey_2020):
    for record in survey_2020:
        text = record["text"].lower()
        for area, words in AREA_WORDS.items():
            if area not in record["truth"]:
                assert not any(w in text for w in words), (area, record)


def test_phrase_bank_has_at_least_30_clauses_per_area_and_sentiment():
    for area in AREAS:
        for sentiment in SENTIMENTS:
            if area == "municipal_services":
                bank = [t for topic in ph.MUNICIPAL_TOPICS.values() for t in topic[sentiment]]
            else:
                bank = ph.PHRASES[area][sentiment]
            assert len(set(bank)) >= 30, (area, sentiment, len(set(bank)))


def _every_template() -> list[str]:
    found = [t for cells in ph.PHRASES.values() for bank in cells.values() for t in bank]
    found += [t for cells in ph.CHANNEL_PHRASES.values() for by_channel in cells.values()
              for bank in by_channel.values() for t in bank]
    found += [t for topic in ph.MUNICIPAL_TOPICS.values() for bank in topic.values() for t in bank]
    found += [t for bank in ph.OPENERS.values() for t in bank]
    found += [t for bank in ph.CLOSERS.values() for t in bank] + ph.GREETINGS
    return found


def test_every_template_expands_with_the_known_slots():
    slots = {name: name.upper() for name in (
        "person", "hen", "honom", "hens", "kommun", "i_ort", "when", "about", "long_wait",
        "mid_wait", "short_wait", "long_days", "queue_pos")}
    rng = random.Random(0)
    for template in _every_template():
        for _ in range(5):
            text = expand(template, slots, rng)
            assert text and not re.search(r"[{}\[\]<>]", text), (template, text)


def test_caseworker_pronouns_agree_within_a_comment():
    gen = CommentGenerator(seed=8)
    for i in range(2000):
        record = gen.comment(START + timedelta(minutes=i), area="caseworker_service")
        if len(record["truth"]) > 1:
            continue  # other clauses may speak of "min dotter ... hon"
        words = set(re.findall(r"\w+", record["text"].lower()))
        assert not {"han", "hon"} <= words, record["text"]
        if words & {"kvinnan", "tjejen", "damen"}:
            assert "han" not in words, record["text"]
        if words & {"mannen", "killen"}:
            assert "hon" not in words, record["text"]
