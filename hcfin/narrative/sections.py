"""Where a paragraph sits: parts (第三部分), headings (十四、), nested headings, sub-headings (（二）).

The Hunan template numbers 第三部分's headings 一 to 十四 and then restarts at 一、 inside 十四
(the performance self-evaluation), so a Chinese-numbered heading that does not go forward is
read as nested under the current one: "第三部分 十四 二（二）".
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ..errors import Issue

DIGITS = "一二三四五六七八九"
PART = re.compile(r"^第([一二三四五六七八九十]+)部分")
TOP = re.compile(r"^([一二三四五六七八九十]+)、")
TOP_ARABIC = re.compile(r"^(\d+)、\s*([^，。；,]{2,30})$")
SUB = re.compile(r"^（([一二三四五六七八九十]+)）")


def cn_to_int(text: str) -> int:
    """一 -> 1, 十 -> 10, 十四 -> 14, 二十一 -> 21 (numbers below 100)."""
    if "十" not in text:
        return DIGITS.index(text) + 1
    tens, _, units = text.partition("十")
    return (DIGITS.index(tens) + 1 if tens else 1) * 10 + (DIGITS.index(units) + 1 if units else 0)


def int_to_cn(n: int) -> str:
    """1 -> 一, 10 -> 十, 14 -> 十四, 21 -> 二十一."""
    if n < 10:
        return DIGITS[n - 1]
    tens, units = divmod(n, 10)
    return ("" if tens == 1 else DIGITS[tens - 1]) + "十" + (DIGITS[units - 1] if units else "")


@dataclass
class SectionTracker:
    """Follows the headings of a document; ``label`` names the current section."""

    part: str | None = None
    top: int | None = None
    nested: int | None = None
    sub: int | None = None

    def feed(self, text: str, line: int, issues: list[Issue]) -> tuple[str | None, str]:
        """Update with one paragraph. Returns (heading kind or None, the heading's own words)."""
        m = PART.match(text)
        if m:
            self.part, self.top, self.nested, self.sub = f"第{m.group(1)}部分", None, None, None
            return "part", text[m.end():].strip()
        m = TOP.match(text)
        if m:
            self._top(cn_to_int(m.group(1)))
            return "top", text[m.end():].strip()
        m = TOP_ARABIC.match(text)
        if m and self.top is not None:
            n = int(m.group(1))
            current = self.nested if self.nested is not None else self.top
            if n == current + 1:
                issues.append(Issue("info", "heading_numbering",
                                    f"第{line}行标题编号“{m.group(1)}、”按“{int_to_cn(n)}、”读取（前一标题为"
                                    f"“{int_to_cn(current)}、”）", line=line, text=text))
                self._top(n)
                return "top", m.group(2).strip()
        m = SUB.match(text)
        if m and self.top is not None:
            self.sub = cn_to_int(m.group(1))
            return "sub", text[m.end():].strip()
        return None, text

    def _top(self, n: int) -> None:
        if self.nested is not None:
            self.nested = n
        elif self.top is not None and n <= self.top:
            self.nested = n
        else:
            self.top = n
        self.sub = None

    @property
    def label(self) -> str:
        """"第三部分 五（三）", "第三部分 十四 二（二）", "第一部分" (or "" before any part)."""
        words = [self.part] if self.part else []
        if self.top is not None:
            head = int_to_cn(self.top)
            if self.nested is not None:
                head += " " + int_to_cn(self.nested)
            if self.sub is not None:
                head += f"（{int_to_cn(self.sub)}）"
            words.append(head)
        return " ".join(words)
