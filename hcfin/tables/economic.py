"""The economic-class table (T06): code / name / amount groups side by side.

The number of groups is the number of 决算数 (or 金额) cells in the header row that prints them
(a row naming the groups, 人员经费 | 公用经费, may stand above it); each group's
width comes from the data rows (the most common row length divided by the groups), so a
code printed in one cell (``30101``) or split 类 | 款 (``301 | 01``) both read: the last
cell of a group is the amount, the one before it the name, the cells before that the code.
The groups are unstacked into one list; the 人员经费合计 / 公用经费合计 footer gets row keys.
"""

from __future__ import annotations

from collections import Counter

from ..classification import load_codes, name_key, normalise_code, unknown_code_note
from ..model import Cell
from ..numbers import parse_number
from .keys import AMOUNT_WORDS
from .layout import is_code, norm
from .mapped import Mapped

AMOUNT_HEADERS = AMOUNT_WORDS  # 决算数, 金额, 本年决算数, 决算金额 …
FOOTER_WORDS = ("人员经费", "公用经费")


def map_economic(mapped: Mapped) -> None:
    """Map T06 (see module docstring)."""
    rows = mapped.region.grid.rows
    if not rows:
        return
    data_start = next((r for r in range(1, len(rows)) if _is_data(rows[r])), len(rows))
    # the 决算数 row may sit under a row naming the groups (人员经费 | 公用经费, national template)
    header = next((row for row in rows[:max(1, data_start)]
                   if any(norm(cell.text) in AMOUNT_HEADERS for cell in row)), rows[0])
    measure_cells = [cell for cell in header if norm(cell.text) in AMOUNT_HEADERS]
    if not measure_cells:
        mapped.issue("error", "no_groups", "表头中没有决算数栏，无法理解本表的版式")
        return
    mapped.mark_header(data_start)
    skipped = mapped.skip_repeated_headers(data_start)  # the header again, where the table goes on
    lengths = Counter(len(row) for r, row in enumerate(rows[data_start:], data_start)
                      if not _is_footer(row) and r not in skipped)
    width = lengths.most_common(1)[0][0] if lengths else len(header)
    groups = len(measure_cells)
    if width % groups or width // groups < 3:
        mapped.issue("error", "no_groups", f"数据行的{width}个单元格不能分成{groups}组“编码/名称/"
                     "金额”，本表单元格未读取")
        return
    size = width // groups
    starts = [g * size for g in range(groups)]
    measure = norm(measure_cells[0].text)
    economic = load_codes("economic")
    count = 0
    r = data_start
    while r < len(rows):
        row = rows[r]
        if r in skipped:
            r += 1
            continue
        if _is_footer(row):
            count = _map_footer(mapped, r, row, measure, count)
            r += 1
            continue
        row_index = r
        if not row:
            r += 1
            continue
        if len(row) < width:
            row, r = _repair_spill(mapped, r, width, skipped)
            if row is None:
                continue
        else:
            r += 1
        for start in starts:
            code_cells, name_cell, value_cell = row[start:start + size - 2], row[start + size - 2], \
                row[start + size - 1]
            printed_code = "".join(norm(c.text) for c in code_cells)
            code = normalise_code(printed_code)
            label = _economic_label(mapped, code, name_cell, economic)
            if not printed_code and not norm(label):
                if norm(value_cell.text):
                    mapped.issue("error", "value_without_label", "数值旁无编码也无名称", value_cell)
                    mapped.roles[(row_index, start + size - 1)] = "orphan"
                continue
            for offset, cell in enumerate(code_cells):
                mapped.roles[(row_index, start + offset)] = "code" if code or not norm(cell.text) else "label"
            mapped.roles[(row_index, start + size - 2)] = "label"
            if code is None:
                mapped.issue("warning", "bad_code", f"“{printed_code}”不是3位或5位的经济分类科目编码",
                              code_cells[0] if code_cells else name_cell)
            mapped.value((row_index, start + size - 1), value_cell, side=None, row=count, label=label, code=code,
                         code_kind="economic" if code else None, code_from="printed" if code else None,
                         row_no=None, row_key=None, measure=measure, measure_key="amount",
                         measure_path=measure, column=None)
            count += 1


def _is_footer(row: list[Cell]) -> bool:
    """The 人员经费合计 / 公用经费合计 row (a header row naming the groups 人员经费 | 公用经费 is not)."""
    texts = [norm(c.text) for c in row]
    return any(word in t for t in texts for word in FOOTER_WORDS) and \
        any("合计" in t or parse_number(t).value is not None for t in texts)


def _is_data(row: list[Cell]) -> bool:
    """A data row leads with a code (in its first cell) or is the footer."""
    return _is_footer(row) or (bool(row) and is_code(row[0].text))


def _economic_label(mapped: Mapped, code: str | None, cell: Cell, economic) -> str:
    """The name of an economic code; a merged cell that spilled a neighbour's name is read as its own name."""
    label = cell.text.strip()
    reference = economic.name(code) if code else None
    if reference is None:
        if code:
            mapped.issue("info", "unknown_code", unknown_code_note(code, label), cell)
        return label
    if name_key(reference) == name_key(label):
        return label
    remainder = name_key(label)[len(name_key(reference)):]
    if name_key(label).startswith(name_key(reference)) and remainder in economic.name_keys:
        mapped.issue("warning", "merged_cell_spill", f"{code}的名称单元格（“{label}”）还含有相邻科目的"
                     f"名称（“{remainder}”），系合并单元格溢出；按"
                     f"“{reference}”读取", cell)
        return reference
    mapped.issue("info", "name_differs", f"科目编码{code}印为“{label}”，参考科目表中的名称为"
                 f"“{reference}”", cell)
    return label


def _repair_spill(mapped: Mapped, r: int, width: int, skipped: set[int]) -> tuple[list[Cell] | None, int]:
    """Complete a short row from the fragment rows a merged cell spilled into.

    The missing cells are taken from the fragments that can be values (numbers or blanks);
    fragments that only repeat names are debris, reported and not read.
    """
    rows = mapped.region.grid.rows
    partial = rows[r]
    missing = width - len(partial)
    fragments: list[tuple[int, int, Cell]] = []
    nxt = r + 1
    while nxt < len(rows) and len(rows[nxt]) < width and not _is_footer(rows[nxt]) and nxt not in skipped:
        fragments.extend((nxt, c, cell) for c, cell in enumerate(rows[nxt]))
        nxt += 1
    candidates = [f for f in fragments if parse_number(f[2].text).status in ("ok", "blank")]
    if len(candidates) < missing:
        mapped.issue("error", "ragged_row", f"该行只有{len(partial)}个单元格，应有{width}个，未读取", partial[0])
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
        lines = "、".join(str(cell.line) for _, _, cell in debris)
        mapped.issue("warning", "garbled_merged_cell",
                     f"合并单元格溢出到第{partial[0].line}–{chosen[-1][2].line}行；该行用第{chosen[-1][2].line}行的"
                     f"单元格补全，第{lines}行重复的名称未计",
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
