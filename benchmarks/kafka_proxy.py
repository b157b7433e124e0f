"""A counting TCP proxy in front of a Kafka broker: requests per second by API and topic.

Every client connects through it (the broker must advertise the proxy's address, see
``EmbeddedBroker(advertised_port=...)``), and it counts, per API and per topic a request
names (Fetch, Produce, OffsetCommit, ListOffsets), the requests, their round-trip time and,
for Fetch, how many partitions came back with records; for Produce, the record batches and
records written. That tells which of a worker's readers and writers the broker works for.

It parses only the request and response headers and the bodies of the non-flexible versions
aiokafka speaks (Fetch ≤ v11, Produce ≤ v8, ...); anything else is counted by API alone.
``CountingProxy`` runs in a thread of its own; ``python -m benchmarks.kafka_proxy`` runs it
as a process of its own (what the soak does, so it does not take the feeder's GIL) and
appends one JSON line per interval to a file. It costs CPU itself (~10–20 % of a core at
2,000 comments/s): use it to see the mix, not to time a run.

    python -m benchmarks.kafka_proxy --upstream 127.0.0.1:9092 --port 9093 --out counts.jsonl
"""

from __future__ import annotations

import argparse
import asyncio
import json
import struct
import sys
import threading
import time
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

API_NAMES = {
    0: "Produce", 1: "Fetch", 2: "ListOffsets", 3: "Metadata", 8: "OffsetCommit",
    9: "OffsetFetch", 10: "FindCoordinator", 11: "JoinGroup", 12: "Heartbeat",
    13: "LeaveGroup", 14: "SyncGroup", 18: "ApiVersions", 19: "CreateTopics",
    22: "InitProducerId", 32: "DescribeConfigs",
}
# Highest non-flexible versions: the body layouts parsed below.
_FETCH_MAX, _PRODUCE_MAX, _COMMIT_MAX, _LIST_MAX = 11, 8, 7, 5


@dataclass
class Stat:
    requests: int = 0
    seconds: float = 0.0  # sum of round trips
    partitions: int = 0  # partitions named in the requests
    with_data: int = 0  # Fetch: partitions answered with records
    bytes_out: int = 0  # Fetch: record bytes answered; Produce: record bytes sent
    batches: int = 0  # Produce: record batches sent
    records: int = 0  # Produce: records sent


class _Reader:
    def __init__(self, data: bytes, pos: int = 0) -> None:
        self.data, self.pos = data, pos

    def i8(self) -> int:
        self.pos += 1
        return struct.unpack_from(">b", self.data, self.pos - 1)[0]

    def i16(self) -> int:
        self.pos += 2
        return struct.unpack_from(">h", self.data, self.pos - 2)[0]

    def i32(self) -> int:
        self.pos += 4
        return struct.unpack_from(">i", self.data, self.pos - 4)[0]

    def i64(self) -> int:
        self.pos += 8
        return struct.unpack_from(">q", self.data, self.pos - 8)[0]

    def string(self) -> str | None:
        n = self.i16()
        if n < 0:
            return None
        self.pos += n
        return self.data[self.pos - n:self.pos].decode(errors="replace")

    def raw(self) -> bytes | None:
        n = self.i32()
        if n < 0:
            return None
        self.pos += n
        return self.data[self.pos - n:self.pos]


def _batches(records: bytes) -> tuple[int, int]:
    """Record batches and records in a message set (magic 2)."""
    pos = batches = count = 0
    while pos + 61 <= len(records):
        length = struct.unpack_from(">i", records, pos + 8)[0]
        batches += 1
        count += struct.unpack_from(">i", records, pos + 57)[0]
        pos += 12 + length
    return batches, count


