"""``hcfin report``: execute the report notebooks and render them to HTML."""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_arguments", "run"]


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``hcfin report`` options to ``parser``."""
    parser.add_argument("--unit", action="append", metavar="U", help="only this unit (repeatable)")
    parser.add_argument("--year", action="append", type=int, metavar="Y", help="only this year (repeatable)")
    parser.add_argument(
        "--notebook", nargs="+", action="extend", metavar="NAME", help="only these notebooks (names without .ipynb)"
    )
    parser.add_argument("--out", metavar="DIR", help="output folder (default: rendered beside the data folder)")
    parser.add_argument(
        "--data", default="data", metavar="DIR",
        help="data folder holding raw/manifest.csv (default: data, searched for upwards; or $HCFIN_DATA)",
    )
    parser.add_argument(
        "--notebooks-dir", metavar="DIR", help="folder of the report notebooks (default: notebooks)"
    )
    parser.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    parser.add_argument("--force", action="store_true", help="re-execute every report, even those up to date")


def run(args: argparse.Namespace) -> int:
    """Run ``hcfin report`` with parsed ``args``; return the exit status.

    Returns:
        0 when every report is rendered (executed now or up to date); 1 when any failed or its
        document was refused (each named on stderr in one line); 2 for bad arguments or inputs
        (unknown notebook parameters, no data folder, missing notebook, no matching unit-year,
        the output folder in use by another run); 128 + the signal number when interrupted.
    """
    from hcfin.manifest import DataNotFound

    from .atomic import OutputLocked
    from .jobs import UnknownParameterError
    from .runner import run_reports

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
            force=args.force,
            progress=sys.stderr.isatty(),
        )
    except BaseException as error:
        stop = _interruption(error)
        if stop is not None:  # also when clean-up after the signal raised an error of its own
            print(f"hcfin report: 已中断（{stop}）；已完成的报告已保存，目录页标明了未生成的报告；再次运行即可补齐",
                  file=sys.stderr)
            return 128 + stop.signum
        if isinstance(error, (UnknownParameterError, DataNotFound, OutputLocked, FileNotFoundError, ValueError)):
            print(f"hcfin report: {' '.join(str(error).split())}", file=sys.stderr)
            return 2
        raise
    failed = [r for r in results if not r.ok]
    cached = sum(1 for r in results if r.cached)
    index = _index_path(results, args)
    note = f"（其中 {cached} 份未改动，沿用上次结果）" if cached else ""
    print(f"已生成 {len(results) - len(failed)}/{len(results)} 份报告{note}，目录：{index}")
    refused: dict[tuple[str, int], list] = {}
    for result in failed:
        if result.status == "refused":  # one line per document, not per notebook
            refused.setdefault((result.unit, result.year), []).append(result)
        else:
            print(f"失败：{result.describe_failure()}（执行记录：{result.ipynb_path}）", file=sys.stderr)
    for (unit, year), group in refused.items():
        print(f"未生成：{unit} {year} 年度的 {len(group)} 份报告：{group[0].error}", file=sys.stderr)
    return 1 if failed else 0


def _interruption(error: BaseException):
    """The :class:`~hcfin.report.lifecycle.Interrupted` behind ``error``: itself, or the signal that was being
    handled when ``error`` was raised (its ``__context__`` / ``__cause__`` chain); None when there is none."""
    from .lifecycle import Interrupted

    seen: set[int] = set()
    while error is not None and id(error) not in seen:
        if isinstance(error, Interrupted):
            return error
        seen.add(id(error))
        error = error.__cause__ or error.__context__
    return None


def _index_path(results, args) -> str:
    from pathlib import Path

    if args.out:
        return str(Path(args.out) / "index.html")
    first = results[0].ipynb_path if results else None
    return str(first.parent.parent.parent / "index.html") if first is not None else "index.html"


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (``python -m hcfin.report.cli``)."""
    parser = argparse.ArgumentParser(prog="hcfin report", description="Execute the report notebooks and render them to HTML.")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
