"""Write a Document (as read from the seed text) to HTML, DOCX and XLSX, the way publishers do.

Used by the round-trip tests. The seed's text was exported from a Word table: a cell merged
across columns appears once (so its row is short), a cell merged down appears as blank cells
below. The writers put the column spans back, as read off the seed's headers (``SPANS``; a
short row not listed there has its first cell, the label, spanning the code and name
columns), so every reader meets real merged cells. The garbled 39909 rows of 公开06表 (a cell
that spilled into fragment rows in the export) are written as the short rows they are
(``RAGGED``). A cell the text printed over several lines is written over several lines
(``<br>``, paragraphs in the Word cell, a line break in the Excel cell).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from hcfin.model import Cell, Document, Table

NUMBER = re.compile(r"^-?(0|[1-9]\d{0,14})(\.\d+)?$")


# (table index, row index) -> column span of each cell, read off the seed's header layout.
SPANS = {
    (0, 0): [3, 3],                      # 公开01表: 收入 | 支出 over 项目/行次/决算数
    (3, 0): [3, 6],                      # 公开04表: 收入 | 支出 (合计 + three fund columns)
    (4, 0): [2, 3],                      # 公开05表: 项目 | 本年支出 (小计/基本/项目)
    (5, 34): [2, 1, 5, 1],               # 公开06表 footer: 人员经费合计 | 公用经费合计
    (6, 0): [2, 1, 1, 3, 1],             # 公开07表: 项目, 年初, 本年收入, 本年支出 (3), 年末
    (7, 0): [2, 3],                      # 公开08表: 项目 | 本年支出
    (8, 0): [6, 6],                      # 公开09表: 预算数 | 决算数
    (8, 1): [1, 1, 3, 1, 1, 1, 3, 1],    # 公开09表: 合计, 出国, 公务用车 (3), 接待 twice
}
# Rows written short, with no span: the fragments of 公开06表's garbled 39909/39910 cell.
RAGGED = {(5, 24), (5, 25), (5, 26), (5, 27), (5, 28), (5, 29)}


def table_width(table: Table) -> int:
    return max(len(row) for row in table.rows)


def spans(table_index: int, row_index: int, row: list, width: int) -> list[int]:
    """Column span of each cell of a row (see ``SPANS``; a ``RAGGED`` row stays short)."""
    if (table_index, row_index) in RAGGED:
        return [1] * len(row)
    found = SPANS.get((table_index, row_index))
    if found is None:
        found = [width - len(row) + 1] + [1] * (len(row) - 1)
    assert len(found) == len(row) and sum(found) == width, (table_index, row_index)
    return found


def expanded_grid(table: Table, table_index: int) -> list[list[str]]:
    """Cell texts with each spanned position blank, as the readers expand merges."""
    width = table_width(table)
    grid = []
    for r, row in enumerate(table.rows):
        texts = []
        for cell, span in zip(row, spans(table_index, r, row, width)):
            texts += [cell.text] + [""] * (span - 1)
        grid.append(texts)
    return grid


def pieces(doc: Document, cell: Cell) -> list[str]:
    """The printed lines of a cell (one piece unless the text wrapped it)."""
    parts = [doc.lines[line - 1].strip() for line in cell.lines]
    return parts if len(parts) > 1 and "".join(parts) == cell.text else [cell.text]


def _html_text(text: str) -> str:
    # Spaces must survive a browser: write them as &nbsp;. A tab cannot: it shows as a space.
    return html.escape(text).replace(" ", "&nbsp;").replace("\t", " ")


def write_html(doc: Document, path: Path, encoding: str = "utf-8", layout: bool = False) -> Path:
    """An article page; ``layout`` wraps it in a one-column layout table, as old portals do."""
    out = [f'<html><head><meta http-equiv="Content-Type" content="text/html; charset={encoding}">',
           "<title>部门决算</title></head><body>"]
    if layout:
        out.append('<table width="900"><tr><td class="article">')
    for block in doc.blocks:
        if isinstance(block, Table):
            index = doc.tables.index(block)
            width = table_width(block)
            out.append('<table border="1" cellspacing="0">')
            for r, row in enumerate(block.rows):
                cells = []
                for cell, span in zip(row, spans(index, r, row, width)):
                    attr = f' colspan="{span}"' if span > 1 else ""
                    text = "<br>\n".join(_html_text(piece) for piece in pieces(doc, cell))
                    cells.append(f"<td{attr}>{text}</td>")
                out.append("<tr>" + "".join(cells) + "</tr>")
            out.append("</table>")
        else:
            out.append(f"<p>{_html_text(block.text)}</p>")
    if layout:
        out.append("</td></tr></table>")
    out.append("</body></html>")
    path.write_bytes("\n".join(out).encode(encoding))
    return path


def write_docx(doc: Document, path: Path) -> Path:
    """A Word file with python-docx: paragraphs and tables in order."""
    import docx

    word = docx.Document()
    for block in doc.blocks:
        if not isinstance(block, Table):
            word.add_paragraph(block.text)
            continue
        index = doc.tables.index(block)
        width = table_width(block)
        table = word.add_table(rows=len(block.rows), cols=width)
        for r, (source, row) in enumerate(zip(block.rows, table.rows)):
            cells = row.cells
            targets, column = [], 0
            for span in spans(index, r, source, width):
                if span > 1:
                    cells[column].merge(cells[column + span - 1])
                targets.append(cells[column])
                column += span
            for cell, target in zip(source, targets):
                parts = pieces(doc, cell)
                target.text = parts[0]
                for part in parts[1:]:
                    target.add_paragraph(part)
            if column < width:  # a short row: Word's w:gridAfter leaves the rest of the grid empty
                _shorten(row, column, width)
    word.save(path)
    return path


def _shorten(row, kept: int, width: int) -> None:
    from docx.oxml.ns import qn
    from docx.oxml import OxmlElement

    for tc in row._tr.tc_lst[kept:]:
        row._tr.remove(tc)
    tr_pr = row._tr.get_or_add_trPr()
    grid_after = OxmlElement("w:gridAfter")
    grid_after.set(qn("w:val"), str(width - kept))
    tr_pr.append(grid_after)


def write_xlsx(doc: Document, path: Path) -> Path:
    """One sheet, blocks one under another; table cells bordered, numbers as numbers."""
    import openpyxl
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "部门决算"
    r = 1
    for block in doc.blocks:
        if not isinstance(block, Table):
            sheet.cell(r, 1).value = block.text
            sheet.cell(r, 1).data_type = "s"
            r += 1
            continue
        index = doc.tables.index(block)
        width = table_width(block)
        for row_index, source in enumerate(block.rows):
            drawn = len(source) if (index, row_index) in RAGGED else width
            for c in range(1, drawn + 1):
                sheet.cell(r, c).border = border
            column = 1
            for cell, span in zip(source, spans(index, row_index, source, width)):
                c, column = column, column + span
                if span > 1:
                    sheet.merge_cells(start_row=r, start_column=c, end_row=r, end_column=c + span - 1)
                target = sheet.cell(r, c)
                match = NUMBER.match(cell.text)
                if match and match.group(2):
                    target.value = float(cell.text)
                    target.number_format = "0." + "0" * (len(match.group(2)) - 1)
                elif match:
                    target.value = int(cell.text)
                    target.number_format = "0"
                elif cell.text:
                    target.value = "\n".join(pieces(doc, cell))
            r += 1
    book.save(path)
    return path
