"""What every rule kind reads: the cells, the statements, the inventory, the issues."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..schema import TABLE_NAMES
from .catalogue import Catalogue
from .cells import CellIndex, Operand, missing_operand, zero_operand


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
    cache: dict[str, Any] = field(default_factory=dict)

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

    def missing_tables(self, tables) -> list[str]:
        return [t for t in tables if not self.cells.has_table(t)]


def build_context(disclosure, catalogue: Catalogue) -> Context:
    """Collect what the kinds need from a Disclosure-like object (duck-typed)."""
    facts = getattr(disclosure, "facts", None)
    if facts is None:
        facts = pd.DataFrame()
    found_frame = getattr(disclosure, "tables_found", None)
    found = None
    if isinstance(found_frame, pd.DataFrame) and "found" in found_frame.columns:
        found = set(found_frame.loc[found_frame["found"].fillna(False).astype(bool), "table"])
    statements = getattr(disclosure, "statements", None)
    has_statements = statements is not None
    records = statements.to_dict("records") if isinstance(statements, pd.DataFrame) else list(statements or [])
    issues = getattr(disclosure, "issues", None)
    if isinstance(issues, list):
        issues = pd.DataFrame([i.to_dict() if hasattr(i, "to_dict") else dict(i) for i in issues])
    document = getattr(disclosure, "document", None)
    lines = getattr(document, "lines", None) if document is not None else getattr(disclosure, "lines", None)
    meta = getattr(disclosure, "meta", None) or {}
    cells = CellIndex(facts, found)
    if found is not None and "is_empty" in found_frame.columns:
        cells.empty = set(found_frame.loc[found_frame["is_empty"].fillna(False).astype(bool), "table"])
    return Context(cells, records, found_frame if isinstance(found_frame, pd.DataFrame) else None,
                   issues if isinstance(issues, pd.DataFrame) else None, dict(meta), lines, catalogue,
                   has_statements)


__all__ = ["Context", "build_context", "missing_operand", "zero_operand"]
