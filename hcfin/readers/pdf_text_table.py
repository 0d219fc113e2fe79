"""Tables printed without vertical rulings: columns found from how the text is aligned.

A sheet printed from WPS or Excel without borders, or a 三线表 with only a few horizontal rules,
has no grid for :func:`hcfin.readers.pdf_layout.find_grids`. Its table still shows: lines
split into pieces (*segments*) by wide gaps, numbers that line up in columns. This module finds
such tables among a page's free text lines and turns each into a :class:`Grid` with *virtual*
rulings, so the rest of the reader treats it as a ruled table:

* **Rows.** The table is a run of lines of which several print two or more segments with an
  amount; the header is the lines just above the first such line (up to a caption such as
  "单位：万元", a title, a sentence or a wide gap). Body lines form one row each; a line without
  an amount that sits closer to its neighbour than rows sit to each other (a long name wrapped
  inside its cell, or figures centred beside a two-line name) joins that row. Horizontal rules
  inside the table, where there are some, separate the rows.
* **Columns.** Segments of the body lines that overlap horizontally belong to one column;
  a header word over no body text adds a column of its own (a column blank in every row).
* **Header cells.** Each header segment covers the columns it overlaps. A header line's empty
  positions that have a header word right below belong to the neighbouring word that is centred
  over them (本年支出 over 基本支出 | 项目支出); the other empty positions belong to the nearest
  word above or below in the same columns (a cell merged down, printed centred over its rows).

Where that is not clear — two header words over one column, a header word centred over no
single choice of columns, two figures in one column of one row, a continuation without a
header and no table before it — the table is not read: its lines are kept in the rendering but
are neither table nor text, and the reader says where (page, first line, why). A table is
read whole or not at all: when one part of a table broken over pages cannot be read or does
not join the other, both are left unread (see :mod:`hcfin.readers.pdf`), since half a table
would give wrong totals. A miss is reported; a guess is never made.
"""

from __future__ import annotations

import re
import statistics
from dataclasses import dataclass, field

from .pdf_layout import Char, GlyphRun, Grid, Line

SEGMENT_GAP = 0.6  # ems: a wider gap between two glyphs of a line separates two cells
NUMERIC = re.compile(r"^[-+－]?[\d,，.．]*\d%?$")
AMOUNT = re.compile(r"^[-+－]?\d[\d,，]*[.．]\d+$|^[-+－]?\d{1,3}([,，]\d{3})+$")
CAPTION = re.compile(r"^\s*((金额)?单位\s*[:：]|公开\s*\d+\s*表|部门\s*[:：]|编制单位|单位名称\s*[:：])")
NOTE = re.compile(r"^\s*(注|说明|备注)\s*\d?\s*[:：.．、]")
SENTENCE = re.compile(r"[，。；！？]")
PART = re.compile(r"^\s*第[一二三四五六七八九十]+部分")
MAX_HEADER_LINES = 6
MIN_COLUMNS = 3
MIN_NUMBERS = 3
ROW_GAP = 2.5  # ems: a wider vertical gap ends a table


@dataclass(eq=False)
class Segment(GlyphRun):
    """A run of glyphs of one line with no wide gap inside."""

    chars: list[Char]
    line: int  # index of its line in the page's line list

    @property
    def text(self) -> str:
        return "".join(c.text for c in self.chars)

    @property
    def numeric(self) -> bool:
        return bool(NUMERIC.match(self.text))

    @property
    def centre(self) -> float:
        return (self.x0 + self.x1) / 2


class _Unreadable(Exception):
    """A table whose columns cannot be told apart: it is left as text, with a note saying why."""


@dataclass
class TextTable:
    """A table found by alignment: its grid and the reading notes it gives."""

    grid: Grid
    lines: list[int]  # indexes of the page lines it consumed
    notes: list[str] = field(default_factory=list)


def _em(line: Line) -> float:
    cjk = [c.ax1 - c.ax0 for c in line.chars if not c.text.isascii()]
    if cjk:
        return max(statistics.median(cjk), 1.0)
    return max(1.8 * statistics.median([c.ax1 - c.ax0 for c in line.chars]), 1.0)


