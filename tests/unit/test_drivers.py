"""What drives a spike (over-represented terms) and the Swedish alert message."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from stream.generator import CommentGenerator
from stream.pulse.drivers import (
    STOP_WORDS,
    drivers,
    message,
    over_represented,
    term_counts,
    terms,
    window_sv,
)

QUEUE = ["Telefonkön var helt oändlig idag", "Satt i telefonkön i en timme",
         "Telefonkön är ett skämt", "Jag gav upp telefonkön efter 40 minuter"]
USUAL = ["Bygglovet tog för lång tid", "Handläggaren var otrevlig mot mig",
         "Hemsidan är rörig", "Snöröjningen fungerar inte", "Appen kraschar hela tiden",
         "Ingen ringde tillbaka om bygglovet"]


def test_the_over_represented_term_is_found():
    window = QUEUE * 3 + USUAL[:2]
    baseline = USUAL * 20 + QUEUE[:1]
    assert drivers(window, baseline, k=3)[0] == "telefonkö"


def test_stop_words_and_redaction_marks_are_not_terms():
    assert terms("Och det var inte så bra, men jag fick ju hjälp", bigrams=False) == {
        "bra", "hjälp"}
    assert terms("Ring mig på [telefon] om [personnummer]") == {"ringa"}
    found = term_counts(["Det var det som var det", "och så vidare"])
    assert not set(found) & STOP_WORDS


def test_words_are_lemmatised_so_inflections_count_together():
    assert {"väntetid"} <= terms("Väntetiden") and {"väntetid"} <= terms("väntetider")


def test_a_phrase_replaces_its_word_when_it_carries_it():
    window = ["lång telefonkö igen"] * 10
    baseline = ["snabb handläggning"] * 50
    names = [t.term for t in over_represented(term_counts(window), term_counts(baseline))]
    assert "lång telefonkö" in names and "telefonkö" not in names and "lång" not in names


def test_nothing_stands_out_in_nothing():
    assert drivers([], USUAL) == [] and drivers(USUAL, []) == []
    assert drivers(USUAL, USUAL * 5) == []  # the same mix is not a driver


def test_generated_digital_complaints_are_driven_by_digital_words():
    gen = CommentGenerator(seed=3)
    now = datetime(2026, 3, 2, 9, tzinfo=UTC)
    window = [gen.comment(now, "Lund", 1.0, "digital_services")["text"] for _ in range(60)]
    baseline = [c["text"] for c in (gen.comment(now, "Lund") for _ in range(800))
                if "negative" in c["truth"].values()]
    top = drivers(window, baseline, k=5)
    assert top and any(w in " ".join(top) for w in ("hemsida", "e-tjänst", "app", "chatt",
                                                    "logga", "bankid"))


def test_the_message_reads_as_the_example():
    assert message("Lund", "waiting_time", 0.48, 0.38, 0.58, 0.22, 57) == (
        "Negativa kommentarer om Väntetid i Lund: 48 % senaste timmen (38–58 %), "
        "mot 22 % normalt (+26 procentenheter, 57 kommentarer).")


def test_the_message_adds_up_after_rounding():
    # 48.4 % and 22.6 %: shown as 48 and 23, so the delta says +25, not +26.
    assert "(+25 procentenheter" in message("Lund", "waiting_time", 0.484, 0.38, 0.58, 0.226, 57)


@pytest.mark.parametrize(("kwargs", "expected"), [
    ({"municipality": "all", "area": "digital_services"},
     "Negativa kommentarer om Digitala tjänster i hela landet: "),
    ({"municipality": "Gotland"}, "Negativa kommentarer om Väntetid på Gotland: "),
    ({"state": "resolved", "share": 0.23},
     "Tillbaka till det normala: negativa kommentarer om Väntetid i Lund: 23 %"),
    ({"state": "updated"}, "Uppdaterat: negativa kommentarer om Väntetid i Lund: 48 %"),
    ({"window": "30m"}, "Negativa kommentarer om Väntetid i Lund: 48 % senaste 30 minuterna"),
])
def test_message_variants(kwargs, expected):
    args = {"municipality": "Lund", "area": "waiting_time", "share": 0.48, "low": 0.38,
            "high": 0.58, "baseline_share": 0.22, "n": 57, **kwargs}
    assert message(**args).startswith(expected)


def test_message_numbers_in_swedish_form():
    text = message("Stockholm", "caseworker_service", 0.15, 0.14, 0.16, 0.14, 1234)
    assert "(+1 procentenhet, 1\u00a0234 kommentarer)" in text
    assert "(±0 procentenheter" in message("Lund", "waiting_time", 0.22, 0.2, 0.3, 0.22, 1)
    assert "1 kommentar)" in message("Lund", "waiting_time", 0.22, 0.2, 0.3, 0.22, 1)


@pytest.mark.parametrize(("window", "text"), [
    ("1h", "senaste timmen"), ("2h", "senaste 2 timmarna"), ("15m", "senaste 15 minuterna"),
    ("24h", "senaste 24 timmarna"), ("7d", "senaste 7 dygnen"), ("today", "i fönstret today"),
])
def test_window_names(window, text):
    assert window_sv(window) == text
