"""End to end: every report for every bundled document (data/raw/manifest.csv), rendered once by
``hcfin report``'s runner, checked for what an expert reader needs.

Golden figures are read off the documents: the seed's fund section (lines 1345–1362), budget list
(line 1290), project list (lines 1299–1331) and 情况说明 (lines 1236–1278); the Shanghai PDFs' pages
as listed in docs/shanghai-findings.md. Arithmetic is written out beside each.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SEED = "怀化市养老和工伤保险服务中心"
CAIZHENGJU = "上海市普陀区财政局"
GUIHUA = "上海市普陀区规划和自然资源局"
SHEHUI = "中共上海市普陀区委社会工作部"
BLANK = "上海市部门决算模板（空白）"
NOTEBOOKS = ("spending_structure", "fund_operations", "reconciliation", "teaching_guide")


def manifest_units() -> list[tuple[str, int]]:
    with open(ROOT / "data/raw/manifest.csv", encoding="utf-8", newline="") as handle:
        return [(row["unit"], int(row["year"])) for row in csv.DictReader(handle)]


@pytest.fixture(scope="module")
def rendered(tmp_path_factory) -> dict[tuple[str, str], str]:
    """(unit, notebook) → the page's HTML, for every manifest row and every report notebook."""
    from hcfin.report.runner import run_reports

    out = tmp_path_factory.mktemp("all")
    results = run_reports(data_dir=ROOT / "data", out_dir=out, notebooks_dir=ROOT / "notebooks", jobs=2)
    failed = [(r.unit, r.notebook) for r in results if not r.ok]
    assert not failed, failed
    pages = {(r.unit, Path(str(r.notebook)).stem): Path(r.html_path).read_text(encoding="utf-8") for r in results}
    assert len(pages) == len(manifest_units()) * len(NOTEBOOKS)
    return pages


