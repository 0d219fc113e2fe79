"""Hostile files for the readers, generated small on disk: spans and nesting that ask for
gigabytes, zip bombs, inflating PDF streams, damaged and empty PDFs, FIFOs, junk.

Each writer takes a folder and returns the path it wrote. ``CORPUS`` maps a case name to its
writer; ``tests/test_hostile_files.py`` runs ``hcfin parse`` on each under a memory and time
limit, and ``benchmarks/bench_hostile.py`` measures some of them.
"""

from __future__ import annotations

import os
import struct
import zipfile
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"
W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
GB = 1024 ** 3


def _html(folder: Path, name: str, body: str) -> Path:
    path = folder / name
    path.write_text(f"<html><head><meta charset='utf-8'></head><body><p>收入支出决算总表</p>{body}</body></html>",
                    encoding="utf-8")
    return path


def big_spans(folder: Path) -> Path:
    """A 7 KB page whose cells span 1000 rows and 1000 columns (once 41 s and 2.4 GB)."""
    rows = "".join("<tr>" + "<td rowspan=1000 colspan=1000>1.00</td>" * 3 + "</tr>" for _ in range(200))
    return _html(folder, "spans.html", f"<table>{rows}</table>")


def odd_spans(folder: Path) -> Path:
    """colspan/rowspan of inf, -1, abc, 1e9, a 400-digit number, 2.5 (once OverflowError)."""
    values = ["inf", "-1", "abc", "1e9", "9" * 400, "2.5", "NaN", "-inf", ""]
    rows = "".join(f"<tr><td colspan='{v}' rowspan='{v}'>项目</td><td>1.00</td></tr>" for v in values)
    return _html(folder, "odd-spans.html", f"<table>{rows}</table>")


def deep_html(folder: Path) -> Path:
    """Tables nested 2,000 deep and 50,000 unclosed <div>s."""
    nested = "<table><tr><td>" * 2000 + "1.00" + "</td></tr></table>" * 2000
    return _html(folder, "deep.html", nested + "<div>" * 50_000 + "文字")


def html_table(folder: Path, megabytes: float, name: str = "big-table.html") -> Path:
    """A plain table of about ``megabytes`` MB (rows of six numbers)."""
    row = "<tr><td>一般公共服务支出</td>" + "<td>123.45</td>" * 6 + "</tr>\n"
    count = int(megabytes * 1024 * 1024 / len(row.encode()))
    return _html(folder, name, "<table>" + row * count + "</table>")


def huge_html(folder: Path) -> Path:
    """A 7 MB web page (over ``MAX_HTML_BYTES``): refused before it is parsed."""
    return html_table(folder, 7, "huge.html")


def _zip(path: Path, members: dict[str, bytes | Path]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return path


def _deflated_repeat(head: bytes, filler: bytes, size: int, tail: bytes) -> tuple[bytes, int, int]:
    """Raw deflate data of ``head + filler * n + tail`` (``size`` bytes in all), its CRC-32 and size,
    made in well under a second for gigabytes: one 4 MB block of filler is compressed after a full
    flush (so it stands alone) and repeated."""
    block = filler * (4 * 1024 * 1024 // len(filler))
    count = (size - len(head) - len(tail)) // len(block)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    repeat = zlib.compressobj(9, zlib.DEFLATED, -15)
    packed_block = repeat.compress(block) + repeat.flush(zlib.Z_FULL_FLUSH)
    final = zlib.compressobj(9, zlib.DEFLATED, -15)
    last = final.compress(tail) + final.flush(zlib.Z_FINISH)
    crc = zlib.crc32(head)
    for _ in range(count):
        crc = zlib.crc32(block, crc)
    crc = zlib.crc32(tail, crc)
    return first + packed_block * count + last, crc, len(head) + len(block) * count + len(tail)


def _zip_with_bomb(path: Path, members: dict[str, bytes], name: str, head: bytes, filler: bytes, size: int,
                   tail: bytes) -> Path:
    """A zip holding ``members`` and one more member ``name`` that inflates to about ``size`` bytes
    (zip64 sizes, declared truthfully), written by hand: zipfile would deflate every byte."""
    import struct

    _zip(path, members)
    data, crc, real = _deflated_repeat(head, filler, size, tail)
    with open(path, "r+b") as handle:
        blob = handle.read()
        end = blob.rfind(b"PK\x05\x06")
        entries, directory_size, directory_at = struct.unpack("<HII", blob[end + 10:end + 20])
        directory = blob[directory_at:directory_at + directory_size]
        handle.seek(directory_at)
        handle.truncate()
        encoded = name.encode()
        extra = struct.pack("<HHQQ", 1, 16, real, len(data))
        offset = handle.tell()
        handle.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                                 len(encoded), len(extra)) + encoded + extra)
        handle.write(data)
        new_at = handle.tell()
        entry = struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 45, 45, 0, 8, 0, 0x21, crc, 0xFFFFFFFF, 0xFFFFFFFF,
                            len(encoded), len(extra), 0, 0, 0, 0, offset) + encoded + extra
        handle.write(directory + entry)
        handle.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, entries + 1, entries + 1,
                                 len(directory) + len(entry), new_at, 0))
    return path


