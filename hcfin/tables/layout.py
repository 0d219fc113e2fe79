"""What the cells of a table grid are, by their words: header words, codes, totals, amounts.

Layouts differ between provinces (the seed prints a 栏次 row and a 行次 column, Shanghai
prints neither; codes come in one cell or split 类 | 款 | 项), so the mapping never relies
on column numbers or fixed positions: it reads what each cell says.
"""

from __future__ import annotations

import re

from ..model import Cell
from ..numbers import parse_number

INTEGER = re.compile(r"\d{1,2}")
COLUMN_LABEL = "栏次"
ROW_NUMBER_LABEL = "行次"
# Words of the label area of a header (the code and name columns), never a measure.
LABEL_WORDS = frozenset({"项目", "科目名称", "科目编码", "科目代码", "编码", "代码", COLUMN_LABEL, ROW_NUMBER_LABEL})
LABEL_SUFFIXES = ("科目编码", "科目代码", "功能分类", "经济分类", "科目名称")
# Header cells over the parts of a split code (201 | 06 | 01).
CODE_PART_WORDS = frozenset({"类", "款", "项"})
TOTAL_LABELS = ("合计", "总计")
ORDINAL_LABEL = re.compile(r"^[一二三四五六七八九十]+[、.．]")
PLACEHOLDER = re.compile(r"^[…．.·\-—]+$")
CODE_DIGITS = re.compile(r"\d{2,7}")


def norm(text: str) -> str:
    """A cell's text with every space removed (for matching words, not for output)."""
    return "".join(text.split())


def is_label_word(text: str) -> bool:
    """A header word of the code/name columns (项目, 功能分类科目编码, 科目名称, 类 …)."""
    t = norm(text)
    return t in LABEL_WORDS or t in CODE_PART_WORDS or t.endswith(LABEL_SUFFIXES)


def is_code(text: str) -> bool:
    """A classification code or a part of a split one ("2080101", "201", "06")."""
    return bool(CODE_DIGITS.fullmatch(norm(text)))


def is_amount(text: str) -> bool:
    """A printed amount, told from a code by its decimals or thousands separators."""
    t = norm(text)
    return bool(t) and any(ch in t for ch in ".,，．") and parse_number(t).value is not None


def is_placeholder(text: str) -> bool:
    """Ellipsis rows of a template ("…", "………")."""
    return bool(PLACEHOLDER.fullmatch(norm(text)))


def row_label_index(texts: list[str]) -> int | None:
    """Index of a row's first cell that is neither blank nor a 类/款/项 header word."""
    return next((i for i, t in enumerate(texts) if t and t not in CODE_PART_WORDS), None)


def is_data_row(texts: list[str], spanned: list[bool] | None = None, labelled: bool = True) -> bool:
    """A row that starts the data: it prints an amount, or leads with a code, a total, an
    ordinal label (一、…) or a template placeholder (only 类/款/项 header words may precede).

    ``spanned`` marks positions a merged cell covers beyond its first (full-width grids):
    they are skipped when looking at what follows a 合计. ``labelled`` says whether the rows
    above name a label area (项目, 科目编码, 类 …): without one (a 三公 table of measures only)
    there is no column for a row label, so a 合计 followed by more column names is a header
    even where blank cells (a header drawn without merges) stand between them."""
    if any(is_amount(t) for t in texts):
        return True
    first = row_label_index(texts)
    if first is None:
        return False
    lead = texts[first]
    if lead in TOTAL_LABELS:
        # 合计 is also a column name: a total row label is followed by a blank or a value,
        # a header 合计 by the next column's name (合计 | 因公出国（境）费 …).
        rest = [t for i, t in enumerate(texts[first + 1:], first + 1) if not (spanned and spanned[i])]
        after = rest[0] if rest else ""
        if not labelled and any(_is_word(t) for t in rest):
            return False
        return not after or parse_number(after).value is not None
    return is_code(lead) or bool(ORDINAL_LABEL.match(lead)) or is_placeholder(lead)


def _is_word(text: str) -> bool:
    """A cell holding a name: neither blank, a number, a dash nor a placeholder."""
    if not text or is_placeholder(text):
        return False
    parsed = parse_number(text)
    return parsed.value is None and parsed.status != "blank"


def row_words(texts: list[str]) -> tuple[str, ...]:
    """A row's non-blank texts, to recognise a header row printed again."""
    return tuple(t for t in texts if t)


def repeated_header_runs(rows: list[list[Cell]], data_start: int,
                         texts: list[list[str]] | None = None) -> list[range]:
    """Blocks of rows after the first data row that print the table's header rows again (a table
    continued in a second grid, or on the next page, repeating its header). Blank rows neither
    start nor end a block. ``texts``: the rows' normalised texts, where the caller has them."""
    def words(r: int) -> tuple[str, ...]:
        return row_words(texts[r] if texts is not None else [norm(cell.text) for cell in rows[r]])

    header = {words(r) for r in range(min(data_start, len(rows)))} - {()}
    leads = {w[0] for w in header}
    runs: list[range] = []
    start = stop = None
    for r in range(data_start + 1, len(rows)):
        lead = next((cell.text for cell in rows[r] if cell.text), None)
        if lead is None:
            continue
        if norm(lead) in leads and words(r) in header:  # the first word rules out most rows cheaply
            start = r if start is None else start
            stop = r + 1
        elif start is not None:
            runs.append(range(start, stop))
            start = None
    if start is not None:
        runs.append(range(start, stop))
    return runs


def find_column_row(rows: list[list[Cell]]) -> int | None:
    """Index of the 栏次 row (column numbers 1, 2, 3 …), or None if the table prints none."""
    for index, row in enumerate(rows):
        texts = [norm(cell.text) for cell in row]
        numbers = [t for t in texts if INTEGER.fullmatch(t)]
        if COLUMN_LABEL in texts and numbers:
            return index
        filled = [t for t in texts if t]
        if len(filled) >= 2 and filled == numbers and [int(t) for t in numbers] == list(range(1, len(numbers) + 1)):
            return index
    return None


def find_data_start(rows: list[list[Cell]], column_row: int | None) -> int:
    """Index of the first data row.

    After a 栏次 row where there is one; else the first row (after the first) that
    :func:`is_data_row` accepts; else the row after the last one holding any word (a table
    whose only data row is blank, like an empty 三公 table).
    """
    if column_row is not None:
        return column_row + 1
    texts = [[norm(cell.text) for cell in row] for row in rows]
    labelled = any(is_label_word(t) for t in texts[0] if t) if texts else False
    for index in range(1, len(rows)):
        spanned = [not cell.lines and not text for cell, text in zip(rows[index], texts[index])]
        if is_data_row(texts[index], spanned, labelled):
            return index
        labelled = labelled or any(is_label_word(t) for t in texts[index] if t)
    worded = [i for i, row in enumerate(texts) if any(t and parse_number(t).value is None for t in row)]
    return (worded[-1] + 1) if worded else 0
