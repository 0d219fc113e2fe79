"""Table layouts of web pages and office files: full-width grids with merged cells, codes joined
with their names, 决算数 sub-headers, 三公 tables without an item column, tables printed in 元.

Small synthetic pages, loaded with :func:`hcfin.load`; each test fails on the code before
these layouts were read.
"""

from __future__ import annotations

from pathlib import Path

import hcfin
from hcfin.checks.cells import _to_wan
from hcfin.tables.header import read_grid_header
from hcfin.tables.keys import measure_key
from hcfin.tables.layout import is_data_row


def page(tmp_path: Path, title: str, rows: list[str], unit: str = "万元", text: str = "") -> Path:
    """A portal page: the table's title, its unit line, the table, then a paragraph."""
    html = [f'<html><head><meta charset="utf-8"></head><body><p>上海市普陀区示例局2025年度部门决算</p>',
            f"<p>{title}</p>", f"<p>单位：{unit}</p>", '<table border="1">']
    html += [f"<tr>{row}</tr>" for row in rows]
    html += ["</table>", f"<p>{text}</p>" if text else "", "</body></html>"]
    path = tmp_path / "page.html"
    path.write_text("\n".join(html), encoding="utf-8")
    return path


def cells(*texts: str) -> str:
    return "".join(f"<td>{t}</td>" for t in texts)


SANGONG = [
    '<td colspan="12">财政拨款“三公”经费</td>',
    '<td colspan="2" rowspan="2">合计</td><td colspan="2" rowspan="2">因公出国（境）费</td>'
    '<td colspan="6">公务用车购置及运行维护费</td><td colspan="2" rowspan="2">公务接待费</td>',
    '<td colspan="2">小计</td><td colspan="2">公务用车购置费</td><td colspan="2">公务用车运行维护费</td>',
    cells(*["预算数", "决算数"] * 6),
    cells("11.49", "3.04", "0", "0", "9.38", "2.64", "0", "0", "9.38", "2.64", "2.11", "0.40"),
]


def test_sangong_without_item_column_under_one_title_cell(tmp_path):
    d = hcfin.load(page(tmp_path, "财政拨款“三公”经费支出决算表", SANGONG))
    t09 = d.facts[d.facts["table"] == "T09"]
    assert dict(zip(t09["measure_key"], t09["value"])) == {
        "budget_total": "11.49", "actual_total": "3.04", "budget_abroad": "0", "actual_abroad": "0",
        "budget_vehicle_total": "9.38", "actual_vehicle_total": "2.64", "budget_vehicle_purchase": "0",
        "actual_vehicle_purchase": "0", "budget_vehicle_operation": "9.38", "actual_vehicle_operation": "2.64",
        "budget_reception": "2.11", "actual_reception": "0.40"}
    assert d.unaccounted.empty


def test_grid_header_keeps_a_merged_cell_under_its_parent():
    """運行维护费 is followed by spanned positions: its own (merged across) and those of 公务接待费
    (merged down from the row above, a different parent)."""
    rows = [["合计", "", "公务用车购置及运行维护费", "", "", "", "公务接待费", ""],
            ["", "", "小计", "", "公务用车运行维护费", "", "", ""]]
    spanned = [[False, True, False, True, True, True, False, True],
               [True, True, False, True, False, True, True, True]]
    units = read_grid_header(rows, spanned)
    assert [u.path for u in units] == [("合计",)] * 2 + [("公务用车购置及运行维护费", "小计")] * 2 + \
        [("公务用车购置及运行维护费", "公务用车运行维护费")] * 2 + [("公务接待费",)] * 2
    assert read_grid_header([["项目", "合计"], ["科目名称"]], [[False, False], [False]]) is None  # ragged


def test_total_followed_by_its_own_span_is_a_header_word():
    assert not is_data_row(["合计", "", "因公出国（境）费", ""], [False, True, False, True])
    assert is_data_row(["合计", "", "1,700.57", ""], [False, True, False, False])
    assert is_data_row(["合计", "", ""], [False, True, False])  # an empty table's total row


def test_code_spanning_class_columns_and_a_sub_header_row(tmp_path):
    """The national template: 类 | 款 | 项 under 功能分类科目编码, the code in a cell spanning them,
    决算数 under every amount column."""
    header = ['<td colspan="4">项目</td><td>本年支出合计</td><td>基本支出</td><td>项目支出</td>',
              '<td colspan="3">功能分类科目编码</td><td rowspan="2">科目名称</td>'
              '<td rowspan="2">决算数</td><td rowspan="2">决算数</td><td rowspan="2">决算数</td>',
              cells("类", "款", "项")]
    rows = header + ['<td colspan="4">合计</td>' + cells("100.00", "60.00", "40.00"),
                     '<td colspan="3">2080505</td>' + cells("养老保险缴费", "100.00", "60.00", "40.00")]
    d = hcfin.load(page(tmp_path, "支出决算表", rows))
    t03 = d.facts[d.facts["table"] == "T03"]
    assert set(t03["measure_key"]) == {"total", "basic", "project"}
    assert t03[t03["code"] == "2080505"]["value"].tolist() == ["100.00", "60.00", "40.00"]
    assert d.unaccounted.empty and not d.tables_found.set_index("table").loc["T03", "is_empty"]


