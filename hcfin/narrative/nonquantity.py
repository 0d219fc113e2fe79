"""Numbers in the text that are not quantities: dates, years, document and list numbers, codes.

:func:`reason_not_quantity` names why a number is not a quantity, or returns None. The rules
look only at the characters around the token, so they are cheap and order-independent except
where noted (a document number's year is a document number, not a year).
"""

from __future__ import annotations

import re

YEAR_DIGITS = re.compile(r"(?:19|20)\d\d")
YEAR_AFTER = re.compile(r"(?:年|[至—\-–~到]\s*(?:19|20)\d\d)")
DATE_AFTER = re.compile(r"\s*(?:[—\-–~至到]\s*\d{1,2}\s*(?:月|日))")
DOC_AFTER = re.compile(r"[〕］\]]\s*\d+\s*号")
DOC_BEFORE = re.compile(r"[〔［\[]$")
DOC_NUMBER_BEFORE = re.compile(r"[〕］\]]\s*$")
LIST_AFTER = re.compile(r"“?[.．、)）](?!\d)")
LIST_BEFORE = re.compile(r"(?:^|[：:。；;]|注[：:]?)\s*[（(]?$")
THRESHOLD_AFTER = re.compile(r"(?:（含）|\(含\))?(?:以上|以下|及以上|及以下|以内|以外)")
QUOTE_SPAN = 20
NAME_AFTER_UNIT = re.compile(r"(?:应急|值守|服务|热线|在线)")
HEADING_MAX = 40
# Units after which a number may still be a year, date, document number or age.
NOT_FAST = frozenset({"年", "月", "日", "号", "季度", "岁"})


def in_quotes(work: str, start: int) -> bool:
    """The number sits inside a short quoted name: “411”, “15分钟社区生活圈”."""
    opening = work.rfind("“", max(0, start - QUOTE_SPAN), start)
    if opening < 0 or "”" in work[opening:start]:
        return False
    closing = work.find("”", start, start + QUOTE_SPAN)
    return closing >= 0


def is_heading(text: str) -> bool:
    """A short paragraph without a comma: a heading, so its leading number is a section number."""
    return len(text) <= HEADING_MAX and "，" not in text and "," not in text


def reason_not_quantity(work: str, start: int, end: int, unit: str | None, unit_end: int,
                        heading: bool) -> str | None:
    """Why the number at ``work[start:end]`` is not a quantity, or None if it may be one.

    Args:
        work: the paragraph's working text.
        start, end: the token's span.
        unit: the unit read right after it (None if none).
        unit_end: the position after the unit.
        heading: the paragraph is a heading.
    """
    if unit is not None and unit not in NOT_FAST:
        if THRESHOLD_AFTER.match(work, unit_end):
            return "threshold"
        if unit == "小时" and NAME_AFTER_UNIT.match(work, unit_end) or in_quotes(work, start):
            return "name"
        return None
    digits = work[start:end]
    before = work[max(0, start - 12):start]
    after = work[end:end + 12]
    if before.endswith("公开") and after.startswith("表") or before.endswith("第") and after.startswith("部分"):
        return "table_number"
    if DOC_BEFORE.search(before) and DOC_AFTER.match(after) or unit == "号" and DOC_NUMBER_BEFORE.search(before):
        return "document_number"
    if len(digits) == 4 and YEAR_DIGITS.fullmatch(digits) and (unit == "年" or YEAR_AFTER.match(after)):
        return "year"
    if unit in ("月", "日", "号", "季度") or DATE_AFTER.match(after) and unit is None:
        return "date"
    if unit is None and LIST_AFTER.match(after) and LIST_BEFORE.search(before):
        return "section_number" if heading and start <= 1 else "list_number"
    if in_quotes(work, start) or unit == "小时" and NAME_AFTER_UNIT.match(work, unit_end):
        return "name"
    if unit is not None and THRESHOLD_AFTER.match(work, unit_end):
        return "threshold"
    if unit == "岁":
        return "age"
    if unit is None and len(digits) in (3, 5, 7) and digits.isdigit():
        return "code"
    return None
