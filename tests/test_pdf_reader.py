"""The PDF reader on the three real Shanghai 2024 disclosures and the blank template.

Golden cells below were read off the rendered pages (pdftoppm -r 80, looked at by a
person), not copied from the reader's output: page numbers are the PDF's page numbers.
"""

from __future__ import annotations

import collections
import ctypes
import re
from pathlib import Path

import pytest

import pypdfium2 as pdfium

from hcfin.errors import ParseError  # noqa: E402
from hcfin.model import Paragraph, Table  # noqa: E402
from hcfin.readers import read_document  # noqa: E402
from hcfin.readers.pdf import _drop_repeats  # noqa: E402

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
CAIZHENG = RAW / "shanghai-putuo-caizhengju-2024.pdf"
GUIHUA = RAW / "shanghai-putuo-guihua-ziran-2024.pdf"
SHEHUI = RAW / "shanghai-putuo-shehui-gongzuobu-2024.pdf"
TEMPLATE = RAW / "shanghai-template-2024-blank.pdf"
ALL = [CAIZHENG, GUIHUA, SHEHUI, TEMPLATE]

# The nine tables as Shanghai titles them (no 公开0X numbers), in the order all four print them:
# the 三公 table comes seventh, before the two fund tables.
SHANGHAI_ORDER = [
    "收入支出决算总表",
    "收入决算表",
    "支出决算表",
    "财政拨款收入支出决算总表",
    "一般公共预算财政拨款支出决算表",
    "一般公共预算财政拨款基本支出决算表",
    "财政拨款“三公”经费支出决算表",
    "政府性基金预算财政拨款收入支出决算表",
    "国有资本经营预算财政拨款收入支出决算表",
]
AMOUNT = re.compile(r"^-?\d[\d,]*\.\d+$")


@pytest.fixture(scope="module")
def docs():
    return {path.name: read_document(path) for path in ALL}


def titled_tables(doc) -> dict[str, Table]:
    """Each table under the title printed just above it (skipping the 单位 line)."""
    found: dict[str, Table] = {}
    for i, block in enumerate(doc.blocks):
        if not isinstance(block, Table):
            continue
        for before in reversed(doc.blocks[max(0, i - 3):i]):
            if isinstance(before, Paragraph) and before.text.endswith("表"):
                found[before.text] = block
                break
    return found


def row_with(table: Table, *texts: str) -> list:
    """The first row holding all of ``texts`` as whole cells."""
    for row in table.rows:
        cells = [c.text for c in row]
        if all(t in cells for t in texts):
            return row
    raise AssertionError(f"no row with {texts} in table at {table.loc}")


def test_format_and_all_nine_tables_in_printed_order(docs):
    for name, doc in docs.items():
        assert doc.format == "pdf"
        titles = [t for t in titled_tables(doc) if t in SHANGHAI_ORDER]
        assert titles == SHANGHAI_ORDER, name


def test_table_title_pages(docs):
    # Where each table starts, read off the pages.
    expected = {
        CAIZHENG.name: [6, 8, 10, 12, 15, 16, 18, 19, 20],
        GUIHUA.name: [7, 8, 10, 12, 14, 16, 17, 18, 19],
        SHEHUI.name: [5, 6, 8, 10, 12, 13, 14, 15, 16],
        TEMPLATE.name: [5, 6, 7, 8, 10, 11, 12, 13, 14],
    }
    for name, pages in expected.items():
        tables = titled_tables(docs[name])
        assert [tables[t].loc.page for t in SHANGHAI_ORDER] == pages, name


