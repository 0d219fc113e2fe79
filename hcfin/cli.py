"""The ``hcfin`` command line: parse, check, report."""

from __future__ import annotations

import argparse
import json
import math
import os
import sys
import warnings
from pathlib import Path

from .errors import ParseError

# JSON names of fact fields; unit name and year live in "meta".
FACT_FIELDS = {"table": "table", "side": "side", "row": "row", "label": "label", "code": "code",
               "code_kind": "code_kind", "code_from": "code_from", "row_no": "row_no", "row_key": "row_key",
               "measure": "measure", "measure_key": "measure_key", "measure_path": "measure_path",
               "column": "column", "value": "value", "decimals": "decimals", "currency_unit": "unit",
               "printed": "printed", "status": "status", "line": "line", "page": "page"}


def _plain(value):
    """A JSON-safe scalar: pandas' NA/NaN become null, numpy scalars plain Python."""
    if value is None:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, float) and math.isnan(value):
        return None
    import pandas as pd

    if value is pd.NA:
        return None
    return value


def records(frame, fields: dict[str, str] | None = None) -> list[dict]:
    """Rows of a DataFrame as JSON-ready dicts (renaming columns by ``fields`` and keeping only them)."""
    if fields:
        frame = frame[[c for c in fields if c in frame.columns]].rename(columns=fields)
    return [{k: _plain(v) for k, v in row.items()} for row in frame.to_dict(orient="records")]


def disclosure_json(disclosure) -> dict:
    """The JSON document ``hcfin parse --format json`` prints."""
    return {"meta": {k: _plain(v) for k, v in disclosure.meta.items()},
            "tables": records(disclosure.tables_found),
            "facts": records(disclosure.facts, FACT_FIELDS),
            "statements": records(disclosure.statements),
            "funds": records(disclosure.funds),
            "issues": records(disclosure.issues)}


def _parse(args: argparse.Namespace) -> int:
    from .disclosure import load

    out = _check_parse_out(args.format, args.out)
    disclosure = load(args.path)
    written: list[Path] = []
    if args.format == "json":
        text = json.dumps(disclosure_json(disclosure), ensure_ascii=False, indent=1)
        _write_text(text + "\n", args.out)
    elif args.format == "csv" and out is None:
        _write_text(disclosure.facts.to_csv(index=False), None)
        print("hcfin parse: wrote the facts to standard output; give --out DIR for all the tables "
              "(findings, evidence, facts, statements, funds, issues) with datapackage.json", file=sys.stderr)
    else:
        from .export import document_frames, write_tables, write_xlsx

        frames = document_frames(disclosure)
        try:
            if args.format == "xlsx":
                written = [write_xlsx(frames, out, disclosure.meta)]
            else:
                written = write_tables(frames, out, args.format, disclosure.meta)
        except ImportError as exc:
            extra = "office" if args.format == "xlsx" else "parquet"
            raise SystemExit(f"hcfin parse: {args.format} output needs {exc.name or 'a package'}: "
                             f"pip install 'hcfin[{extra}]'") from None
    errors = disclosure.issues[disclosure.issues["severity"] == "error"]
    print(f"{disclosure.name}: {len(disclosure.facts)} facts, "
          f"{len(disclosure.statements)} statements, {len(disclosure.issues)} issues ({len(errors)} errors), "
          f"{len(disclosure.unaccounted)} unaccounted table numbers, "
          f"{len(disclosure.unclassified)} unclassified text numbers", file=sys.stderr)
    if written:
        print(f"wrote {', '.join(p.name for p in written)} to {written[0].parent}", file=sys.stderr)
    return 0


def _check_parse_out(fmt: str, out: str | None) -> Path | None:
    """The --out path the format needs (a directory for csv/parquet, a .xlsx file), before any work.

    Raises:
        SystemExit: exit 2, with a one-line reason, when --out is missing or of the wrong kind.
    """
    if out is None:
        if fmt in ("parquet", "xlsx"):
            target = "DIR" if fmt == "parquet" else "FILE.xlsx"
            _usage_error(f"--format {fmt} writes binary files; give --out {target}")
        return None
    path = Path(out)
    if fmt == "xlsx":
        if path.suffix.lower() != ".xlsx":
            _usage_error(f"--format xlsx writes one workbook; give --out FILE.xlsx, not {out}")
        return path
    if fmt in ("csv", "parquet"):
        if path.suffix.lower() in (".csv", ".parquet", ".json", ".xlsx") and not path.is_dir():
            _usage_error(f"--format {fmt} writes six tables and datapackage.json into a directory; "
                         f"give --out DIR, not the file name {out}")
        if path.exists() and not path.is_dir():
            _usage_error(f"--out {out} is a file; --format {fmt} needs a directory")
    return path


