"""The panel: printed values with their lines, prior years derived from the narrative, and the
cross-document findings. Golden values are read off the seed's text (line numbers of the file)."""

from decimal import Decimal
from pathlib import Path

import pandas as pd
import pytest

import hcfin
from hcfin.corpus.crosscheck import cross_document_findings, resolve_panel
from hcfin.corpus.panel import PANEL_COLUMNS, canonical_measure, document_panel, place_of
from hcfin.corpus.stats import finding_frequency, top_rules

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"
UNIT = "怀化市养老和工伤保险服务中心"


@pytest.fixture(scope="module")
def seed_panel():
    return document_panel(hcfin.load(SEED))


def cell(panel, year, measure):
    rows = panel[(panel["year"] == year) & (panel["measure"] == measure)]
    assert len(rows) == 1, (year, measure, rows)
    return rows.iloc[0]


@pytest.mark.parametrize("measure, value, line", [
    # 第1236行 "2024年度收、支总计933.58万元。与上年相比，增加32.19万元，增长3.57%"
    ("收入支出总计", "901.39", 1236),           # 933.58 − 32.19
    ("财政拨款收入支出总计", "901.39", 1242),     # 第1242行, same figures
    ("三公经费", "1.20", 1263),                 # 第1263行: 3.35 − 2.15 (增长178.78%)
    ("公务接待费", "1.20", 1267),               # 第1267行: 1.05 + 0.15 (减少0.15万元)
    ("机关运行经费", "77.58", 1274),            # 第1274行: 99.77 − 22.19 (增长28.60%)
])
def test_seed_prior_year_is_derived_from_the_narrative(seed_panel, measure, value, line):
    row = cell(seed_panel, 2023, measure)
    assert row["basis"] == "derived"
    assert row["value"] == value and row["line"] == line and row["source"] == "情况说明"
    assert f"第{line}" in row["derived_from"]


def test_derived_values_carry_both_rounding_intervals(seed_panel):
    row = cell(seed_panel, 2023, "收入支出总计")
    # 933.58 ± 0.005 minus 32.19 ± 0.005
    assert (Decimal(row["low"]), Decimal(row["high"])) == (Decimal("933.575") - Decimal("32.195"),
                                                           Decimal("933.585") - Decimal("32.185"))
    assert row["rate_check"] == "consistent"  # 32.19 ÷ 901.39 = 3.571 %, stated 3.57 %


def test_rate_check_cannot_judge_growth_from_zero(seed_panel):
    # 第1266行: 公务用车 2.3, 增加2.3, "增长100%" — the prior year is 0, no rate exists
    row = cell(seed_panel, 2023, "公务用车购置及运行维护费")
    assert Decimal(row["value"]) == 0 and row["rate_check"] == "not_checkable"


@pytest.mark.parametrize("measure, value, line, source", [
    ("收入支出总计", "933.58", 126, "T01"), ("基本支出", "759.99", 310, "T03"), ("项目支出", "173.59", 311, "T03"),
    ("社会保障和就业支出", "853.23", 87, "T01"), ("三公经费", "3.35", 1210, "T09"), ("公务接待费", "1.05", 1215, "T09"),
    ("人员经费", "660.23", 964, "T06"), ("公用经费", "99.77", 966, "T06"), ("机关运行经费", "99.77", 1274, "情况说明"),
    ("在职人数", "48", 1285, "情况说明"),
])
def test_seed_printed_values(seed_panel, measure, value, line, source):
    row = cell(seed_panel, 2024, measure)
    assert (row["basis"], row["value"], row["line"], row["source"]) == ("printed", value, line, source)
    assert row["unit"] == UNIT


def test_blank_cells_are_not_panel_rows(seed_panel):
    # the seed's 公开01表 年初结转和结余 (line 119) is blank: not a 0
    assert seed_panel[seed_panel["measure"] == "年初结转和结余"].empty


def test_place_and_measure_names():
    assert place_of("上海市普陀区财政局") == "上海市普陀区"
    assert place_of("中共上海市普陀区委社会工作部") == "上海市普陀区"
    assert place_of("上海市普陀区人民政府石泉路街道办事处") == "上海市普陀区"
    assert place_of(UNIT) == "怀化市"
    assert place_of("湖南省财政厅") == "湖南省"
    assert place_of("国家统计局") is None and place_of(None) is None
    assert canonical_measure("收、支总计") == "收入支出总计"
    assert canonical_measure("“三公”经费") == "三公经费"
    assert canonical_measure("财政拨款支出", "第三部分 五（一）") == "一般公共预算财政拨款支出"
    assert canonical_measure("财政拨款支出", "第三部分 四") == "财政拨款支出"
    assert canonical_measure("会议费") == "会议费"  # unknown subjects keep their own name