def _request_topics(api: int, version: int, r: _Reader) -> dict[str, dict[str, int]]:
    """Topic → partitions named (and, for Produce, batches/records/bytes) in a request."""
    out: dict[str, dict[str, int]] = {}
    if api == 1 and version <= _FETCH_MAX:
        r.i32(), r.i32(), r.i32()  # replica, max wait, min bytes
        if version >= 3:
            r.i32()
        if version >= 4:
            r.i8()
        if version >= 7:
            r.i32(), r.i32()
        for _ in range(r.i32()):
            topic = r.string() or ""
            n = r.i32()
            for _ in range(n):
                r.i32()
                if version >= 9:
                    r.i32()
                r.i64()
                if version >= 5:
                    r.i64()
                r.i32()
            out[topic] = {"partitions": n}
    elif api == 0 and version <= _PRODUCE_MAX:
        if version >= 3:
            r.string()
        r.i16(), r.i32()
        for _ in range(r.i32()):
            topic = r.string() or ""
            t = out.setdefault(topic, {"partitions": 0, "batches": 0, "records": 0, "bytes": 0})
            for _ in range(r.i32()):
                r.i32()
                records = r.raw() or b""
                b, c = _batches(records)
                t["partitions"] += 1
                t["batches"] += b
                t["records"] += c
                t["bytes"] += len(records)
    elif api == 8 and version <= _COMMIT_MAX:
        r.string()  # group
        if version >= 1:
            r.i32(), r.string()
        if version >= 7:
            r.string()
        if 2 <= version <= 4:
            r.i64()
        for _ in range(r.i32()):
            topic = r.string() or ""
            n = r.i32()
            for _ in range(n):
                r.i32(), r.i64()
                if version == 1:
                    r.i64()
                if version >= 6:
                    r.i32()
                r.string()
            out[topic] = {"partitions": n}
    elif api == 2 and version <= _LIST_MAX:
        r.i32()
        if version >= 2:
            r.i8()
        for _ in range(r.i32()):
            topic = r.string() or ""
            n = r.i32()
            for _ in range(n):
                r.i32()
                if version >= 4:
                    r.i32()
                r.i64()
                if version == 0:
                    r.i32()
            out[topic] = {"partitions": n}
    return out


def _fetch_response(version: int, r: _Reader) -> dict[str, tuple[int, int]]:
    """Topic → (partitions answered with records, record bytes) in a Fetch response."""
    out: dict[str, tuple[int, int]] = {}
    if version >= 1:
        r.i32()
    if version >= 7:
        r.i16(), r.i32()
    for _ in range(r.i32()):
        topic = r.string() or ""
        with_data = size = 0
        for _ in range(r.i32()):
            r.i32(), r.i16(), r.i64()
            if version >= 4:
                r.i64()
                if version >= 5:
                    r.i64()
                n = r.i32()
                for _ in range(max(n, 0)):
                    r.i64(), r.i64()
            if version >= 11:
                r.i32()
            records = r.raw()
            if records:
                with_data += 1
                size += len(records)
        out[topic] = (with_data, size)
    return out


@dataclass
class Counts:
    stats: dict[tuple[str, str], Stat] = field(default_factory=lambda: defaultdict(Stat))
    started: float = field(default_factory=time.monotonic)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self, reset: bool = False) -> tuple[float, dict[tuple[str, str], Stat]]:
        with self.lock:
            now = time.monotonic()
            span, stats = now - self.started, dict(self.stats)
            if reset:
                self.stats, self.started = defaultdict(Stat), now
        return span, stats


