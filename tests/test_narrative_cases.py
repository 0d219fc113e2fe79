"""Narrative reading on small hand-made documents: bad text, the capture audit, structure."""

from pathlib import Path

import pandas as pd
import pytest

from hcfin.frames import TEXT
from hcfin.model import Document, Location, Paragraph
from hcfin.narrative import build_funds, extract_statements
from hcfin.narrative.sections import SectionTracker, cn_to_int, int_to_cn
from hcfin.narrative.tokens import shift, to_base


def document(*texts: str, first_line: int = 1) -> Document:
    blocks = [Paragraph(text, Location(first_line + i)) for i, text in enumerate(texts)]
    return Document(path=Path("small.txt"), sha256="", format="text", blocks=blocks,
                    lines=list(texts))


def read(*texts: str):
    return extract_statements(document("第三部分", "一、收入支出决算总体情况说明", *texts))


def only(result, **where) -> pd.Series:
    s = result.statements
    for column, value in where.items():
        s = s[s[column] == value]
    assert len(s) == 1, s
    return s.iloc[0]


def kinds(result) -> set[tuple[str, int]]:
    return {(i.kind, i.line) for i in result.issues}


# -- bad text ---------------------------------------------------------------------------------

def test_decimal_comma_is_read_with_an_issue():
    r = read("2024年度收、支总计173,59万元。")
    row = only(r, metric="决算")
    assert (row["value"], row["decimals"], row["status"], row["value_base"]) == ("173.59", 2, "repaired", "1735900")
    assert ("decimal_comma", 3) in kinds(r)
    message = next(i.message for i in r.issues if i.kind == "decimal_comma")
    assert "第3行" in message and "173,59" in message


@pytest.mark.parametrize("printed", ["933. 58", "933 .58", "933 . 58", "933.\u300058"])
def test_number_split_by_a_space_is_read_with_an_issue(printed):
    r = read(f"2024年度收、支总计{printed}万元，与上年相比，增加32.19万元。")
    row = only(r, metric="决算")
    assert (row["value"], row["status"]) == ("933.58", "repaired")
    assert ("split_number", 3) in kinds(r)
    assert only(r, metric="增减额")["value"] == "32.19"
    assert r.unclassified_count == 0


def test_digits_split_by_a_space_before_a_unit():
    r = read("发现问题20人次涉及金额12 493.6元。")
    assert only(r, unit="元")[["value", "status"]].tolist() == ["12493.6", "repaired"]
    assert only(r, unit="人次")["value"] == "20"
    assert ("split_number", 3) in kinds(r)


@pytest.mark.parametrize("blank", ["公车交通补贴  万元", "公车交通补贴\u3000万元"])
def test_blank_where_a_number_should_be_is_missing_never_zero(blank):
    r = read(f"2024年年初预算数为753.19万元，包括用于基本工资186.86万元、{blank}、社保缴费64.78万元；")
    row = only(r, subject="公车交通补贴")
    assert pd.isna(row["value"]) and pd.isna(row["value_base"]) and pd.isna(row["decimals"])
    assert (row["status"], row["unit"], row["metric"]) == ("missing", "万元", "年初预算")
    assert ("missing_value", 3) in kinds(r)
    assert only(r, subject="社保缴费")["value"] == "64.78"
    assert not (r.statements["value"] == "0").any()


def test_blank_after_wei_is_missing():
    r = read("公务接待费支出预算为万元，支出决算为1.05万元。")
    assert only(r, metric="预算")["status"] == "missing"
    assert only(r, metric="决算")["value"] == "1.05"


def test_template_alternatives_are_kept_as_printed():
    r = read("公务接待费支出预算为1.5万元，支出决算为1.05万元；与上年相比增加（减少）0.15万元，增长（降低）12.5%。")
    change = only(r, metric="增减额")
    assert (change["direction"], change["status"], change["value"]) == ("增加（减少）", "template_residue", "0.15")
    rate = only(r, metric="增长率")
    assert (rate["direction"], rate["status"]) == ("增长（降低）", "template_residue")
    assert sum(i.kind == "template_residue" for i in r.issues) == 2


def test_template_without_a_number_is_still_reported():
    r = read("决算数大于（小于）预算数的主要原因是厉行节约。")
    assert ("template_residue", 3) in kinds(r)
    assert r.statements.empty


