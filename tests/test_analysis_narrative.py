"""Narrative-based analysis against inline statements of the seed (tests/analysis_fixtures.py)."""

from decimal import Decimal as D

import pandas as pd
import pytest

from .analysis_fixtures import STATEMENTS_CSV, frame, with_extra
from hcfin.analysis import narrative, procurement, reasons


@pytest.fixture(scope="module")
def doc(seed):
    return with_extra(seed, statements=frame(STATEMENTS_CSV))


def test_signed_change():
    assert narrative.signed_change(D("0.15"), "减少") == (D("-0.15"), True)
    assert narrative.signed_change(D("2.15"), "增加") == (D("2.15"), True)
    assert narrative.signed_change(D("0.15"), "增加（减少）") == (D("0.15"), False)
    assert narrative.signed_change(D("0"), "增加（减少）") == (D("0"), True)
    assert narrative.signed_change(None, "增加") == (None, False)


def test_budget_execution_pairs_budget_with_actual(doc):
    be = narrative.budget_execution(doc).set_index("subject")
    assert be.loc["财政拨款支出", "completion_pct"] == D("102.51")  # 933.58 / 910.69
    assert be.loc["财政拨款支出", "stated_pct"] == D("102.51")
    assert be.loc["社会保障和就业支出", "completion_pct"] == D("102.66")  # 853.23 / 831.09
    assert be.loc["社会保障和就业支出", "reason"] == "人员增加，新招录5名公务员。"
    # 基本支出 budget from the performance section, actual from T05: 759.99 / 753.19
    assert be.loc["基本支出", "actual"] == D("759.99") and be.loc["基本支出", "actual_basis"] == "公开05表"
    assert be.loc["基本支出", "completion_pct"] == D("100.90")
    assert be.loc["项目支出", "completion_pct"] == D("113.83")  # 173.59 / 152.5
    assert be.loc["项目支出", "flag"] == "超出年初预算10%以上"
    # an economic item matched to T06 by name: 52.01 / 62.41
    assert be.loc["工会经费", "actual_basis"] == "公开06表"
    assert be.loc["工会经费", "completion_pct"] == D("83.34")
    assert be.loc["工会经费", "flag"] == "不足年初预算的90%"
    assert be.loc["社保缴费", "actual"] is None  # no T06 row of that name: no rate invented
    text = narrative.describe_budget_execution(narrative.budget_execution(doc))
    assert "年初预算" in text and "102.51%" in text and "社保缴费" in text


def test_yoy_recovers_prior_and_judges_rounding(doc):
    yoy = narrative.yoy_changes(doc).set_index("subject")
    sg = yoy.loc["“三公”经费"]
    assert sg["prior"] == D("3.35") - D("2.15")
    assert sg["growth_pct"] == D("179.17")  # 2.15 / 1.20
    # 2.145 / (3.355 - 2.145) = 177.27 % … 2.155 / (3.345 - 2.155) = 181.09 %
    assert (sg["growth_low"], sg["growth_high"]) == (D("177.27"), D("181.09"))
    assert sg["consistent"] is True and sg["stated_growth_pct"] == D("178.78")
    reception = yoy.loc["公务接待费"]
    assert reception["change"] == D("-0.15") and reception["prior"] == D("1.20")
    assert reception["growth_pct"] == D("-12.50")
    assert reception["stated_growth_pct"] == D("-12.5")  # ambiguous 增长（降低）: sign from 减少
    vehicle = yoy.loc["公务用车购置费及运行维护费"]
    assert vehicle["prior"] == 0 and vehicle["growth_pct"] is None
    text = narrative.describe_yoy(narrative.yoy_changes(doc))
    assert "上年为0，增长率没有数学定义" in text and "177.27%至181.09%" in text


def test_yoy_flags_a_stated_rate_outside_rounding(seed):
    bad = frame(STATEMENTS_CSV.replace("十,机关运行经费,增长率,28.60", "十,机关运行经费,增长率,25.00"))
    yoy = narrative.yoy_changes(with_extra(seed, statements=bad)).set_index("subject")
    assert yoy.loc["机关运行经费", "consistent"] is False
    assert "超出舍入范围" in narrative.describe_yoy(narrative.yoy_changes(with_extra(seed, statements=bad)))


