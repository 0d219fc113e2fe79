"""Fund metrics on the seed's fund figures (inline, tests/analysis_fixtures.py); DOMAIN.md §6c."""

from decimal import Decimal as D

import pytest

from .analysis_fixtures import FUNDS_CSV, frame, with_extra
from hcfin.analysis import components, funds


@pytest.fixture(scope="module")
def doc(seed):
    return with_extra(seed, funds=frame(FUNDS_CSV))


def metric(doc, scheme, name):
    m = funds.fund_metrics(doc)
    return m[(m["scheme"] == scheme) & (m["metric"] == name)].iloc[0]


def test_to_base():
    assert funds.to_base("31.23", "亿元") == (D("3123000000"), "元")
    assert funds.to_base("417.46", "万元") == (D("4174600"), "元")
    assert funds.to_base("", "亿元") == (None, None)
    assert funds.to_base("3", "斤") == (None, None)


def test_enterprise_pension(doc):
    scheme = "企业职工基本养老保险"
    assert metric(doc, scheme, "缴费人员占参保人数比例")["value"] == D("43.8")  # 26.22 / 59.81
    gap = metric(doc, scheme, "当期结余（收入−支出）")
    assert gap["value"] == D("31.23") - D("61.05")
    assert "省级统筹" in gap["caveat"] and gap["basis"] == "不含省内上解下拨"
    assert metric(doc, scheme, "收支比")["value"] == D("51.2")  # 31.23 / 61.05
    months = metric(doc, scheme, "可支付月数")
    assert months["value"] == D("0.86")  # 4.35 / (61.05 / 12) = 0.855
    assert "不能据此判断本地基金的偿付能力" in months["caveat"]
    base = metric(doc, scheme, "隐含月缴费基数")
    # (31.23 − 0.05) 亿 / 26.22 万 / 24 % / 12 = 4129.1 元
    assert base["value"] == D("4129") and "近似" in base["caveat"]


def test_rural_pension(doc):
    scheme = "城乡居民基本养老保险"
    assert metric(doc, scheme, "财政补贴依赖度")["value"] == D("67.4")  # 16.37 / 24.30
    assert metric(doc, scheme, "人均待遇")["value"] == D("158")  # 16.98 亿 / 89.47 万 / 12 = 158.2
    assert metric(doc, scheme, "可支付月数")["value"] == D("31.20")  # 44.23 / (17.01 / 12)
    assert metric(doc, scheme, "当期结余（收入−支出）")["caveat"] == ""  # 24.30 − 17.01 = 7.29 as stated
    assert metric(doc, scheme, "待遇领取人员占参保人数比例")["value"] == D("32.2")  # 89.47 / 277.94


def test_rural_pension_ratio_and_own_source_coverage_apart(doc):
    scheme = "城乡居民基本养老保险"
    assert metric(doc, scheme, "收支比")["value"] == D("142.9")  # 24.30 / 17.01 = 142.857 %
    own = metric(doc, scheme, "自给率（不含财政补贴）")
    assert own["value"] == D("46.6")  # (24.30 − 16.37) / 17.01 = 7.93 / 17.01 = 46.62 %
    # (24.295 − 16.375) / 17.015 = 46.547 % … (24.305 − 16.365) / 17.005 = 46.692 %
    assert own["range"] == "46.5%至46.7%" and not own["wide"]
    assert metric(doc, scheme, "征缴收入覆盖率")["value"] == D("46.3")  # 7.87 / 16.98 = 46.35 %
    assert "个人账户" in metric(doc, scheme, "可支付月数")["caveat"]
    assert "财政补贴计为基金收入" in metric(doc, scheme, "收支比")["caveat"]
    civil = metric(doc, "机关事业单位基本养老保险", "收支比")
    assert civil["value"] == D("100.1") and "兜底" in civil["caveat"]  # 49.42 / 49.38
    names = set(funds.fund_metrics(doc)["metric"])
    assert "收支比（自给率）" not in names


def test_civil_service_pension_has_no_implied_base(doc):
    m = funds.fund_metrics(doc)
    civil = m[m["scheme"] == "机关事业单位基本养老保险"]
    assert "隐含月缴费基数" not in set(civil["metric"])  # its income carries fiscal transfers
    assert metric(doc, "机关事业单位基本养老保险", "可支付月数")["value"] == D("1.60")  # 6.59 / (49.38/12)


