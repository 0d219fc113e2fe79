"""The reasons a disclosure itself gives for its numbers, quoted as printed.

情况说明 sentences such as “决算数大于年初预算数的主要原因是：人员增加，新招录5名公务员。” (a budget
reason) or “与上年相比，增加32.19万元，增长3.57%，主要是因为工作需要追加了部分工作经费。” (a
year-on-year reason). Reasons are found in the paragraph holding a statement's source line; a
reason left for the next paragraph (“主要原因：” at a paragraph's end) is taken from there.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["budget_reason", "paragraph_at", "reason_at", "yoy_reason"]

#: Words that introduce a stated reason, longest first.
_INTRO = r"(?:主要原因(?:是|为)?|主要是因为|主要是由于|主要由于|原因(?:是|为))"
_SENTENCES = re.compile(r"[^。]*。?")


def paragraph_at(d, line: int | None) -> tuple[int, str] | None:
    """(index, text) of the document paragraph holding source ``line`` (the last one starting at
    or before it); None when the disclosure has no document or no paragraph there."""
    document = getattr(d, "document", None)
    if document is None or line is None:
        return None
    paragraphs = document.paragraphs
    index = bisect_right([p.line for p in paragraphs], line) - 1
    return (index, paragraphs[index].text) if index >= 0 else None


def _after_intro(sentence: str) -> str | None:
    found = re.search(_INTRO + r"\s*[：:，,]?\s*(.*)", sentence)
    if not found:
        return None
    return found.group(1).strip()


def budget_reason(paragraph: str) -> str | None:
    """The reason a paragraph gives for 决算 differing from the budget, as printed.

    Looks for a sentence naming 原因 and 预算, not the year-on-year “决算数大于上年数的主要原因…”.

    Returns:
        The words after “原因（是）：”, ending with “。”; None when the paragraph states none.
    """
    for sentence in _SENTENCES.findall(paragraph or ""):
        if "原因" not in sentence or "预算" not in sentence or "上年" in sentence:
            continue
        reason = _after_intro(sentence)
        if reason is not None and (reason.strip("。 ") or not sentence.endswith("。")):
            return reason if reason.strip("。 ") else ""
    return None


def yoy_reason(paragraph: str) -> str | None:
    """The reason a paragraph gives for a change against the previous year, as printed.

    A sentence naming 上年 (or a year-on-year change: 增加/减少/增长/下降 with no 预算) and a reason
    word; “决算数小于预算数的主要原因…” is a budget reason and is skipped.

    Returns:
        The reason's words ending with “。”, "" when the sentence ends right after “主要原因：”
        (the reason follows in the next paragraph), None when the paragraph states none.
    """
    for sentence in _SENTENCES.findall(paragraph or ""):
        if not re.search(_INTRO, sentence) or ("预算" in sentence and "上年" not in sentence):
            continue
        reason = _after_intro(sentence)
        if reason is not None:
            return reason
    return None


def reason_at(d, line: int | None, kind: str = "yoy") -> str | None:
    """The reason stated in the paragraph holding ``line`` (``kind`` "yoy" or "budget"); a reason
    announced at the end of that paragraph is read from the next one. None when none is stated."""
    found = paragraph_at(d, line)
    if found is None:
        return None
    index, text = found
    reason = (yoy_reason if kind == "yoy" else budget_reason)(text)
    if reason == "":
        paragraphs = d.document.paragraphs
        if index + 1 < len(paragraphs):
            follow = paragraphs[index + 1].text.strip()
            return follow if follow and not re.match(r"^[一二三四五六七八九十]+、", follow) else None
        return None
    return reason or None
