"""Narrative rule kinds: each passes, passes by rounding, and fails (synthetic statements)."""

from __future__ import annotations

import pytest

from hcfin.checks import parse_catalogue, reconcile

from .frames import disclosure, statement as S


def run(rule_yaml: str, cells: list[tuple], statements: list[dict], found=None):
    catalogue = parse_catalogue("rules:\n" + rule_yaml)
    return reconcile(disclosure(cells, statements, found=found), catalogue).results


T01 = [("T01", "income", "grand_total", "amount", "933.58"),
       ("T01", "expenditure", "208", "amount", "853.23", "七、社会保障和就业支出"),
       ("T01", "expenditure", "221", "amount", "55.10", "九、住房保障支出"),
       ("T01", "expenditure", "expenditure_total", "amount", "933.58")]

AMOUNT = """
- id: R
  kind: text_amount
  tables: [T01]
  severity: error
  params: {select: {section: "一$", metric: "^决算$"}, cells: ["T01.income[grand_total].amount"]}
  message: "{location}：说明{reported}，表{computed}"
  why: test
"""


@pytest.mark.parametrize("value,unit,status", [
    ("933.58", "万元", "exact"), ("933.6", "万元", "exact"), ("933.57", "万元", "rounding"),
    ("933.68", "万元", "mismatch"),
    ("9335800", "元", "exact"), ("0.09", "亿元", "exact"), ("0.10", "亿元", "mismatch")])
def test_text_amount(value, unit, status):
    # 933.6 rounds 933.58 to one decimal (exact); 933.57 ± 0.005 only touches 933.58 ± 0.005 (rounding);
    # 0.09亿元 = [0.085, 0.095]亿元 = [850, 950]万元 ∋ 933.58
    assert run(AMOUNT, T01, [S("第三部分 一", "收、支总计", "决算", value, unit)]).loc[0, "status"] == status


def test_text_amount_nothing_found_is_insufficient():
    r = run(AMOUNT, T01, [S("第三部分 二", "收入合计", "决算", "933.58")])
    assert list(r["status"]) == ["insufficient_data"]


def test_text_amount_blank_value_is_insufficient():
    r = run(AMOUNT, T01, [S("第三部分 一", "收、支总计", "决算", None)])
    assert r.loc[0, "status"] == "insufficient_data" and "未填数字" in r.loc[0, "message"]


BY_CLASS = """
- id: R
  kind: text_amount
  tables: [T01]
  severity: error
  params:
    select: {metric: "^决算$"}
    cells_by_subject: {"^财政拨款支出$": ["T01.expenditure[expenditure_total].amount"], ".": ["T01.expenditure[{code}].amount"]}
  message: "{location}：说明{reported}，表{computed}"
  why: test
"""


def test_text_amount_by_class_name():
    r = run(BY_CLASS, T01, [S("五（二）", "财政拨款支出", "决算", "933.58"),
                            S("五（二）", "社会保障和就业（类）支出", "决算", "853.23"),
                            S("五（二）", "住房保障支出", "决算", "55.2"),
                            S("五（二）", "国防支出", "决算", "1.00")])
    assert list(r["status"]) == ["exact", "exact", "mismatch", "insufficient_data"]


RATIO = """
- id: R
  kind: text_ratio
  tables: [T01]
  severity: error
  params:
    select: {metric: "^占比$"}
    numerator: {cells_by_subject: {".": ["T01.expenditure[{code}].amount"]}}
    denominator: {cells: ["T01.expenditure[expenditure_total].amount"]}
  message: "{location}：说明{reported}%，计算{computed}%"
  why: test
"""


@pytest.mark.parametrize("value,status", [("91.39", "exact"), ("91.4", "exact"), ("91.40", "mismatch"),
                                          ("91.394", "rounding"), ("91", "exact"), ("92", "mismatch")])
def test_text_ratio(value, status):
    # 853.23 / 933.58 = 91.3933…%; its interval [91.3922, 91.3944] meets 91.394 ± 0.0005 only by rounding
    r = run(RATIO, T01, [S("五（二）", "社会保障和就业支出", "占比", value, "%")])
    assert r.loc[0, "status"] == status


def test_text_ratio_zero_denominator_not_applicable():
    cells = [("T01", "expenditure", "208", "amount", "0.00", "社会保障和就业支出"),
             ("T01", "expenditure", "expenditure_total", "amount", "0.00")]
    r = run(RATIO, cells, [S("五（二）", "社会保障和就业支出", "占比", "0", "%")])
    assert r.loc[0, "status"] == "not_applicable" and "比率无定义" in r.loc[0, "message"]


CHANGE = """
- id: R
  kind: {kind}
  severity: error
  params:
    select: {{metric: "^增长率$"}}
    change: {{metric: "^增减额$"}}
    current: {{statement: {{metric: "^决算$"}}, bind: [section, subject]}}
  message: "{{location}}：说明{{reported}}%，推算{{computed}}%，上年{{prior}}"
  why: test
"""


def yoy(current, delta, rate, direction="增加", rate_direction="增长"):
    return [S("七（一）", "三公经费", "决算", current), S("七（一）", "三公经费", "增减额", delta, direction=direction),
            S("七（一）", "三公经费", "增长率", rate, "%", direction=rate_direction)]


