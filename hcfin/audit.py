"""Capture audit: every number printed inside a table is a fact or accounted for.

A number token in a table cell is accounted for when the cell was read as a value, a
行次, a 栏次 or a classification code (or, in a cell of text, is part of a label or
header). Anything else — a number in a column the mapping did not understand, a row it
skipped, a cell it could not read — is *unaccounted*, and listed with its line.
"""

from __future__ import annotations

import pandas as pd

from .numbers import number_tokens
from .tables.layout import norm
from .tables.mapping import Mapped

ACCOUNTING_ROLES = {"value", "row_no", "column_no", "code", "moved"}
TEXT_ROLES = {"label", "header"}  # digits inside words ("2024年预算数") belong to the text

AUDIT_COLUMNS = ["table", "line", "page", "text", "token", "role"]


def audit_tables(mapped_tables: list[Mapped]) -> pd.DataFrame:
    """List every number token in the table grids that no fact or structural role accounts for."""
    rows = []
    for mapped in mapped_tables:
        for r, row in enumerate(mapped.region.grid.rows):
            for c, cell in enumerate(row):
                tokens = number_tokens(cell.text)
                if not tokens:
                    continue
                role = mapped.roles.get((r, c))
                if role in ACCOUNTING_ROLES:
                    continue
                if role in TEXT_ROLES and not _is_bare_number(cell.text):
                    continue
                for token in tokens:
                    rows.append({"table": mapped.table_id, "line": cell.line, "page": cell.loc.page,
                                 "text": cell.text, "token": token, "role": role or "unread"})
    return pd.DataFrame(rows, columns=AUDIT_COLUMNS)


def _is_bare_number(text: str) -> bool:
    t = norm(text)
    return bool(t) and all(ch.isdigit() or ch in ".,，．-()（）%" for ch in t)
