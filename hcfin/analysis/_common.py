"""Small shared helpers of the analysis modules: exact numbers, fact look-ups, escaping.

Numbers are taken from the printed strings (``value``) as :class:`decimal.Decimal`, so sums
and shares are exact until the single rounding step of the formatter.
"""

from __future__ import annotations

from decimal import Decimal, ROUND_HALF_UP
from typing import Iterable

import pandas as pd

__all__ = [
    "STATEMENT_COLUMNS",
    "FUND_COLUMNS",
    "dec",
    "esc",
    "fact",
    "facts_of",
    "funds_of",
    "lines_text",
    "ratio_pct",
    "statements_of",
]

#: Column contract of ``Disclosure.statements`` (narrative numbers, one per row).
STATEMENT_COLUMNS = ["section", "subject", "metric", "value", "decimals", "unit", "value_base",
                     "base_unit", "direction", "basis", "line", "clause", "status"]
#: Column contract of ``Disclosure.funds`` (social-insurance fund figures).
FUND_COLUMNS = ["scheme", "metric", "value", "decimals", "unit", "value_base", "base_unit",
                "basis", "line"]


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
    """Escape a document string for Markdown (``hcfin.report.escape.md_text`` when present)."""
    try:
        from hcfin.report.escape import md_text
    except ImportError:  # the report package has not landed: same rules, local copy
        return _md_text_fallback(value)
    return md_text(value)


_MD_PUNCT = frozenset("!\"#$%'()*+,-./:;=?@[\\]^_`{|}~")


def _md_text_fallback(value: object) -> str:
    text = " ".join(str(value).splitlines())
    out = []
    for char in text:
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char in _MD_PUNCT:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


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


def statements_of(d: object) -> pd.DataFrame:
    """The narrative statements of a disclosure (contract :data:`STATEMENT_COLUMNS`).

    ``d.statements`` when the disclosure carries them; else read from ``d.document`` with
    ``hcfin.narrative.extract_statements`` when that reader is installed (cached on ``d``);
    else an empty frame of the contract, so callers say "not available" instead of guessing.
    """
    return _optional_frame(d, "statements", STATEMENT_COLUMNS, _read_statements)


def funds_of(d: object) -> pd.DataFrame:
    """The fund figures of a disclosure (contract :data:`FUND_COLUMNS`), like :func:`statements_of`."""
    return _optional_frame(d, "funds", FUND_COLUMNS, _read_funds)


def _read_statements(d: object) -> pd.DataFrame | None:
    document = getattr(d, "document", None)
    if document is None:
        return None
    try:
        from hcfin.narrative import extract_statements
    except ImportError:  # the narrative reader is not part of this build
        return None
    meta = getattr(d, "meta", None) or {}
    return extract_statements(document, unit=meta.get("unit")).statements


def _read_funds(d: object) -> pd.DataFrame | None:
    statements = statements_of(d)
    if statements.empty:
        return None
    try:
        from hcfin.narrative import build_funds
    except ImportError:
        return None
    return build_funds(statements)


def _optional_frame(d: object, name: str, columns: list[str], reader) -> pd.DataFrame:
    value = getattr(d, name, None)
    if callable(value):
        value = value()
    if isinstance(value, pd.DataFrame):
        return value
    if value is None and not hasattr(d, name):
        cache = f"_hcfin_analysis_{name}"
        cached = getattr(d, cache, None)
        if isinstance(cached, pd.DataFrame):
            return cached
        value = reader(d)
        if isinstance(value, pd.DataFrame):
            try:
                setattr(d, cache, value)
            except AttributeError:
                pass
            return value
    return pd.DataFrame(columns=columns)


def lines_text(lines: Iterable[object]) -> str:
    """Source lines as Chinese text: ``第42行`` / ``第42、105行`` / ``""``."""
    clean = sorted({int(x) for x in lines if x is not None and not pd.isna(x)})
    if not clean:
        return ""
    return "第" + "、".join(str(x) for x in clean) + "行"