def row(unit="甲局", year=2023, measure="收入支出总计", value="100.00", basis="printed", line=10, document="a"):
    value_d = Decimal(value)
    half = Decimal("0.005") * (2 if basis == "derived" else 1)
    return {"unit": unit, "year": year, "measure": measure, "code": None, "value": value, "amount": float(value_d),
            "decimals": 2, "low": str(value_d - half), "high": str(value_d + half), "currency_unit": "万元",
            "basis": basis, "source": "T01" if basis == "printed" else "情况说明", "document": document,
            "path": f"{document}.txt", "line": line, "derived_from": None, "rate_check": None}


def test_prior_year_disagreement_is_a_cross_document_finding():
    panel = pd.DataFrame([row(value="100.00", document="a2023"),
                          row(value="100.01", basis="derived", document="b2024")], columns=PANEL_COLUMNS)
    assert cross_document_findings(panel).empty  # 100.00 ± .005 meets 100.01 ± .01
    panel.loc[1, ["value", "low", "high"]] = ["100.50", "100.49", "100.51"]
    found = cross_document_findings(panel)
    assert found["rule_id"].tolist() == ["corpus.prior_year"] and found["severity"].tolist() == ["warning"]
    assert found.iloc[0]["document"] == "b2024" and found.iloc[0]["difference"] == "-0.50"
    resolved = resolve_panel(panel)
    assert resolved["basis"].tolist() == ["printed"] and resolved["value"].tolist() == ["100.00"]


def test_opening_balance_must_meet_last_years_closing_balance():
    panel = pd.DataFrame([row(year=2023, measure="年末结转和结余", value="12.30", document="a"),
                          row(year=2024, measure="年初结转和结余", value="12.30", document="b")], columns=PANEL_COLUMNS)
    assert cross_document_findings(panel).empty
    panel.loc[1, ["value", "low", "high"]] = ["15.00", "14.995", "15.005"]
    found = cross_document_findings(panel)
    assert found["rule_id"].tolist() == ["corpus.carry_over"]
    assert "12.30" in found.iloc[0]["message"] and "15.00" in found.iloc[0]["message"]
    # another unit's closing balance is no evidence
    panel.loc[0, "unit"] = "乙局"
    assert cross_document_findings(panel).empty


def test_two_documents_of_one_unit_end_to_end(tmp_path):
    # a second document claiming to be the seed unit's 2023 accounts, printing 2024's 933.58 as 2023's
    # total: the 2024 narrative says 2023 was 901.39, so the corpus must flag it
    fake = tmp_path / "fake-2023.txt"
    fake.write_bytes(SEED.read_bytes().replace("2024".encode(), "2023".encode()))
    corpus = hcfin.Corpus([SEED, fake])
    found = corpus.findings[corpus.findings["rule_id"] == "corpus.prior_year"]
    assert "收入支出总计" in set(found["location"])
    total = corpus.panel[(corpus.panel["year"] == 2023) & (corpus.panel["measure"] == "收入支出总计")]
    assert total["basis"].tolist() == ["printed"] and total["value"].tolist() == ["933.58"]


def test_finding_statistics():
    findings = pd.DataFrame({
        "document": ["a", "a", "b", "c"], "unit": ["甲", "甲", "乙", "丙"], "year": [2024] * 4,
        "rule_id": ["T01.1", "T01.1", "T01.1", "X2"], "severity": ["error", "error", "error", "warning"],
        "message": ["m1", "m2", "m3", "m4"]})
    documents = pd.DataFrame({"status": ["ok", "ok", "ok", "error"]})
    freq = finding_frequency(findings)
    assert freq.iloc[0][["rule_id", "unit", "error", "total"]].tolist() == ["T01.1", "甲", 2, 2]
    assert int(freq["total"].sum()) == 4
    top = top_rules(findings, documents)
    assert top["rule_id"].tolist() == ["T01.1", "X2"]
    assert top.iloc[0][["findings", "documents"]].tolist() == [3, 2]
    assert top.iloc[0]["share_pct"] == pytest.approx(66.7)  # 2 of the 3 documents read