def _segments(line: Line, index: int) -> list[Segment]:
    em = _em(line)
    out: list[Segment] = []
    for c in line.chars:
        if out and c.ax0 - out[-1].chars[-1].ax1 <= SEGMENT_GAP * em:
            out[-1].chars.append(c)
        else:
            out.append(Segment([c], index))
    return out


def _tabular(segments: list[Segment]) -> bool:
    return len(segments) >= 2 and any(s.numeric for s in segments)


def _stops_header(line: Line, segments: list[Segment]) -> bool:
    text = line.text
    if CAPTION.match(text) or NOTE.match(text) or PART.match(text):
        return True
    if len(segments) == 1 and (SENTENCE.search(text) or text.rstrip("）)").endswith("表") or len(text) > 30):
        return True
    return False


def find_text_tables(lines: list[Line], rules: list[tuple[float, float, float]], carry: list[float] | None = None
                     ) -> tuple[list[TextTable], list[tuple[str, str, list[int]]]]:
    """Tables among a page's free text ``lines`` (top to bottom), with the page's horizontal
    ``rules`` ``(y, x0, x1)`` that are not part of a ruled grid; and the tables left unread, as
    (text of their first line, why, indexes of their lines).

    ``carry``: the column boundaries of a table without rulings that ended the previous page. A
    first table that prints no header of its own continues it and takes its columns (a column
    blank in every row of the continuation is still a column); with no such table to continue,
    a table without a header is left unread."""
    unread: list[tuple[str, str, list[int]]] = []
    segments = [_segments(line, i) for i, line in enumerate(lines)]
    tabular = [_tabular(s) for s in segments]
    tables: list[TextTable] = []
    used: set[int] = set()
    i = 0
    while i < len(lines):
        if i in used:
            i += 1
            continue
        if not tabular[i]:
            try:
                table = _without_numbers(lines, segments, tabular, i, rules, used)
            except _Unreadable as exc:
                table = None
                unread.append((lines[i].text, str(exc), [i]))
            if table is not None:
                tables.append(table)
                used.update(table.lines)
                i = max(table.lines) + 1
            else:
                i += 1
            continue
        start = i
        while start > 0 and start - 1 not in used and _gap(lines[start - 1], lines[start]) < 0 \
                and not _stops_header(lines[start - 1], segments[start - 1]):
            start -= 1  # the first line of a name wrapped beside the row's figures
        body = _body_run(lines, segments, tabular, i)
        body = list(range(start, i)) + body
        header = _header_run(lines, segments, start, used)
        numbers = sum(1 for k in body for s in segments[k] if s.numeric)
        if numbers >= MIN_NUMBERS or (numbers and (any(_wide(lines[k], segments[k]) for k in header)
                                                   or (carry is not None and not tables and not header))):
            try:
                if not header and not any(len(segments[k]) >= MIN_COLUMNS and not any(x.numeric for x in segments[k])
                                          for k in body[:1]):
                    if carry is None or tables:
                        raise _Unreadable("表格没有表头，也不是上页无框线表格的续表")
                    table = _build(lines, segments, header, body, rules, carry)
                else:
                    table = _build(lines, segments, header, body, rules)
            except _Unreadable as exc:
                table = None
                unread.append((lines[(header or body)[0]].text, str(exc), header + body))
                used.update(header + body)
            if table is not None:
                tables.append(table)
                used.update(table.lines)
        i = body[-1] + 1
    return tables, unread


def _wide(line: Line, segments: list[Segment]) -> bool:
    """A line of at least MIN_COLUMNS short words set apart (a header row)."""
    return (len(segments) >= MIN_COLUMNS and not SENTENCE.search(line.text) and not CAPTION.match(line.text)
            and all(len(s.text) <= 16 for s in segments))


