"""Table rule kinds: each passes, passes by rounding, and fails (synthetic facts written inline)."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd
import pytest

from hcfin.checks import parse_catalogue, reconcile

from .frames import disclosure


def run(rule_yaml: str, cells: list[tuple], found: list[str] | None = None, **kw):
    catalogue = parse_catalogue("rules:\n" + rule_yaml)
    return reconcile(disclosure(cells, found=found, **kw), catalogue).results


IDENTITY = """
- id: R
  kind: identity
  tables: [T01]
  severity: error
  params:
    location: 本年收入合计
    left: ["T01.income[income_total].amount"]
    right: ["T01.income[gpb_appropriation].amount", "T01.income[business].amount", "T01.income[other].amount"]
  message: "{location}{reported}，分项之和{computed}"
  why: test
"""


def income(total, *parts):
    keys = ["gpb_appropriation", "business", "other"]
    return [("T01", "income", "income_total", "amount", total)] + [
        ("T01", "income", k, "amount", v) for k, v in zip(keys, parts)]


def test_identity_exact():
    r = run(IDENTITY, income("933.58", "900.00", "33.58", None))
    assert r.loc[0, "status"] == "exact"
    assert (r.loc[0, "reported"], r.loc[0, "computed"], r.loc[0, "difference"]) == ("933.58", "933.58", "0.00")
    assert "1个空白单元格按0计" in r.loc[0, "message"]


def test_identity_rounding():
    # 853.23 + 25.26 + 55.10 = 933.59, printed 933.58: within 4 × 0.005
    r = run(IDENTITY, income("933.58", "853.23", "25.26", "55.10"))
    assert r.loc[0, "status"] == "rounding"
    assert r.loc[0, "difference"] == "-0.01"
    assert (r.loc[0, "computed_low"], r.loc[0, "computed_high"]) == (933.575, 933.605)
    assert (r.loc[0, "difference_amount"], r.loc[0, "computed_amount"]) == (-0.01, 933.59)


def test_identity_mismatch():
    r = run(IDENTITY, income("910.69", "753.19", "152.50", None))
    row = r.loc[0]
    assert row["status"] == "mismatch"
    assert (row["reported"], row["computed"], row["difference"]) == ("910.69", str(Decimal("753.19") + Decimal("152.50")), "5.00")
    assert row["lines"] == [1000, 1001, 1002, 1003]
    assert "不符，相差5.00" in row["message"]


def test_identity_fails_just_beyond_rounding():
    # three parts and a total at 2 decimals: the widest honest gap is 4 × 0.005 = 0.02
    assert run(IDENTITY, income("1.02", "0.00", "0.00", "1.00")).loc[0, "status"] == "rounding"
    assert run(IDENTITY, income("1.03", "0.00", "0.00", "1.00")).loc[0, "status"] == "mismatch"


def test_identity_missing_row_is_insufficient_data():
    r = run(IDENTITY, [("T01", "income", "income_total", "amount", "1.00")])
    assert r.loc[0, "status"] == "insufficient_data"


def test_identity_missing_table_is_insufficient_data():
    r = run(IDENTITY, [("T02", None, "total", "total", "1.00")], found=["T02"])
    assert r.loc[0, "status"] == "insufficient_data"
    assert "未找到该表" in r.loc[0, "message"]


def test_identity_all_blank_is_not_applicable():
    assert run(IDENTITY, income(None, None, None, None)).loc[0, "status"] == "not_applicable"


def test_identity_blank_total_with_nonzero_parts_is_mismatch():
    r = run(IDENTITY, income(None, "1.00", None, None))
    assert r.loc[0, "status"] == "mismatch" and pd.isna(r.loc[0, "reported"])
    assert "空白" in r.loc[0, "message"]


def test_identity_unreadable_cell_is_insufficient_data():
    cells = income("1.00", "1.00", None, None)
    d = disclosure(cells)
    d.facts.loc[2, "status"] = "unreadable"  # the business row: printed, but not as a number
    catalogue = parse_catalogue("rules:\n" + IDENTITY)
    assert reconcile(d, catalogue).results.loc[0, "status"] == "insufficient_data"


AT_MOST = IDENTITY.replace("location: 本年收入合计", "location: x\n    relation: \"<=\"")


@pytest.mark.parametrize("total,status", [("933.00", "exact"), ("933.59", "rounding"), ("933.60", "mismatch")])
def test_identity_at_most(total, status):
    # left 933.xx ≤ right 900.00 + 33.58; 933.59 only by rounding ([933.585, ...] meets [..., 933.59])
    assert run(AT_MOST, income(total, "900.00", "33.58", None)).loc[0, "status"] == status


WHEN_ZERO = IDENTITY.replace("location: 本年收入合计", "location: x\n    when_zero: [\"T01.income[business].amount\"]")


def test_precondition_not_met_is_not_applicable():
    r = run(WHEN_ZERO, income("933.58", "900.00", "33.58", None))
    assert r.loc[0, "status"] == "not_applicable" and "前提不成立" in r.loc[0, "message"]
    assert run(WHEN_ZERO, income("933.58", "933.58", None, None)).loc[0, "status"] == "exact"


ROW_SUMS = """
- id: R
  kind: row_sums
  tables: [T03]
  severity: error
  params: {table: T03, total: total, parts: [basic, project]}
  message: "{location}{reported}，基本+项目={computed}"
  why: test
