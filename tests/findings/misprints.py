"""Misprinted tables for tests: a correctly read disclosure whose one table prints its values beside
the wrong row labels, re-rendered in any format by :mod:`tests.layout_variants`.

``misprint(d, table, source_of)`` keeps every label (code and name) of ``table`` where it is and
prints on row *i* the values of row ``source_of(i)`` (None: the row's value cells are blank). The
numbers printed are the document's own; only their pairing with the labels changes. Helpers give
the usual shapes: :func:`shifted` (from a row on, each row prints the values of the row k below or
above it; the rows left over print blank) and :func:`repeated` (a block of earlier rows is printed
again, pushing the rest down).
"""

from __future__ import annotations

import copy
from collections.abc import Callable

import pandas as pd

_VALUE_COLUMNS = ("value", "amount", "decimals", "printed", "status", "currency_unit")


def table_rows(d, table: str, prefix: str | None = None) -> list[int]:
    """The row positions of ``table`` in the order read; with ``prefix``, only the coded rows whose
    code starts with it ("": every coded row, not the 合计 row, which a layout may print first or
    last; "302": one 类 of 06表 and its 款, which stand together in one printed column)."""
    part = d.facts[d.facts["table"] == table]
    if prefix is not None:
        part = part[part["code"].notna() & part["code"].fillna("").str.startswith(prefix)]
    return sorted(set(int(r) for r in part["row"]))


def misprint(d, table: str, source_of: Callable[[int], int | None]):
    """A copy of ``d`` whose ``table`` prints on row *i* the values of row ``source_of(i)``."""
    facts = d.facts.copy()
    mask = facts["table"] == table
    part = facts[mask]
    by_cell = {(int(r), m): rec for r, m, rec in zip(part["row"], part["measure_key"],
                                                      part[list(_VALUE_COLUMNS)].to_dict("records"))}
    new = {c: list(part[c]) for c in _VALUE_COLUMNS}
    for k, (row, measure) in enumerate(zip(part["row"], part["measure_key"])):
        src = source_of(int(row))
        rec = by_cell.get((src, measure)) if src is not None else None
        for c in _VALUE_COLUMNS:
            if rec is not None:
                new[c][k] = rec[c]
            elif c in ("value", "amount", "decimals", "printed"):
                new[c][k] = pd.NA if c == "decimals" else None
            elif c == "status":
                new[c][k] = "blank"
    for c in _VALUE_COLUMNS:
        facts.loc[mask, c] = pd.Series(new[c], index=part.index, dtype=facts[c].dtype)
    out = copy.copy(d)
    out.facts = facts
    return out


def _moved(d, table: str, rows: list[int], source_index: Callable[[int], int | None]):
    """:func:`misprint` by position: printed row ``rows[i]`` shows the values of ``rows[source_index(i)]``
    (None: blank); rows not in ``rows`` keep their own values."""
    position = {row: i for i, row in enumerate(rows)}

    def source_of(row: int) -> int | None:
        if row not in position:
            return row
        j = source_index(position[row])
        return None if j is None else rows[j]
    return misprint(d, table, source_of)


def shifted(d, table: str, start: int, k: int, rows: list[int] | None = None):
    """From row ``start`` on, row *i* prints the values of row *i + k* (k > 0: values moved up, the
    values of rows ``start`` … ``start + k − 1`` are lost; k < 0: moved down, the first |k| rows from
    ``start`` print blank and the last rows' values are lost). ``rows``: the rows of one printed
    column in order (default: the whole table as read); the other rows keep their values."""
    rows = rows or table_rows(d, table)
    n = len(rows)
    return _moved(d, table, rows, lambda i: i if i < start else (i + k if start <= i + k < n else None))


def repeated(d, table: str, start: int, length: int, first: int = 0, rows: list[int] | None = None):
    """Rows ``start`` … ``start + length − 1`` print again the values of rows ``first`` …; every later
    row prints the values of the row ``length`` above it (the last rows' values are lost)."""
    rows = rows or table_rows(d, table)
    return _moved(d, table, rows, lambda i: i if i < start else first + i - start if i < start + length
                  else i - length)


def in_code_order(d, table: str):
    """A copy of ``d`` whose ``table`` rows are read in code order (summary rows last): a layout that
    prints the table in groups side by side (06表, :mod:`tests.layout_variants`) then fills each
    group with consecutive codes, as printed documents do."""
    facts = d.facts.copy()
    mask = facts["table"] == table
    part = facts[mask]
    first = part.drop_duplicates("row")
    order = sorted(zip(first["row"], first["code"]), key=lambda rc: (not isinstance(rc[1], str), str(rc[1]), rc[0]))
    renumber = {row: new for new, (row, _code) in enumerate(order)}
    part = part.assign(row=part["row"].map(renumber).astype(facts["row"].dtype)).sort_values("row", kind="stable")
    out = copy.copy(d)
    out.facts = pd.concat([facts[~mask & (facts.index < part.index.min())], part,
                           facts[~mask & (facts.index > part.index.min())]], ignore_index=True)
    return out