def test_unreadable_number_is_an_error_not_a_guess():
    r = read("2024年度收、支总计1,2345万元。")
    row = only(r, metric="决算")
    assert pd.isna(row["value"]) and row["status"] == "unreadable"
    assert any(i.kind == "unreadable_number" and i.severity == "error" for i in r.issues)


def test_full_width_digits_and_thousands_separators():
    r = read("2024年度收、支总计９３３．５８万元，其中：基本支出1,234.5万元。")
    assert only(r, subject="收、支总计")["value"] == "933.58"
    assert only(r, subject="基本支出")[["value", "status"]].tolist() == ["1234.5", "ok"]


# -- the capture audit ------------------------------------------------------------------------

def test_capture_audit_fails_when_a_number_is_not_captured():
    r = read("2024年度收、支总计933.58万元。", "全年共处理文件7.5吨，编号为A12。")
    assert r.unclassified_count == 2
    missed = r.numbers[r.numbers["classification"] == "unclassified"]
    assert missed["text"].tolist() == ["7.5", "12"] and set(missed["line"]) == {4}
    assert ("unclassified_number", 4) in kinds(r)


def test_capture_audit_counts_every_token():
    r = read("2024年度收、支总计933.58万元。", "（湘人社规〔2023〕6号）2024年1—12月，11月15日至21日。")
    assert r.unclassified_count == 0
    by_text = dict(zip(r.numbers["text"] + "@" + r.numbers["line"].astype(str), r.numbers["classification"]))
    assert by_text["933.58@3"] == "statement"
    assert by_text["2023@4"] == by_text["6@4"] == "document_number"
    assert [c for t, c in by_text.items() if t.startswith(("1@", "12@", "15@", "21@"))] == ["date"] * 4


def test_notes_and_captions_are_non_quantities():
    r = extract_statements(document("第二部分    部门决算表", "公开01表", "注：1.本表反映部门本年度的总收支。",
                                    "2.本套报表金额单位转换时可能存在尾数误差。",
                                    "说明：我单位没有政府性基金收入，故本表无数据。"))
    assert r.statements.empty and r.unclassified_count == 0
    classes = r.numbers["classification"].tolist()
    assert classes[0] == "table_number" and set(classes[1:]) <= {"list_number", "section_number"}


# -- structure and vocabulary -----------------------------------------------------------------

def test_sections_nest_inside_fourteen():
    tracker, issues = SectionTracker(), []
    for line, text in enumerate(["第三部分", "十三、关于国有资产占用情况说明", "十四、关于预算绩效情况的说明",
                                 "一、部门整体支出绩效情况", "二、部门整体支出管理及使用情况", "（二）专项支出",
                                 "三、部门专项组织实施情况", "四、资产管理情况", "5、 部门整体支出绩效情况",
                                 "（四）工伤保险："], 1):
        tracker.feed(text, line, issues)
        if line == 6:
            assert tracker.label == "第三部分 十四 二（二）"
    assert tracker.label == "第三部分 十四 五（四）"
    assert [i.kind for i in issues] == ["heading_numbering"]
    assert [cn_to_int(int_to_cn(n)) for n in (1, 10, 14, 21, 99)] == [1, 10, 14, 21, 99]


def test_fund_section_statements_and_funds_table():
    r = extract_statements(document(
        "第三部分", "十四、关于2024年度预算绩效情况的说明", "（四）工伤保险：",
        "2024年，全市共有参保单位1.42万家，参保职工51.78万人，缴费人数51.78万人。",
        "2024年，全市工伤保险基金收入1.74亿元（不含省内上解下拨），其中利息收入32.09万元，"
        "支出2亿元（不含省内上解下拨），累计结余0.16亿元。"))
    funds = build_funds(r.statements)
    assert funds["metric"].tolist() == ["参保单位", "参保人数", "缴费人数", "基金收入", "利息收入", "基金支出", "累计结余"]
    assert set(funds["scheme"]) == {"工伤保险"} and set(funds["line"]) == {4, 5}
    income = funds[funds["metric"] == "基金收入"].iloc[0]
    assert (income["value_base"], income["base_unit"], income["basis"]) == ("174000000", "元", "不含省内上解下拨")
    assert funds[funds["metric"] == "参保单位"]["value_base"].item() == "14200"


