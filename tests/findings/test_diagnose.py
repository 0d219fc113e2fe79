"""Error localisation on small synthetic disclosures: one printed number explains several
mismatches (one finding), several numbers explain one equally well (all listed), and a number
whose change would break an agreeing check is not proposed."""

from __future__ import annotations

from hcfin.checks import parse_catalogue, reconcile

from tests.checks.frames import disclosure

RULES = """rules:
- {id: A, kind: identity, severity: error, message: "{location}", why: t,
   params: {location: 总计, left: ["T01.income[grand_total].amount"], right: ["T01.income[income_total].amount", "T01.income[opening_balance].amount"]}}
- {id: B, kind: identity, severity: error, message: "{location}", why: t,
   params: {location: 两端, left: ["T01.income[grand_total].amount"], right: ["T01.expenditure[grand_total].amount"]}}
- {id: C, kind: identity, severity: error, message: "{location}", why: t,
   params: {location: 收入, left: ["T01.income[income_total].amount"], right: ["T01.income[gpb_appropriation].amount", "T01.income[other].amount"]}}
"""


def _report(grand_total, expenditure_total="100.00", other="0.00"):
    cells = [("T01", "income", "gpb_appropriation", "amount", "100.00", "一般公共预算财政拨款收入"),
             ("T01", "income", "other", "amount", other, "其他收入"),
             ("T01", "income", "income_total", "amount", "100.00", "本年收入合计"),
             ("T01", "income", "opening_balance", "amount", "0.00", "年初结转和结余"),
             ("T01", "income", "grand_total", "amount", grand_total, "总计"),
             ("T01", "expenditure", "grand_total", "amount", expenditure_total, "总计")]
    return reconcile(disclosure(cells), parse_catalogue(RULES))


def test_one_blank_cell_behind_two_mismatches_is_one_finding():
    f = _report(None).findings  # 收入总计 left blank: both A and B fail
    assert list(f["rule_ids"]) == ["A,B"]
    assert "收入侧总计 决算数栏空白" in f.loc[0, "summary"] and f.loc[0, "summary"].endswith("应为100.00")
    assert "2项核对均相符" in f.loc[0, "diagnosis"]


def test_equally_small_corrections_are_all_listed():
    f = _report("100.00", expenditure_total="90.00").findings  # only B fails: either 总计 could be wrong …
    assert list(f["rule_ids"]) == ["B"]
    # … but changing 收入总计 would break A (100.00 = 100.00 + 0.00): only 支出总计 is proposed
    assert "支出侧总计 决算数栏90.00若为100.00" in f.loc[0, "diagnosis"]
    assert "若改则另有1项核对不符" in f.loc[0, "diagnosis"]


def test_a_tie_names_every_candidate():
    f = _report("100.00", other="5.00").findings  # C: 100.00 vs 100.00 + 5.00; A and B agree
    diagnosis = f.loc[f["rule_ids"] == "C", "diagnosis"].iloc[0]
    # 本年收入合计 would break A; 一般公共预算 and 其他收入 are equally likely
    assert diagnosis.startswith("改动以下任一个数都能消除此不符")
    assert "一般公共预算财政拨款收入 决算数栏100.00→95.00" in diagnosis and "其他收入 决算数栏5.00→0.00" in diagnosis
    assert "本年收入合计" not in diagnosis.split("：", 1)[1].split("（")[0]