@pytest.mark.parametrize("current,delta,rate,status", [
    ("933.58", "32.19", "3.57", "exact"),     # prior 901.39; 32.19 / 901.39 = 3.5712%
    ("3.35", "2.15", "178.78", "rounding"),   # prior 1.20; 2.15 / 1.20 = 179.17%, but [2.145/1.21, 2.155/1.19] ∋ 178.78
    ("933.58", "32.19", "3.58", "mismatch"),  # [32.185/901.40, 32.195/901.38] = [3.5706, 3.5718]%
])
def test_text_change(current, delta, rate, status):
    r = run(CHANGE.format(kind="text_change"), [], yoy(current, delta, rate))
    assert r.loc[0, "status"] == status


def test_text_change_decrease_and_template_direction():
    # 公务接待费 1.05, 减少0.15, "增长（降低）12.5%": prior 1.20, −0.15/1.20 = −12.5%
    r = run(CHANGE.format(kind="text_change"), [], yoy("1.05", "0.15", "12.5", "减少", "增长（降低）"))
    assert r.loc[0, "status"] == "exact" and r.loc[0, "reported"] == "-12.5"
    r = run(CHANGE.format(kind="text_change"), [], yoy("1.05", "0.15", "12.5", "减少", "增长"))
    assert r.loc[0, "status"] == "mismatch"  # a decrease stated as growth


def test_growth_from_zero():
    rule = CHANGE.format(kind="text_growth_from_zero")
    r = run(rule, [], yoy("2.3", "2.3", "100"))
    assert r.loc[0, "status"] == "mismatch" and "上年0.0" in r.loc[0, "message"]
    assert run(rule, [], yoy("3.35", "2.15", "178.78")).loc[0, "status"] == "exact"
    # and text_change leaves the undefined rate to this rule
    assert run(CHANGE.format(kind="text_change"), [], yoy("2.3", "2.3", "100")).loc[0, "status"] == "not_applicable"


SUM = """
- id: R
  kind: text_sum
  severity: error
  params:
    total: {metric: "^基金收入$"}
    bind: [section, subject]
    min_parts: 2
    parts: [{select: {metric: "^(缴费收入|财政补贴收入|利息收入|转移收入)$"}, each: true}]
  message: "{location}：{reported}，分项{computed}（{parts}）"
  why: test
"""


def fund(total, *parts):
    names = ["缴费收入", "财政补贴收入", "利息收入", "转移收入"]
    rows = [S("五（三）", "城乡居民", "基金收入", total, "亿元")]
    return rows + [S("五（三）", "城乡居民", n, v, u) for n, (v, u) in zip(names, parts)]


def test_text_sum_mixed_units():
    parts = (("7.87", "亿元"), ("16.37", "亿元"), ("417.46", "万元"), ("149.43", "万元"))
    # 7.87亿 + 16.37亿 + 417.46万 + 149.43万 = 24.296689亿, inside 24.30 ± 0.005
    r = run(SUM, [], fund("24.30", *parts))
    assert r.loc[0, "status"] == "exact" and r.loc[0, "computed"] == "24.296689"
    assert "缴费收入、财政补贴收入、利息收入、转移收入" in r.loc[0, "message"]
    # 24.29 ± 0.005 misses the point but meets [24.2866, 24.3067]
    assert run(SUM, [], fund("24.29", *parts)).loc[0, "status"] == "rounding"
    assert run(SUM, [], fund("24.40", *parts)).loc[0, "status"] == "mismatch"


def test_text_sum_partial_breakdown_is_not_checked():
    # "基金收入31.23亿元，其中利息收入0.05亿元": one component only, not a breakdown
    r = run(SUM, [], fund("31.23", ("0.05", "亿元")))
    assert len(r) == 0


def test_text_sum_blank_component_is_left_out_and_said():
    rows = fund("24.24", ("7.87", "亿元"), ("16.37", "亿元"), (None, "万元"))
    r = run(SUM, [], rows)
    assert r.loc[0, "status"] == "exact" and "“城乡居民”未填数字" not in r.loc[0, "message"]
    assert "未填数字，未计入" in r.loc[0, "message"]


def test_text_sum_from_table_total():
    rule = """
- id: R
  kind: text_sum
  tables: [T05]
  severity: error
  params:
    total_cells: ["T05[total].project"]
    parts: [{select: {metric: "^支出$"}, each: true}]
  message: "{location}：{reported}，{computed}"
  why: test
"""
    cells = [("T05", None, "total", "project", "173.59")]
    spent = [S("十四 二（二）", n, "支出", v) for n, v in (("甲", "104.55"), ("乙", "69.04"))]
    assert run(rule, cells, spent).loc[0, "status"] == "exact"
    assert run(rule, cells, spent[:1]).loc[0, "status"] == "mismatch"


SHARES = """
- id: R
  kind: text_sum
  severity: error
  params:
    total_value: "100"
    parts: [{select: {metric: "^占比$"}, each: true}]
  message: "{location}：{reported}，{computed}"
  why: test
"""


@pytest.mark.parametrize("shares,status", [(("81.4", "18.6", "0"), "exact"), (("81.41", "18.6"), "rounding"),
                                           (("81.4", "18.4"), "mismatch")])
def test_shares_sum_to_one_hundred(shares, status):
    # 81.41 + 18.6 = 100.01, interval [99.945, 100.065] ∋ 100; 81.4 + 18.4 = 99.8: [99.7, 99.9] misses 100
    rows = [S("三", f"项{i}", "占比", v, "%") for i, v in enumerate(shares)]
    assert run(SHARES, [], rows).loc[0, "status"] == status
