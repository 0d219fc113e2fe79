"""Teaching guide on the seed: identities with the seed's numbers, exercises with worked answers."""

from decimal import Decimal as D

from hcfin.analysis import exercises, teaching


def test_identities_verdicts(seed):
    ids = teaching.identities(seed).set_index("id")
    assert ids.loc["T01.2", "right_value"] == D("853.23") + D("25.26") + D("55.10")  # 933.59
    assert ids.loc["T01.2", "verdict"] == "尾差"  # vs 933.58, within 4 × 0.005
    assert ids.loc["T03.1/2080109", "verdict"] == "尾差"  # 71.75 + 157.05 = 228.80 vs 228.79
    assert ids.loc["T03.1/2210201", "difference"] == D("55.10") - (D("54.22") + D("0.87"))
    assert ids.loc["X7", "right_value"] == D("660.23") + D("99.77")  # 760.00 vs 759.99
    assert ids.loc["X7", "verdict"] == "尾差"
    assert ids.loc["T06.2", "verdict"] == "相等"  # 609.88 + 50.35 = 660.23
    assert ids.loc["T09.2", "right_value"] == D("0.00") + D("2.30") + D("1.05")
    assert "T03.1/2080101" not in ids.index  # only one part printed: nothing to check


def test_identity_detects_a_real_mismatch(seed):
    import copy

    facts = seed.facts.copy()
    facts.loc[(facts["table"] == "T06") & (facts["row_key"] == "personnel_total"), "value"] = "670.23"
    fake = copy.copy(seed)
    fake.facts = facts
    ids = teaching.identities(fake).set_index("id")
    assert ids.loc["T06.2", "verdict"] == "不符" and ids.loc["X7", "verdict"] == "不符"
    assert "**不符**" in teaching.describe_identities(teaching.identities(fake))


def test_describe_tables(seed):
    t01 = teaching.describe_table(seed, "T01")
    assert "公开01表" in t01 and "本年收入合计933.58万元" in t01
    t07 = teaching.describe_table(seed, "T07")
    assert "本表无数据" in t07
    assert "3.80万元" in teaching.describe_table(seed, "T09")
    assert not teaching.table_view(seed, "T03").empty


def test_exercises_have_worked_answers(seed):
    ex = exercises.exercises(seed)
    answers = " ".join(ex["answer"])
    assert "759.99 ÷ 933.58 × 100% = 81.41%" in answers
    assert "660.23 ÷ 759.99 × 100% = 86.87%" in answers
    assert "3.35 ÷ 3.80 × 100% = 88.16%" in answers
    assert "157.05 ÷ 173.59 × 100% = 90.47%" in answers  # 2080109, a 项
    # 302 items: 0.03 + 0.28 + 0.99 + 3.87 + 52.01 + 34.13 + 8.47 = 99.78 vs 99.77 printed
    assert "= 99.78，表中302合计为99.77" in answers and "尾差" in answers
    # a same-scope 类 budget with its stated reason (第1251行): 853.23 / 831.09 = 102.66 %
    assert "853.23 ÷ 831.09 × 100% = 102.66%" in answers and "人员增加，新招录5名公务员" in answers
    assert "逐行相同" in answers and "933.58" in answers  # 公开01表 ≡ 公开04表 here
    assert exercises.exercises_markdown(ex).count("**练习") == len(ex)


def test_narrative_exercises(seed):
    from .analysis_fixtures import STATEMENTS_CSV, frame, with_extra
    answers = " ".join(exercises.exercises(with_extra(seed, statements=frame(STATEMENTS_CSV)))["answer"])
    # 三公: 3.35 − 2.15 = 1.20; 2.15 ÷ 1.20 = 179.17 % vs the stated 178.78 %
    assert "3.35 − 2.15 = 1.20" in answers and "179.17%" in answers and "177.27%至181.09%" in answers
    kinds = exercises.exercises(with_extra(seed))["kind"].tolist()
    assert len(kinds) == 6  # without the narrative: five table exercises and the 01/04 identity


def test_a_negative_change_is_written_for_a_reader():
    assert exercises._minus(D("2995.39"), D("-56.95")) == "2995.39 + 56.95"
    assert exercises._minus(D("3.35"), D("2.15")) == "3.35 − 2.15"


def test_find_the_error_on_the_seed(seed):
    found = exercises.find_error_exercises(seed)
    answers = " ".join(found["answer"])
    assert len(found) >= 3
    assert "53.34 + 831.09 + 25.26 = 909.69，而总额是910.69，各部分之和比总额少1.00" in answers  # lines 1249–1255
    s1 = found[found["answer"].str.contains("909.69")].iloc[0]
    # 第1290行 住房公积金 54.34 corroborates the culprit (53.34): named in the answer, not summed in the question
    assert "54.34" not in s1["question"] and "54\\.34" in s1["answer"]
    assert "2.3 − 2.3 = 0.0" in answers  # line 1266: growth from zero printed as 100%
    assert not any("读取" in q for q in found["question"])  # reading problems never become exercises


def test_unreliable_tables_are_recognised():
    import pandas as pd

    results = pd.DataFrame({"status": ["mismatch"] * 12 + ["exact"], "severity": ["error"] * 13,
                            "tables": [["T05"]] * 10 + [["T04"]] * 2 + [["T03"]]})
    assert exercises.unreliable_tables(results) == {"T05"}


def test_glossary_has_the_terms_and_the_documents_figures(seed):
    frame = teaching.glossary(seed).set_index("term")
    for term in ("机关运行经费", "“三公”经费", "结转结余", "参公单位", "基本支出", "项目支出", "人员经费", "公用经费"):
        assert frame.loc[term, "definition"], term
    assert "99.77万元" in frame.loc["机关运行经费", "example"]  # 第1274行
    assert "46人" in frame.loc["参公单位", "example"]  # 第1285行
    assert "学习目标" in teaching.LEARNING_GOALS


def test_describe_table_states_the_printed_unit_and_blank_cells(seed):
    text = teaching.describe_table(seed, "T03")
    assert "金额单位：万元（原表所印）" in text and "空白单元格照原样留空" in text
    html = teaching.table_view(seed, "T03")._repr_html_()
    assert "<tbody>\n    <tr>\n      <th" not in html
