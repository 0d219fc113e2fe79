"""Drivers of the change, projects, stated reasons, budget scope and norms, on the seed and on the
Shanghai 财政局 PDF. Expected values are read off the documents (seed lines 1236–1331; 财政局 p.21–25)."""

from decimal import Decimal as D
from pathlib import Path

import pandas as pd
import pytest

from hcfin.analysis import drivers, narrative, norms, procurement, reasons

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def caizhengju():
    import hcfin

    return hcfin.load(ROOT / "data/raw/shanghai-putuo-caizhengju-2024.pdf")


def test_change_decomposed_by_stated_items(seed):
    frame = drivers.change_drivers(seed).set_index("item")
    # 第1236行: 收、支总计 933.58，增加32.19；第1274行: 机关运行经费 99.77，增加22.19
    assert frame.loc["收、支总计", "change"] == D("32.19")
    admin = frame.loc["机关运行经费"]
    assert admin["role"] == "组成部分" and admin["share_pct"] == D("68.93")  # 22.19 / 32.19 = 68.93 %
    assert admin["reason"] == "中心新招录5名公务员，造成工会经费和其他交通费用增长。"
    sangong = frame.loc["“三公”经费"]
    assert sangong["role"] == "其中"  # overlaps 机关运行经费 and projects: never added up
    rest = frame[frame["role"] == "其余"].iloc[0]
    assert rest["change"] == D("32.19") - D("22.19")
    text = drivers.describe_drivers(drivers.change_drivers(seed), seed)
    assert "相当于总变动的68.93%" in text and "“工作需要追加了部分工作经费”" in text


def test_change_of_opposite_sign_is_said(caizhengju):
    frame = drivers.change_drivers(caizhengju).set_index("item")
    # p.21 line 314: 收入支出总计减少56.95；line 412: 机关运行经费增加2.55
    assert frame.loc["收入支出总计", "change"] == D("-56.95")
    assert frame.loc["机关运行经费", "change"] == D("2.55")
    assert "方向与总变动相反" in drivers.describe_drivers(drivers.change_drivers(caizhengju), caizhengju)


def test_projects_and_their_share(seed, caizhengju):
    frame = drivers.projects(seed)
    top = frame.iloc[0]
    # 第1306行: ②社保经办机构工作经费104.55万元；项目支出 173.59 (公开03表第311行)
    assert top["item"] == "社保经办机构工作经费" and top["spent"] == D("104.55")
    assert top["share_pct"] == D("60.23")  # 104.55 / 173.59
    assert sum(frame["spent"]) == D("20") + D("104.55") + D("27.5") + D("5") + D("10.67") + D("5") + D("0.87")
    assert "与公开03表项目支出一致" in drivers.describe_projects(frame)
    # 财政局 lists no project: the 公开03表 项目支出 by 项 is used and called 科目, not 项目
    shanghai = drivers.projects(caizhengju)
    assert set(shanghai["basis"]) == {"公开03表"}
    assert shanghai.iloc[0]["spent"] == D("449.52")  # 2010608 财政委托业务支出
    assert "个科目" in drivers.describe_projects(shanghai)


def test_reasons_quoted_as_printed(seed, caizhengju):
    assert reasons.reason_at(seed, 1263, "yoy") == "年初局机关划拨一台公务用车。"
    assert reasons.reason_at(seed, 1263, "budget") == "厉行勤俭节约，压缩经费开支。"
    assert reasons.reason_at(seed, 1253, "budget") is None
    # 财政局 line 324 ends with “主要原因：”; the reason is the next paragraph (line 326)
    assert reasons.reason_at(caizhengju, 324, "yoy").startswith("基本支出中人员进出及退休变化")
    assert reasons.yoy_reason("决算数小于预算数的主要原因是厉行勤俭节约。") is None


def test_no_cross_scope_execution_rate(seed):
    be = narrative.budget_execution(seed).set_index("subject")
    other = be.loc["其他商品和服务支出"]
    # 第1290行: 其他商品和服务支出年初预算38.96 beside 工会经费62.41; 公开06表30299 is 8.47 alone
    assert other["budget_initial"] == D("38.96") and other["actual"] == D("8.47")
    assert other["completion_pct"] is None and pd.isna(other["flag"])
    assert other["scope"].startswith("口径不同") and "办公费0.03万元" in other["scope"]
    assert be.loc["工会经费", "scope"] == "同口径" and be.loc["工会经费", "completion_pct"] == D("83.34")
    text = narrative.describe_budget_execution(narrative.budget_execution(seed), seed)
    assert "21.74%" not in text and "不计算完成率" in text


def test_scope_agrees_when_every_sibling_is_named(seed):
    from hcfin.analysis.scope import residual_scope
    from hcfin.classification import name_key

    named = {name_key(x) for x in ("办公费", "邮电费", "差旅费", "劳务费", "工会经费", "其他交通费用",
                                   "其他商品和服务支出")}
    assert residual_scope(seed, "30299", named) is None
    assert residual_scope(seed, "30228", set()) is None  # not a residual 款


def test_norms_on_the_seed(seed):
    frame = norms.test_norms(seed).set_index("id")
    union = frame.loc["union_fee_share"]
    # 52.01 / (195.71 + 107.72 + 154.31) = 52.01 / 457.74 = 11.36 % > 2 %
    assert union["result"] == "值得关注" and "占11.36%" in union["finding"]
    assert frame.loc["sangong_no_increase", "result"] == "值得关注"  # 3.35 vs 1.20 last year
    assert frame.loc["sangong_no_increase", "reason"] == "年初局机关划拨一台公务用车。"
    office = frame.loc["office_cost_per_staff"]
    assert office["result"] == "值得关注" and "人均6.25元" in office["finding"]  # 0.03万 / 48
    assert frame.loc["carryover_unused", "result"] == "符合"  # 公开04表 年初结转 0.00
    assert "工会法" in norms.describe_norms(norms.test_norms(seed))


def test_norms_can_pass_and_flag_carry_over(caizhengju):
    frame = norms.test_norms(caizhengju).set_index("id")
    # p.13: 年初财政拨款结转和结余 21.63 = 年末 21.63
    assert frame.loc["carryover_unused", "result"] == "值得关注"
    # 24.42 / (基本工资 + 津贴补贴) 1500.91 = 1.63 %
    assert frame.loc["union_fee_share", "result"] == "符合"
    assert frame.loc["office_cost_per_staff", "result"] == "无法检验"  # no staff count in the text


def test_every_norm_kind_is_registered_and_sourced():
    loaded = norms.load_norms()
    assert {n.kind for n in loaded} <= set(norms.NORM_KINDS)
    assert all(n.source and n.reading for n in loaded)


def test_procurement_rows_are_told_apart(caizhengju):
    frame = procurement.procurement(caizhengju)
    # p.25 line 417: three “采购金额” figures, each after its own clause
    labels = frame[frame["subject"].str.startswith("采购金额")]["subject"].tolist()
    assert len(labels) == 3 and len(set(labels)) == 3
    assert "采购金额（在其他政府采购项目中，由中小企业供应商中标或成交的）" in labels


def test_absent_topics_are_said_plainly(caizhengju):
    meetings = narrative.meeting_training(caizhengju)
    text = narrative.describe_meeting_training(meetings, caizhengju)
    assert "尚未被解析" not in text and "提到会议费和培训费" in text
