"""Turning recognised table grids into tidy facts: one record per value cell.

Three layouts cover the nine tables:

* two-sided tables (T01, T04): an income block and an expenditure block side by side,
  each with 项目 / 行次 / amounts;
* code tables (T02, T03, T05, T07, T08, and the single-row T09): optional code and name
  cells, then one value per 栏次 column, under a possibly multi-level header;
* the economic-class table (T06): three code / name / amount groups side by side,
  unstacked into one list, with a 人员经费合计 / 公用经费合计 footer.

Every cell the mapping uses gets a role (value, code, 行次, 栏次, label, header), which
the capture audit (:mod:`hcfin.audit`) checks against the numbers in the grid.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ..classification import load_codes, name_key, normalise_code
from ..errors import Issue
from ..model import Cell, Document
from ..numbers import parse_number
from .keys import measure_key, row_key
from .layout import COLUMN_LABEL, column_paths, find_column_row, norm
from .recognize import TableRegion

TOTAL_LABELS = ("合计", "总计")


@dataclass
class Mapped:
    """What mapping one table produced."""

    region: TableRegion
    records: list[dict] = field(default_factory=list)
    roles: dict[tuple[int, int], str] = field(default_factory=dict)
    issues: list[Issue] = field(default_factory=list)

    @property
    def table_id(self) -> str:
        return self.region.table_id

    def issue(self, severity: str, kind: str, message: str, cell: Cell | None = None) -> None:
        self.issues.append(Issue(severity, kind, message, line=cell.line if cell else self.region.grid.line,
                                 page=cell.loc.page if cell else self.region.grid.loc.page,
                                 table=self.table_id, text=cell.text if cell else None))

    def value(self, position: tuple[int, int], cell: Cell, **fields) -> None:
        """Record one value cell as a fact."""
        parsed = parse_number(cell.text)
        if parsed.note:
            severity = {"blank": "info", "repaired": "warning", "unreadable": "error"}[parsed.status]
            self.issue(severity, f"{parsed.status}_value", parsed.note, cell)
        self.roles[position] = "value" if parsed.status != "unreadable" else "unreadable"
        self.records.append({
            "table": self.table_id, **fields, "value": parsed.value, "amount": parsed.amount,
            "decimals": parsed.decimals, "printed": cell.text, "status": parsed.status,
            "currency_unit": self.region.currency_unit, "line": cell.line, "page": cell.loc.page,
        })


def map_tables(regions: list[TableRegion], document: Document) -> list[Mapped]:
    """Map every recognised region to fact records (see module docstring)."""
    results = []
    for region in regions:
        mapped = Mapped(region)
        if region.currency_unit is None:
            mapped.issue("warning", "no_currency_unit",
                         "no 单位：万元/元 line found near the table title; currency unit unknown")
        if region.table_id in ("T01", "T04"):
            _map_two_sided(mapped)
        elif region.table_id == "T06":
            _map_economic(mapped, document)
        else:
            _map_code_table(mapped)
        results.append(mapped)
    return results


def _header_and_columns(mapped: Mapped) -> tuple[int, dict[int, int]] | None:
    """Index of the 栏次 row and the 栏次 number printed at each position of it."""
    rows = mapped.region.grid.rows
    index = find_column_row(rows)
    if index is None:
        mapped.issue("error", "no_column_row", "no 栏次 row (column numbers) found; the table's layout is not "
                     "understood and its cells are not read")
        return None
    numbers = {}
    for position, cell in enumerate(rows[index]):
        text = norm(cell.text)
        if text.isdigit():
            numbers[position] = int(text)
            mapped.roles[(index, position)] = "column_no"
        elif text == COLUMN_LABEL:
            mapped.roles[(index, position)] = "header"
    for r in range(index):
        for c in range(len(rows[r])):
            mapped.roles[(r, c)] = "header"
    return index, numbers


# --- two-sided tables: T01, T04 -------------------------------------------------------------

def _map_two_sided(mapped: Mapped) -> None:
    found = _header_and_columns(mapped)
    if found is None:
        return
    column_row, numbers = found
    rows = mapped.region.grid.rows
    header = next((row for row in rows[:column_row] if [norm(c.text) for c in row].count("项目") >= 2), None)
    if header is None:
        mapped.issue("error", "no_sides", "no header row with two 项目 columns; income and expenditure blocks "
                     "cannot be told apart")
        return
    texts = [norm(c.text) for c in header]
    split = texts.index("项目", 1)
    width = len(header)
    if split < 3 or width - split < 3:
        mapped.issue("error", "no_sides", f"the header row's blocks are too narrow ({split} and {width - split} "
                     "cells; expected 项目, 行次 and at least one amount each); the table is not read", header[0])
        return
    sides = {"income": (0, split), "expenditure": (split, width)}
    functional = load_codes("functional")
    counters = {"income": 0, "expenditure": 0}
    after_balance = {"income": False, "expenditure": False}
    for r in range(column_row + 1, len(rows)):
        row = rows[r]
        if len(row) != width:
            if any(norm(c.text) for c in row):
                mapped.issue("error", "ragged_row", f"row has {len(row)} cells, expected {width}; not read", row[0])
            continue
        for side, (start, stop) in sides.items():
            label_cell, row_no_cell, value_cells = row[start], row[start + 1], row[start + 2:stop]
            label = label_cell.text.strip()
            mapped.roles[(r, start)] = "label"
            if norm(row_no_cell.text):
                mapped.roles[(r, start + 1)] = "row_no"
            if not norm(label) and not any(norm(c.text) for c in value_cells):
                continue  # a filler row of the other block's length
            key = row_key(mapped.table_id, side, label, after_balance[side])
            if key in ("opening_balance", "closing_balance"):
                after_balance[side] = True
            elif key in ("grand_total", "income_total", "expenditure_total"):
                after_balance[side] = False
            code = code_from = None
            if key is None and side == "expenditure":
                code = functional.class_code_for(label)
                code_from = "label" if code else None
                if code is None:
                    mapped.issue("warning", "unknown_class", f"expenditure row {label!r} names no known 功能分类 类",
                                 label_cell)
            elif key is None:
                mapped.issue("warning", "unknown_row", f"income row {label!r} is not a known row of the table",
                             label_cell)
            if not norm(label):
                mapped.issue("error", "value_without_label", "a value is printed in a row without a label",
                             row_no_cell)
            for offset, cell in enumerate(value_cells):
                position = start + 2 + offset
                path = [norm(header[position].text)] if position < len(header) else []
                mapped.value((r, position), cell, side=side, row=counters[side], label=label, code=code,
                             code_kind="functional" if code else None, code_from=code_from,
                             row_no=norm(row_no_cell.text) or None, row_key=key,
                             measure=path[-1] if path else "", measure_path="/".join(path),
                             column=numbers.get(position),
                             measure_key=measure_key(mapped.table_id, path, side))
            counters[side] += 1


# --- code tables: T02, T03, T05, T07, T08, T09 ---------------------------------------------------

def _map_code_table(mapped: Mapped) -> None:
    found = _header_and_columns(mapped)
    if found is None:
        return
    column_row, numbers = found
    rows = mapped.region.grid.rows
    n = len(numbers)
    paths = column_paths(rows[:column_row], n)
    keys = [measure_key(mapped.table_id, path) for path in paths]
    for column, (path, key) in enumerate(zip(paths, keys), 1):
        if key is None:
            mapped.issue("warning", "unknown_column", f"column {column} ({'/'.join(path) or 'no header'}) is not a "
                         f"known column of {mapped.table_id}")
    functional = load_codes("functional")
    count = 0
    for r in range(column_row + 1, len(rows)):
        row = rows[r]
        if not any(norm(c.text) for c in row):
            continue
        if len(row) < n:
            mapped.issue("error", "ragged_row", f"row has {len(row)} cells, expected at least {n}; not read", row[0])
            continue
        head, values = row[: len(row) - n], row[len(row) - n:]
        code, label = _code_and_label(mapped, r, head)
        if not label and not code and mapped.table_id != "T09":
            if any(norm(c.text) for c in values):
                mapped.issue("error", "value_without_label", "values printed in a row without code or label",
                             values[0])
            else:
                continue
        if code and label:
            reference = functional.name(code)
            if reference is None:
                mapped.issue("info", "unknown_code", f"code {code} ({label}) is not in the reference list", head[0])
            elif name_key(reference) != name_key(label):
                mapped.issue("info", "name_differs", f"code {code} is printed as {label!r}; the reference name is "
                             f"{reference!r}", head[-1])
        for offset, cell in enumerate(values):
            position = len(head) + offset
            path = paths[offset]
            mapped.value((r, position), cell, side=None, row=count, label=label, code=code,
                         code_kind="functional" if code else None, code_from="printed" if code else None,
                         row_no=None, row_key="total" if label in TOTAL_LABELS and not code else None,
                         measure=path[-1] if path else "", measure_key=keys[offset], measure_path="/".join(path),
                         column=numbers.get(len(rows[column_row]) - n + offset))
        count += 1


def _code_and_label(mapped: Mapped, r: int, head: list[Cell]) -> tuple[str | None, str]:
    """Split the cells before the values into a normalised code and the row label."""
    digits = []
    label = ""
    for c, cell in enumerate(head):
        code = normalise_code(cell.text) or (norm(cell.text) if norm(cell.text).isdigit() else None)
        if code is not None and not label:
            digits.append(code)
            mapped.roles[(r, c)] = "code"
        else:
            label = (label + cell.text.strip()) if label else cell.text.strip()
            mapped.roles[(r, c)] = "label"
    code = "".join(digits) or None
    if code is not None and len(code) not in (3, 5, 7):
        mapped.issue("warning", "bad_code", f"{code!r} is not a 3-, 5- or 7-digit 功能分类 code", head[0])
    return code, norm(label) if label in TOTAL_LABELS else label


# --- the economic-class table: T06 ---------------------------------------------------------------

def _map_economic(mapped: Mapped, document: Document) -> None:
    rows = mapped.region.grid.rows
    if not rows:
        return
    header = rows[0]
    starts = [c - 2 for c, cell in enumerate(header) if norm(cell.text) in ("决算数", "金额") and c >= 2]
    if not starts:
        mapped.issue("error", "no_groups", "no 决算数 columns in the first row; the table's layout is not understood")
        return
    for c in range(len(header)):
        mapped.roles[(0, c)] = "header"
    width = len(header)
    measure = norm(header[starts[0] + 2].text)
    economic = load_codes("economic")
    count = 0
    r = 1
    while r < len(rows):
        row = rows[r]
        texts = [norm(c.text) for c in row]
        if any("人员经费" in t or "公用经费" in t for t in texts):
            count = _map_footer(mapped, r, row, measure, count)
            r += 1
            continue
        row_index = r
        if not row:
            r += 1
            continue
        if len(row) < width:
            row, r = _repair_spill(mapped, r, width)
            if row is None:
                continue
        else:
            r += 1
        for start in starts:
            code_cell, name_cell, value_cell = row[start], row[start + 1], row[start + 2]
            code = normalise_code(code_cell.text)
            label = _economic_label(mapped, code, name_cell, economic)
            if not norm(code_cell.text) and not norm(label):
                if norm(value_cell.text):
                    mapped.issue("error", "value_without_label", "a value printed without code or name", value_cell)
                    mapped.roles[(row_index, start + 2)] = "orphan"
                continue
            mapped.roles[(row_index, start)] = "code" if code else "label"
            mapped.roles[(row_index, start + 1)] = "label"
            if code is None:
                mapped.issue("warning", "bad_code", f"{code_cell.text!r} is not a 3- or 5-digit 经济分类 code",
                             code_cell)
            mapped.value((row_index, start + 2), value_cell, side=None, row=count, label=label, code=code,
                         code_kind="economic" if code else None, code_from="printed" if code else None,
                         row_no=None, row_key=None, measure=measure, measure_key="amount",
                         measure_path=measure, column=None)
            count += 1


def _economic_label(mapped: Mapped, code: str | None, cell: Cell, economic) -> str:
    """The name of an economic code; a merged cell that spilled a neighbour's name is read as its own name."""
    label = cell.text.strip()
    reference = economic.name(code) if code else None
    if reference is None:
        if code:
            mapped.issue("info", "unknown_code", f"code {code} ({label}) is not in the reference list", cell)
        return label
    if name_key(reference) == name_key(label):
        return label
    remainder = name_key(label)[len(name_key(reference)):]
    if name_key(label).startswith(name_key(reference)) and remainder in economic.name_keys:
        mapped.issue("warning", "merged_cell_spill", f"the name cell of {code} ({label!r}) holds the name of a "
                     f"neighbouring code as well ({remainder!r}), spilled from a merged cell; read as "
                     f"{reference!r}", cell)
        return reference
    mapped.issue("info", "name_differs", f"code {code} is printed as {label!r}; the reference name is "
                 f"{reference!r}", cell)
    return label