def test_admin_cost_meeting_procurement_staff(doc):
    admin = narrative.admin_cost(doc)
    assert admin.attrs["difference"] == D("99.77") - D("99.77")
    assert "两者一致" in narrative.describe_admin_cost(admin, narrative.yoy_changes(doc))
    meetings = narrative.meeting_training(doc).set_index("item")
    assert meetings.loc["会议费", "amount"] == D("0.44") and meetings.loc["会议费", "people"] == "60余人"
    assert meetings.loc["会议费", "t06_basic"] is None  # 30215 not printed in the seed's T06
    assert "三项之和6.64万元，与总额一致" in procurement.describe_procurement(procurement.procurement(doc))
    staff = narrative.per_staff(doc).set_index("metric")
    assert staff.loc["人均人员经费", "value"] == D("13.75")  # 660.23 / 48 = 13.7548
    assert staff.loc["人均公用经费", "value"] == D("2.08")  # 99.77 / 48 = 2.0785


def test_without_statements_nothing_is_invented(seed):
    seed = with_extra(seed)  # no statements and no document to read them from
    assert narrative.budget_execution(seed).empty
    assert narrative.yoy_changes(seed).empty
    assert narrative.describe_budget_execution(narrative.budget_execution(seed)) == narrative.NO_STATEMENTS
    assert narrative.per_staff(seed).empty
    assert "无法计算" in narrative.describe_per_staff(narrative.per_staff(seed))


def test_ambiguous_pairs_are_not_made(seed):
    """Two budgets and two actuals for one subject in one section on different lines: no pairing."""
    extra = """十四,机关经费,年初预算,10.00,2,万元,,,2001,
十四,机关经费,年初预算,20.00,2,万元,,,2002,
十四,机关经费,决算,15.00,2,万元,,,2003,
十四,机关经费,决算,25.00,2,万元,,,2003,
十四,部门,年初预算,30.00,2,万元,,,2004,
十四,部门,决算,35.00,2,万元,,,2004,
十四,办公经费,年初预算,8.00,2,万元,,,2005,
十四,办公经费,决算,6.00,2,万元,,,2005,
"""
    doc = with_extra(seed, statements=frame(STATEMENTS_CSV + extra))
    be = narrative.budget_execution(doc)
    ambiguous = be[be["subject"] == "机关经费"]
    assert len(ambiguous) == 2 and ambiguous["actual"].isna().all()
    assert "部门" not in set(be["subject"])  # a generic subject is never paired
    office = be[be["subject"] == "办公经费"].iloc[0]
    assert office["completion_pct"] == D("75.00")  # 6.00 / 8.00, same line


def test_budget_reason_reads_the_stated_reason():
    para = ("年初预算为831.09万元，支出决算为853.23万元，决算数大于年初预算数的主要原因是：人员增加，新招录5名公务员。")
    assert reasons.budget_reason(para) == "人员增加，新招录5名公务员。"
    assert reasons.budget_reason("决算数小于预算数的主要原因：预算按充分保障预估。") == "预算按充分保障预估。"
    # a year-on-year reason is not a budget reason; no reason at all gives None
    assert reasons.budget_reason("决算数大于上年数的主要原因是年初局机关划拨一台公务用车。") is None
    assert reasons.budget_reason("年初预算为25.26万元，支出决算为25.26万元，完成预算100%。") is None


def test_budget_execution_carries_the_seed_reasons(seed):
    # 第1251、1255行: “决算数大于年初预算数的主要原因是：人员增加，新招录5名公务员。”
    execution = narrative.budget_execution(seed).set_index("subject")
    assert execution.loc["社会保障和就业支出", "reason"] == "人员增加，新招录5名公务员。"
    assert execution.loc["住房保障支出", "reason"] == "人员增加，新招录5名公务员。"
    assert pd.isna(execution.loc["卫生健康支出", "reason"])  # 第1253行 states no reason
    # 第1290行 lists eleven budgets in one paragraph with no reason: none is attributed
    assert execution.loc["基本工资", "reason"] is None or pd.isna(execution.loc["基本工资", "reason"])
