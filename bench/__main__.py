"""``python -m bench``: run every registered benchmark and print a table of ratios."""

from __future__ import annotations

import argparse
import importlib
import os
import sys

from bench import NOTES, REGISTRY, Benchmark, Comparison, format_table, workspace

# Modules whose @benchmark functions register themselves on import; later work appends.
MODULES = (
    "bench.foundation", "bench.search", "bench.lists", "bench.check", "bench.startup",
    "bench.store_open",
    "bench.sync", "bench.papers", "bench.backups", "bench.autosave",
    "bench.provision", "bench.consultations",
)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--repeat", type=int, default=7, help="timed runs per measurement (median reported)"
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="smoke run on a one-year demo programme (the test suite uses this)",
    )
    parser.add_argument("names", nargs="*", help="run only the benchmarks with these names")
    args = parser.parse_args(argv)
    if args.repeat < 1:
        parser.error("--repeat must be at least 1")

    if args.quick:
        os.environ["SEN_BENCH_QUICK"] = "1"  # read by bench.demo_data.demo_size at import
    for module in MODULES:
        importlib.import_module(module)
    chosen = [b for b in REGISTRY if not args.names or b.name in args.names]
    unknown = set(args.names) - {b.name for b in REGISTRY}
    if unknown:
        parser.error(f"no benchmark named {', '.join(sorted(unknown))}")

    rows: list[tuple[Benchmark, Comparison]] = []
    with workspace(args.repeat) as space:
        for bench in chosen:
            print(f"running {bench.name}…", file=sys.stderr, flush=True)
            rows.append((bench, bench.run(space)))
    print(format_table(rows))
    print(
        f"\nmedian of {args.repeat} runs each; ratio = ours / baseline (medians); "
        "best = fastest ours / fastest baseline"
    )
    for note in NOTES:
        print(note)
    return 0


if __name__ == "__main__":
    sys.exit(main())
