"""Where a paragraph sits: parts (第三部分), headings (十四、), nested headings, sub-headings (（二）).

The Hunan template numbers 第三部分's headings 一 to 十四 and then restarts at 一、 inside 十四
(the performance self-evaluation), so a Chinese-numbered heading that does not go forward is
read as nested under the current one: "第三部分 十四 二（二）".

Numbers differ between provinces (Hunan: 十 机关运行经费, 十二 政府采购, 十三 国有资产; Shanghai:
十一（一）–（三） under 其他重要事项), so every paragraph also gets a *topic*: what its heading says
(:data:`TOPICS`), whatever its number. A heading whose words name no topic keeps its parent's; the
headings inside 绩效 (Hunan's nested 一、二、… with 基本支出, 资产管理 …) stay 绩效; a container heading
(其他重要事项) lets its sub-headings name their own.
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
# "(一)机关运行经费支出情况": half-width brackets, read as a sub-heading only on a short line without a comma
# (文旅局 lists its duties as "(一)贯彻执行…，…").
SUB_HALF = re.compile(r"^\(([一二三四五六七八九十]+)\)(?=[^，,]{2,40}$)")

# (pattern searched in a heading's words, topic), first match wins; rules select sections by topic.
TOPICS = tuple((re.compile(p), t) for p, t in (
    (r"三公", "三公经费"),
    (r"机关运行经费", "机关运行经费"),
    (r"会议费|培训费|一般性支出", "会议费和培训费"),
    (r"政府采购", "政府采购"),
    (r"国有资产|资产占[用有]", "国有资产"),
    (r"绩效", "绩效"),
    (r"政府性基金", "政府性基金"),
    (r"国有资本经营", "国有资本经营"),
    (r"基本支出", "基本支出"),
    (r"一般公共预算.*总体", "一般公共预算支出总体"),
    (r"一般公共预算.*结构", "一般公共预算支出结构"),
    (r"一般公共预算.*具体", "一般公共预算支出具体"),
    (r"一般公共预算", "一般公共预算支出"),
    (r"财政拨款收入?支出?.*总", "财政拨款收支总体"),
    (r"收入?支出?决算总体|收支总体|收入支出总体", "收支总体"),
    (r"收入决算|收入情况", "收入"),
    (r"支出决算|支出情况", "支出"),
    (r"其他重要事项", "其他重要事项"),
    (r"名词解释", "名词解释"),
))
CLOSED = frozenset({"绩效"})  # headings inside keep this topic
CONTAINERS = frozenset({"其他重要事项"})  # headings inside name their own topics
# "1.机关运行经费支出情况" under 其他重要事项: a short numbered line naming a topic (the numbering is not a
# section of its own, so the label stays; only the topic changes).
MINOR = re.compile(r"^\d+[、.．]\s*([^，。；,;：:\d]{2,30}?)[。：:]?$")


def topic_of(words: str) -> str | None:
    """The topic a heading's words name ("机关运行经费支出情况" -> 机关运行经费), or None."""
    for pattern, topic in TOPICS:
        if pattern.search(words):
            return topic
    return None


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
    topics: tuple[str, str, str] = ("", "", "")  # of the top, nested and sub heading
    topic: str = ""  # what the current section is about (:data:`TOPICS`), "" outside any named one

    def feed(self, text: str, line: int, issues: list[Issue]) -> tuple[str | None, str]:
        """Update with one paragraph. Returns (heading kind or None, the heading's own words)."""
        m = PART.match(text)
        if m:
            self.part, self.top, self.nested, self.sub = f"第{m.group(1)}部分", None, None, None
            self.topics, self.topic = ("", "", ""), ""
            return "part", text[m.end():].strip()
        m = TOP.match(text)
        if m:
            self._top(cn_to_int(m.group(1)))
            words = text[m.end():].strip()
            self._topic(1 if self.nested is not None else 0, words)
            return "top", words
        m = TOP_ARABIC.match(text)
        if m and self.top is not None:
            n = int(m.group(1))
            current = self.nested if self.nested is not None else self.top
            if n == current + 1:
                issues.append(Issue("info", "heading_numbering",
                                    f"第{line}行标题编号“{m.group(1)}、”按“{int_to_cn(n)}、”读取（前一标题为"
                                    f"“{int_to_cn(current)}、”）", line=line, text=text))
                self._top(n)
                self._topic(1 if self.nested is not None else 0, m.group(2))
                return "top", m.group(2).strip()
        m = SUB.match(text) or SUB_HALF.match(text)
        if m and self.top is not None:
            self.sub = cn_to_int(m.group(1))
            words = text[m.end():].strip()
            self._topic(2, words)
            return "sub", words
        m = MINOR.match(text) if text[:1].isdigit() and self.top is not None else None
        if m and next((t for t in reversed(self.topics[:2]) if t), "") in CONTAINERS:
            own = topic_of(m.group(1))
            if own:
                self.topics = (self.topics[0], self.topics[1], own)
                self.topic = own
        return None, text

    def _topic(self, level: int, words: str) -> None:
        """Set the topic of the heading at ``level`` (0 top, 1 nested, 2 sub); deeper ones are cleared."""
        parent = next((t for t in reversed(self.topics[:level]) if t), "")
        own = None if parent in CLOSED else topic_of(words)
        topics = list(self.topics[:level]) + [own or parent] + [""] * (2 - level)
        self.topics = (topics[0], topics[1], topics[2])
        self.topic = next((t for t in reversed(self.topics) if t), "")

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
