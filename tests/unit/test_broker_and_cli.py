"""The embedded broker's life cycle and the command line's surface."""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time

import pytest

from stream.broker import EmbeddedBroker
from stream.cli import build_parser
from stream.settings import Settings


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    with open(f"/proc/{pid}/stat") as f:  # a zombie is dead for our purposes
        return f.read().split()[2] != "Z"


def test_broker_accepts_connections_and_stops_cleanly():
    broker = EmbeddedBroker().start()
    pid = broker.pid
    assert pid and _alive(pid)
    socket.create_connection((broker.host, broker.port), timeout=2).close()
    broker.stop()
    assert not _alive(pid)


def test_broker_dies_with_its_parent_even_on_kill_9():
    code = ("from stream.broker import EmbeddedBroker; import time; b = EmbeddedBroker().start();"
            "print(b.pid, flush=True); time.sleep(60)")
    parent = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    child = int(parent.stdout.readline())
    assert _alive(child)
    parent.send_signal(signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 10
    while _alive(child) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not _alive(child), "the broker outlived its parent"


def test_help_lists_every_command():
    text = build_parser().format_help()
    for command in ("demo", "broker", "worker", "generate", "produce", "schemas", "model"):
        assert command in text


def test_broker_url_accepts_bare_host_port_and_rejects_other_schemes():
    assert Settings(broker_url="localhost:9092").bootstrap_servers == ["localhost:9092"]
    assert Settings(broker_url="kafka://a:1;b:2").bootstrap_servers == ["a:1", "b:2"]
    with pytest.raises(ValueError, match="kafka://"):
        Settings(broker_url="http://a:1")