class CountingProxy:
    """Listens on ``listen_port`` and forwards to ``upstream``; counts what passes."""

    def __init__(self, upstream: tuple[str, int], listen_port: int,
                 host: str = "127.0.0.1", topic_of: Any = None) -> None:
        self.upstream, self.host, self.port = upstream, host, listen_port
        self.counts = Counts()
        # Maps a topic name to the label it is counted under (e.g. without its prefix).
        self.topic_of = topic_of or (lambda topic: topic)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._ready = threading.Event()

    def start(self) -> CountingProxy:
        self._thread = threading.Thread(target=self._run, daemon=True, name="kafka-proxy")
        self._thread.start()
        if not self._ready.wait(10):
            raise RuntimeError("the counting proxy did not start")
        return self

    def stop(self) -> None:
        if self._loop is not None:
            self._loop.call_soon_threadsafe(self._loop.stop)
        if self._thread is not None:
            self._thread.join(5)

    def _run(self) -> None:
        loop = self._loop = asyncio.new_event_loop()
        server = loop.run_until_complete(
            asyncio.start_server(self._client, self.host, self.port))
        self._ready.set()
        try:
            loop.run_forever()
        finally:
            server.close()
            loop.close()

    async def _client(self, c_reader: asyncio.StreamReader, c_writer: asyncio.StreamWriter
                      ) -> None:
        try:
            b_reader, b_writer = await asyncio.open_connection(*self.upstream)
        except OSError:
            c_writer.close()
            return
        pending: dict[int, tuple[int, int, float, dict[str, dict[str, int]]]] = {}
        up = asyncio.create_task(self._requests(c_reader, b_writer, pending))
        down = asyncio.create_task(self._responses(b_reader, c_writer, pending))
        await asyncio.wait([up, down], return_when=asyncio.FIRST_COMPLETED)
        for task in (up, down):
            task.cancel()
        for w in (c_writer, b_writer):
            w.close()

    async def _requests(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                        pending: dict[int, Any]) -> None:
        while True:
            head = await reader.readexactly(4)
            body = await reader.readexactly(struct.unpack(">i", head)[0])
            writer.write(head + body)
            api, version, corr = struct.unpack_from(">hhi", body)
            r = _Reader(body, 8)
            r.string()  # client id (request header v1; aiokafka sends no flexible headers)
            try:
                topics = _request_topics(api, version, r)
            except struct.error:
                topics = {}
            pending[corr] = (api, version, time.monotonic(), topics)
            await writer.drain()

    async def _responses(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter,
                         pending: dict[int, Any]) -> None:
        while True:
            head = await reader.readexactly(4)
            body = await reader.readexactly(struct.unpack(">i", head)[0])
            writer.write(head + body)
            corr = struct.unpack_from(">i", body)[0]
            if corr in pending:
                self._count(*pending.pop(corr), body)
            await writer.drain()

    def _count(self, api: int, version: int, t0: float, topics: dict[str, dict[str, int]],
               body: bytes) -> None:
        rtt = time.monotonic() - t0
        name = API_NAMES.get(api, f"api{api}")
        answered: dict[str, tuple[int, int]] = {}
        if api == 1 and version <= _FETCH_MAX:
            try:
                answered = _fetch_response(version, _Reader(body, 4))
            except struct.error:
                answered = {}
        with self.counts.lock:
            if not topics:
                s = self.counts.stats[(name, "-")]
                s.requests += 1
                s.seconds += rtt
                return
            # A request naming several topics counts once per topic (Faust's consumer does).
            for topic, t in topics.items():
                s = self.counts.stats[(name, self.topic_of(topic))]
                s.requests += 1
                s.seconds += rtt
                s.partitions += t.get("partitions", 0)
                s.batches += t.get("batches", 0)
                s.records += t.get("records", 0)
                s.bytes_out += t.get("bytes", 0)
                if topic in answered:
                    s.with_data += answered[topic][0]
                    s.bytes_out += answered[topic][1]


def table(span: float, stats: dict[tuple[str, str], Stat]) -> list[dict[str, Any]]:
    """Rows per (API, topic), per second over ``span``, busiest first."""
    rows = []
    for (api, topic), s in stats.items():
        rows.append({
            "api": api, "topic": topic, "req_per_s": s.requests / span,
            "ms_per_req": 1000 * s.seconds / max(s.requests, 1),
            "partitions_per_s": s.partitions / span,
            "with_data_per_s": s.with_data / span,
            "batches_per_s": s.batches / span, "records_per_s": s.records / span,
            "kb_per_s": s.bytes_out / span / 1024,
        })
    return sorted(rows, key=lambda row: -row["req_per_s"])


def format_table(rows: list[dict[str, Any]]) -> str:
    lines = [(f"{'api':<14}{'topic':<22}{'req/s':>8}{'ms/req':>8}{'parts/s':>9}"
              f"{'w/data/s':>9}{'batch/s':>9}{'rec/s':>8}{'KB/s':>8}")]
    for r in rows:
        lines.append(f"{r['api']:<14}{r['topic'][:21]:<22}{r['req_per_s']:8.1f}"
                     f"{r['ms_per_req']:8.1f}{r['partitions_per_s']:9.1f}"
                     f"{r['with_data_per_s']:9.1f}{r['batches_per_s']:9.1f}"
                     f"{r['records_per_s']:8.0f}{r['kb_per_s']:8.0f}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m benchmarks.kafka_proxy",
                                 description=__doc__.splitlines()[0])
    ap.add_argument("--upstream", required=True, help="HOST:PORT of the broker")
    ap.add_argument("--port", type=int, required=True, help="port to listen on")
    ap.add_argument("--out", required=True, help="file to append one JSON line per interval to")
    ap.add_argument("--every", type=float, default=5.0)
    ap.add_argument("--strip-prefix", default="", help="topic prefix left out of the labels")
    args = ap.parse_args(argv)
    host, port = args.upstream.rsplit(":", 1)
    proxy = CountingProxy((host, int(port)), args.port,
                          topic_of=lambda t: t.removeprefix(args.strip_prefix)).start()
    try:
        with open(args.out, "a") as out:
            while True:
                time.sleep(args.every)
                span, stats = proxy.counts.snapshot(reset=True)
                out.write(json.dumps({"at": time.time(), "rows": table(span, stats)}) + "\n")
                out.flush()
    except KeyboardInterrupt:
        return 0
    finally:
        proxy.stop()


if __name__ == "__main__":
    sys.exit(main())
