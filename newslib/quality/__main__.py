"""``python -m newslib.quality [--only NAME ...]``: print and write the quality table.

Progress goes to stderr, the Markdown table to stdout, and the files to ``reports/``
(or ``--out``). A component that fails is reported in the table (``metric = error``) and
the run goes on; ``--strict`` makes the exit status 1 when any component failed.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from newslib import config
from newslib.quality import (
    COMPONENTS,
    errors,
    merge_tables,
    read_report,
    run_all,
    to_markdown,
    write_report,
)


def _provenance(bench: Path, only: list[str] | None) -> str:
    """One line: when, on which benchmarks, at which commit the figures were measured."""
    import datetime
    import subprocess

    when = datetime.datetime.now(datetime.UTC).strftime("%Y-%m-%d %H:%M UTC")
    try:
        sha = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=config.PROJECT_ROOT,
                             capture_output=True, text=True, timeout=10, check=True).stdout.strip()
        dirty = subprocess.run(["git", "status", "--porcelain", "--untracked-files=no"],
                               cwd=config.PROJECT_ROOT, capture_output=True, text=True,
                               timeout=10, check=True).stdout.strip()
        commit = sha + (" with uncommitted changes" if dirty else "")
    except (OSError, subprocess.SubprocessError):
        commit = "unknown (not a git checkout)"
    part = f" (this run: {', '.join(only)})" if only else ""
    return (f"Measured {when} on {bench}, newslib commit {commit}{part}. "
            "Rerun: `make quality` (or `python -m newslib.quality --only NAME`).")


def main(argv: list[str] | None = None) -> int:
    """Run the quality report; return the exit status."""
    parser = argparse.ArgumentParser(prog="python -m newslib.quality", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--only", nargs="*", choices=COMPONENTS, help="components to run")
    parser.add_argument("--out", type=Path, default=config.REPORTS_DIR,
                        help="folder for quality.md and quality.json (default: reports/)")
    parser.add_argument("--strict", action="store_true",
                        help="exit with status 1 when any component failed")
    args = parser.parse_args(argv)
    bench = config.benchmarks_dir()
    if bench is None:
        sys.stderr.write("../shared/benchmarks not found: put shared/ beside the checkout "
                         "or set NEWSLIB_SHARED=/path/to/shared\n")
        return 2

    def progress(msg: str) -> None:
        sys.stderr.write(msg + "\n")
        sys.stderr.flush()

    table = run_all(bench, tuple(args.only) if args.only else COMPONENTS, progress=progress)
    sys.stdout.write(to_markdown(table))
    failed = errors(table)  # of this run only
    if args.only:  # update the other components' rows of an earlier run, do not drop them
        table = merge_tables(read_report(args.out / "quality.json"), table, COMPONENTS)
    md, js = write_report(table, args.out, provenance=_provenance(bench, args.only))
    sys.stdout.write(f"\nwritten: {md} and {js}\n")
    if len(failed):
        sys.stderr.write(f"[quality] {len(failed)} component(s) failed: "
                         f"{', '.join(failed['component'])} (see the note column)\n")
        return 1 if args.strict else 0
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
