"""HTML, DOCX and XLSX readers on small hand-made files: messy markup, merges, encodings, bad input."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest

from hcfin import ParseError
from hcfin.readers import read_document
from hcfin.readers.xlsx import display_number


def texts(table):
    return [[cell.text for cell in row] for row in table.rows]


def kinds(doc):
    return {issue.kind for issue in doc.issues}


# ---------------------------------------------------------------- HTML

MESSY = """<html><head><meta http-equiv="Content-Type" content="text/html; charset=gb2312">
<title>不读标题</title><script>var x = "<td>1</td>";</script></head>
<body><div class="article"><h1>收入支出决算总表</h1>
<p>部门：某中心&nbsp;&nbsp;&nbsp; 单位：万元<br>公开01表
<table border=1>
<tr><td colspan=3>收　入<td colspan=2>支出
<tr><td>项&nbsp;&nbsp;&nbsp; 目<td>行次<td>决算数<td rowspan=2>项目</td><td>决算数</tr>
<tr><td>一般公共<br>
 预算收入<td>1<td>　933.58　<td>&nbsp;</tr>
</div>
</table>
<p>注：本表反映部门本年度的总收支。</p>
"""


def write(tmp_path: Path, name: str, data: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(data)
    return path


def test_html_messy_page_gives_expanded_grid_and_paragraphs(tmp_path):
    doc = read_document(write(tmp_path, "page.html", MESSY.encode("gbk")))
    assert doc.format == "html" and doc.encoding == "gb18030"
    [table] = doc.tables
    assert texts(table) == [
        ["收　入", "", "", "支出", ""],
        ["项    目", "行次", "决算数", "项目", "决算数"],
        ["一般公共预算收入", "1", "933.58", "", ""],
    ]
    assert [p.text for p in doc.paragraphs] == [
        "收入支出决算总表", "部门：某中心    单位：万元", "公开01表",
        "注：本表反映部门本年度的总收支。"]
    assert table.line == 5 and "<table" in doc.lines[table.line - 1]
    cell = table.rows[2][0]
    assert cell.line == 8 and cell.lines == (8, 9)
    assert table.rows[2][3].loc == table.rows[1][3].loc  # the rowspan's blank points at its origin
    assert "merged_cells" in kinds(doc)


WORD_EXPORT = """<html xmlns:o="urn:schemas-microsoft-com:office:office">
<head><meta http-equiv=Content-Type content="text/html; charset=gb2312">
<!--[if gte mso 9]><xml><o:DocumentProperties></o:DocumentProperties></xml><![endif]-->
<style><!-- p.MsoNormal {margin:0cm} --></style></head>
<body lang=ZH-CN><div class=WordSection1>
<p class=MsoNormal align=center><b><span style='font-size:16pt'>支出决算表<o:p></o:p></span></b></p>
<table class=MsoNormalTable border=0 cellspacing=0 cellpadding=0>
 <tr style='height:20pt'>
  <td width=80 rowspan=2 style='border:solid windowtext 1pt'><p class=MsoNormal>项<span
  lang=EN-US>&nbsp;&nbsp;&nbsp; </span>目<span lang=EN-US><o:p></o:p></span></p></td>
  <td width=60 colspan=2><p class=MsoNormal>本年支出<o:p></o:p></p></td>
 </tr>
 <tr><td><p class=MsoNormal>基本支出</p></td><td><p class=MsoNormal>项目支出</p></td></tr>
 <tr><td><p class=MsoNormal>合计</p></td>
  <td x:num="759.99000000000001"><p class=MsoNormal><span lang=EN-US>759.99</span></p></td>
  <td><p class=MsoNormal><span lang=EN-US>173.59<o:p></o:p></span></p></td></tr>
 <![if !supportMisalignedColumns]>
 <tr height=0><td width=80 style='border:none'></td><td width=60></td><td width=60></td></tr>
 <![endif]>
