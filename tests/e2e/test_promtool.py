"""The Prometheus and Alertmanager files in deploy/ are valid and the alert rules pass their
own unit tests (promtool test rules): each fires on a problem and stays quiet otherwise."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest

pytestmark = pytest.mark.e2e

DEPLOY = Path(__file__).resolve().parents[2] / "deploy"
PROMETHEUS = DEPLOY / "prometheus"
ALERTMANAGER = DEPLOY / "alertmanager" / "alertmanager.yml"


def _tool(name: str, package: str) -> str:
    path = shutil.which(name)
    if path is None:
        pytest.skip(f"{name} is not installed (Debian: apt-get install -y {package})")
    return path


def _run(*args: str | Path) -> str:
    done = subprocess.run([str(a) for a in args], capture_output=True, text=True, timeout=60,
                          cwd=PROMETHEUS, check=False)  # the assert shows the output
    output = done.stdout + done.stderr
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{output}"
    return output


def test_prometheus_config_is_valid_and_loads_the_rules():
    out = _run(_tool("promtool", "prometheus"), "check", "config", PROMETHEUS / "prometheus.yml")
    assert "SUCCESS" in out and "rule files found" in out


def test_alert_rules_are_valid():
    out = _run(_tool("promtool", "prometheus"), "check", "rules", PROMETHEUS / "alerts.yml")
    assert "SUCCESS" in out


def test_alert_rules_fire_on_problems_and_stay_quiet_otherwise():
    out = _run(_tool("promtool", "prometheus"), "test", "rules",
               PROMETHEUS / "alerts_test.yml")
    assert "SUCCESS" in out and "FAILED" not in out


def test_alertmanager_config_is_valid():
    out = _run(_tool("amtool", "prometheus-alertmanager"), "check-config", ALERTMANAGER)
    assert "SUCCESS" in out


@pytest.mark.parametrize(("labels", "receiver"), [
    (["severity=critical", "alertname=PulsenNegativitySpikeCritical"], "pulsen-oncall"),
    (["severity=warning", "alertname=PulsenNegativitySpike"], "pulsen-team"),
])
def test_alertmanager_routes_by_severity(labels, receiver):
    out = _run(_tool("amtool", "prometheus-alertmanager"), "config", "routes", "test",
               f"--config.file={ALERTMANAGER}", *labels)
    assert out.splitlines()[0].strip() == receiver
