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


def has_statements() -> bool:
    import hcfin
    from hcfin.analysis._common import statements_of

    return not statements_of(hcfin.load(ROOT / "data/raw/huaihua-yanglao-gongshang-2024.txt")).empty


def has_funds() -> bool:
    import hcfin
    from hcfin.analysis._common import funds_of

    return not funds_of(hcfin.load(ROOT / "data/raw/huaihua-yanglao-gongshang-2024.txt")).empty


def key_figures(name: str) -> list[str]:
    """Figures read off the seed (and arithmetic on them) that each report must state."""
    if name == "spending_structure":
        figures = ["933.58万元", "基本支出759.99万元，占81.41%", "项目支出173.59万元，占18.59%",
                   "行政运行（2080101）491.87万元，占52.69%", "占基本支出的86.87%", "决算为预算的88.16%",
                   "公务接待费预算1.50万元、决算1.05万元（70.00%）", "工会经费52.01万元", "99.77万元"]
        if has_statements():
            figures += ["完成年初预算的102.51%", "28.60%", "6.64万元", "13.75万元/人"]
        return figures
    if name == "fund_operations":
        if has_funds():
            return ["43.8%", "0.86个月", "67.4%", "158元/月", "不含省内上解下拨", "属尾差"]
        return ["尚未被解析为数据"]
    if name == "reconciliation":
        return ["853.23 + 25.26 + 55.10 = 933.59", "660.23 + 99.77 = 760.00", "0.005万元"]
    figures = ["759.99 ÷ 933.58 × 100% = 81.41%", "本表无数据", "157.05 ÷ 173.59 × 100% = 90.47%",
               "本年收入合计933.58万元"]
    if has_statements():
        figures += ["933.58 ÷ 910.69 × 100% = 102.51%", "3.35 − 2.15 = 1.20"]
    return figures


@pytest.fixture(scope="module", params=sorted(CHARTS))
def executed(request, tmp_path_factory):
    name = request.param
    out = tmp_path_factory.mktemp("nb") / f"{name}.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / f"{name}.ipynb"), str(out), parameters=PARAMETERS,
                               cwd=str(ROOT), kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    exporter = nbconvert.HTMLExporter(exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True)
    html, _ = exporter.from_notebook_node(nb)
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
    (raw / "manifest.csv").write_text("file,unit,year,format,source,sha256\n"
                                      f"variant.txt,{PARAMETERS['unit']},2024,text,test,\n", encoding="utf-8")
    out = tmp_path / "spending_structure.ipynb"
    papermill.execute_notebook(str(ROOT / "notebooks" / "spending_structure.ipynb"), str(out),
                               parameters={**PARAMETERS, "data_dir": str(tmp_path)}, cwd=str(ROOT),
                               kernel_name="python3", progress_bar=False)
    nb = nbformat.read(out, as_version=4)
    html, _ = nbconvert.HTMLExporter(exclude_input=True).from_notebook_node(nb)
    assert attack not in html
    assert "&lt;script&gt;alert" in html.replace("\\", "")