def test_code_joined_with_its_name(tmp_path):
    rows = [cells("项目", "合计", "基本支出", "项目支出"),
            cells("合计", "100.00", "60.00", "40.00"),
            cells("208 社会保障和就业支出", "100.00", "60.00", "40.00"),
            cells("2080505机关事业单位基本养老保险缴费支出", "100.00", "60.00", "40.00")]
    d = hcfin.load(page(tmp_path, "一般公共预算财政拨款支出决算表", rows))
    t05 = d.facts[(d.facts["table"] == "T05") & (d.facts["measure_key"] == "total")]
    codes = [c if isinstance(c, str) else None for c in t05["code"]]
    assert list(zip(codes, t05["label"])) == [(None, "合计"), ("208", "社会保障和就业支出"),
                                                    ("2080505", "机关事业单位基本养老保险缴费支出")]


def test_sub_header_words_name_no_column():
    assert measure_key("T03", ["本年支出合计", "决算数"]) == "total"
    assert measure_key("T07", ["本年支出", "合计", "决算数"]) == "expenditure_total"
    assert measure_key("T03", ["基本支出", "预算数"]) is None  # a budget column is never the outturn
    assert measure_key("T09", ["合计", "决算数"]) == "actual_total"


def test_tables_in_yuan_are_checked_in_wan_yuan(tmp_path):
    assert _to_wan("9335800.00", 2, "元") == ("933.580000", 6)
    assert _to_wan("12", 0, "千元") == ("1.2", 1)
    rows = [cells("项目", "合计", "基本支出", "项目支出"), cells("合计", "1,000,000.00", "600,000.00", "400,000.00")]
    text = "一般公共预算财政拨款支出100.00万元，其中基本支出60.00万元。"
    d = hcfin.load(page(tmp_path, "一般公共预算财政拨款支出决算表", rows, unit="元", text=text))
    results = hcfin.reconcile(d).results
    assert not ((results["status"] == "mismatch") & results["rule_id"].str.startswith("N5")).any()
    assert (results["rule_id"].str.startswith("T05") & (results["status"] == "exact")).any()


def test_sangong_with_items_as_rows(tmp_path):
    rows = [cells("项目", "预算数", "决算数"), cells("合计", "53.93", "37.35"),
            cells("因公出国（境）费", "", ""), cells("公务用车购置及运行维护费", "52.40", "37.35"),
            cells("其中：公务用车购置费", "25.00", "25.00"), cells("公务用车运行维护费", "27.40", "12.35"),
            cells("公务接待费", "1.53", "0")]
    d = hcfin.load(page(tmp_path, "财政拨款“三公”经费支出决算表", rows))
    t09 = d.facts[d.facts["table"] == "T09"].dropna(subset=["value"])
    assert dict(zip(t09["measure_key"], t09["value"])) == {
        "budget_total": "53.93", "actual_total": "37.35", "budget_vehicle_total": "52.40",
        "actual_vehicle_total": "37.35", "budget_vehicle_purchase": "25.00", "actual_vehicle_purchase": "25.00",
        "budget_vehicle_operation": "27.40", "actual_vehicle_operation": "12.35", "budget_reception": "1.53",
        "actual_reception": "0"}
    assert "unknown_column" not in set(d.issues["kind"])
    results = hcfin.reconcile(d).results
    assert set(results[results["rule_id"].str.startswith("T09")]["status"]) == {"exact"}


def test_economic_table_with_a_row_naming_the_groups(tmp_path):
    """National template 06表: 人员经费 | 公用经费 above 科目编码 | 科目名称 | 决算数 (×2)."""
    rows = ['<td colspan="3">人员经费</td><td colspan="3">公用经费</td>',
            cells(*["科目编码", "科目名称", "决算数"] * 2),
            cells("301", "工资福利支出", "100.00", "302", "商品和服务支出", "20.00"),
            cells("30101", "基本工资", "100.00", "30201", "办公费", "20.00"),
            '<td colspan="2">人员经费合计</td><td>100.00</td><td colspan="2">公用经费合计</td><td>20.00</td>']
    d = hcfin.load(page(tmp_path, "一般公共预算财政拨款基本支出决算表", rows))
    t06 = d.facts[d.facts["table"] == "T06"]
    assert dict(zip(t06["code"].fillna(t06["row_key"]), t06["value"])) == {
        "301": "100.00", "30101": "100.00", "302": "20.00", "30201": "20.00", "personnel_total": "100.00",
        "public_total": "20.00"}
    assert d.unaccounted.empty