def text_of(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text("")


def tables_of(html: str) -> list[list[list[str]]]:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return [[[c.get_text(strip=True) for c in tr.find_all(["td", "th"])] for tr in table.find_all("tr")]
            for table in soup.find_all("table")]


def test_every_document_every_report_renders(rendered):
    assert {unit for unit, _ in rendered} == {unit for unit, _ in manifest_units()}


def test_seed_fund_ratios_caveats_and_ranges(rendered):
    text = text_of(rendered[(SEED, "fund_operations")])
    # 城乡居民 (line 1357): 24.30 / 17.01 = 142.86 %; (24.30 − 16.37) / 17.01 = 7.93 / 17.01 = 46.62 %
    assert "收支比142.9%" in text and "自给率（不含财政补贴）46.6%" in text
    assert "收支比（自给率）" not in text
    assert "兜底" in text  # 机关事业: ≈ 100 % by construction
    assert "个人账户储存额" in text  # 城乡居民 months payable overstates the buffer
    # 工伤 (line 1362): 支出 "2亿元" = 1.5–2.5亿: 1.735 / 2.5 = 69.4 % … 1.745 / 1.5 = 116.3 %
    assert "收支比约87%（按印刷精度在69.4%至116.4%之间）" in text
    # 0.155 × 12 / 2.5 = 0.744 … 0.165 × 12 / 1.5 = 1.32 months
    assert "可支付月数约1.0个月（按印刷精度在0.74个月至1.32个月之间）" in text
    assert "87.0%" not in text and "0.96个月" not in text
    assert "城乡居民基础养老金全国最低标准（2024年）为123元/月" in text  # benchmark with its source
    assert "政府工作报告" in text


def test_no_unit_label_contradicts_its_table(rendered):
    html = rendered[(SEED, "fund_operations")]
    text = text_of(html)
    assert "金额单位：万元" not in text  # the fund tables are in 亿元
    headers = [cell for table in tables_of(html) for cell in table[0]]
    assert "本年支出（万元）" not in headers  # the composition table holds income rows too
    assert "基金收入（亿元）" in headers and "原文总额（万元）" in headers


def test_seed_spending_scope_drivers_norms_reasons(rendered):
    text = text_of(rendered[(SEED, "spending_structure")])
    # 第1290行 其他商品和服务支出 38.96 covers all of 302 but 工会经费; 30299 is 8.47: 8.47 / 38.96 = 21.74 %
    assert "21.74%" not in text and "不计算完成率" in text
    # 公用经费 (机关运行经费, 第1274行) +22.19 of +32.19 (第1236行): 22.19 / 32.19 = 68.93 %
    assert "相当于总变动的68.93%" in text
    # 社保经办机构工作经费 104.55 of 项目支出 173.59 = 60.23 %
    assert "社保经办机构工作经费104.55万元（占60.23%）" in text
    # 工会经费 52.01 / (基本工资 195.71 + 津贴补贴 107.72 + 奖金 154.31 = 457.74) = 11.36 %
    assert "占11.36%，标准为不超过2%" in text and "工会法" in text
    assert "“三公”经费只减不增" in text and "人均6.25元" in text  # 0.03万元 / 48人
    # the document's own reasons, quoted
    assert "“中心新招录5名公务员，造成工会经费和其他交通费用增长”" in text
    assert "“工作需要追加了部分工作经费”" in text
    assert "对与预算的差异，原文的解释是：“厉行勤俭节约，压缩经费开支”" in text  # 三公, 第1263行


#: Find-the-error answers, by document: the arithmetic of each real defect.
FIND_ERROR = {
    SEED: ["53.34 + 831.09 + 25.26 = 909.69，而总额是910.69",  # lines 1249–1255
           "152.5 + 753.19 = 905.69，而总额是910.69",  # lines 1289–1291
           "2.3 − 2.3 = 0.0。上年为0，增长率没有定义",  # line 1266: 增长100%
           "应为933.58"],  # 公开04表 支出总计 blank (line 561)
    CAIZHENGJU: ["说明中的数是0.3，表中同一个数是2961.68",  # p.21 §四 vs 04表 总计
                 "2106.66 ÷ 2940.05 × 100% = 71.65%，原文写71.73%",
                 "71.73 + 11.11 + 2.07 + 15.16 = 100.07"],
    GUIHUA: ["9746.50 ÷ 9759.38 × 100% = 99.87%，原文写99.86%",
             "9746.50 ÷ 10210.34 × 100% = 95.46%，原文写95.45%",
             "说明中的数是5377.64，表中同一个数是5364.75"],
    SHEHUI: ["29.42 ÷ 307.82 × 100% = 9.56%，原文写9.55%",
             "307.82 ÷ 0 没有意义，原文却写了95.89%",
             "307.82 − 307.82 = 0.00。上年为0，增长率没有定义"],
}


@pytest.mark.parametrize("unit", sorted(FIND_ERROR))
def test_teaching_guide_find_the_error(rendered, unit):
    text = text_of(rendered[(unit, "teaching_guide")])
    assert text.count("找错：") >= 3
    missing = [answer for answer in FIND_ERROR[unit] if answer not in text]
    assert not missing, missing


@pytest.mark.parametrize("unit", [SEED, CAIZHENGJU, GUIHUA, SHEHUI])
def test_teaching_guide_is_a_lesson(rendered, unit):
    text = text_of(rendered[(unit, "teaching_guide")])
    assert "学习目标" in text
    for term in ("机关运行经费", "“三公”经费", "结转结余", "参公单位", "基本支出", "项目支出", "人员经费", "公用经费"):
        assert f"{term}：" in text, term
    assert not re.search(r"(\d+(?:\.\d+)?) ÷ \1 × 100% = 100\.00%", text)  # a 类 against itself
    assert "− -" not in text and "- -" not in text
    assert "逐行相同" in text  # why 公开01表 ≡ 公开04表 for a fully fiscal-funded unit


def test_caizhengju_exercises_use_the_item_level(rendered):
    text = text_of(rendered[(CAIZHENGJU, "teaching_guide")])
    # 2010608 财政委托业务支出 449.52 of 项目支出 603.14 = 74.53 % (not 类 201: 603.14 ÷ 603.14)
    assert "449.52 ÷ 603.14 × 100% = 74.53%" in text
    # 收入支出总计 2995.39, 减少56.95 (p.21 line 314): prior = 2995.39 + 56.95 = 3052.34
    assert "2995.39 + 56.95 = 3052.34" in text


@pytest.mark.parametrize("unit,year", manifest_units())
def test_every_report_says_what_is_missing_and_shows_no_empty_table(rendered, unit, year):
    for name in NOTEBOOKS:
        html = rendered[(unit, name)]
        text = text_of(html)
        assert "尚未被解析" not in text and "尚未解析" not in text, name
        for table in tables_of(html):
            body = table[1:]
            assert body, f"{name}: a table without rows"
            assert any(cell not in ("", "—") for row in body for cell in row), f"{name}: an empty table"
            labels = [row[0] for row in body if row]
            assert not any(labels.count(label) > 1 and label.startswith("采购金额") for label in labels), name


@pytest.mark.parametrize("unit", [CAIZHENGJU, GUIHUA, SHEHUI, BLANK])
def test_fund_report_without_fund_data_is_one_paragraph(rendered, unit):
    html = rendered[(unit, "fund_operations")]
    text = text_of(html)
    assert "社会保险基金数据" in text or "本文件不含任何数据" in text
    assert "<table" not in html and 'src="data:image/png' not in html
    assert "各险种概况" not in text and "分险种分析" not in text


def test_blank_template_is_not_a_report(rendered):
    from hcfin import load
    from hcfin.analysis import has_data

    assert not has_data(load(ROOT / "data/raw/shanghai-template-2024-blank.pdf"))
    assert has_data(load(ROOT / "data/raw/huaihua-yanglao-gongshang-2024.txt"))
    for name in NOTEBOOKS:
        assert "本文件不含任何数据" in text_of(rendered[(BLANK, name)]), name


def test_procurement_rows_are_labelled(rendered):
    text = text_of(rendered[(CAIZHENGJU, "spending_structure")])
    # p.25 line 417: three 采购金额 figures, each after its own clause
    assert "采购金额（在面向中小企业预留的政府采购项目中，由中小企业供应商中标或成交的）" in text
    assert "采购金额（在其他政府采购项目中，由中小企业供应商中标或成交的）" in text
