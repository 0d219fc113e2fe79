"""Document rule kinds and the catalogue itself."""

from __future__ import annotations

import pandas as pd
import pytest

from hcfin.checks import KINDS, RESULT_COLUMNS, load_catalogue, parse_catalogue, reconcile

from .frames import FakeDisclosure, disclosure, facts


def rules(kind: str, params: str = "{}", severity: str = "warning") -> object:
    return parse_catalogue(f"""rules:
- id: D
  kind: {kind}
  severity: {severity}
  params: {params}
  message: "{{location}}"
  why: test
""")


def test_tables_present():
    d = disclosure([("T01", "income", "income_total", "amount", "1.00")], found=["T01", "T02"])
    r = reconcile(d, rules("tables_present", "{tables: [T01, T02, T03]}", "error")).results
    assert list(r["status"]) == ["exact", "exact", "mismatch"]
    assert r.loc[2, "location"] == "支出决算表"


def test_tables_present_without_inventory():
    d = FakeDisclosure(facts([("T01", "income", "income_total", "amount", "1.00")]), None)
    assert list(reconcile(d, rules("tables_present")).results["status"]) == ["insufficient_data"]


def test_empty_table_statement():
    cells = [("T07", None, "total", "income", None), ("T08", None, "total", "total", None)]
    d = disclosure(cells, found=["T07", "T08"], empty={"T07": "本表无数据。", "T08": None})
    r = reconcile(d, rules("empty_table_statement")).results
    assert list(zip(r["location"], r["status"])) == [("政府性基金预算财政拨款收入支出决算表", "exact"),
                                                      ("国有资本经营预算财政拨款支出决算表", "mismatch")]
    d = disclosure([("T01", "income", "income_total", "amount", "1.00")])
    assert list(reconcile(d, rules("empty_table_statement")).results["status"]) == ["not_applicable"]


def test_row_numbers_unique():
    cells = [("T04", "income", "opening_soe", "amount", "0.00", "国有资本经营预算财政拨款", "14"),
             ("T04", "income", "grand_total", "amount", "933.58", "总计", "14"),
             ("T01", "income", "income_total", "amount", "933.58", "本年收入合计", "10"),
             ("T01", "expenditure", "expenditure_total", "amount", "933.58", "本年支出合计", "23")]
    r = reconcile(disclosure(cells), rules("row_numbers_unique")).results
    assert list(zip(r["location"], r["status"])) == [("收入支出决算总表", "exact"),
                                                      ("财政拨款收入支出决算总表 行次14", "mismatch")]
    assert r.loc[1, "lines"] == [1000, 1001]


def test_template_residue_in_lines_and_statements():
    catalogue = rules("template_residue", '{patterns: ["增加（减少）", "(?<![A-Za-z])[XＸ]{2,}(?![A-Za-z])"]}')
    d = disclosure([("T01", "income", "income_total", "amount", "1.00")])
    d.lines = ["与上年相比增加（减少）0万元。", "本年共XX人，MAXX型号不算。", "正常的一行。"]
    r = reconcile(d, catalogue).results
    assert list(zip(r["location"], r["status"])) == [("第1行", "mismatch"), ("第2行", "mismatch")]
    d.lines = ["正常的一行。"]
    assert list(reconcile(d, catalogue).results["status"]) == ["exact"]


def test_load_issues():
    d = disclosure([("T01", "income", "income_total", "amount", "1.00")])
    d.issues = pd.DataFrame([{"severity": "error", "kind": "unreadable_value", "message": "cannot read 'l2.00'",
                              "line": 77, "page": None, "table": "T03", "text": "l2.00"}])
    report = reconcile(d, rules("load_issues"))
    r = report.results
    # what the reader could not read is a reading note, never a mismatch, but it is listed as a finding
    assert r.loc[0, "status"] == "not_applicable" and r.loc[0, "severity"] == "error"
    assert r.loc[0, "category"] == "reading" and "读取提示" in r.loc[0, "message"]
    assert r.loc[0, "message"].startswith("支出决算表 第77行") and r.loc[0, "lines"] == [77]
    assert list(report.findings["group"]) == ["reading"] and not report.has_errors
    # a reader issue about the document's own text is a presentation finding: listed, never an error exit
    d.issues = pd.DataFrame([{"severity": "warning", "kind": "decimal_comma", "message": "第9行数字“173,59万元”以逗号作小数点",
                              "line": 9, "page": None, "table": None, "text": "173,59"}])
    report = reconcile(d, rules("load_issues", "{presentation_kinds: [decimal_comma]}", severity="error"))
    assert report.results.loc[0, "status"] == "mismatch" and report.results.loc[0, "category"] == "presentation"
    assert list(report.findings["group"]) == ["presentation"] and not report.has_errors
    d.issues = d.issues.iloc[0:0]
    assert list(reconcile(d, rules("load_issues")).results["status"]) == ["exact"]


