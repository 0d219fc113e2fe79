"""Write the layout variants as real PDF files (text as text), in several drawing styles.

:mod:`tests.layout_variants` turns a document into paragraphs and table grids; this module
prints them on pages with fpdf2 (a test-only dependency) in the Noto Sans SC font that
``pylopdf-fonts-zh-cn`` ships, so pypdfium2 reads the text back. A :class:`PdfStyle` says how:

* ``rules``: ``grid`` (every cell ruled), ``booktabs`` (三线表: a rule above and below the
  header and under the last row), ``rows`` (a rule under every row, no verticals) or ``none``
  (WPS/Excel "print to PDF" of a sheet without borders: the columns show only by alignment);
* ``landscape``: table pages (or, with ``landscape="all"``, every page) turned sideways;
* ``break_tables``: every table of more than six rows is broken over two pages after half of
  its rows, with the header repeated on the second page (``repeat_header``) or not;
* ``page_numbers`` / ``running_header``: a page number footer ("第 N 页 共 M 页" or "- N -")
  and a running header (the unit's name) on every page, printed between the parts of a table;
* ``narrow``: the name column capped at a few characters, so long names wrap inside their cell.

Amounts are right-aligned, header cells centred (vertically too, over the rows they span, as
spreadsheets and word processors print merged cells), labels left-aligned. Text is never
shrunk below 4.5 pt; a wide table gets a smaller font, as real documents do.

API: :func:`pdf_styles`, :func:`write_pdf`.
"""

from __future__ import annotations

import hashlib
import re
import tempfile
from dataclasses import dataclass
from pathlib import Path

FONT_CACHE = Path(tempfile.gettempdir()) / "hcfin-test-fonts"
ALWAYS = "".join(chr(i) for i in range(32, 127)) + "，。、；：（）“”《》—…·％第页共"
PAGE = {"portrait": (595.0, 842.0), "landscape": (842.0, 595.0)}
MARGIN = 56.0
BODY_SIZE = 10.5
TITLE_SIZE = 14.0
TABLE_SIZE = 8.0
MIN_SIZE = 4.5
PAD_X, PAD_Y = 3.0, 2.5
NUMBER = re.compile(r"^-?[\d,]+(\.\d+)?%?$")
CAPTION = re.compile(r"^(公开\s*\d+\s*表|(金额)?单位\s*[:：])")
NOTE = re.compile(r"^(注|说明)")
HEADING = re.compile(r"^(第[一二三四五六七八九十]+部分|目\s*录)")


@dataclass(frozen=True)
class PdfStyle:
    """How the pages are drawn (see the module docstring)."""

    name: str
    rules: str = "grid"            # grid | booktabs | rows | none
    landscape: str = "no"          # no | tables | all
    break_tables: bool = False
    repeat_header: bool = True
    page_numbers: str = ""         # "" | "第 N 页 共 M 页" | "- N -"
    running_header: bool = False
    narrow: bool = False


def pdf_styles() -> list[PdfStyle]:
    """The drawing styles the tests cover."""
    return [
        PdfStyle("grid"),
        PdfStyle("grid-landscape-broken", landscape="tables", break_tables=True, repeat_header=True,
                 page_numbers="第 N 页 共 M 页", narrow=True),
        PdfStyle("grid-broken-no-repeat", break_tables=True, repeat_header=False, page_numbers="- N -",
                 running_header=True),
        PdfStyle("booktabs", rules="booktabs", page_numbers="- N -"),
        PdfStyle("rows-landscape", rules="rows", landscape="all", narrow=True),
        PdfStyle("no-lines", rules="none"),
        PdfStyle("no-lines-broken", rules="none", break_tables=True, repeat_header=False,
                 page_numbers="第 N 页 共 M 页", running_header=True, narrow=True),
    ]


# --------------------------------------------------------------------------- font

def _font(chars: set[str]) -> Path:
    """A subset of Noto Sans SC with ``chars``, its CFF outlines turned into TrueType ones (fpdf2
    subsets a TrueType font on output many times faster than a CFF one); made once per set of
    characters and cached on disk."""
    import pylopdf_fonts_zh_cn

    needed = "".join(sorted(set(ALWAYS) | chars))
    path = FONT_CACHE / f"noto-sc-{hashlib.sha256(needed.encode()).hexdigest()[:16]}.ttf"
    if not path.exists():
        from fontTools import subset
        from fontTools.ttLib import TTFont

        font = TTFont(str(pylopdf_fonts_zh_cn.sans_path()))
        subsetter = subset.Subsetter()
        subsetter.populate(text=needed)
        subsetter.subset(font)
        _to_truetype(font)
        FONT_CACHE.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(f".{id(font)}.tmp")
        font.save(str(partial))
        partial.replace(path)
    return path


