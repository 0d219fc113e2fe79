"""Teaching guide on the seed: identities with the seed's numbers, exercises with worked answers."""

from decimal import Decimal as D

from hcfin.analysis import teaching


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
    ex = teaching.exercises(seed)
    answers = " ".join(ex["answer"])
    assert "759.99 ÷ 933.58 × 100% = 81.41%" in answers
    assert "660.23 ÷ 759.99 × 100% = 86.87%" in answers
    assert "3.35 ÷ 3.80 × 100% = 88.16%" in answers
    assert "157.05 ÷ 173.59 × 100% = 90.47%" in answers
    # 302 items: 0.03 + 0.28 + 0.99 + 3.87 + 52.01 + 34.13 + 8.47 = 99.78 vs 99.77 printed
    assert "= 99.78，表中302合计为99.77" in answers and "尾差" in answers
    assert teaching.exercises_markdown(ex).count("**练习") == len(ex)


def test_narrative_exercises(seed):
    from .analysis_fixtures import STATEMENTS_CSV, frame, with_extra
    answers = " ".join(teaching.exercises(with_extra(seed, statements=frame(STATEMENTS_CSV)))["answer"])
    assert "933.58 ÷ 910.69 × 100% = 102.51%" in answers
    # 三公: 3.35 − 2.15 = 1.20; 2.15 ÷ 1.20 = 179.17 % vs the stated 178.78 %
    assert "3.35 − 2.15 = 1.20" in answers and "179.17%" in answers and "177.27%至181.09%" in answers
    assert len(teaching.exercises(with_extra(seed))) == 5  # without the narrative: table exercises only
