"""One document of a corpus: read, check, and turn into the corpus tables.

Every table carries ``document`` (the file's sha256), ``unit`` and ``year`` first, so rows of
many documents can be stacked and traced back. Values stay as printed (strings); exact
Decimals of the checks are written as their text; lists stay lists.
"""

from __future__ import annotations

import time
from decimal import Decimal
from pathlib import Path

import pandas as pd

__all__ = ["TABLES", "DOCUMENT_COLUMNS", "document_row", "document_tables", "one_line"]

#: The per-document tables a batch writes, in output order.
TABLES = ("facts", "statements", "funds", "issues", "findings", "panel")

#: Columns of ``documents.parquet``: one row per input file.
DOCUMENT_COLUMNS = ["path", "sha256", "bytes", "format", "unit", "year", "status", "error", "n_facts",
                    "n_statements", "n_funds", "n_issues", "n_findings_error", "n_findings_warning",
                    "n_findings_info", "n_panel", "seconds", "hcfin_version"]

FINDING_COLUMNS = ["rule_id", "kind", "status", "severity", "tables", "location", "reported", "computed",
                   "difference", "message", "lines"]


def one_line(text: object, limit: int = 500) -> str:
    """An error message on one line (whitespace runs collapsed), at most ``limit`` characters."""
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _text(value: object) -> str | None:
    if value is None or (isinstance(value, float) and value != value):
        return None
    if isinstance(value, Decimal):
        return format(value, "f")
    return str(value)


def _lines(value: object) -> list[int]:
    if value is None or (isinstance(value, float) and value != value):
        return []
    if isinstance(value, (list, tuple)):
        return [int(x) for x in value if x is not None and not pd.isna(x)]
    return [int(value)]


def _tables_text(value: object) -> str | None:
    if isinstance(value, (list, tuple)):
        return ",".join(str(x) for x in value)
    return _text(value)


def _findings(report) -> pd.DataFrame:
    """The mismatches of a check report, with exact numbers as text and source lines as lists."""
    m = report.mismatches
    frame = pd.DataFrame({
        "rule_id": m["rule_id"].astype("string"), "kind": m["kind"].astype("string"),
        "status": m["status"].astype("string"), "severity": m["severity"].astype("string"),
        "tables": [_tables_text(v) for v in m["tables"]], "location": [_text(v) for v in m["location"]],
        "reported": [_text(v) for v in m["reported"]], "computed": [_text(v) for v in m["computed"]],
        "difference": [_text(v) for v in m["difference"]], "message": [_text(v) for v in m["message"]],
        "lines": [_lines(v) for v in m["lines"]],
    }, columns=FINDING_COLUMNS)
    return frame.reset_index(drop=True)


def _stamp(frame: pd.DataFrame, sha256: str, unit: object, year: object) -> pd.DataFrame:
    """``frame`` with document, unit and year as its first columns (unit and year kept where the
    frame has its own, as the panel's derived prior-year rows do)."""
    frame = frame.reset_index(drop=True)
    n = len(frame)
    front = pd.DataFrame({
        "document": pd.array([sha256] * n, dtype="string"),
        "unit": frame["unit"].astype("string") if "unit" in frame else pd.array([unit] * n, dtype="string"),
        "year": frame["year"].astype("Int64") if "year" in frame else pd.array([year] * n, dtype="Int64"),
    })
    rest = frame.drop(columns=[c for c in ("document", "unit", "year") if c in frame.columns])
    return pd.concat([front, rest], axis=1)


def _blank(value: object) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and value != value)


def _portable(frame: pd.DataFrame) -> pd.DataFrame:
    """One Parquet type per column whatever a document holds: integers (None or NaN for blanks) as
    Int64, booleans as boolean, Decimals and mixed scalars as exact text; lists stay lists; a
    column blank throughout stays untyped (null), to take the type other documents give it."""
    out = frame.copy()
    for column in out.columns:
        if out[column].dtype != object and not isinstance(out[column].dtype, pd.StringDtype):
            continue
        values = out[column].tolist()
        present = [v for v in values if not _blank(v)]
        if not present or any(isinstance(v, (list, tuple)) for v in present):
            continue
        kind = pd.api.types.infer_dtype(present, skipna=True)
        if kind == "integer" or (kind in ("floating", "mixed-integer-float")
                                 and all(float(v).is_integer() for v in present)):
            out[column] = pd.array([None if _blank(v) else int(v) for v in values], dtype="Int64")
        elif kind == "boolean":
            out[column] = pd.array([None if _blank(v) else bool(v) for v in values], dtype="boolean")
        else:
            out[column] = pd.array([_text(v) for v in values], dtype="string")
    return out


def document_tables(path: str | Path, sha256: str, name: str | None = None) -> tuple[dict, dict[str, pd.DataFrame]]:
    """Load and check one file; return its documents row and its tables.

    Raises:
        whatever :func:`hcfin.load` raises for an unreadable file (the batch turns it into an
        ``error`` row).
    """
    from hcfin import load, reconcile

    from .panel import document_panel

    started = time.perf_counter()
    d = load(path)
    report = reconcile(d)
    unit, year = d.meta.get("unit"), d.meta.get("year")
    findings = _findings(report)
    tables = {
        "facts": d.facts,
        "statements": d.statements,
        "funds": d.funds,
        "issues": d.issues,
        "findings": findings,
        "panel": document_panel(d, document=sha256, path=name or str(path)),
    }
    tables = {key: _portable(_stamp(frame, sha256, unit, year)) for key, frame in tables.items()}
    severity = findings["severity"]
    row = document_row(name or str(path), sha256, status="ok", format=d.meta.get("format"), unit=unit,
                       year=year, n_facts=len(d.facts), n_statements=len(d.statements),
                       n_funds=len(d.funds), n_issues=len(d.issues),
                       n_findings_error=int((severity == "error").sum()),
                       n_findings_warning=int((severity == "warning").sum()),
                       n_findings_info=int((severity == "info").sum()), n_panel=len(tables["panel"]),
                       seconds=round(time.perf_counter() - started, 3))
    return row, tables


def document_row(path: str, sha256: str, **values) -> dict:
    """A documents row with every column present (missing counts are None, not 0)."""
    row = {column: None for column in DOCUMENT_COLUMNS}
    row.update(path=path, sha256=sha256, **values)
    return row
