"""The provisioned Grafana dashboard queries only metrics a Pulsen worker really exports.

The exported names come from the worker's own registry, built in-process by
``create_app`` (no broker needed), not from a hand-written list.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from stream.settings import Settings

GRAFANA = Path(__file__).resolve().parents[2] / "deploy" / "grafana"
DASHBOARD = GRAFANA / "dashboards" / "pulsen.json"

# PromQL words that look like identifiers but name no metric.
_KEYWORDS = {"by", "without", "on", "ignoring", "group_left", "group_right", "bool", "and",
             "or", "unless", "offset", "inf", "nan"}


class FakeModel:
    """Just enough of a model for the app and its collectors."""

    version = "fake-1"
    labels_learned = 0

    def predict_many(self, texts):  # pragma: no cover - never called here
        return [{} for _ in texts]


@pytest.fixture(scope="module")
def exported() -> set[str]:
    """Every sample name the worker's registry can expose, with the suffixes Prometheus
    sees (counters ``_total``, histograms ``_bucket``/``_sum``/``_count``)."""
    from stream.app import create_app

    app = create_app(Settings(), FakeModel())
    pipe = app.pipeline
    # Progressive-validation figures exist once a label was scored: give the model health
    # one, so the F1 gauges that are only exported when known are collected too.
    pipe.health.update({"waiting_time": "negative"}, {"waiting_time": "negative"})
    names: set[str] = set()
    for family in pipe.metrics.registry.collect():
        if family.type == "counter":
            names |= {f"{family.name}_total"}
        elif family.type == "histogram":
            names |= {f"{family.name}_{s}" for s in ("bucket", "sum", "count")}
        else:
            names.add(family.name)
        names |= {sample.name for sample in family.samples}
    return names


def metric_names(expr: str) -> set[str]:
    """Metric names in a PromQL expression (or a Grafana ``label_values(metric, label)``)."""
    m = re.fullmatch(r"\s*label_values\(\s*([a-zA-Z_:][\w:]*)\s*,\s*\w+\s*\)\s*", expr)
    if m:
        return {m.group(1)}
    text = re.sub(r'"(?:\\.|[^"\\])*"', '""', expr)  # string literals ($window, regexes)
    text = re.sub(r"\{[^}]*\}", "", text)  # label matchers
    text = re.sub(r"\[[^\]]*\]", "", text)  # range selectors ($__rate_interval)
    text = re.sub(r"\b(by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)", " ", text)
    names = set()
    for m in re.finditer(r"(?<![\w$.])([a-zA-Z_:][\w:]*)\s*(\(?)", text):
        word, call = m.group(1), m.group(2)
        if call or word.lower() in _KEYWORDS:
            continue  # a function call or an operator keyword
        names.add(word)
    return names


def _dashboard() -> dict:
    return json.loads(DASHBOARD.read_text())


def _panels(dashboard: dict) -> list[dict]:
    out = []
    for panel in dashboard["panels"]:
        out.append(panel)
        out.extend(panel.get("panels", []))
    return [p for p in out if p.get("type") != "row"]


def test_expression_parser_finds_metrics_not_functions_labels_or_variables():
    expr = ('histogram_quantile(0.99, sum by (le) (rate(pulsen_latency_from_created_seconds_bucket'
            '[$__rate_interval]))) / on (instance) group_left max without (x) '
            '(pulsen_pulse_share{window="$window", area=~"a|b"} offset 5m)')
    assert metric_names(expr) == {"pulsen_latency_from_created_seconds_bucket",
                                  "pulsen_pulse_share"}
    assert metric_names("label_values(pulsen_pulse_share, municipality)") == {"pulsen_pulse_share"}


def test_the_exported_names_are_read_from_the_worker(exported):
    assert {"pulsen_events_total", "pulsen_pulse_share", "pulsen_consumer_lag_records",
            "pulsen_latency_from_append_seconds_bucket", "pulsen_model_pair_f1"} <= exported


def test_every_panel_query_names_only_metrics_the_worker_exports(exported):
    panels = _panels(_dashboard())
    assert len(panels) >= 10
    unknown = {}
    for panel in panels:
        assert panel["targets"], f"panel {panel['title']!r} has no query"
        for target in panel["targets"]:
            names = metric_names(target["expr"])
            assert names, f"{panel['title']!r}: no metric in {target['expr']!r}"
            if names - exported:
                unknown[panel["title"]] = sorted(names - exported)
    assert not unknown, f"queries name metrics the worker does not export: {unknown}"


def test_template_variables_query_exported_metrics(exported):
    variables = {v["name"]: v for v in _dashboard()["templating"]["list"]}
    assert variables["municipality"]["definition"] == \
        "label_values(pulsen_pulse_share, municipality)"
    for var in variables.values():
        if var["type"] == "query":
            assert metric_names(var["definition"]) <= exported


def test_the_dashboard_covers_what_operators_need():
    text = DASHBOARD.read_text()
    for metric in ("pulsen_pulse_share", "pulsen_pulse_share_lower", "pulsen_pulse_share_upper",
                   "pulsen_alerts_open", "pulsen_events_total", "pulsen_dead_letters_total",
                   "pulsen_latency_from_created_seconds_bucket", "pulsen_view_lag_records",
                   "pulsen_consumer_lag_records", "pulsen_model_pair_f1", "pulsen_model_area_f1",
                   "pulsen_model_sentiment_macro_f1", "pulsen_model_info"):
        assert metric in text, f"no panel shows {metric}"
    assert "histogram_quantile" in text


def test_every_query_uses_the_provisioned_datasource():
    datasources = yaml.safe_load(
        (GRAFANA / "provisioning" / "datasources" / "prometheus.yml").read_text())["datasources"]
    uids = {d["uid"] for d in datasources}
    assert uids == {"prometheus"}
    for panel in _panels(_dashboard()):
        assert panel["datasource"]["uid"] in uids
        for target in panel["targets"]:
            assert target["datasource"]["uid"] in uids


def test_the_dashboard_provider_points_where_compose_mounts_the_json():
    providers = yaml.safe_load(
        (GRAFANA / "provisioning" / "dashboards" / "dashboards.yml").read_text())["providers"]
    compose = yaml.safe_load((GRAFANA.parents[1] / "docker-compose.yml").read_text())
    mounts = compose["services"]["grafana"]["volumes"]
    targets = {m.split(":")[1] for m in mounts if "dashboards" in m.split(":")[0]}
    assert {p["options"]["path"] for p in providers} <= targets