</table>
<p class=MsoNormal><span lang=EN-US><o:p>&nbsp;</o:p></span></p>
</div></body></html>
"""


def test_html_word_export_reads_like_the_table_it_shows(tmp_path):
    doc = read_document(write(tmp_path, "word.htm", WORD_EXPORT.encode("gb2312")))
    assert [p.text for p in doc.paragraphs] == ["支出决算表"]
    assert texts(doc.tables[0]) == [["项    目", "本年支出", ""], ["", "基本支出", "项目支出"],
                                    ["合计", "759.99", "173.59"]]


def test_html_piles_of_unclosed_tags_do_not_overflow(tmp_path):
    page = "<html><body>" + "<font size=2>" * 5000 + "正文<table><tr><td>a</td><td>1.00</td></tr></table>"
    doc = read_document(write(tmp_path, "deep.html", page.encode()))
    assert doc.paragraphs[0].text == "正文"
    assert texts(doc.tables[0]) == [["a", "1.00"]]
    page = "<html><body>" + "<div>" * 3000 + "<table><tr><td>" * 3000 + "<tr>正文"
    doc = read_document(write(tmp_path, "deeper.html", page.encode()))
    assert [p.text for p in doc.paragraphs] == ["正文"]  # text outside cells is shown, as browsers do


def test_old_binary_office_file_is_a_clear_parse_error(tmp_path):
    path = write(tmp_path, "公开表.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(ParseError, match="公开表.xls.*old binary Office file"):
        read_document(path)


def test_html_gbk_page_without_declaration_is_decoded(tmp_path):
    page = "<html><body><p>单位：万元</p><table><tr><td>合计</td><td>933.58</td></tr></table></body></html>"
    doc = read_document(write(tmp_path, "page.htm", page.encode("gbk")))
    assert doc.encoding == "gb18030"
    assert doc.paragraphs[0].text == "单位：万元"
    assert texts(doc.tables[0]) == [["合计", "933.58"]]


def test_html_wrong_declared_charset_is_reported(tmp_path):
    page = '<html><head><meta charset="utf-8"></head><body><p>财政拨款</p></body></html>'
    doc = read_document(write(tmp_path, "page.html", page.encode("gbk")))
    assert doc.paragraphs[0].text == "财政拨款"
    assert "wrong_charset" in kinds(doc)


def test_html_undecodable_bytes_name_file_and_line(tmp_path):
    path = write(tmp_path, "bad.html", b"<html><body>\n<p>ok</p>\n<p>\xff\xff</p></body></html>")
    with pytest.raises(ParseError) as err:
        read_document(path)
    assert err.value.path == str(path) and err.value.line == 3


def test_html_page_without_table_is_read_with_an_issue(tmp_path):
    doc = read_document(write(tmp_path, "news.html", "<!-- portal --><div>新闻<br>第二段</div>".encode()))
    assert doc.format == "html"
    assert [p.text for p in doc.paragraphs] == ["新闻", "第二段"]
    assert doc.tables == [] and "no_tables" in kinds(doc)


def test_html_page_without_text_is_a_parse_error(tmp_path):
    path = write(tmp_path, "empty.html", b"<html><head><script>1</script></head><body> &nbsp; </body></html>")
    with pytest.raises(ParseError, match="empty.html.*no visible text"):
        read_document(path)


def test_html_layout_table_is_read_as_text_around_the_data_table(tmp_path):
    page = ("<html><body><table><tr><td>导航</td><td><p>说明</p>"
            "<table><tr><td>a</td><td>b</td></tr></table><p>注</p></td></tr></table></body></html>")
    doc = read_document(write(tmp_path, "layout.html", page.encode()))
    shape = [b.text if hasattr(b, "text") else texts(b) for b in doc.blocks]
    assert shape == ["导航", "说明", [["a", "b"]], "注"]


def test_html_two_column_layout_with_an_article_is_read_as_paragraphs(tmp_path):
    page = ("<html><body><table><tr><td><a href='/'>首页</a></td><td><p>一、部门职责</p><p>（一）负责</p>"
            "<p>（二）承担</p></td></tr></table></body></html>")
    doc = read_document(write(tmp_path, "portal.html", page.encode()))
    assert [p.text for p in doc.paragraphs] == ["首页", "一、部门职责", "（一）负责", "（二）承担"]
    assert doc.tables == []


def test_html_bad_span_is_reported_and_read_as_one(tmp_path):
    page = "<html><body><table><tr><td colspan='x'>a</td><td>b</td></tr></table></body></html>"
    doc = read_document(write(tmp_path, "span.html", page.encode()))
    assert texts(doc.tables[0]) == [["a", "b"]]
    assert "bad_span" in kinds(doc)


# ---------------------------------------------------------------- DOCX

W_NS = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'


def zip_bytes(parts: dict[str, str]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return buffer.getvalue()


def docx_bytes(body: str) -> bytes:
    document = f"<w:document {W_NS}><w:body>{body}</w:body></w:document>"
    return zip_bytes({"[Content_Types].xml": "<Types/>", "word/document.xml": document})


def p(text: str) -> str:
    return f"<w:p><w:r><w:t xml:space='preserve'>{text}</w:t></w:r></w:p>"


def tc(text: str, props: str = "") -> str:
    return f"<w:tc><w:tcPr>{props}</w:tcPr>{p(text)}</w:tc>"


def test_docx_body_order_merges_and_revisions(tmp_path):
    body = (p("表前") + "<w:tbl>"
            + "<w:tr>" + tc("收入", "<w:gridSpan w:val='2'/>")
            + tc("支出", "<w:vMerge w:val='restart'/>") + "</w:tr>"
            + "<w:tr><w:trPr><w:gridBefore w:val='1'/></w:trPr>"
            + tc("1") + tc("", "<w:vMerge/>") + "</w:tr>"
            + "<w:tr>" + tc("合") + "<w:sdt><w:sdtContent>" + tc("9.00") + "</w:sdtContent></w:sdt>"
            + "<w:tc><w:p><w:r><w:t>5</w:t></w:r><w:del><w:r><w:delText>6</w:delText></w:r></w:del>"
            + "<w:ins><w:r><w:t>.5</w:t></w:r></w:ins></w:p></w:tc></w:tr>"
            + "</w:tbl>"
            + "<w:p><w:r><w:t>注：</w:t><w:tab/><w:t>本表</w:t><w:br/><w:t>第二行</w:t></w:r></w:p>")
    doc = read_document(write(tmp_path, "t.docx", docx_bytes(body)))
    assert doc.format == "docx"
    assert [type(b).__name__ for b in doc.blocks] == ["Paragraph", "Table", "Paragraph", "Paragraph"]
    [table] = doc.tables
    assert texts(table) == [["收入", "", "支出"], ["", "1", ""], ["合", "9.00", "5.5"]]
    assert [p.text for p in doc.paragraphs] == ["表前", "注：\t本表", "第二行"]
    assert table.rows[1][2].loc == table.rows[0][2].loc  # vMerge continues the cell above
    assert doc.lines[table.rows[2][2].line - 1] == "\t5.5"
    assert "merged_cells" in kinds(doc)


def test_docx_without_tables_is_read_with_an_issue(tmp_path):
    doc = read_document(write(tmp_path, "memo.docx", docx_bytes(p("情况说明") + p("") + p("二、收入"))))
    assert [p.text for p in doc.paragraphs] == ["情况说明", "二、收入"]
    assert "no_tables" in kinds(doc)


def test_docx_without_text_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="blank.docx.*no text"):
        read_document(write(tmp_path, "blank.docx", docx_bytes(p(""))))


def test_docx_malformed_xml_is_a_parse_error(tmp_path):
    data = zip_bytes({"word/document.xml": "<w:document><w:body><w:p>"})
    with pytest.raises(ParseError, match="broken.docx.*not well-formed"):
        read_document(write(tmp_path, "broken.docx", data))


@pytest.mark.parametrize("name", ["cut.docx", "cut.xlsx", "cut.zip"])
def test_truncated_zip_is_a_parse_error_naming_the_file(tmp_path, name):
    whole = docx_bytes(p("正文") * 200)
    path = write(tmp_path, name, whole[: len(whole) // 2])
    with pytest.raises(ParseError, match=f"{name}.*(damaged or truncated)"):
        read_document(path)


def test_zip_without_office_part_is_a_parse_error(tmp_path):
    data = zip_bytes({"readme.txt": "hello"})
    with pytest.raises(ParseError, match="other.docx.*neither word/document.xml nor xl/workbook.xml"):
        read_document(write(tmp_path, "other.docx", data))


def test_office_file_is_recognised_by_content_not_suffix(tmp_path):
    doc = read_document(write(tmp_path, "download.xlsx", docx_bytes(p("正文"))))
    assert doc.format == "docx"


# ---------------------------------------------------------------- XLSX


@pytest.mark.parametrize("value, fmt, shown, note", [
    (933.58, "0.00", "933.58", None),
    (933.5799999999999, "0.00", "933.58", None),          # float noise never shows
    (933.5799999999999, "General", "933.58", None),       # General: 15 significant digits, as Excel
    (933.584, "0.00", "933.58", "hidden_precision"),
    (2.675, "0.00", "2.68", "hidden_precision"),          # Excel rounds the decimal it shows, half up
    (1234567.5, "#,##0.00", "1234567.50", None),          # no thousands separator in the text
    (-12.5, "#,##0.00_);(#,##0.00)", "-12.50", None),
    (0, '_-* #,##0.00_-;-* #,##0.00_-;_-* "-"??_-;_-@_-', "0.00", "zero_shown_as_text"),
    (0.125, "0.0%", "12.5%", None),
    (2080501, "0", "2080501", None),
    (-0.001, "0.00", "0.00", "hidden_precision"),
    (1e16, "General", "10000000000000000", None),
    (5, "@", "5", None),
    (1e300, "0.00", "1" + "0" * 300, None),
])
def test_display_number_keeps_the_shown_decimals(value, fmt, shown, note):
    assert display_number(value, fmt) == (shown, note)


def xlsx_path(tmp_path, build, name="book.xlsx"):
    import openpyxl

    book = openpyxl.Workbook()
    build(book)
    path = tmp_path / name
    book.save(path)
    return path


def bordered(sheet, cells):
    from openpyxl.styles import Border, Side

    thin = Side(style="thin")
    for ref in cells:
        sheet[ref].border = Border(left=thin, right=thin, top=thin, bottom=thin)


def test_xlsx_titles_tables_merges_and_sheets(tmp_path):
    def build(book):
        first = book.active
        first["A1"] = "收入决算表"
        first.merge_cells("A1:C1")
        first["A2"], first["C2"] = "部门：某中心", "单位：万元"
        for ref, value in {"A3": "项目", "B3": "合计", "A4": "一般", "B4": 933.5799999999999, "C4": 1.5,
                           "A5": "合计"}.items():
            first[ref] = value
        first["B4"].number_format = first["C4"].number_format = "0.00"
        first["B5"] = "=B4+C4"  # no calculated value: openpyxl does not calculate
        bordered(first, [f"{c}{r}" for c in "ABC" for r in (3, 4, 5)])
        first.merge_cells("C3:C3")
        first.merge_cells("A4:A4")
        first["A7"] = "注：本表"
        second = book.create_sheet("三公")
        second["A1"], second["B1"] = "预算数", "决算数"
        second["A2"], second["B2"] = 3.8, 0
        second.merge_cells("A3:A4")
        second["A3"] = "合计"
        second["B3"] = 1
        hidden = book.create_sheet("底稿")
        hidden.sheet_state = "hidden"
        hidden["A1"] = "草稿"

    doc = read_document(xlsx_path(tmp_path, build))
    assert doc.format == "xlsx"
    assert [b.text for b in doc.paragraphs] == [
        "收入决算表", "部门：某中心\t单位：万元", "注：本表", "草稿"]
    first, second = doc.tables
    assert texts(first) == [["项目", "合计", ""], ["一般", "933.58", "1.50"], ["合计", "", ""]]
    assert (first.line, first.end_line, first.loc.page) == (3, 5, 1)
    assert first.rows[1][1].loc.line == 4
    assert texts(second) == [["预算数", "决算数"], ["3.8", "0"], ["合计", "1"]]
    assert second.loc.page == 2
    found = kinds(doc)
    assert {"formula_without_value", "no_borders", "hidden_sheet"} <= found
    [formula] = [i for i in doc.issues if i.kind == "formula_without_value"]
    assert (formula.line, formula.page, formula.severity) == (5, 1, "error")


def test_xlsx_empty_workbook_is_a_parse_error(tmp_path):
    with pytest.raises(ParseError, match="empty.xlsx.*no filled cell"):
        read_document(xlsx_path(tmp_path, lambda book: None, "empty.xlsx"))


def test_xlsx_with_broken_workbook_part_is_a_parse_error(tmp_path):
    data = zip_bytes({"xl/workbook.xml": "<workbook"})
    with pytest.raises(ParseError, match="bad.xlsx.*not a readable .xlsx"):
        read_document(write(tmp_path, "bad.xlsx", data))