def test_catalogue_is_complete_and_valid():
    catalogue = load_catalogue()
    assert len(catalogue.rules) > 80
    for rule in catalogue.rules:
        assert rule.kind in KINDS, rule.id
        assert rule.why and rule.message, rule.id
    assert load_catalogue() is catalogue  # parsed once


def test_every_kind_is_used_by_the_catalogue():
    used = {r.kind for r in load_catalogue().rules}
    assert used == set(KINDS)


@pytest.mark.parametrize("text,error", [
    ("rules:\n- {id: A, kind: identity, severity: fatal, message: m, why: w}", "unknown severity"),
    ("rules:\n- {id: A, kind: identity, severity: error, message: m}", "lacks why"),
    ("rules:\n- {id: A, kind: identity, severity: error, message: m, why: w}\n"
     "- {id: A, kind: identity, severity: error, message: m, why: w}", "appears twice"),
])
def test_catalogue_validation(text, error):
    with pytest.raises(ValueError, match=error):
        parse_catalogue(text)


def test_unknown_kind_is_an_error():
    catalogue = parse_catalogue("rules:\n- {id: A, kind: nosuch, severity: error, message: m, why: w}")
    with pytest.raises(KeyError, match="nosuch"):
        reconcile(disclosure([]), catalogue)


def test_no_tolerance_constant_in_the_code():
    from pathlib import Path
    import re

    import hcfin.checks as pkg

    sources = [p.read_text(encoding="utf-8") for p in Path(pkg.__file__).parent.glob("*.py")]
    sources.append((Path(pkg.__file__).parent.parent / "intervals.py").read_text(encoding="utf-8"))
    for text in sources:
        assert not re.search(r"(?i)toleran\w*\s*=|0\.01\b|0\.005\b", text)


def test_results_have_the_same_columns_for_every_kind():
    from .seed_fixture import seed_disclosure

    r = reconcile(seed_disclosure()).results
    assert list(r.columns) == RESULT_COLUMNS
    assert set(r["kind"]) == set(KINDS) - {"load_issues"} | {"load_issues"}
    assert r["lines"].map(lambda x: isinstance(x, list)).all()


def test_hcfin_reconcile_is_the_engine():
    import hcfin
    from .seed_fixture import seed_disclosure

    d = seed_disclosure()
    assert hcfin.reconcile(d).results.equals(reconcile(d).results)


def test_tables_present_only_when_sure_the_tables_were_read():
    """A missing table is a mismatch only when hcfin read a full set; else it is not checkable."""
    cell = [("T01", "income", "income_total", "amount", "1.00")]
    five = ["T01", "T02", "T03", "T04", "T05"]
    r = reconcile(disclosure(cell, found=five), rules("tables_present", "{min_found: 5}", "error")).results
    assert r["status"].tolist().count("mismatch") == 4
    r = reconcile(disclosure(cell, found=five[:2]), rules("tables_present", "{min_found: 5}", "error")).results
    assert set(r["status"]) == {"exact", "insufficient_data"} and "部分公开" in r["message"].iloc[-1]
    r = reconcile(disclosure(cell, found=[]), rules("tables_present", "{min_found: 5}", "error")).results
    assert r["status"].tolist() == ["insufficient_data"] and "附件" in r["message"].iloc[0]
    untitled = disclosure(cell, found=five)
    untitled.issues = pd.DataFrame([{"severity": "warning", "kind": "grid_without_title", "line": 88,
                                     "message": "表格之前没有可识别的表题", "table": None}])
    r = reconcile(untitled, rules("tables_present", "{min_found: 5}", "error")).results
    assert "mismatch" not in set(r["status"]) and "第88行" in r["message"].iloc[-1]


def test_a_table_whose_title_stands_without_a_grid_is_not_reported_missing():
    cell = [("T01", "income", "income_total", "amount", "1.00")]
    d = disclosure(cell, found=["T01", "T02", "T03", "T04", "T05", "T06"])
    d.issues = pd.DataFrame([{"severity": "error", "kind": "table_without_grid", "line": 140, "table": "T09",
                              "message": "表题之后没有表格"}])
    r = reconcile(d, rules("tables_present", "{min_found: 5}", "error")).results.set_index("location")
    assert r.loc["财政拨款“三公”经费支出决算表", "status"] == "insufficient_data"
    assert "第140行" in r.loc["财政拨款“三公”经费支出决算表", "message"]
    assert r.loc["政府性基金预算财政拨款收入支出决算表", "status"] == "mismatch"
