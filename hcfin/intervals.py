"""Exact interval arithmetic on printed numbers.

A number printed with ``d`` decimals stands for every value that rounds to it, i.e. the closed
interval ``[v - ½·10^-d, v + ½·10^-d]``. Sums, differences, products, ratios and percentages
are computed on such intervals with :class:`decimal.Decimal`, rounding every lower bound down and
every upper bound up, so the true value is always inside the result. Two quantities are
consistent when their intervals meet. No tolerance constant is involved anywhere.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal

_PREC = 60
_DOWN = Context(prec=_PREC, rounding=ROUND_FLOOR)
_UP = Context(prec=_PREC, rounding=ROUND_CEILING)
_ZERO = Decimal(0)
_HUNDRED = Decimal(100)
_HALF = Decimal("0.5")


class UndefinedInterval(ArithmeticError):
    """The operation has no interval result (a divisor that may be zero)."""


def half_unit(decimals: int) -> Decimal:
    """Half of the last displayed digit: ½·10^-decimals."""
    return _HALF.scaleb(-int(decimals))


@dataclass(frozen=True, slots=True)
class Interval:
    """A closed interval ``[lo, hi]`` of Decimals that contains the true value."""

    lo: Decimal
    hi: Decimal

    def __post_init__(self) -> None:
        if self.lo > self.hi:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")

    # -- construction -------------------------------------------------------------------
    @classmethod
    def from_printed(cls, value: str | Decimal | int, decimals: int | None = None) -> "Interval":
        """The interval a printed number stands for.

        Args:
            value: the number as printed ("933.58", "0", "-12.30").
            decimals: displayed decimals; by default counted from ``value``.

        Returns:
            ``[v - ½·10^-d, v + ½·10^-d]``.
        """
        v = value if isinstance(value, Decimal) else Decimal(str(value).strip())
        if decimals is None:
            exponent = v.as_tuple().exponent
            decimals = -exponent if isinstance(exponent, int) and exponent < 0 else 0
        h = half_unit(decimals)
        return cls(_DOWN.subtract(v, h), _UP.add(v, h))

    @classmethod
    def exact(cls, value: str | Decimal | int) -> "Interval":
        """A degenerate interval ``[v, v]`` for a value known exactly (a count, a zero)."""
        v = value if isinstance(value, Decimal) else Decimal(str(value))
        return cls(v, v)

    # -- queries ------------------------------------------------------------------------
    @property
    def width(self) -> Decimal:
        return _UP.subtract(self.hi, self.lo)

    @property
    def contains_zero(self) -> bool:
        return self.lo <= _ZERO <= self.hi

    def contains(self, value: Decimal | int | str) -> bool:
        """True when ``value`` lies in the closed interval."""
        v = value if isinstance(value, Decimal) else Decimal(str(value))
        return self.lo <= v <= self.hi

    def meets(self, other: "Interval") -> bool:
        """True when the two intervals share at least one value (consistent quantities)."""
        return self.lo <= other.hi and other.lo <= self.hi

    # -- arithmetic ---------------------------------------------------------------------
    def __neg__(self) -> "Interval":
        return Interval(-self.hi, -self.lo)

    def __add__(self, other: "Interval | Decimal | int") -> "Interval":
        o = _coerce(other)
        return Interval(_DOWN.add(self.lo, o.lo), _UP.add(self.hi, o.hi))

    __radd__ = __add__

    def __sub__(self, other: "Interval | Decimal | int") -> "Interval":
        o = _coerce(other)
        return Interval(_DOWN.subtract(self.lo, o.hi), _UP.subtract(self.hi, o.lo))

    def __rsub__(self, other: "Interval | Decimal | int") -> "Interval":
        return _coerce(other) - self

    def __mul__(self, other: "Interval | Decimal | int") -> "Interval":
        o = _coerce(other)
        pairs = ((self.lo, o.lo), (self.lo, o.hi), (self.hi, o.lo), (self.hi, o.hi))
        return Interval(min(_DOWN.multiply(a, b) for a, b in pairs),
                        max(_UP.multiply(a, b) for a, b in pairs))

    __rmul__ = __mul__

    def __truediv__(self, other: "Interval | Decimal | int") -> "Interval":
        o = _coerce(other)
        if o.contains_zero:
            raise UndefinedInterval(f"division by an interval containing 0: [{o.lo}, {o.hi}]")
        pairs = ((self.lo, o.lo), (self.lo, o.hi), (self.hi, o.lo), (self.hi, o.hi))
        return Interval(min(_DOWN.divide(a, b) for a, b in pairs),
                        max(_UP.divide(a, b) for a, b in pairs))

    def __rtruediv__(self, other: "Interval | Decimal | int") -> "Interval":
        return _coerce(other) / self

    def percent_of(self, whole: "Interval") -> "Interval":
        """``self / whole · 100``; raises :class:`UndefinedInterval` when ``whole`` may be 0."""
        return (self / whole) * _HUNDRED

    def __repr__(self) -> str:
        return f"Interval[{self.lo}, {self.hi}]"


def _coerce(x: "Interval | Decimal | int | str") -> Interval:
    if isinstance(x, Interval):
        return x
    return Interval.exact(x)


def interval_sum(items) -> Interval:
    """Sum of intervals (the empty sum is exactly 0)."""
    total = Interval(_ZERO, _ZERO)
    for item in items:
        total = total + item
    return total


def exact_div(a: Decimal, b: Decimal) -> Decimal:
    """``a / b`` to 60 significant digits (for point values, not bounds)."""
    return Context(prec=_PREC).divide(a, b)