def _without_numbers(lines, segments, tabular, i: int, rules, used: set[int]) -> TextTable | None:
    """A table that prints no number at all (an empty 政府性基金 table): a header row of several
    words and the rows below it, up to a note, a caption, a sentence or a wide gap. None when a
    line with amounts follows (the table is then found from that line)."""
    if not _wide(lines[i], segments[i]):
        return None
    em = _em(lines[i])
    body: list[int] = []
    k = i + 1
    while k < len(lines) and _gap(lines[k - 1], lines[k]) <= ROW_GAP * em and not _stops_header(lines[k], segments[k]):
        if tabular[k]:
            return None
        body.append(k)
        k += 1
    last_wide = max((j for j in [i] + body if _wide(lines[j], segments[j])), default=i)
    header = _header_run(lines, segments, i, used) + list(range(i, last_wide + 1))
    body = [j for j in body if j > last_wide]
    if not body:
        return None
    return _build(lines, segments, header, body, rules)


def _gap(upper: Line, lower: Line) -> float:
    return lower.top - upper.bottom


def _body_run(lines, segments, tabular, start: int) -> list[int]:
    """Indexes of the body lines from ``start``: tabular lines, and lines between or after them
    that stay within the table (a wrapped name, a row without amounts)."""
    em = _em(lines[start])
    body = [start]
    k = start + 1
    while k < len(lines):
        line = lines[k]
        if _gap(lines[body[-1]], line) > ROW_GAP * em:
            break
        if not tabular[k] and (_stops_header(line, segments[k]) or _em(line) > 1.25 * em):
            break  # a note, a caption, a sentence, the next table's title, a heading in a larger font
        body.append(k)
        k += 1
    while body and not tabular[body[-1]] and len(body) > 1 and _is_loose(lines, segments, body):
        body.pop()
    return body


def _is_loose(lines, segments, body: list[int]) -> bool:
    """Whether the last body line (without amounts) stands apart like a line after the table:
    farther below its row than rows are from each other."""
    last, before = body[-1], body[-2]
    gaps = [_gap(lines[a], lines[b]) for a, b in zip(body, body[1:])]
    usual = statistics.median(gaps) if gaps else 0.0
    return _gap(lines[before], lines[last]) > 1.5 * max(usual, 0.5 * _em(lines[last]))


def _header_run(lines, segments, first: int, used: set[int]) -> list[int]:
    """Indexes of the header lines above the first body line, top to bottom."""
    header: list[int] = []
    k = first - 1
    em = _em(lines[first])
    below = first
    while k >= 0 and len(header) < MAX_HEADER_LINES and k not in used:
        if _gap(lines[k], lines[below]) > ROW_GAP * em or _stops_header(lines[k], segments[k]):
            break
        header.insert(0, k)
        below = k
        k -= 1
    return header


# --------------------------------------------------------------------------- columns

def _columns(segments: list[Segment], header: list[list[Segment]]) -> list[tuple[float, float]]:
    """Column extents: body segments that overlap are one column; a header word over exactly one
    column widens it (a centred header shows where the column is better than right-aligned
    figures do), a header word over none is a column of its own (blank in every row)."""
    merged: list[list[float]] = []
    for x0, x1 in sorted((s.x0, s.x1) for s in segments):
        if merged and x0 <= merged[-1][1] + 0.5:
            merged[-1][1] = max(merged[-1][1], x1)
        else:
            merged.append([x0, x1])
    for line in header:  # 类 | 款 | 项 over one code printed across them: one column each
        for m in list(merged):
            words = [s for s in line if m[0] < s.x1 and s.x0 < m[1]]
            if len(words) >= 2 and all(not any(o is not m and o[0] < s.x1 and s.x0 < o[1] for o in merged)
                                       for s in words):
                at = merged.index(m)
                cuts = [m[0]] + [(a.x1 + b.x0) / 2 for a, b in zip(words, words[1:])] + [m[1]]
                merged[at:at + 1] = [[max(cuts[k], words[k].x0 if k else m[0]), min(cuts[k + 1], words[k].x1)
                                      if k + 1 < len(words) else max(m[1], words[k].x1)] for k in range(len(words))]
    for line in reversed(header):  # the lowest header line names single columns first
        for s in line:
            over = [m for m in merged if s.x0 < m[1] and m[0] < s.x1]
            if not over:
                merged.append([s.x0, s.x1])
                merged.sort()
            elif len(over) == 1:
                wider = [min(over[0][0], s.x0), max(over[0][1], s.x1)]
                if not any(m is not over[0] and wider[0] < m[1] and m[0] < wider[1] for m in merged):
                    over[0][:] = wider
    return [(x0, x1) for x0, x1 in merged]


