"""Resource limits for reading untrusted files, as named constants with one way to say "too big".

hcfin reads files downloaded from many portals. A small file can ask for gigabytes or minutes: a
zip part that inflates a thousandfold, a PDF stream that inflates to hundreds of megabytes, a
``colspan`` of a million, a thousand nested elements. Every such quantity is bounded here, far
above what a real disclosure needs (a large one is a few MB with a few thousand table cells per
table), and a file that goes over a bound is refused with one :class:`LimitExceeded` line naming
the file, the line where there is one, the limit and the value found. Nothing is truncated
silently: a document is read whole or refused.

The bounds keep any one reading within about 1 GB of memory and 20 s on a slow machine.
"""

from __future__ import annotations

from pathlib import Path

from .errors import ParseError

__all__ = [
    "LimitExceeded",
    "MAX_ARCHIVE_MEMBERS",
    "MAX_ARCHIVE_XML_BYTES",
    "MAX_BLOCKS",
    "MAX_FILE_BYTES",
    "MAX_HTML_BYTES",
    "MAX_HTML_DEPTH",
    "MAX_NESTING",
    "MAX_PAGE_CHARS",
    "MAX_PAGE_OBJECTS",
    "MAX_PART_BYTES",
    "MAX_PDF_CHARS",
    "MAX_PDF_IMAGE_BYTES",
    "MAX_PDF_PAGES",
    "MAX_PDF_STREAM_BYTES",
    "MAX_SHEET_CELLS",
    "MAX_SPAN",
    "MAX_TABLE_CELLS",
    "MAX_TEXT_CHARS",
    "check",
]

MiB = 1024 * 1024

#: Size of the file itself (it is read into memory whole).
MAX_FILE_BYTES = 128 * MiB
#: Size of a web page (HTML is parsed by a pure-Python tokenizer at roughly 1 MB a second; a
#: portal page is well under 1 MB, a Word document saved as a web page a few MB).
MAX_HTML_BYTES = 6 * MiB
#: Inflated size of one XML part of a .docx/.xlsx (``word/document.xml``, a sheet, shared strings).
#: The zip's declared size is checked before anything is inflated, and :mod:`zipfile` never
#: inflates a member past its declared size (a lying size ends in a CRC error).
MAX_PART_BYTES = 16 * MiB
#: Inflated size of all XML parts of one .docx/.xlsx together.
MAX_ARCHIVE_XML_BYTES = 64 * MiB
#: Members of one .docx/.xlsx zip.
MAX_ARCHIVE_MEMBERS = 10_000
#: Inflated size of one PDF stream that PDFium parses (page contents, object streams, fonts).
MAX_PDF_STREAM_BYTES = 16 * MiB
#: Inflated size of one PDF image stream (decoded only if drawn; hcfin never draws).
MAX_PDF_IMAGE_BYTES = 128 * MiB
#: Pages of one PDF (a long disclosure has about a hundred; each page costs tens of ms).
MAX_PDF_PAGES = 500
#: Characters of one PDF, all pages together (each is handled one by one in Python; a long
#: disclosure has a few hundred thousand).
MAX_PDF_CHARS = 1_000_000
#: Characters on one PDF page (a dense page of small print holds a few thousand).
MAX_PAGE_CHARS = 100_000
#: Objects (text runs, paths, images) on one PDF page.
MAX_PAGE_OBJECTS = 50_000
#: Characters of text in one document, all pages and parts together.
MAX_TEXT_CHARS = 8_000_000
#: Paragraphs and tables of one document (a long disclosure has a few thousand).
MAX_BLOCKS = 50_000
#: Cells of one worksheet that openpyxl hands over, empty ones included (a sheet holding all nine
#: tables has under 10,000).
MAX_SHEET_CELLS = 50_000
#: Grid positions of one table, spanned positions included (rows × columns after expansion).
MAX_TABLE_CELLS = 500_000
#: ``rowspan``/``colspan``/``gridSpan`` of one cell; a larger span is read as this (with an issue).
MAX_SPAN = 1_000
#: Nesting depth of a web page's elements kept as a tree (tables may go twice as deep); deeper
#: elements (piles of unclosed tags) are read as flat content, not refused.
MAX_HTML_DEPTH = 200
#: Nesting depth of elements that hcfin walks (Word content controls and tables inside cells).
MAX_NESTING = 100


class LimitExceeded(ParseError):
    """A file goes over one of the limits above: which one, by how much, and where."""

    def __init__(self, path: str | Path, what: str, value: int, limit_name: str, line: int | None = None,
                 at_least: bool = False):
        self.what = what
        self.value = value
        self.limit_name = limit_name
        self.limit = globals()[limit_name]
        size = f"at least {value:,} (counting stopped there)" if at_least else f"{value:,}"
        super().__init__(path, f"{what} is {size}, over the limit {limit_name} = {self.limit:,}; "
                               "refusing to read it (a real disclosure stays far below)", line=line)


def check(path: str | Path, what: str, value: int, limit_name: str, line: int | None = None,
          at_least: bool = False) -> None:
    """Raise :class:`LimitExceeded` when ``value`` is over the limit named ``limit_name``.

    Args:
        path: the file being read.
        what: what was measured, in words (``"word/document.xml inflated size in bytes"``).
        value: the measured value.
        limit_name: the name of a constant of this module (``"MAX_PART_BYTES"``).
        line: the line of the file to blame, when there is one.
        at_least: ``value`` is where counting stopped, not the whole (an inflation cut short).
    """
    if value > globals()[limit_name]:
        raise LimitExceeded(path, what, value, limit_name, line, at_least)
