"""The wallboard in real headless Chromium against a real worker on the embedded broker:
tiles fill in, change live without a reload, honour the TV URL, show alerts and staleness."""

from __future__ import annotations

import os
import re
import signal
import time
from collections import Counter
from datetime import UTC, datetime, timedelta
from pathlib import Path

import httpx
import orjson
import pytest

from stream.generator import CommentGenerator, generate
from stream.importer import import_lines
from tests.integration.conftest import produce, run_async, wait_until

pytestmark = pytest.mark.e2e

SCREENSHOT = Path(__file__).resolve().parents[2] / "docs" / "wallboard.png"
AREA_NAMES = ["Digitala tjänster", "Väntetid", "Handläggarens service", "Kommunala tjänster",
              "Upplevelse"]
FAST_ALERTS = {
    "PULSE_SPIKE_CONFIRM_S": "0",
    "PULSE_ALERT_INTERVAL_S": "1",
    "PULSE_SPIKE_SHORT_WINDOWS": '["30m"]',
}


def import_history(settings, records: list[dict]) -> None:
    lines = [orjson.dumps(r) for r in records]
    sent, invalid = run_async(lambda: import_lines(settings, lines, progress=False))
    assert (sent, invalid) == (len(lines), 0)


def live_comments(count: int, seed: int, prefix: str, now: datetime) -> list[dict]:
    """Generated comments dated within the last hour (so they land in the 1h window)."""
    out = []
    for i, record in enumerate(generate(count, seed=seed)):
        record["id"] = f"{prefix}-{i}"
        record["created_at"] = (now - timedelta(seconds=15 * (count - i))).isoformat()
        out.append(record)
    return out


def comments_on_page(pg) -> int:
    return int(pg.evaluate("() => Number(document.body.dataset.comments || -1)"))


def tile_texts(pg) -> dict[str, str]:
    return pg.evaluate("""() => Object.fromEntries([...document.querySelectorAll('.tile[data-area]')]
        .map((t) => [t.querySelector('.name').textContent, t.innerText]))""")


def test_sse_endpoint_pushes_a_snapshot_at_once(settings, start_worker):
    worker = start_worker()
    assert worker.get("/api/live", window="nope").status_code == 400
    with httpx.stream("GET", worker.base + "/api/live", params={"window": "1h"},
                      timeout=10) as resp:
        assert resp.headers["content-type"].startswith("text/event-stream")
        assert "default-src 'self'" in resp.headers["content-security-policy"]
        data = next(line for line in resp.iter_lines() if line.startswith("data: "))
    snap = orjson.loads(data[len("data: "):])
    assert snap["window"] == "1h" and set(snap["areas"]) == set(snap["sparklines"]["areas"])
    assert len(snap["sparklines"]["areas"]["waiting_time"]["negative"]) == 36
    assert {"alerts", "generated_at", "municipalities"} <= set(snap)
    # The sparkline endpoint answers the same series on its own.
    spark = worker.get("/api/sparkline").json()
    assert spark["step_s"] == 600 and len(spark["areas"]) == 5


