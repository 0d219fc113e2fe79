"""Reading a table grid's header: where the data starts and what each column means."""

from __future__ import annotations

import re

from ..model import Cell

INTEGER = re.compile(r"\d{1,2}")
COLUMN_LABEL = "栏次"


def norm(text: str) -> str:
    """A cell's text with every space removed (for matching words, not for output)."""
    return "".join(text.split())


def find_column_row(rows: list[list[Cell]]) -> int | None:
    """Index of the 栏次 row (column numbers 1, 2, 3 …), or None if the table prints none."""
    for index, row in enumerate(rows):
        texts = [norm(cell.text) for cell in row]
        numbers = [t for t in texts if INTEGER.fullmatch(t)]
        if COLUMN_LABEL in texts and numbers:
            return index
        filled = [t for t in texts if t]
        if len(filled) >= 2 and filled == numbers and [int(t) for t in numbers] == list(range(1, len(numbers) + 1)):
            return index
    return None


def column_paths(header_rows: list[list[Cell]], n: int) -> list[list[str]]:
    """The header path (top group … leaf) of each of the ``n`` value columns.

    The leaf row is the lowest header row with at least ``n`` cells; its last ``n`` cells
    name the columns. A blank leaf means the column is named by a spanning header above;
    a run of named leaves sits under the next spanning header. Rows above with fewer cells
    are spanning headers, consumed left to right (the seed's T05, T07 and T09 layouts).
    """
    paths: list[list[str]] = [[] for _ in range(n)]
    leaf_index = None
    for index in range(len(header_rows) - 1, -1, -1):
        texts = [norm(cell.text) for cell in header_rows[index]]
        if len(texts) >= n and any(texts[-n:]):
            leaf_index = index
            break
    if leaf_index is None:
        return paths
    leaves = [norm(cell.text) for cell in header_rows[leaf_index]][-n:]
    units: list[list[int]] = []  # columns grouped into the units the next level up names
    names: list[str] = []
    for column, text in enumerate(leaves):
        if text:
            paths[column].append(text)
    # Units at the leaf level: a blank leaf is a unit on its own; a run of named leaves is one unit.
    column = 0
    while column < n:
        if leaves[column]:
            run = [column]
            while column + 1 < n and leaves[column + 1]:
                column += 1
                run.append(column)
            units.append(run)
        else:
            units.append([column])
        names.append(leaves[column])
        column += 1
    for index in range(leaf_index - 1, -1, -1):
        groups = [norm(cell.text) for cell in header_rows[index]]
        groups = [g for g in groups if g and g not in ("项目", COLUMN_LABEL)]
        if not groups or len(groups) >= n + 1:
            continue
        if len(units) == len(groups) or any(not name for name in names):
            # One spanning header per unit: blank leaves take it as their name.
            assignment = [[unit] for unit in units[: len(groups)]]
        elif len(units) % len(groups) == 0:
            size = len(units) // len(groups)
            assignment = [units[i * size:(i + 1) * size] for i in range(len(groups))]
        else:
            continue
        new_units: list[list[int]] = []
        for group, members in zip(groups, assignment):
            merged = [c for unit in members for c in unit]
            for c in merged:
                paths[c].insert(0, group)
            new_units.append(merged)
        units, names = new_units, groups
    return paths