DOCX_TYPES = (b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
              b'<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
              b'officedocument.wordprocessingml.document.main+xml"/></Types>')


def docx_bomb(folder: Path, size: int = 4 * GB) -> Path:
    """A .docx whose word/document.xml inflates to ``size`` bytes of paragraphs (4 GB: ~4 MB on disk)."""
    return _zip_with_bomb(folder / "bomb.docx", {"[Content_Types].xml": DOCX_TYPES}, "word/document.xml",
                          f'<w:document xmlns:w="{W_NS}"><w:body>'.encode(),
                          b"<w:p><w:r><w:t>1.00</w:t></w:r></w:p>", size, b"</w:body></w:document>")


def docx_deep(folder: Path) -> Path:
    """A .docx with 1,000 nested <w:r> (once RecursionError) and content controls 1,000 deep: read."""
    runs = "<w:r>" * 1000 + "<w:t>收入支出决算总表</w:t>" + "</w:r>" * 1000
    sdt = "<w:sdt><w:sdtContent>" * 1000 + "<w:p><w:r><w:t>文字</w:t></w:r></w:p>" + "</w:sdtContent></w:sdt>" * 1000
    xml = f'<w:document xmlns:w="{W_NS}"><w:body><w:p>{runs}</w:p>{sdt}</w:body></w:document>'
    return _zip(folder / "deep.docx", {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": xml.encode()})


def docx_nested_tables(folder: Path) -> Path:
    """A .docx with tables nested 1,000 deep in table cells: refused (``MAX_NESTING``)."""
    table = "<w:tbl><w:tr><w:tc>" * 1000 + "<w:p><w:r><w:t>1.00</w:t></w:r></w:p>" + "</w:tc></w:tr></w:tbl>" * 1000
    xml = f'<w:document xmlns:w="{W_NS}"><w:body>{table}<w:p/></w:body></w:document>'
    return _zip(folder / "nested.docx", {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": xml.encode()})


def docx_wide_span(folder: Path) -> Path:
    """A .docx table cell with gridSpan 2,000,000,000."""
    cell = '<w:tc><w:tcPr><w:gridSpan w:val="2000000000"/></w:tcPr><w:p><w:r><w:t>1.00</w:t></w:r></w:p></w:tc>'
    xml = (f'<w:document xmlns:w="{W_NS}"><w:body><w:p><w:r><w:t>收入支出决算总表</w:t></w:r></w:p>'
           f'<w:tbl>{("<w:tr>" + cell * 3 + "</w:tr>") * 400}</w:tbl></w:body></w:document>')
    return _zip(folder / "wide.docx", {"[Content_Types].xml": DOCX_TYPES, "word/document.xml": xml.encode()})


XLSX_PARTS = {
    "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
                           b'<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
                           b'<Default Extension="xml" ContentType="application/xml"/>'
                           b'<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                           b'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                           b'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
    "_rels/.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                   b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
                   b'officeDocument" Target="xl/workbook.xml"/></Relationships>',
    "xl/workbook.xml": b'<?xml version="1.0"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                       b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>'
                       b'<sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>',
    "xl/_rels/workbook.xml.rels": b'<?xml version="1.0"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
                                  b'2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                                  b'officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/>'
                                  b'</Relationships>',
}
SHEET_HEAD = b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'


def xlsx_bomb(folder: Path, size: int = 4 * GB, name: str = "bomb.xlsx") -> Path:
    """An .xlsx whose sheet inflates to ``size`` bytes of cells (4 GB: ~4 MB on disk)."""
    return _zip_with_bomb(folder / name, XLSX_PARTS, "xl/worksheets/sheet1.xml", SHEET_HEAD + b'<row r="1">',
                          b'<c t="inlineStr"><is><t>1.00</t></is></c>', size, b"</row></sheetData></worksheet>")


def xlsx_lying_size(folder: Path) -> Path:
    """An .xlsx whose sheet declares 2 KB in the zip (local header and directory) but inflates to 1 GB."""
    path = xlsx_bomb(folder, GB, "lying.xlsx")
    with zipfile.ZipFile(path) as archive:
        real = struct.pack("<Q", archive.getinfo("xl/worksheets/sheet1.xml").file_size)
    data = bytearray(path.read_bytes())
    for at in (data.find(real), data.rfind(real)):  # the zip64 sizes of the local header and the directory
        data[at:at + 8] = struct.pack("<Q", 2048)
    path.write_bytes(bytes(data))
    return path


def xlsx_huge_merge(folder: Path) -> Path:
    """An .xlsx whose one merged range covers the whole sheet (17 billion cells)."""
    sheet = (SHEET_HEAD + b'<row r="1"><c r="A1" t="inlineStr"><is><t>1.00</t></is></c></row></sheetData>'
             b'<mergeCells count="1"><mergeCell ref="A1:XFD1048576"/></mergeCells></worksheet>')
    return _zip(folder / "merge.xlsx", {**XLSX_PARTS, "xl/worksheets/sheet1.xml": sheet})


def _pdf(objects: list[bytes]) -> bytes:
    """A PDF with these objects (1-based) and a correct cross-reference table."""
    out = bytearray(b"%PDF-1.7\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += f"{number} 0 obj\n".encode() + body + b"\nendobj\n"
    xref = len(out)
    out += f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode()
    out += b"".join(f"{offset:010d} 00000 n \n".encode() for offset in offsets)
    out += f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode()
    return bytes(out)


def _stream(content: bytes, extra: bytes = b"") -> bytes:
    packed = zlib.compress(content, 9)
    return b"<< /Length %d /Filter /FlateDecode %s>>\nstream\n" % (len(packed), extra) + packed + b"\nendstream"


def pdf_stream_bomb(folder: Path) -> Path:
    """A PDF whose one page's content stream inflates to 400 MB (about 0.4 MB on disk)."""
    content = b"BT /F1 12 Tf 72 720 Td (x) Tj ET\n" + b" " * (400 * 1024 * 1024)
    pdf = _pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R >>", _stream(content)])
    path = folder / "stream-bomb.pdf"
    path.write_bytes(pdf)
    return path


def pdf_zero_pages(folder: Path) -> Path:
    """A well-formed PDF with no page (once "PDFium: Success")."""
    path = folder / "zero-pages.pdf"
    path.write_bytes(_pdf([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [] /Count 0 >>"]))
    return path


def pdf_damaged(folder: Path) -> Path:
    """A real disclosure PDF with 20 KB overwritten in its middle."""
    source = min((ROOT / "data" / "raw").glob("shanghai-putuo-*-2024.pdf"))
    data = bytearray(source.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 20 * 1024] = b"\x00" * (20 * 1024)
    path = folder / "damaged.pdf"
    path.write_bytes(bytes(data))
    return path


def fifo(folder: Path) -> Path:
    """A named pipe no one writes to (opening it to read blocks forever)."""
    path = folder / "pipe.txt"
    os.mkfifo(path)
    return path


def directory(folder: Path) -> Path:
    path = folder / "a-folder.txt"
    path.mkdir()
    return path


def empty(folder: Path) -> Path:
    path = folder / "empty.txt"
    path.write_bytes(b"")
    return path


def junk(folder: Path) -> Path:
    """64 KB of random bytes (a fixed seed)."""
    import random

    path = folder / "junk.bin"
    path.write_bytes(random.Random(14).randbytes(64 * 1024))
    return path


def long_unit(folder: Path) -> Path:
    """The seed with a unit name of 400 bytes (a file name can hold 255)."""
    text = SEED.read_text(encoding="utf-8").replace("怀化市养老和工伤保险服务中心", "怀化市" + "很长的单位名称" * 20)
    path = folder / "long-unit.txt"
    path.write_text(text, encoding="utf-8")
    return path


CORPUS = {
    "big_spans": big_spans, "odd_spans": odd_spans, "deep_html": deep_html,
    "big_html_table": lambda folder: html_table(folder, 0.3), "huge_html": huge_html,  # 1–4 MB: the benchmark
    "docx_bomb": docx_bomb, "docx_deep": docx_deep, "docx_nested_tables": docx_nested_tables,
    "docx_wide_span": docx_wide_span,
    "xlsx_bomb": xlsx_bomb, "xlsx_lying_size": xlsx_lying_size, "xlsx_huge_merge": xlsx_huge_merge,
    "pdf_stream_bomb": pdf_stream_bomb, "pdf_zero_pages": pdf_zero_pages, "pdf_damaged": pdf_damaged,
    "fifo": fifo, "directory": directory, "empty": empty, "junk": junk, "long_unit": long_unit,
}