def _boundaries(columns: list[tuple[float, float]], pad: float) -> list[float]:
    xs = [columns[0][0] - pad]
    for (_, right), (left, _) in zip(columns, columns[1:]):
        xs.append((right + left) / 2)
    xs.append(columns[-1][1] + pad)
    return xs


def _overlapped(seg: Segment, xs: list[float]) -> list[int]:
    """Columns whose slot the segment overlaps by more than a sliver."""
    out = []
    for k in range(len(xs) - 1):
        if min(seg.x1, xs[k + 1]) - max(seg.x0, xs[k]) > 0.5:
            out.append(k)
    return out


# --------------------------------------------------------------------------- building the grid

def _header_lines(lines, header: list[int], em: float) -> list[Line]:
    """The header's glyphs regrouped into lines by their vertical centres alone: a cell merged
    down and printed centred over its rows sits between two header rows, closer to them than a
    line's height, and must stay a line of its own."""
    out: list[list[Char]] = []
    for c in sorted((c for k in header for c in lines[k].chars), key=lambda c: c.cy):
        if out and c.cy - statistics.fmean(x.cy for x in out[-1]) <= 0.3 * em:
            out[-1].append(c)
        else:
            out.append([c])
    return [Line(sorted(chars, key=lambda c: c.ax0)) for chars in out]


def _build(lines, segments, header: list[int], body: list[int], rules, carry: list[float] | None = None
           ) -> TextTable | None:
    em = _em(lines[body[0]])
    head_lines = _header_lines(lines, header, em)
    head_segs = [_segments(line, -1) for line in head_lines]
    body_segs = [s for k in body for s in segments[k]]
    if carry is not None:
        if any(s.x0 < carry[0] - em or s.x1 > carry[-1] + em for s in body_segs):
            raise _Unreadable("表格没有表头，其文字超出上页表格的各列")
        xs = list(carry)
    else:
        columns = _columns(body_segs, head_segs)
        if len(columns) < MIN_COLUMNS:
            return None
        xs = _boundaries(columns, 0.3 * em)
    notes: list[str] = []
    rows = _body_rows(lines, segments, body, rules, em)
    n_cols = len(xs) - 1
    n_head = len(head_lines)
    # cells: (row0, col0, row1, col1) -> segments
    cells: dict[tuple[int, int, int, int], list[Segment]] = {}
    cells.update(_header_cells(head_segs, xs, em, notes))
    for index, row in enumerate(rows):
        r = n_head + index
        by_col: dict[int, tuple[int, list[Segment]]] = {}  # first column -> (last column, segments)
        row_segs = sorted((s for k in row for s in segments[k]), key=lambda s: (s.chars[0].top, s.x0))
        for seg in row_segs:
            cols = _overlapped(seg, xs)
            if not cols:
                continue
            if len(cols) > 1 and AMOUNT.match(seg.text):
                notes.append(f"数字“{seg.text}”跨两列，按其右端所在的列读取")
                cols = cols[-1:]
            elif len(cols) > 1:
                cols = cols[:1]  # a code or name printed from the left of its cell, running on
            last, segs = by_col.get(cols[0], (cols[-1], []))
            if any(abs(other.chars[0].cy - seg.chars[0].cy) < 0.5 * em for other in segs):
                raise _Unreadable(f"“{segs[0].text}”与“{seg.text}”落在同一列的同一行")
            by_col[cols[0]] = (max(last, cols[-1]), segs + [seg])
        for c0, (c1, segs) in by_col.items():
            cells[(r, c0, r, c1)] = segs
    n_rows = n_head + len(rows)
    owner = [[-1] * n_cols for _ in range(n_rows)]
    spans: dict[int, tuple[int, int, int, int]] = {}
    chars: dict[int, list[Char]] = {}
    for ident, ((r0, c0, r1, c1), segs) in enumerate(sorted(cells.items())):
        if any(owner[r][c] != -1 for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)):
            notes.append("“" + "".join(s.text for s in segs) + "”与另一单元格重叠，未读取")
            continue
        for r in range(r0, r1 + 1):
            for c in range(c0, c1 + 1):
                owner[r][c] = ident
        spans[ident] = (r0, c0, r1, c1)
        chars[ident] = [ch for s in segs for ch in s.chars]
    ident = len(cells)
    for r in range(n_rows):
        for c in range(n_cols):
            if owner[r][c] == -1:
                owner[r][c] = ident
                spans[ident] = (r, c, r, c)
                ident += 1
    ys = _row_boundaries([[line] for line in head_lines] + [[lines[k] for k in row] for row in rows])
    grid = Grid(xs=xs, ys=ys, owner=owner, spans=spans, chars=chars)
    return TextTable(grid, header + [k for row in rows for k in row], notes)


