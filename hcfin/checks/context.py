"""What every rule kind reads: the cells, the statements, the inventory, the issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..schema import TABLE_NAMES
from .catalogue import Catalogue
from .cells import CellIndex, Operand, frame_records, missing_operand, zero_operand

_TEXT_COLUMNS = ("section", "topic", "subject", "metric", "basis", "direction", "unit", "clause", "value", "period",
                 "binding")


def _clean_statement(st: dict, order: int) -> dict:
    """Text columns as plain strings ("" for missing) once, so selectors can match them quickly."""
    for col in _TEXT_COLUMNS:
        v = st.get(col)
        st[col] = "" if v is None or (isinstance(v, float) and v != v) or v is pd.NA else str(v)
    st["any"] = f"{st['subject']}|{st['metric']}|{st['clause']}"
    st["_order"] = order
    return st


@dataclass
class Context:
    """A disclosure prepared for checking (built once per :func:`hcfin.reconcile`)."""

    cells: CellIndex
    statements: list[dict]
    tables_found: pd.DataFrame | None
    issues: pd.DataFrame | None
    meta: dict
    lines: list[str] | None
    catalogue: Catalogue
    has_statements: bool = True
    document: Any = None  # the reader's Document (blocks, lines), when the disclosure carries one
    cache: dict[str, Any] = field(default_factory=dict)

    def statement_values(self, column: str) -> set[str]:
        """Distinct values of a statement column."""
        key = ("distinct", column)
        got = self.cache.get(key)
        if got is None:
            got = self.cache[key] = {st.get(column, "") for st in self.statements}
        return got

    def statements_by_metric(self) -> dict[str, list[dict]]:
        """Statements grouped by metric, in document order."""
        got = self.cache.get("by_metric")
        if got is None:
            got = self.cache["by_metric"] = {}
            for st in self.statements:
                got.setdefault(st.get("metric", ""), []).append(st)
        return got

    def table_name(self, table: str) -> str:
        return TABLE_NAMES.get(table, table)

    def measure_name(self, table: str, measure: str) -> str:
        names = self.catalogue.vocabulary.get("measure_names", {})
        return names.get(table, {}).get(measure) or names.get("*", {}).get(measure) or measure

    def sum_refs(self, refs: list[str]) -> Operand:
        """Σ of references; a leading '-' subtracts."""
        total = zero_operand()
        for ref in refs:
            ref = ref.strip()
            if ref.startswith("-"):
                total = total + (-self.cells.resolve(ref[1:]))
            else:
                total = total + self.cells.resolve(ref)
        return total

    @property
    def has_data(self) -> bool:
        """False when no table cell holds a number (a blank template or an unfilled form)."""
        return self.cells.n_values > 0

    def missing_tables(self, tables) -> list[str]:
        return [t for t in tables if not self.cells.has_table(t)]


def build_context(disclosure, catalogue: Catalogue) -> Context:
    """Collect what the kinds need from a :class:`hcfin.disclosure.Disclosure`.

    Test doubles may leave out ``document``, carry ``statements = None`` (text rules then say the
    text was not read) or ``tables_found = None`` (no inventory).
    """
    facts = disclosure.facts
    found_frame = disclosure.tables_found
    found = None
    if isinstance(found_frame, pd.DataFrame) and "found" in found_frame.columns:
        found = {t for t, f in zip(found_frame["table"].tolist(), found_frame["found"].tolist()) if f is True or f == 1}
    statements = disclosure.statements
    has_statements = statements is not None
    records = frame_records(statements, list(statements.columns)) if has_statements else []
    records = [_clean_statement(st, i) for i, st in enumerate(records)]
    cells = CellIndex(facts, found)
    issues = disclosure.issues
    if isinstance(issues, pd.DataFrame) and len(issues) and {"severity", "table", "kind"} <= set(issues.columns):
        names = catalogue.vocabulary.get("issue_kinds", {})
        for sev, table, kind in zip(issues["severity"].tolist(), issues["table"].tolist(), issues["kind"].tolist()):
            if sev == "error" and isinstance(table, str) and table:
                cells.unreliable.setdefault(table, f"读取有误：{names.get(kind, kind)}，该表数字不可靠")
    document = getattr(disclosure, "document", None)
    lines = getattr(document, "lines", None) if document is not None else getattr(disclosure, "lines", None)
    meta = disclosure.meta
    if found is not None and "is_empty" in found_frame.columns:
        cells.empty = {t for t, e in zip(found_frame["table"].tolist(), found_frame["is_empty"].tolist())
                       if not pd.isna(e) and bool(e)}  # <NA>: a table not found
    return Context(cells, records, found_frame if isinstance(found_frame, pd.DataFrame) else None,
                   issues if isinstance(issues, pd.DataFrame) else None, dict(meta), lines, catalogue,
                   has_statements, document)


__all__ = ["Context", "build_context", "missing_operand", "zero_operand"]
