"""Reader for disclosures published as web pages (government portal articles).

Parser: the standard library's :mod:`html.parser`. It is a forgiving tokenizer that never
rejects a page, reports the source line of every tag (so ``Location.line`` is a line of the
HTML file a person can open), and adds no dependency. The small tree builder below supplies
the two repairs real portal pages need: cells and rows that are never closed, and stray end
tags (which are ignored rather than allowed to close a table early).

What becomes what:
- each data ``<table>`` becomes a :class:`Table`; ``rowspan``/``colspan`` are expanded so the
  grid keeps its columns: the text sits in the first position and blank cells fill the spanned
  positions (recorded as an ``info`` Issue per table); such a blank points at the cell it
  continues and has no ``lines`` of its own. A ``<tr>`` without cells is no row, and Word's
  empty ``<tr height=0>`` sizing row is skipped;
- a table that holds other tables, has a single column, or has a cell holding an article
  (three or more paragraphs, or over 300 characters) is page layout: its text is read as
  paragraphs and its inner tables as tables;
- text outside tables becomes paragraphs, split at block elements (``<p>``, ``<div>``,
  ``<h1>``...) and at ``<br>``; inside a cell, ``<br>`` and ``<p>`` are joined without a separator
  (a label printed over two lines is one label);
- whitespace follows the browser: runs of spaces, tabs and newlines show as one space,
  ``&nbsp;`` shows as a space, and both ``&nbsp;`` and U+3000 are trimmed from the ends.

``Location.line`` is the line of the HTML source where the element starts (``<td>`` for a cell,
``<table>`` for a table, the block tag or the first text for a paragraph), and
``Document.lines`` holds the decoded source lines, split at ``\\n`` as the parser counts them.
"""

from __future__ import annotations

import codecs
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from .. import limits
from ..errors import Issue, ParseError
from ..model import Cell, Document, Location, Paragraph, Table
from .text import decode_cut

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param",
        "source", "track", "wbr", "basefont", "frame", "keygen"}
SKIP = {"script", "style", "title", "noscript", "template", "textarea", "select", "iframe", "object"}
BLOCK = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "dl", "dt", "dd",
         "section", "article", "header", "footer", "main", "nav", "aside", "blockquote", "center",
         "figure", "figcaption", "address", "form", "fieldset", "hr", "pre", "body", "html",
         "table", "tr", "td", "th", "caption", "thead", "tbody", "tfoot"}
