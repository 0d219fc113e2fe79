"""The one missing-value convention (hcfin.frames): every public frame of a loaded disclosure is
built in it directly, so ``conform`` of each is the frame itself, on every bundled document."""

import csv

import numpy as np
import pandas as pd
import pytest

import hcfin
from hcfin.frames import TEXT, conform, frame_from_columns

from .conftest import ROOT

with open(ROOT / "data/raw/manifest.csv", encoding="utf-8", newline="") as handle:
    DOCUMENTS = [row["file"] for row in csv.DictReader(handle)]

# Disclosure attribute -> its catalogue name in hcfin/data/columns.yaml.
FRAMES = {"facts": "facts", "statements": "statements", "funds": "funds", "issues": "issues",
          "tables_found": "tables"}


@pytest.fixture(scope="module", params=DOCUMENTS)
def loaded(request):
    return hcfin.load(ROOT / "data/raw" / request.param)


@pytest.mark.parametrize("attribute", FRAMES)
def test_every_frame_of_every_document_already_conforms(loaded, attribute):
    frame = getattr(loaded, attribute)
    pd.testing.assert_frame_equal(frame, conform(frame, FRAMES[attribute]))
    assert frame.index.equals(pd.RangeIndex(len(frame)))
    for name in frame.columns[frame.dtypes == TEXT]:
        assert "" not in set(frame[name].dropna()), f"{attribute}.{name} holds '' (missing text must be NaN)"


def test_the_bundled_documents_are_all_tested():
    assert len(DOCUMENTS) >= 7 and "huaihua-yanglao-gongshang-2024.txt" in DOCUMENTS


def test_frame_from_columns_gives_what_conform_gives():
    data = {"severity": ["error", "", None], "kind": ["a", "b", "c"], "message": ["m", "m", "m"],
            "line": [3, None, 5], "page": [None, None, None], "table": ["T01", np.nan, "T02"],
            "text": ["x", "", "z"]}
    built = frame_from_columns(data, "issues")
    expected = conform(pd.DataFrame(data, dtype=object), "issues")
    pd.testing.assert_frame_equal(built, expected)
    assert built["severity"].isna().tolist() == [False, True, True]  # '' and None are missing, never ''
    assert built["line"].dtype == "Int64" and built["line"].isna().tolist() == [False, True, False]


def test_frame_from_columns_reads_amounts_and_keeps_lists_whole():
    built = frame_from_columns({"value": ["1.50", "", None], "amount": ["1.50", "", None],
                                "lines": [[1, 2], [3, 4], []]}, "statements")
    assert built["amount"].dtype == np.float64
    assert built["amount"].tolist()[0] == 1.5 and built["amount"].isna().tolist() == [False, True, True]
    assert built["value"].tolist()[0] == "1.50"  # the printed digits stay text: decimals are kept
    assert built["lines"].tolist() == [[1, 2], [3, 4], []]  # a column the catalogue lacks is kept as is


def test_frame_from_columns_refuses_a_word_in_a_number_column():
    with pytest.raises(ValueError):
        frame_from_columns({"amount": ["12.3", "约十万"]}, "statements")


def test_frame_from_columns_keeps_booleans_and_their_blanks():
    built = frame_from_columns({"found": [True, False], "is_empty": [False, None]}, "tables")
    assert built["found"].dtype == bool
    assert built["is_empty"].dtype == "boolean" and built["is_empty"].isna().tolist() == [False, True]


def test_an_empty_frame_has_its_final_dtypes():
    built = frame_from_columns({"severity": [], "line": [], "page": []}, "issues")
    assert len(built) == 0 and built["severity"].dtype == TEXT and built["line"].dtype == "Int64"