def test_work_injury_is_pooled(doc):
    assert funds.is_pooled("工伤保险")
    assert not funds.is_pooled("城乡居民基本养老保险")
    assert funds.is_pooled("某险种", ["不含省内上解下拨"])
    ratio = metric(doc, "工伤保险", "收支比")
    # "2亿元" stands for 1.5–2.5亿: 1.735 / 2.5 = 69.4 % … 1.745 / 1.5 = 116.33 %, so no decimal is shown
    assert ratio["value"] == D("87") and ratio["range"] == "69.4%至116.4%" and ratio["wide"]
    months = metric(doc, "工伤保险", "可支付月数")
    # 0.155 × 12 / 2.5 = 0.744 … 0.165 × 12 / 1.5 = 1.32
    assert months["value"] == D("1.0") and months["range"] == "0.74个月至1.32个月"
    balance = metric(doc, "工伤保险", "当期结余（收入−支出）")
    # 1.735 − 2.5 = −0.765 … 1.745 − 1.5 = 0.245: not even the sign is known
    assert balance["range"] == "-0.77亿元至0.25亿元" and "可正可负" in balance["caveat"]
    assert "没有印小数" in ratio["caveat"]
    text = funds.describe_scheme(doc, "工伤保险")
    assert "收支比约87%（按印刷精度在69.4%至116.4%之间）" in text and "87.0%" not in text
    assert "0.96" not in text


def test_overview_and_paragraphs(doc):
    overview = funds.fund_overview(doc).set_index("scheme")
    assert overview.loc["企业职工基本养老保险", "基金收入（亿元）"] == D("31.23")
    assert overview.loc["城乡居民基本养老保险", "缴费人数（万人）"] is None
    assert str(overview.loc["城乡居民基本养老保险", "基金收入（亿元）"]) == "24.30"  # printed zeros kept
    gap = metric(doc, "企业职工基本养老保险", "当期结余（收入−支出）")["value"]
    assert str(gap) == "-29.82"  # shown in 亿元 with the printed decimals
    text = funds.describe_all(doc)
    assert "**工伤保险**" in text and "不含省内上解下拨" in text and "第1360、1362行" in text
    # describe_all computes the metrics once; each paragraph is what describe_scheme alone says
    assert text == "\n\n".join(funds.describe_scheme(doc, s) for s in funds.schemes(doc))
    assert "4个险种" in funds.describe_overview(doc)


def test_no_funds(seed):
    seed = with_extra(seed)
    assert funds.fund_metrics(seed).empty
    assert funds.describe_all(seed) == funds.NO_FUNDS


def test_components_judged_by_intervals(doc):
    comp = components.fund_components(doc).set_index("side")
    income = comp.loc["基金收入"]
    # 7.87亿 + 16.37亿 + 417.46万 + 149.43万 + 40.71万 + 19.03万 = 243026.63万 vs 24.30亿 = 243000万
    assert income["component_sum"] == D("78700") + D("163700") + D("417.46") + D("149.43") + D("40.71") + D("19.03")
    assert income["difference_wan"] == D("26.63")
    # half units: 50万 (24.30亿) + 50万 + 50万 + 4 × 0.005万
    assert income["tolerance_wan"] == D("150.02") and income["verdict"] == "尾差"
    spend = comp.loc["基金支出"]
    assert spend["component_sum"] == D("169800") + D("85.72") + D("158.5")  # vs 17.01亿 = 170100万
    assert spend["difference_wan"] == D("-55.78") and spend["verdict"] == "尾差"
    assert "属尾差" in components.describe_components(components.fund_components(doc))


def test_components_can_fail(seed):
    short = frame(FUNDS_CSV.replace("城乡居民基本养老保险,财政补贴收入,16.37", "城乡居民基本养老保险,财政补贴收入,15.37")
                  .replace("城乡居民基本养老保险,待遇支出,16.98", "城乡居民基本养老保险,待遇支出,17.98"))
    comp = components.fund_components(with_extra(seed, funds=short)).set_index("side")
    assert comp.loc["基金收入", "verdict"] == "构成项不全"  # 1亿 short: the text listed only some
    assert comp.loc["基金支出", "verdict"] == "不符"  # components exceed the total
