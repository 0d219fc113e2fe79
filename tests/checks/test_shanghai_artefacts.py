"""Artefacts of our rules or reading that gave false findings on the Shanghai PDFs, each pinned.

Every test here fails without its fix (see docs/shanghai-findings.md, "Artefacts fixed").
Numbers are those of the Shanghai documents, so each case is recognisable.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hcfin.checks import reconcile
from hcfin.model import Cell, Document, Location, Paragraph, Table
from hcfin.narrative import extract_statements

from .frames import disclosure, statement as S

S53 = "第三部分 五（三）"


def _run(d, *rule_ids):
    return reconcile(d, rules=list(rule_ids)).results


def _rows(results, rule_id):
    return results[results["rule_id"] == rule_id].reset_index(drop=True)


# -- §五（三）: a 类/款/项 path names one 项 ---------------------------------------------------------
CAIZHENG_T05 = [  # 财政局 05表 (p.15)
    ("T01", "expenditure", "201", "amount", "2106.66", "一、一般公共服务支出"),
    ("T05", None, "201", "total", "2106.66", "一般公共服务支出"),
    ("T05", None, "20106", "total", "2106.66", "财政事务"),
    ("T05", None, "2010601", "total", "1511.89", "行政运行"),
    ("T05", None, "2010602", "total", "10.00", "一般行政管理事务"),
    ("T05", None, "total", "total", "2106.66", "合计"),
]


def test_a_path_subject_is_compared_with_its_own_item_row_not_its_class():
    # "1、一般公共服务支出（类）财政事务（款）行政运行（项）… 支出决算为1511.89万元" (财政局 p.22):
    # before the fix it was compared with the 类 total 2106.66 (a false mismatch of 594.77)
    st = [S(S53, "一般公共服务支出（类）财政事务（款）行政运行（项）", "决算", "1511.89"),
          S(S53, "一般公共服务支出（类）财政事务（款）一般行政管理事务（项）", "决算", "10.00")]
    r = _rows(_run(disclosure(CAIZHENG_T05, st), "N5.5"), "N5.5")
    assert list(r["status"]) == ["exact", "exact"]
    assert list(r["computed"]) == ["1511.89", "10.00"]


GUIHUA_T05 = [  # 规划和自然资源局 05表 (p.14–15)
    ("T01", "expenditure", "221", "amount", "461.08", "十九、住房保障支出"),
    ("T01", "expenditure", "220", "amount", "4461.67", "十八、自然资源海洋气象等支出"),
    ("T05", None, "220", "total", "4461.67", "自然资源海洋气象等支出"),
    ("T05", None, "22001", "total", "4461.67", "自然资源事务"),
    ("T05", None, "2200150", "total", "4416.67", "事业运行"),
    ("T05", None, "2200199", "total", "45.00", "其他自然资源事务支出"),
    ("T05", None, "221", "total", "461.08", "住房保障支出"),
    ("T05", None, "22102", "total", "461.08", "住房改革支出"),
    ("T05", None, "2210201", "total", "289.59", "住房公积金"),
    ("T05", None, "2210203", "total", "171.49", "购房补贴"),
    ("T05", None, "total", "total", "9746.50", "合计"),
]


def test_a_misnamed_section_still_finds_a_unique_item_and_the_name_is_reported():
    # "12、住房保障支出（类）住房保障支出（款）住房公积金（项）… 289.59" (规划 p.24); 05表 prints 22102 住房改革支出
    st = [S(S53, "住房保障支出（类）住房保障支出（款）住房公积金（项）", "决算", "289.59", line=414)]
    r = _run(disclosure(GUIHUA_T05, st), "N5.5", "N5.8")
    amount, name = _rows(r, "N5.5").iloc[0], _rows(r, "N5.8").iloc[0]
    assert amount["status"] == "exact" and amount["computed"] == "289.59"
    assert "住房保障支出（款）" in amount["message"]
    assert name["status"] == "mismatch" and "22102 住房改革支出" in name["computed"]
    assert name["lines"] == [414]


def test_an_item_name_the_table_does_not_print_is_not_guessed():
    # "11、…自然资源事务（款）其他国土资源事务支出（项）… 45.00" (规划 p.24): 05表 prints 2200199 其他自然资源事务支出
    st = [S(S53, "自然资源海洋气象等支出（类）自然资源事务（款）其他国土资源事务支出（项）", "决算", "45.00")]
    r = _run(disclosure(GUIHUA_T05, st), "N5.5", "N5.8")
    assert _rows(r, "N5.5").loc[0, "status"] == "insufficient_data"
    assert _rows(r, "N5.8").loc[0, "status"] == "mismatch"


def test_completion_of_the_full_year_budget_uses_the_full_year_budget():
    # 社会工作部 p.18: "全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%"
    cells = [("T01", "expenditure", "201", "amount", "264.87", "一、一般公共服务支出"),
             ("T05", None, "201", "total", "264.87", "一般公共服务支出"),
             ("T05", None, "20139", "total", "264.87", "社会工作事务"),
             ("T05", None, "2013901", "total", "51.32", "行政运行")]
    path = "一般公共服务支出（类）社会工作事务（款）行政运行（项）"
    st = [S(S53, path, "预算", "52.00"), S(S53, path, "决算", "51.32"),
          S(S53, path, "完成率", "98.69", "%", basis="全年预算")]
    r = _rows(_run(disclosure(cells, st), "N5.7"), "N5.7")
    assert list(r["status"]) == ["exact"] and r.loc[0, "computed"] == "98.6923"


def test_the_narrative_reads_completion_of_the_full_year_budget():
    doc = _document("五、一般公共预算财政拨款支出决算情况说明", "（三）一般公共预算财政拨款支出决算具体情况",
                    "1、一般公共服务支出（类）社会工作事务（款）行政运行（项）。主要用于：行政单位人员支出、公用支出。"
                    "全年预算为52.00万元，支出决算为51.32万元，完成全年预算数的98.69%。")
    s = extract_statements(doc).statements
    rate = s[s["value"] == "98.69"].iloc[0]
    assert (rate["metric"], rate["basis"]) == ("完成率", "全年预算")  # was metric "预算数的"
    assert s[s["value"] == "52.00"].iloc[0]["metric"] == "预算"


# -- rates -----------------------------------------------------------------------------------------
def test_a_rate_stated_against_a_zero_budget_is_a_mismatch():
    # 社会工作部 p.18: "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%"
    cells = [("T05", None, "total", "total", "307.82", "合计")]
    st = [S(S53, "一般公共预算财政拨款支出", "年初预算", "0"), S(S53, "一般公共预算财政拨款支出", "决算", "307.82"),
          S(S53, "一般公共预算财政拨款支出", "完成率", "95.89", "%", basis="年初预算")]
    row = _rows(_run(disclosure(cells, st), "N5.6"), "N5.6").iloc[0]
    assert row["status"] == "mismatch" and row["computed"] == "无定义"
    # a rate of 0% of a zero budget says nothing wrong
    st[-1] = S(S53, "一般公共预算财政拨款支出", "完成率", "0", "%", basis="年初预算")
    assert _rows(_run(disclosure(cells, st), "N5.6"), "N5.6").loc[0, "status"] == "not_applicable"


def test_a_truncated_percentage_is_said_to_be_truncated():
    # 规划 p.21: 9746.50 / 9759.38 = 99.8680% printed as 99.86%
    cells = [("T05", None, "total", "total", "9746.50", "合计"),
             ("T01", "expenditure", "expenditure_total", "amount", "9759.38", "本年支出合计")]
    st = [S("第三部分 五（一）", "一般公共预算财政拨款支出", "占比", "99.86", "%", basis="本年支出合计")]
    row = _rows(_run(disclosure(cells, st), "N5.2"), "N5.2").iloc[0]
    assert row["status"] == "mismatch" and "截尾" in row["message"]


# -- 三公: a part of 公务接待 is not a 09表 column -------------------------------------------------------
def test_foreign_guest_reception_is_not_compared_with_the_reception_column():
    # 规划 p.26: "国内公务接待支出0.39万（含外宾接待支出0.00万元）"; 09表 公务接待费决算 0.39
    cells = [("T09", None, "row", "actual_reception", "0.39")]
    st = [S("第三部分 七（二）", "国内公务接待支出", "决算", "0.39"), S("第三部分 七（二）", "外宾接待支出", "决算", "0.00")]
    r = _rows(_run(disclosure(cells, st), "N7.2"), "N7.2")
    assert list(zip(r["location"], r["status"])) == [("第三部分 七（二） 国内公务接待支出 决算", "exact")]


def test_the_narrative_reads_wan_without_yuan_and_a_note_holding_an_amount():
    doc = _document("七、财政拨款“三公”经费支出决算情况说明", "（二）“三公”经费财政拨款支出决算具体情况说明。",
                    "3、公务接待费支出0.39万元。其中：", "国内公务接待支出0.39万（含外宾接待支出0.00万元）。")
    result = extract_statements(doc)
    s = result.statements
    got = sorted(zip(s["subject"], s["value"], s["unit"]))
    assert ("国内公务接待支出", "0.39", "万元") in got and ("外宾接待支出", "0.00", "万元") in got
    assert {i.kind for i in result.issues} == {"unit_abbreviated"}  # was: unclassified_number, garbled subject
    # a scope note without a number is still a scope
    s = extract_statements(_document("十一、其他", "单价100万元（含）以上设备2台（套）（不含车辆）。")).statements
    assert "不含车辆" in set(s["basis"].dropna())


# -- loader notes ----------------------------------------------------------------------------------
def _issues(*rows):
    return pd.DataFrame([dict(zip(["severity", "kind", "message", "line", "page", "table", "text"], r)) for r in rows])


def test_info_issues_and_amountless_title_less_grids_are_notes_not_mismatches():
    d = disclosure([("T01", "income", "income_total", "amount", "1.00")], [])
    units = Table([[Cell("序号", Location(78)), Cell("单位名称", Location(78))],
                   [Cell("1", Location(79)), Cell("上海市普陀区财政局（本级）", Location(79))]], Location(78, 5), 80)
    amounts = Table([[Cell("项目", Location(90))], [Cell("1,234.56", Location(91))]], Location(90, 6), 91)
    d.document = Document(path=Path("x.pdf"), sha256="", format="pdf", blocks=[units, amounts], lines=[""] * 100)
    d.issues = _issues(("info", "pdf_table_continued", "表格跨页续表（第6页至第7页），已合并为一张表", 85, 7, None, None),
                       ("info", "unknown_code", "code 20106 (财政事务) is not in the reference list", 124, 8, "T02", "财政事务"),
                       ("warning", "grid_without_title", "table grid with no recognisable title", 78, 5, None, None),
                       ("warning", "grid_without_title", "table grid with no recognisable title", 90, 6, None, None))
    report = reconcile(d, rules=["D5"])
    r = _rows(report.results, "D5")
    # a reading note is never a mismatch; the title-less grid that prints amounts is listed as a reading finding
    assert list(r["status"]) == ["not_applicable"] * 4
    assert all("读取提示" in m for m in r["message"])
    assert list(report.findings["lines"]) == ["90"] and list(report.findings["group"]) == ["reading"]


# -- a blank template ------------------------------------------------------------------------------
def test_a_blank_template_says_it_holds_no_data_and_reports_no_mismatch():
    cells = [("T01", "income", "income_total", "amount", None, "本年收入合计"),
             ("T01", "expenditure", "expenditure_total", "amount", None, "本年支出合计"),
             ("T09", None, "row", "actual_total", None)]
    d = disclosure(cells, [], found=["T01", "T09"], empty={"T01": None, "T09": None})
    d.lines = ["上海市XX局2024年度部门决算", "比2023年度增加（减少）XXX万元，增长（下降）XX%。"]
    r = reconcile(d).results
    assert r[r["status"] == "mismatch"].empty
    # two of the nine: a partial publication, so the 7 it lacks are reported as not checkable, not missing
    assert _rows(r, "D1")["status"].tolist().count("insufficient_data") == 7
    assert _rows(r, "D0").loc[0, "status"] == "insufficient_data"
    assert set(_rows(r, "D2")["status"]) == {"not_applicable"} and set(_rows(r, "D4")["status"]) == {"not_applicable"}


def test_an_empty_tables_partial_total_row_is_not_missing_data():
    # 规划 p.18: the empty 07表 prints a 合计 row under only some columns
    cells = [("T07", None, "total", "opening", None, "合计"), ("T07", None, "total", "income", None, "合计"),
             ("T04", "expenditure", "expenditure_total", "gf", None, "本年支出合计")]
    d = disclosure(cells, [], found=["T04", "T07"], empty={"T07": "本表无数据。"})
    r = _run(d, "T07.3", "X5.1")
    assert list(zip(r["rule_id"], r["status"])) == [("T07.3", "not_applicable"), ("X5.1", "not_applicable")]


def test_any_unchosen_direction_pair_is_template_residue():
    # 规划 p.25: "下降（增长）27.78%"
    d = disclosure([("T01", "income", "income_total", "amount", "1.00")], [])
    d.lines = ["决算数比2023年度减少0.15万元，下降（增长）27.78%，其中：", "正常"]
    r = _rows(_run(d, "D4"), "D4")
    assert list(zip(r["location"], r["status"])) == [("第1行", "mismatch")]


def _document(*texts: str) -> Document:
    texts = ("第三部分 情况说明",) + texts
    blocks = [Paragraph(t, Location(i + 1)) for i, t in enumerate(texts)]
    return Document(path=Path("small.txt"), sha256="", format="text", blocks=blocks, lines=list(texts))
