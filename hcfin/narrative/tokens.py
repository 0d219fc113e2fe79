"""Numbers, units and blanks in running text.

A paragraph is scanned once for number tokens (digits with separators, a number split by a
space, and a blank where a number should stand), and each token reads its unit from the text
right after it. Values stay the printed digits (via :func:`hcfin.numbers.parse_number`); the
base-unit value is an exact Decimal, written as a plain string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from ..numbers import ParsedNumber, parse_number

# One character for one character, so positions in the working copy match the printed text.
WIDTH = str.maketrans("０１２３４５６７８９．％", "0123456789.%")
SPACE = "[ \u3000\u2002\u2003\u00a0]"
MONEY_OR_RATE = "(?:万亿元|亿元|万元|千元|元|%)"
# "933. 58万元", "933 .58万元", "12 493.6元": digits broken by a space, directly before a unit.
SPLIT = re.compile(rf"(?<![\d.,])\d+(?:{SPACE}+\.?{SPACE}*|\.{SPACE}+)\d+(?:\.\d+)?(?={SPACE}*{MONEY_OR_RATE})")
NUMBER = re.compile(r"(?<![\d.,])\d+(?:[.,]\d+)*")
# "公车交通补贴  万元", "预算为万元": a unit with no number in front of it.
BLANK = re.compile(rf"(?<=[\u4e00-\u9fff）]){SPACE}+(?={MONEY_OR_RATE})|(?<=为)(?={MONEY_OR_RATE})")
UNIT = re.compile(
    rf"{SPACE}*(万亿元|亿元|万元|千元|元|%|‰|万余人次|余人次|万人次|人次|万余人|余人|万人|人|名|万余家|余家|万家|家|"
    r"万户|户|个|辆|笔|条|批次|批|台（套）|台|套|件|万次|余次|次|场|份|期|张|分|小时|项|所|处|岁|倍|"
    r"季度|年|月|日|号|天)")

MONEY = {"元": 1, "千元": 1000, "万元": 10**4, "亿元": 10**8, "万亿元": 10**12}
BASE_OF = {"名": "人"}


@dataclass(frozen=True)
class Token:
    """A number (or a blank standing for one) in a paragraph's working text."""

    start: int
    end: int
    raw: str
    number: ParsedNumber
    kind: str  # "number" | "split" | "blank"


def working_text(text: str) -> str:
    """The text with full-width digits, points and percent signs made ASCII (same length)."""
    return text.translate(WIDTH)


def find_tokens(work: str) -> list[Token]:
    """Every number token and every blank-for-a-number in ``work``, in printed order."""
    tokens: list[Token] = []
    taken: list[tuple[int, int]] = []
    if " " in work or "\u3000" in work or "\u2002" in work or "\u00a0" in work:
        for m in SPLIT.finditer(work):
            tokens.append(Token(m.start(), m.end(), m.group(), parse_number(m.group()), "split"))
            taken.append((m.start(), m.end()))
    for m in BLANK.finditer(work):
        tokens.append(Token(m.start(), m.end(), "", ParsedNumber(None, None, "blank"), "blank"))
    presorted = not tokens
    for m in NUMBER.finditer(work):
        if taken and any(a <= m.start() < b for a, b in taken):
            continue
        tokens.append(Token(m.start(), m.end(), m.group(), parse_number(m.group()), "number"))
    if not presorted:
        tokens.sort(key=lambda t: t.start)
    return tokens


def read_unit(work: str, end: int) -> tuple[str | None, int]:
    """The unit printed right after position ``end`` and the position after it."""
    m = UNIT.match(work, end)
    return (m.group(1), m.end()) if m else (None, end)


def unit_class(unit: str | None) -> str:
    """"money", "percent" or "count" (anything counted: persons, units, items)."""
    if unit in MONEY:
        return "money"
    if unit in ("%", "‰"):
        return "percent"
    return "count"


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
    """The exact value in the base unit as a plain decimal string, and the base unit."""
    base, factor = base_unit(unit)
    if value is None:
        return None, base
    exact = Decimal(value) * factor
    text = format(exact.normalize(), "f") if exact else "0"
    return text, base
