"""Interval arithmetic: the true value is always inside the computed interval."""

from decimal import Decimal
from fractions import Fraction

import pytest
from hypothesis import given, strategies as st

from hcfin.intervals import Interval, UndefinedInterval, interval_sum


def test_from_printed_two_decimals():
    assert Interval.from_printed("933.58") == Interval(Decimal("933.575"), Decimal("933.585"))


def test_from_printed_integer_and_explicit_decimals():
    assert Interval.from_printed("0") == Interval(Decimal("-0.5"), Decimal("0.5"))
    assert Interval.from_printed("3.8", 2) == Interval(Decimal("3.795"), Decimal("3.805"))


def test_sum_of_three_classes_meets_printed_total():
    # DOMAIN.md §2a T01.2: 853.23 + 25.26 + 55.10 = 933.59, printed 933.58
    parts = interval_sum(Interval.from_printed(v) for v in ("853.23", "25.26", "55.10"))
    assert parts == Interval(Decimal("933.575"), Decimal("933.605"))
    assert parts.meets(Interval.from_printed("933.58"))
    assert not parts.meets(Interval.from_printed("933.56"))


def test_division_by_interval_containing_zero_is_undefined():
    with pytest.raises(UndefinedInterval):
        Interval.from_printed("1.00") / Interval.from_printed("0.00")
    with pytest.raises(UndefinedInterval):
        Interval.from_printed("1.00").percent_of(Interval(Decimal("-1"), Decimal("1")))


def test_percentage_of_printed_values():
    share = Interval.from_printed("853.23").percent_of(Interval.from_printed("933.58"))
    assert share.contains(Decimal("853.23") / Decimal("933.58") * 100)
    assert share.meets(Interval.from_printed("91.39"))
    assert not share.meets(Interval.from_printed("91.45"))


def test_meets_and_contains():
    a = Interval(Decimal(1), Decimal(2))
    assert a.meets(Interval(Decimal(2), Decimal(3)))
    assert not a.meets(Interval(Decimal("2.0001"), Decimal(3)))
    assert a.contains(Decimal("1.5")) and not a.contains(3)
    with pytest.raises(ValueError):
        Interval(Decimal(2), Decimal(1))


# -- property tests ------------------------------------------------------------------------
decimals = st.integers(min_value=0, max_value=4)
magnitudes = st.decimals(min_value=Decimal("-100000"), max_value=Decimal("100000"),
                         allow_nan=False, allow_infinity=False, places=6)


@st.composite
def printed(draw):
    """A true value and the interval of its printed (rounded) form."""
    true = draw(magnitudes)
    d = draw(decimals)
    shown = true.quantize(Decimal(1).scaleb(-d))
    return true, Interval.from_printed(str(shown), d)


@given(printed())
def test_printed_interval_contains_true_value(p):
    true, iv = p
    assert iv.contains(true)


@given(printed(), printed())
def test_arithmetic_encloses_true_result(p, q):
    (x, a), (y, b) = p, q
    assert (a + b).contains(x + y)
    assert (a - b).contains(x - y)
    assert (a * b).contains(x * y)
    assert (-a).contains(-x)
    if b.contains_zero:
        with pytest.raises(UndefinedInterval):
            a / b
    else:
        exact = Fraction(x) / Fraction(y)
        q_iv = a / b
        assert Fraction(q_iv.lo) <= exact <= Fraction(q_iv.hi)
        pct = a.percent_of(b)
        assert Fraction(pct.lo) <= exact * 100 <= Fraction(pct.hi)


@given(st.lists(printed(), min_size=1, max_size=12))
def test_long_sums_enclose_true_sum(items):
    assert interval_sum(iv for _, iv in items).contains(sum(t for t, _ in items))