def _repair_spill(mapped: Mapped, r: int, width: int) -> tuple[list[Cell] | None, int]:
    """Complete a short row from the fragment rows a merged cell spilled into.

    The missing cells are taken from the fragments that can be values (numbers or blanks);
    fragments that only repeat names are debris, reported and not read.
    """
    rows = mapped.region.grid.rows
    partial = rows[r]
    missing = width - len(partial)
    fragments: list[tuple[int, int, Cell]] = []
    nxt = r + 1
    while nxt < len(rows) and len(rows[nxt]) < width and not any(
            "人员经费" in norm(c.text) for c in rows[nxt]):
        fragments.extend((nxt, c, cell) for c, cell in enumerate(rows[nxt]))
        nxt += 1
    candidates = [f for f in fragments if parse_number(f[2].text).status in ("ok", "blank")]
    if len(candidates) < missing:
        mapped.issue("error", "ragged_row", f"row has {len(partial)} cells, expected {width}; not read", partial[0])
        return None, nxt
    chosen = candidates[-missing:]
    debris = [f for f in fragments if f not in chosen]
    for row_index, c, _ in debris:
        mapped.roles[(row_index, c)] = "debris"
    repaired = partial + [cell for _, _, cell in chosen]
    rows[r] = repaired
    for row_index, c, cell in chosen:
        mapped.roles[(row_index, c)] = "moved"
    if debris:
        lines = ", ".join(str(cell.line) for _, _, cell in debris)
        mapped.issue("warning", "garbled_merged_cell",
                     f"a merged cell spilled over lines {partial[0].line}–{chosen[-1][2].line}; the row was completed "
                     f"with the cell at line {chosen[-1][2].line}, and repeated names at lines {lines} were ignored",
                     partial[0])
    return repaired, nxt


def _map_footer(mapped: Mapped, r: int, row: list[Cell], measure: str, count: int) -> int:
    """The 人员经费合计 | value | 公用经费合计 | value footer of T06."""
    c = 0
    while c < len(row):
        text = norm(row[c].text)
        key = "personnel_total" if "人员经费" in text else "public_total" if "公用经费" in text else None
        value_at = c + 1
        while value_at < len(row) and row[value_at].lines == () and not norm(row[value_at].text):
            mapped.roles[(r, value_at)] = "merged"  # the label's own cell, spanning the name column
            value_at += 1
        if key and value_at < len(row):
            mapped.roles[(r, c)] = "label"
            mapped.value((r, value_at), row[value_at], side=None, row=count, label=text, code=None,
                         code_kind=None, code_from=None, row_no=None, row_key=key, measure=measure,
                         measure_key="amount", measure_path=measure, column=None)
            count += 1
            c = value_at + 1
        else:
            c += 1
    return count