@pytest.mark.parametrize("path, title, key, index, text, page", [
    # 财政局: thousands separators, a table continued on the next page, codes in 类/款/项 columns
    (CAIZHENG, "收入支出决算总表", ("一、一般公共预算财政拨款收入",), 1, "2,940.05", 6),
    (CAIZHENG, "收入支出决算总表", ("八、其他收入",), 1, "6.20", 6),
    (CAIZHENG, "收入支出决算总表", ("年初结转和结余",), 1, "49.14", 7),
    (CAIZHENG, "收入支出决算总表", ("年末结转和结余",), 3, "55.34", 7),
    (CAIZHENG, "收入决算表", ("201", "06", "01"), 4, "1,511.90", 8),
    (CAIZHENG, "收入决算表", ("201", "06", "01"), 10, "0.01", 8),
    (CAIZHENG, "收入决算表", ("221", "02", "03"), 4, "258.50", 9),
    (CAIZHENG, "财政拨款收入支出决算总表", ("年初财政拨款结转和结余",), 1, "21.63", 13),
    (CAIZHENG, "一般公共预算财政拨款基本支出决算表", ("工资福利支出",), 3, "2,082.85", 16),
    (CAIZHENG, "一般公共预算财政拨款基本支出决算表", ("奖励金",), 3, "0.31", 17),
    (CAIZHENG, "一般公共预算财政拨款基本支出决算表", ("人员经费合计",), 1, "2,152.26", 17),
    (CAIZHENG, "一般公共预算财政拨款基本支出决算表", ("人员经费合计",), 3, "184.65", 17),
    # 社会工作部: 7-digit codes in one column, labels split over two printed lines
    (SHEHUI, "收入支出决算总表", ("八、社会保障和就业支出",), 3, "10.82", 5),
    (SHEHUI, "收入决算表", ("2080505",), 1, "机关事业单位基本养老保险缴费支出", 6),
    (SHEHUI, "收入决算表", ("2080505",), 2, "6.18", 6),
    (SHEHUI, "收入决算表", ("2210203",), 2, "11.72", 7),
    (SHEHUI, "一般公共预算财政拨款基本支出决算表", ("30108",), 1, "机关事业单位基本养老保险缴费", 13),
    (SHEHUI, "一般公共预算财政拨款基本支出决算表", ("30211",), 5, "1.15", 13),
    (SHEHUI, "一般公共预算财政拨款基本支出决算表", ("人员经费合计",), 3, "10.23", 13),
    # 规划和自然资源局: labels split over three lines, totals on the continuation page
    (GUIHUA, "收入支出决算总表", ("十一、城乡社区支出",), 3, "3845.25", 7),
    (GUIHUA, "一般公共预算财政拨款支出决算表", ("2080505",), 1, "机关事业单位基本养老保险缴费支出", 14),
    (GUIHUA, "一般公共预算财政拨款支出决算表", ("2200150",), 4, "2077.09", 14),
    (GUIHUA, "一般公共预算财政拨款支出决算表", ("22102",), 2, "461.08", 15),
    (GUIHUA, "一般公共预算财政拨款支出决算表", ("合计", "9746.50"), 2, "5364.75", 15),
])
def test_golden_cells(docs, path, title, key, index, text, page):
    table = titled_tables(docs[path.name])[title]
    cell = row_with(table, *key)[index]
    assert (cell.text, cell.loc.page) == (text, page)


def test_sangong_rows(docs):
    title = "财政拨款“三公”经费支出决算表"
    guihua = titled_tables(docs[GUIHUA.name])[title].rows[-1]
    assert [c.text for c in guihua] == ["2.85", "0.39"] + ["0.00"] * 8 + ["2.85", "0.39"]
    caizheng = titled_tables(docs[CAIZHENG.name])[title].rows[-1]
    assert [c.text for c in caizheng] == ["0.95"] + [""] * 9 + ["0.95", ""]
    shehui = titled_tables(docs[SHEHUI.name])[title].rows[-1]
    assert [c.text for c in shehui] == [""] * 12  # empty cells stay empty, never 0
    assert any("本年度没有财政拨款“三公”经费支出，故本表无数据" in p.text for p in docs[SHEHUI.name].paragraphs)


def test_blank_template_has_tables_but_no_amounts(docs):
    doc = docs[TEMPLATE.name]
    tables = titled_tables(doc)
    assert set(SHANGHAI_ORDER) <= set(tables)
    cells = [c.text for t in doc.tables for row in t.rows for c in row]
    assert not [t for t in cells if AMOUNT.match(t)]
    assert "2050205" in cells and "高等教育" in cells  # the template's example rows


