"""``hcfin check`` on the Shanghai PDFs: exactly the mismatches verified as real, on the printed page.

Every expected mismatch below was read off the PDF page (pdftoppm at 90 dpi) by a person; the
comment gives the page and the printed numbers. docs/shanghai-findings.md gives the evidence in full.
Anything else the checks report as a mismatch is a regression (a false finding) or a new real one
to be verified and added here.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import hcfin
from hcfin.checks import reconcile
from hcfin.checks.notes import group_notes

import pypdfium2  # noqa: F401  (the test extra installs it; a missing one must fail, not skip)

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"

EXPECTED = {
    "shanghai-putuo-caizhengju-2024.pdf": {
        # p.21 §四 "财政拨款收入支出总计0.3万元" (printed so, zoomed); 04表 p.13 总计 2,961.68
        ("N4.1", "第三部分 四 财政拨款收入支出总计 决算"),
        # p.21 §五（二） "一般公共服务支出（类）2106.66万元，占71.73%"; 05表 p.15: 2,106.66 / 2,940.05 = 71.65%;
        # no printed number gives 71.73% as numerator (2108.75–2109.05) or denominator (2936.72–2937.14)
        ("N5.4", "第三部分 五（二） 一般公共服务支出 占比"),
        # the same p.21 shares: 71.73 + 11.11 + 2.07 + 15.16 = 100.07%
        ("S15", "各类支出占比之和（五（二））"),
        # N6.3 (issue 10), p.23 §六 "人员经费…主要包括：…退休费、个人农业生产补贴": 06表 p.17 prints 30310
        # 个人农业生产补贴 blank and 30309 奖励金 0.31, which the list leaves out (crop checked)
        ("N6.3", "第三部分 六 人员经费 决算 所列“个人农业生产补贴”"),
        ("N6.3", "第三部分 六 人员经费 决算 未列06表有数的科目"),
    },
    "shanghai-putuo-guihua-ziran-2024.pdf": {
        # p.21 §五（一） "9746.50万元，占本年支出合计的99.86%"; 05表 p.15 合计 9746.50 / 01表 p.7 本年支出合计
        # 9759.38 = 99.868% → 99.87 (99.86 is the truncation)
        ("N5.2", "第三部分 五（一） 一般公共预算财政拨款支出 占比"),
        # p.21 §五（三） "年初预算为10210.34万元，支出决算为9746.50万元，完成年初预算的95.45%": 95.457% → 95.46
        ("N5.6", "第三部分 五（三） 一般公共预算财政拨款支出 完成率"),
        # the same sentence read on its own: 9746.50 / 10210.34 (both printed in it) = 95.457% → 95.46
        ("C1", "第三部分 五（三） 一般公共预算财政拨款支出 完成率"),
        # p.24 §六 "一般公共预算财政拨款基本支出5377.64万元"; 05表 p.15 基本支出合计 5364.75 (5377.64 is 03表 p.10,
        # all funds); "人员经费4896.98万元" vs 06表 p.16 人员经费合计 4884.09: the same 12.89 gap
        ("N6.1", "第三部分 六 一般公共预算财政拨款基本支出 决算"),
        ("N6.1", "第三部分 六 人员经费 决算"),
        # p.25 "下降（增长）27.78%": the template's choice of direction left in the text
        ("D4", "第443行"),
        # p.21 "增加1193.20 万元，增长 13.95。": a growth rate printed without "%"
        ("D5", "第345行"),
        # p.22 / p.24 §五（三） names 项 and 款 that 05表 (p.14–15) does not print: 机关事业单位退休人员活动费支出 (05表 20805
        # lists 2080501/02/05/06/99), 其他国土资源事务支出 (05表: 2200199 其他自然资源事务支出), 住房保障支出（款）
        # (05表: 22102 住房改革支出)
        ("N5.8", "社会保障和就业支出（类）行政事业单位养老支出（款）机关事业单位退休人员活动费支出（项）"),
        ("N5.8", "自然资源海洋气象等支出（类）自然资源事务（款）其他国土资源事务支出（项）"),
        ("N5.8", "住房保障支出（类）住房保障支出（款）住房公积金（项）"),
        ("N5.8", "住房保障支出（类）住房保障支出（款）购房补贴（项）"),
        # N6.3 (issue 10), p.24 §六 lists 奖金, 奖励金, 其他对个人和家庭的补助支出 and 税金及附加费用; 06表 p.16
        # prints 30103 奖金, 30309 奖励金, 30399 其他对个人和家庭的补助 and 30240 税金及附加费用 as 0.00
        ("N6.3", "第三部分 六 人员经费 决算 所列“奖金”"),
        ("N6.3", "第三部分 六 人员经费 决算 所列“奖励金”"),
        ("N6.3", "第三部分 六 人员经费 决算 所列“其他对个人和家庭的补助支出”"),
        ("N6.3", "第三部分 六 公用经费 决算 所列“税金及附加费用”"),
    },
    "shanghai-putuo-shehui-gongzuobu-2024.pdf": {
        # p.18 §五（二） "住房保障支出（类）29.42万元，占9.55%"; 05表 p.12: 29.42 / 307.82 = 9.5575% → 9.56
        # (the four printed shares then add to exactly 100.00)
        ("N5.4", "第三部分 五（二） 住房保障支出 占比"),
        # p.18 §五（三） "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%":
        # a share of a zero budget (95.89% is 307.82 / 321.02, the full-year budget)
        ("N5.6", "第三部分 五（三） 一般公共预算财政拨款支出 完成率"),
        # the same sentence read on its own: its 年初预算 is 0, so no completion rate of it exists
        ("C1", "第三部分 五（三） 一般公共预算财政拨款支出 完成率"),
        # p.17–18, p.21: "增加307.82万元，增长100.00%" (and 10.23万元 for 机关运行经费): prior year 0 (unit founded
        # 2024), so the growth rate is undefined, not 100%
        ("S8", "第三部分 一 收入支出总计 增长率"),
        ("S8", "第三部分 四 财政拨款收入支出总计 增长率"),
        ("S8", "第三部分 五（一） 一般公共预算财政拨款支出 增长率"),
        ("S8", "第三部分 十一（一） 机关运行经费 增长率"),
        # N6.3 (issue 10), p.20 §六 公用经费 "主要包括：办公费、邮电费…"; 06表 p.13 prints 30207 邮电费 0.00
        ("N6.3", "第三部分 六 公用经费 决算 所列“邮电费”"),
    },
    # the blank template holds no number: it says so (D0), and claims nothing about blank cells
    "shanghai-template-2024-blank.pdf": set(),
}

ERRORS = {  # error-severity mismatches, i.e. `hcfin check` exits 1
    "shanghai-putuo-caizhengju-2024.pdf": 2,
    "shanghai-putuo-guihua-ziran-2024.pdf": 5,
    "shanghai-putuo-shehui-gongzuobu-2024.pdf": 7,  # N5.4, N5.6, C1 and S8 ×4 (growth from zero is an error, issue 10)
    "shanghai-template-2024-blank.pdf": 0,
}


@pytest.fixture(scope="module", params=sorted(EXPECTED))
def checked(request):
    disclosure = hcfin.load(RAW / request.param)
    return request.param, disclosure, reconcile(disclosure)


def test_exactly_the_verified_mismatches(checked):
    name, _, report = checked
    got = set(zip(report.mismatches["rule_id"], report.mismatches["location"]))
    assert got == EXPECTED[name]
    assert int((report.mismatches["severity"] == "error").sum()) == ERRORS[name]


def test_loader_notes_are_never_mismatches(checked):
    # table continued over a page, table of contents, codes missing from the reference list ... (info)
    _, disclosure, report = checked
    notes = disclosure.issues[disclosure.issues["severity"] == "info"]
    d5 = report.results[report.results["rule_id"] == "D5"]
    assert len(notes) > 0
    assert not ((d5["severity"] == "info") & (d5["status"] == "mismatch")).any()
    # every note is shown: one D5 row each, except that the codes a table prints which the
    # reference list lacks are one row for the table (hcfin.checks.notes), naming every line
    grouped = group_notes(notes.to_dict("records"))
    assert int((d5["severity"] == "info").sum()) == len(grouped)
    shown = {int(n) for lines in d5.loc[d5["severity"] == "info", "lines"] for n in lines}
    assert {int(n) for n in notes["line"].dropna()} <= shown
    assert (d5["message"].str.contains("读取提示") == (d5["status"] == "not_applicable")).all()


def test_the_template_says_it_holds_no_data():
    report = reconcile(hcfin.load(RAW / "shanghai-template-2024-blank.pdf"))
    r = report.results
    d0 = r[r["rule_id"] == "D0"].iloc[0]
    assert d0["status"] == "insufficient_data" and "空白" in d0["message"]
    assert "不含任何数据" in report.to_text()
    assert set(r.loc[r["rule_id"].isin(["D2", "D4"]), "status"]) == {"not_applicable"}


def test_real_documents_hold_data(checked):
    name, _, report = checked
    d0 = report.results[report.results["rule_id"] == "D0"].iloc[0]
    assert (d0["status"] == "exact") == ("template" not in name)
