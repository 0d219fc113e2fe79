"""Reading printed numbers without losing or inventing anything.

A printed number keeps its digits: ``value`` is a normalised string ("1234.56", "-12.30")
and ``decimals`` the count of displayed decimals, so "0.00" and "0" stay different and
rounding intervals can be derived later. Anything read with repair (a decimal comma,
thousands separators that do not group by three, accounting parentheses) says so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

DASHES = frozenset({"-", "—", "——", "－", "–", "―", "/", "／", "--", "－－", "—-", "──"})
PLAIN = re.compile(r"[+-]?\d+(?:\.\d+)?")
THOUSANDS = re.compile(r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
DECIMAL_COMMA = re.compile(r"[+-]?\d+,\d{1,2}")
PARENTHESISED = re.compile(r"[（(]\s*(\d+(?:\.\d+)?)\s*[）)]")
FULLWIDTH = str.maketrans("０１２３４５６７８９．，－＋", "0123456789.,-+")


@dataclass(frozen=True)
class ParsedNumber:
    """A cell's number. ``value`` is None for a blank (or unreadable) cell."""

    value: str | None
    decimals: int | None
    status: str  # "ok" | "blank" | "repaired" | "unreadable"
    note: str | None = None  # what was repaired or why it could not be read

    @property
    def amount(self) -> float:
        return float(self.value) if self.value is not None else float("nan")


def _decimals(value: str) -> int:
    return len(value.split(".", 1)[1]) if "." in value else 0


def _ok(value: str, status: str = "ok", note: str | None = None) -> ParsedNumber:
    if value.startswith("+"):
        value = value[1:]
    return ParsedNumber(value, _decimals(value), status, note)


def parse_number(text: str) -> ParsedNumber:
    """Read one printed cell as a number.

    Args:
        text: the cell text as printed (surrounding whitespace is ignored).

    Returns:
        A ParsedNumber; never raises. A blank cell is ``status="blank"`` (never 0);
        a dash ("—") is blank with a note, since templates print it for "nothing to report".
    """
    stripped = text.strip()
    s = "".join(stripped.split())
    if not s:
        return ParsedNumber(None, None, "blank")
    if s != stripped and PLAIN.fullmatch(s.translate(FULLWIDTH)):
        return _ok(s.translate(FULLWIDTH), "repaired", f"数字“{stripped}”中的空格已去除")
    if s in DASHES:
        return ParsedNumber(None, None, "blank", f"短横“{s}”按空白单元格读取，不作0")
    s = s.translate(FULLWIDTH)
    if PLAIN.fullmatch(s):
        return _ok(s)
    if THOUSANDS.fullmatch(s):
        return _ok(s.replace(",", ""))
    if DECIMAL_COMMA.fullmatch(s):
        return _ok(s.replace(",", "."), "repaired", f"“{text.strip()}”中的逗号按小数点读取")
    match = PARENTHESISED.fullmatch(s)
    if match:
        return _ok("-" + match.group(1), "repaired", f"“{text.strip()}”的会计括号按负数读取")
    if s.endswith("%") and PLAIN.fullmatch(s[:-1]):
        return _ok(s[:-1], "repaired", f"“{text.strip()}”的百分号已去除")
    return ParsedNumber(None, None, "unreadable", f"“{text.strip()}”无法读成数字")


NUMBER_TOKEN = re.compile(r"\d[\d,，.．]*")


def number_tokens(text: str) -> list[str]:
    """Every run of digits (with separators) in a text, for capture audits."""
    return NUMBER_TOKEN.findall(text)