def test_share_completion_and_change():
    r = read("2024年度财政拨款支出年初预算数为910.69万元，支出决算数为933.58万元，完成年初预算的102.51%。",
             "人员经费660.23万元，占基本支出的86.87%。",
             "本部门2024年度机关运行经费支出99.77万元，上年决算减少2.19万元，下降2.1%。")
    assert only(r, metric="完成率")[["subject", "basis"]].tolist() == ["财政拨款支出", "年初预算"]
    assert only(r, metric="占比")[["subject", "basis"]].tolist() == ["人员经费", "基本支出"]
    assert only(r, metric="增减额")[["subject", "direction", "basis"]].tolist() == ["机关运行经费", "减少", "上年"]
    assert only(r, metric="增长率")["direction"] == "下降"


def test_base_value_arithmetic_is_exact():
    assert to_base("933.58", "万元") == ("9335800", "元")
    assert to_base("0.05", "亿元") == ("5000000", "元")
    assert to_base("9", "万余人") == ("90000", "人")
    assert to_base("5.90", "%") == ("5.9", "%")
    assert shift("0.00", 4) == "0" and shift("-12.30", 0) == "-12.3"


def test_change_against_a_named_year_and_item_paths():
    r = read("2024年度“三公”经费财政拨款支出决算数比2023年度减少0.15万元，下降（增长）27.78%。",
             "1、社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）。主要用于：退休人员支出。"
             "年初预算为54.53万元，支出决算为54.53万元，完成年初预算的100.00%。")
    change = only(r, metric="增减额")
    assert change[["subject", "direction", "basis"]].tolist() == ["“三公”经费", "减少", "上年"]
    assert only(r, metric="增长率")[["direction", "status"]].tolist() == ["下降（增长）", "template_residue"]
    path = "社会保障和就业支出（类）行政事业单位养老支出（款）行政单位离退休（项）"
    assert set(r.statements[r.statements["line"] == 4]["subject"]) == {path}


def test_quoted_names_and_thresholds_are_not_quantities():
    r = read("推进“15分钟社区生活圈”建设，扎实落实“411”监管机制。",
             "单价100万元（含）以上设备（不含车辆）2台（套）。")
    classes = dict(zip(r.numbers["text"], r.numbers["classification"]))
    assert classes == {"15": "name", "411": "name", "100": "threshold", "2": "statement"}
    row = only(r, unit="台（套）")
    assert row[["metric", "basis", "value"]].tolist() == ["单价100万元（含）以上设备", "不含车辆", "2"]


def test_staff_counts_in_part_one():
    r = extract_statements(document(
        "第一部分", "二、机构设置及决算单位构成",
        "（三）人员构成情况。本单位编制人数30人，其中行政编制10名、事业编制20名；实有在职人员28人，退休人员5人，"
        "离休人员1人，遗属2人。"))
    s = r.statements
    assert set(s["section"]) == {"第一部分 二（三）"} and set(s["subject"]) == {"部门"}
    assert list(zip(s["metric"], s["value"], s["unit"])) == [
        ("编制数", "30", "人"), ("行政编制数", "10", "名"), ("事业编制数", "20", "名"), ("在职人数", "28", "人"),
        ("退休人数", "5", "人"), ("离休人数", "1", "人"), ("遗属人数", "2", "人")]
    assert s["base_unit"].unique().tolist() == ["人"]


def test_empty_document_gives_empty_frames_with_the_contract_columns():
    r = extract_statements(Document(path=Path("empty.txt"), sha256="", format="text", blocks=[], lines=[]))
    assert r.statements.empty and r.numbers.empty and r.unclassified_count == 0
    # the columns.yaml dtypes, as on a loaded disclosure (a whole number is Int64, text is str)
    assert str(r.statements["line"].dtype) == "Int64" and str(r.statements["decimals"].dtype) == "Int64"
    assert r.statements["subject"].dtype == TEXT
    assert build_funds(r.statements).empty


def test_difference_against_the_budget():
    r = read("卫生健康支出年初预算为25.26万元，支出决算为48.15万元，决算数大于年初预算数22.89万元。")
    row = only(r, metric="差额")
    assert row[["subject", "direction", "basis", "value"]].tolist() == ["卫生健康支出", "大于", "年初预算", "22.89"]


# -- web pages: spaces between words and digits, quoted item names (Shanghai 2025 portal pages) ------

