"""Recognise the nine standard tables by their title words, among the other tables of a document.

Tables are identified by what their titles say (:mod:`.titles`), never by their 公开0X number,
their position or their 行次: provinces number, word and order them differently and print tables
beyond the nine among them (DOMAIN.md §1, docs/province-tables.md). A grid is paired with the title
above it or printed in its own first rows; captions (公开0X表, 单位：万元, 部门：…) and notes (注：…,
本表无数据) are read around it and inside it.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field

from ..errors import Issue
from ..model import Cell, Document, Paragraph, Table
from ..numbers import parse_number
from .layout import is_label_word, norm
from .titles import TitleReading, classify_title, read_title

__all__ = ["TableRegion", "classify_title", "find_tables", "split_captions", "unit_from_headings"]

NUMBER_CAPTION = re.compile(r"公开\s*0?\d+\s*表")
UNIT = re.compile(r"(?:金额)?单位\s*[:：]\s*(万元|千元|亿元|元)")
DEPARTMENT = re.compile(r"(?:部门|单位名称|编制单位|单位)\s*[:：]\s*([^\t\u3000 :：]+)")
# How documents say a table is empty: 本表无数据, 故本表为空表, 此表为空, 本表以空表列示, 无此项支出,
# 没有…收入，也没有…支出, 本单位无…收支, 不涉及…
EMPTY_STATEMENT = re.compile(r"本表无数据|无此项|(?:本|此|该)表(?:为|是|以)?空|空表|表内无数据|不涉及"
                             r"|没有.{0,40}(?:收入|支出|收支|经费|数据)|无.{0,40}(?:收入|支出|收支|经费).{0,30}(?:故|因此|所以)"
                             r"|(?:本|我|该)(?:单位|部门).{0,30}(?:无|未发生|未安排).{0,40}(?:收入|支出|收支|经费|资金)")
NOTE = re.compile(r"^\s*(注|说明|备注|\d+[.．、])")
# A note printed in the last rows of a grid (a row label "1.工资福利支出" is no note there).
GRID_NOTE = re.compile(r"^\s*(?:注|说明|备注)\s*(?:\d|[:：.．、])")
# A line that introduces the statement below it ("…的，仍保留该表格式，并在本表下方作下述说明："):
# it belongs to the notes, so the 本表无数据 statement after it is still found.
LEAD_IN = re.compile(r"[:：]\s*$")
# "第二部分上海市普陀区财政局2024年度部门决算表": the unit name in a part heading or the cover.
PART_HEADING = re.compile(r"^(?:第[一二三四五六七八九十]+部分)?\s*(?P<unit>[^，。；：:]{2,40}?)\s*"
                          r"(?P<year>20\d{2})\s*年度?\s*部门决算(?:表|情况说明|情况)?$")
COVER = re.compile(r"^(?P<unit>[^，。；：:]{2,40}?)20\d{2}年度?部门决算")
COVER_PARAGRAPHS = 5
HEADER_UNIT = re.compile(r"(?:[（(]|单位\s*[:：])\s*(?:(?:金额)?单位\s*[:：]\s*)?(万元|千元|亿元|元)(?![\u4e00-\u9fff])")
YEAR_ONLY = re.compile(r"^[（(]?\d{4}\s*年度?[）)]?$")
# A grid belongs to the title above it only if at most this many paragraphs (captions, the
# unit line, the department line) stand between them; a title farther away is a mention
# (a table of contents entry), not the table's caption.
MAX_TITLE_GAP = 6
# A title wrapped over two lines: its first line is at most this long.
WRAP_CHARS = 40
# This many titles in a row with no grid between them are a table of contents.
TOC_RUN = 3


@dataclass
class TableRegion:
    """One recognised table: its grid and the paragraphs around it.

    ``table_id`` is None for a table beyond the nine (its grid is not read); ``rank`` says how
    closely the title follows the national wording (:mod:`.titles`)."""

    table_id: str | None
    title: str
    title_line: int
    grid: Table
    number_printed: str | None = None
    currency_unit: str | None = None
    department: str | None = None
    notes: list[Paragraph] = field(default_factory=list)
    empty_statement: Paragraph | None = None
    rank: int = 1
    core: str = ""


def find_tables(document: Document) -> tuple[list[TableRegion], list[Issue]]:
    """Pair every table grid with the title, captions and notes printed around it.

    A title may stand above the grid or in the grid's first rows (a web page or workbook that
    keeps 公开01表 and 单位：万元 inside the table). A table beyond the nine (a 项目支出决算表, a
    政府采购情况表 …) is recognised too, so its grid is never read as the continuation of the table
    before it; it is reported in an ``extra_table`` note and not read.

    Returns:
        The regions of the nine tables in document order and the issues met (a grid with no
        title, a title with no grid, a table found twice, a table beyond the nine).
    """
    issues: list[Issue] = []
    regions: list[TableRegion] = []  # every titled grid, the nine and the others
    pending: list[Paragraph] = []  # paragraphs since the last grid
    title: tuple[TitleReading, Paragraph] | None = None
    unclaimed: list[tuple[TitleReading, Paragraph]] = []  # titles in a row that no grid followed
    collecting_notes = False

    def flush_unclaimed() -> None:
        if len(unclaimed) >= TOC_RUN:
            first, last = unclaimed[0][1], unclaimed[-1][1]
            issues.append(Issue("info", "table_of_contents",
                                f"第{first.line}–{last.line}行有{len(unclaimed)}个表题，其间没有表格，"
                                f"按目录处理", line=first.line, page=first.loc.page))
        else:
            for reading, paragraph in unclaimed:
                if reading.table_id:
                    issues.append(Issue("error", "table_without_grid",
                                        f"表题“{paragraph.text}”之后没有表格",
                                        line=paragraph.line, page=paragraph.loc.page, table=reading.table_id))
        unclaimed.clear()

    previous: Paragraph | None = None  # the paragraph just before, when it was no title
    for block in _split_at_titles(document.blocks):
        if isinstance(block, Paragraph):
            reading = read_title(block.text)
            if not reading and previous is not None and "表" in block.text and len(previous.text) <= WRAP_CHARS:
                # a title wrapped over two lines ("一般公共预算财政拨款基本支出决算" / "明细表")
                reading = read_title(previous.text + block.text)
                if reading:
                    block = Paragraph(previous.text + block.text, previous.loc)
                    if pending and pending[-1] is previous:
                        pending.pop()
            previous = None if reading else block
            if reading:
                if title is not None:
                    unclaimed.append(title)
                title = (reading, block)
                pending = [block]
            elif title is None and regions and collecting_notes and (NOTE.match(block.text)
                                                                     or LEAD_IN.search(block.text)
                                                                     or EMPTY_STATEMENT.search(block.text)):
                _add_note(regions[-1], block)
            else:
                collecting_notes = False
                pending.append(block)
            continue
        previous = None
        if title is not None and len(pending) - 1 > MAX_TITLE_GAP:
            unclaimed.append(title)
            title = None
        captions, block, notes = split_captions(block)
        inner = next(((read_title(c.text), c) for c in captions if read_title(c.text)), None)
        if inner is not None and (title is None or title[0].core != inner[0].core):
            # the title printed in the grid names it, whatever paragraph title came before (the
            # last line of a table of contents, say)
            if title is not None:
                unclaimed.append(title)
            title = (inner[0], Paragraph(inner[1].text, inner[1].loc))
            pending = [title[1]]
        flush_unclaimed()
        if title is not None and title[0].continued and regions and regions[-1].core == title[0].core:
            title = None  # "支出决算表（续表）": the rest of the table above
        if title is None:
            if regions and regions[-1].grid.end_line < block.line and not _own_header(block, regions[-1].grid):
                _continue(regions[-1], block, issues)
                for note in notes:
                    _add_note(regions[-1], note)
            else:
                issues.append(Issue("warning", "grid_without_title",
                                    "表格之前没有可识别的表题，其单元格未读取",
                                    line=block.line, page=block.loc.page))
            collecting_notes = bool(regions)
            continue
        reading, title_paragraph = title
        region = TableRegion(reading.table_id, title_paragraph.text, title_paragraph.line, block,
                             rank=reading.rank, core=reading.core)
        for paragraph in pending + captions:
            _read_caption(region, paragraph.text)
            if paragraph is not title_paragraph and EMPTY_STATEMENT.search(paragraph.text) \
                    and region.empty_statement is None:
                region.empty_statement = paragraph
        for note in notes:
            _add_note(region, note)
        if region.currency_unit is None:  # "决算数（万元）" in the header instead of a unit line
            region.currency_unit = next((m.group(1) for row in block.rows[:4] for cell in row
                                         for m in [HEADER_UNIT.search(cell.text)] if m), None)
        regions.append(region)
        title, pending, collecting_notes = None, [], True
    flush_unclaimed()
    if title is not None and title[0].table_id:
        issues.append(Issue("error", "table_without_grid",
                            f"表题“{title[1].text}”之后没有表格（文件可能不完整）",
                            line=title[1].line, page=title[1].loc.page, table=title[0].table_id))
    nine = _choose(regions, issues)
    _statements_elsewhere(document, nine)
    return nine, issues


def _add_note(region: TableRegion, paragraph: Paragraph) -> None:
    region.notes.append(paragraph)
    if EMPTY_STATEMENT.search(paragraph.text) and region.empty_statement is None:
        region.empty_statement = paragraph


def _continue(previous: TableRegion, block: Table, issues: list[Issue]) -> None:
    """A grid without a title of its own: the rest of the table before it (across a page)."""
    previous.grid.rows.extend(block.rows)
    previous.grid.end_line = block.end_line
    if previous.table_id:
        issues.append(Issue("info", "table_continued",
                            f"第{block.line}行的表格没有自己的表题，"
                            f"按{previous.table_id}（{previous.title}）的续表读取",
                            line=block.line, page=block.loc.page, table=previous.table_id))


HEADER_WORDS = frozenset({"收入", "支出", "决算数", "预算数", "金额", "本年收入", "本年支出"})


def _own_header(grid: Table, before: Table) -> bool:
    """A grid without a title that opens with a header of its own (项目 …, 科目编码 …) other than the
    header of the table before it: another table, not the rest of that one across a page."""
    first = [norm(cell.text) for cell in grid.rows[0] if cell.text.strip()] if grid.rows else []
    if not first or any(parse_number(t).value is not None for t in first):
        return False
    if not any(is_label_word(t) or t in HEADER_WORDS or "科目" in t for t in first):
        return False
    return first != [norm(cell.text) for cell in before.rows[0] if cell.text.strip()]


def _choose(regions: list[TableRegion], issues: list[Issue]) -> list[TableRegion]:
    """The nine tables: for each id the region whose title reads best; the rest are beyond the nine."""
    best: dict[str, TableRegion] = {}
    for region in regions:
        if region.table_id is None:
            continue
        held = best.get(region.table_id)
        if held is None or region.rank < held.rank:
            best[region.table_id] = region
    chosen = {id(region) for region in best.values()}
    for region in regions:
        if id(region) in chosen:
            continue
        held = best.get(region.table_id) if region.table_id else None
        if held is not None and held.core == region.core:
            issues.append(Issue("error", "duplicate_table",
                                f"{region.table_id}出现两次（第{held.title_line}行和第{region.title_line}行），"
                                f"第{region.title_line}行的未读取", line=region.title_line, table=region.table_id))
            continue
        beside = f"，与{held.table_id}（第{held.title_line}行“{held.title}”）不是同一张表" if held else ""
        issues.append(Issue("info", "extra_table",
                            f"第{region.title_line}行的“{region.title}”不是九张公开表之一{beside}，其表格"
                            f"（第{region.grid.line}–{region.grid.end_line}行）未读取",
                            line=region.title_line, page=region.grid.loc.page))
    return [region for region in regions if id(region) in chosen]


def _split_at_titles(blocks: list) -> list:
    """The blocks with every grid cut where a row holds a table's title (two tables printed with no
    line between them, as a text export of a workbook does): each title starts a grid of its own."""
    out = []
    for block in blocks:
        if isinstance(block, Paragraph):
            out.append(block)
            continue
        # (a title row prints its title first; most rows are rejected by that cheap test)
        cuts = [r for r, row in enumerate(block.rows) if r and "表" in row[0].text
                and _is_caption_row(row) and any(read_title(cell.text) for cell in row)]
        if not cuts:
            out.append(block)
            continue
        for start, stop in zip([0] + cuts, cuts + [len(block.rows)]):
            rows = block.rows[start:stop]
            loc = block.loc if not start else rows[0][0].loc
            end = block.end_line if stop == len(block.rows) else max(c.line for c in block.rows[stop - 1])
            out.append(Table(rows=rows, loc=loc, end_line=end))
    return out


def split_captions(grid: Table) -> tuple[list[Cell], Table, list[Paragraph]]:
    """The caption rows a grid holds (title, 公开01表, 单位：万元, the year) at its top, the grid
    without them, and the note rows (注：…, 本表无数据) at its bottom as paragraphs.

    A web page or a workbook often keeps these inside the table; they are no header rows."""
    rows = grid.rows
    top = 0
    captions: list[Cell] = []
    while top < len(rows) - 1 and _is_caption_row(rows[top]):
        captions += [cell for cell in rows[top] if cell.text.strip()]
        top += 1
    bottom = len(rows)
    notes: list[Paragraph] = []
    while bottom > top + 1 and _is_note_row(rows[bottom - 1]):
        cell = next(cell for cell in rows[bottom - 1] if cell.text.strip())
        notes.insert(0, Paragraph(cell.text.strip(), cell.loc))
        bottom -= 1
    if not top and bottom == len(rows):
        return captions, grid, notes
    return captions, Table(rows=rows[top:bottom], loc=grid.loc, end_line=grid.end_line), notes


def _is_caption_row(row: list[Cell]) -> bool:
    texts = [cell.text.strip() for cell in row if cell.text.strip()]
    return bool(texts) and all(NUMBER_CAPTION.fullmatch("".join(t.split())) or UNIT.search(t)
                               or DEPARTMENT.match(t) or YEAR_ONLY.match(t) or read_title(t) for t in texts)


def _is_note_row(row: list[Cell]) -> bool:
    texts = [cell.text.strip() for cell in row if cell.text.strip()]
    return len(texts) == 1 and (GRID_NOTE.match(texts[0]) or EMPTY_STATEMENT.search(texts[0])) is not None


FUND_WORDS = {"T07": "政府性基金", "T08": "国有资本", "T09": "三公"}


def _statements_elsewhere(document: Document, regions: list[TableRegion]) -> None:
    """An empty-table statement printed away from its table (in the 情况说明, or once under two
    tables) that names the table by its title, its printed number or its fund ("故《政府性基金预算
    财政拨款收入支出决算表》为空表", "本单位无政府性基金及国有资本经营预算财政拨款收支，故两表为空")."""
    if all(r.empty_statement is not None for r in regions):
        return
    for paragraph in document.paragraphs:
        if "表" not in paragraph.text or not EMPTY_STATEMENT.search(paragraph.text):
            continue
        text = "".join(paragraph.text.split())
        named = [r for r in regions if (r.core and r.core in text)
                 or (r.number_printed and r.number_printed in text)]
        # "支出决算表" is named inside "…收入支出决算表": only the longest title named counts
        named = [r for r in named if not any(r.core != o.core and r.core in o.core for o in named)]
        # "本单位无政府性基金及国有资本经营预算财政拨款收支，故以上两表为空表": the fund tables it names
        named += [r for r in regions if r.table_id in FUND_WORDS and FUND_WORDS[r.table_id] in text]
        for region in named:
            if region.empty_statement is None:
                region.empty_statement = paragraph


def _read_caption(region: TableRegion, text: str) -> None:
    number = NUMBER_CAPTION.search(text)
    if number and region.number_printed is None:
        region.number_printed = "".join(number.group(0).split())
    unit = UNIT.search(text)
    if unit and region.currency_unit is None:
        region.currency_unit = unit.group(1)
    if region.department is None:
        region.department = next((m.group(1) for m in DEPARTMENT.finditer(text) if not UNIT.match(m.group(0))),
                                 None)


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