"""


def t03(rows):
    out = []
    for code, total, basic, project in rows:
        out += [("T03", None, code, "total", total, "名称"), ("T03", None, code, "basic", basic, "名称"),
                ("T03", None, code, "project", project, "名称")]
    return out


def test_row_sums_each_status():
    r = run(ROW_SUMS, t03([
        ("2080101", "491.87", "491.87", None),        # exact
        ("2080109", "228.79", "71.75", "157.05"),     # 228.80: rounding
        ("2210201", "55.20", "54.22", "0.87"),        # 55.09: mismatch
        ("2101101", None, None, None),                # nothing printed: skipped
    ]))
    assert list(r["status"]) == ["exact", "rounding", "mismatch"]
    assert r.loc[2, "location"] == "支出决算表 2210201 名称 本年支出合计"
    assert r.loc[2, "difference"] == "0.11"


def test_row_sums_empty_table_not_applicable():
    r = run(ROW_SUMS, t03([("2080101", None, None, None)]))
    assert list(r["status"]) == ["not_applicable"]


def test_row_sums_signed_parts():
    rule = ROW_SUMS.replace("total: total, parts: [basic, project]", "total: closing, parts: [opening, income, -expenditure_total]")
    cells = [("T07", None, "total", m, v, "合计") for m, v in
             (("opening", "10.00"), ("income", "5.00"), ("expenditure_total", "12.00"), ("closing", "3.00"))]
    assert run(rule.replace("T03", "T07"), cells).loc[0, "status"] == "exact"
    cells[-1] = ("T07", None, "total", "closing", "3.50", "合计")
    assert run(rule.replace("T03", "T07"), cells).loc[0, "status"] == "mismatch"


HIERARCHY = """
- id: R
  kind: hierarchy
  tables: [T03]
  severity: error
  params: {table: T03, measures: [total], total_row: total}
  message: "{location}{reported}，下级之和{computed}"
  why: test
"""


def one_col(rows):
    return [("T03", None, key, "total", v, key) for key, v in rows]


def test_hierarchy_only_items_printed():
    items = [("2080101", "491.87"), ("2080109", "228.79"), ("2101101", "25.26")]
    r = run(HIERARCHY, one_col([("total", "745.92")] + items))
    assert list(r["status"]) == ["exact"]  # 491.87 + 228.79 + 25.26
    r = run(HIERARCHY, one_col([("total", "745.93")] + items))
    assert list(r["status"]) == ["rounding"]
    r = run(HIERARCHY, one_col([("total", "746.92")] + items))
    assert list(r["status"]) == ["mismatch"]


def test_hierarchy_class_section_item():
    rows = [("total", "746.00"), ("208", "720.66"), ("20801", "720.66"), ("2080101", "491.87"),
            ("2080109", "228.79"), ("210", "25.26"), ("2101101", "25.26")]
    r = run(HIERARCHY, one_col(rows))
    # 合计 = 208 + 210 = 745.92 ≠ 746.00; 208 = Σ款 20801; 20801 = Σ项; 210 = Σ项 (no 款 printed)
    by_loc = dict(zip(r["location"], r["status"]))
    assert by_loc["支出决算表 total 本年支出合计"] == "mismatch"
    assert by_loc["支出决算表 208 208 本年支出合计"] == "exact"
    assert by_loc["支出决算表 20801 20801 本年支出合计"] == "exact"
    assert by_loc["支出决算表 210 210 本年支出合计"] == "exact"
    rows[2] = ("20801", "720.67")  # 款 off by 0.01 from its 项 (rounding) but then 208 ≠ 20801 exactly
    by_loc = dict(zip(*[run(HIERARCHY, one_col(rows))[c] for c in ("location", "status")]))
    assert by_loc["支出决算表 20801 20801 本年支出合计"] == "rounding"
    assert by_loc["支出决算表 208 208 本年支出合计"] == "rounding"


def test_hierarchy_missing_total_row():
    r = run(HIERARCHY, one_col([("2080101", "1.00")]))
    assert list(r["status"]) == ["insufficient_data"]


PARTITION = """
- id: R
  kind: class_partition
  tables: [T06]
  severity: error
  params: {table: T06, total: "T06[public_total].amount", exclude: ["301", "303"]}
  message: "{location}{reported}，其余各类{computed}"
  why: test
