"""Reader for the text export of a published disclosure (the seed's layout).

In that layout a table is written one cell per line, each cell line starting with a
single tab; a blank line closes a table row; a cell that spilled over several lines
continues on lines without the leading tab. Empty cells are a bare tab or full-width
spaces (U+3000). Word-processor debris such as ``[bookmark: RANGE!A1:I22]`` is removed.
Every other non-blank line is a paragraph.
"""

from __future__ import annotations

import re
from pathlib import Path

from .. import limits
from ..errors import Issue, ParseError
from ..model import Cell, Document, Location, Paragraph, Table

BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
# Notes and captions never continue a table cell, even without a blank line before them.
NOT_A_CONTINUATION = re.compile(r"^\s*(注|说明|单位|部门|公开\d|第[一二三四五六七八九十]+部分)")
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def decode(path: Path, data: bytes) -> tuple[str, str, list[Issue]]:
    """Decode text bytes: UTF-8 (with or without BOM), else GB18030 (a superset of GBK).

    A file cut off inside its last character (a partial download) is read up to the cut, with a
    warning naming the byte offset and line of the cut.

    Raises:
        ParseError: the bytes are binary or in no encoding hcfin knows (bad bytes before the end).
    """
    issues: list[Issue] = []
    if b"\x00" in data[:65536]:
        raise ParseError(path, "file is binary (contains NUL bytes); expected a text disclosure")
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
        issues.append(Issue("info", "bom", "已去除 UTF-8 字节顺序标记（BOM）", line=1))
    try:
        text, cut = decode_cut(data, "utf-8")
        return text, "utf-8", issues + cut
    except UnicodeDecodeError as exc:
        utf8_error = exc
    try:
        text, cut = decode_cut(data, "gb18030")
    except UnicodeDecodeError:
        line = data[: utf8_error.start].count(b"\n") + 1
        raise ParseError(path, f"not valid UTF-8 or GB18030 text (bad bytes at byte {utf8_error.start})",
                         line=line) from None
    issues.append(Issue("info", "encoding", "文件为 GB18030/GBK 编码文本，已按此解码"))
    return text, "gb18030", issues + cut


#: The longest character of the encodings hcfin decodes (UTF-8 and GB18030: four bytes).
MAX_CHAR_BYTES = 4


def decode_cut(data: bytes, encoding: str) -> tuple[str, list[Issue]]:
    """Decode ``data``; when it ends inside a character (a cut file), decode what comes before
    the cut and say so in a ``truncated_file`` warning (byte offset, line, bytes dropped).

    Raises:
        UnicodeDecodeError: the bytes are not ``encoding``, or go wrong before the last character.
    """
    try:
        return data.decode(encoding), []
    except UnicodeDecodeError as exc:
        at_end = exc.end == len(data) and len(data) - exc.start < MAX_CHAR_BYTES
        if not at_end or exc.reason not in ("unexpected end of data", "incomplete multibyte sequence"):
            raise
        text = data[: exc.start].decode(encoding)  # raises if bad bytes come earlier as well
        line = data[: exc.start].count(b"\n") + 1
        dropped = len(data) - exc.start
        return text, [Issue("warning", "truncated_file",
                            f"文件在第{exc.start}字节（第{line}行）处截断于一个字符中间：末尾{dropped}个字节"
                            f"是不完整的 {encoding.upper()} 字符，未读取；截断处之前的内容均已读取"
                            "（可能是下载不完整，截断处之后的内容缺失）", line=line)]


def _clean(line: str) -> str:
    return BOOKMARK.sub("", line)


def _is_cell_line(line: str) -> bool:
    # One leading tab and no other: "\t933.58". Lines such as "\t\t\t公开01表" are captions.
    return line.startswith("\t") and "\t" not in line[1:]


def read_text(path: Path, data: bytes, sha256: str) -> Document:
    """Parse the seed's text layout into a Document.

    Raises:
        ParseError: the bytes are not text, or the text has no table and no heading of a
            disclosure.
    """
    text, encoding, issues = decode(path, data)
    limits.check(path, "characters of text", len(text), "MAX_TEXT_CHARS")
    raw_lines = text.splitlines()
    control_lines = [i for i, line in enumerate(raw_lines, 1) if CONTROL.search(line)]
    if len(control_lines) > max(3, len(raw_lines) // 20):
        raise ParseError(path, "file looks binary (control characters on many lines)", line=control_lines[0])
    for n in control_lines:
        issues.append(Issue("warning", "control_characters", "已去除控制字符", line=n))
    lines = [CONTROL.sub("", _clean(line)) for line in raw_lines]

    blocks: list = []
    rows: list[list[Cell]] = []
    row: list[Cell] = []
    table_start: int | None = None
    last_cell_line: int | None = None

    def close_row() -> None:
        nonlocal row
        if row:
            rows.append(row)
            row = []

    def close_table(end_line: int) -> None:
        nonlocal rows, table_start
        close_row()
        if rows:
            blocks.append(Table(rows=rows, loc=Location(table_start), end_line=end_line))
        rows, table_start = [], None

    for number, line in enumerate(lines, 1):
        if _is_cell_line(line):
            if table_start is None:
                table_start = number
            row.append(Cell(line[1:].strip(), Location(number), (number,)))
            last_cell_line = number
            continue
        if not line.strip():
            close_row()
            last_cell_line = None
            continue
        if table_start is not None and last_cell_line == number - 1 and not NOT_A_CONTINUATION.match(line):
            previous = row[-1]
            joined = previous.text + line.strip()
            row[-1] = Cell(joined, previous.loc, previous.lines + (number,))
            last_cell_line = number
            continue
        if table_start is not None:
            close_table(number - 1)
        blocks.append(Paragraph(line.strip(), Location(number)))
    if table_start is not None:
        close_table(len(lines))
    if not blocks:
        raise ParseError(path, "file has no text; expected a 部门决算 disclosure")
    return Document(path=path, sha256=sha256, format="text", blocks=blocks, lines=lines,
                    issues=issues, encoding=encoding)
