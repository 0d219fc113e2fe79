"""``hcfin check PATH [--format table|json|csv]``: reconcile a disclosure from the command line.

Exit status: 0 when no error-severity rule is violated, 1 when one is, 2 when the file cannot
be read (one line on standard error, no traceback). :mod:`hcfin.cli` mounts it as ``hcfin check``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """Add the ``check`` arguments to an (sub)parser."""
    parser.add_argument("path", help="disclosure file (text, PDF, HTML, DOCX, XLSX)")
    parser.add_argument("--format", choices=("table", "json", "csv"), default="table",
                        help="table (terminal, mismatches first), json or csv")
    parser.add_argument("--all", action="store_true", help="table format: also list every exact result")
    parser.add_argument("--out", help="write to this file instead of standard output")


def run(args: argparse.Namespace) -> int:
    """Load, reconcile and print; returns the exit status (0 / 1 / 2)."""
    from ..disclosure import load
    from ..errors import ParseError
    from .engine import reconcile

    try:
        disclosure = load(args.path)
    except ParseError as exc:
        print(f"hcfin check: {exc}", file=sys.stderr)
        return 2
    except OSError as exc:
        print(f"hcfin check: {args.path}: {exc.strerror or exc}", file=sys.stderr)
        return 2
    report = reconcile(disclosure)
    fmt = args.format
    if fmt == "json":
        text = report.to_json() + "\n"
    elif fmt == "csv":
        text = report.to_csv()
    else:
        text = report.to_text(show_exact=args.all) + "\n"
    if args.out:
        Path(args.out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)
    return 1 if report.has_errors else 0


def main(argv: list[str] | None = None) -> int:
    """Stand-alone entry point (``python -m hcfin.checks.cli PATH``)."""
    parser = argparse.ArgumentParser(prog="hcfin check",
                                     description="reconcile the accounts: every identity, rounding judged by intervals")
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
