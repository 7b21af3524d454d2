"""``python -m newslib.quality [--only NAME ...]``: print and write the quality table."""

from __future__ import annotations

import argparse
import sys

from newslib import config
from newslib.quality import COMPONENTS, run_all, to_markdown, write_report


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m newslib.quality", description=__doc__)
    parser.add_argument("--only", nargs="*", choices=COMPONENTS, help="components to run")
    args = parser.parse_args(argv)
    bench = config.benchmarks_dir()
    if bench is None:
        sys.stderr.write("../shared/benchmarks not found: put shared/ beside the checkout "
                         "or set NEWSLIB_SHARED=/path/to/shared\n")
        return 2
    table = run_all(bench, tuple(args.only) if args.only else COMPONENTS)
    sys.stdout.write(to_markdown(table))
    md, js = write_report(table, config.REPORTS_DIR)
    sys.stdout.write(f"\nwritten: {md} and {js}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
