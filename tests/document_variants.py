"""The document around the tables, restyled as other provinces print it (for :mod:`tests.layout_variants`).

Surveyed for issue 9 (the forms, in our own words and numbers):

* ``titles``: how the nine are titled and numbered, and which tables beyond the nine stand among them
  (they must be recognised and skipped, never read as a continuation or a duplicate of one of the nine):

  - ``national``: as the source prints them;
  - ``numbered`` (Hubei): 表1 … 表9, no 公开0X表 caption, 基本支出决算表 and 一般公共预算财政拨款“三公”经费支出决算表;
  - ``sichuan`` (单位决算, 13 tables): 一、… 十三、, with 财政拨款支出决算明细表, 一般公共预算财政拨款支出决算
    明细表, 一般公共预算财政拨款项目支出决算表 and 国有资本经营预算财政拨款收入支出决算表 (beside the 支出决算表);
  - ``yunnan``: 收入支出决算表, 财政拨款收入支出决算表, 一般公共预算财政拨款收入支出决算表, 国有资本经营预算财政
    拨款收入支出决算表, 财政拨款“三公”经费、行政参公单位机关运行经费情况表, then 一般公共预算财政拨款“三公”经费
    情况表 and 国有资产使用情况表 after the nine;
  - ``beijing``: 政府性基金预算财政拨款基本支出决算表 after 07, 政府采购情况表 and 政府购买服务决算公开情况表 at the end;

* ``captions_in_grid``: the title, 公开0X表 and 部门/单位 lines as the first rows of the grid (web pages and
  workbooks made from the spreadsheet);
* ``empty_note``: the 本表无数据 statement of an empty table reworded and printed in the grid's last row
  (``in_grid``), between the captions and the grid (``above``) or after the grid without 注/说明 (``bare``).
  Template residue printed with it ("（当表格数据为空时…）") stays a paragraph, so the residue rule sees
  the same text.

Every style states the same accounts, so the facts and findings must not change.
"""

from __future__ import annotations

import re

import pandas as pd

NOTE = re.compile(r"^\s*(注|说明|备注)")
NUMBER_CAPTION = re.compile(r"公开\s*0?\d+\s*表")
RESIDUE = re.compile(r"（当表格数据为空时[^）]*）")
ORDINALS = "一二三四五六七八九十"

# Tables beyond the nine: a header row and rows of our own numbers.
EXTRA_GRIDS = {
    "code": [["科目编码", "科目名称", "合计", "基本支出", "项目支出"],
             ["2080109", "社会保险经办机构", "31.40", "20.00", "11.40"],
             ["合计", "", "31.40", "20.00", "11.40"]],
    "sangong": [["项目", "预算数", "决算数"], ["合计", "4.50", "3.90"], ["公务接待费", "1.20", "1.10"]],
    "assets": [["项目", "数量", "金额"], ["车辆（辆）", "2", "36.80"], ["办公设备（台）", "14", "9.25"]],
    "purchase": [["采购类别", "采购预算", "实际采购金额"], ["货物", "6.00", "5.70"], ["服务", "3.10", "2.95"]],
}
TITLES = {
    "numbered": {"T06": "一般公共预算财政拨款基本支出决算表", "T09": "一般公共预算财政拨款“三公”经费支出决算表"},
    "sichuan": {},
    "yunnan": {"T01": "收入支出决算表", "T04": "财政拨款收入支出决算表", "T05": "一般公共预算财政拨款收入支出决算表",
               "T08": "国有资本经营预算财政拨款收入支出决算表",
               "T09": "财政拨款“三公”经费、行政参公单位机关运行经费情况表"},
    "beijing": {"T06": "一般公共预算财政拨款基本支出决算表"},
}
# (before which of the nine, or "end" after the last; title; grid)
EXTRAS = {
    "sichuan": [("T05", "财政拨款支出决算明细表", "code"), ("T06", "一般公共预算财政拨款支出决算明细表", "code"),
                ("T07", "一般公共预算财政拨款项目支出决算表", "code"),
                ("T08", "国有资本经营预算财政拨款收入支出决算表", "code")],
    "yunnan": [("T07", "一般公共预算财政拨款项目支出决算表", "code"),
               ("end", "一般公共预算财政拨款“三公”经费情况表", "sangong"), ("end", "国有资产使用情况表", "assets")],
    "beijing": [("T08", "政府性基金预算财政拨款基本支出决算表", "code"), ("end", "政府采购情况表", "purchase"),
                ("end", "政府购买服务决算公开情况表", "purchase")],
}
EMPTY_WORDINGS = ("本单位本年度无{fund}财政拨款收入，也无相应支出，故本表为空表。",
                  "注：本部门本年度没有{fund}财政拨款收支，此表无数据。",
                  "本表为空表（本单位不涉及{fund}财政拨款收支）。")
FUNDS = {"T07": "政府性基金预算", "T08": "国有资本经营预算"}


def paragraph_role(found, line: int) -> tuple[str, str] | None:
    """What a source paragraph is to the tables: ("title" | "caption" | "empty" | "after", table) or None.

    ``after``: a note printed after the table's grid (注：…, 说明：…)."""
    rows = sorted(found.itertuples(), key=lambda row: int(row.title_line))
    for index, row in enumerate(rows):
        title, first, last = int(row.title_line), int(row.first_line), int(row.last_line)
        if line == title:
            return ("title", row.table)
        if title < line < first:
            return ("caption", row.table)
        statement = row.empty_statement_line
        if not pd.isna(statement) and line == int(statement):
            return ("empty", row.table)
        following = int(rows[index + 1].title_line) if index + 1 < len(rows) else None
        if last < line and (following is None or line < following):
            return ("after", row.table)
    return None


