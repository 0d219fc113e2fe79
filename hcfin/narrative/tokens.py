"""Numbers, units and blanks in running text.

A paragraph is scanned once for number tokens (digits with separators, a number split by a
space, and a blank where a number should stand), and each token reads its unit from the text
right after it. Values stay the printed digits (via :func:`hcfin.numbers.parse_number`); the
base-unit value is an exact Decimal, written as a plain string.
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..numbers import parse_number

# One character for one character, so positions in the working copy match the printed text.
WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
SPACE = "[ \u3000\u2002\u2003\u00a0]"
MONEY_OR_RATE = "(?:万亿元|亿元|万元|千元|元|%)"
# "933. 58万元", "933 .58万元", "12 493.6元": digits broken by a space, directly before a unit.
SPLIT = re.compile(rf"(?<![\d.,])\d+(?:{SPACE}+\.?{SPACE}*|\.{SPACE}+)\d+(?:\.\d+)?(?={SPACE}*{MONEY_OR_RATE})")
NUMBER = re.compile(r"\d+(?:[.,]\d+)*")  # finditer runs left to right, so a match starts a digit run
FULLWIDTH_CHARS = re.compile("[０-９．％]")
WHITESPACE = re.compile(SPACE)
HINTS = re.compile(rf"{SPACE}|为(?:万|亿|元|千|%)")
# "公车交通补贴  万元", "预算为万元": a unit with no number in front of it.
BLANK = re.compile(rf"(?<=[\u4e00-\u9fff）]){SPACE}+(?={MONEY_OR_RATE})|(?<=为)(?={MONEY_OR_RATE})")
UNIT = re.compile(
    rf"{SPACE}*(万亿元|亿元|万元|千元|元|%|‰|万余人次|余人次|万人次|人次|万余人|余人|万人|人|名|万余家|余家|万家|家|"
    r"万户|户|个|辆|笔|条|批次|批|台（套）|台|套|件|万次|余次|次|场|份|期|张|分钟|分|小时|项|所|处|岁|倍|"
    r"季度|年|月|日|号|天|分钟)")

MONEY = {"元": 1, "千元": 1000, "万元": 10**4, "亿元": 10**8, "万亿元": 10**12}
BASE_OF = {"名": "人"}
CLASS_OF = {**{u: "money" for u in MONEY}, "%": "percent", "‰": "percent"}


class Token(NamedTuple):
    """A number (or a blank standing for one) in a paragraph's working text."""

    start: int
    end: int
    raw: str
    value: str | None  # the printed digits, normalised ("173.59" for "173,59"); None if blank
    decimals: int | None
    status: str  # "ok" | "repaired" | "blank" | "unreadable"
    note: str | None
    kind: str  # "number" | "split" | "blank"


def _parsed(start: int, end: int, raw: str, kind: str) -> Token:
    n = parse_number(raw)
    return Token(start, end, raw, n.value, n.decimals, n.status, n.note, kind)


def working_text(text: str) -> str:
    """The text with full-width digits, points and percent signs made ASCII (same length)."""
    return text.translate(WIDTH) if FULLWIDTH_CHARS.search(text) else text


def find_tokens(work: str) -> list[Token]:
    """Every number token and every blank-for-a-number in ``work``, in printed order."""
    tokens: list[Token] = []
    taken: list[tuple[int, int]] = []
    if HINTS.search(work):
        if WHITESPACE.search(work):
            for m in SPLIT.finditer(work):
                tokens.append(_parsed(m.start(), m.end(), m.group(), "split"))
                taken.append((m.start(), m.end()))
        for m in BLANK.finditer(work):
            tokens.append(Token(m.start(), m.end(), "", None, None, "blank", None, "blank"))
    presorted = not tokens
    for m in NUMBER.finditer(work):
        if taken and any(a <= m.start() < b for a, b in taken):
            continue
        raw = m.group()
        if "," in raw or raw.count(".") > 1:
            tokens.append(_parsed(m.start(), m.end(), raw, "number"))
        else:
            decimals = len(raw) - raw.index(".") - 1 if "." in raw else 0
            tokens.append(Token(m.start(), m.end(), raw, raw, decimals, "ok", None, "number"))
    if not presorted:
        tokens.sort(key=lambda t: t.start)
    return tokens


def read_unit(work: str, end: int) -> tuple[str | None, int]:
    """The unit printed right after position ``end`` and the position after it."""
    m = UNIT.match(work, end)
    return (m.group(1), m.end()) if m else (None, end)


def unit_class(unit: str | None) -> str:
    """"money", "percent" or "count" (anything counted: persons, units, items)."""
    return CLASS_OF.get(unit, "count")


def base_unit(unit: str) -> tuple[str, int]:
    """The base unit and the factor to reach it: 万元 -> (元, 10000), 万余人 -> (人, 10000)."""
    if unit in MONEY:
        return "元", MONEY[unit]
    if unit in ("%", "‰"):
        return unit, 1
    factor = 1
    name = unit
    if name.startswith("万") and len(name) > 1:
        factor, name = 10**4, name[1:]
    name = name.replace("余", "") or unit
    return BASE_OF.get(name, name), factor


def to_base(value: str | None, unit: str) -> tuple[str | None, str]:
    """The exact value in the base unit as a plain decimal string, and the base unit.

    The unit factors are powers of ten, so the decimal point is moved in the printed digits:
    exact, and no float ever touches the value ("933.58" 万元 -> "9335800" 元).
    """
    base, factor = base_unit(unit)
    if value is None:
        return None, base
    return shift(value, len(str(factor)) - 1), base


def shift(value: str, places: int) -> str:
    """``value`` × 10**places, normalised: no exponent, no trailing fraction zeros ("5.90" -> "5.9")."""
    sign = "-" if value.startswith("-") else ""
    whole, _, fraction = value.lstrip("+-").partition(".")
    fraction = fraction.ljust(places, "0")
    whole, fraction = (whole + fraction[:places]).lstrip("0") or "0", fraction[places:].rstrip("0")
    text = f"{whole}.{fraction}" if fraction else whole
    return "0" if text == "0" else sign + text