def _to_truetype(font) -> None:
    """Replace a font's CFF outlines by quadratic TrueType ones (fontTools' otf2ttf recipe)."""
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import newTable

    order = font.getGlyphOrder()
    glyphs = font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder = order
    glyf.glyphs = {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, 1.0, reverse_direction=True))
        glyf.glyphs[name] = pen.glyph()
    font["loca"] = newTable("loca")
    font["glyf"] = glyf
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["head"].glyphDataFormat = 0
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for attr in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                 "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, attr, 1 if attr == "maxZones" else 0)
    post = font["post"]
    post.formatType = 2.0
    post.extraNames = []
    post.mapping = {}
    post.glyphOrder = order
    font.sfntVersion = "\x00\x01\x00\x00"


_ADVANCES: dict[Path, dict[str, float]] = {}


def _advances(font: Path) -> dict[str, float]:
    """Each character's advance width in ems (fpdf2's own measuring is slow for thousands of cells)."""
    if font not in _ADVANCES:
        from fontTools.ttLib import TTFont

        tt = TTFont(str(font))
        upem, metrics = tt["head"].unitsPerEm, tt["hmtx"].metrics
        _ADVANCES[font] = {chr(code): metrics[name][0] / upem for code, name in tt.getBestCmap().items()}
    return _ADVANCES[font]


class _Measure:
    """String widths in points for the current font size."""

    def __init__(self, font: Path) -> None:
        self.advances = _advances(font)
        self.size = BODY_SIZE

    def get_string_width(self, text: str) -> float:
        return self.size * sum(self.advances.get(ch, 1.0) for ch in text)


# --------------------------------------------------------------------------- layout helpers

def _wrap(measure, text: str, width: float) -> list[str]:
    """``text`` broken into lines no wider than ``width`` (between characters; digits kept together)."""
    if not text:
        return [""]
    tokens = re.findall(r"[0-9A-Za-z.,%\-]+|.", text)
    lines, current = [], ""
    for token in tokens:
        if current and measure.get_string_width(current + token) > width:
            lines.append(current)
            current = token.lstrip()
        else:
            current += token
    lines.append(current)
    return lines