def _body_rows(lines, segments, body: list[int], rules, em: float) -> list[list[int]]:
    """Body lines grouped into rows: by the rules between them where each row is ruled off, else
    a line joins the row above when it sits closer to it than rows sit to each other and one of
    the two prints no amount."""
    inner = sorted(y for y, x0, x1 in rules
                   if lines[body[0]].top - 0.5 * em < y < lines[body[-1]].bottom + 0.5 * em)
    with_amounts = sum(1 for k in body if any(s.numeric for s in segments[k]))
    if inner and len(inner) >= with_amounts // 2:
        rows: list[list[int]] = []
        for k in body:
            mid = (lines[k].top + lines[k].bottom) / 2
            band = sum(1 for y in inner if y < mid)
            if rows and band == rows[-1][0]:
                rows[-1][1].append(k)
            else:
                rows.append((band, [k]))
        return [ks for _, ks in rows]
    gaps = [_gap(lines[a], lines[b]) for a, b in zip(body, body[1:])]
    between = [g for (a, b), g in zip(zip(body, body[1:]), gaps)
               if any(s.numeric for s in segments[a]) and any(s.numeric for s in segments[b])]
    usual = statistics.median(between or gaps) if gaps else 0.0
    rows = [[body[0]]]
    for (a, b), gap in zip(zip(body, body[1:]), gaps):
        amounts_a = any(s.numeric for s in segments[a])
        amounts_b = any(s.numeric for s in segments[b])
        close = gap < 0 or gap < min(0.6 * usual, 0.45 * em) or (not between and gap < 0.45 * em)
        if close and not (amounts_a and amounts_b and gap >= 0):
            rows[-1].append(b)
        else:
            rows.append([b])
    return rows


def _row_boundaries(rows: list[list[Line]]) -> list[float]:
    tops = [min(line.top for line in row) for row in rows]
    bottoms = [max(line.bottom for line in row) for row in rows]
    ys = [tops[0] - 1.0]
    for bottom, top in zip(bottoms, tops[1:]):
        ys.append((bottom + top) / 2)
    ys.append(bottoms[-1] + 1.0)
    for k in range(1, len(ys)):  # rows that overlap (a centred figure) still get increasing boundaries
        ys[k] = max(ys[k], ys[k - 1] + 0.01)
    return ys


