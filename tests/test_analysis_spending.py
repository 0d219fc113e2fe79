"""Spending-structure frames and paragraphs on the seed; expected values are the seed's printed
numbers and arithmetic on them."""

from decimal import Decimal as D

import pytest

from hcfin.analysis import spending


def test_income_by_source_keeps_blanks_as_none(seed):
    income = spending.income_by_source(seed)
    gpb = income[income["source"] == "一般公共预算财政拨款收入"].iloc[0]
    assert gpb["value"] == D("933.58") and gpb["share_pct"] == D("100.00") and gpb["line"] == 42
    other = income[income["source"] == "事业收入"].iloc[0]
    assert other["value"] is None and other["status"] == "blank" and other["share_pct"] is None
    assert income.attrs["total"] == D("933.58")


def test_expenditure_by_function_item_level_is_printed(seed):
    items = spending.expenditure_by_function(seed, "项").set_index("code")
    assert items.loc["2080101", "total"] == D("491.87")
    assert items.loc["2080109", "project"] == D("157.05")
    assert items.loc["2080101", "share_pct"] == D("52.69")  # 491.87 / 933.58 = 52.687 %
    assert set(items["basis"]) == {"印刷数"}
    assert list(items["total"]) == sorted(items["total"], reverse=True)


def test_expenditure_by_function_class_level_adds_items(seed):
    classes = spending.expenditure_by_function(seed, "类").set_index("code")
    # 208 = 491.87 + 228.79 + 52.52 + 64.37 + 10.67 + 5.00 (T01 prints 853.23: a rounding residue)
    assert classes.loc["208", "total"] == D("491.87") + D("228.79") + D("52.52") + D("64.37") + D("10.67") + D("5.00")
    assert classes.loc["208", "share_pct"] == D("91.39")
    assert classes.loc["208", "basis"] == "由下级科目加总"
    assert classes.loc["221", "project"] == D("0.87")
    assert classes.loc["208", "t01_value"] == D("853.23") and classes.loc["208", "t01_line"] == 87
    text = spending.describe_functions(spending.expenditure_by_function(seed, "类"))
    assert "公开01表把社会保障和就业支出印为853.23万元（第87行）" in text
    assert "6个科目加总的853.22万元相差0.01万元，不超过7个印刷数的舍入误差之和0.035万元，属尾差" in text
    kuan = spending.expenditure_by_function(seed, "款").set_index("code")
    assert kuan.loc["20805", "total"] == D("52.52") + D("64.37")


def test_expenditure_by_function_rejects_unknown_level(seed):
    with pytest.raises(ValueError):
        spending.expenditure_by_function(seed, "目")


def test_basic_project_shares(seed):
    kinds = spending.basic_project(seed).set_index("kind")
    assert kinds.loc["基本支出", "value"] == D("759.99")
    assert kinds.loc["基本支出", "share_pct"] == D("81.41")  # 759.99 / 933.58 = 81.406 %
    assert kinds.loc["项目支出", "share_pct"] == D("18.59")  # 173.59 / 933.58 = 18.594 %
    assert kinds.loc["经营支出", "value"] is None


def test_personnel_public_uses_t05_basic_as_denominator(seed):
    pp = spending.personnel_public(seed).set_index("kind")
    assert pp.loc["人员经费", "share_pct"] == D("86.87")  # 660.23 / 759.99 = 86.873 %
    assert pp.loc["公用经费", "share_pct"] == D("13.13")  # 99.77 / 759.99 = 13.128 %
    text = spending.describe_personnel_public(spending.personnel_public(seed), spending.economic_classes(seed))
    assert "760.00万元" in text and "尾差" in text  # 660.23 + 99.77 vs 759.99
    assert "工会经费52.01万元，占商品和服务支出（302）的52.13%" in text  # 52.01 / 99.77


def test_economic_classes(seed):
    classes = spending.economic_classes(seed).set_index("code")
    assert classes.loc["30228", "value"] == D("52.01")
    assert classes.loc["30228", "group"] == "公用经费"
    assert classes.loc["30228", "share_of_group_pct"] == D("52.13")  # 52.01 / 99.77 of 302
    assert classes.loc["30305", "group"] == "人员经费"
    top = spending.economic_classes(seed, "类").set_index("code")
    assert top.loc["301", "value"] == D("609.88")
    with pytest.raises(ValueError):
        spending.economic_classes(seed, "项")


def test_sangong_execution(seed):
    sg = spending.sangong(seed).set_index("key")
    assert sg.loc["total", "execution_pct"] == D("88.16")  # 3.35 / 3.80
    assert sg.loc["reception", "execution_pct"] == D("70.00")  # 1.05 / 1.50
    assert sg.loc["abroad", "execution_pct"] is None  # budget 0: no rate
    assert sg.loc["total", "difference"] == D("3.35") - D("3.80")
    text = spending.describe_sangong(spending.sangong(seed))
    assert "3.80万元" in text and "88.16%" in text and "调整后" in text


def test_key_ratios(seed):
    ratios = spending.key_ratios(seed).set_index("metric")
    assert ratios.loc["财政拨款依存度", "value"] == D("100.00")
    assert ratios.loc["基本支出占比", "value"] == D("81.41")
    assert ratios.loc["“三公”经费执行率", "value"] == D("88.16")
    hhi = ratios.loc["功能分类集中度（HHI，类级）", "value"]
    shares = [D("853.22") / D("933.58"), D("55.10") / D("933.58"), D("25.26") / D("933.58")]
    assert hhi == (sum(s * s for s in shares) * 10000).quantize(D(1))
    assert "结转结余率" not in ratios.index  # T01 年末结转和结余 is blank in the seed: no ratio, not 0


def test_paragraphs_carry_numbers_and_lines(seed):
    income = spending.describe_income(seed, spending.income_by_source(seed))
    assert "933.58万元" in income and "第105行" in income and "不按0处理" in income
    functions = spending.describe_functions(spending.expenditure_by_function(seed, "项"))
    assert "行政运行（2080101）491.87万元，占52.69%" in functions
    basic = spending.describe_basic_project(spending.basic_project(seed))
    assert "基本支出759.99万元，占81.41%" in basic


def test_paragraph_escapes_document_strings(seed):
    import copy

    facts = seed.facts.copy()
    facts.loc[(facts["table"] == "T03") & (facts["code"] == "2080101"), "label"] = "<script>alert(1)</script>"
    fake = copy.copy(seed)
    fake.facts = facts
    text = spending.describe_functions(spending.expenditure_by_function(fake, "项"))
    assert "<script>" not in text and "&lt;script&gt;" in text
