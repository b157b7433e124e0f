"""`pulse …`: the command line of Pulsen."""

from __future__ import annotations

import argparse
import asyncio
import sys
from pathlib import Path

from stream.settings import Settings


def _settings(args: argparse.Namespace, **overrides: object) -> Settings:
    values = {k: v for k, v in overrides.items() if v is not None}
    return Settings(**values) if values else Settings()


def cmd_broker(args: argparse.Namespace) -> int:
    from stream.demo import run_broker

    return run_broker(port=args.port)


def cmd_worker(args: argparse.Namespace) -> int:
    import faust

    from stream.app import create_app
    from stream.kafka import ensure_topics
    from stream.runtime import configure_logging, load_model, settle_heap, warm_up
    from stream.scorer import ChildScorer

    settings = _settings(args, web_port=args.web_port)
    configure_logging(settings, args.verbose)
    # One loop for the topic set-up and for Faust, which takes the current loop.
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    loop.run_until_complete(ensure_topics(settings))
    model = load_model(settings)
    # The scoring child starts now: its imports and warm-up overlap the worker's own.
    scorer = ChildScorer(model) if settings.score_process else None
    warm_up(model)  # the first live batch must not pay the lemmatiser's start-up
    app = create_app(settings, model, scorer)
    settle_heap()  # the model and the app are here for good (again once the view is rebuilt)
    worker = faust.Worker(
        app, loglevel="DEBUG" if args.verbose else "WARNING", quiet=True,
        redirect_stdouts=False, override_logging=False,
        loop=loop,
    )
    print(f"worker: {settings.app_id} on {settings.broker_url}, "
          f"http://{settings.web_host}:{settings.web_port}/", flush=True)
    worker.execute_from_commandline()
    return 0


def cmd_topics_create(args: argparse.Namespace) -> int:
    from stream.kafka import ensure_topics

    settings = _settings(args)
    created = asyncio.run(ensure_topics(settings, retries=120))
    print(f"topics: created {len(created)} ({', '.join(created) or 'all existed'})", flush=True)
    return 0


def cmd_demo(args: argparse.Namespace) -> int:
    from stream.demo import run_demo

    return run_demo(web_port=args.web_port, rate=args.rate, seed=args.seed, verbose=args.verbose,
                    spikes=args.spikes)


def cmd_generate(args: argparse.Namespace) -> int:
    import orjson

    from stream.generator import generate

    out = sys.stdout.buffer
    for record in generate(args.count, seed=args.seed, preset=args.preset):
        out.write(orjson.dumps(record) + b"\n")
    out.flush()
    return 0


def cmd_produce(args: argparse.Namespace) -> int:
    from stream.kafka import topics_for
    from stream.produce import produce_file

    settings = _settings(args)
    topic = getattr(topics_for(settings), args.topic)
    sent = asyncio.run(produce_file(settings, args.file, progress=not args.quiet, topic=topic))
    print(f"produced {sent} records to {topic}", file=sys.stderr)
    return 0


def cmd_import(args: argparse.Namespace) -> int:
    from stream.importer import import_lines
    from stream.produce import read_lines

    settings = _settings(args)
    sent, invalid = asyncio.run(import_lines(settings, read_lines(args.file), not args.quiet))
    print(f"imported {sent} coded comments to {settings.topic_prefix}.scored"
          f"{f'; {invalid} lines not imported' if invalid else ''}", file=sys.stderr)
    return 1 if invalid else 0


def cmd_schemas(args: argparse.Namespace) -> int:
    from schemas.export import SCHEMAS_DIR, check_all, write_all

    if args.action == "export":
        for path in write_all(SCHEMAS_DIR):
            print(path)
        return 0
    problems = check_all(SCHEMAS_DIR)
    for problem in problems:
        print(problem, file=sys.stderr)
    return 1 if problems else 0


def cmd_model_predict(args: argparse.Namespace) -> int:
    from stream.model_cli import predict

    return predict(args.model)


def cmd_model_train(args: argparse.Namespace) -> int:
    from stream.model_cli import train

    return train(args.file, args.output, args.seed)


