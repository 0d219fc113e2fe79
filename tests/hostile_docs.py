"""A disclosure whose every free-text field carries markup, Markdown and math: the seed rewritten.

Each payload calls ``alert`` with its own tag, so a browser test can say which field ran script,
and is raw HTML a Markdown renderer passes through (CommonMark: quoted attribute values).
The document prints no 公开0X number, so the reports name tables by their (hostile) printed titles.
"""

from __future__ import annotations

import re

#: One payload per field a document can carry; the tag says which field it sits in.
PAYLOADS = {
    "unit": "<script>alert('unit')</script>'$$",  # a unit name has no spaces
    "title": "<img src=x onerror=\"alert('title')\">",  # a title is at most 60 characters
    "row": "<svg onload=\"alert('row')\">$$*a*",
    "reason": "\"><img src=x onerror=\"alert('reason')\">[链接](javascript:alert('reasonlink'))",
    "statement": "</td></table><iframe srcdoc=\"<script>parent.alert('empty')</script>\"></iframe>`x`",
    "heading": "<details open ontoggle=\"alert('heading')\">#_$",
    "clause": "<body onload=\"alert('clause')\">\\begin{x}",
    "manifest": "<img src=x onerror=\"alert('manifest')\">$$\"'",
}

SEED_UNIT = "怀化市养老和工伤保险服务中心"
#: The unit name as the hostile document prints it.
UNIT = "怀化市养老" + PAYLOADS["unit"] + "服务中心"
#: The unit's name in the manifest (a folder name: no ``/``), shown on the index page.
MANIFEST_UNIT = "怀化市" + PAYLOADS["manifest"]

TITLES = ("收入支出决算总表", "收入决算表", "支出决算表", "财政拨款收入支出决算总表", "一般公共预算财政拨款支出决算表",
          "一般公共预算财政拨款基本支出决算明细表", "政府性基金预算财政拨款收入支出决算表",
          "国有资本经营预算财政拨款支出决算表", "财政拨款“三公”经费支出决算表")


def hostile_seed(seed: str) -> str:
    """The seed text with a payload in its unit name, table titles, a row label, the stated reasons,
    an empty table's "本表无数据" statement, a section heading and a narrative clause; no table
    numbers printed."""
    lines = seed.split("\n")
    for number, line in enumerate(lines):
        bare = re.sub(r"^(\[bookmark: [^\]]*\])+", "", line).strip()
        if bare in TITLES:
            lines[number] = line.replace(bare, PAYLOADS["title"] + bare)  # a title ends in 表
    text = "\n".join(lines)
    text = re.sub(r"公开0[1-9]表", "", text)
    edits = [
        (SEED_UNIT, UNIT),
        ("\t行政运行", "\t行政运行" + PAYLOADS["row"]),
        ("人员增加，新招录5名公务员。", "人员增加" + PAYLOADS["reason"] + "，新招录5名公务员。"),
        ("故本表无数据。", "故本表无数据" + PAYLOADS["statement"] + "。"),
        ("六、一般公共预算财政拨款基本支出决算情况说明", "六、一般公共预算财政拨款基本支出决算情况说明" + PAYLOADS["heading"]),
        ("主要原因是：中心新招录5名公务员", "主要原因是：中心" + PAYLOADS["clause"] + "新招录5名公务员"),
    ]
    for old, new in edits:
        assert old in text, old
        text = text.replace(old, new)
    return text
