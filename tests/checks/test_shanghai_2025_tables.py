"""The two 2025 Shanghai portal pages, table side: every table read, nothing unaccounted, and
exactly the error-level table findings verified as real defects of the page.

Golden values below were read off the HTML source by a person (the line is the line of the
page's source); docs/shanghai-findings.md (section "2025 网页：表格") gives the evidence in full.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

import hcfin

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
WENLV = "shanghai-putuo-wenlv-2025.html"
SHIQUANLU = "shanghai-putuo-shiquanlu-2025.html"

# Tables holding no number: 08表 (国有资本经营) of both pages prints only a blank 合计 row; 石泉路's 07表 too.
EMPTY = {WENLV: {"T08"}, SHIQUANLU: {"T07", "T08"}}

# 三公 table (line 356 / 468): 合计, 因公出国（境）费, 公务用车 小计, 购置费, 运行维护费, 公务接待费; 预算数 | 决算数 each.
T09 = {
    WENLV: {"budget_total": "11.49", "actual_total": "3.04", "budget_abroad": "0", "actual_abroad": "0",
            "budget_vehicle_total": "9.38", "actual_vehicle_total": "2.64", "budget_vehicle_purchase": "0",
            "actual_vehicle_purchase": "0", "budget_vehicle_operation": "9.38", "actual_vehicle_operation": "2.64",
            "budget_reception": "2.11", "actual_reception": "0.40"},
    SHIQUANLU: {"budget_total": "53.93", "actual_total": "37.35", "budget_abroad": None, "actual_abroad": None,
                "budget_vehicle_total": "52.40", "actual_vehicle_total": "37.35", "budget_vehicle_purchase": "25.00",
                "actual_vehicle_purchase": "25.00", "budget_vehicle_operation": "27.40",
                "actual_vehicle_operation": "12.35", "budget_reception": "1.53", "actual_reception": "0"},
}

# Error-level table findings (rules T*, X*, D*), as (rule, count): each is a real defect of the page.
EXPECTED_ERRORS = {
    # 05表 (lines 256–297) prints the 41 codes of 03表 (with the 政府性基金 codes 20709, 2070904, 212, 21219,
    # 2121999) beside the value rows of the 一般公共预算 table, which has 37 rows: from line 269 on each code gets
    # the values of another row, the 合计 values 24,535.67 | 9,800.36 | 14,735.31 stand at 2150899 (line 292),
    # and the last five rows plus 合计 repeat the values of 207 … 2070105 (lines 256–260).
    WENLV: Counter({"T05.2": 33, "X4.1": 1, "X4.2": 5, "X7": 1, "X8.1": 10, "X8.2": 8, "X8.3": 8,
                    # 07表 合计 row (line 366) prints 年初 0, 本年收入 2002.80, 本年支出 blank ×3, 年末 0, while
                    # its 类 rows print 本年支出 2.80 and 2,000.00 (lines 367, 370)
                    "T07.1": 1, "T07.3": 2, "X5.1": 1}),
    # 03表 (lines 263–264) and 05表 (lines 388–389) print 基本支出 1,066.51 for 212 and 21201, where their own
    # rows give 10,661.51: 13,583.48 − 2,921.97 and 1,690.05 + 1,289.35 + 7,682.11 (a digit dropped)
    SHIQUANLU: Counter({"T03.1": 2, "T03.2": 2, "T05.1": 2, "T05.2": 2}),
}


@pytest.fixture(scope="module", params=[WENLV, SHIQUANLU])
def loaded(request):
    d = hcfin.load(RAW / request.param)
    return request.param, d, hcfin.reconcile(d).results


def test_all_nine_tables_found_and_empty_only_without_numbers(loaded):
    name, d, _ = loaded
    found = d.tables_found.set_index("table")
    assert found["found"].all()
    assert set(found.index[found["is_empty"].astype(bool)]) == EMPTY[name]


def test_capture_audit_is_clean(loaded):
    _, d, _ = loaded
    assert d.unaccounted.empty
    assert not (d.issues["severity"] == "error").any(), d.issues[d.issues["severity"] == "error"]


def test_sangong_table_without_item_column_is_read(loaded):
    name, d, _ = loaded
    t09 = d.facts[d.facts["table"] == "T09"]
    read = {key: (None if value is None or value != value else value)
            for key, value in zip(t09["measure_key"], t09["value"])}
    assert read == T09[name]


def test_error_level_table_findings_are_the_verified_defects(loaded):
    name, _, results = loaded
    errors = results[(results["status"] == "mismatch") & (results["severity"] == "error")
                     & results["rule_id"].str.match(r"^[TXD]")]
    assert Counter(errors["rule_id"]) == EXPECTED_ERRORS[name]


def test_shiquanlu_dropped_digit_is_reported_where_printed():
    d = hcfin.load(RAW / SHIQUANLU)
    results = hcfin.reconcile(d).results
    row = results[(results["rule_id"] == "T03.2") & results["location"].str.contains("21201")
                  & (results["status"] == "mismatch")].iloc[0]
    assert (row["reported"], row["computed"]) == ("1066.51", "10661.51")
