"""Reading a multi-level table header from ragged rows, by words.

Readers give one cell per printed cell: a cell merged across columns appears once, and a
cell merged down leaves ``""`` in the rows below. A header row's cells therefore do not
line up with the columns, and the column tree is rebuilt level by level. The columns
known after the rows above are *units*; each next row is matched against them left to
right:

* a blank cell continues the unit above it (a cell merged down);
* a run of named cells subdivides the unit(s) above it: a run under one unit splits it
  (本年支出 → 小计 | 基本支出 | 项目支出), as many names as units name one each, and a run
  that is a multiple of its units splits each evenly (预算数 | 决算数 under every 三公 item);
* an all-blank row names nothing and is skipped.

The label area (code and name columns: 项目, 科目编码, 类/款/项 …) is matched separately
from the measures, so a run never mixes the two. No column numbers are needed.
"""

from __future__ import annotations

from dataclasses import dataclass

from .layout import is_label_word


@dataclass(frozen=True)
class Unit:
    """One column (or a group of columns not yet split) of a header: its path of names."""

    path: tuple[str, ...]
    label: bool  # a column of the label area (code, name), not a measure


def first_units(texts: list[str]) -> list[Unit]:
    """Units of a table's first header row: leading label words, then one measure per cell."""
    units: list[Unit] = []
    for index, text in enumerate(texts):
        in_label_area = all(is_label_word(t) for t in texts[: index + 1] if t) and is_label_word(text)
        units.append(Unit((text,) if text else (), label=in_label_area))
    return units


def refine(units: list[Unit], texts: list[str]) -> list[Unit] | None:
    """The units after one more header row, or None if the row does not fit the units above."""
    if not units:
        return first_units(texts)
    if not any(texts):
        return units
    labels = [u for u in units if u.label]
    measures = [u for u in units if not u.label]
    last_label_word = max((i for i, t in enumerate(texts) if is_label_word(t)), default=-1)
    for split in range(last_label_word + 1, len(texts) + 1):
        if any(t and not is_label_word(t) for t in texts[:split]):
            break
        label_part = fit(labels, texts[:split])
        measure_part = fit(measures, texts[split:])
        if label_part is not None and measure_part is not None:
            return label_part + measure_part
    return None


def fit(units: list[Unit], texts: list[str]) -> list[Unit] | None:
    """Match one row's cells to the units above them (see module docstring)."""
    if not units:
        return [] if not texts else None
    runs = _runs(texts)
    blanks = sum(1 for t in texts if not t)
    spare = len(units) - blanks  # units left for the named runs
    if not runs:
        return list(units) if spare == 0 else None
    lengths = [stop - start for start, stop in runs]
    if spare < len(runs):
        return None
    if len(runs) == 1:
        sizes = [spare]
    elif spare == len(runs):
        sizes = [1] * len(runs)
    elif sum(lengths) == spare:
        sizes = lengths
    else:
        return None
    out: list[Unit] = []
    unit = 0
    index = 0
    run_sizes = iter(zip(runs, sizes))
    while index < len(texts):
        if not texts[index]:
            out.append(units[unit])
            unit += 1
            index += 1
            continue
        (start, stop), size = next(run_sizes)
        names, parents = texts[start:stop], units[unit:unit + size]
        if len(names) % size:
            return None
        per = len(names) // size
        for k, parent in enumerate(parents):
            out.extend(Unit(parent.path + (name,), parent.label) for name in names[k * per:(k + 1) * per])
        unit += size
        index = stop
    return out


def _runs(texts: list[str]) -> list[tuple[int, int]]:
    runs: list[tuple[int, int]] = []
    index = 0
    while index < len(texts):
        if texts[index]:
            start = index
            while index < len(texts) and texts[index]:
                index += 1
            runs.append((start, index))
        else:
            index += 1
    return runs


def read_header(rows: list[list[str]], spanned: list[list[bool]] | None = None) -> list[Unit] | None:
    """The leaf units of a header given as rows of normalised cell texts (None if a row does not fit).

    ``spanned`` marks the blank positions a reader filled in for a merged cell (HTML, DOCX and
    XLSX grids are expanded to full width). Such a position right of a named cell is read as
    part of that cell (merged across) when the row fits that way, else as a blank continuing
    the cell above (merged down); in the first row it is always merged across.
    """
    units: list[Unit] = []
    for index, texts in enumerate(rows):
        marks = spanned[index] if spanned else [False] * len(texts)
        across = _without_spanned_across(texts, marks)
        candidates = [across] if not units else [texts, across] if across != texts else [texts]
        for candidate in candidates:
            refined = refine(units, candidate)
            if refined is not None:
                break
        else:
            return None
        units = refined
    return units


def _without_spanned_across(texts: list[str], marks: list[bool]) -> list[str]:
    """The row as a ragged reader gives it: spanned positions right of a named cell dropped."""
    kept: list[str] = []
    extending = False
    for text, mark in zip(texts, marks):
        if mark and not text and extending:
            continue
        extending = bool(text)
        kept.append(text)
    return kept


def read_grid_header(rows: list[list[str]], spanned: list[list[bool]]) -> list[Unit] | None:
    """The columns of a header given as a full-width grid (HTML, DOCX, XLSX with merged cells).

    Every row has one position per column; ``spanned`` marks the positions a merged cell
    covers beyond its first. Such a position right of a named cell belongs to that cell as
    long as it stays under the same cell of the row above (a header cell never straddles two
    parents); otherwise it continues the cell above it (merged down). A blank position that is
    not spanned continues the cell above too. Returns one unit per column, or None when the
    rows are not a full-width grid or a measure column ends up without a name.
    """
    if not rows or len({len(r) for r in rows}) != 1 or len(spanned) != len(rows):
        return None
    width = len(rows[0])
    paths: list[tuple[str, ...]] = [()] * width
    parents = [(0, width)] * width  # the column range of the cell above each column
    for texts, marks in zip(rows, spanned):
        ranges = list(parents)
        c = 0
        while c < width:
            if not texts[c]:
                c += 1
                continue
            stop = c + 1
            while stop < min(width, parents[c][1]) and marks[stop] and not texts[stop]:
                stop += 1
            for col in range(c, stop):
                paths[col] += (texts[c],)
                ranges[col] = (c, stop)
            c = stop
        parents = ranges
    units = []
    for index, path in enumerate(paths):
        label = bool(path) and all(is_label_word(p) for p in path) and \
            all(units[i].label for i in range(index))
        units.append(Unit(path, label))
    if any(not u.path for u in units):
        return None
    return units
