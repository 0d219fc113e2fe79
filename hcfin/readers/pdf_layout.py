"""Page geometry for the PDF reader: characters, text lines and ruled table grids.

Everything here works on one page at a time, in top-down coordinates (points from the
top-left corner), from pdfium's text layer and path objects:

* :func:`page_chars` reads every printed character with its *tight* glyph box. Tight boxes
  matter: some fonts (Times New Roman digits next to a Song-ti sentence) declare a font box
  far taller than the glyphs, so a tool that groups lines by font box or baseline splits the
  digits from their sentence. :func:`group_lines` groups characters whose vertical centre
  falls inside a line's glyph band, which keeps ``184.65`` inside ``支出184.65万元``.
* :func:`page_edges` turns the ruling (thin lines or thin filled rectangles, as Word, WPS
  and ONLYOFFICE draw them) into horizontal and vertical edges.
* :func:`find_grids` snaps and joins the edges, splits them into tables (connected rulings)
  and resolves merged cells: two neighbouring grid cells belong to one printed cell when no
  ruling separates them.
"""

from __future__ import annotations

import bisect
import ctypes
from dataclasses import dataclass, field

SNAP = 2.0  # points: rulings closer than this are the same line
JOIN = 3.0  # points: collinear ruling pieces with a smaller gap are one line
THIN = 3.0  # points: a path thinner than this is a ruling, not a box


@dataclass
class Char:
    """A printed glyph: tight glyph box, plus its horizontal advance (``ax0``-``ax1``).

    The advance (pdfium's loose box) orders glyphs and measures the gaps between them;
    the tight box places the glyph vertically.
    """

    text: str
    x0: float
    top: float
    x1: float
    bottom: float
    ax0: float
    ax1: float
    acy: float  # vertical centre of the font's box (pdfium's loose box)
    spaces: int = 0  # space characters printed just before it (not spaces pdfium made up)

    @property
    def cy(self) -> float:
        return (self.top + self.bottom) / 2

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


class GlyphRun:
    """Horizontal extent of a run of glyphs held left to right in ``chars`` (a line, a cell's segment)."""

    chars: list[Char]

    @property
    def x0(self) -> float:
        return self.chars[0].ax0

    @property
    def x1(self) -> float:
        return max(c.ax1 for c in self.chars)


@dataclass
class Line(GlyphRun):
    """One visual text line: its characters left to right and its rendered text."""

    chars: list[Char]
    text: str = ""

    @property
    def top(self) -> float:
        return min(c.top for c in self.chars)

    @property
    def bottom(self) -> float:
        return max(c.bottom for c in self.chars)

    @property
    def height(self) -> float:
        """Height of the line's full-size glyphs (CJK glyphs where there are any)."""
        tall = [c.bottom - c.top for c in self.chars if not c.text.isascii()]
        heights = tall or [c.bottom - c.top for c in self.chars]
        return max(heights)


@dataclass
class Grid:
    """A ruled table on one page: grid boundaries and its printed cells.

    ``xs``/``ys`` are the column and row boundaries; ``cells`` maps each printed cell
    (a group of grid positions) to its rectangle ``(row0, col0, row1, col1)`` inclusive.
    """

    xs: list[float]
    ys: list[float]
    owner: list[list[int]]  # owner[row][col] = id of the printed cell covering it
    spans: dict[int, tuple[int, int, int, int]]
    chars: dict[int, list[Char]] = field(default_factory=dict)

    @property
    def bbox(self) -> tuple[float, float, float, float]:
        return self.xs[0], self.ys[0], self.xs[-1], self.ys[-1]

    def contains(self, x: float, y: float) -> bool:
        return self.xs[0] <= x <= self.xs[-1] and self.ys[0] <= y <= self.ys[-1]

    def cell_at(self, x: float, y: float) -> int:
        col = min(max(bisect.bisect_right(self.xs, x) - 1, 0), len(self.xs) - 2)
        row = min(max(bisect.bisect_right(self.ys, y) - 1, 0), len(self.ys) - 2)
        return self.owner[row][col]


def _is_cjk(ch: str) -> bool:
    return not ch.isascii()


def page_chars(raw, textpage, height: float) -> tuple[list[Char], int]:
    """Read the printed characters of a page (whitespace dropped) with tight boxes.

    Returns the characters and how many had no trustworthy Unicode mapping.
    """
    left, right, bottom, top = (ctypes.c_double() for _ in range(4))
    loose = raw.FS_RECTF()
    chars: list[Char] = []
    map_errors = 0
    spaces = 0
    for i in range(raw.FPDFText_CountChars(textpage)):
        code = raw.FPDFText_GetUnicode(textpage, i)
        if code in (0, 0xFFFE, 0xFFFF):
            continue
        text = chr(code)
        if text in " \u3000" and not raw.FPDFText_IsGenerated(textpage, i):
            spaces += 1
            continue
        if text.isspace() or text == "\ufffe":
            spaces = 0
            continue
        if raw.FPDFText_HasUnicodeMapError(textpage, i):
            map_errors += 1
        raw.FPDFText_GetCharBox(textpage, i, ctypes.byref(left), ctypes.byref(right),
                                ctypes.byref(bottom), ctypes.byref(top))
        if raw.FPDFText_GetLooseCharBox(textpage, i, ctypes.byref(loose)):
            ax0, ax1, acy = loose.left, loose.right, height - (loose.top + loose.bottom) / 2
        else:
            ax0, ax1, acy = left.value, right.value, height - (top.value + bottom.value) / 2
        chars.append(Char(text, left.value, height - top.value, right.value, height - bottom.value,
                          ax0, ax1, acy, spaces))
        spaces = 0
    return chars, map_errors


