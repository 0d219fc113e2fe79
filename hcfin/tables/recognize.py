"""Recognise the nine standard tables by their title words.

Tables are identified by what their titles say, never by their 公开0X number, their
position or their 行次: provinces number and order them differently (DOMAIN.md §1).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import Issue
from ..model import Document, Paragraph, Table

# Checked in this order: the first rule whose words all appear in the title wins.
TITLE_RULES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("T09", ("三公",)),
    ("T07", ("政府性基金",)),
    ("T08", ("国有资本经营",)),
    ("T06", ("基本支出",)),
    ("T05", ("一般公共预算", "支出")),
    ("T04", ("财政拨款收入支出",)),
    ("T01", ("收入支出决算总表",)),
    ("T01", ("收支决算总表",)),
    ("T02", ("收入决算表",)),
    ("T03", ("支出决算表",)),
)
NUMBER_CAPTION = re.compile(r"公开\s*0?\d+\s*表")
UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|千元|亿元|元)")
DEPARTMENT = re.compile(r"(?:部门|单位名称|编制单位)\s*[:：]\s*([^\t\u3000 ]+)")
EMPTY_STATEMENT = re.compile(r"本表无数据|无此项|此表为空|本表为空表|没有.{0,30}(收入|支出).{0,20}故本表")
NOTE = re.compile(r"^\s*(注|说明|备注|\d+[.．、])")
# A line that introduces the statement below it ("…的，仍保留该表格式，并在本表下方作下述说明："):
# it belongs to the notes, so the 本表无数据 statement after it is still found.
LEAD_IN = re.compile(r"[:：]\s*$")
# "第二部分上海市普陀区财政局2024年度部门决算表": the unit name in a part heading or the cover.
PART_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?\s*(?P<unit>[^，。；：:]{2,40}?)\s*"
                          r"(?P<year>20\d{2})\s*年度?\s*部门决算(?:表|情况说明|情况)?$")
COVER = re.compile(r"^(?P<unit>[^，。；：:]{2,40}?)20\d{2}年度?部门决算")
COVER_PARAGRAPHS = 5
SENTENCE_PUNCTUATION = re.compile(r"[，。；！？]")
# A grid belongs to the title above it only if at most this many paragraphs (captions, the
# unit line, the department line) stand between them; a title farther away is a mention
# (a table of contents entry), not the table's caption.
MAX_TITLE_GAP = 6
# This many titles in a row with no grid between them are a table of contents.
TOC_RUN = 3


def classify_title(text: str) -> str | None:
    """Return the canonical table id a title names, or None if the text is not a table title."""
    title = "".join(NUMBER_CAPTION.sub("", text).split())
    title = re.sub(r"[（(]?\d{4}年度?[）)]?", "", title)
    if not title or len(title) > 60 or SENTENCE_PUNCTUATION.search(title):
        return None
    if not title.rstrip("）)").endswith("表") or "决算" not in title:
        return None
    for table_id, words in TITLE_RULES:
        if all(word in title for word in words):
            return table_id
    return None


@dataclass
class TableRegion:
    """One recognised table: its grid and the paragraphs around it."""

    table_id: str
    title: str
    title_line: int
    grid: Table
    number_printed: str | None = None
    currency_unit: str | None = None
    department: str | None = None
    notes: list[Paragraph] = field(default_factory=list)
    empty_statement: Paragraph | None = None


def find_tables(document: Document) -> tuple[list[TableRegion], list[Issue]]:
    """Pair every table grid with the title, captions and notes printed around it.

    Returns:
        The regions in document order and the issues met (a grid with no title,
        a title with no grid, a table found twice).
    """
    issues: list[Issue] = []
    regions: list[TableRegion] = []
    pending: list[Paragraph] = []  # paragraphs since the last grid
    title: tuple[str, Paragraph] | None = None
    unclaimed: list[tuple[str, Paragraph]] = []  # titles in a row that no grid followed
    collecting_notes = False

    def flush_unclaimed() -> None:
        if len(unclaimed) >= TOC_RUN:
            first, last = unclaimed[0][1], unclaimed[-1][1]
            issues.append(Issue("info", "table_of_contents",
                                f"第{first.line}–{last.line}行有{len(unclaimed)}个表题，其间没有表格，"
                                f"按目录处理", line=first.line, page=first.loc.page))
        else:
            for table_id, paragraph in unclaimed:
                issues.append(Issue("error", "table_without_grid",
                                    f"表题“{paragraph.text}”之后没有表格",
                                    line=paragraph.line, page=paragraph.loc.page, table=table_id))
        unclaimed.clear()

    for block in document.blocks:
        if isinstance(block, Paragraph):
            table_id = classify_title(block.text)
            if table_id:
                if title is not None:
                    unclaimed.append(title)
                title = (table_id, block)
                pending = [block]
            elif title is None and regions and collecting_notes and (NOTE.match(block.text)
                                                                     or LEAD_IN.search(block.text)):
                regions[-1].notes.append(block)
                if EMPTY_STATEMENT.search(block.text) and regions[-1].empty_statement is None:
                    regions[-1].empty_statement = block
            else:
                collecting_notes = False
                pending.append(block)
            continue
        if title is not None and len(pending) - 1 > MAX_TITLE_GAP:
            unclaimed.append(title)
            title = None
        flush_unclaimed()
        if title is None:
            if regions and regions[-1].grid.end_line < block.line:
                previous = regions[-1]
                repeated = _repeated_header(previous.grid.rows, block.rows)
                if repeated:
                    issues.append(Issue("info", "header_repeated",
                                        f"第{block.line}行起的续表重复印出表头{repeated}行，已略去",
                                        line=block.line, page=block.loc.page, table=previous.table_id))
                previous.grid.rows.extend(block.rows[repeated:])
                previous.grid.end_line = block.end_line
                issues.append(Issue("info", "table_continued",
                                    f"第{block.line}行的表格没有自己的表题，"
                                    f"按{previous.table_id}（{previous.title}）的续表读取",
                                    line=block.line, page=block.loc.page, table=previous.table_id))
            else:
                issues.append(Issue("warning", "grid_without_title",
                                    "表格之前没有可识别的表题，其单元格未读取",
                                    line=block.line, page=block.loc.page))
            continue
        table_id, title_paragraph = title
        region = TableRegion(table_id, title_paragraph.text, title_paragraph.line, block)
        for paragraph in pending:
            _read_caption(region, paragraph.text)
        regions.append(region)
        title, pending, collecting_notes = None, [], True
    flush_unclaimed()
    if title is not None:
        issues.append(Issue("error", "table_without_grid",
                            f"表题“{title[1].text}”之后没有表格（文件可能不完整）",
                            line=title[1].line, page=title[1].loc.page, table=title[0]))
    seen: dict[str, TableRegion] = {}
    unique: list[TableRegion] = []
    for region in regions:
        if region.table_id in seen:
            issues.append(Issue("error", "duplicate_table",
                                f"{region.table_id}出现两次（第{seen[region.table_id].title_line}行和"
                                f"第{region.title_line}行），第二次出现的未读取",
                                line=region.title_line, table=region.table_id))
            continue
        seen[region.table_id] = region
        unique.append(region)
    return unique, issues


def _repeated_header(first: list, more: list) -> int:
    """How many leading rows of a continuation repeat the first rows of its table, word for word
    (rows with a number in them are data, never a repeated header)."""
    def words(row) -> list[str]:
        return ["".join(cell.text.split()) for cell in row]

    count = 0
    while count < min(len(first), len(more) - 1) and words(more[count]) == words(first[count]) \
            and any(words(more[count])) and not any(ch.isdigit() and "." in t for t in words(more[count]) for ch in t):
        count += 1
    return count


def _read_caption(region: TableRegion, text: str) -> None:
    number = NUMBER_CAPTION.search(text)
    if number and region.number_printed is None:
        region.number_printed = "".join(number.group(0).split())
    unit = UNIT.search(text)
    if unit and region.currency_unit is None:
        region.currency_unit = unit.group(1)
    department = DEPARTMENT.search(text)
    if department and region.department is None:
        region.department = department.group(1)


def unit_from_headings(document: Document) -> str | None:
    """The unit's name where no "部门：…" line gives it: the most common name in the part
    headings ("第二部分XX2024年度部门决算表", "XX2024年度部门决算表"), else the cover: the
    text on the first page before "2024年度部门决算" (which may be split over lines)."""
    names = Counter()
    for paragraph in document.paragraphs:
        match = PART_HEADING.match("".join(paragraph.text.split()))
        if match:
            names[match.group("unit")] += 1
    if names:
        return names.most_common(1)[0][0]
    first_page = [p for p in document.paragraphs[:COVER_PARAGRAPHS] if p.loc.page in (None, 1)]
    match = COVER.match("".join("".join(p.text.split()) for p in first_page))
    return match.group("unit") if match else None