SECTIONS = {"thead", "tbody", "tfoot"}
ASCII_SPACE = re.compile(r"[ \t\n\r\f]+")
INVISIBLE = re.compile("[\u200b\u200c\u200d\ufeff]")
META_CHARSET = re.compile(rb"""<meta[^>]*?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
XML_ENCODING = re.compile(rb"""<\?xml[^>]*encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""", re.I)
GB_ALIASES = {"gb2312", "gbk", "gb_2312-80", "x-gbk", "cp936", "ms936", "windows-936", "euc-cn",
              "csgb2312", "x-euc-cn", "chinese", "iso-ir-58", "gb18030"}
LAYOUT_BLOCKS = 3  # a cell with this many paragraphs holds an article, not a figure
LAYOUT_CHARS = 300
BREAK = "\x00"  # a <br> or block boundary inside collected text


@dataclass
class Node:
    """One element of the repaired tree: a tag with its source line, or a text run."""

    tag: str
    line: int
    attrs: dict = field(default_factory=dict)
    children: list = field(default_factory=list)
    text: str = ""
    end_line: int = 0
    cell_text: tuple[str, tuple[int, ...]] | None = None  # :func:`_cell_text`, computed once


class _TreeBuilder(HTMLParser):
    """Build a forgiving element tree: implicit ``</td>``/``</tr>``, stray end tags ignored."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", 1)
        self.stack: list[Node] = [self.root]
        self.skipped: list[int] = []  # lines of markup skipped as a browser would (see parse_marked_section)

    def _open_in_table(self, names: set[str]) -> int | None:
        """Index in the stack of the outermost open element in ``names`` above the nearest table."""
        found = None
        for i in range(len(self.stack) - 1, 0, -1):
            tag = self.stack[i].tag
            if tag == "table":
                break
            if tag in names:
                found = i
        return found

    def _close_to(self, index: int) -> None:
        line = self.getpos()[0]
        for node in self.stack[index:]:
            node.end_line = node.end_line or line
        del self.stack[index:]

    def handle_starttag(self, tag: str, attrs: list) -> Node:
        line = self.getpos()[0]
        if tag in ("td", "th", "tr") or tag in SECTIONS:
            closing = {"td", "th"}
            if tag not in ("td", "th"):
                closing.add("tr")
            if tag in SECTIONS:
                closing |= SECTIONS
            index = self._open_in_table(closing)
            if index is not None:
                self._close_to(index)
            if tag in ("td", "th") and self._open_in_table({"tr"}) is None and self._in_table():
                row = Node("tr", line)  # a cell without a row: the row is implied
                self.stack[-1].children.append(row)
                self.stack.append(row)
        node = Node(tag, line, {k: (v or "") for k, v in attrs})
        self.stack[-1].children.append(node)
        structural = tag in ("table", "tr", "td", "th") or tag in SECTIONS
        depth = limits.MAX_HTML_DEPTH
        if tag not in VOID and len(self.stack) < (2 * depth if structural else depth):
            self.stack.append(node)  # deeper than that (piles of unclosed tags): content stays flat
        return node

    def handle_startendtag(self, tag: str, attrs: list) -> None:
        node = self.handle_starttag(tag, attrs)
        if self.stack[-1] is node:  # <div/> in XHTML: opened and closed at once
            self._close_to(len(self.stack) - 1)

    def parse_marked_section(self, i: int, report: int = 1) -> int:
        """``<![CDATA[…]]>`` and ``<![if …]>`` as html.parser reads them; any other ``<![…`` (which
        html.parser refuses with an AssertionError) is what a browser makes of it: a bogus comment
        up to the next ``>``, so the rest of the page is still read."""
        try:
            return super().parse_marked_section(i, report)
        except AssertionError:
            end = self.rawdata.find(">", i + 3)
            if end < 0:
                return -1  # not complete yet: close() hands what is left to handle_data
            self.skipped.append(self.getpos()[0])
            return end + 1

    def _in_table(self) -> bool:
        return any(node.tag == "table" for node in self.stack)

    def handle_endtag(self, tag: str) -> None:
        if tag == "br":  # browsers read </br> as <br>
            self.handle_starttag(tag, [])
            return
        for i in range(len(self.stack) - 1, 0, -1):
            if self.stack[i].tag == tag:
                self._close_to(i)
                return
            if self.stack[i].tag == "table" and tag != "table":
                return  # never let a stray end tag close a table from inside

    def handle_data(self, data: str) -> None:
        line = self.getpos()[0]
        stripped = data.lstrip(" \t\r\n\f")
        line += data[: len(data) - len(stripped)].count("\n")
        self.stack[-1].children.append(Node("#text", line, text=data))


def detect_encoding(path: Path, data: bytes) -> tuple[str, str, list[Issue]]:
    """Decode an HTML page: BOM, then the ``<meta>`` charset, then UTF-8, then GB18030.

    GB2312 and GBK are decoded as GB18030, their superset.

    Raises:
        ParseError: the bytes fit neither the declared charset nor UTF-8 nor GB18030.
    """
    issues: list[Issue] = []
    for bom, name in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"), (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            try:
                return data.decode(name), name, issues
            except UnicodeDecodeError as exc:
                raise ParseError(path, f"page starts with a {name} byte-order mark but is not {name} "
                                       f"({exc.reason} at byte {exc.start})") from None
    head = data[:8192]
    match = META_CHARSET.search(head) or XML_ENCODING.search(head)
    candidates: list[str] = []
    if match:
        declared = match.group(1).decode("ascii").lower()
        name = "gb18030" if declared in GB_ALIASES else declared
        try:
            candidates.append(codecs.lookup(name).name)
        except LookupError:
            issues.append(Issue("warning", "unknown_charset", f"网页声明的字符集“{declared}”无法识别"))
    for name in ("utf-8", "gb18030"):
        if name not in candidates:
            candidates.append(name)
    first_error: UnicodeDecodeError | None = None
    for i, name in enumerate(candidates):
        try:
            text, cut = decode_cut(data, name)
        except UnicodeDecodeError as exc:
            first_error = first_error or exc
            continue
        if i and match:
            issues.append(Issue("warning", "wrong_charset",
                                f"网页声明字符集为“{match.group(1).decode('ascii')}”，实际为 {name}，已按 {name} 解码"))
        return text, name, issues + cut
    line = data[: first_error.start].count(b"\n") + 1 if first_error else None
    raise ParseError(path, f"page is not valid text in {', '.join(candidates)}", line=line)