def test_continued_tables_are_joined(docs):
    doc = docs[CAIZHENG.name]
    tables = titled_tables(doc)
    pages = {t: sorted({row[0].loc.page for row in tables[t].rows}) for t in SHANGHAI_ORDER}
    assert pages["收入支出决算总表"] == [6, 7]
    assert pages["收入决算表"] == [8, 9]
    assert pages["支出决算表"] == [10, 11]
    assert pages["财政拨款收入支出决算总表"] == [12, 13]
    assert pages["一般公共预算财政拨款基本支出决算表"] == [16, 17]
    assert len(doc.tables) == 10  # nine + the unit list on page 5
    continued = [i.page for i in doc.issues if i.kind == "pdf_table_continued"]
    assert continued == [7, 9, 11, 13, 17]
    # Page 17 starts with the empty lower half of page 16's last row: dropped, and said so.
    basic = tables["一般公共预算财政拨款基本支出决算表"]
    labels = [row[2].text for row in basic.rows if len(row) > 2]
    assert labels[labels.index("抚恤金") + 1] == "生活补助"
    assert [i.page for i in doc.issues if i.kind == "pdf_spill_row_dropped"] == [17]
    # Page 14 holds only an empty ruled row: no table, an info issue.
    assert [i.page for i in doc.issues if i.kind == "pdf_empty_grid"] == [14]
    # 社会工作部 and 规划和自然资源局 continue tables over pages too.
    for name, expected in ((SHEHUI.name, [7, 9, 11]), (GUIHUA.name, [9, 11, 13, 15])):
        assert [i.page for i in docs[name].issues if i.kind == "pdf_table_continued"] == expected


def test_repeated_header_rows_are_recognised():
    first = [["项目", "合计"], ["科目编码", "科目名称"], ["201", "1.00"]]
    assert _drop_repeats(first, [["项目", "合计"], ["科目编码", "科目名称"], ["202", "2.00"]]) == (0, 2)
    assert _drop_repeats(first, [["", ""], ["项目", "合计"], ["203", "3.00"]]) == (1, 1)
    assert _drop_repeats(first, [["204", "4.00"]]) == (0, 0)


def test_digits_on_another_baseline_stay_in_their_sentence(docs):
    # 财政局 sets digits in a font whose box is taller than the Song-ti text around them.
    doc = docs[CAIZHENG.name]
    para = next(p for p in doc.paragraphs if p.text.startswith("机关运行经费支出"))
    assert para.text.startswith("机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%。主要原因是优化办公环境")
    assert para.loc.page == 24
    assert any(p.text == "第二部分上海市普陀区财政局2024年度部门决算表" for p in doc.paragraphs)


def test_digit_baseline_split_by_font_boxes_in_pdfplumber():
    """Why the reader uses glyph boxes: pdfminer's font boxes split the same sentence."""
    pdfplumber = pytest.importorskip("pdfplumber")
    with pdfplumber.open(CAIZHENG) as pdf:
        text = pdf.pages[23].extract_text()
    assert "支出184.65万元" not in text.replace(" ", "")


def test_paragraphs_join_wrapped_lines_and_pages(docs):
    doc = docs[SHEHUI.name]
    para = next(p for p in doc.paragraphs if p.text.startswith("一般公共预算财政拨款支出307.82万元，占本年支出合计的"))
    assert para.text.startswith("一般公共预算财政拨款支出307.82万元，占本年支出合计的100.00%。与2023年度相比")
    assert para.loc.page == 17  # the sentence runs on to page 18
    assert para.text.endswith("主要原因：单位于2024年成立。")
    item = next(p for p in doc.paragraphs if p.text.startswith("1、一般公共服务支出（类）社会工作事务（款）行政运行（项）"))
    assert item.text.endswith("人员变动引起实际支出低于预算。")


def test_locations_point_into_the_rendered_lines(docs):
    for doc in docs.values():
        for block in doc.blocks:
            if isinstance(block, Paragraph):
                assert block.text.startswith(doc.lines[block.line - 1].strip()[:10])
            else:
                assert block.line <= block.end_line <= len(doc.lines)
                for row in block.rows:
                    rendered = doc.lines[row[0].line - 1].split("\t")
                    assert rendered == [c.text for c in row]
                    assert all(c.lines == (c.line,) for c in row)


