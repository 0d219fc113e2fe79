"""End to end: execute every report notebook on the seed with papermill (kernel python3 of this
environment), render it to HTML without code, and check: no error outputs, no warnings on stderr
(so no missing glyphs), every chart present, the key figures of each section in the text."""

import base64
from pathlib import Path

import pytest

import nbconvert
import nbformat
import papermill

ROOT = Path(__file__).resolve().parent.parent
PARAMETERS = {"unit": "怀化市养老和工伤保险服务中心", "year": 2024, "data_dir": "data"}
CHARTS = {"spending_structure": 6, "fund_operations": 2, "reconciliation": 1, "teaching_guide": 2}


def key_figures(name: str) -> list[str]:
    """Figures read off the seed (and arithmetic on them) that each report must state."""
    if name == "spending_structure":
        figures = ["933.58万元", "基本支出759.99万元，占81.41%", "项目支出173.59万元，占18.59%",
                   "行政运行（2080101）491.87万元，占52.69%", "占基本支出的86.87%", "决算为预算的88.16%",
                   "公务接待费预算1.50万元、决算1.05万元（70.00%）", "工会经费52.01万元", "99.77万元",
                   "完成年初预算的102.51%", "28.60%", "6.64万元", "13.75万元/人"]
        return figures
    if name == "fund_operations":
        return ["43.8%", "0.86个月", "67.4%", "158元/月", "不含省内上解下拨", "属尾差", "收支比142.9%",
                "自给率（不含财政补贴）46.6%"]
    if name == "reconciliation":
        return ["853.23 + 25.26 + 55.10 = 933.59", "660.23 + 99.77 = 760.00", "0.005万元"]
    figures = ["759.99 ÷ 933.58 × 100% = 81.41%", "本表无数据", "157.05 ÷ 173.59 × 100% = 90.47%",
               "本年收入合计933.58万元", "853.23 ÷ 831.09 × 100% = 102.66%", "3.35 − 2.15 = 1.20",
               "53.34 + 831.09 + 25.26 = 909.69"]
    return figures


@pytest.fixture(scope="module", params=sorted(CHARTS))
def executed(request, tmp_path_factory):
    name = request.param
    out = tmp_path_factory.mktemp("nb") / f"{name}.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out), parameters=PARAMETERS,
                               cwd=str(ROOT), kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    from hcfin.report.render import render_html  # the product's renderer

    html = render_html(out, out.with_suffix(".html")).read_text(encoding="utf-8")
    return name, nb, html


def outputs(nb):
    return [o for cell in nb.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]


def test_no_errors_or_warnings(executed):
    name, nb, html = executed
    assert not [o for o in outputs(nb) if o.output_type == "error"], name
    stderr = [o.text for o in outputs(nb) if o.output_type == "stream" and o.name == "stderr"]
    assert not stderr, f"{name}: {stderr}"  # includes matplotlib's "Glyph … missing" warnings
    assert "Traceback" not in html


def test_every_chart_present(executed):
    name, nb, html = executed
    images = [o for o in outputs(nb) if "image/png" in o.get("data", {})]
    assert len(images) == CHARTS[name]
    for image in images:
        assert base64.b64decode(image["data"]["image/png"])[:8] == b"\x89PNG\r\n\x1a\n"
    assert html.count('src="data:image/png;base64') == CHARTS[name]


def test_key_figures_in_rendered_text(executed):
    import html as html_lib

    name, nb, html = executed
    text = html_lib.unescape(html).replace("\\", "")
    missing = [figure for figure in key_figures(name) if figure not in text]
    assert not missing, f"{name}: missing {missing}"