def _header_cells(rows: list[list[Segment]], xs: list[float], em: float, notes: list[str]) -> dict:
    """Header segments as cells ``(row0, col0, row1, col1)`` (see the module docstring)."""
    n_rows, n_cols = len(rows), len(xs) - 1
    at: list[list[Segment | None]] = [[None] * n_cols for _ in range(n_rows)]
    spans: dict[int, list[int]] = {}  # id(segment) -> columns
    by_id: dict[int, tuple[int, Segment]] = {}
    for r, segs in enumerate(rows):
        for seg in segs:
            cols = _overlapped(seg, xs)
            if not cols:
                continue
            clash = [c for c in cols if at[r][c] is not None]
            if clash:
                raise _Unreadable(f"表头“{seg.text}”与“{at[r][clash[0]].text}”落在同一列")
            for c in cols:
                at[r][c] = seg
            spans[id(seg)] = cols
            by_id[id(seg)] = (r, seg)
    # horizontal: a header word spans the columns it is centred over; a position with a word
    # right below must be covered by a word of its own row
    for r in range(n_rows):
        words = [seg for seg in dict.fromkeys(at[r]) if seg is not None]
        below = [r + 1 < n_rows and at[r + 1][c] is not None for c in range(n_cols)]
        if not any(below[c] and at[r][c] is None for c in range(n_cols)):
            continue
        chosen = _centred_spans([(w, spans[id(w)][0], spans[id(w)][-1]) for w in words], below, xs, em)
        if chosen is None:  # a header read by guesswork would put figures under the wrong column
            raise _Unreadable("表头“" + "、".join(w.text for w in words) + "”各自所跨的列不能确定"
                              "（文字没有居中于唯一的一组列）")
        for w, (c0, c1) in zip(words, chosen):
            spans[id(w)] = list(range(c0, c1 + 1))
            for c in range(c0, c1 + 1):
                at[r][c] = w
    # vertical: each remaining empty position to the nearest word above or below in its columns
    taken = [[at[r][c] is not None for c in range(n_cols)] for r in range(n_rows)]
    extent: dict[int, list[int]] = {key: [r, r] for key, (r, _) in by_id.items()}
    for key, (r, seg) in sorted(by_id.items(), key=lambda kv: kv[1][0]):
        cols = spans[key]
        for step in (-1, 1):
            k = r + step
            while 0 <= k < n_rows and all(not taken[k][c] for c in cols) and _nearest(k, cols, r, at, step):
                for c in cols:
                    taken[k][c] = True
                extent[key][0 if step < 0 else 1] = k
                k += step
    cells: dict[tuple[int, int, int, int], list[Segment]] = {}
    for key, (r, seg) in by_id.items():
        cols = spans[key]
        cells[(extent[key][0], cols[0], extent[key][1], cols[-1])] = [seg]
    return cells


def _nearest(k: int, cols: list[int], r: int, at, step: int) -> bool:
    """Whether the word on row ``r`` is nearer to row ``k`` than any word on the other side of
    ``k`` in the same columns (a merged cell is printed centred over its rows)."""
    other = k + step
    while 0 <= other < len(at):
        if any(at[other][c] is not None for c in cols):
            return abs(other - k) > abs(k - r) or (abs(other - k) == abs(k - r) and step > 0)
        other += step
    return True


def _centred_spans(words: list[tuple[Segment, int, int]], below: list[bool], xs: list[float],
                   em: float) -> list[tuple[int, int]] | None:
    """The column span of each word of one header row (words left to right, each with the
    columns it overlaps), widened only over empty positions that have a word right below them.

    Among the choices that centre every word about as well as the best does, the one covering
    most such positions wins (本年支出 over 小计 | 基本支出 | 项目支出 rather than over 基本支出
    alone); the positions left over belong to a cell merged down from below (a word printed
    centred between two header rows). None when two such choices tie, or none is centred."""
    n = len(xs) - 1
    if not words:
        return None
    keep = 6
    # states: right end of the previous word -> best ways (cost, covered, spans) to get there
    states: dict[int, list[tuple[float, int, list[tuple[int, int]]]]] = {-1: [(0.0, 0, [])]}
    for index, (seg, a, b) in enumerate(words):
        limit = words[index + 1][1] - 1 if index + 1 < len(words) else n - 1
        nxt: dict[int, list] = {}
        for prev, ways in states.items():
            for left in range(prev + 1, a + 1):
                if any(not below[c] for c in range(left, a)):
                    continue
                for right in range(b, limit + 1):
                    if any(not below[c] for c in range(b + 1, right + 1)):
                        break
                    cost = abs(seg.centre - (xs[left] + xs[right + 1]) / 2)
                    gained = (a - left) + (right - b)
                    for total, covered, spans in ways:
                        nxt.setdefault(right, []).append((total + cost, covered + gained, spans + [(left, right)]))
        states = {right: sorted(ways, key=lambda w: (w[0], -w[1]))[:keep] for right, ways in nxt.items()}
    finals = sorted((w for ways in states.values() for w in ways), key=lambda w: w[0])
    if not finals or finals[0][0] > 0.6 * em * len(words):
        return None
    near = [w for w in finals if w[0] <= finals[0][0] + 0.3 * em]
    most = max(w[1] for w in near)
    best = [w for w in near if w[1] == most]
    if len({tuple(w[2]) for w in best}) > 1:
        return None
    return best[0][2]
