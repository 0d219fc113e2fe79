"""``hcfin report``: execute the report notebooks and render them to HTML."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``hcfin report`` options to ``parser``."""
    parser.add_argument("--unit", action="append", metavar="U", help="only this unit (repeatable)")
    parser.add_argument("--year", action="append", type=int, metavar="Y", help="only this year (repeatable)")
    parser.add_argument(
        "--notebook", nargs="+", action="extend", metavar="NAME", help="only these notebooks (names without .ipynb)"
    )
    parser.add_argument("--out", default="rendered", metavar="DIR", help="output folder (default: rendered)")
    parser.add_argument("--data", default="data", metavar="DIR", help="data folder holding raw/manifest.csv (default: data)")
    parser.add_argument(
        "--notebooks-dir", default="notebooks", metavar="DIR", help="folder of the report notebooks (default: notebooks)"
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")


def run(args: argparse.Namespace) -> int:
    """Run ``hcfin report`` with parsed ``args``; return the exit status.

    Returns:
        0 when every notebook ran; 1 when any failed (each failure is named on stderr with
        its notebook, unit, year and cell); 2 for bad arguments or inputs (unknown notebook
        parameters, missing manifest or notebook, no matching unit-year).
    """
    from .runner import UnknownParameterError, run_reports

    if args.jobs is not None and args.jobs < 1:
        print("hcfin report: --jobs must be at least 1", file=sys.stderr)
        return 2
    try:
        results = run_reports(
            data_dir=args.data,
            out_dir=args.out,
            units=args.unit,
            years=args.year,
            notebooks=args.notebook,
            jobs=args.jobs,
            notebooks_dir=args.notebooks_dir,
        )
    except (UnknownParameterError, FileNotFoundError, ValueError) as error:
        print(f"hcfin report: {error}", file=sys.stderr)
        return 2
    failed = [r for r in results if not r.ok]
    index = Path(args.out) / "index.html"
    print(f"已生成 {len(results) - len(failed)}/{len(results)} 份报告，目录：{index}")
    for result in failed:
        print(f"失败：{result.describe_failure()}（执行记录：{result.ipynb_path}）", file=sys.stderr)
    return 1 if failed else 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (``python -m hcfin.report.cli``) until the lead wires it in."""
    parser = argparse.ArgumentParser(prog="hcfin report", description="Execute the report notebooks and render them to HTML.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