"""


def t06(public_total, c302, c310="", c301="609.88"):
    rows = [("T06", None, "301", "amount", c301), ("T06", None, "30101", "amount", c301),
            ("T06", None, "302", "amount", c302), ("T06", None, "310", "amount", c310 or None),
            ("T06", None, "public_total", "amount", public_total)]
    return rows


@pytest.mark.parametrize("total,status", [("99.77", "exact"), ("99.78", "rounding"), ("99.80", "mismatch")])
def test_class_partition_exclude(total, status):
    assert run(PARTITION, t06(total, "99.77")).loc[0, "status"] == status


def test_class_partition_counts_other_classes():
    # 公用经费 is not just 302: a printed 310 counts too
    assert run(PARTITION, t06("100.77", "99.77", "1.00")).loc[0, "status"] == "exact"
    assert run(PARTITION, t06("99.77", "99.77", "1.00")).loc[0, "status"] == "mismatch"
    include = PARTITION.replace('exclude: ["301", "303"]', 'include: ["301", "303"]').replace("public_total", "personnel_total")
    cells = t06("0", "1.00")[:-1] + [("T06", None, "personnel_total", "amount", "609.88")]
    assert run(include, cells).loc[0, "status"] == "exact"


CODE_MATCH = """
- id: R
  kind: code_match
  tables: [T01, T03]
  severity: error
  params: {left: {table: T01, side: expenditure, measure: amount}, right: {table: T03, measure: total}, level: 3}
  message: "{location}：总表{reported}，03表{computed}"
  why: test
"""


def x2(c208, c221="55.10"):
    return [("T01", "expenditure", "208", "amount", c208, "社会保障和就业支出"),
            ("T01", "expenditure", "221", "amount", c221, "住房保障支出"),
            ("T03", None, "2080101", "total", "491.87"), ("T03", None, "2080109", "total", "361.35"),
            ("T03", None, "2210201", "total", "55.10")]


@pytest.mark.parametrize("c208,status", [("853.22", "exact"), ("853.23", "rounding"), ("853.25", "mismatch")])
def test_code_match_by_class(c208, status):
    r = run(CODE_MATCH, x2(c208))
    assert list(r["status"]) == [status, "exact"]
    assert r.loc[0, "location"].startswith("208 社会保障和就业支出")


def test_code_match_class_missing_on_one_side():
    r = run(CODE_MATCH, x2("853.22", None) + [("T03", None, "2101101", "total", "25.26")])
    by_code = {loc.split()[0]: (st, msg) for loc, st, msg in zip(r["location"], r["status"], r["message"])}
    assert by_code["210"][0] == "mismatch" and "未列示" in by_code["210"][1]
    assert by_code["221"][0] == "mismatch"  # T01 221 left blank while T03 has 55.10


def test_code_match_leaf_at_most():
    rule = CODE_MATCH.replace("level: 3", 'level: leaf, relation: "<="').replace(
        "{table: T01, side: expenditure, measure: amount}", "{table: T05, measure: total}").replace(
        "tables: [T01, T03]", "tables: [T03, T05]")
    cells = [("T03", None, "2080101", "total", "491.87"), ("T05", None, "2080101", "total", "491.87"),
             ("T03", None, "2080109", "total", "200.00"), ("T05", None, "2080109", "total", "228.79")]
    r = run(rule, cells, found=["T03", "T05"])
    assert list(r["status"]) == ["exact", "mismatch"]


def test_table_with_loader_errors_is_insufficient_data_not_zero():
    import pandas as pd

    d = disclosure(income("933.58", "900.00", "33.58", None))
    d.issues = pd.DataFrame([{"severity": "error", "kind": "unaccounted_number", "message": "m", "line": 5,
                              "page": None, "table": "T01", "text": "12.00"}])
    r = reconcile(d, parse_catalogue("rules:\n" + IDENTITY)).results
    assert r.loc[0, "status"] == "insufficient_data" and "不可靠" in r.loc[0, "message"]
    r = reconcile(d, parse_catalogue("rules:\n" + ROW_SUMS.replace("T03", "T01"))).results
    assert r.loc[0, "status"] == "insufficient_data"
