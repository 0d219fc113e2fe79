"""Formatting numbers for Chinese report text.

Every number in a generated sentence goes through these helpers, so a value is shown exactly as
printed (``Decimal("55.10")`` → ``55.10``) and a percentage says how it was rounded.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["PCT_NOTE", "fmt_amount", "fmt_num", "fmt_pct", "fmt_signed"]

#: How every percentage computed by hcfin is rounded (said once per report section).
PCT_NOTE = "百分比由表中印刷数精确计算，四舍五入保留两位小数。"

DASH = "—"


def fmt_num(value: Decimal | None) -> str:
    """A Decimal as plain text, keeping its printed decimals; ``—`` when missing."""
    if value is None:
        return DASH
    text = format(value, "f")
    return "0" if text in ("-0", "-0.00") and value == 0 else text


def fmt_amount(value: Decimal | None, unit: str = "万元") -> str:
    """``933.58万元``; ``—`` when missing."""
    if value is None:
        return DASH
    return f"{fmt_num(value)}{unit}"


def fmt_pct(value: Decimal | None) -> str:
    """``81.41%``; ``—`` when missing (e.g. a zero denominator)."""
    if value is None:
        return DASH
    return f"{fmt_num(value)}%"


def fmt_signed(value: Decimal | None, unit: str = "万元") -> str:
    """``增加32.19万元`` / ``减少0.15万元`` / ``持平``."""
    if value is None:
        return DASH
    if value > 0:
        return f"增加{fmt_num(value)}{unit}"
    if value < 0:
        return f"减少{fmt_num(-value)}{unit}"
    return "持平"
