"""The seed's nine tables against facts read off the document by a person (tests/golden)."""

from pathlib import Path

import pandas as pd
import pytest

GOLDEN = Path(__file__).parent / "golden" / "seed_facts.csv"
KEY = ["table", "side", "row_no", "label", "code", "measure", "measure_key", "value", "line"]


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    frame = frame[KEY].astype(object)
    return frame.where(frame.notna(), "").astype(str)


def test_every_cell_matches_golden(seed):
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    merged = _as_text(seed.facts).merge(golden[KEY], how="outer", indicator=True)
    differences = merged[merged["_merge"] != "both"]
    assert differences.empty, differences.to_string()
    assert len(seed.facts) == len(golden) == 330


def test_blank_cells_stay_blank(seed):
    blanks = seed.facts[seed.facts["value"].isna()]
    assert (blanks["status"] == "blank").all()
    assert blanks["amount"].isna().all() and blanks["decimals"].isna().all()
    # T01 row 2 (政府性基金预算财政拨款收入) is printed blank, not 0.00
    row = seed.facts[(seed.facts["table"] == "T01") & (seed.facts["row_no"] == "2")]
    assert row["value"].isna().tolist() == [True]


def test_values_keep_printed_digits(seed):
    facts = seed.facts
    t04_gf = facts[(facts["table"] == "T04") & (facts["row_key"] == "gf_appropriation")].iloc[0]
    assert (t04_gf["value"], t04_gf["decimals"], t04_gf["line"]) == ("0.00", 2, 428)
    t03 = facts[(facts["table"] == "T03") & (facts["code"] == "2080109") & (facts["measure_key"] == "basic")]
    assert t03[["value", "decimals", "currency_unit", "line"]].values.tolist() == [["71.75", 2, "万元", 328]]


def test_capture_audit_is_clean(seed):
    assert seed.unaccounted.empty
    assert not (seed.issues["kind"] == "unaccounted_number").any()


def test_meta(seed):
    assert seed.meta["unit"] == "怀化市养老和工伤保险服务中心"
    assert seed.meta["year"] == 2024
    assert seed.meta["currency_unit"] == "万元"
    assert seed.meta["sha256"] == "6548252e4c8a9d0e47e190b1d608f829507bb9ed7fabeb16191557e59e34975a"


def test_tables_found_and_empty_tables_keep_their_statement(seed):
    found = seed.tables_found.set_index("table")
    assert found["found"].all()
    assert found.loc["T07", "is_empty"] and found.loc["T08", "is_empty"]
    assert "本表无数据" in found.loc["T07", "empty_statement"]
    assert found.loc["T07", "empty_statement_line"] == 1080
    assert found.loc["T08", "empty_statement_line"] == 1156
    assert not found.loc["T03", "is_empty"]
    assert found.loc["T05", "number_printed"] == "公开05表"


def test_row_keys_and_codes(seed):
    facts = seed.facts
    t01 = facts[facts["table"] == "T01"].set_index(["side", "row_no"])
    assert t01.loc[("income", "10"), "row_key"] == "income_total"
    assert t01.loc[("expenditure", "20"), "code"] == "208"
    assert t01.loc[("expenditure", "20"), "code_from"] == "label"
    t04 = facts[(facts["table"] == "T04") & (facts["side"] == "income")]
    assert t04["row_key"].tolist() == ["gpb_appropriation", "gf_appropriation", "soe_appropriation", "income_total",
                                       "opening_balance", "opening_gpb", "opening_gf", "opening_soe", "grand_total"]
    t06 = facts[facts["table"] == "T06"]
    footer = t06[t06["row_key"].notna()].set_index("row_key")["value"].to_dict()
    assert footer == {"personnel_total": "660.23", "public_total": "99.77"}
    assert set(t06["code"].dropna().str.len()) == {3, 5}


def test_garbled_merged_cell_is_reported_not_lost(seed):
    kinds = seed.issues.set_index("kind")
    assert kinds.loc["garbled_merged_cell", "line"] == 899
    assert kinds.loc["merged_cell_spill", "line"] == 906
    t06 = seed.facts[seed.facts["table"] == "T06"].set_index("code")
    assert t06.loc["39909", "label"] == "经常性赠与" and t06.loc["39909", "line"] == 921
    assert t06.loc["39910", "label"] == "资本性赠与" and t06.loc["39910", "line"] == 931


@pytest.mark.parametrize("table_id, shape", [("T03", (9, 8)), ("T05", (9, 5)), ("T09", (1, 14))])
def test_wide_table_is_the_printed_shape(seed, table_id, shape):
    wide = seed.table(table_id)
    assert wide.shape == shape


def test_wide_table_values(seed):
    t03 = seed.table("T03")
    row = t03[t03["科目编码"] == "2080109"].iloc[0]
    assert (row["基本支出"], row["项目支出"]) == (71.75, 157.05) and pd.isna(row["上缴上级支出"])
    assert t03["本年支出合计"].dtype == "float64" and t03["科目编码"].dtype == "str"
    assert pd.isna(t03.loc[0, "科目编码"])  # the 合计 row has no code: missing, not ''
    printed = seed.table("T03", printed=True)
    row = printed[printed["科目编码"] == "2080109"].iloc[0]
    assert (row["基本支出"], row["项目支出"]) == ("71.75", "157.05") and pd.isna(row["上缴上级支出"])
    t09 = seed.table("T09", printed=True)
    assert "0.00" in set(t09.iloc[0])  # printed zeros keep their decimals
    t01 = seed.table("T01")
    assert list(t01.columns.get_level_values(0).unique()) == ["收入", "支出"]
    assert t01[("收入", "决算数")].dtype == "float64" and t01[("收入", "决算数")].iloc[0] == 933.58
    with pytest.raises(KeyError):
        seed.table("T10")
