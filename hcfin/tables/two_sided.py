"""Two-sided tables (T01, T04): an income block and an expenditure block side by side.

The header row that names 项目 twice splits the blocks; each block is 项目, an optional
行次 column (the seed prints one, Shanghai does not) and one or more amount columns named
by that header row. Data starts after the 栏次 row where one is printed, else right after
that header row. Fixed rows get canonical keys by their words and, for the 年初/年末 sub-rows
that repeat the fund names, by their position after the balance row (:func:`.keys.row_key`).
"""

from __future__ import annotations

from functools import lru_cache

from ..classification import load_codes
from .keys import measure_key, row_key
from .layout import COLUMN_LABEL, ROW_NUMBER_LABEL, find_column_row, norm
from .mapped import Mapped

ITEM = "项目"


def map_two_sided(mapped: Mapped) -> None:
    """Map T01 or T04 (see module docstring)."""
    rows = mapped.region.grid.rows
    header_index = next((i for i, row in enumerate(rows) if [norm(c.text) for c in row].count(ITEM) >= 2), None)
    if header_index is None:
        mapped.issue("error", "no_sides", "没有含两个“项目”栏的表头行，无法区分收入方与"
                     "支出方")
        return
    header = rows[header_index]
    texts = [norm(c.text) for c in header]
    split = texts.index(ITEM, 1)
    width = len(header)
    blocks = {}
    for side, (start, stop) in {"income": (0, split), "expenditure": (split, width)}.items():
        has_row_no = stop - start > 1 and texts[start + 1] == ROW_NUMBER_LABEL
        first_value = start + (2 if has_row_no else 1)
        if stop - first_value < 1:
            mapped.issue("error", "no_sides", f"表头两方过窄（分别为{split}和{width - split}个"
                         f"单元格；每方应有项目、行次（如印有）和至少一个金额栏），本表"
                         "未读取", header[0])
            return
        blocks[side] = (start, first_value, stop, has_row_no)
    column_row = find_column_row(rows)
    numbers: dict[int, int] = {}
    if column_row is not None and column_row > header_index:
        for position, cell in enumerate(rows[column_row]):
            text = norm(cell.text)
            if text.isdigit():
                numbers[position] = int(text)
                mapped.roles[(column_row, position)] = "column_no"
    else:
        column_row = None
    data_start = (column_row if column_row is not None else header_index) + 1
    mapped.mark_header(data_start)
    skipped = mapped.skip_repeated_headers(data_start)  # the header again, where the table goes on
    _map_rows(mapped, data_start, header, blocks, numbers, skipped)


def _map_rows(mapped: Mapped, data_start: int, header, blocks: dict, numbers: dict[int, int],
              skipped: set[int]) -> None:
    rows = mapped.region.grid.rows
    width = len(header)
    counters = {"income": 0, "expenditure": 0}
    after_balance = {"income": False, "expenditure": False}
    for r in range(data_start, len(rows)):
        if r in skipped:
            continue
        row = rows[r]
        if len(row) != width:
            if any(norm(c.text) for c in row):
                mapped.issue("error", "ragged_row", f"该行只有{len(row)}个单元格，应有{width}个，未读取", row[0])
            continue
        for side, (start, first_value, stop, has_row_no) in blocks.items():
            label_cell, value_cells = row[start], row[first_value:stop]
            row_no_cell = row[start + 1] if has_row_no else None
            label = label_cell.text.strip()
            row_no = norm(row_no_cell.text) if row_no_cell is not None else ""
            mapped.roles[(r, start)] = "label"
            if row_no:
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
                code = _class_code(label)
                code_from = "label" if code else None
                if code is None:
                    mapped.issue("warning", "unknown_class", f"支出行“{label}”不是已知的功能分类“类”",
                                 label_cell)
            elif key is None:
                mapped.issue("warning", "unknown_row", f"收入行“{label}”不是本表的已知行",
                             label_cell)
            if not norm(label):
                mapped.issue("error", "value_without_label", "无名称的行中印有数值",
                             row_no_cell or value_cells[0])
            for offset, cell in enumerate(value_cells):
                position = first_value + offset
                path = [norm(header[position].text)] if position < len(header) else []
                if path == [COLUMN_LABEL]:
                    path = []
                mapped.value((r, position), cell, side=side, row=counters[side], label=label, code=code,
                             code_kind="functional" if code else None, code_from=code_from,
                             row_no=row_no or None, row_key=key,
                             measure=path[-1] if path else "", measure_path="/".join(path),
                             column=numbers.get(position),
                             measure_key=measure_key(mapped.table_id, path, side))
            counters[side] += 1


@lru_cache(maxsize=512)
def _class_code(label: str) -> str | None:
    """The 类 code a T01/T04 expenditure row names ("七、社会保障和就业支出" → "208")."""
    return load_codes("functional").class_code_for(label)
