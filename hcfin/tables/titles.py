"""What a table title names: one of the nine standard tables, another table, or no table at all.

Provinces number, word and extend the nine tables differently (surveyed for issue 9):

* numbering: 公开01表 (Hunan, Gansu), 表1 … 表9 (Hubei, 表7 = 三公), 一、… 十三、 (Sichuan 单位决算),
  《…》 in a list (Xinjiang), 附表1, or none; the unit's name and the year may lead the title;
* wording of the nine: 收入支出决算表 for 收入支出决算总表 (Yunnan), 收入决算总表 / 支出决算总表
  (Shaanxi), 财政拨款收入支出决算表 (Yunnan), 一般公共预算财政拨款收入支出决算表 (Yunnan 05),
  一般公共预算财政拨款基本支出决算表 (Beijing, Hubei) or …决算明细表 (Hunan), 国有资本经营预算财政拨款收入支出
  决算表 (Yunnan, Sichuan), 一般公共预算财政拨款“三公”经费支出决算表 (Hubei 表7, Guangdong), 三公 with
  会议费、培训费 (Shaanxi, Jiangsu), 财政拨款“三公”经费、行政参公单位机关运行经费情况表 (Yunnan);
* tables beyond the nine, which must not be taken for one of them: 财政拨款支出决算明细表,
  一般公共预算财政拨款支出决算明细表, 一般公共预算财政拨款项目支出决算表, 国有资本经营预算财政拨款收入支出决算表
  beside the 支出决算表 (Sichuan), 政府性基金预算财政拨款基本支出决算表, 政府采购情况表, 政府购买服务决算公开
  情况表 (Beijing), 国有资产占用（使用）情况表 (Jiangxi, Yunnan), 项目支出绩效自评表, 项目收入支出决算表,
  财政专户管理资金收入支出决算表 (Xinjiang).

A title is read by its meaning: the fund scope it names (财政拨款, 一般公共预算, 政府性基金, 国有资本经营,
三公) and what it reports (收入, 支出, 收入支出, 基本支出 …), never by its number. Each reading has a *rank*:
1 for the national wording, higher for a variant; where two tables of a document read as the same
one, the better rank is taken and the other is a table beyond the nine (:mod:`.recognize`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_CAPTION = re.compile(r"公开\s*0?\d+\s*表")
# Numbering before a title: 表1、附表 3：、表一、附件1-2、一、（一）、1.、(1) … (an ordinal needs its
# separator or brackets: 一般公共预算 starts with 一).
ORDINAL = "[一二三四五六七八九十]+"
LEADING_NUMBER = re.compile(rf"^(?:附件\d+(?:[-－—]\d+)?[、.．:：]?|附?表(?:\d+|{ORDINAL})(?:[-－—]\d+)?[、.．:：]?"
                            rf"|{ORDINAL}[、.．]|[（(](?:{ORDINAL}|\d{{1,2}})[)）][、.．]?|\d{{1,2}}[、.．](?!\d))")
# 单位：万元, 金额单位：元, 部门：XX局, 编制单位：XX printed on the title's line
CAPTION = re.compile(r"[（(]?(?:编制单位|单位名称|部门|(?:金额)?单位)\s*[:：]\s*[^\s（）()]*[)）]?")
YEAR = re.compile(r"[（(]?\d{4}\s*年度?[）)]?")
QUOTES = re.compile(r"[“”\"‘’'「」《》〈〉]")
TRAILING_QUALIFIER = re.compile(r"[（(][^（()）]{1,20}[）)]$")
SENTENCE_PUNCTUATION = re.compile(r"[，。；！？,;!?]")
CONTINUED = re.compile(r"[（(]?续(?:表)?[)）]?$|续表")
MAX_TITLE_CHARS = 80
MAX_LINE_CHARS = 160  # a title with its captions on one line
# "第二部分 XX局2024年度部门决算表": the heading of the part holding the tables, not a table.
PART_HEADING = re.compile(r"(?:^|部分|部门|单位)决算(?:报)?表$")
# A table title about money or assets (a title without any of these is not a disclosure table).
SUBJECT_WORDS = ("决算", "预算", "经费", "收入", "支出", "收支", "资产", "采购", "购买服务", "绩效", "情况")
# Subjects of tables beyond the nine (a title without a fund scope that names one of these).
OTHER_SUBJECTS = ("采购", "购买服务", "资产", "绩效", "专户", "基本建设", "行政事业类", "人员", "机构", "项目")


@dataclass(frozen=True)
class TitleReading:
    """What a title names: ``table_id`` one of T01..T09, or None for a table beyond the nine."""

    table_id: str | None
    rank: int
    core: str  # the title without numbering, year, quotes and spaces
    continued: bool = False  # "（续表）": the rest of a table printed before


def core_title(text: str) -> str:
    """The title without its 公开0X表 / 表N numbering, the captions sharing its line (单位：万元,
    部门：…), the year, quotes and spaces."""
    title = QUOTES.sub("", "".join(CAPTION.sub(" ", NUMBER_CAPTION.sub("", text)).split()))
    for _ in range(3):  # "附件1：表3 …"
        match = LEADING_NUMBER.match(title)
        if not match or match.end() >= len(title):
            break
        title = title[match.end():]
    return YEAR.sub("", title)


def read_title(text: str) -> TitleReading | None:
    """Read a paragraph as a table title (None: it is not one; see the module docstring)."""
    if "表" not in text or len(text) > MAX_LINE_CHARS or SENTENCE_PUNCTUATION.search(text):
        return None  # most paragraphs: sentences of the 情况说明
    title = core_title(text)
    if not title or len(title) > MAX_TITLE_CHARS or SENTENCE_PUNCTUATION.search(title):
        return None
    continued = bool(CONTINUED.search(title))
    if continued:
        title = CONTINUED.sub("", title)
    while TRAILING_QUALIFIER.search(title) and not title.endswith("表"):
        title = TRAILING_QUALIFIER.sub("", title)
    title = title.rstrip("）)")
    if not title.endswith("表") or not any(word in title for word in SUBJECT_WORDS) or PART_HEADING.search(title):
        return None
    table_id, rank = _nine(title)
    return TitleReading(table_id, rank, title, continued)


def classify_title(text: str) -> str | None:
    """The canonical id (T01..T09) a title names, or None (not a title, or a table beyond the nine)."""
    reading = read_title(text)
    return reading.table_id if reading else None


def _nine(t: str) -> tuple[str | None, int]:
    """(table id, rank) of a core title; (None, 0) for a table beyond the nine."""
    detail = "明细" in t
    if "三公" in t:
        if "决算" not in t and "情况" not in t:
            return None, 0  # a budget table
        # 财政拨款“三公”经费支出决算表 1; 一般公共预算 scope or 会议费/培训费 beside 三公 2;
        # a 情况表 (Yunnan, with 机关运行经费 or counts) 3 or 4
        narrower = any(word in t for word in ("一般公共预算", "机关运行", "会议", "培训"))
        return "T09", (1 if "决算" in t else 3) + narrower
    if "决算" not in t or "机关运行" in t:
        return None, 0
    if "政府性基金" in t:
        if detail or "基本支出" in t or "项目支出" in t:
            return None, 0
        return ("T07", 1) if ("收入支出" in t or "收支" in t) else ("T07", 2)
    if "国有资本" in t:
        if detail or "基本支出" in t or "项目支出" in t or "收益" in t:
            return None, 0
        return ("T08", 2) if ("收入支出" in t or "收支" in t) else ("T08", 1)
    if "基本支出" in t:
        if "项目" in t:
            return None, 0
        if "一般公共预算" in t:
            return "T06", 1
        return ("T06", 2) if "财政拨款" in t else (None, 0)
    if "一般公共预算" in t:
        if detail or "项目" in t or not t.endswith("支出决算表"):
            return None, 0
        return ("T05", 2) if ("收入支出" in t or "收支" in t) else ("T05", 1)
    if "财政拨款" in t:
        if detail or "项目" in t:
            return None, 0
        if t.endswith(("收入支出决算总表", "收支决算总表")):
            return "T04", 1
        return ("T04", 2) if t.endswith(("收入支出决算表", "收支决算表")) else (None, 0)
    if detail or any(word in t for word in OTHER_SUBJECTS):
        return None, 0
    if t.endswith(("收入支出决算总表", "收支决算总表")):
        return "T01", 1
    if t.endswith(("收入支出决算表", "收支决算表")):
        return "T01", 2
    if t.endswith(("收入决算表", "收入决算总表")):
        return "T02", 1
    if t.endswith(("支出决算表", "支出决算总表")):
        return "T03", 1
    return None, 0
