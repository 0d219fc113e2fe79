"""The checks the expert missed (issue 10): each on the seed (no defect) and on a variant of the
seed that has the defect. Variants are built from the hand-typed seed (tests/checks/seed_fixture.py)."""

from __future__ import annotations

import copy

import pandas as pd
import pytest

from hcfin.checks import reconcile
from hcfin.classification import load_codes

from .frames import statement as S
from .seed_fixture import STATEMENTS, seed_disclosure

# §六 as printed in the seed (lines 1259 and 1260)
PERSONNEL = ("人员经费660.23万元，占基本支出的86.87%，主要包括基本工资、津贴补贴、奖金、伙食补助费、机关事业单位基本养老保险缴费、"
             "职工医疗保险缴费、其他社会保障缴费、住房公积金、其他工资福利支出、对个人和家庭的补助。")
PUBLIC = "公用经费99.77万元，占基本支出的13.13%，主要包括办公费、邮电费、差旅费、劳务费、工会经费、其他交通费用、其他商品和服务支出。"


def _seed(statements=None, lines=None, **cells):
    d = seed_disclosure()
    economic = load_codes("economic")  # 06表 prints each code with its name (the fixture types codes only)
    t06 = d.facts["table"] == "T06"
    d.facts.loc[t06, "label"] = [economic.name(c) or lab if isinstance(c, str) else lab
                                 for c, lab in zip(d.facts.loc[t06, "code"], d.facts.loc[t06, "label"])]
    if statements is not None:
        d.statements = pd.DataFrame(statements)
    for code, value in cells.items():
        mask = (d.facts["table"] == "T06") & (d.facts["code"] == code.lstrip("c"))
        d.facts.loc[mask, "value"] = value
        d.facts.loc[mask, "status"] = "ok" if value else "blank"
        d.facts.loc[mask, "decimals"] = 2 if value else pd.NA
    if lines is not None:
        d.lines = lines
    return d


def _rows(d, rule_id):
    r = reconcile(d, rules=[rule_id]).results
    return r[r["rule_id"] == rule_id].reset_index(drop=True)


def _with_items(statements):
    out = copy.deepcopy(statements)
    for st in out:
        if st["section"] == "第三部分 六" and st["subject"] == "人员经费":
            st["clause"] = PERSONNEL
        if st["section"] == "第三部分 六" and st["subject"] == "公用经费":
            st["clause"] = PUBLIC
    return out


# -- 国内公务接待: 批次 and 人次 ------------------------------------------------------------------
def test_reception_counts_are_stated_in_the_seed():
    assert set(_rows(_seed(), "N7.5")["status"]) == {"exact"}  # 团组14个、来宾58人次 (line 1268)


def test_reception_counts_left_out():
    kept = [st for st in STATEMENTS if not (st["subject"] == "公务接待费" and st["metric"] in ("团组", "来宾人次"))]
    r = _rows(_seed(kept), "N7.5")
    assert list(r["status"]) == ["mismatch", "mismatch"] and set(r["category"]) == {"presentation"}
    assert "接待批次" in r.loc[0, "location"] and "接待人次" in r.loc[1, "location"]


# -- the same year-over-year claim in two sections -------------------------------------------------
def test_same_claim_in_two_sections():
    assert list(_rows(_seed(), "S18")["status"]) == ["not_applicable"]  # the seed states each change once
    agree = STATEMENTS + [S("第三部分 十四 二（一）", "机关运行经费", "增减额", "22.19", direction="增加", line=1294)]
    assert list(_rows(_seed(agree), "S18")["status"]) == ["exact"]
    differ = STATEMENTS + [S("第三部分 十四 二（一）", "机关运行经费", "增减额", "21.19", direction="增加", line=1294)]
    r = _rows(_seed(differ), "S18")
    assert list(r["status"]) == ["mismatch"] and r.loc[0, "lines"] == [1274, 1294]
    opposite = STATEMENTS + [S("第三部分 十四 二（一）", "机关运行经费", "增减额", "22.19", direction="减少", line=1294)]
    assert list(_rows(_seed(opposite), "S18")["status"]) == ["mismatch"]