def _squash(text: str) -> str:
    """Browser whitespace: collapse ASCII runs, drop zero-width marks, trim the ends
    (including &nbsp; and U+3000); an inner &nbsp; is kept (see :func:`_visible`)."""
    return ASCII_SPACE.sub(" ", INVISIBLE.sub("", text)).strip()


def _visible(text: str) -> str:
    """Show an inner &nbsp; as the space it renders as."""
    return text.replace("\xa0", " ")


def _collect(node: Node, parts: list[str], lines: list[int]) -> None:
    """Gather the text under ``node`` with BREAK at <br> and block boundaries."""
    for child in node.children:
        if child.tag == "#text":
            parts.append(child.text)
            if child.text.strip():
                lines.append(child.line)
        elif child.tag == "br":
            parts.append(BREAK)
        elif child.tag in SKIP:
            continue
        else:
            block = child.tag in BLOCK
            if block:
                parts.append(BREAK)
            _collect(child, parts, lines)
            if block:
                parts.append(BREAK)


def _cell_text(node: Node) -> tuple[str, tuple[int, ...]]:
    if node.cell_text is None:
        parts: list[str] = []
        lines: list[int] = []
        _collect(node, parts, lines)
        joined = "".join(_squash(piece) for piece in "".join(parts).split(BREAK))
        node.cell_text = (_visible(joined.strip()), tuple(sorted(set(lines))))
    return node.cell_text


SPAN_NUMBER = re.compile(r"\s*\+?(\d+)")


def _span(node: Node, name: str, issues: list[Issue]) -> int:
    """A ``rowspan``/``colspan`` read as a browser does (its leading digits; anything else is 1),
    capped at ``MAX_SPAN``; every value that is not a plain number in range is reported."""
    raw = node.attrs.get(name)
    if raw is None:
        return 1
    raw = raw.strip() or "1"
    match = SPAN_NUMBER.match(raw)
    if match is None:
        issues.append(Issue("warning", "bad_span", f"<{node.tag} {name}={raw[:40]!r}> 不是数字，按1读取",
                            line=node.line))
        return 1
    digits = match.group(1).lstrip("0") or "0"
    value = int(digits) if len(digits) <= 9 else limits.MAX_SPAN + 1
    if value > limits.MAX_SPAN:
        issues.append(Issue("warning", "bad_span", f"<{node.tag} {name}={raw[:40]!r}> 超过跨度上限"
                            f"{limits.MAX_SPAN}，按{limits.MAX_SPAN}读取", line=node.line))
        return limits.MAX_SPAN
    if match.end() != len(raw):
        issues.append(Issue("warning", "bad_span", f"<{node.tag} {name}={raw[:40]!r}> 不是整数，"
                            f"按浏览器的做法读作{value}", line=node.line))
    return value


def _is_sizing_row(row: Node) -> bool:
    """Word's HTML export ends tables with an empty ``<tr height=0>`` that only sets column widths."""
    if row.attrs.get("height", "").strip() != "0":
        return False
    return not any(_cell_text(cell)[0] for cell in _cells(row))


def _rows(table: Node) -> tuple[list[Node], list[Node], list[Node]]:
    """The rows of a table (through thead/tbody/tfoot), its captions and stray text."""
    rows, captions, stray = [], [], []
    for child in table.children:
        if child.tag == "tr":
            if not _is_sizing_row(child):
                rows.append(child)
            stray += [node for node in child.children if _is_stray(node)]
        elif child.tag in SECTIONS:
            sub_rows, sub_captions, sub_stray = _rows(child)
            rows += sub_rows
            captions += sub_captions
            stray += sub_stray
        elif child.tag == "caption":
            captions.append(child)
        elif child.tag not in ("col", "colgroup") and child.tag not in SKIP:
            stray.append(child)
    return rows, captions, stray


