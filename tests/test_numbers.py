import math

import pytest

from hcfin.numbers import parse_number


@pytest.mark.parametrize("printed, value, decimals, status", [
    ("933.58", "933.58", 2, "ok"),
    ("\u300099.77\u3000", "99.77", 2, "ok"),
    ("0.00", "0.00", 2, "ok"),
    ("0", "0", 0, "ok"),
    ("-3.5", "-3.5", 1, "ok"),
    ("+7", "7", 0, "ok"),
    ("１２.５", "12.5", 1, "ok"),
    ("1,234.56", "1234.56", 2, "ok"),
    ("12,345,678", "12345678", 0, "ok"),
    ("173,59", "173.59", 2, "repaired"),
    ("(12.30)", "-12.30", 2, "repaired"),
    ("（5）", "-5", 0, "repaired"),
    ("9 33.58", "933.58", 2, "repaired"),
    ("100%", "100", 0, "repaired"),
])
def test_readable(printed, value, decimals, status):
    parsed = parse_number(printed)
    assert (parsed.value, parsed.decimals, parsed.status) == (value, decimals, status)
    assert (parsed.note is None) == (status == "ok")


@pytest.mark.parametrize("printed", ["", "\u3000", "  \t "])
def test_blank_is_never_zero(printed):
    parsed = parse_number(printed)
    assert parsed.value is None and parsed.status == "blank" and math.isnan(parsed.amount)


@pytest.mark.parametrize("printed", ["—", "-", "——", "－"])
def test_dash_is_blank_with_a_note(printed):
    parsed = parse_number(printed)
    assert parsed.value is None and parsed.status == "blank" and "不作0" in parsed.note


@pytest.mark.parametrize("printed", ["49l.87", "12.3.4", "abc", "1,23,4"])
def test_unreadable(printed):
    parsed = parse_number(printed)
    assert parsed.value is None and parsed.status == "unreadable" and printed in parsed.note
