"""Reconcile the seed as loaded by ``hcfin.load``: rounding residues, real mismatches, perturbations."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import hcfin
from hcfin.checks import reconcile

SEED = Path(__file__).resolve().parents[2] / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"


@pytest.fixture(scope="module")
def seed():
    return hcfin.load(SEED)


@pytest.fixture(scope="module")
def report(seed):
    return reconcile(seed)


def _one(results, rule_id, location_part=""):
    rows = results[(results["rule_id"] == rule_id) & results["location"].str.contains(location_part, regex=False)]
    assert len(rows) == 1, (rule_id, location_part, rows[["location", "status"]])
    return rows.iloc[0]


# Read off the document (DOMAIN.md §2): the printed totals differ from the sums of the printed parts
# by 0.01 in these places, which the rounding of two-decimal amounts explains.
ROUNDING = [
    ("T01.2", "本年支出合计", "933.58", "933.59"),           # 853.23 + 25.26 + 55.10
    ("T03.1", "2080109", "228.79", "228.80"),               # 71.75 + 157.05
    ("T03.1", "2210201", "55.10", "55.09"),                 # 54.22 + 0.87
    ("T05.1", "2080109", "228.79", "228.80"),
    ("T05.1", "2210201", "55.10", "55.09"),
    ("T06.1", "302", "99.77", "99.78"),                     # 0.03+0.28+0.99+3.87+52.01+34.13+8.47
    ("X2.2", "208", "853.23", "853.22"),                    # 491.87+228.79+52.52+64.37+10.67+5.00
    ("X7", "", "759.99", "760.00"),                         # 660.23 + 99.77
]


@pytest.mark.parametrize("rule_id,where,reported,computed", ROUNDING)
def test_seed_rounding_residues(report, rule_id, where, reported, computed):
    row = _one(report.results, rule_id, where)
    assert row["status"] == "rounding"
    assert (row["reported"], row["computed"]) == (reported, computed)
    assert Decimal(row["difference"]) == Decimal(reported) - Decimal(computed)


def test_seed_exact_identities(report):
    r = report.results
    assert _one(r, "T01.1")["status"] == "exact"
    assert _one(r, "T06.2")["status"] == "exact" and _one(r, "T06.2")["computed"] == "660.23"  # 609.88 + 50.35
    assert _one(r, "T06.1", "301")["computed"] == "609.88"
    assert _one(r, "T09.2a")["status"] == "exact"  # 3.35 = 0 + 2.30 + 1.05
    assert _one(r, "X11.4")["status"] == "exact"  # 30113 54.22 = 2210201 basic 54.22


# Every error-severity mismatch of the seed, each a real inconsistency of the document.
EXPECTED_ERRORS = {
    ("T04.3a", "933.58", None),    # 04表 支出侧“总计”行（行次28）未填，收入总计 933.58
    ("T04.3c", None, "933.58"),    # 同一空白总计：本年支出合计 933.58 + 年末 0.00
    ("S1", "910.69", "909.69"),    # 五（三）各类年初预算 831.09 + 25.26 + 53.34 = 909.69 ≠ 910.69
    ("S2", "910.69", "905.69"),    # 十四 基本支出 753.19 + 项目支出 152.5 = 905.69 ≠ 910.69
    ("D3", "行次14出现2次", "行次唯一"),  # 04表 行次14 printed twice (国有资本经营预算财政拨款, 总计)
    ("S8", "100", "无定义"),        # 七（二） 公务用车 增加2.3万元 = 本年2.3: +100% from a prior of 0
}


def test_seed_error_mismatches_are_the_real_ones(report):
    m = report.mismatches
    errors = m[m["severity"] == "error"]
    def text(value):  # missing is NaN (the one missing-value convention)
        return None if pd.isna(value) else value

    assert {(r.rule_id, text(r.reported), text(r.computed)) for r in errors.itertuples()} == EXPECTED_ERRORS
    assert report.has_errors


def test_seed_warnings(report):
    m = report.mismatches
    warnings = m[m["severity"] == "warning"]
    got = sorted(zip(warnings["rule_id"], warnings["location"]))
    assert [loc for rid, loc in got if rid == "D4"] == ["第1080行", "第1156行", "第1261行", "第1265行", "第1266行", "第1267行"]
    assert set(warnings["category"]) == {"presentation"}  # template wording, a blank and a "173,59" in the text


def test_seed_text_rounding(report):
    r = report.results
    assert _one(r, "S7", "“三公”经费")["status"] == "rounding"       # 2.15 / (3.35 − 2.15) = 179.17% vs 178.78%
    assert _one(r, "S5")["status"] == "rounding"                    # 16.98亿 + 85.72万 + 158.5万 vs 17.01亿
    assert _one(r, "S4")["status"] == "exact"                       # 24.302663亿 vs 24.30亿
    assert _one(r, "N5.5", "社会保障和就业")["status"] == "rounding"  # text 853.23 vs T05 Σ 853.22


def test_seed_text_exact(report):
    r = report.results
    for rule_id, where in [("N5.6", "财政拨款支出"), ("N7.3", "“三公”经费"), ("N6.2", "人员经费"), ("S3", ""),
                           ("N14.2", ""), ("S6", ""), ("S7", "机关运行经费")]:
        assert _one(r, rule_id, where)["status"] == "exact", (rule_id, where)


def test_seed_every_result_has_source_lines(report):
    r = report.results
    compared = r[r["reported"].notna() & r["computed"].notna() & ~r["rule_id"].str.startswith("D")]
    assert compared["lines"].map(len).gt(0).all()


# -- perturbation: every single table number that takes part in an identity is checked ----------------
def _silent_cells(seed, report, indices, change) -> list[tuple]:
    """Cells whose change produces no new mismatch that cites the cell's line."""
    base = report.results
    base_keys = set(zip(base["rule_id"], base["location"], base["status"]))
    silent = []
    for idx in indices:
        facts = seed.facts.copy()
        change(facts, idx)
        changed = reconcile(_Replaced(seed, facts)).results
        keys = pd.Series(list(zip(changed["rule_id"], changed["location"], changed["status"])), index=changed.index)
        new = changed[(changed["status"] == "mismatch") & ~keys.isin(base_keys)]
        if not new["lines"].map(lambda ls, line=int(facts.at[idx, "line"]): line in ls).any():
            silent.append((facts.at[idx, "table"], facts.at[idx, "label"], facts.at[idx, "measure_key"]))
    return silent