def test_a_change_against_the_budget_is_not_the_same_claim():
    """"与年初预算相比，增加5.00万元" in another section is a different claim from the change on last year."""
    budget = STATEMENTS + [S("第三部分 十四 二（一）", "机关运行经费", "增减额", "5.00", direction="增加", basis="年初预算",
                             line=1294)]
    assert list(_rows(_seed(budget), "S18")["status"]) == ["not_applicable"]
    both = budget + [S("第三部分 十四 二（二）", "机关运行经费", "增减额", "6.00", direction="增加", basis="年初预算",
                       line=1296)]
    assert list(_rows(_seed(both), "S18")["status"]) == ["mismatch"]  # two budget claims that disagree


def _budget_change_first(rate: str):
    """The seed's 机关运行经费 (99.77万元, 增加22.19万元, 增长28.60%) with a change against the budget printed first."""
    out = []
    for st in STATEMENTS:
        if st["subject"] == "机关运行经费" and st["metric"] == "增减额":
            out.append(S(st["section"], "机关运行经费", "增减额", "9.77", direction="增加", basis="预算", line=st["line"]))
        if st["subject"] == "机关运行经费" and st["metric"] == "增长率":
            st = {**st, "value": rate}
        out.append(st)
    return out


def test_the_growth_rate_is_checked_against_the_change_on_last_year():
    r = _rows(_seed(_budget_change_first("28.60")), "S7")
    assert r.loc[r["location"].str.contains("机关运行经费"), "status"].tolist() == ["exact"]  # 22.19, not 9.77
    r = _rows(_seed(_budget_change_first("31.60")), "S7")
    assert r.loc[r["location"].str.contains("机关运行经费"), "status"].tolist() == ["mismatch"]


# -- a direction word against its amount -----------------------------------------------------------
@pytest.mark.parametrize("line,status", [
    ("公务用车购置费支出决算减少为0.00万元，与上年持平。", "mismatch"),
    ("会议费支出增加5.00万元，与上年持平。", "mismatch"),
    ("公务接待费支出决算减少0.15万元，增长12.50%。", "mismatch"),
    ("与上年相比增加2.15万元，增长178.78%。", "exact"),
    ("因公出国（境）费支出决算与上年持平。", "exact"),
    ("决算数比上年减少19.66万元，下降86.61%，其中：因公出国（境）费支出决算与上年持平。", "exact"),
])
def test_direction_against_amount(line, status):
    r = _rows(_seed(lines=["情况说明", line]), "S19")
    assert list(r["status"]) == [status]
    if status == "mismatch":
        assert r.loc[0, "lines"] == [2]


# -- the year in headings and the table of contents -------------------------------------------------
def test_heading_years():
    good = ["怀化市养老和工伤保险服务中心2024年度部门决算", "目录", "十四、关于2024年度预算绩效情况的说明",
            "2023年1月开始执行新单位部门预算，截至2024年末，共有在职人员48人。"]  # a sentence, not a heading
    assert list(_rows(_seed(lines=good), "D6")["status"]) == ["exact"]
    wrong = ["怀化市养老和工伤保险服务中心2023年度部门决算", "十四、关于202 年度预算绩效情况的说明"]
    r = _rows(_seed(lines=wrong), "D6")
    assert list(r["status"]) == ["mismatch", "mismatch"]
    assert list(r["category"]) == ["consistency", "presentation"]  # a truncated "202 年度" is a typo


# -- §六's items against the non-zero rows of 06表 ------------------------------------------------
def test_items_of_section_six_in_the_seed():
    r = _rows(_seed(_with_items(STATEMENTS)), "N6.3")
    assert len(r) == 17 and set(r["status"]) == {"exact"}  # 10 人员经费 items + 7 公用经费 items


def test_an_item_named_but_blank_in_06():
    r = _rows(_seed(_with_items(STATEMENTS), c30106=None), "N6.3")  # 伙食补助费 left blank
    bad = r[r["status"] == "mismatch"]
    assert list(bad["location"]) == ["第三部分 六 人员经费 决算 所列“伙食补助费”"]


