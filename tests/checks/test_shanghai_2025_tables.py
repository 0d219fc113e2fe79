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


# -- the findings a reader sees ------------------------------------------------------------------
# 05表 of 文旅局 is one printing defect, so it is one finding (hcfin/findings/misalign.py): the checks it
# explains are its result rows, the pairing is its evidence. Read off the page (lines 256–297 against
# 03表 lines 181–207 and 04表 lines 223–241): from line 269 each code carries the values of the row two
# codes down (20709 prints 2,369.56, 03表's 20799), from line 285 five down (2101101 prints 4,948.72 of
# 215; 2150899, line 292, prints the 合计 24,535.67), lines 293–297 repeat lines 256–260, and the
# 政府性基金 codes 20709, 2070904, 212, 21219, 2121999 have no values of their own.
WENLV_FOLDED = Counter({"T05.2": 33, "X4.1": 1, "X4.2": 5, "X7": 1, "X8.1": 10, "X8.2": 8, "X8.3": 8,
                        "X11.1": 1, "X11.2": 1, "X11.3": 1, "X11.4": 1,  # the four 06表 mirror warnings
                        "N5.1": 1, "N5.2": 1, "N5.3": 1, "N5.4": 4, "N5.5": 14, "N5.6": 1, "N6.1": 1})


def test_wenlv_misprinted_05_is_one_finding():
    report = hcfin.reconcile(hcfin.load(RAW / WENLV))
    f, ev = report.findings, report.evidence
    first = f.iloc[0]
    assert (first["group"], first["category"]) == ("error", "numeric")
    assert first["summary"].startswith("一般公共预算财政拨款支出决算表（05表）数值与行次错位：自第269行（20709 旅游发展基金支出）起")
    rows = [int(x) for x in first["result_rows"].split(",")]
    assert Counter(report.results.iloc[rows]["rule_id"]) == WENLV_FOLDED
    assert first["lines"] == ";".join(str(n) for n in range(269, 298))
    moved = ev[(ev["finding_id"] == first["finding_id"]) & (ev["role"] == "misaligned")]
    said = dict(zip(moved["line"].astype(int), moved["statement"]))
    assert said[269] == "所印数值属于20799 其他文化旅游体育与传媒支出；没有属于本行的数值"
    assert said[274] == "所印数值属于2080501 行政单位离退休"
    assert said[285] == "所印数值属于215 资源勘探工业信息等支出"
    assert said[292] == "所印数值属于合计"
    assert [said[n] for n in range(293, 298)] == [f"所印数值重复第{n}行（{name}）" for n, name in zip(
        range(256, 261), ["207 文化旅游体育与传媒支出", "20701 文化和旅游", "2070101 行政运行", "2070104 图书馆",
                          "2070105 文化展示及纪念机构"])]
    assert {c for c, s in zip(moved["code"], moved["statement"]) if "没有属于本行的数值" in s} == \
        {"20709", "2070904", "212", "21219", "2121999"}
    assert "下方2行" in first["diagnosis"] and "下方5行" in first["diagnosis"] and "全部相符" in first["diagnosis"]


def test_error_level_findings_of_the_pages():
    # 文旅局: 05表 (one finding), 07表's blank 合计 (F02: its 本年支出; F03: its 项目支出), the 6.08% share
    # that the re-paired 05表 still contradicts, growth from zero (S8); 99 findings before the grouping
    wenlv = hcfin.reconcile(hcfin.load(RAW / WENLV)).findings
    errors = wenlv[wenlv["group"] == "error"]
    assert list(errors["rule_ids"].str.split(",").str[0]) == ["T05.2", "T07.1", "T07.3", "N5.4", "S8"]
    assert "按重新对齐后的数值此项仍不符" in errors.iloc[3]["diagnosis"] and "6.0863%" in errors.iloc[3]["diagnosis"]
    assert list(wenlv.loc[wenlv["group"] == "warning", "rule_ids"]) == ["N6.3", "N6.3"]
    # 石泉路's dropped digit (1,066.51 for 10,661.51) is a single cell: no table is taken as misaligned
    shiquanlu = hcfin.reconcile(hcfin.load(RAW / SHIQUANLU))
    assert not shiquanlu.evidence["role"].eq("misaligned").any()
    assert Counter(shiquanlu.findings.loc[shiquanlu.findings["group"] == "error", "rule_ids"]) == Counter(
        {"T03.1": 2, "T03.2": 2, "T05.1": 2, "T05.2": 2, "N5.4": 1, "N5.5": 1, "N7.2,S9": 1, "C1": 1})


def test_wenlv_misprint_in_the_outputs():
    import json

    from hcfin.analysis import checks

    report = hcfin.reconcile(hcfin.load(RAW / WENLV))
    # hcfin check (text): one line for the table, its rules, its rows, the diagnosis
    text = report.to_text()
    assert "F01  一般公共预算财政拨款支出决算表（05表）数值与行次错位" in text
    assert "原文第269,270,271,272,273,274,275,276…行" in text
    # --format json: the finding with one evidence row per printed row of 05表 (29) and the text it explains
    first = json.loads(report.to_json())["findings"][0]
    misaligned = [e for e in first["evidence"] if e["role"] == "misaligned"]
    assert len(misaligned) == 29 and misaligned[-1]["line"] == 297
    assert misaligned[23]["value"] == "小计24535.67、基本支出9800.36、项目支出14735.31"  # line 292, 2150899
    # the reconciliation report: the re-pairing as a table
    listing = checks.describe_finding_list(report)
    assert "| 第292行 | 2150899 其他支持中小企业发展和管理支出 |" in listing
    assert "所印数值属于合计 |" in listing