def cmd_model_evaluate(args: argparse.Namespace) -> int:
    from stream.model_cli import evaluate_file

    prequential = args.prequential or args.label_share is not None
    share = 1.0 if args.label_share is None else args.label_share
    return evaluate_file(args.file, args.model, prequential, args.json, share)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="pulse", description="Pulsen: a live citizen-feedback pulse on Kafka.")
    parser.add_argument("-v", "--verbose", action="store_true", help="log more")
    sub = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    p = sub.add_parser("demo", help="embedded broker + worker + generator + page, one command")
    p.add_argument("--web-port", type=int, default=6066, help="HTTP port (default 6066)")
    p.add_argument("--rate", type=float, default=5.0,
                   help="generated comments per second, 0 = none (default 5)")
    p.add_argument("--seed", type=int, default=0, help="generator seed (default 0)")
    p.add_argument("--spikes", action="store_true",
                   help="import a calm week of history, then inject a negativity spike every "
                        "8 minutes so alerts appear and resolve")
    p.set_defaults(func=cmd_demo)

    p = sub.add_parser("broker", help="the embedded Kafka-compatible broker alone")
    p.add_argument("--port", type=int, default=9092, help="port (default 9092, 0 = any free)")
    p.set_defaults(func=cmd_broker)

    p = sub.add_parser("worker", help="a worker against PULSE_BROKER_URL")
    p.add_argument("--web-port", type=int, default=None, help="HTTP port (default 6066)")
    p.set_defaults(func=cmd_worker)

    p = sub.add_parser("topics", help="create every Pulsen topic that does not exist yet")
    p.add_argument("action", choices=["create"])
    p.set_defaults(func=cmd_topics_create)

    p = sub.add_parser("generate", help="synthetic Swedish comments as JSONL on stdout")
    p.add_argument("--count", type=int, default=1000, help="how many (default 1000)")
    p.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    p.add_argument("--preset", default="default",
                   help="default | medborgarpulsen-2019 | medborgarpulsen-2020")
    p.set_defaults(func=cmd_generate)

    p = sub.add_parser("produce", help="publish JSONL comments to pulse.comments.raw")
    p.add_argument("file", help="a JSONL file, or - for stdin")
    p.add_argument("--topic", choices=["raw", "labels"], default="raw",
                   help="raw: comments (default); labels: LabelEvents for online learning")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_produce)

    p = sub.add_parser("import", help="import coded historical comments (labels are truth)")
    p.add_argument("file", help="JSONL with labels (or truth), e.g. from pulse generate; - = stdin")
    p.add_argument("-q", "--quiet", action="store_true", help="no progress line")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("schemas", help="export or check the JSON Schemas and AsyncAPI document")
    p.add_argument("action", choices=["export", "check"])
    p.set_defaults(func=cmd_schemas)

    p = sub.add_parser("bench", add_help=False,
                       help="throughput and latency beside the broker ceiling and a Quix peer "
                            "(pulse bench --help)")

    p = sub.add_parser("model", help="the classifier: predict, train, evaluate")
    msub = p.add_subparsers(dest="model_command", required=True, metavar="ACTION")
    m = msub.add_parser("predict", help="label {id, text} JSONL from stdin")
    m.add_argument("--model", type=Path, default=None,
                   help="model snapshot (default: the shipped model trained from data/)")
    m.set_defaults(func=cmd_model_predict)
    m = msub.add_parser("train", help="train a model on labelled JSONL and write a snapshot")
    m.add_argument("file", help="JSONL with text and labels (or truth); - for stdin")
    m.add_argument("-o", "--output", type=Path, required=True, help="snapshot file to write")
    m.add_argument("--seed", type=int, default=42, help="shuffle seed (default 42)")
    m.set_defaults(func=cmd_model_train)
    m = msub.add_parser("evaluate", help="precision/recall/F1 and confusion on labelled JSONL")
    m.add_argument("file", help="JSONL with text and labels (or truth); - for stdin")
    m.add_argument("--model", type=Path, default=None, help="model snapshot (default: shipped)")
    m.add_argument("--prequential", action="store_true",
                   help="replay in order, predicting each comment before learning it")
    m.add_argument("--label-share", type=float, default=None, metavar="P",
                   help="prequential, learning only a sample of P (0-1) of the comments, by "
                   "a hash of their ids: an analyst coding a sample of the stream")
    m.add_argument("--json", action="store_true", help="one JSON object instead of tables")
    m.set_defaults(func=cmd_model_evaluate)
    return parser


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv[:1] == ["bench"]:  # its own parser: argparse's REMAINDER drops leading options
        from benchmarks.bench import main as bench_main

        return bench_main(argv[1:])
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    sys.exit(main())
