"""Small shared helpers of the analysis modules: exact numbers, fact look-ups, escaping.

Numbers are taken from the printed strings (``value``) as :class:`decimal.Decimal`, so sums
and shares are exact until the single rounding step of the formatter.
"""

from __future__ import annotations

from decimal import Decimal, ROUND_HALF_UP
from typing import Iterable

import pandas as pd

from ..escape import md_text

__all__ = [
    "dec",
    "esc",
    "fact",
    "facts_of",
    "lines_text",
    "ratio_pct",
]



def dec(value: object) -> Decimal | None:
    """The exact Decimal of a printed number (``"933.58"``); None for blank or missing."""
    if value is None:
        return None
    if isinstance(value, Decimal):
        return value
    if isinstance(value, float):
        if value != value:  # NaN
            return None
        return Decimal(repr(value))
    text = str(value).strip().replace(",", "")
    if text == "" or text.lower() in ("nan", "none", "<na>"):
        return None
    try:
        return Decimal(text)
    except ArithmeticError:
        return None


def ratio_pct(numerator: Decimal | None, denominator: Decimal | None, places: int = 2) -> Decimal | None:
    """``numerator / denominator`` as a percentage rounded half-up to ``places`` decimals.

    Returns None when either side is missing or the denominator is zero (no ratio exists).
    """
    if numerator is None or denominator is None or denominator == 0:
        return None
    exact = numerator * 100 / denominator
    return exact.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def esc(value: object) -> str:
    """Escape a document string for Markdown (see :func:`hcfin.escape.md_text`)."""
    return md_text(value)


def facts_of(d: object, table: str) -> pd.DataFrame:
    """The printed (non-blank) facts of one table of a Disclosure."""
    facts = d.facts  # type: ignore[attr-defined]
    part = facts[(facts["table"] == table) & facts["value"].notna()]
    return part


def fact(d: object, table: str, measure_key: str, row_key: str | None = None,
         code: str | None = None, side: str | None = None) -> tuple[Decimal | None, int | None]:
    """One printed cell as (Decimal, source line); (None, line or None) when blank or absent."""
    facts = d.facts  # type: ignore[attr-defined]
    mask = (facts["table"] == table) & (facts["measure_key"] == measure_key)
    if row_key is not None:
        mask &= facts["row_key"] == row_key
    if code is not None:
        mask &= facts["code"] == code
    if side is not None:
        mask &= facts["side"] == side
    rows = facts[mask]
    if rows.empty:
        return None, None
    row = rows.iloc[0]
    line = None if pd.isna(row["line"]) else int(row["line"])
    return dec(row["value"]), line


def lines_text(lines: Iterable[object]) -> str:
    """Source lines as Chinese text: ``第42行`` / ``第42、105行`` / ``""``."""
    clean = sorted({int(x) for x in lines if x is not None and not pd.isna(x)})
    if not clean:
        return ""
    return "第" + "、".join(str(x) for x in clean) + "行"