def _is_stray(node: Node) -> bool:
    """Content of a row outside its cells (a browser shows it before the table)."""
    if node.tag in ("td", "th") or node.tag in SKIP:
        return False
    if node.tag == "table":
        return True
    return not _cells(node) and (node.tag != "#text" or bool(node.text.strip()))


def _cells(row: Node) -> list[Node]:
    found: list[Node] = []
    for child in row.children:
        if child.tag in ("td", "th"):
            found.append(child)
        elif child.tag not in ("#text",) and child.tag not in SKIP and child.tag != "table":
            found += _cells(child)  # cells wrapped in <form>, <font> and the like
    return found


def _has_nested_table(node: Node) -> bool:
    return any(child.tag == "table" or (child.tag != "#text" and _has_nested_table(child))
               for child in node.children)


def build_grid(table: Node, issues: list[Issue], path: Path | str = "<html>") -> list[list[Cell]]:
    """Expand a table's rows and spans into a grid of cells (spanned positions blank).

    Time and memory are linear in the grid's positions, which are bounded by ``MAX_TABLE_CELLS``.

    Raises:
        LimitExceeded: the spans would make more than ``MAX_TABLE_CELLS`` positions.
    """
    rows, _, _ = _rows(table)
    taken: dict[tuple[int, int], tuple[int, int]] = {}
    origin: dict[tuple[int, int], Cell] = {}
    widths = [0] * len(rows)  # per row: one past its last taken position
    positions = 0
    merges: list[str] = []
    row_lines: list[int] = []
    for r, row in enumerate(rows):
        row_lines.append(row.line)
        c = 0
        for node in _cells(row):
            while (r, c) in taken:
                c += 1
            rowspan = _span(node, "rowspan", issues) or (len(rows) - r)
            colspan = max(1, _span(node, "colspan", issues))
            rowspan = max(1, min(rowspan, len(rows) - r))
            positions += rowspan * colspan
            limits.check(path, "grid positions of one table (spans expanded)", positions, "MAX_TABLE_CELLS",
                         line=node.line)
            text, lines = _cell_text(node)
            origin[(r, c)] = Cell(text, Location(node.line), lines or (node.line,))
            if rowspan > 1 or colspan > 1:
                merges.append(f"第{r + 1}行第{c + 1}列跨{rowspan}行{colspan}列")
            for dr in range(rowspan):
                widths[r + dr] = max(widths[r + dr], c + colspan)
                for dc in range(colspan):
                    taken[(r + dr, c + dc)] = (r, c)
            c += colspan
    limits.check(path, "grid positions of one table (spans expanded)", sum(widths), "MAX_TABLE_CELLS",
                 line=table.line)
    grid: list[list[Cell]] = []
    holes = 0
    for r in range(len(rows)):
        cells = []
        for c in range(widths[r]):
            source = taken.get((r, c))
            if source is None:
                holes += 1
                cells.append(Cell("", Location(row_lines[r]), ()))
            elif source == (r, c):
                cells.append(origin[source])
            else:
                cells.append(Cell("", origin[source].loc, ()))
        if cells:  # a <tr> with no cell and no span over it is not a row anyone sees
            grid.append(cells)
    if merges:
        issues.append(Issue("info", "merged_cells",
                            f"展开了{len(merges)}个合并单元格（文字放在首格，所跨各格为空白）"
                            f"：{'；'.join(merges[:12])}", line=table.line))
    if holes:
        issues.append(Issue("warning", "ragged_table",
                            f"表格中有{holes}个位置没有单元格（行短于上方的跨行），"
                            "按空白读取", line=table.line))
    return grid


def _text_blocks(node: Node) -> int:
    """How many block elements under ``node`` hold text of their own."""
    count = 0
    for child in node.children:
        if child.tag in BLOCK and child.tag != "#text":
            if any(grand.tag == "#text" and grand.text.strip() for grand in child.children):
                count += 1
            count += _text_blocks(child)
        elif child.tag != "#text":
            count += _text_blocks(child)
    return count


