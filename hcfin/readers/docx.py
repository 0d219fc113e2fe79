"""Reader for disclosures published as Word files (.docx).

Library: the standard library (:mod:`zipfile` + :mod:`xml.etree.ElementTree`). A .docx body is
one XML part, and what we need from it (paragraphs and tables in body order, ``gridSpan``,
``vMerge``, ``gridBefore``, tracked insertions and deletions, content controls) is a few dozen
lines of explicit code; python-docx would add a dependency and still hide the merge
structure behind repeated cell objects. (The round-trip tests write .docx with python-docx.)

What becomes what:
- body paragraphs become :class:`Paragraph` blocks (a paragraph with line breaks gives one block
  per line, as a text export would); empty paragraphs are skipped;
- body tables become :class:`Table` blocks, read in body order with the paragraphs (the body's
  children are walked, so a table sits between the paragraphs around it);
- merged cells are expanded so the grid keeps its columns: the text sits in the first position
  and blank cells fill the positions a ``gridSpan`` covers or a ``vMerge`` continues (recorded as an
  ``info`` Issue per table); ``gridBefore`` gives leading blank cells, ``gridAfter`` none;
- in a cell, several paragraphs or line breaks are joined without a separator.

``Location.line`` is the line of the reader's own text rendering, kept in ``Document.lines``,
written in the seed's text layout: one line per paragraph, one line per table cell (a tab, then
the text; a cell holding several paragraphs continues on untabbed lines, listed in
``Cell.lines``), and a blank line after each table row. A blank cell that only fills a merged
position has no line of its own (``lines == ()``) and points at the cell it continues.
"""

from __future__ import annotations

import zlib
import xml.etree.ElementTree as ET
from pathlib import Path

from .. import limits
from ..errors import Issue, ParseError
from ..model import Cell, Document, Location, Paragraph, Table
from .archive import ZIP_ERRORS, checked_zip

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
MC = "{http://schemas.openxmlformats.org/markup-compatibility/2006}"
SKIPPED = {W + "del", W + "moveFrom", W + "instrText", W + "delText", W + "drawing", W + "pict",
           W + "object", MC + "AlternateContent", W + "rPr", W + "pPr", W + "footnoteReference",
           W + "endnoteReference", W + "commentReference"}


def _val(element: ET.Element | None, default: str | None = None) -> str | None:
    if element is None:
        return default
    return element.get(W + "val", default)


def _int(element: ET.Element | None, default: int) -> int:
    try:
        return max(0, int(_val(element, str(default))))
    except ValueError:
        return default


def paragraph_text(p: ET.Element) -> str:
    """The text of a ``w:p`` as shown: runs, tabs as ``\\t``, breaks as ``\\n``; deletions skipped.

    The walk keeps its own stack, so runs nested any depth deep (``w:r`` in ``w:r`` a thousand
    times) are read without recursion.
    """
    parts: list[str] = []
    stack = [iter(p)]
    while stack:
        for child in stack[-1]:
            tag = child.tag
            if tag == W + "t":
                parts.append(child.text or "")
            elif tag == W + "tab" or tag == W + "ptab":
                parts.append("\t")
            elif tag in (W + "br", W + "cr"):
                parts.append("\n")
            elif tag == W + "noBreakHyphen":
                parts.append("-")
            elif tag not in SKIPPED:
                stack.append(iter(child))
                break
        else:
            stack.pop()
    return "".join(parts)


WRAPPERS = (W + "sdt", W + "sdtContent", W + "customXml")


def _through_wrappers(parent: ET.Element, tags: tuple[str, ...]):
    """Children of ``parent`` with a tag in ``tags``, in order, looking through content controls
    (nested any depth, walked with a stack of our own)."""
    stack = [iter(parent)]
    while stack:
        for child in stack[-1]:
            if child.tag in tags:
                yield child
            elif child.tag in WRAPPERS:
                stack.append(iter(child))
                break
        else:
            stack.pop()


def _body_items(parent: ET.Element):
    """Paragraphs and tables under ``parent`` in order, looking through content controls."""
    return _through_wrappers(parent, (W + "p", W + "tbl"))


def _children(parent: ET.Element, tag: str):
    return _through_wrappers(parent, (tag,))