def _render(chars: list[Char]) -> str:
    """Text of one line: a space only where the print shows a real gap between words, or where
    printed spaces leave more room than one space (a blank left for a figure: "公车交通补贴  万元";
    pdfium reports such a run as one space character)."""
    out: list[str] = []
    prev: Char | None = None
    for c in chars:
        if prev is not None:
            gap = c.ax0 - prev.ax1
            size = max(c.bottom - c.top, prev.bottom - prev.top, 1.0)
            both_ascii = not _is_cjk(c.text) and not _is_cjk(prev.text)
            if gap > 1.5 * size or (both_ascii and gap > 0.2 * size) or (c.spaces and gap > 0.4 * size):
                out.append(" ")
        out.append(c.text)
        prev = c
    return "".join(out)


def _on_band(top: float, bottom: float, c: Char) -> bool:
    """Whether a glyph is printed on the line whose glyphs span ``top``-``bottom``.

    True when at least half of the shorter of band and glyph lies within the other, or when
    the centre of the glyph's font box lies within the band (a comma or a low full stop is
    mostly below the band, but its font box is centred on the line).
    """
    inner = min(bottom, c.bottom) - max(top, c.top)
    return inner >= 0.5 * max(min(bottom - top, c.bottom - c.top), 0.1) or top <= c.acy <= bottom


def group_lines(chars: list[Char]) -> list[Line]:
    """Group characters into visual lines, top to bottom, each left to right.

    A character joins the current line when it lies on the line's glyph band (see
    :func:`_on_band`), so digits on another baseline, commas, quotes and flat glyphs such
    as 一 stay on the line they are printed on.
    """
    lines: list[Line] = []
    band_top = band_bottom = 0.0
    for c in sorted(chars, key=lambda c: c.cy):
        if lines and _on_band(band_top, band_bottom, c):
            lines[-1].chars.append(c)
            band_top, band_bottom = min(band_top, c.top), max(band_bottom, c.bottom)
            continue
        lines.append(Line([c]))
        band_top, band_bottom = c.top, c.bottom
    for line in lines:
        line.chars.sort(key=lambda c: c.ax0)
        line.text = _render(line.chars)
    return lines


def join_text(parts: list[str]) -> str:
    """Join wrapped pieces of one text: no space inside Chinese text, one between words."""
    out = ""
    for part in parts:
        if out and part and not _is_cjk(out[-1]) and not _is_cjk(part[0]):
            out += " "
        out += part
    return out


def page_edges(raw, page, height: float) -> tuple[list, list]:
    """Rulings of a page as ``(horizontals, verticals)`` in top-down coordinates.

    A horizontal is ``(y, x0, x1)``, a vertical ``(x, y0, y1)``. Thin paths (lines and thin
    filled rectangles) are rulings; a stroked box contributes its four sides.
    """
    hs: list[tuple[float, float, float]] = []
    vs: list[tuple[float, float, float]] = []
    left, bottom, right, top = (ctypes.c_float() for _ in range(4))
    fill, stroke = ctypes.c_int(), ctypes.c_int()
    for k in range(raw.FPDFPage_CountObjects(page)):
        obj = raw.FPDFPage_GetObject(page, k)
        if raw.FPDFPageObj_GetType(obj) != raw.FPDF_PAGEOBJ_PATH:
            continue
        if not raw.FPDFPageObj_GetBounds(obj, ctypes.byref(left), ctypes.byref(bottom),
                                         ctypes.byref(right), ctypes.byref(top)):
            continue
        x0, x1 = left.value, right.value
        y0, y1 = height - top.value, height - bottom.value
        w, h = x1 - x0, y1 - y0
        if h < THIN and w >= THIN:
            hs.append(((y0 + y1) / 2, x0, x1))
        elif w < THIN and h >= THIN:
            vs.append(((x0 + x1) / 2, y0, y1))
        elif w >= THIN and h >= THIN:
            raw.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
            if stroke.value:  # a drawn box; filled-only boxes are shading, not rulings
                hs += [(y0, x0, x1), (y1, x0, x1)]
                vs += [(x0, y0, y1), (x1, y0, y1)]
    return hs, vs


