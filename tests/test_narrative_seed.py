"""The seed's narrative against statements read off the document by a person.

``golden/seed_statements.csv`` was typed by hand from the seed's paragraphs (lines 1236–1362),
before the reader existed, and committed first; no code output was copied into it. It covers
every amount, share, change and rate of 第三部分 一–十四 (八, 九 state no numbers), every project's
funds, spending and execution rate, the 稽核 counts and amounts, the 降费 figures, the staff counts,
the 三公 details and every fund-operation figure of the four schemes. The blank budget item
"公车交通补贴  万元" has an empty value; "173,59" is golden as 173.59 (what the text means).

Matching: a golden row is found when a statement has exactly the same section, subject, metric,
value (printed digits; empty = missing), unit, direction, basis and line. Subject and metric use
the vocabulary documented in :mod:`hcfin.narrative`; the person chose them while reading, before
comparing with the code.
"""

from pathlib import Path

import pandas as pd
import pytest

from hcfin.narrative import NUMBER_COLUMNS, STATEMENT_COLUMNS, build_funds, extract_statements
from hcfin.readers import read_document

GOLDEN = Path(__file__).parent / "golden" / "seed_statements.csv"
KEY = ["section", "subject", "metric", "value", "unit", "direction", "basis", "line"]


@pytest.fixture(scope="module")
def narrative(seed_path):
    return extract_statements(read_document(seed_path))


def _keys(frame: pd.DataFrame) -> set[tuple]:
    text = frame[KEY].astype(object).where(frame[KEY].notna(), "")
    return {tuple(str(v) for v in row) for row in text.itertuples(index=False)}


def test_every_golden_statement_is_found(narrative):
    golden = pd.read_csv(GOLDEN, dtype=str, keep_default_na=False)
    found = _keys(narrative.statements)
    missing = [row for row in _keys(golden) if row not in found]
    assert not missing, "\n".join(map(str, sorted(missing)))
    assert len(golden) == len(_keys(golden)), "golden rows must be distinct"


def test_columns_and_types(narrative):
    assert list(narrative.statements.columns) == STATEMENT_COLUMNS
    assert list(narrative.numbers.columns) == NUMBER_COLUMNS
    assert str(narrative.statements["decimals"].dtype) == "Int64"


def test_capture_audit_is_clean_on_the_seed(narrative):
    assert narrative.unclassified_count == 0
    counts = narrative.numbers["classification"].value_counts()
    assert counts["statement"] == (narrative.statements["status"] != "missing").sum()
    assert {"year", "date", "document_number", "list_number", "table_number"} <= set(counts.index)


def test_non_quantities_on_the_seed(narrative):
    numbers = narrative.numbers
    doc = numbers[numbers["line"] == 1317]
    assert doc[doc["text"].isin(["2023", "6"])]["classification"].tolist() == ["document_number"] * 2
    assert numbers[(numbers["line"] == 21) & (numbers["text"] == "01")]["classification"].item() == "table_number"
    assert numbers[(numbers["line"] == 133) & (numbers["text"] == "1")]["classification"].item() == "list_number"
    assert numbers[(numbers["line"] == 1355) & (numbers["text"] == "60")]["classification"].item() == "threshold"


def test_bad_text_of_the_seed_is_reported(narrative):
    s = narrative.statements
    blank = s[s["subject"] == "公车交通补贴"].iloc[0]
    assert pd.isna(blank["value"]) and pd.isna(blank["value_base"]) and blank["status"] == "missing" and blank["line"] == 1290
    comma = s[(s["line"] == 1297) & (s["metric"] == "支出")].iloc[0]
    assert (comma["value"], comma["status"], comma["value_base"]) == ("173.59", "repaired", "1735900")
    residues = s[s["status"] == "template_residue"]
    assert sorted(residues["line"]) == [1265, 1266, 1267]
    kinds = {(i.kind, i.line) for i in narrative.issues}
    assert {("missing_value", 1290), ("decimal_comma", 1297), ("template_residue", 1265),
            ("template_residue", 1266), ("template_residue", 1267)} <= kinds


def test_base_values(narrative):
    s = narrative.statements.set_index(["line", "metric", "subject"])
    assert s.loc[(1347, "基金收入", "企业职工基本养老保险"), "value_base"] == "3123000000"
    assert s.loc[(1345, "参保人数", "企业职工基本养老保险"), ["value_base", "base_unit"]].tolist() == ["598100", "人"]
    assert s.loc[(1238, "占比", "财政拨款收入"), ["value_base", "base_unit"]].tolist() == ["100", "%"]


def test_funds_table(narrative):
    funds = build_funds(narrative.statements)
    row = funds[(funds["scheme"] == "工伤保险") & (funds["metric"] == "基金支出")].iloc[0]
    assert (row["value"], row["unit"], row["basis"], row["line"]) == ("2", "亿元", "不含省内上解下拨", 1362)
    schemes = set(funds["scheme"])
    assert schemes == {"企业职工基本养老保险", "机关事业单位基本养老保险", "城乡居民基本养老保险", "工伤保险"}
    for scheme in schemes:
        metrics = set(funds[funds["scheme"] == scheme]["metric"])
        assert {"参保人数", "基金收入", "基金支出", "累计结余"} <= metrics, scheme
