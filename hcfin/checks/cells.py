"""Look up table cells of the tidy facts frame by reference, as intervals.

A reference names one cell or an aggregate of cells::

    T01.income[income_total].amount    T01, income side, row key "income_total", measure "amount"
    T03[2080109].total                 T03, the row of code 2080109, measure "total"
    T03[208].basic                     the printed 类 row 208, or the sum of its printed descendants
    T09[].actual_total                 the first (only) data row of T09

A code that is not printed as a row resolves to the sum of its printed descendants, taking the
shallowest printed level of each branch (so 类 = Σ款 where 款 are printed, else Σ项). A blank cell
is read as an exact 0 and counted (``n_blank``), so results can say that blanks were counted as 0.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from functools import lru_cache
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ..intervals import Interval

_ZERO = Decimal(0)
_EXACT_ZERO = Interval(_ZERO, _ZERO)
REF = re.compile(r"^(?P<table>T\d\d)(?:\.(?P<side>income|expenditure))?\[(?P<row>[^\]]*)\]\.(?P<measure>\w+)$")


@dataclass(frozen=True, slots=True)
class Fact:
    """One printed cell: value string (None when blank), decimals, status, source line."""

    value: str | None
    decimals: int | None
    status: str
    line: int | None

    @property
    def is_blank(self) -> bool:
        return self.value is None and self.status in ("blank", "ok")


@dataclass(slots=True)
class Row:
    """One data row of a table: label, code or row key, and its cells by measure key."""

    table: str
    side: str | None
    label: str
    code: str | None
    row_key: str | None
    row_no: str | None
    cells: dict[str, Fact] = field(default_factory=dict)

    @property
    def key(self) -> str | None:
        return self.row_key or self.code


@dataclass(frozen=True, slots=True)
class Term:
    """One printed number an operand is made of: a table cell or a number of the text.

    ``factor`` converts the printed unit to the unit of the comparison (亿元 → 万元: 10000).
    """

    source: str  # "table" or "text"
    table: str | None
    side: str | None
    key: str | None  # row key or code (table); section (text)
    measure: str | None  # measure key (table); metric (text)
    label: str  # row label (table); subject (text)
    line: int | None
    printed: str | None  # None: a blank cell
    factor: str = "1"
    unit: str = ""
    clause: str = ""

    @property
    def ident(self) -> tuple:
        """What identifies the printed number (the same cell read by two rules is one term)."""
        return (self.source, self.table, self.side, self.key, self.measure, self.label, self.line)


def cell_term(row: "Row", measure: str, fact: "Fact") -> Term:
    """The term of one printed (or blank) table cell."""
    key = row.row_key or row.code
    return Term("table", row.table, row.side, key, measure, row.label, fact.line, fact.value)


@dataclass(slots=True)
class Operand:
    """A resolved quantity: point value, interval, provenance, and what was odd about it."""

    point: Decimal
    interval: Interval
    decimals: int
    lines: list[int]
    printed: str | None = None  # the cell text when the operand is one printed cell
    n_blank: int = 0
    n_cells: int = 0
    missing: list[str] = field(default_factory=list)
    unreadable: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    terms: tuple[tuple[Term, int], ...] = ()  # (printed number, coefficient ±1) when it is a signed sum

    @property
    def all_blank(self) -> bool:
        return self.n_cells > 0 and self.n_blank == self.n_cells

    def __add__(self, other: "Operand") -> "Operand":
        return Operand(self.point + other.point, self.interval + other.interval,
                       max(self.decimals, other.decimals), self.lines + other.lines, None,
                       self.n_blank + other.n_blank, self.n_cells + other.n_cells,
                       self.missing + other.missing, self.unreadable + other.unreadable,
                       self.notes + other.notes, self.terms + other.terms)

    def __neg__(self) -> "Operand":
        return Operand(-self.point, -self.interval, self.decimals, self.lines,
                       None if self.printed is None else _negate_text(self.printed),
                       self.n_blank, self.n_cells, self.missing, self.unreadable, self.notes,
                       tuple((t, -k) for t, k in self.terms))


def _negate_text(text: str) -> str:
    return text[1:] if text.startswith("-") else "-" + text


def zero_operand() -> Operand:
    """The empty sum."""
    return Operand(_ZERO, _EXACT_ZERO, 0, [])


def absent_operand(what: str) -> Operand:
    """A row the table does not print (a trimmed template row): nothing printed, read as 0, said so."""
    return Operand(_ZERO, _EXACT_ZERO, 0, [], None, 1, 1, notes=[f"{what}未列示，按0计"])


def missing_operand(what: str) -> Operand:
    """An operand that could not be found in the document."""
    return Operand(_ZERO, _EXACT_ZERO, 0, [], missing=[what])


def fact_operand(fact: Fact, what: str, term: Term | None = None) -> Operand:
    """An operand for one printed cell (blank = exact 0, counted as blank); ``term`` names the cell."""
    if fact.value is not None or fact.is_blank:
        op = _printed_operand(fact.value, fact.decimals, fact.line)
        if term is None:
            return op
        return Operand(op.point, op.interval, op.decimals, op.lines, op.printed, op.n_blank, op.n_cells,
                       terms=((term, 1),))
    lines = [fact.line] if fact.line is not None else []
    return Operand(_ZERO, _EXACT_ZERO, 0, lines, None, 0, 1, unreadable=[what])


def _none_if_missing(value):
    """None for NaN / NA / None, else the value itself."""
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value


@lru_cache(maxsize=8192)
def _printed_operand(value: str | None, decimals: int | None, line: int | None) -> Operand:
    """The operand of a printed (or blank) cell; cached, operands are never mutated."""
    lines = [line] if line is not None else []
    if value is None:
        return Operand(_ZERO, _EXACT_ZERO, 0, lines, None, 1, 1)
    iv = Interval.from_printed(value, decimals)
    dec = decimals if decimals is not None else max(0, -Decimal(value).as_tuple().exponent)
    return Operand(Decimal(value), iv, dec, lines, value, 0, 1)


# Tables are checked in 万元 (the unit of the text's amounts too): a table printed in 元 is
# scaled exactly, its decimals shifted with it, so its rounding interval stays the printed one.
TO_WAN = {"元": 4, "千元": 1, "亿元": -4}


def _to_wan(value: str, decimals: int, unit: str) -> tuple[str, int]:
    """A value printed in ``unit`` as a 万元 value string and its decimals (exact)."""
    shift = TO_WAN[unit]
    decimals = max(0, decimals + shift)
    return format(Decimal(value).scaleb(-shift), f".{decimals}f"), decimals


def frame_records(frame: pd.DataFrame, columns: list[str]) -> list[dict]:
    """Rows of ``frame`` as dicts of the given columns (faster than ``to_dict("records")``)."""
    columns = [c for c in columns if c in frame.columns]
    if not len(frame):
        return []
    values = [frame[c].tolist() for c in columns]
    return [dict(zip(columns, row)) for row in zip(*values)]


class CellIndex:
    """Every table row of a facts frame, by table/side and by row key or code."""

    def __init__(self, facts: pd.DataFrame, found_tables: set[str] | None = None):
        self.rows: dict[tuple[str, str | None], list[Row]] = {}
        self.by_key: dict[tuple[str, str | None, str], Row] = {}
        self.tables_with_facts: set[str] = set()
        self.n_values = 0  # printed (non-blank) cells: 0 for a blank template
        self.found = found_tables
        self.empty: set[str] = set()
        self.unreliable: dict[str, str] = {}  # table -> why its cells cannot be trusted (loader errors)
        self._coded: dict[tuple, list[Row]] = {}
        self._aggregates: dict[tuple, Operand] = {}
        cols = ["table", "side", "row", "label", "code", "row_key", "row_no", "measure_key",
                "value", "decimals", "status", "line", "currency_unit"]
        present = [c for c in cols if c in facts.columns]
        n = len(facts)
        columns = {c: [_none_if_missing(v) for v in facts[c].tolist()] if c in present else [None] * n for c in cols}
        rows_at: dict[tuple, Row] = {}
        for table, side, pos, label, code, row_key, row_no, measure, value, decimals, status, line, unit in zip(
                *(columns[c] for c in cols)):
            ident = (table, side, pos)
            row = rows_at.get(ident)
            if row is None:
                row = Row(table, side, label or "", str(code) if code is not None else None, row_key, row_no)
                rows_at[ident] = row
                self.rows.setdefault((table, side), []).append(row)
                if row.key is not None:
                    self.by_key.setdefault((table, side, row.key), row)
            if measure is None:
                continue
            if value is not None:
                self.n_values += 1
                if unit in TO_WAN and decimals is not None:
                    value, decimals = _to_wan(str(value), int(decimals), unit)
            row.cells[measure] = Fact(None if value is None else str(value),
                                      None if decimals is None else int(decimals),
                                      status or ("ok" if value is not None else "blank"),
                                      None if line is None else int(line))
            self.tables_with_facts.add(table)

    # -- presence -------------------------------------------------------------------------
    def has_table(self, table: str) -> bool:
        """True when the table was found in the document (or, lacking an inventory, has facts)."""
        if self.found is not None:
            return table in self.found
        return table in self.tables_with_facts

    def table_rows(self, table: str, side: str | None = None) -> list[Row]:
        """Rows of a table in printed order (one side, or all sides when ``side`` is None)."""
        if side is not None:
            return self.rows.get((table, side), [])
        out: list[Row] = []
        for (t, _s), rows in self.rows.items():
            if t == table:
                out.extend(rows)
        return out

    def coded_rows(self, table: str, side: str | None = None) -> list[Row]:
        """Rows carrying a classification code (not summary rows), cached."""
        key = (table, side)
        got = self._coded.get(key)
        if got is None:
            got = self._coded[key] = [r for r in self.table_rows(table, side)
                                      if r.code is not None and r.row_key is None]
        return got

    def row(self, table: str, side: str | None, key: str) -> Row | None:
        """The row with this row key or code (any side when ``side`` is None)."""
        if side is not None:
            return self.by_key.get((table, side, key))
        for s in (None, "income", "expenditure"):
            found = self.by_key.get((table, s, key))
            if found is not None:
                return found
        return None

    # -- resolution -----------------------------------------------------------------------
    def resolve(self, ref: str) -> Operand:
        """The operand a reference names (see the module docstring)."""
        m = REF.match(ref.strip())
        if not m:
            raise ValueError(f"bad cell reference {ref!r}")
        table, side, key, measure = m["table"], m["side"], m["row"], m["measure"]
        if not self.has_table(table):
            return missing_operand(f"{table}（未找到该表）")
        if table in self.unreliable:
            return missing_operand(f"{table}（{self.unreliable[table]}）")
        if table in self.empty and not self.table_rows(table, side):
            return absent_operand(f"{ref}（空表）")
        if key == "":
            rows = [r for r in self.table_rows(table, side) if measure in r.cells]
            if not rows:
                return missing_operand(f"{ref}（未找到该单元格）")
            return fact_operand(rows[0].cells[measure], ref, cell_term(rows[0], measure, rows[0].cells[measure]))
        row = self.row(table, side, key)
        if row is not None:
            fact = row.cells.get(measure)
            if fact is None and table in self.empty:
                return absent_operand(f"{ref}（空表）")
            if fact is None:
                return missing_operand(f"{ref}（未找到该栏）")
            return fact_operand(fact, ref, cell_term(row, measure, fact))
        if key.isdigit():
            return self.aggregate(table, side, key, measure)
        return missing_operand(f"{ref}（未找到该行）")

    def aggregate(self, table: str, side: str | None, code: str, measure: str) -> Operand:
        """The printed row ``code``, else the sum of its printed descendants (shallowest first)."""
        if table in self.unreliable:
            return missing_operand(f"{table}（{self.unreliable[table]}）")
        key = (table, side, code, measure)
        got = self._aggregates.get(key)
        if got is None:
            got = self._aggregates[key] = self._aggregate(table, side, code, measure, f"{table}[{code}]")
        return got

    def _sorted_codes(self, table: str, side: str | None) -> tuple[list[str], list[Row]]:
        key = ("sorted", table, side)
        got = self._coded.get(key)
        if got is None:
            rows = sorted(self.coded_rows(table, side), key=lambda r: r.code)
            got = self._coded[key] = ([r.code for r in rows], rows)
        return got

    def _aggregate(self, table: str, side: str | None, code: str, measure: str, what: str) -> Operand:
        codes, rows = self._sorted_codes(table, side)
        lo = bisect_left(codes, code)
        hi = bisect_left(codes, code + "\uffff", lo)
        descendants = rows[lo:hi]
        if not descendants:
            return absent_operand(what or f"{table}[{code}]")
        return self._sum_branch(descendants, code, measure, what)

    def _sum_branch(self, rows: list[Row], code: str, measure: str, what: str) -> Operand:
        exact = [r for r in rows if r.code == code]
        if exact:
            fact = exact[0].cells.get(measure)
            return fact_operand(fact, what, cell_term(exact[0], measure, fact)) if fact is not None \
                else missing_operand(what)
        total = zero_operand()
        width = min(len(r.code) for r in rows if r.code.startswith(code) and len(r.code) > len(code))
        for child in sorted({r.code[:width] for r in rows}):
            total = total + self._sum_branch([r for r in rows if r.code.startswith(child)], child, measure, what)
        return total

    def label_of(self, ref: str) -> str:
        """A readable Chinese name of a referenced cell's row."""
        m = REF.match(ref.strip())
        if not m:
            return ref
        row = self.row(m["table"], m["side"], m["row"]) if m["row"] else None
        if row is not None:
            return f"{row.code + ' ' if row.code and not row.row_key else ''}{row.label}".strip()
        return m["row"]
