"""三公 tables in the forms surveyed for issue 9: one figure per item (no 预算数/决算数 split), items as
rows beside 机关运行经费 and counts (Yunnan's 情况表), and 会议费 / 培训费 beside the items (Shaanxi).

A figure that is not a 三公 amount (机关运行经费, a number of vehicles or visits) is kept as printed
but never given a 三公 key; a page publishing the 三公 table alone gives no error-level finding.
"""

from __future__ import annotations

import hcfin
from hcfin.cli import main

from .test_recognition import html_doc

ITEMS_ON_TOP = [["合计", "因公出国（境）费", "公务用车购置及运行维护费", "", "", "公务接待费"],
                ["", "", "小计", "公务用车购置费", "公务用车运行维护费", ""],
                ["5.30", "0.00", "4.10", "0.00", "4.10", "1.20"]]
AS_ROWS = [["项目", "预算数", "决算数"],
           ["一、“三公”经费支出", "5.00", "4.40"],
           ["（一）因公出国（境）费", "0.00", "0.00"],
           ["（二）公务用车购置及运行维护费", "3.00", "2.90"],
           ["1.公务用车购置费", "0.00", "0.00"],
           ["2.公务用车运行维护费", "3.00", "2.90"],
           ["（三）公务接待费", "2.00", "1.50"],
           ["二、机关运行经费", "20.00", "18.75"],
           ["三、公务用车保有量（辆）", "", "2"],
           ["四、国内公务接待批次（批）", "", "12"]]


def keyed(d) -> dict:
    t09 = d.facts[(d.facts["table"] == "T09") & d.facts["measure_key"].notna()]
    return dict(zip(t09["measure_key"], t09["value"]))


def test_one_figure_per_item_is_the_outturn(tmp_path):
    d = hcfin.load(html_doc(tmp_path, "一般公共预算财政拨款“三公”经费支出决算表", "单位：万元", ITEMS_ON_TOP))
    assert keyed(d) == {"actual_total": "5.30", "actual_abroad": "0.00", "actual_vehicle_total": "4.10",
                        "actual_vehicle_purchase": "0.00", "actual_vehicle_operation": "4.10",
                        "actual_reception": "1.20"}
    assert "unknown_column" not in set(d.issues["kind"])
    assert "sangong_outturn_only" in set(d.issues["kind"])


def test_items_as_rows_beside_running_costs_and_counts(tmp_path):
    d = hcfin.load(html_doc(tmp_path, "十、财政拨款“三公”经费、行政参公单位机关运行经费情况表", "单位：万元", AS_ROWS))
    assert keyed(d) == {
        "budget_total": "5.00", "actual_total": "4.40", "budget_abroad": "0.00", "actual_abroad": "0.00",
        "budget_vehicle_total": "3.00", "actual_vehicle_total": "2.90", "budget_vehicle_purchase": "0.00",
        "actual_vehicle_purchase": "0.00", "budget_vehicle_operation": "3.00", "actual_vehicle_operation": "2.90",
        "budget_reception": "2.00", "actual_reception": "1.50"}
    t09 = d.facts[d.facts["table"] == "T09"]
    unkeyed = t09[t09["measure_key"].isna()]
    assert sorted(unkeyed["value"].dropna()) == ["12", "18.75", "2", "20.00"]  # kept, never a 三公 amount
    notes = d.issues[d.issues["kind"] == "unknown_row"]
    assert len(notes) == 3 and set(notes["severity"]) == {"warning"}
    assert d.unaccounted.empty


def test_meeting_and_training_columns_stay_beside_the_items(tmp_path):
    items = ('<td rowspan="2">合计</td><td rowspan="2">因公出国（境）费</td><td colspan="2">公务用车购置及运行费</td>'
             '<td rowspan="2">会议费</td><td rowspan="2">培训费</td>')
    grid = ['<td rowspan="3">项目</td><td colspan="6">预算数</td><td colspan="6">决算数</td>', items * 2,
            "<td>公务用车购置费</td><td>公务用车运行费</td>" * 2,
            ["金额", "6.00", "0.00", "0.00", "3.00", "1.50", "1.50", "5.10", "0.00", "0.00", "2.80", "1.30", "1.00"]]
    d = hcfin.load(html_doc(tmp_path, "七、一般公共预算财政拨款“三公”经费及会议费、培训费支出决算表", "单位：万元", grid))
    keys = keyed(d)
    assert keys["budget_total"] == "6.00" and keys["actual_vehicle_operation"] == "2.80"
    t09 = d.facts[d.facts["table"] == "T09"]
    assert sorted(t09.loc[t09["measure_key"].isna(), "value"]) == ["1.00", "1.30", "1.50", "1.50"]


def test_a_page_with_the_sangong_table_alone_has_no_error(tmp_path, capsys):
    path = html_doc(tmp_path, "一般公共预算财政拨款“三公”经费支出决算表", "单位：万元", ITEMS_ON_TOP)
    report = hcfin.reconcile(hcfin.load(path))
    assert "error" not in set(report.findings["group"])
    assert main(["check", str(path)]) == 0


def test_budget_and_outturn_printed_as_rows(tmp_path):
    grid = [["项目", "合计", "因公出国（境）费", "公务用车购置及运行维护费", "公务接待费"],
            ["预算数", "5.00", "0.00", "3.00", "2.00"],
            ["决算数", "4.40", "0.00", "2.90", "1.50"]]
    d = hcfin.load(html_doc(tmp_path, "财政拨款“三公”经费支出决算表", "单位：万元", grid))
    assert keyed(d) == {"budget_total": "5.00", "budget_abroad": "0.00", "budget_vehicle_total": "3.00",
                        "budget_reception": "2.00", "actual_total": "4.40", "actual_abroad": "0.00",
                        "actual_vehicle_total": "2.90", "actual_reception": "1.50"}
    assert "sangong_outturn_only" not in set(d.issues["kind"])
