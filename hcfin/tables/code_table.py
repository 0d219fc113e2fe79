"""Code tables (T02, T03, T05, T07, T08, T09): code and name cells, then one value per measure.

The header is read by its words (:mod:`.header`), never by column numbers: a 栏次 row, where
printed, only ends the header and gives each column its number. Without one, data starts
at the first row that prints an amount or leads with a code, a total or a placeholder
(:func:`.layout.find_data_start`). That first data row may also carry header words (the
Shanghai T07/T08 合计 row shares its grid row with 本年支出's 合计 | 基本支出 | 项目支出, and
財政局's 合计 row with the 类 | 款 | 项 cells); they refine the header and are not facts.

Values are the last cells of a data row, one per measure; the cells before them are the
code (one cell, or split 类 | 款 | 项 and joined) and the row label.
"""

from __future__ import annotations

import re

from ..classification import FULL_WIDTH_DIGITS, load_codes, name_key, normalise_code, unknown_code_note
from ..model import Cell
from ..numbers import parse_number
from .header import Unit, fit, read_grid_header, read_header
from .keys import has_t09_block, measure_key, sangong_item, t09_block
from .layout import (CODE_PART_WORDS, TOTAL_LABELS, find_column_row, find_data_start, is_placeholder, norm,
                     row_label_index)
from .mapped import Mapped

OUTTURN = "决算数"
# A code and its name in one cell: "2010101 行政运行", "2010101行政运行", "201-一般公共服务支出",
# "208 05 05 机关事业单位基本养老保险缴费支出", "[2080505]机关事业单位基本养老保险缴费支出" (software exports).
CODE_WITH_NAME = re.compile(r"^\s*[\[【［]?\s*(\d{3}(?:[ \-－]?\d{2}){0,2})\s*[\]】］]?(?![\d.,，])\s*[-—:：、.．]?\s*"
                            r"([^\d\s.,，\]】］].*)$", re.S)


def map_code_table(mapped: Mapped) -> None:
    """Map one code table (see module docstring)."""
    rows = mapped.region.grid.rows
    texts = [[norm(cell.text) for cell in row] for row in rows]
    column_row = find_column_row(rows)
    data_start = find_data_start(rows, column_row)
    header_stop = column_row if column_row is not None else data_start
    spanned = [[not cell.lines and not text for cell, text in zip(row, row_texts)]
               for row, row_texts in zip(rows, texts)]
    units = None
    if any(any(row) for row in spanned[:header_stop]):
        units = read_grid_header(texts[:header_stop], spanned[:header_stop])
    if units is None:
        units = read_header(texts[:header_stop], spanned[:header_stop])
    if units is None or any(not u.path for u in units) or _unspanned_blank(texts[:header_stop],
                                                                           spanned[:header_stop]):
        # a full-width header drawn without merges (blank cells where a merge would be): read
        # every blank as a possible merge, and keep that reading if it names more known columns
        unmerged = read_grid_header(texts[:header_stop], [[not t for t in row] for row in texts[:header_stop]])
        if unmerged is not None and (units is None or any(not u.path for u in units)
                                     or _known(mapped.table_id, unmerged) > _known(mapped.table_id, units)):
            units = unmerged
    numbers: list[int] = []
    if column_row is not None:
        for position, text in enumerate(texts[column_row]):
            if text.isdigit():
                numbers.append(int(text))
                mapped.roles[(column_row, position)] = "column_no"
    mapped.mark_header(data_start)
    if units is None:
        mapped.issue("error", "header_not_understood", "表头各行对不齐（某行的单元格比上方各栏能解释的"
                     "多或少），本表单元格未读取")
        return
    measures = [u for u in units if not u.label]
    if data_start < len(rows):
        refined = _refine_from_data_row(texts[data_start], measures)
        measures = refined or measures
    if numbers and len(numbers) != len(measures):
        mapped.issue("error", "header_not_understood", f"栏次行编了{len(numbers)}栏，而表头列出"
                     f"{len(measures)}栏，本表单元格未读取")
        return
    if not measures:
        mapped.issue("error", "header_not_understood", "表头中没有数值栏目，本表单元格"
                     "未读取")
        return
    skipped = mapped.skip_repeated_headers(data_start, texts)
    _map_rows(mapped, data_start, measures, numbers, has_labels=any(u.label for u in units), skipped=skipped)


def _unspanned_blank(rows: list[list[str]], spanned: list[list[bool]]) -> bool:
    """A blank header position that no merged cell covers (a header drawn without merges)."""
    return any(not t and not mark for row, marks in zip(rows, spanned) for t, mark in zip(row, marks))


def _known(table_id: str, units: list[Unit]) -> int:
    """How many of a header's measure columns have a known key."""
    return sum(1 for u in units if not u.label and measure_key(table_id, list(u.path)) is not None)


def _refine_from_data_row(texts: list[str], measures: list[Unit]) -> list[Unit] | None:
    """Measures refined by header words printed in the first data row, or None if it has none."""
    lead = row_label_index(texts)
    if lead is None:
        return None
    tail = ["" if parse_number(t).value is not None else t for t in texts[lead + 1:]]
    if not any(tail) or any(any(ch.isdigit() for ch in t) for t in tail):
        return None
    for split in range(len(tail) + 1):
        refined = fit(measures, tail[split:])
        if refined is not None:
            return refined if refined != measures else None
    return None


