"""The two corpus notebooks, executed and rendered by the product's runner into an index section of
their own. Figures checked are read off the documents (line or page named)."""

from pathlib import Path

import pytest

pytest.importorskip("papermill")

import nbformat  # noqa: E402

from hcfin.report.runner import run_reports  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
HUAIHUA = "怀化市养老和工伤保险服务中心"
CAIZHENGJU = "上海市普陀区财政局"
BLANK = "上海市部门决算模板（空白）"


@pytest.fixture(scope="module")
def rendered(tmp_path_factory):
    out = tmp_path_factory.mktemp("rendered")
    results = run_reports(data_dir=ROOT / "data", out_dir=out, units=[HUAIHUA, CAIZHENGJU, BLANK], years=[2024],
                          notebooks=["peer_comparison", "trend"], jobs=2)
    return out, results


def html(out: Path, unit: str, notebook: str) -> str:
    return (out / unit / "2024" / f"{notebook}.html").read_text(encoding="utf-8")


def test_both_notebooks_render_without_errors(rendered):
    out, results = rendered
    assert len(results) == 6
    assert all(r.ok for r in results), [r.describe_failure() for r in results if not r.ok]
    for r in results:
        notebook = nbformat.read(r.ipynb_path, as_version=4)
        outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.get("outputs", [])]
        assert not [o for o in outputs if o.output_type == "error"], r.notebook
        assert not [o for o in outputs if o.output_type == "stream" and o.name == "stderr"], r.notebook
        assert "Traceback" not in Path(r.html_path).read_text(encoding="utf-8")


def test_index_lists_them_in_a_section_of_their_own(rendered):
    out, _ = rendered
    index = (out / "index.html").read_text(encoding="utf-8")
    heading = index.rfind("<h2", 0, index.index("跨单位"))  # the corpus section's own heading
    section, before = index[heading:], index[:heading]
    assert "同地区单位比较" in section and "历年变化" in section
    assert "同地区单位比较" not in before and "历年变化" not in before


def test_trend_marks_the_years_derived_from_the_narrative(rendered):
    out, _ = rendered
    page = html(out, HUAIHUA, "trend")
    # seed 第1236行: 933.58, 增加32.19 → 901.39; 第1274行: 99.77, 增加22.19 → 77.58; 第1263行: 3.35 − 2.15
    for figure in ("901.39（推算）", "77.58（推算）", "1.20（推算）", "933.58", "第1236"):
        assert figure in page, figure


def test_peer_comparison_of_the_putuo_units(rendered):
    out, _ = rendered
    page = html(out, CAIZHENGJU, "peer_comparison")
    # 财政局 PDF p.21: 本年支出合计2940.05, 基本支出2336.91 (79.49%); 年初预算2993.92, 决算2940.05
    for figure in ("上海市普陀区规划和自然资源局", "中共上海市普陀区委社会工作部", "79.49", "98.20",
                   "没有写明在职人数"):
        assert figure in page, figure
    alone = html(out, HUAIHUA, "peer_comparison")
    assert "只有它自己" in alone
    # seed: 人员经费660.23 ÷ 在职48人 = 13.75; 公用经费99.77 ÷ 48 = 2.08 (第964、966、1285行)
    assert "13.75" in alone and "2.08" in alone


@pytest.mark.parametrize("unit", [HUAIHUA, CAIZHENGJU, BLANK])
def test_no_empty_tables(rendered, unit):
    from bs4 import BeautifulSoup

    out, _ = rendered
    for notebook in ("peer_comparison", "trend"):
        soup = BeautifulSoup(html(out, unit, notebook), "html.parser")
        for table in soup.find_all("table"):
            body = [[c.get_text(strip=True) for c in tr.find_all("td")] for tr in table.find_all("tr")][1:]
            assert any(cell not in ("", "—") for row in body for cell in row), (unit, notebook)


def test_blank_template_says_it_has_nothing_to_compare(rendered):
    out, _ = rendered
    assert "没有读到任何金额" in html(out, BLANK, "peer_comparison")
    assert "无表可列" in html(out, BLANK, "trend")