def test_document_strings_render_as_inert_text(tmp_path):
    """A row label carrying markup, taken from a (downloaded) disclosure, stays text in the report."""
    seed = (ROOT / "data/raw/huaihua-yanglao-gongshang-2024.txt").read_text(encoding="utf-8")
    attack = "<script>alert(1)</script>"
    variant = seed.replace("\t行政运行", "\t" + attack)
    assert variant != seed
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "variant.txt").write_text(variant, encoding="utf-8")
    import hashlib

    digest = hashlib.sha256((raw / "variant.txt").read_bytes()).hexdigest()
    (raw / "manifest.csv").write_text("file,unit,year,format,source,sha256\n"
                                      f"variant.txt,{PARAMETERS['unit']},2024,text,test,{digest}\n", encoding="utf-8")
    out = tmp_path / "spending_structure.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "spending_structure.ipynb"), str(out),
                               parameters={**PARAMETERS, "data_dir": str(tmp_path)}, cwd=str(ROOT),
                               kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html, _ = nbconvert.HTMLExporter(exclude_input=True).from_notebook_node(nb)
    assert attack not in html
    assert "&lt;script&gt;alert" in html.replace("\\", "")


def visible_text(html: str) -> str:
    """What a reader sees: the page's text without scripts and styles."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text(" ")


RAW_TOKENS = ("ok", "blank", "nan", "NaN", "None", "<NA>", "True", "False", "exact", "rounding", "mismatch",
              "warning", "info", "error", "Notebook")


def test_no_raw_values_or_english_codes_in_what_a_reader_sees(executed):
    import re

    name, nb, html = executed
    words = set(re.findall(r"<?[A-Za-z_]+>?", visible_text(html)))
    assert not words & set(RAW_TOKENS), f"{name}: {sorted(words & set(RAW_TOKENS))}"
    assert not [w for w in words if "_" in w], f"{name}: code names shown: {[w for w in words if '_' in w]}"


def test_tables_have_no_index_column(executed):
    import re

    name, nb, html = executed
    assert "<table" in html
    assert not re.search(r"<tbody>\s*<tr>\s*<th", html), f"{name}: a table shows its row index"


@pytest.mark.parametrize("executed", ["spending_structure"], indirect=True)  # the budget execution table
def test_budget_execution_shows_the_stated_reasons(executed):
    from bs4 import BeautifulSoup

    name, nb, html = executed
    # 第1251行: “决算数大于年初预算数的主要原因是：人员增加，新招录5名公务员。”
    cells = [td.get_text() for td in BeautifulSoup(html, "html.parser").find_all("td")]
    assert cells.count("人员增加，新招录5名公务员。") == 2  # 社会保障和就业支出, 住房保障支出


OTHER_DOCUMENTS = {
    "shanghai-putuo-caizhengju-2024.pdf": "上海市普陀区财政局",
    "shanghai-template-2024-blank.pdf": "上海市部门决算模板（空白）",
}


@pytest.fixture(scope="module", params=sorted(OTHER_DOCUMENTS))
def other_page(request, tmp_path_factory):
    """spending_structure executed and rendered for a Shanghai PDF and for the blank template."""
    out = tmp_path_factory.mktemp("other") / "spending_structure.ipynb"
    parameters = {**PARAMETERS, "unit": OTHER_DOCUMENTS[request.param]}
    papermill.execute_notebook(str(ROOT / "notebooks" / "spending_structure.ipynb"), str(out),
                               parameters=parameters, cwd=str(ROOT), kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html, _ = nbconvert.HTMLExporter(exclude_input=True).from_notebook_node(nb)
    return request.param, nb, html


def test_pdf_pages_name_tables_as_the_document_does(other_page):
    name, nb, html = other_page
    text = visible_text(html)
    assert "公开03表" not in text and "公开01表" not in text  # the Shanghai PDFs print no table numbers
    if "blank" in name:
        assert "本文件不含任何数据" in text
        assert "<table" not in html and 'src="data:image/png' not in html  # no empty tables or charts
        assert "0.00万元" not in text and "占0" not in text
    else:
        assert "《支出决算表》" in text and 'src="data:image/png' in html