def _map_rows(mapped: Mapped, data_start: int, measures: list[Unit], numbers: list[int], has_labels: bool,
              skipped: set[int]) -> None:
    rows = mapped.region.grid.rows
    n = len(measures)
    paths = [list(u.path) for u in measures]
    # a 三公 table whose columns name no 预算数 / 决算数: its rows may (预算数 | 决算数 as row labels);
    # else it prints one figure per item, a 决算 table's outturn
    outturn_only = mapped.table_id == "T09" and not any(has_t09_block(path) for path in paths)
    block = [OUTTURN] if outturn_only else []
    noted = False
    keys = [measure_key(mapped.table_id, path + block) for path in paths]
    items_as_rows = mapped.table_id == "T09" and has_labels and not any(keys)
    for column, (path, key) in enumerate(zip(paths, keys), 1):
        if key is None and not items_as_rows:
            mapped.issue("warning", "unknown_column", f"第{column}栏（{'/'.join(path) or '无表头'}）不是"
                         f"{mapped.table_id}的已知栏目")
    functional = load_codes("functional")
    count = 0
    for r in range(data_start, len(rows)):
        row = rows[r]
        blank = not any(norm(c.text) for c in row)
        if r in skipped or blank and (has_labels or len(row) != n):
            continue
        if len(row) < n:
            mapped.issue("error", "ragged_row", f"该行只有{len(row)}个单元格，应至少有{n}个，未读取", row[0])
            continue
        head, values = row[: len(row) - n], row[len(row) - n:]
        code, label = _code_and_label(mapped, r, head)
        if not label and not code and has_labels:
            if any(norm(c.text) for c in values):
                mapped.issue("error", "value_without_label", "无编码也无名称的行中印有数值",
                             values[0])
            continue
        if not code and is_placeholder(label) and not any(norm(c.text) for c in values):
            mapped.issue("info", "placeholder_row", f"模板占位行“{label}”无数值，未读取",
                         head[0])
            for offset in range(n):
                mapped.roles[(r, len(head) + offset)] = "header"
            continue
        if code and label:
            _check_name(mapped, functional, code, label, head[-1])
        row_keys = keys
        if items_as_rows:  # 三公 printed as 项目 | 预算数 | 决算数, one row per item
            item = sangong_item([label])
            row_keys = [f"{t09_block(path + block)}_{item}" if item and t09_block(path + block) else None
                        for path in paths]
            if not any(row_keys):
                mapped.issue("warning", "unknown_row", f"“{label}”不是“三公”经费表的项目", head[0])
        elif outturn_only and t09_block([label]):  # the rows are 预算数 / 决算数, the columns the items
            row_keys = [measure_key("T09", path + [label]) for path in paths]
        elif outturn_only and not noted:
            mapped.issue("info", "sangong_outturn_only", "“三公”经费表未分列预算数和决算数，按决算数读取", head[0]
                         if head else row[0])
            noted = True
        for offset, cell in enumerate(values):
            position = len(head) + offset
            path = paths[offset]
            if r == data_start and path and norm(cell.text) == path[-1]:
                mapped.roles[(r, position)] = "header"  # a header word sharing the first data row
                continue
            mapped.value((r, position), cell, side=None, row=count, label=label, code=code,
                         code_kind="functional" if code else None, code_from="printed" if code else None,
                         row_no=None, row_key="total" if label in TOTAL_LABELS and not code else None,
                         measure=path[-1] if path else "", measure_key=row_keys[offset], measure_path="/".join(path),
                         column=numbers[offset] if numbers else None)
        count += 1


def _check_name(mapped: Mapped, functional, code: str, label: str, cell: Cell) -> None:
    reference = functional.name(code)
    if reference is None:
        mapped.issue("info", "unknown_code", unknown_code_note(code, label), cell)
    elif name_key(reference) != name_key(label):
        mapped.issue("info", "name_differs", f"科目编码{code}印为“{label}”，参考科目表中的名称为"
                     f"“{reference}”", cell)


def _code_and_label(mapped: Mapped, r: int, head: list[Cell]) -> tuple[str | None, str]:
    """Split the cells before the values into a normalised code and the row label.

    A code may be printed in one cell or split over 类 | 款 | 项 cells (joined here);
    类/款/项 header words sharing the row are headers, not labels.
    """
    digits = []
    label = ""
    for c, cell in enumerate(head):
        text = norm(cell.text)
        if text in CODE_PART_WORDS:
            mapped.roles[(r, c)] = "header"
            continue
        joined = CODE_WITH_NAME.match(cell.text) if not digits and not label else None
        if joined:  # "2010101 行政运行": the code and the name in one cell
            digits.append("".join(ch for ch in joined.group(1).translate(FULL_WIDTH_DIGITS) if ch.isdigit()))
            label = joined.group(2).strip()
            mapped.roles[(r, c)] = "code"
            continue
        code = normalise_code(cell.text) or (text if text.isdigit() else None)
        if code is not None and not label:
            digits.append(code)
            mapped.roles[(r, c)] = "code"
        else:
            label = (label + cell.text.strip()) if label else cell.text.strip()
            mapped.roles[(r, c)] = "label"
    code = "".join(digits) or None
    if code is not None and len(code) not in (3, 5, 7):
        mapped.issue("warning", "bad_code", f"“{code}”不是3位、5位或7位的功能分类科目编码", head[0])
    return code, norm(label) if norm(label) in TOTAL_LABELS else label
