"""Typed errors and the problems met while reading a disclosure."""

from __future__ import annotations

from dataclasses import dataclass, fields
from pathlib import Path


class ParseError(Exception):
    """The file is not a readable disclosure at all.

    Carries the file, the line (when one is to blame) and a one-line reason.
    """

    def __init__(self, path: str | Path, reason: str, line: int | None = None):
        self.path = str(path)
        self.line = line
        self.reason = reason
        where = f"{self.path}:{line}" if line else self.path
        super().__init__(f"{where}: {reason}")


SEVERITIES = ("error", "warning", "info")


@dataclass(frozen=True)
class Issue:
    """A problem met while reading: what, where and how serious.

    ``kind`` is a stable machine-readable tag (e.g. ``"unreadable_number"``);
    ``message`` says in words what was found and what was expected.
    """

    severity: str
    kind: str
    message: str
    line: int | None = None
    page: int | None = None
    table: str | None = None
    text: str | None = None

    def to_dict(self) -> dict:
        # every field is a str, int or None: no deep copy needed (asdict's costs 0.2 ms an issue)
        return {name: getattr(self, name) for name in ISSUE_FIELDS}


ISSUE_FIELDS = tuple(f.name for f in fields(Issue))


def line_ranges(lines) -> str:
    """Line numbers as the reader sees them: "121–125、130" (sorted, runs joined by a dash)."""
    numbers = sorted({int(n) for n in lines})
    parts: list[str] = []
    start = previous = None
    for n in numbers + [None]:
        if start is not None and n == previous + 1:
            previous = n
            continue
        if start is not None:
            parts.append(str(start) if start == previous else f"{start}–{previous}")
        start = previous = n
    return "、".join(parts)
