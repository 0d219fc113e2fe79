"""Each limit of hcfin.limits refuses a file that goes over it, naming the limit, the value and
the file. Real files are read with one limit lowered at a time, so every check is shown to fire
(the hostile corpus in test_hostile_files.py goes over the real limits)."""

from __future__ import annotations

from pathlib import Path

import pytest

from hcfin import limits
from hcfin.readers import read_document

from .office_writers import write_docx, write_html, write_xlsx

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
SEED = RAW / "huaihua-yanglao-gongshang-2024.txt"
PDF = RAW / "shanghai-putuo-caizhengju-2024.pdf"


@pytest.fixture(scope="module")
def renditions(tmp_path_factory):
    folder = tmp_path_factory.mktemp("renditions")
    seed = read_document(SEED)
    return {"text": SEED, "pdf": PDF, "html": write_html(seed, folder / "seed.html"),
            "docx": write_docx(seed, folder / "seed.docx"), "xlsx": write_xlsx(seed, folder / "seed.xlsx")}


CASES = [  # (format, limit lowered, to what)
    ("text", "MAX_FILE_BYTES", 1000),
    ("text", "MAX_TEXT_CHARS", 1000),
    ("html", "MAX_HTML_BYTES", 1000),
    ("html", "MAX_TABLE_CELLS", 50),
    ("docx", "MAX_PART_BYTES", 1000),
    ("docx", "MAX_ARCHIVE_XML_BYTES", 1000),
    ("docx", "MAX_ARCHIVE_MEMBERS", 1),
    ("docx", "MAX_TABLE_CELLS", 50),
    ("docx", "MAX_BLOCKS", 100),
    ("text", "MAX_BLOCKS", 100),
    ("xlsx", "MAX_SHEET_CELLS", 100),
    ("xlsx", "MAX_PART_BYTES", 1000),
    ("xlsx", "MAX_TABLE_CELLS", 50),
    ("pdf", "MAX_PDF_STREAM_BYTES", 1000),
    ("pdf", "MAX_PDF_PAGES", 3),
    ("pdf", "MAX_PAGE_CHARS", 100),
    ("pdf", "MAX_PAGE_OBJECTS", 10),
    ("pdf", "MAX_PDF_CHARS", 1000),
    ("pdf", "MAX_TEXT_CHARS", 1000),
]


@pytest.mark.parametrize("fmt, name, value", CASES, ids=[f"{f}-{n}" for f, n, _ in CASES])
def test_each_limit_refuses_a_file_over_it(renditions, monkeypatch, fmt, name, value):
    path = renditions[fmt]
    read_document(path)  # within the real limits
    monkeypatch.setattr(limits, name, value)
    with pytest.raises(limits.LimitExceeded) as caught:
        read_document(path)
    error = caught.value
    assert error.limit_name == name and error.value > value
    assert str(error).startswith(str(path)) and f"{name} = {value:,}" in str(error)


def test_spans_over_max_span_are_capped_with_an_issue(tmp_path):
    page = ("<html><body><p>收入支出决算总表</p><table><tr><td colspan=5000>a</td><td>1</td></tr>"
            "<tr><td>b</td><td>2</td></tr></table></body></html>")
    path = tmp_path / "span.html"
    path.write_text(page, encoding="utf-8")
    doc = read_document(path)
    assert len(doc.tables[0].rows[0]) == limits.MAX_SPAN + 1
    assert any(i.kind == "bad_span" and f"超过跨度上限{limits.MAX_SPAN}" in i.message for i in doc.issues)


def test_browser_span_rules(tmp_path):
    """colspan as a browser reads it: leading digits, else 1; each oddity reported."""
    cells = "".join(f"<tr><td colspan='{v}'>x</td><td>y</td></tr>" for v in ("inf", "-1", "abc", "2.5", "1e3", "0"))
    path = tmp_path / "odd.html"
    path.write_text(f"<html><body><table>{cells}</table></body></html>", encoding="utf-8")
    doc = read_document(path)
    widths = [len(row) for row in doc.tables[0].rows]
    assert widths == [2, 2, 2, 3, 2, 2]
    assert sum(i.kind == "bad_span" for i in doc.issues) == 5  # all but "0" (a valid zero, read as 1)
