"""docker-compose.yml and deploy/Dockerfile are checked as far as possible without a Docker
engine: the Compose file parses and validates against the Compose specification (the
``compose-spec`` package's typed, strict parser), its wiring (depends_on, healthchecks,
required variables, worker replicas, mounts) is consistent, and the Dockerfile is sound."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest
import yaml

from stream.cli import build_parser

ROOT = Path(__file__).resolve().parents[2]
COMPOSE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "deploy" / "Dockerfile"
PROMETHEUS = ROOT / "deploy" / "prometheus" / "prometheus.yml"

_VAR = re.compile(r"\$\$|\$\{([A-Za-z_]\w*)(?:(:?[-?])([^}]*))?\}|\$([A-Za-z_]\w*)")


def interpolate(text: str, env: dict[str, str]) -> str:
    """Compose's variable substitution: ``${V}``, ``${V:-default}``, ``${V:?error}``, ``$$``."""

    def sub(m: re.Match[str]) -> str:
        if m.group(0) == "$$":
            return "$"
        name, op, arg = m.group(1) or m.group(4), m.group(2), m.group(3)
        value = env.get(name)
        if op in (":-", "-"):
            return value if value or (op == "-" and value is not None) else (arg or "")
        if op in (":?", "?"):
            if not value:
                raise KeyError(f"{name}: {arg}")
            return value
        if value is None:
            raise KeyError(f"{name} is not set and has no default")
        return value

    return _VAR.sub(sub, text)


REQUIRED_ENV = {"GRAFANA_ADMIN_PASSWORD": "test-only"}


@pytest.fixture(scope="module")
def compose() -> dict:
    return yaml.safe_load(interpolate(COMPOSE.read_text(), REQUIRED_ENV))


def _depends_on(service: dict) -> dict[str, str]:
    deps = service.get("depends_on", {})
    if isinstance(deps, list):
        return {name: "service_started" for name in deps}
    return {name: spec.get("condition", "service_started") for name, spec in deps.items()}


def test_compose_validates_against_the_compose_specification():
    compose_spec = pytest.importorskip(
        "compose_spec", reason="compose-spec is not installed (pip install -e '.[dev]')")
    text = interpolate(COMPOSE.read_text(), REQUIRED_ENV)
    spec = compose_spec.PyOptions(apply_merge=True).from_yaml(text).to_spec()
    assert {"kafka", "topic-init", "prometheus", "alertmanager", "grafana"} <= set(spec.services)
    # The validator is strict: a misspelt key or condition is refused, not ignored.
    for good, bad in [("condition: service_healthy", "condition: service_healty"),
                      ("    restart: unless-stopped\n", "    restrat: unless-stopped\n")]:
        with pytest.raises(ValueError):
            compose_spec.PyOptions(apply_merge=True).from_yaml(text.replace(good, bad, 1))


def test_a_missing_required_variable_fails_loudly():
    text = COMPOSE.read_text()
    assert "${GRAFANA_ADMIN_PASSWORD:?" in text
    with pytest.raises(KeyError, match="GRAFANA_ADMIN_PASSWORD"):
        interpolate(text, {})


def test_every_depends_on_names_a_service_with_the_condition_it_can_meet(compose):
    services = compose["services"]
    for name, service in services.items():
        for dep, condition in _depends_on(service).items():
            assert dep in services, f"{name} depends on unknown service {dep}"
            target = services[dep]
            if condition == "service_healthy":
                assert "healthcheck" in target and not target["healthcheck"].get("disable"), \
                    f"{name} waits for {dep} to be healthy, but {dep} has no healthcheck"
            if condition == "service_completed_successfully":
                assert target.get("restart", "no") == "no", f"{dep} is a job: no restart"


def test_long_running_services_have_healthchecks(compose):
    for name in ("kafka", "prometheus", "alertmanager", "grafana"):
        assert compose["services"][name]["healthcheck"]["test"], name
    for name in _workers(compose):
        assert "/health" in " ".join(compose["services"][name]["healthcheck"]["test"])


def _workers(compose: dict) -> list[str]:
    return [name for name, s in compose["services"].items() if s.get("command") == ["worker"]]


def test_two_or_more_workers_wait_for_the_topics_and_listen_on_all_interfaces(compose):
    workers = _workers(compose)
    assert len(workers) >= 2
    for name in workers:
        s = compose["services"][name]
        assert _depends_on(s)["topic-init"] == "service_completed_successfully"
        assert s["environment"]["PULSE_WEB_HOST"] == "0.0.0.0"
        assert s["environment"]["PULSE_BROKER_URL"] == "kafka://kafka:9092"
    # Prometheus scrapes exactly these workers, by the names compose gives them.
    prom = yaml.safe_load(PROMETHEUS.read_text())
    job = next(j for j in prom["scrape_configs"] if j["job_name"] == "pulsen-worker")
    targets = {t for sc in job["static_configs"] for t in sc["targets"]}
    assert targets == {f"{name}:6066" for name in workers}


