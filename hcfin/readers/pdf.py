"""Reader for PDF disclosures (the Shanghai layout and any PDF with ruled tables).

Text comes from pdfium's text layer (pypdfium2), tables from the page's rulings, so a page
costs a few milliseconds and no page is parsed twice. The result is the same model as the
text reader's:

* ``Document.lines`` renders the document page after page, top to bottom: one line per
  visual text line, and one line per table row (its cells separated by tabs). Every
  ``Location`` (line, page) points into it.
* Paragraph blocks are runs of text lines; a sentence wrapped over several lines (also over
  a page break) is joined into one paragraph, located at its first line.
* Table blocks are ruled tables, rows of cells in the seed's convention (see
  :func:`hcfin.readers.pdf_layout.grid_rows`). A table continued on the next page is joined
  to its first part; a repeated header and an empty spill-over row are dropped, each with an
  ``info`` issue.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

from .. import limits
from ..errors import Issue, ParseError
from ..model import Cell, Document, Location, Paragraph, Table
from .pdf_layout import Grid, Line, find_grids, grid_boxes, grid_rows, group_lines, join_text, page_chars, page_edges
from .pdf_scan import scan_pdf

# A line starting like this opens a new paragraph even when it is not indented.
HEADING = re.compile(
    r"^(第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|"
    r"\d+(、|．|\.(?!\d))|注[:：]|说明[:：]|单位[:：])"
)
COLUMN_TOLERANCE = 3.0  # points: a continued table keeps its column boundaries
# Page furniture: a page number ("3", "- 3 -", "第 3 页", "第3页 共12页", "3/12") printed as the
# first or last line of a page, in the top or bottom MARGIN_BAND of its height; and a running
# header or footer: a first (last) line in that band whose text, digits aside, recurs on at
# least RUNNING_PAGES pages. Neither is part of the text: a paragraph or a table carries on across it.
PAGE_NUMBER = re.compile(r"^[-—–－_\s]*(?:第\s*)?\d{1,4}(?:\s*页)?(?:\s*[/／]\s*\d{1,4})?"
                         r"(?:\s*[,，]?\s*共\s*\d{1,4}\s*页)?[-—–－_\s]*$")
MARGIN_BAND = 0.12
RUNNING_PAGES = 3


@dataclass
class _PageTable:
    page: int
    grid: Grid
    rows: list[list[str]]
    boxes: list[list[tuple[float, float, float, float]]] = field(default_factory=list)


@dataclass
class _PageLine:
    page: int
    line: Line
    width: int  # page width in points: margins are shared by pages of one width
    height: float = 0.0  # page height in points
    furniture: bool = False  # a page number, running header or footer (see PAGE_NUMBER)
    left: float = 0.0  # left margin of body text
    right: float = 0.0  # right margin of body text
    gap: float = 0.0  # usual blank space between two lines of one paragraph


def _page_items(raw, pdf, index: int, path: Path | str = "<pdf>") -> tuple[list, int, int]:
    """Text lines and tables of one page, top to bottom; counts of unmapped glyphs and of
    ruled grids without any text.

    Raises:
        LimitExceeded: the page holds more than ``MAX_PAGE_OBJECTS`` objects or ``MAX_PAGE_CHARS``
            characters.
    """
    page = pdf[index]
    try:
        width, height = page.get_size()
        limits.check(path, f"objects on page {index + 1}", raw.FPDFPage_CountObjects(page), "MAX_PAGE_OBJECTS")
        textpage = page.get_textpage()
        try:
            limits.check(path, f"characters on page {index + 1}", raw.FPDFText_CountChars(textpage),
                         "MAX_PAGE_CHARS")
            chars, map_errors = page_chars(raw, textpage, height)
        finally:
            textpage.close()
        grids = find_grids(*page_edges(raw, page, height))
    finally:
        page.close()
    free = []
    for ch in chars:
        for grid in grids:
            if grid.contains(ch.cx, ch.cy):
                grid.chars.setdefault(grid.cell_at(ch.cx, ch.cy), []).append(ch)
                break
        else:
            free.append(ch)
    items: list[tuple[float, object]] = [
        (ln.top, _PageLine(index + 1, ln, round(width), height)) for ln in group_lines(free)]
    items += [(g.ys[0], _PageTable(index + 1, g, grid_rows(g), grid_boxes(g))) for g in grids if g.chars]
    items.sort(key=lambda item: item[0])
    return [item for _, item in items], map_errors, sum(1 for g in grids if not g.chars)


def _mark_furniture(pages: list[list]) -> int:
    """Mark page numbers and running headers and footers (see :data:`PAGE_NUMBER`); returns how many."""
    edges: list[tuple[_PageLine, str]] = []  # (line, "top" or "bottom")
    for items in pages:
        lines = [item for item in items if isinstance(item, _PageLine)]
        if not lines:
            continue
        first, last = lines[0], lines[-1]
        if items[0] is first and first.line.bottom <= MARGIN_BAND * first.height:
            edges.append((first, "top"))
        if items[-1] is last and last.line.top >= (1 - MARGIN_BAND) * last.height and (last, "top") not in edges:
            edges.append((last, "bottom"))
    shapes: dict[tuple[str, str], set[int]] = {}
    for item, where in edges:
        shapes.setdefault((where, re.sub(r"\d+", "#", "".join(item.line.text.split()))), set()).add(item.page)
    count = 0
    for item, where in edges:
        shape = re.sub(r"\d+", "#", "".join(item.line.text.split()))
        if PAGE_NUMBER.match(item.line.text) or len(shapes[(where, shape)]) >= RUNNING_PAGES:
            item.furniture = True
            count += 1
    return count


def _set_margins(pages: list[list]) -> None:
    """Set each line's text margins: per page width (portrait, landscape), over the whole
    document, the left edge most lines start at and the right edge most full lines reach."""
    by_width: dict[int, list[_PageLine]] = {}
    for items in pages:
        for item in items:
            if isinstance(item, _PageLine) and not item.furniture:
                by_width.setdefault(item.width, []).append(item)
    for lines in by_width.values():
        starts = sorted(item.line.x0 for item in lines)
        ends = sorted(item.line.x1 for item in lines)
        left, right = starts[len(starts) // 4], ends[(3 * len(ends)) // 4]
        gaps = sorted(b.line.top - a.line.bottom for a, b in zip(lines, lines[1:])
                      if a.page == b.page and 0 <= b.line.top - a.line.bottom <= 3 * a.line.height)
        gap = gaps[len(gaps) // 2] if gaps else 0.0
        for item in lines:
            item.left, item.right, item.gap = left, right, gap


def _continues(prev: _PageLine, line: _PageLine) -> bool:
    """Whether ``line`` carries on the paragraph whose last line is ``prev``.

    It does when it is not a heading, not indented, not set apart by extra space, and the
    previous line ran (nearly) to the right margin: a line that stops more than four
    characters short ends its paragraph.
    """
    size = prev.line.height
    if HEADING.match(line.line.text):
        return False
    if prev.line.x1 < prev.right - 4 * size:
        return False
    if line.line.x0 > line.left + 0.8 * size:  # indented: a new paragraph starts
        return False
    if line.page == prev.page and line.line.top - prev.line.bottom > prev.gap + 0.6 * size:
        return False
    return abs(line.line.height - size) <= 0.5 * size


def _same_columns(a: Grid, b: Grid) -> bool:
    return len(a.xs) == len(b.xs) and all(abs(x - y) <= COLUMN_TOLERANCE for x, y in zip(a.xs, b.xs))


def _drop_repeats(first: list[list[str]], more: list[list[str]]) -> tuple[int, int]:
    """How many leading rows of a continuation are an empty spill-over row and a repeated header."""
    start = 1 if more and not any(more[0]) else 0
    repeated = 0
    while (start + repeated < len(more) and repeated < len(first)
           and any(more[start + repeated]) and more[start + repeated] == first[repeated]):
        repeated += 1
    return start, repeated


class _Builder:
    """Assembles blocks, rendering lines and issues, page after page."""

    def __init__(self) -> None:
        self.lines: list[str] = []
        self.blocks: list = []
        self.issues: list[Issue] = []
        self.last_line: _PageLine | None = None  # last line of the open paragraph
        self.last_table: _PageTable | None = None  # the table just emitted, if nothing followed
        self.para_parts: list[str] = []
        self.places: dict[int, Location] = {}  # line -> page and printed box

    def _emit(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def _close_paragraph(self) -> None:
        if self.para_parts:
            self.blocks[-1].text = join_text(self.para_parts)
        self.para_parts = []
        self.last_line = None

    def add_line(self, item: _PageLine) -> None:
        number = self._emit(item.line.text)
        ln = item.line
        self.places[number] = Location(number, item.page, (ln.x0, ln.top, ln.x1, ln.bottom))
        if item.furniture:  # a page number or running header: rendered, but not part of the text
            return
        self.last_table = None
        if self.last_line is not None and _continues(self.last_line, item):
            self.para_parts.append(item.line.text)
            self.last_line = item
            return
        self._close_paragraph()
        self.blocks.append(Paragraph(item.line.text, Location(number, item.page)))
        self.para_parts = [item.line.text]
        self.last_line = item

    def add_table(self, item: _PageTable, first_on_page: bool) -> None:
        self._close_paragraph()
        rows, boxes = item.rows, item.boxes or [[] for _ in item.rows]
        joined = (first_on_page and self.last_table is not None
                  and self.last_table.page == item.page - 1
                  and _same_columns(self.last_table.grid, item.grid))
        if joined:
            table = self.blocks[-1]
            spill, repeated = _drop_repeats([[c.text for c in r] for r in table.rows], rows)
            if spill:
                self.issues.append(Issue("info", "pdf_spill_row_dropped",
                                         "续表首行为上页末行的空白延续，已略去（不含任何文字）", page=item.page))
            if repeated:  # one note per page, at the line where the table goes on
                resumes = len(self.lines) + 1 if len(rows) > spill + repeated else None
                self.issues.append(Issue("info", "pdf_repeated_header_dropped",
                                         f"第{item.page}页续表开头重复的表头{repeated}行已略去"
                                         + (f"，表格从第{resumes}行接续" if resumes else ""),
                                         line=resumes, page=item.page, text=" | ".join(rows[spill])))
            rows, boxes = rows[spill + repeated:], boxes[spill + repeated:]
        cells_rows = []
        for row, row_boxes in zip(rows, boxes):
            number = self._emit("\t".join(row))
            cells_rows.append([Cell(text, Location(number, item.page, row_boxes[i] if i < len(row_boxes) else None),
                                    (number,)) for i, text in enumerate(row)])
            if row_boxes:
                self.places[number] = Location(number, item.page, (
                    min(b[0] for b in row_boxes), min(b[1] for b in row_boxes),
                    max(b[2] for b in row_boxes), max(b[3] for b in row_boxes)))
        if joined:
            table.rows.extend(cells_rows)
            if cells_rows:
                table.end_line = len(self.lines)
            self.issues.append(Issue("info", "pdf_table_continued",
                                     f"表格跨页续表（第{item.page - 1}页至第{item.page}页），已合并为一张表",
                                     line=table.line, page=item.page))
        elif cells_rows:
            self.blocks.append(Table(rows=cells_rows, loc=cells_rows[0][0].loc, end_line=len(self.lines)))
        self.last_table = item

    def finish(self) -> None:
        self._close_paragraph()


def read_pdf(path: Path, data: bytes, sha256: str) -> Document:
    """Read a PDF disclosure into a Document (text lines, paragraphs and ruled tables).

    Raises:
        ParseError: the bytes are not a readable PDF, or it has no text layer (a scan).
    """
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError:  # pragma: no cover - depends on the installation
        raise ParseError(path, "reading PDF needs pypdfium2: pip install 'hcfin[pdf]'") from None
    damage = scan_pdf(path, data)
    try:
        pdf = pdfium.PdfDocument(data)
    except pdfium.PdfiumError as exc:
        if "PDFium: Success" in str(exc):  # PDFium gives no reason: an empty or missing page tree
            raise ParseError(path, "PDF has no pages (its page tree is empty or missing); "
                                   "expected a 部门决算 disclosure") from None
        raise ParseError(path, f"not a readable PDF ({exc})") from None
    builder = _Builder()
    builder.issues += damage
    try:
        n_pages = len(pdf)
        if n_pages == 0:
            raise ParseError(path, "PDF has no pages; expected a 部门决算 disclosure")
        limits.check(path, "number of pages", n_pages, "MAX_PDF_PAGES")
        pages = []
        chars = 0
        for index in range(n_pages):
            items, map_errors, empty_grids = _page_items(raw, pdf, index, path)
            chars += sum(len(item.line.text) if isinstance(item, _PageLine) else sum(map(len, sum(item.rows, [])))
                         for item in items)
            limits.check(path, f"characters of text up to page {index + 1}", chars, "MAX_PDF_CHARS")
            pages.append(items)
            if map_errors:
                builder.issues.append(Issue("warning", "pdf_unmapped_glyphs",
                                            f"第{index + 1}页有 {map_errors} 个字符缺少可靠的 Unicode 映射，文字可能有误",
                                            page=index + 1))
            if empty_grids:
                builder.issues.append(Issue("info", "pdf_empty_grid",
                                            f"第{index + 1}页有 {empty_grids} 个不含任何文字的表格框线（如跨页表格的空白延续行），已略去",
                                            page=index + 1))
    finally:
        pdf.close()
    furniture = _mark_furniture(pages)
    if furniture:
        builder.issues.append(Issue("info", "pdf_page_furniture",
                                    f"{furniture}行页码、页眉或页脚未作为正文读取（段落和表格跨过它们续接）"))
    _set_margins(pages)
    for items in pages:
        body = [item for item in items if not (isinstance(item, _PageLine) and item.furniture)]
        for item in items:
            if isinstance(item, _PageTable):
                builder.add_table(item, first_on_page=item is body[0])
            else:
                builder.add_line(item)
        if not body:
            builder.last_line = None
            builder.last_table = None
    builder.finish()
    if not builder.blocks:
        raise ParseError(path, f"PDF has no text layer on any of its {n_pages} pages (a scan?); "
                               "expected a 部门决算 disclosure with selectable text")
    return Document(path=path, sha256=sha256, format="pdf", blocks=builder.blocks,
                    lines=builder.lines, issues=builder.issues, places=builder.places)