def _is_layout(table: Node, rows: list[Node]) -> bool:
    """A table used to lay out the page: it holds tables, has one column, or a cell holds an
    article (three or more paragraphs, or over 300 characters)."""
    if _has_nested_table(table) or all(len(_cells(row)) <= 1 for row in rows):
        return True
    for row in rows:
        for cell in _cells(row):
            if _text_blocks(cell) >= LAYOUT_BLOCKS or len(_cell_text(cell)[0]) > LAYOUT_CHARS:
                return True
    return False


class _Walker:
    """Turn the repaired tree into paragraphs and tables in reading order."""

    def __init__(self, issues: list[Issue], path: Path | str = "<html>"):
        self.path = path
        self.blocks: list = []
        self.issues = issues
        self.parts: list[str] = []
        self.start: int | None = None

    def flush(self) -> None:
        for piece in "".join(self.parts).split(BREAK):
            text = _visible(_squash(piece))
            if text:
                self.blocks.append(Paragraph(text, Location(self.start or 1)))
                self.start = None
        self.parts, self.start = [], None

    def walk(self, node: Node) -> None:
        for child in node.children:
            if child.tag == "#text":
                if self.start is None and child.text.strip():
                    self.start = child.line
                self.parts.append(child.text)
            elif child.tag == "br":
                self.flush()
            elif child.tag in SKIP:
                continue
            elif child.tag == "table":
                self.flush()
                self.table(child)
            elif child.tag in BLOCK:
                self.flush()
                self.start = child.line
                self.walk(child)
                self.flush()
            else:
                self.walk(child)

    def table(self, node: Node) -> None:
        rows, captions, stray = _rows(node)
        for caption in captions:
            self.start = caption.line
            self.walk(caption)
            self.flush()
        for piece in stray:  # text a browser would show before the table
            self.walk(Node("#stray", piece.line, children=[piece]))
            self.flush()
        if _is_layout(node, rows):
            for row in rows:  # page layout: read its contents as flowing text
                for cell in _cells(row):
                    self.start = cell.line
                    self.walk(cell)
                    self.flush()
            return
        grid = build_grid(node, self.issues, self.path)
        if any(grid):
            end = max([node.end_line, node.line] + [line for row in grid for cell in row for line in cell.lines])
            self.blocks.append(Table(grid, Location(node.line), end))


def read_html(path: Path, data: bytes, sha256: str) -> Document:
    """Parse an HTML page into a Document (see the module docstring for the rules).

    Raises:
        ParseError: the bytes are not text in a known encoding, or the page has no text.
    """
    limits.check(path, "web page size in bytes", len(data), "MAX_HTML_BYTES")
    text, encoding, issues = detect_encoding(path, data)
    builder = _TreeBuilder()
    try:
        builder.feed(text)
        builder.close()
    except AssertionError as exc:  # html.parser's own checks on markup it cannot place
        line = builder.getpos()[0]
        issues.append(Issue("warning", "html_unparsed", f"网页第{line}行起的标记无法解析（{exc}），"
                            f"此后的内容未读取；此前读出的内容照常保留", line=line))
    if builder.skipped:
        issues.append(Issue("info", "html_bogus_markup", "网页中有无法识别的“<![…”标记，已按浏览器的做法跳过（第"
                            + "、".join(map(str, sorted(set(builder.skipped)))) + "行）", line=builder.skipped[0]))
    walker = _Walker(issues, path)
    walker.walk(builder.root)
    walker.flush()
    if not walker.blocks:
        raise ParseError(path, "web page has no visible text; expected a 部门决算 disclosure")
    if not any(isinstance(block, Table) for block in walker.blocks):
        issues.append(Issue("warning", "no_tables",
                            "网页中没有数据表格（<table>），只读取了段落文字"))
    lines = [line.rstrip("\r") for line in text.split("\n")]
    return Document(path=path, sha256=sha256, format="html", blocks=walker.blocks, lines=lines,
                    issues=issues, encoding=encoding)
