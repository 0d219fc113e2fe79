"""Reconciliation summaries against an inline results frame (reconcile contract)."""

import pandas as pd

from hcfin.analysis import checks

RESULTS = pd.DataFrame([
    dict(rule_id="T03.1", kind="row_sum", status="rounding", severity="error", tables="T03",
         location="2080109", reported="228.79", computed="228.80", difference="-0.01",
         message="支出合计 = 基本 + 项目", lines=[327, 328, 329]),
    dict(rule_id="X7", kind="equal", status="mismatch", severity="error", tables="T05,T06",
         location="基本支出", reported="759.99", computed="760.50", difference="-0.51",
         message="<b>基本支出</b>不等", lines=[600, 964]),
    dict(rule_id="X5", kind="equal", status="not_applicable", severity="error", tables="T04,T07",
         location="", reported=None, computed=None, difference=None, message="无政府性基金", lines=[]),
    dict(rule_id="T01.1", kind="sum", status="exact", severity="error", tables="T01",
         location="", reported="933.58", computed="933.58", difference="0", message="收入合计", lines=[105]),
])


def test_status_and_table_summary():
    summary = checks.status_summary(RESULTS).set_index("status")
    assert summary.loc["mismatch", "count"] == 1 and summary.loc["insufficient_data", "count"] == 0
    by_table = checks.table_summary(RESULTS).set_index("表")
    assert by_table.loc["T06 一般公共预算财政拨款基本支出决算明细表", "不符"] == 1
    assert by_table.loc["T03 支出决算表", "尾差（在舍入范围内）"] == 1


def test_mismatch_evidence_and_escaping():
    text = checks.describe_mismatches(RESULTS)
    assert "X7" in text and "第600、964行" in text and "<b>" not in text
    assert list(checks.mismatches(RESULTS)["rule_id"]) == ["X7"]
    no_numbers = RESULTS.assign(reported=None, computed=None, difference=None)
    assert "None" not in checks.describe_mismatches(no_numbers)
    assert checks.describe_mismatches(RESULTS[RESULTS["status"] != "mismatch"]) == "没有不符项。"


def test_unchecked_and_findings():
    assert "无政府性基金" in checks.describe_unchecked(RESULTS)
    assert "尾差1项" in checks.describe_findings(RESULTS, ["T03"])
    assert "不符1项" in checks.describe_findings(RESULTS, ["T06"])
    assert "不符1项" in checks.describe_findings(RESULTS, [], ("基本支出",))  # matched by location
    assert "没有发现" in checks.describe_findings(RESULTS, ["T09"])
    assert "1项不符" in checks.describe_summary(RESULTS)


def test_run_checks_is_the_reconciliation(seed):
    results = checks.run_checks(seed)
    assert set(results.loc[results["status"] == "mismatch", "rule_id"]) >= {"T04.3a", "S1", "S2"}


def test_parse_issues(seed):
    issues = checks.parse_issues(seed)
    assert list(issues.columns) == ["级别", "类型", "说明", "行号", "表"] and len(issues) == len(seed.issues)
    assert set(issues["级别"]) <= {"错误", "警告", "提示"}
    assert not issues["类型"].str.contains("_").any()
    assert list(issues["行号"]) == sorted(issues["行号"], key=lambda x: int(x) if x != "—" else 10**9)


def test_issue_message_is_chinese():
    assert checks.issue_message("unknown_code", "code 20106 (财政事务) is not in the reference list") == (
        "科目编码20106（财政事务）不在参考科目表中（已照原文读取）")
    assert checks.issue_message("no_data", "the 9 tables found hold no number at all") .startswith("找到的公开表中")
    assert checks.issue_message("template_residue", "第1265行保留了模板选项") == "第1265行保留了模板选项"
    assert checks.issue_message("brand_new_kind", "something went odd here") == "读取提示"


def test_issue_kinds_reported_by_document_checks_are_chinese():
    bad = RESULTS.iloc[[0]].assign(status="mismatch", reported="pdf_table_continued", rule_id="D5")
    assert "报告数表格跨页续表" in checks.describe_mismatches(bad)
    assert list(checks.mismatches(bad)["reported"]) == ["表格跨页续表"]