def test_every_printed_character_is_captured(docs):
    """Capture audit: the rendering holds exactly the glyphs of pdfium's plain text."""
    number = re.compile(r"\d[\d,]*\.\d+|\d+")
    for path in ALL:
        doc = docs[path.name]
        pdf = pdfium.PdfDocument(path)
        plain = [pdf[i].get_textpage().get_text_range() for i in range(len(pdf))]
        pdf.close()
        expected = collections.Counter(ch for text in plain for ch in text if not ch.isspace())
        got = collections.Counter(ch for line in doc.lines for ch in line if not ch.isspace())
        assert got == expected, path.name
        numbers = collections.Counter(n for text in plain for n in number.findall(text))
        assert collections.Counter(n for line in doc.lines for n in number.findall(line)) == numbers


def test_not_a_pdf_is_a_clear_error(tmp_path):
    bad = tmp_path / "broken.pdf"
    bad.write_bytes(b"%PDF-1.7\nthis is not really a PDF\n")
    with pytest.raises(ParseError, match="broken.pdf.*not a readable PDF"):
        read_document(bad)


def test_pdf_without_text_layer_is_a_clear_error(tmp_path):
    pdf = pdfium.PdfDocument.new()
    pdf.new_page(595, 842)
    scan = tmp_path / "scan.pdf"
    with open(scan, "wb") as fh:
        pdf.save(fh)
    with pytest.raises(ParseError, match="scan.pdf.*no text layer"):
        read_document(scan)


def _synthetic_pdf(path: Path, pages: list[tuple[float, list[list[str]]]]) -> None:
    """Write a PDF with one ruled two-column table per page: ``(top, rows)`` per page."""
    raw = pdfium.raw
    pdf = pdfium.PdfDocument.new()
    for top, rows in pages:
        page = pdf.new_page(400, 400)
        xs, row_h = [50.0, 150.0, 250.0], 20.0
        y_top = 400 - top
        ys = [y_top - i * row_h for i in range(len(rows) + 1)]

        def line(x0, y0, x1, y1):
            obj = raw.FPDFPageObj_CreateNewPath(x0, y0)
            raw.FPDFPath_LineTo(obj, x1, y1)
            raw.FPDFPath_SetDrawMode(obj, 0, True)
            raw.FPDFPage_InsertObject(page.raw, obj)

        for y in ys:
            line(xs[0], y, xs[-1], y)
        for x in xs:
            line(x, ys[0], x, ys[-1])
        for r, row in enumerate(rows):
            for c, text in enumerate(row):
                obj = raw.FPDFPageObj_NewTextObj(pdf.raw, b"Helvetica", 10.0)
                buf = ctypes.create_string_buffer((text + "\0").encode("utf-16-le"))
                raw.FPDFText_SetText(obj, ctypes.cast(buf, ctypes.POINTER(ctypes.c_ushort)))
                raw.FPDFPageObj_Transform(obj, 1, 0, 0, 1, xs[c] + 5, ys[r] - 15)
                raw.FPDFPage_InsertObject(page.raw, obj)
        raw.FPDFPage_GenerateContent(page.raw)
    with open(path, "wb") as fh:
        pdf.save(fh)


def test_repeated_header_dropped_when_a_table_continues(tmp_path):
    path = tmp_path / "continued.pdf"
    header = ["Item", "Amount"]
    _synthetic_pdf(path, [
        (300, [header, ["A", "1.50"], ["B", "2.25"]]),
        (50, [header, ["C", "3.75"]]),
    ])
    doc = read_document(path)
    assert len(doc.tables) == 1
    table = doc.tables[0]
    assert [[c.text for c in row] for row in table.rows] == [header, ["A", "1.50"], ["B", "2.25"], ["C", "3.75"]]
    assert table.rows[-1][1].loc.page == 2
    kinds = [i.kind for i in doc.issues]
    assert "pdf_repeated_header_dropped" in kinds and "pdf_table_continued" in kinds
    dropped = [i for i in doc.issues if i.kind == "pdf_repeated_header_dropped"]
    assert len(dropped) == 1  # one note for the block, at the line where the table goes on
    assert dropped[0].line == table.rows[-1][0].line and f"第{dropped[0].line}行接续" in dropped[0].message