def test_kafka_runs_in_kraft_mode_and_topic_init_runs_a_real_command(compose):
    kafka = compose["services"]["kafka"]
    assert kafka["image"].startswith("apache/kafka:")
    assert "controller" in kafka["environment"]["KAFKA_PROCESS_ROLES"]
    init = compose["services"]["topic-init"]
    assert _depends_on(init) == {"kafka": "service_healthy"}
    assert "PULSE_PARTITIONS" in init["environment"]
    build_parser().parse_args(init["command"])  # `pulse topics create` exists


def test_the_generator_is_an_optional_profile(compose):
    gen = compose["services"]["generator"]
    assert gen["profiles"] == ["generator"]
    assert "pulse generate" in gen["command"][0] and "pulse produce" in gen["command"][0]


def test_topics_with_personal_data_get_a_short_retention(compose):
    job = compose["services"]["topic-retention"]
    script = " ".join(job["command"])
    assert "pulse.comments.raw" in script and "pulse.comments.dlq" in script
    days = int(re.search(r"retention\.ms=(\d+)", script).group(1)) / 86_400_000
    assert 0 < days <= 7


def test_monitoring_mounts_the_checked_in_configs(compose):
    mounts = {s: " ".join(compose["services"][s]["volumes"])
              for s in ("prometheus", "alertmanager", "grafana")}
    assert "./deploy/prometheus:/etc/prometheus" in mounts["prometheus"]
    assert "./deploy/alertmanager:/etc/alertmanager" in mounts["alertmanager"]
    assert "./deploy/grafana/provisioning:/etc/grafana/provisioning" in mounts["grafana"]
    for service in compose["services"].values():
        for volume in service.get("volumes", []):
            source = volume.split(":")[0]
            if source.startswith("./"):
                assert (ROOT / source).exists(), f"mount source {source} is missing"
    images = [s["image"] for s in compose["services"].values() if "image" in s]
    assert not [i for i in images if i.endswith(":latest") or ":" not in i], images


def dockerfile_instructions(text: str) -> list[tuple[str, str]]:
    """(INSTRUCTION, arguments) pairs, continuation lines joined, comments dropped."""
    out: list[tuple[str, str]] = []
    pending = ""
    for line in text.splitlines():
        stripped = line.strip()
        if not pending and (not stripped or stripped.startswith("#")):
            continue
        if stripped.endswith("\\"):
            pending += stripped[:-1] + " "
            continue
        full = pending + stripped
        pending = ""
        word, _, rest = full.partition(" ")
        out.append((word.upper(), rest.strip()))
    assert not pending, "dangling line continuation"
    return out


def test_the_dockerfile_is_pinned_non_root_healthchecked_and_runs_the_worker():
    known = {"FROM", "RUN", "CMD", "LABEL", "EXPOSE", "ENV", "ADD", "COPY", "ENTRYPOINT",
             "VOLUME", "USER", "WORKDIR", "ARG", "ONBUILD", "STOPSIGNAL", "HEALTHCHECK", "SHELL"}
    steps = dockerfile_instructions(DOCKERFILE.read_text())
    words = [w for w, _ in steps]
    assert set(words) <= known, set(words) - known
    assert words[0] == "FROM"
    base = steps[0][1].split()[0]
    assert base.startswith("python:3.11") and ":latest" not in base
    user = [a for w, a in steps if w == "USER"]
    assert user and user[-1] not in ("root", "0")
    assert words.index("USER") > max(i for i, w in enumerate(words) if w == "RUN")
    health = next(a for w, a in steps if w == "HEALTHCHECK")
    assert "/health" in health
    copied = " ".join(a for w, a in steps if w == "COPY")
    assert "data/" in copied and "stream/" in copied
    entry = yaml.safe_load(next(a for w, a in steps if w == "ENTRYPOINT"))
    cmd = yaml.safe_load(next(a for w, a in steps if w == "CMD"))
    assert entry + cmd == ["pulse", "worker"]
    assert shlex.split(" ".join(entry + cmd))


def test_interpolation_follows_compose_rules():
    assert interpolate("${A:-x} ${B:-y} $$HOME ${C}", {"A": "1", "C": "3"}) == "1 y $HOME 3"
    with pytest.raises(KeyError):
        interpolate("${D:?needed}", {"D": ""})
