"""Readers turn a file into the common :class:`hcfin.model.Document`.

The reader is chosen by the file's content (its first bytes), not only by its name.
"""

from __future__ import annotations

import hashlib
import os
import stat
from pathlib import Path

from .. import limits
from ..errors import ParseError
from ..model import Document


def sniff_format(head: bytes, path: Path) -> str:
    """Name the format of a file from its first bytes (and, as a last resort, its suffix)."""
    if head.startswith(b"%PDF"):
        return "pdf"
    if head.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        return "ole"
    if head.startswith(b"PK\x03\x04"):
        suffix = path.suffix.lower()
        if suffix in (".xlsx", ".xlsm"):
            return "xlsx"
        if suffix == ".docx":
            return "docx"
        return "zip"
    lowered = head[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    if lowered.startswith((b"<!doctype html", b"<html", b"<?xml", b"<head", b"<body", b"<table",
                           b"<meta", b"<!--")) or b"<html" in lowered:
        return "html"
    return "text"


def sniff_zip(data: bytes, path: Path) -> str:
    """Name an Office file by what its zip holds: ``word/document.xml`` or ``xl/workbook.xml``.

    Raises:
        ParseError: the zip is damaged or truncated, or holds neither a Word nor an Excel file.
    """
    import io
    import zipfile

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError) as exc:
        raise ParseError(path, f"damaged or truncated zip archive ({exc}); expected a .docx or .xlsx file") from None
    if "word/document.xml" in names:
        return "docx"
    if "xl/workbook.xml" in names:
        return "xlsx"
    raise ParseError(path, "zip archive holds neither word/document.xml nor xl/workbook.xml; "
                           "expected a .docx or .xlsx file")


def read_document(path: str | Path) -> Document:
    """Read any supported file into a Document.

    Raises:
        ParseError: the file is missing, not a regular file, empty, binary, of a format hcfin
            cannot read, or over one of the limits of :mod:`hcfin.limits` (``LimitExceeded``).
    """
    path = Path(path)
    data = read_regular_file(path)
    if not data:
        raise ParseError(path, "file is empty; expected the text of a 部门决算 disclosure")
    document = _read(path, data)
    limits.check(path, "characters of text", sum(map(len, document.lines)), "MAX_TEXT_CHARS")
    limits.check(path, "paragraphs and tables", len(document.blocks), "MAX_BLOCKS")
    return document


def read_regular_file(path: Path) -> bytes:
    """The bytes of ``path`` when it is a regular file within ``MAX_FILE_BYTES``.

    A FIFO, device, socket or folder is refused before it is opened (opening a FIFO blocks until
    someone writes to it).

    Raises:
        ParseError: the path is missing, not a regular file, unreadable or too large.
    """
    try:
        info = os.stat(path)
    except (OSError, ValueError) as exc:
        raise ParseError(path, f"cannot read file: {getattr(exc, 'strerror', None) or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        kind = ("a folder" if stat.S_ISDIR(info.st_mode) else "a named pipe (FIFO)" if stat.S_ISFIFO(info.st_mode)
                else "a device" if stat.S_ISCHR(info.st_mode) or stat.S_ISBLK(info.st_mode)
                else "a socket" if stat.S_ISSOCK(info.st_mode) else "not a regular file")
        raise ParseError(path, f"is {kind}, not a regular file; expected a disclosure file")
    limits.check(path, "file size in bytes", info.st_size, "MAX_FILE_BYTES")
    try:
        with open(path, "rb", opener=_nonblocking) as handle:
            if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):  # swapped since the check above
                raise ParseError(path, "is not a regular file; expected a disclosure file")
            data = handle.read(limits.MAX_FILE_BYTES + 1)
    except OSError as exc:
        raise ParseError(path, f"cannot read file: {exc.strerror or exc}") from None
    limits.check(path, "file size in bytes", len(data), "MAX_FILE_BYTES")
    return data


def _nonblocking(name: str, flags: int) -> int:
    return os.open(name, flags | getattr(os, "O_NONBLOCK", 0))


def _read(path: Path, data: bytes) -> Document:
    sha256 = hashlib.sha256(data).hexdigest()
    fmt = sniff_format(data[:4096], path)
    if fmt == "text":
        from .text import read_text

        return read_text(path, data, sha256)
    if fmt == "pdf":
        from .pdf import read_pdf

        return read_pdf(path, data, sha256)
    if fmt == "ole":
        raise ParseError(path, "old binary Office file (.doc/.xls/.wps/.et); save it as .docx or .xlsx "
                               "and read that")
    if fmt in ("zip", "docx", "xlsx"):
        fmt = sniff_zip(data, path)
    if fmt == "html":
        from .html import read_html

        return read_html(path, data, sha256)
    if fmt == "docx":
        from .docx import read_docx

        return read_docx(path, data, sha256)
    if fmt == "xlsx":
        from .xlsx import read_xlsx

        return read_xlsx(path, data, sha256)
    raise ParseError(path, f"{fmt} files are not supported yet; expected a text export of a disclosure")