def test_tiles_fill_update_live_and_honour_the_url(settings, start_worker, page, tmp_path):
    now = datetime.now(UTC)
    # Six calm hours of coded comments: the sparklines and the "previous" baselines.
    gen = CommentGenerator(seed=3)
    import_history(settings, [gen.comment(now - timedelta(minutes=m)) for m in range(61, 360)])
    worker = start_worker()
    first = live_comments(200, seed=11, prefix="e2e-a", now=now)
    assert produce(settings, [orjson.dumps(r) for r in first]) == 200
    wait_until(lambda: worker.pulse("1h")["comments"] >= 200, 60, "200 comments in 1h")

    pg = page.page
    pg.goto(worker.base + "/?window=1h")
    pg.wait_for_function("() => Number(document.body.dataset.comments) >= 200", timeout=20_000)
    texts = tile_texts(pg)
    assert sorted(texts) == sorted(AREA_NAMES)
    for name, text in texts.items():
        assert re.search(r"\d+\s%", text), f"{name} shows no shares: {text!r}"
        assert re.search(r"\d+ kommentar", text), f"{name} shows no n: {text!r}"
    assert "pe" in texts["Väntetid"]  # the change against the previous hour
    assert pg.locator(".spark polyline").count() >= 1
    assert pg.locator("#updated").inner_text().startswith("Uppdaterad")
    assert pg.locator("#stale").is_hidden()

    # More comments while the page stays open: the numbers move without a reload.
    pg.evaluate("() => { window.__sameDocument = true; }")
    before = comments_on_page(pg)
    more = live_comments(150, seed=12, prefix="e2e-b", now=datetime.now(UTC))
    produce(settings, [orjson.dumps(r) for r in more])
    pg.wait_for_function(f"() => Number(document.body.dataset.comments) >= {before + 150}",
                         timeout=30_000)
    assert pg.evaluate("() => window.__sameDocument === true")
    assert pg.evaluate("() => performance.getEntriesByType('navigation').length") == 1
    assert tile_texts(pg) != texts
    time.sleep(1)  # let the bars finish their transition
    # The README's screenshot is refreshed on request only, not by every test run.
    shot = SCREENSHOT if os.environ.get("PULSE_UPDATE_SCREENSHOT") else tmp_path / "wall.png"
    pg.screenshot(path=str(shot))
    assert shot.stat().st_size > 10_000

    # A TV URL for one municipality is honoured and kept in sync with the selectors.
    town = Counter(r["municipality"] for r in first + more).most_common(1)[0][0]
    local = worker.pulse("1h", municipality=town)["comments"]
    pg.goto(worker.base + f"/?municipality={town}&window=1h")
    pg.wait_for_function(f"() => Number(document.body.dataset.comments) === {local}",
                         timeout=20_000)
    assert pg.locator("#municipality").input_value() == town
    assert pg.locator("#window").input_value() == "1h"
    assert pg.locator("h1").inner_text().endswith(town)
    pg.select_option("#window", "24h")
    pg.wait_for_function("() => location.search.includes('window=24h')", timeout=5_000)
    assert f"municipality={town}" in pg.evaluate("() => location.search")

    # The worker stops: it does not hang on the open stream, and the page says so plainly.
    started = time.monotonic()
    worker.stop(signal.SIGTERM)
    assert worker.proc.returncode is not None and time.monotonic() - started < 20
    pg.wait_for_selector("#stale:not([hidden])", timeout=20_000)
    assert "siffrorna kan vara inaktuella" in pg.locator("#stale").inner_text()
    errors = [e for e in page.errors if "/api/live" not in e and "ERR_CONNECTION" not in e]
    assert errors == []


def test_alert_banner_appears_on_a_spike(settings, start_worker, page):
    town = "Vetlanda"
    gen = CommentGenerator(seed=21)
    now = datetime.now(UTC)
    history = []
    for i in range(600):  # a calm, coded week: mostly positive about waiting time
        record = gen.comment(now - timedelta(days=7) + timedelta(minutes=15 * i),
                             municipality=town, area="waiting_time")
        record["truth"]["waiting_time"] = "negative" if i % 10 == 0 else "positive"
        history.append(record)
    import_history(settings, history)
    worker = start_worker(env=FAST_ALERTS)

    pg = page.page
    pg.goto(worker.base + f"/?municipality={town}&window=1h")
    pg.wait_for_selector("#updated:has-text('Uppdaterad')", timeout=20_000)
    assert pg.locator("#alerts").is_hidden()

    burst = ["Över en timme i telefonkön igen, helt oacceptabelt att ingen svarar.",
             "Kön i telefon var alldeles för lång, väntade i 50 minuter.",
             "Vi fick vänta alldeles för länge på att någon svarade i telefonen."]
    produce(settings, [orjson.dumps({
        "id": f"burst-{i}", "municipality": town, "text": burst[i % 3], "channel": "phone",
        "created_at": (now - timedelta(seconds=i)).isoformat()}) for i in range(40)])

    banner = pg.locator(".alert[data-area='waiting_time']").first
    banner.wait_for(state="visible", timeout=90_000)
    text = banner.inner_text()
    assert "Väntetid" in text and town in text
    assert re.search(r"varning|kritiskt larm", text, re.IGNORECASE)  # severity shown
    assert page.errors == []
