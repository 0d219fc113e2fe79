"""The document model every reader produces.

A reader (plain text, PDF, HTML, DOCX, XLSX) turns a file into a :class:`Document`:
an ordered list of blocks, each a :class:`Paragraph` or a :class:`Table`, where every
piece of text keeps the place it came from (:class:`Location`). Everything downstream
(table recognition, facts, narrative statements, reconciliation) reads only this model,
so a new file format needs only a new reader.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Union


@dataclass(frozen=True)
class Location:
    """Where a piece of text was printed.

    ``line`` is the 1-based line of the source text (for a text file, the physical line;
    for other formats, the line of the reader's own text rendering, see ``Document.lines``).
    ``page`` is the 1-based page for paginated formats, else ``None``; ``bbox`` is the printed
    box on that page, ``(x0, top, x1, bottom)`` in points from the page's top-left corner, where
    the reader knows it (PDF), else ``None``.
    """

    line: int
    page: int | None = None
    bbox: tuple[float, float, float, float] | None = None

    def __str__(self) -> str:
        return f"page {self.page} line {self.line}" if self.page else f"line {self.line}"


@dataclass(frozen=True)
class Cell:
    """One table cell: its text as printed (whitespace-trimmed) and where it starts.

    ``lines`` lists every source line the cell spans (merged cells spill over several).
    """

    text: str
    loc: Location
    lines: tuple[int, ...] = ()

    @property
    def line(self) -> int:
        return self.loc.line

    @property
    def is_blank(self) -> bool:
        return self.text == ""


@dataclass
class Table:
    """A table as a grid of rows of cells, in printed order (rows may be ragged)."""

    rows: list[list[Cell]]
    loc: Location
    end_line: int

    @property
    def line(self) -> int:
        return self.loc.line


@dataclass
class Paragraph:
    """A run of text outside tables (a heading, a caption, a sentence block)."""

    text: str
    loc: Location

    @property
    def line(self) -> int:
        return self.loc.line


Block = Union[Paragraph, Table]


@dataclass
class Document:
    """A disclosure as read from one file, before any interpretation.

    Attributes:
        path: the file read.
        sha256: hex digest of the file's bytes.
        format: the reader that produced it ("text", "pdf", "html", "docx", "xlsx").
        blocks: paragraphs and tables in reading order.
        lines: the text lines that ``Location.line`` refers to (index ``line - 1``).
        issues: problems the reader met (see :class:`hcfin.errors.Issue`).
        encoding: the text encoding detected, where it applies.
        places: where each rendering line was printed (line → Location with page and bbox), for
            the formats whose reader knows it (PDF); empty otherwise.
    """

    path: Path
    sha256: str
    format: str
    blocks: list[Block]
    lines: list[str]
    issues: list = field(default_factory=list)
    encoding: str | None = None
    places: dict[int, Location] = field(default_factory=dict)

    @property
    def paragraphs(self) -> list[Paragraph]:
        return [b for b in self.blocks if isinstance(b, Paragraph)]

    @property
    def tables(self) -> list[Table]:
        return [b for b in self.blocks if isinstance(b, Table)]