class _Renderer:
    """Builds blocks and the seed-layout text rendering side by side."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.lines: list[str] = []
        self.blocks: list = []
        self.issues: list[Issue] = []

    def add_line(self, text: str) -> int:
        self.lines.append(text)
        return len(self.lines)

    def paragraph(self, p: ET.Element) -> None:
        for piece in paragraph_text(p).split("\n"):
            text = piece.strip()
            if text:
                self.blocks.append(Paragraph(text, Location(self.add_line(text))))

    def cell_pieces(self, tc: ET.Element, depth: int = 1) -> list[str]:
        """The printed lines of a cell: one per paragraph or line break, blanks dropped.

        Raises:
            LimitExceeded: tables nested in cells deeper than ``MAX_NESTING``.
        """
        limits.check(self.path, "depth of tables nested in table cells", depth, "MAX_NESTING",
                     line=len(self.lines) + 1)
        pieces = []
        for item in _body_items(tc):
            if item.tag == W + "p":
                pieces += [piece.strip() for piece in paragraph_text(item).split("\n")]
            else:
                nested = ["".join(self.cell_pieces(inner, depth + 1)) for row in _children(item, W + "tr")
                          for inner in _children(row, W + "tc")]
                pieces += nested
                self.issues.append(Issue("warning", "nested_table",
                                         "单元格内嵌套的表格已展开为该单元格的文字",
                                         line=len(self.lines) + 1, text="".join(nested)[:80]))
        return [piece for piece in pieces if piece]

    def span(self, value: int, what: str) -> int:
        """``value`` capped at ``MAX_SPAN`` (with a warning saying so)."""
        if value <= limits.MAX_SPAN:
            return value
        self.issues.append(Issue("warning", "bad_span", f"w:{what} 的跨度{value}超过上限{limits.MAX_SPAN}，"
                                 f"按{limits.MAX_SPAN}读取", line=len(self.lines) + 1))
        return limits.MAX_SPAN

    def table(self, tbl: ET.Element) -> None:
        rows: list[list[Cell]] = []
        above: dict[int, Cell] = {}  # grid column -> the cell a vMerge continues
        merges: list[str] = []
        start = len(self.lines) + 1
        cells = 0
        for r, tr in enumerate(_children(tbl, W + "tr")):
            tr_pr = tr.find(W + "trPr")
            before = self.span(_int(tr_pr.find(W + "gridBefore") if tr_pr is not None else None, 0), "gridBefore")
            row_line = len(self.lines) + 1
            row = [Cell("", Location(row_line), ()) for _ in range(before)]
            col = before
            last: Cell | None = None
            for tc in _children(tr, W + "tc"):
                tc_pr = tc.find(W + "tcPr")
                span = max(1, self.span(_int(tc_pr.find(W + "gridSpan") if tc_pr is not None else None, 1),
                                        "gridSpan"))
                v_merge = tc_pr.find(W + "vMerge") if tc_pr is not None else None
                h_merge = tc_pr.find(W + "hMerge") if tc_pr is not None else None
                pieces = self.cell_pieces(tc)
                text = "".join(pieces)
                origin = None
                if v_merge is not None and _val(v_merge, "continue") != "restart":
                    origin = above.get(col)
                elif h_merge is not None and _val(h_merge, "continue") != "restart":
                    origin = last
                if origin is not None:
                    if text:
                        self.issues.append(Issue("warning", "hidden_merged_text",
                                                 "被合并掉的单元格中的文字（Word 不显示）未读取",
                                                 line=origin.line, text=text))
                    row += [Cell("", origin.loc, ()) for _ in range(span)]
                    merges.append(f"第{r + 1}行第{col + 1}列续前合并")
                else:
                    lines = [self.add_line("\t" + (pieces[0] if pieces else ""))]
                    lines += [self.add_line(piece) for piece in pieces[1:]]
                    origin = last = Cell(text, Location(lines[0]), tuple(lines))
                    row.append(origin)
                    row += [Cell("", origin.loc, ()) for _ in range(span - 1)]
                    if span > 1:
                        merges.append(f"第{r + 1}行第{col + 1}列跨{span}列")
                for c in range(col, col + span):
                    above[c] = origin
                col += span
            if len(self.lines) >= row_line:
                self.add_line("")  # a blank line closes the row, as in the seed layout
            if row:
                rows.append(row)
                cells += len(row)
                limits.check(self.path, "grid positions of one table", cells, "MAX_TABLE_CELLS", line=start)
        if not any(rows):
            self.issues.append(Issue("warning", "empty_table", "无单元格的表格已跳过", line=start))
            return
        if merges:
            self.issues.append(Issue("info", "merged_cells",
                                     f"展开了{len(merges)}个合并单元格（文字放在首格，所跨各格为"
                                     f"空白）：{'；'.join(merges[:12])}", line=start))
        end = max(start, len(self.lines) - 1)
        self.blocks.append(Table(rows, Location(start), end))


def _document_xml(path: Path, data: bytes) -> ET.Element:
    archive = checked_zip(path, data, ".docx")
    try:
        with archive:
            xml = archive.read("word/document.xml")
    except KeyError:
        raise ParseError(path, "zip archive has no word/document.xml; expected a .docx file") from None
    except (*ZIP_ERRORS, zlib.error) as exc:
        raise ParseError(path, f"damaged or truncated .docx (zip) file ({exc})") from None
    if b"<!DOCTYPE" in xml[:2048] or b"<!ENTITY" in xml[:2048]:
        raise ParseError(path, "word/document.xml declares a DTD or entities; refusing to read it")
    try:
        return ET.fromstring(xml)
    except ET.ParseError as exc:
        line = exc.position[0] if getattr(exc, "position", None) else None
        raise ParseError(path, f"word/document.xml is not well-formed XML (line {line}: {exc})") from None


def read_docx(path: Path, data: bytes, sha256: str) -> Document:
    """Parse a .docx into a Document (see the module docstring for the rules).

    Raises:
        ParseError: the zip is damaged, ``word/document.xml`` is missing or malformed, or the
            document has no text at all.
    """
    root = _document_xml(path, data)
    body = root.find(W + "body")
    if body is None:
        raise ParseError(path, "word/document.xml has no <w:body>; expected a Word document")
    renderer = _Renderer(path)
    for item in _body_items(body):
        if item.tag == W + "p":
            renderer.paragraph(item)
        else:
            renderer.table(item)
        if len(renderer.blocks) > limits.MAX_BLOCKS:  # stop early: each block costs time downstream
            limits.check(path, "paragraphs and tables", len(renderer.blocks), "MAX_BLOCKS",
                         line=len(renderer.lines), at_least=True)
    if not renderer.blocks:
        raise ParseError(path, "Word document has no text; expected a 部门决算 disclosure")
    if not any(isinstance(block, Table) for block in renderer.blocks):
        renderer.issues.append(Issue("warning", "no_tables",
                                     "Word 文档中没有表格，只读取了段落文字"))
    return Document(path=path, sha256=sha256, format="docx", blocks=renderer.blocks,
                    lines=renderer.lines, issues=renderer.issues)