def _merge(edges: list[tuple[float, float, float]]) -> list[tuple[float, float, float]]:
    """Snap edges at nearly the same position and join collinear pieces."""
    merged: list[tuple[float, float, float]] = []
    edges = sorted(edges)
    i = 0
    while i < len(edges):
        j = i
        while j + 1 < len(edges) and edges[j + 1][0] - edges[j][0] <= SNAP:
            j += 1
        group = edges[i:j + 1]
        pos = sum(e[0] for e in group) / len(group)
        pieces = sorted((e[1], e[2]) for e in group)
        start, end = pieces[0]
        for a, b in pieces[1:]:
            if a <= end + JOIN:
                end = max(end, b)
            else:
                merged.append((pos, start, end))
                start, end = a, b
        merged.append((pos, start, end))
        i = j + 1
    return merged


def _covers(edges: list[tuple[float, float, float]], pos: float, at: float) -> bool:
    return any(abs(e[0] - pos) <= SNAP and e[1] - JOIN <= at <= e[2] + JOIN for e in edges)


def _cluster(values: list[float]) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= SNAP:
            continue
        out.append(v)
    return out


def find_grids(hs: list, vs: list) -> list[Grid]:
    """Build the ruled tables of a page from its edges, top to bottom."""
    hs, vs = _merge(hs), _merge(vs)
    if len(hs) < 2 or len(vs) < 2:
        return []
    parent = list(range(len(hs) + len(vs)))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for i, (y, hx0, hx1) in enumerate(hs):
        for j, (x, vy0, vy1) in enumerate(vs):
            if hx0 - JOIN <= x <= hx1 + JOIN and vy0 - JOIN <= y <= vy1 + JOIN:
                parent[find(i)] = find(len(hs) + j)
    groups: dict[int, tuple[list, list]] = {}
    for i, e in enumerate(hs):
        groups.setdefault(find(i), ([], []))[0].append(e)
    for j, e in enumerate(vs):
        groups.setdefault(find(len(hs) + j), ([], []))[1].append(e)
    grids = [_grid(gh, gv) for gh, gv in groups.values() if len(gh) >= 2 and len(gv) >= 2]
    return sorted((g for g in grids if g is not None), key=lambda g: g.ys[0])


def _grid(hs: list, vs: list) -> Grid | None:
    ys = _cluster([e[0] for e in hs])
    xs = _cluster([e[0] for e in vs])
    if len(xs) < 2 or len(ys) < 2:
        return None
    n_rows, n_cols = len(ys) - 1, len(xs) - 1
    parent = list(range(n_rows * n_cols))

    def find(a: int) -> int:
        while parent[a] != a:
            parent[a] = parent[parent[a]]
            a = parent[a]
        return a

    for r in range(n_rows):
        mid_y = (ys[r] + ys[r + 1]) / 2
        for c in range(n_cols):
            if c + 1 < n_cols and not _covers(vs, xs[c + 1], mid_y):
                parent[find(r * n_cols + c)] = find(r * n_cols + c + 1)
            if r + 1 < n_rows and not _covers(hs, ys[r + 1], (xs[c] + xs[c + 1]) / 2):
                parent[find(r * n_cols + c)] = find((r + 1) * n_cols + c)
    owner = [[find(r * n_cols + c) for c in range(n_cols)] for r in range(n_rows)]
    spans: dict[int, tuple[int, int, int, int]] = {}
    for r in range(n_rows):
        for c in range(n_cols):
            k = owner[r][c]
            r0, c0, r1, c1 = spans.get(k, (r, c, r, c))
            spans[k] = (min(r0, r), min(c0, c), max(r1, r), max(c1, c))
    return Grid(xs=xs, ys=ys, owner=owner, spans=spans)


def grid_rows(grid: Grid) -> list[list[str]]:
    """Texts of a grid, one list per grid row, in the seed's convention.

    A cell merged across columns appears once; a cell merged down several rows appears in
    its first row and leaves an empty cell in the rows below (as word processors export
    vertically merged cells). A cell's text lines are joined without breaks.
    """
    texts = {k: join_text([ln.text for ln in group_lines(chs)]) for k, chs in grid.chars.items()}
    rows: list[list[str]] = []
    for r, owners in enumerate(grid.owner):
        row: list[str] = []
        seen: set[int] = set()
        for k in owners:
            if k in seen:
                continue
            seen.add(k)
            row.append(texts.get(k, "") if grid.spans[k][0] == r else "")
        rows.append(row)
    return rows


def grid_boxes(grid: Grid) -> list[list[tuple[float, float, float, float]]]:
    """The printed box ``(x0, top, x1, bottom)`` of every cell of :func:`grid_rows`, in the same order."""
    boxes: list[list[tuple[float, float, float, float]]] = []
    for owners in grid.owner:
        row: list[tuple[float, float, float, float]] = []
        seen: set[int] = set()
        for k in owners:
            if k in seen:
                continue
            seen.add(k)
            r0, c0, r1, c1 = grid.spans[k]
            row.append((grid.xs[c0], grid.ys[r0], grid.xs[c1 + 1], grid.ys[r1 + 1]))
        boxes.append(row)
    return boxes