def test_spaces_around_numbers_do_not_change_the_reading():
    r = read("上海市普陀区文化和旅游局 2025 年度收入支出总计 26591.08 万元。与 2024 年度相比，收入支出总计增加 "
             "8487.88 万元，增长 46.89%。")
    assert only(r, metric="决算")[["subject", "value"]].tolist() == ["收入支出总计", "26591.08"]
    change = only(r, metric="增减额")
    assert change[["subject", "value", "direction", "basis"]].tolist() == ["收入支出总计", "8487.88", "增加", "上年"]
    assert only(r, metric="增长率")[["subject", "value", "direction"]].tolist() == ["收入支出总计", "46.89", "增长"]


def test_budget_and_outturn_pair_with_spaces():
    r = read("“三公”经费财政拨款支出年初预算为 53.93 万元，支出决算为 37.35 万元，完成预算的 69.26%。")
    assert only(r, metric="年初预算")[["subject", "value"]].tolist() == ["“三公”经费", "53.93"]
    assert only(r, metric="决算")[["subject", "value"]].tolist() == ["“三公”经费", "37.35"]
    assert only(r, metric="完成率")[["subject", "basis"]].tolist() == ["“三公”经费", "预算"]


def test_quoted_item_paths_and_half_width_class_marks():
    r = read("1.“一般公共服务（类）统计信息事务（款）统计管理（项）”3.39 万元，主要用于：基础统计网络建设。"
             "年初预算为 3.84 万元，支出决算为 3.39 万元，完成年初预算的 88.28%。",
             "18、社会保障和就业支出(类)行政事业单位养老支出(款)其他行政事业单位养老支出(项)。主要用于：活动费。"
             "年初预算为 4.84 万元，支出决算为 4.84 万元。",
             "11“. 灾害防治及应急管理支出”98.23 万元，占 0.52%。")
    path = "一般公共服务（类）统计信息事务（款）统计管理（项）"
    assert set(r.statements.loc[r.statements["line"] == 3, "subject"]) == {path}
    assert set(r.statements.loc[r.statements["line"] == 4, "subject"]) == {
        "社会保障和就业支出（类）行政事业单位养老支出（款）其他行政事业单位养老支出（项）"}
    assert only(r, metric="占比")["subject"] == "灾害防治及应急管理支出"
    assert r.unclassified_count == 0


def test_half_done_direction_edit_and_a_zero_without_unit():
    r = read("2025 年度“三公”经费财政拨款支出决算数比 2024 年度减增加 21.90 万元，增长 141.75%。",
             "年初预算为 0，支出决算为 150 万元。",
             "国内公务接待支出 0.40 万（含外宾接待支出 0 万元）。")
    change = only(r, metric="增减额")
    assert change[["subject", "direction", "status"]].tolist() == ["“三公”经费", "减增加", "template_residue"]
    zero = only(r, metric="年初预算")
    assert zero[["value", "unit", "value_base"]].tolist() == ["0", "万元", "0"]
    assert ("unit_missing", 4) in kinds(r)
    assert only(r, value="0.40")[["unit", "subject"]].tolist() == ["万元", "国内公务接待支出"]
    assert r.unclassified_count == 0


# -- topics: sections by what their heading says, whatever their number ------------------------------

HUNAN = ["第三部分", "十、关于机关运行经费支出说明", "十一、一般性支出情况说明", "十二、关于政府采购支出说明",
         "十三、关于国有资产占用情况说明", "十四、关于2024年度预算绩效情况的说明", "一、部门整体支出绩效情况",
         "二、部门整体支出管理及使用情况", "（一）基本支出", "四、资产管理情况"]
SHANGHAI = ["第三部分", "十、预算绩效管理情况", "十一、其他重要事项的情况说明", "（一）机关运行经费支出情况",
            "（二）政府采购支出情况", "（三）国有资产占有使用情况说明"]