def _add_ten_cents(facts, idx):
    value = Decimal(facts.at[idx, "value"]) + Decimal("0.10")
    facts.at[idx, "value"] = format(value, "f")
    facts.at[idx, "amount"] = float(value)


def _fill_blank(facts, idx):
    facts.at[idx, "value"], facts.at[idx, "decimals"], facts.at[idx, "status"] = "1.00", 2, "ok"
    facts.at[idx, "amount"] = 1.0


def test_perturbing_any_printed_table_number_produces_a_new_mismatch(seed, report):
    indices = seed.facts[seed.facts["value"].notna()].index.tolist()
    assert len(indices) > 90
    assert _silent_cells(seed, report, indices, _add_ten_cents) == []


def test_filling_any_blank_cell_of_tables_01_to_06_and_09_produces_a_new_mismatch(seed, report):
    f = seed.facts
    indices = f[f["value"].isna() & f["table"].isin(["T01", "T02", "T03", "T04", "T05", "T06", "T09"])].index.tolist()
    assert len(indices) > 150
    assert _silent_cells(seed, report, indices, _fill_blank) == []


class _Replaced:
    def __init__(self, seed, facts):
        self.__dict__.update({k: getattr(seed, k) for k in ("meta", "document", "tables_found", "issues", "statements")})
        self.facts = facts


def test_missing_tables_give_insufficient_data(seed):
    gone = {"T03", "T05", "T06"}
    found = seed.tables_found.copy()
    found.loc[found["table"].isin(gone), "found"] = False
    facts = seed.facts[~seed.facts["table"].isin(gone)]
    d = _Replaced(seed, facts)
    d.tables_found = found
    r = reconcile(d).results
    prefixes = ("T03.", "T05.", "T06.", "X2.", "X4.", "X7", "X8.1", "X8.2", "X8.3", "X9.2", "X9.3", "X9.4", "X11.")
    touching = r[r["rule_id"].str.startswith(prefixes)]
    assert len(touching) >= 20
    assert set(touching["status"]) == {"insufficient_data"}
    d1 = r[r["rule_id"] == "D1"]
    assert set(d1.loc[d1["status"] == "mismatch", "location"]) == {
        "支出决算表", "一般公共预算财政拨款支出决算表", "一般公共预算财政拨款基本支出决算明细表"}


def test_a_document_with_nothing_gives_insufficient_data():
    class Empty:
        facts = pd.DataFrame(columns=list(hcfin.schema.FACT_COLUMNS))
        tables_found = pd.DataFrame({"table": [f"T0{i}" for i in range(1, 10)], "found": [False] * 9})
        issues = pd.DataFrame(columns=hcfin.schema.ISSUE_COLUMNS)
        statements = None
        meta = {}

    r = reconcile(Empty()).results
    assert len(r) > 50
    assert set(r["status"]) <= {"insufficient_data", "mismatch", "not_applicable", "exact"}
    assert (r.loc[r["rule_id"] != "D1", "status"].isin(["insufficient_data", "not_applicable"])).mean() > 0.9


# Every mismatch of the seed, warnings and notes included, as before the Shanghai triage: loader notes
# (info issues) became not_applicable, but the seed's only info issue is about its own text
# ("5、" after "四、", line 1341) and stays a finding. The merged cells of 06表 (lines 899, 906) are
# reading notes since issue 10: a reading note is never a mismatch.
ALL_MISMATCHES = {
    ("D3", "财政拨款收入支出决算总表 行次14"),
    ("D4", "第1080行"), ("D4", "第1156行"), ("D4", "第1261行"), ("D4", "第1265行"), ("D4", "第1266行"),
    ("D4", "第1267行"),
    ("D5", "第1290行"), ("D5", "第1297行"), ("D5", "第1341行"),
    ("S1", "第三部分 五（三） 财政拨款支出 年初预算"), ("S2", "第三部分 十四 一（一） 部门 年初预算"),
    ("S8", "第三部分 七（二） 公务用车购置费及运行维护费 增长率"),
    ("T04.3a", "财政拨款收入支出决算总表 收入总计与支出总计"), ("T04.3c", "财政拨款收入支出决算总表 支出总计"),
}


def test_seed_every_mismatch_is_unchanged(report):
    m = report.mismatches
    assert set(zip(m["rule_id"], m["location"])) == ALL_MISMATCHES