class _Pages:
    """The page stream: paragraphs and tables placed top to bottom, a new page when one is full."""

    def __init__(self, style: PdfStyle, font: Path, unit: str) -> None:
        from fpdf import FPDF

        self.style = style
        self.pdf = FPDF(unit="pt", format="A4")
        self.pdf.set_auto_page_break(False)
        self.pdf.add_font("noto", "", str(font))
        self.measure = _Measure(font)
        self.unit = unit
        self.y = 0.0
        self.orientation = ""
        self.page_count = 0

    @property
    def width(self) -> float:
        return PAGE[self.orientation][0]

    @property
    def bottom(self) -> float:
        return PAGE[self.orientation][1] - MARGIN

    def set_size(self, size: float) -> None:
        self.pdf.set_font("noto", size=size)
        self.measure.size = size

    def new_page(self, orientation: str) -> None:
        self.pdf.add_page(orientation="L" if orientation == "landscape" else "P")
        self.orientation = orientation
        self.page_count += 1
        self.y = MARGIN
        if self.style.running_header:
            size = self.measure.size
            self.set_size(8)
            self.pdf.text(MARGIN, MARGIN - 22, f"{self.unit}部门决算公开")
            self.set_size(size)

    def ensure(self, height: float, orientation: str) -> None:
        if not self.orientation or orientation != self.orientation or self.y + height > self.bottom:
            self.new_page(orientation)

    def footers(self) -> None:
        if not self.style.page_numbers:
            return
        total = self.page_count
        for number in range(1, total + 1):
            self.pdf.page = number
            width, height = self.pdf.w, self.pdf.h
            text = self.style.page_numbers.replace("N", str(number)).replace("M", str(total))
            self.set_size(9)
            self.pdf.text((width - self.measure.get_string_width(text)) / 2, height - MARGIN + 30, text)

    # ---------------------------------------------------------------- paragraphs

    def paragraph(self, text: str) -> None:
        stripped = text.strip()
        orientation = "landscape" if self.style.landscape == "all" else "portrait"
        if self.style.landscape == "tables" and (stripped.endswith("表") or CAPTION.match(stripped) or (
                self.orientation == "landscape" and (len(stripped) < 40 or NOTE.match(stripped)))):
            orientation = "landscape"  # a table's title, captions and notes are printed on its page
        pdf = self.pdf
        if self.orientation != orientation:
            self.new_page(orientation)
        parts = [p for p in re.split(r"[\t\u3000]+", text.strip()) if p]
        if not parts:
            return
        caption = CAPTION.match(text.strip())
        title = not caption and len(text.strip()) <= 40 and (text.strip().endswith("表") or HEADING.match(text.strip()))
        size = TITLE_SIZE if title and len(parts) == 1 else BODY_SIZE
        self.set_size(size)
        lead = size * 1.7
        if caption and len(parts) == 1:  # "公开01表", "单位：万元": at the right
            parts = ["", parts[0]]
        if len(parts) > 1:  # a caption line: first part at the left, last at the right
            self.ensure(lead, orientation)
            pdf.text(MARGIN, self.y + size, parts[0])
            for part in parts[1:-1]:
                pdf.text(MARGIN + (self.width - 2 * MARGIN) / 2, self.y + size, part)
            last = parts[-1]
            pdf.text(self.width - MARGIN - self.measure.get_string_width(last), self.y + size, last)
            self.y += lead
            return
        body = self.width - 2 * MARGIN
        if title:
            self.ensure(lead * 2, orientation)
            width = self.measure.get_string_width(parts[0])
            pdf.text(MARGIN + max(0.0, (body - width) / 2), self.y + size, parts[0])
            self.y += lead
            return
        indent = 2 * size
        lines = _wrap(self.measure, parts[0], body - indent)
        first_rest = "".join(lines[1:])
        lines = lines[:1] + (_wrap(self.measure, first_rest, body) if first_rest else [])
        for index, line in enumerate(lines):
            self.ensure(lead, orientation)
            pdf.text(MARGIN + (indent if index == 0 else 0.0), self.y + size, line)
            self.y += lead

    # ---------------------------------------------------------------- tables

    def table(self, grid: list) -> None:
        style, pdf = self.style, self.pdf
        orientation = "landscape" if style.landscape in ("tables", "all") else "portrait"
        if not self.orientation or orientation != self.orientation:
            self.new_page(orientation)
        n_rows, n_cols = len(grid), len(grid[0])
        header = _header_count(grid)
        size, widths = self._widths(grid, n_cols)
        lead = size * 1.25
        self.set_size(size)
        cells = {}
        for r, row in enumerate(grid):
            for c, span in enumerate(row):
                if span is None:
                    continue
                width = sum(widths[c:c + span.colspan]) - 2 * PAD_X
                cells[(r, c)] = _wrap(self.measure, span.text, width) if not _is_number(span) else [span.text]
        heights = []
        for r in range(n_rows):
            lines = max([len(cells[(r, c)]) for c, span in enumerate(grid[r]) if span and span.rowspan == 1] or [1])
            heights.append(lines * lead + 2 * PAD_Y)
        for (r, c), lines in cells.items():
            span = grid[r][c]
            need = len(lines) * lead + 2 * PAD_Y
            have = sum(heights[r:r + span.rowspan])
            if need > have:
                heights[r + span.rowspan - 1] += need - have
        breaks = set()
        if style.break_tables and n_rows - header > 6:
            breaks.add(header + (n_rows - header) // 2)
        x0 = (self.width - sum(widths)) / 2
        header_height = sum(heights[:header])
        self.ensure(header_height + heights[min(header, n_rows - 1)] + 4, orientation)
        page_rows: list[tuple[int, float]] = []  # (row, top) on the current page

        def flush() -> None:
            self._draw(grid, cells, widths, heights, x0, page_rows, header, size, lead)
            page_rows.clear()

        r = 0
        while r < n_rows:
            if r in breaks or self.y + heights[r] > self.bottom:
                if page_rows:
                    flush()
                self.new_page(orientation)
                if style.repeat_header and r >= header:
                    for h in range(header):
                        page_rows.append((h, self.y))
                        self.y += heights[h]
                breaks.discard(r)
            page_rows.append((r, self.y))
            self.y += heights[r]
            r += 1
        flush()
        self.y += 10

    def _widths(self, grid: list, n_cols: int) -> tuple[float, list[float]]:
        pdf, style = self.pdf, self.style
        self.set_size(TABLE_SIZE)
        em = TABLE_SIZE
        widths = [2 * em + 2 * PAD_X] * n_cols
        body_cap = (5 if style.narrow else 12) * em
        header = _header_count(grid)
        for r, row in enumerate(grid):
            for c, span in enumerate(row):
                if span is None or span.colspan > 1:
                    continue
                natural = self.measure.get_string_width(span.text)
                if not _is_number(span):
                    cap = body_cap if r >= header else (6 * em if style.rules == "grid" else natural)
                    natural = min(natural, cap)
                widths[c] = max(widths[c], natural + 2 * PAD_X)
        for row in grid:
            for c, span in enumerate(row):
                if span is None or span.colspan == 1:
                    continue
                natural = min(self.measure.get_string_width(span.text), 8 * em) + 2 * PAD_X
                have = sum(widths[c:c + span.colspan])
                if natural > have:
                    for k in range(c, c + span.colspan):
                        widths[k] += (natural - have) / span.colspan
        available = self.width - 2 * MARGIN
        total = sum(widths)
        if total <= available:
            return TABLE_SIZE, widths
        scale = max(available / total, MIN_SIZE / TABLE_SIZE)
        return TABLE_SIZE * scale, [w * scale for w in widths]

    def _draw(self, grid, cells, widths, heights, x0, page_rows, header, size, lead) -> None:
        pdf, rules = self.pdf, self.style.rules
        self.set_size(size)
        pdf.set_line_width(0.5)
        xs = [x0]
        for w in widths:
            xs.append(xs[-1] + w)
        tops = {r: top for r, top in page_rows}
        shown = [r for r, _ in page_rows]
        last = shown[-1]
        for r in shown:
            for c, span in enumerate(grid[r]):
                if span is None:
                    continue
                rows = [k for k in range(r, r + span.rowspan) if k in tops]
                y0, y1 = tops[r], tops[rows[-1]] + heights[rows[-1]]
                x_left, x_right = xs[c], xs[c + span.colspan]
                if rules == "grid":
                    pdf.line(x_left, y0, x_right, y0)
                    pdf.line(x_left, y1, x_right, y1)
                    pdf.line(x_left, y0, x_left, y1)
                    pdf.line(x_right, y0, x_right, y1)
                lines = cells[(r, c)]
                text_top = y0 + (y1 - y0 - len(lines) * lead) / 2
                for index, line in enumerate(lines):
                    baseline = text_top + index * lead + 0.85 * size + (lead - size) / 2
                    width = self.measure.get_string_width(line)
                    if _is_number(span):
                        x = x_right - PAD_X - width
                    elif r < header or span.colspan > 1 and not any(s and _is_number(s) for s in grid[r]):
                        x = x_left + (x_right - x_left - width) / 2
                    else:
                        x = x_left + PAD_X
                    pdf.text(x, baseline, line)
        top = page_rows[0][1]
        bottom = tops[last] + heights[last]
        if rules == "booktabs":
            pdf.set_line_width(1.0)
            pdf.line(xs[0], top, xs[-1], top)
            pdf.line(xs[0], bottom, xs[-1], bottom)
            pdf.set_line_width(0.5)
            header_rows = [r for r in shown if r < header]
            if header_rows:
                y = tops[header_rows[-1]] + heights[header_rows[-1]]
                pdf.line(xs[0], y, xs[-1], y)
        elif rules == "rows":
            pdf.line(xs[0], top, xs[-1], top)
            for r in shown:
                if r + 1 < header and r in tops:
                    continue  # rows of a multi-row header share one rule below the header
                pdf.line(xs[0], tops[r] + heights[r], xs[-1], tops[r] + heights[r])


def _is_number(span) -> bool:
    return span.number is not None or bool(NUMBER.match(span.text.replace(" ", ""))) and any(
        ch.isdigit() for ch in span.text) and len(span.text) > 3 and ("." in span.text or "," in span.text)


def _header_count(grid: list) -> int:
    """Rows before the first row that prints an amount (the header, with a 栏次 row)."""
    for r, row in enumerate(grid):
        if any(span is not None and span.number is not None for span in row):
            return r
    return max(len(grid) - 1, 0)


def write_pdf(items: list, style: PdfStyle, unit: str = "") -> bytes:
    """``items`` (paragraph strings and grids, see :func:`tests.layout_variants.blocks`) as a PDF."""
    chars = set()
    for item in items:
        if isinstance(item, str):
            chars |= set(item)
        else:
            for row in item:
                for span in row:
                    if span is not None:
                        chars |= set(span.text)
    chars |= set(unit)
    pages = _Pages(style, _font(chars), unit)
    for item in items:
        if isinstance(item, str):
            pages.paragraph(item)
        else:
            pages.table(item)
    pages.footers()
    return bytes(pages.pdf.output())