def restyle(items: list, roles: list, variant) -> list:
    """The items (paragraphs and grids) with the document restyled as ``variant`` says (module docstring)."""
    from .layout_variants import Span

    style = variant.titles
    items, roles = list(items), list(roles)
    if style != "national":
        items, roles = _extras(items, roles, style, Span)
        items = _titles(items, roles, style)
    if variant.empty_note != "printed":
        items, roles = _empty_notes(items, roles, variant.empty_note, Span)
    if variant.captions_in_grid:
        items, roles = _captions_in_grid(items, roles, Span)
    return [item for item in items if not (isinstance(item, str) and not item.strip())]


def _extras(items, roles, style, Span):
    """Insert the tables beyond the nine before the title of their anchor (or after the last notes)."""
    from hcfin.tables.titles import core_title

    out, out_roles = [], []
    printed = {core_title(item) for item, role in zip(items, roles) if role and role[0] == "title"}
    pending = {anchor: [] for anchor, _, _ in EXTRAS.get(style, [])}
    for anchor, title, grid in EXTRAS.get(style, []):
        if core_title(title) not in printed:  # a source printing that title for one of the nine keeps it
            pending[anchor].append((title, grid))
    last = max((i for i, role in enumerate(roles) if role and role[0] == "grid"), default=len(items) - 1)
    while last + 1 < len(items) and roles[last + 1] and roles[last + 1][0] in ("after", "empty") \
            and NOTE.match(items[last + 1]):
        last += 1  # after the last table's notes

    def emit(extras):
        for title, grid in extras:
            out.extend([title, "单位：万元", [[Span(text) for text in row] for row in EXTRA_GRIDS[grid]]])
            out_roles.extend([("extra", None), None, ("extra_grid", None)])

    for index, (item, role) in enumerate(zip(items, roles)):
        if role and role[0] == "title" and role[1] in pending:
            emit(pending.pop(role[1]))
        out.append(item)
        out_roles.append(role)
        if index == last and "end" in pending:
            emit(pending.pop("end"))
    return out, out_roles


def _titles(items, roles, style) -> list:
    """Retitle and renumber the tables (the nine and those beyond)."""
    names = TITLES[style]
    out = list(items)
    number = 0
    for index, role in enumerate(roles):
        if not role or role[0] not in ("title", "extra", "caption"):
            continue
        if role[0] == "caption":
            if style == "numbered":
                out[index] = NUMBER_CAPTION.sub("", out[index])
            continue
        number += 1
        title = names.get(role[1]) or NUMBER_CAPTION.sub("", out[index]).strip() if role[0] == "title" else out[index]
        if style == "numbered":
            out[index] = f"表{number} {title}"
        elif style in ("sichuan", "yunnan"):
            out[index] = f"{_ordinal(number)}、{title}"
        else:
            out[index] = title
    return out


def _ordinal(n: int) -> str:
    if n <= 10:
        return ORDINALS[n - 1]
    return "十" + ORDINALS[n - 11]


def _empty_notes(items, roles, where, Span):
    """Reword each 本表无数据 statement and move it into the grid, above it, or after it bare."""
    out, out_roles = list(items), list(roles)
    moves = []
    for index, role in enumerate(roles):
        if not role or role[0] != "empty" or role[1] not in FUNDS:
            continue
        table = role[1]
        wording = EMPTY_WORDINGS[(list(FUNDS).index(table) + len(where)) % len(EMPTY_WORDINGS)]
        statement = wording.format(fund=FUNDS[table])
        if where == "bare":
            statement = NOTE.sub("", statement).lstrip("：:")
        residue = " ".join(RESIDUE.findall(items[index]))
        out[index] = residue  # "" when the source printed no residue (dropped below)
        moves.append((table, statement))
    for table, statement in moves:
        grids = [i for i, role in enumerate(out_roles) if role == ("grid", table)]
        if where == "in_grid":
            grid = out[grids[-1]]
            out[grids[-1]] = grid + [[Span(statement, len(grid[0]))] + [None] * (len(grid[0]) - 1)]
        elif where == "above":
            out.insert(grids[0], statement)
            out_roles.insert(grids[0], None)
        else:
            after = grids[-1] + 1
            while after < len(out) and out_roles[after] == ("after", table) and NOTE.match(out[after] or "x"):
                after += 1
            out.insert(after, statement)
            out_roles.insert(after, None)
    return out, out_roles


def _captions_in_grid(items, roles, Span):
    """Move each table's title and caption lines into the first rows of its first grid."""
    out, out_roles = [], []
    held: list[str] = []
    for item, role in zip(items, roles):
        if role and role[0] in ("title", "caption"):
            held += [text for text in (part.strip() for part in item.split("\t")) if text]
            continue
        if role and role[0] == "grid" and held:
            width = len(item[0])
            item = [[Span(text, width)] + [None] * (width - 1) for text in held] + item
            held = []
        elif held:  # not followed by its grid: keep the lines as printed
            out += held
            out_roles += [None] * len(held)
            held = []
        out.append(item)
        out_roles.append(role)
    return out, out_roles
