"""Integrity of the hand-made reference files (golden facts, classification code lists).

These tests read only the raw seed text and the CSV files; they never call the hcfin parser.
"""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"
GOLDEN = ROOT / "tests" / "golden" / "seed_facts.csv"
DATA = ROOT / "hcfin" / "data"

GOLDEN_COLUMNS = ["table", "side", "row_no", "label", "code", "measure", "measure_key", "value", "line"]
EXPECTED_ROWS = {"T01": 25, "T02": 63, "T03": 54, "T04": 57, "T05": 27, "T06": 83, "T07": 6, "T08": 3, "T09": 12}


def _read(path: Path) -> pd.DataFrame:
    return pd.read_csv(path, dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def seed_lines() -> list[str]:
    return SEED.read_text(encoding="utf-8").split("\n")


@pytest.fixture(scope="module")
def golden() -> pd.DataFrame:
    return _read(GOLDEN)


def test_golden_shape(golden: pd.DataFrame) -> None:
    assert list(golden.columns) == GOLDEN_COLUMNS
    assert golden.groupby("table").size().to_dict() == EXPECTED_ROWS
    assert golden["line"].is_unique
    assert not golden.duplicated(["table", "side", "row_no", "label", "code", "measure_key"]).any()


def test_golden_values_match_seed_lines(golden: pd.DataFrame, seed_lines: list[str]) -> None:
    for fact in golden.itertuples():
        raw = seed_lines[int(fact.line) - 1]
        assert raw.startswith("\t"), f"line {fact.line} is not a table cell: {raw!r}"
        assert re.sub(r"[\s\u3000]", "", raw) == fact.value, f"line {fact.line}: {raw!r} != {fact.value!r}"
        assert fact.value == "" or re.fullmatch(r"\d+\.\d{2}", fact.value), fact


def test_golden_covers_every_printed_amount(golden: pd.DataFrame, seed_lines: list[str]) -> None:
    used = set(golden["line"].astype(int))
    for number, raw in enumerate(seed_lines[19:1218], start=20):
        cell = re.sub(r"[\s\u3000]", "", raw)
        if raw.startswith("\t") and re.fullmatch(r"\d+\.\d{2}", cell):
            assert number in used, f"amount {cell} at line {number} has no golden fact"


@pytest.mark.parametrize("name,levels", [
    ("functional_codes.csv", {3: "类", 5: "款", 7: "项"}),
    ("economic_codes.csv", {3: "类", 5: "款"}),
])
def test_code_lists_are_consistent(name: str, levels: dict[int, str]) -> None:
    codes = _read(DATA / name)
    assert list(codes.columns) == ["code", "name", "level", "parent", "evidence"]
    assert codes["code"].is_unique
    known = set(codes["code"])
    for row in codes.itertuples():
        assert levels[len(row.code)] == row.level, row
        assert row.evidence in {"V", "K"}, row
        assert row.name and row.name == row.name.strip() and "(" not in row.name, row
        if row.level == "类":
            assert row.parent == "", row
        else:
            assert row.parent == row.code[:-2] and row.parent in known, row


def test_code_lists_cover_golden_codes(golden: pd.DataFrame) -> None:
    functional = _read(DATA / "functional_codes.csv").set_index("code")["name"]
    economic = _read(DATA / "economic_codes.csv").set_index("code")["name"]
    for fact in golden[golden["code"] != ""].drop_duplicates(["table", "code"]).itertuples():
        if fact.table == "T06":
            assert economic[fact.code] == fact.label, fact
        elif fact.table in {"T02", "T03", "T05"}:
            assert functional[fact.code] == fact.label, fact
        else:  # T01/T04 class rows: "七、社会保障和就业支出" -> 208
            assert fact.label.split("、", 1)[1] == functional[fact.code], fact
