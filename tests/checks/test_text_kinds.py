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


# -- confidence before severity: an error only on a statement bound without ambiguity -------------------

def test_unambiguous_mismatch_is_an_error_and_says_so():
    r = run(AMOUNT, T01, [S("第三部分 一", "收、支总计", "决算", "933.68")])
    assert (r.loc[0, "status"], r.loc[0, "severity"], r.loc[0, "binding"]) == ("mismatch", "error", "明确")


@pytest.mark.parametrize("extra,reason", [
    ({"binding": "unclear"}, "指标未能按语法确定"),      # "收入支出总计增加" left as a subject
    ({"binding": "context"}, "由上下文推定"),            # neither subject nor measure printed in the clause
    ({"period": "上年"}, "说明所指年度为上年"),           # "2024年度…" in a 2025 document
])
def test_ambiguous_binding_is_never_an_error(extra, reason):
    row = S("第三部分 一", "收、支总计", "决算", "8487.88")
    row.update(extra)
    r = run(AMOUNT, T01, [row])
    assert (r.loc[0, "status"], r.loc[0, "severity"]) == ("mismatch", "warning")
    assert reason in r.loc[0, "binding"] and "不作为错误" in r.loc[0, "message"]


def test_subject_naming_two_table_rows_is_ambiguous():
    cells = T01 + [("T01", "expenditure", "210", "amount", "25.26", "八、卫生健康支出"),
                   ("T01", "expenditure", "212", "amount", "1.00", "十、卫生健康事务支出")]
    r = run(BY_CLASS, cells, [S("五（二）", "卫生", "决算", "99.00")])
    assert (r.loc[0, "status"], r.loc[0, "severity"]) == ("mismatch", "warning")
    assert "多个类（210、212）" in r.loc[0, "binding"]
    # a label equal to the subject binds alone
    r = run(BY_CLASS, cells, [S("五（二）", "卫生健康支出", "决算", "99.00")])
    assert (r.loc[0, "severity"], r.loc[0, "binding"]) == ("error", "明确")


# -- a clause's own numbers: completion rate and the prior year -------------------------------------------

CLAUSE_RATIO = """
- id: C1
  kind: text_clause
  severity: error
  params:
    select: {metric: "^完成率$"}
    form: ratio
    numerator: {metric: "^决算$"}
    denominator: {metric: "^(年初预算|预算)$"}
    denominator_by_basis: {年初预算: {metric: "^年初预算$"}}
  message: "{location}：{reported}%，{computed}%"
  why: test
"""
PATH = "社会保障和就业支出（类）行政事业单位离退休（款）机关事业单位职业年金缴费支出（项）"


def item(level, budget, actual, rate, basis="年初预算", line=537):
    rows = [S("五（三）", PATH, "决算", level, line=line), S("五（三）", PATH, "年初预算", budget, line=line),
            S("五（三）", PATH, "决算", actual, line=line), S("五（三）", PATH, "完成率", rate, "%", line=line)]
    rows[-1]["basis"] = basis
    return rows


@pytest.mark.parametrize("actual,rate,status", [
    ("257.14", "93.57", "exact"),      # 257.14 / 274.82 = 93.567%
    ("257.14", "93.56", "rounding"),   # [93.555, 93.565] meets [257.135/274.825, 257.145/274.815] = [93.5632, 93.5703]
    ("257.14", "93.55", "mismatch"),   # [93.545, 93.555] does not
    ("245.53", "93.57", "mismatch"),   # 石泉路 line 537: the sentence's own outturn gives 89.34%
])
def test_completion_rate_of_its_own_sentence(actual, rate, status):
    r = run(CLAUSE_RATIO, [], item("257.14", "274.82", actual, rate))
    assert (r.loc[0, "status"], r.loc[0, "severity"]) == (status, "error")


def test_completion_of_the_initial_budget_uses_the_initial_budget():
    # "年初预算为0万元，全年预算为321.02万元，支出决算为307.82万元，完成年初预算的95.89%"
    rows = [S("五（三）", "财政拨款支出", "年初预算", "0"), S("五（三）", "财政拨款支出", "预算", "321.02"),
            S("五（三）", "财政拨款支出", "决算", "307.82"), S("五（三）", "财政拨款支出", "完成率", "95.89", "%")]
    rows[-1]["basis"] = "年初预算"
    assert run(CLAUSE_RATIO, [], rows).loc[0, "status"] == "mismatch"
    rows[-1]["basis"] = "全年预算"  # not in denominator_by_basis: the nearest budget, 321.02
    assert run(CLAUSE_RATIO, [], rows).loc[0, "status"] == "exact"


def test_clause_without_all_its_numbers_is_not_checked():
    rows = [S("七（一）", "因公出国（境）费", "决算", "0"), S("七（一）", "因公出国（境）费", "完成率", "0", "%")]
    r = run(CLAUSE_RATIO, [], rows)
    assert list(r["status"]) == ["not_applicable"]
    # another line's budget does not belong to this clause
    rows = [S("七（一）", "公务接待费", "年初预算", "2.11", line=1), S("七（一）", "公务接待费", "决算", "0.40", line=2),
            S("七（一）", "公务接待费", "完成率", "18.96", "%", line=2)]
    assert list(run(CLAUSE_RATIO, [], rows)["status"]) == ["not_applicable"]


CLAUSE_PRIOR = """
- id: C2
  kind: text_clause
  severity: error
  params:
    select: {metric: "^决算$", period: "^上年$"}
    form: prior
    current: {metric: "^决算$", period: "^本年$"}
    change: {metric: "^增减额$"}
  message: "{location}：{reported}，{computed}"
  why: test
"""


@pytest.mark.parametrize("prior,direction,status", [
    ("18103.20", "增加", "exact"),      # 26591.08 − 8487.88
    ("35078.96", "减少", "exact"),      # 26591.08 + 8487.88
    ("18103.30", "增加", "mismatch"),
])
def test_stated_prior_year_is_current_minus_change(prior, direction, status):
    rows = [S("一", "收入支出总计", "决算", prior, period="上年"), S("一", "收入支出总计", "决算", "26591.08"),
            S("一", "收入支出总计", "增减额", "8487.88", direction=direction)]
    assert run(CLAUSE_PRIOR, [], rows).loc[0, "status"] == status


def test_a_former_class_name_is_matched_and_said_never_an_error():
    # 石泉路 2025 line 512 "5.“文化体育与传媒支出”82.51 万元": the 类 is printed 文化旅游体育与传媒支出 since 2019
    cells = T01 + [("T01", "expenditure", "207", "amount", "82.51", "文化旅游体育与传媒支出")]
    r = run(BY_CLASS, cells, [S("五（二）", "文化体育与传媒支出", "决算", "82.51")])
    assert r.loc[0, "status"] == "exact" and "旧称" in r.loc[0, "binding"]
    r = run(BY_CLASS, cells, [S("五（二）", "文化体育与传媒支出", "决算", "82.61")])
    assert (r.loc[0, "status"], r.loc[0, "severity"]) == ("mismatch", "warning")
    r = run(BY_CLASS, cells, [S("五（二）", "外交支出", "决算", "82.51")])  # no alias, no containment: not guessed
    assert r.loc[0, "status"] == "insufficient_data"