def _usage_error(reason: str) -> None:
    """Exit 2 with one line on standard error, as argparse does for a bad command line."""
    print(f"hcfin parse: {reason}", file=sys.stderr)
    raise SystemExit(2)


def _write_text(text: str, out: str | None) -> None:
    if out:
        Path(out).write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="hcfin", description="部门决算公开: read, check and report.")
    sub = parser.add_subparsers(dest="command", required=True)
    parse = sub.add_parser("parse", help="read a disclosure into tidy tables (JSON, CSV, Parquet or Excel)")
    parse.add_argument("path", help="disclosure file (text, PDF, HTML, DOCX, XLSX)")
    parse.add_argument("--format", choices=("json", "csv", "parquet", "xlsx"), default="json",
                       help="json: one document on stdout or --out FILE; csv/parquet: six tables and "
                            "datapackage.json in --out DIR (csv without --out: the facts on stdout); "
                            "xlsx: one workbook --out FILE.xlsx, findings sheet first")
    parse.add_argument("--out", help="output file (json, xlsx) or directory (csv, parquet)")
    parse.set_defaults(run=_parse)
    from .checks import cli as check_cli

    check = sub.add_parser("check", help="reconcile the accounts: every identity, rounding judged by intervals")
    check_cli.add_arguments(check)
    check.set_defaults(run=check_cli.run)
    from .report import cli as report_cli

    report = sub.add_parser("report", help="execute the report notebooks and render them to HTML (rendered/)")
    report_cli.add_arguments(report)
    report.set_defaults(run=report_cli.run)
    from .corpus import cli as batch_cli

    batch = sub.add_parser("batch", help="read and check many documents into corpus tables (Parquet), resumably")
    batch_cli.add_arguments(batch)
    batch.set_defaults(run=batch_cli.run)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Entry point of the ``hcfin`` command: every error ends in one line on standard error.

    Exit 2 when the input cannot be read or written (a file that is not a readable disclosure,
    an unwritable ``--out``, a file that exhausts memory or recursion), 1 when a report or check
    failed (see each command), 130 on Ctrl-C. ``HCFIN_DEBUG=1`` shows the traceback instead.
    """
    args = build_parser().parse_args(argv)
    debug = os.environ.get("HCFIN_DEBUG", "") not in ("", "0")
    if not debug:
        warnings.simplefilter("ignore")  # library warnings are not a reader's concern; issues say what matters
    try:
        return args.run(args)
    except Exception as exc:
        if debug:
            raise
        command = f"hcfin {args.command}" if args.command != "parse" else "hcfin"
        print(f"{command}: {describe_error(exc)}", file=sys.stderr)
        return 1 if args.command == "report" and not isinstance(exc, (ParseError, OSError)) else 2
    except KeyboardInterrupt:
        if debug:
            raise
        print(f"hcfin {args.command}: interrupted", file=sys.stderr)
        return 130


def describe_error(exc: BaseException) -> str:
    """One line saying what went wrong, naming the file when the error carries one."""
    if isinstance(exc, ParseError):
        return str(exc)
    if isinstance(exc, OSError):
        names = " → ".join(str(name) for name in (exc.filename, exc.filename2) if name is not None)
        reason = exc.strerror or str(exc) or type(exc).__name__
        return f"{names}: {reason}" if names else reason
    if isinstance(exc, MemoryError):
        return "out of memory while reading the input (a file far larger than a real disclosure?)"
    if isinstance(exc, RecursionError):
        return "input nested too deeply to read (recursion limit reached)"
    text = " ".join(str(exc).split())
    return f"{type(exc).__name__}: {text[:300]}" + ("" if text else " (no message)") + \
        "; run with HCFIN_DEBUG=1 for the traceback"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
