"""Look through a PDF's bytes before PDFium parses it: stream sizes and signs of damage.

PDFium inflates a page's content streams whole when it loads the page, so a 1 MB file whose stream
inflates to 400 MB costs gigabytes. :func:`scan_pdf` inflates every Flate stream itself first,
in bounded pieces (never more than ``MAX_PDF_STREAM_BYTES`` of output, ``MAX_PDF_IMAGE_BYTES``
for an image, which PDFium only decodes to draw it), and refuses the file when one goes over.

The same pass looks for damage PDFium repairs silently: a Flate stream that does not inflate,
and cross-reference entries that do not point at the object they name (a region of the file
overwritten or lost). Damage is returned as issues: the document is still read, with a warning
that some of its content may be missing or wrong.
"""

from __future__ import annotations

import re
import zlib
from pathlib import Path

from .. import limits
from ..errors import Issue

__all__ = ["scan_pdf"]

STREAM = re.compile(rb"stream\r?\n")
OBJECT_START = re.compile(rb"(\d+)\s+(\d+)\s+obj\b")
FLATE_FIRST = re.compile(rb"/Filter\s*\[?\s*/(?:FlateDecode|Fl)\b")
IMAGE = re.compile(rb"/Subtype\s*/Image\b")
STARTXREF = re.compile(rb"startxref\s+(\d+)")
CHUNK = 1 << 20
DICT_WINDOW = 4096  # how far back from "stream" the stream's dictionary is looked for


def _inflated_size(data: bytes, limit: int) -> int | None:
    """Bytes ``data`` inflates to, stopping past ``limit``; None when it is not valid zlib data."""
    inflater = zlib.decompressobj()
    size = 0
    try:
        size += len(inflater.decompress(data, CHUNK))
        while inflater.unconsumed_tail and not inflater.eof and size <= limit:
            piece = inflater.decompress(inflater.unconsumed_tail, CHUNK)
            if not piece:
                break  # a byte zlib keeps back without producing more: nothing left to inflate
            size += len(piece)
    except zlib.error:
        return None
    return size


def _streams(data: bytes):
    """(object number, dictionary bytes, stream bytes, line) of each stream in the file."""
    position, counted, line = 0, 0, 1
    while True:
        match = STREAM.search(data, position)
        if match is None:
            return
        start = match.end()
        end = data.find(b"endstream", start)
        position = len(data) if end < 0 else end + 9
        before = data[max(0, match.start() - DICT_WINDOW):match.start()]
        if not before.rstrip().endswith(b">>"):
            position = start  # the word "stream" inside other data, not a stream keyword
            continue
        line += data.count(b"\n", counted, start)
        counted = start
        header = list(OBJECT_START.finditer(before))
        number = int(header[-1].group(1)) if header else None
        dictionary = before[header[-1].end():] if header else before
        yield number, dictionary, data[start:end if end >= 0 else len(data)], line


def _bad_xref_entries(data: bytes) -> list[str]:
    """Objects whose classic cross-reference entry points where that object is not."""
    found = STARTXREF.findall(data[-2048:])
    if not found:
        return []
    at = int(found[-1])
    end = data.find(b"trailer", at)
    if not data.startswith(b"xref", at) or end < 0:
        return []  # a cross-reference stream (PDF 1.5+), or no table where startxref says
    tokens = data[at + 4:end].split()
    bad: list[str] = []
    i = 0
    try:
        while i + 1 < len(tokens):
            first, count = int(tokens[i]), int(tokens[i + 1])
            i += 2
            for number in range(first, first + count):
                offset, kind = int(tokens[i]), tokens[i + 2]
                i += 3
                if kind != b"n":
                    continue
                head = OBJECT_START.match(data, offset)
                if head is None or int(head.group(1)) != number:
                    bad.append(str(number))
    except (ValueError, IndexError):
        bad.append("交叉引用表本身")
    return bad


def scan_pdf(path: Path | str, data: bytes) -> list[Issue]:
    """Check every Flate stream's inflated size and look for damage (see the module docstring).

    Returns:
        Warnings about damage found (empty for an intact file).

    Raises:
        LimitExceeded: a stream inflates past ``MAX_PDF_STREAM_BYTES`` (``MAX_PDF_IMAGE_BYTES``
            for an image).
    """
    damaged: list[str] = []
    for number, dictionary, body, line in _streams(data):
        if not FLATE_FIRST.search(dictionary):
            continue
        image = bool(IMAGE.search(dictionary))
        limit_name = "MAX_PDF_IMAGE_BYTES" if image else "MAX_PDF_STREAM_BYTES"
        size = _inflated_size(body, getattr(limits, limit_name))
        if size is None:
            damaged.append(f"对象{number}" if number is not None else f"第{line}行")
            continue
        what = f"inflated size in bytes of {'image ' if image else ''}stream {number if number is not None else '?'} 0 obj"
        limits.check(path, what, size, limit_name, line=line, at_least=True)
    issues: list[Issue] = []
    if damaged:
        issues.append(Issue("warning", "damaged_pdf",
                            f"PDF 文件已损坏：{len(damaged)}个压缩数据流无法解压（{'、'.join(damaged[:8])}"
                            f"{'等' if len(damaged) > 8 else ''}），其中的文字或表格可能缺失"))
    bad = _bad_xref_entries(data)
    if bad:
        issues.append(Issue("warning", "damaged_pdf",
                            f"PDF 文件已损坏：交叉引用表中{len(bad)}个对象（{'、'.join(bad[:8])}"
                            f"{'等' if len(bad) > 8 else ''}）不在所指的位置（文件有一部分被覆盖或丢失），"
                            "PDFium 已尝试修复，相应的文字或表格可能缺失"))
    return issues