@pytest.mark.parametrize("headings,topics", [
    (HUNAN, ["", "机关运行经费", "会议费和培训费", "政府采购", "国有资产", "绩效", "绩效", "绩效", "绩效", "绩效"]),
    (SHANGHAI, ["", "绩效", "其他重要事项", "机关运行经费", "政府采购", "国有资产"]),
    (["第三部分", "五、一般公共预算财政拨款支出决算情况说明", "（一）一般公共预算财政拨款支出决算总体情况",
      "（二）一般公共预算财政拨款支出决算结构情况", "（三）一般公共预算财政拨款支出决算具体情况",
      "七、财政拨款“三公”经费支出决算情况说明", "（一）“三公”经费财政拨款支出决算总体情况说明。", "（二）其他",
      "四、财政拨款收入支出决算总体情况说明", "一、收入支出决算总体情况说明", "二、收入决算情况说明", "三、支出决算情况说明"],
     ["", "一般公共预算支出", "一般公共预算支出总体", "一般公共预算支出结构", "一般公共预算支出具体", "三公经费",
      "三公经费", "三公经费", "财政拨款收支总体", "收支总体", "收入", "支出"]),
    # half-width brackets: a short line is a sub-heading; a duty listed as "(三)…，…" is not
    (["第三部分", "九、其他重要事项的情况说明", "(一)机关运行经费支出情况", "(二)政府采购支出情况",
      "(三)贯彻执行国有资产管理的法律、法规，拟订规划", "(三) 国有资产占用情况"],
     ["", "其他重要事项", "机关运行经费", "政府采购", "政府采购", "国有资产"]),
    # arabic-numbered lines under 其他重要事项 name their topics; elsewhere a numbered line is an item, not a heading
    (["第三部分", "九、其他重要事项的情况说明", "1.机关运行经费支出情况", "2、政府采购支出情况。", "3.国有资产占用情况",
      "十、名词解释", "1.政府采购：指…"],
     ["", "其他重要事项", "机关运行经费", "政府采购", "国有资产", "名词解释", "名词解释"]),
])
def test_topic_follows_the_heading_words_not_the_number(headings, topics):
    tracker, seen = SectionTracker(), []
    for line, text in enumerate(headings, 1):
        tracker.feed(text, line, [])
        seen.append(tracker.topic)
    assert seen == topics


def test_statements_carry_topic_period_and_binding():
    r = extract_statements(document(
        "上海市普陀区XX局2025年度部门决算", "第三部分", "十一、其他重要事项的情况说明", "（一）机关运行经费支出情况",
        "机关运行经费支出 166.45 万元，比 2024 年度减少 22.50 万元，下降 11.91%。",
        "2024 年度机关运行经费支出 188.95 万元。", "（二）政府采购支出情况",
        "政府采购金额（以合同签订为准）为 7571.90 万元，其中：货物采购金额 410.53 万元。"))
    s = r.statements
    assert set(s.loc[s["line"] <= 6, "topic"]) == {"机关运行经费"} and set(s.loc[s["line"] == 8, "topic"]) == {"政府采购"}
    level = only(r, metric="决算", line=5)
    assert (level["period"], level["binding"]) == ("本年", "level")
    assert only(r, metric="增减额")[["basis", "period", "binding"]].tolist() == ["上年", "本年", "carried"]
    assert only(r, metric="增长率")["binding"] == "carried"  # "下降 11.91%": subject carried from its sentence
    assert only(r, line=6)[["subject", "period"]].tolist() == ["机关运行经费", "上年"]
    total = only(r, value="7571.90")
    assert total[["subject", "basis"]].tolist() == ["政府采购金额", "以合同签订为准"]


def test_a_change_against_another_year_names_it():
    r = extract_statements(document("XX局2025年度部门决算", "第三部分", "一、收入支出决算总体情况说明",
                                    "收入支出总计比2023年度增加5.00万元。"))
    assert only(r, metric="增减额")["basis"] == "2023年"


def test_words_left_over_by_the_grammar_make_the_binding_unclear():
    r = read("收入支出总计增幅较大的是项目支出较上年多 8.00 万元。")
    assert only(r, value="8.00")["binding"] == "unclear"


@pytest.mark.parametrize("path", ["一般公共服务支出（类）统计信息事务（款）统计管理（项）",
                                  "“一般公共服务支出（类）统计信息事务（款）统计管理（项）”："])
def test_an_item_path_on_its_own_line_binds_the_numbers_below(path):
    r = read(path, "年初预算为274.82万元，支出决算为257.14万元，完成年初预算的93.57%。")
    s = r.statements
    assert set(s["subject"]) == {"一般公共服务支出（类）统计信息事务（款）统计管理（项）"}
    assert set(s["binding"]) == {"carried"} and list(s["metric"]) == ["年初预算", "决算", "完成率"]


def test_a_list_of_subjects_with_one_number_is_never_certain():
    """"基本支出、项目支出分别为759.99万元" names two subjects and one number: read, but as uncertain."""
    s = read("2024年度基本支出、项目支出分别为759.99万元。").statements
    assert list(zip(s["subject"], s["binding"])) == [("基本支出、项目支出", "paired")]
