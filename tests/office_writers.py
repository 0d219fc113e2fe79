"""Write a Document (as read from the seed text) to HTML, DOCX and XLSX, the way publishers do.

Used by the round-trip tests. Tables are written with the width of their longest row; a
shorter row (the text layout does not record spans) gets its last cell spanning the rest, so
every reader meets real merged cells. A cell the text printed over several lines is written
over several lines (``<br>``, paragraphs in the Word cell, a line break in the Excel cell).
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from hcfin.model import Cell, Document, Table

NUMBER = re.compile(r"^-?(0|[1-9]\d{0,14})(\.\d+)?$")


def table_width(table: Table) -> int:
    return max(len(row) for row in table.rows)


def padded_grid(table: Table) -> list[list[str]]:
    """Cell texts with each row padded with blanks to the table's width."""
    width = table_width(table)
    return [[cell.text for cell in row] + [""] * (width - len(row)) for row in table.rows]


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
            width = table_width(block)
            out.append('<table border="1" cellspacing="0">')
            for row in block.rows:
                cells = []
                for i, cell in enumerate(row):
                    span = width - len(row) + 1 if i == len(row) - 1 and len(row) < width else 1
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
        width = table_width(block)
        table = word.add_table(rows=len(block.rows), cols=width)
        for source, row in zip(block.rows, table.rows):
            cells = row.cells
            if len(source) < width:
                cells[len(source) - 1].merge(cells[width - 1])
            for cell, target in zip(source, cells):
                parts = pieces(doc, cell)
                target.text = parts[0]
                for part in parts[1:]:
                    target.add_paragraph(part)
    word.save(path)
    return path


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
        width = table_width(block)
        for source in block.rows:
            for c in range(1, width + 1):
                sheet.cell(r, c).border = border
            for c, cell in enumerate(source, 1):
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
            if len(source) < width:
                sheet.merge_cells(start_row=r, start_column=len(source), end_row=r, end_column=width)
            r += 1
    book.save(path)
    return path