def test_a_nonzero_row_not_named():
    statements = _with_items(STATEMENTS)
    for st in statements:
        if st["subject"] == "公用经费" and st["section"] == "第三部分 六":
            st["clause"] = PUBLIC.replace("劳务费、", "")
    bad = _rows(_seed(statements), "N6.3").query("status == 'mismatch'")
    assert len(bad) == 1 and "30226 劳务费 3.87" in bad.iloc[0]["message"]


# -- staff numbers -------------------------------------------------------------------------------
def test_staff_arithmetic():
    assert _rows(_seed(), "S17").empty  # the seed gives only one part (其中参公46人): not checked
    base = [st for st in STATEMENTS if st["section"] != "第三部分 十四 一（一）" or st["metric"] != "参公人数"]
    sec = "第三部分 十四 一（一）"
    ok = base + [S(sec, "部门", "参公人数", "46", "人", line=1285), S(sec, "部门", "工勤人数", "2", "人", line=1285)]
    assert list(_rows(_seed(ok), "S17")["status"]) == ["exact"]  # 48 = 46 + 2
    bad = base + [S(sec, "部门", "参公人数", "46", "人", line=1285), S(sec, "部门", "工勤人数", "3", "人", line=1285)]
    assert list(_rows(_seed(bad), "S17")["status"]) == ["mismatch"]


# -- 三公 in the text against the economic rows of 06表 -------------------------------------------
def test_three_public_text_against_06():
    r = _rows(_seed(), "N7.4")
    assert set(r.loc[r["reported"].notna(), "status"]) == {"exact"}
    r = _rows(_seed(c30217="2.00"), "N7.4")  # 06表 公务接待费 2.00 (basic only) > text 1.05 (all funds)
    assert list(r.loc[r["status"] == "mismatch", "location"]) == ["第三部分 七（二） 公务接待费 决算"]


def test_items_are_matched_at_their_own_granularity():
    # "商品和服务支出" names 类 302 (99.77), not 款 30299 其他商品和服务支出; it covers every 款 of 302
    statements = _with_items(STATEMENTS)
    for st in statements:
        if st["subject"] == "公用经费" and st["section"] == "第三部分 六":
            st["clause"] = "公用经费99.77万元，主要包括商品和服务支出。"
    r = _rows(_seed(statements), "N6.3")
    item = r[r["location"].str.endswith("所列“商品和服务支出”")].iloc[0]
    assert item["status"] == "exact" and item["computed"] == "302 商品和服务支出"
    assert not (r["location"].str.contains("未列") & r["location"].str.contains("公用经费")).any()


@pytest.mark.parametrize("cut", ["职工医疗保险缴费、", "职工医疗", "住房公积金、其他工资福"])
def test_items_listed_over_two_lines(write_variant, cut):
    """§六's list wrapped over two lines (the text layout and a Word line break make each line a paragraph)
    is read whole: the same 17 items as when printed on one line, and nothing reported as left out."""
    import hcfin

    def wrap(lines):
        at = next(i for i, line in enumerate(lines) if line.startswith("人员经费660.23万元"))
        head, tail = lines[at].split(cut, 1)
        return lines[:at] + [head + cut, tail] + lines[at + 1:]

    r = reconcile(hcfin.load(write_variant(wrap))).results
    r = r[r["rule_id"] == "N6.3"]
    assert len(r) == 17 and set(r["status"]) == {"exact"}


def test_an_unpunctuated_list_does_not_run_into_the_next_statement(write_variant):
    import hcfin

    def unpunctuated(lines):
        return [line.removesuffix("。") if line.startswith("人员经费660.23万元") else line for line in lines]

    r = reconcile(hcfin.load(write_variant(unpunctuated))).results
    r = r[r["rule_id"] == "N6.3"]
    assert len(r) == 17 and set(r["status"]) == {"exact"}  # 公用经费's items are not taken for 人员经费's
