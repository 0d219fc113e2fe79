"""Canonical keys for the columns and fixed rows of the nine tables, matched by words.

Each rule is (key, words that must all appear); the first match wins. Printed wording
varies between provinces, so the rules look for the words that carry the meaning.
"""

from __future__ import annotations

import re

from .layout import norm

MEASURE_RULES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "T02": (("total", ("合计",)), ("fiscal", ("财政拨款",)), ("superior_subsidy", ("上级补助",)),
            ("business", ("事业收入",)), ("operating", ("经营收入",)), ("subsidiary_remit", ("附属单位",)),
            ("other", ("其他收入",))),
    "T03": (("total", ("合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",)),
            ("remit_superior", ("上缴上级",)), ("operating", ("经营支出",)), ("subsidiary_subsidy", ("附属单位",))),
    # Yunnan prints 05 in 07's shape (年初结转和结余 | 本年收入 | 本年支出 … | 年末结转和结余)
    "T05": (("budget_initial", ("年初预算",)), ("budget_adjusted", ("调整",)), ("total", ("小计",)),
            ("total", ("合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",)), ("opening", ("年初结转",)),
            ("closing", ("年末",)), ("income", ("本年收入",))),
    "T07": (("opening", ("年初",)), ("closing", ("年末",)), ("income", ("本年收入",)), ("basic", ("基本支出",)),
            ("project", ("项目支出",)), ("expenditure_total", ("小计",)), ("expenditure_total", ("合计",)),
            ("expenditure_total", ("本年支出",))),
    # The seed's T08 has only 本年支出 columns; Shanghai's has T07's shape (年初 … 年末).
    "T08": (("opening", ("年初",)), ("closing", ("年末",)), ("income", ("本年收入",)), ("total", ("合计",)),
            ("total", ("小计",)), ("basic", ("基本支出",)), ("project", ("项目支出",))),
    "T04": (("total", ("合计",)), ("total", ("小计",)), ("gpb", ("一般公共预算",)), ("gf", ("政府性基金",)), ("soe", ("国有资本",))),
}

# A 三公 block header: 预算数 / 决算数 (also 全年预算数, 2024年决算数 …).
T09_BLOCK = re.compile(r"^(?:\d{4}年度?)?(?:全年|年初|调整后?|本年)?(预算|决算)(?:数|金额)?$")
# Rows and columns that count (vehicles, groups, visits) beside the 三公 amounts: never an amount.
T09_COUNTS = ("保有量", "批次", "人次", "人数", "团组", "购置数", "数量", "辆", "（个）", "（人）", "(个)", "(人)")
T09_ORDINAL = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|[（(][一二三四五六七八九十\d]+[)）]|\d+[、.．]|其中[:：]?)+")

def _first(rules, text: str) -> str | None:
    for key, words in rules:
        if all(word in text for word in words):
            return key
    return None


# A row of these under every amount column (the national template prints 决算数 under each)
# says what kind of figure the column holds, not which column it is.
AMOUNT_WORDS = frozenset({"决算数", "决算", "金额", "本年决算数", "决算金额", "本年数"})


def measure_key(table_id: str, path: list[str], side: str | None = None) -> str | None:
    """Canonical key of a column from its header path (top … leaf), or None if not recognised.

    A 决算数 / 金额 sub-header is skipped (outside 三公, where 预算数 / 决算数 name the block);
    a 预算数 sub-header is kept, so a budget column is never keyed as the outturn."""
    if table_id in ("T01", "T06") or (table_id == "T04" and side == "income"):
        # one amount column; a 年初预算数 printed beside the 决算数 (some provinces) is the budget
        return "budget" if any("预算" in p and "决算" not in p for p in path) else "amount"
    if table_id == "T09":
        return _t09_key(path)
    path = [p for p in path if norm(p) not in AMOUNT_WORDS] or list(path)
    leaf = path[-1] if path else ""
    rules = MEASURE_RULES.get(table_id)
    if rules is None:
        return None
    if table_id == "T07":
        return _first(rules, leaf) or _first(rules, "".join(path))
    return _first(rules, leaf)


def _t09_key(path: list[str]) -> str | None:
    """三公 columns: the block (预算数/决算数) may sit above the items (the seed) or under each
    item (Shanghai pairs 预算数 | 决算数 per item); the item is the deepest other header."""
    block = t09_block(path)
    named = [p for p in path if not T09_BLOCK.match(norm(p))]
    items = [p for p in named if "三公" not in p] or named  # 财政拨款“三公”经费 over the items names none
    if not block or not items:
        return None
    item = sangong_item(items)
    return f"{block}_{item}" if item else None


def sangong_item(parts: list[str]) -> str | None:
    """The 三公 item a column path (parent … leaf) or a row label names, or None (机关运行经费, a
    count of vehicles or visits, anything else)."""
    leaf = T09_ORDINAL.sub("", norm(parts[-1]))
    if not leaf or any(word in leaf for word in T09_COUNTS):
        return None
    parent = norm(parts[-2]) if len(parts) > 1 else ""
    if leaf in ("合计", "小计", "总计"):
        return "vehicle_total" if "公务用车" in parent else "total"
    if "三公" in leaf:
        return "total" if not any(w in leaf for w in ("出国", "车", "接待")) else None
    if "出国" in leaf:
        return "abroad"
    if "接待" in leaf:
        return "reception"
    if "车" in leaf or "公务用车" in parent:
        if "购置及运行" in leaf or "购置和运行" in leaf or leaf.rstrip("费") in ("公务用车", "公务用车购置及运行维护"):
            return "vehicle_total"
        if "购置" in leaf:
            return "vehicle_purchase"
        if "运行" in leaf or "维护" in leaf:
            return "vehicle_operation"
        return "vehicle_total" if "公务用车" in leaf else None
    return None


def has_t09_block(path: list[str]) -> bool:
    """A 三公 column path that says whether it holds the budget or the outturn."""
    return t09_block(path) is not None


def t09_block(path: list[str]) -> str | None:
    """"budget" or "actual": the deepest 预算数 / 决算数 header of a 三公 column path, else None."""
    matches = [T09_BLOCK.match(norm(p)) for p in path]
    found = [m for m in matches if m]
    return ("budget" if found[-1].group(1) == "预算" else "actual") if found else None


ROW_RULES = {
    ("T01", "income"): (("use_nonfiscal_surplus", ("非财政拨款结余",)), ("opening_balance", ("年初",)),
                        ("income_total", ("本年收入合计",)), ("grand_total", ("总计",)),
                        ("gpb_appropriation", ("一般公共预算",)), ("gf_appropriation", ("政府性基金",)),
                        ("soe_appropriation", ("国有资本",)), ("superior_subsidy", ("上级补助",)),
                        ("business", ("事业收入",)), ("operating", ("经营收入",)),
                        ("subsidiary_remit", ("附属单位",)), ("other", ("其他收入",))),
    ("T01", "expenditure"): (("expenditure_total", ("本年支出合计",)), ("surplus_distribution", ("结余分配",)),
                             ("closing_balance", ("年末",)), ("grand_total", ("总计",))),
    ("T04", "income"): (("income_total", ("本年收入合计",)), ("opening_balance", ("年初",)),
                        ("grand_total", ("总计",)), ("gpb_appropriation", ("一般公共预算",)),
                        ("gf_appropriation", ("政府性基金",)), ("soe_appropriation", ("国有资本",))),
    ("T04", "expenditure"): (("expenditure_total", ("本年支出合计",)), ("closing_balance", ("年末",)),
                             ("grand_total", ("总计",)), ("closing_gpb", ("一般公共预算",)),
                             ("closing_gf", ("政府性基金",)), ("closing_soe", ("国有资本",))),
}
FUND_SUFFIX = {"gpb_appropriation": "gpb", "gf_appropriation": "gf", "soe_appropriation": "soe",
               "closing_gpb": "gpb", "closing_gf": "gf", "closing_soe": "soe"}


def row_key(table_id: str, side: str, label: str, after_balance: bool) -> str | None:
    """Canonical key of a fixed row of T01/T04 (None for a 类 row).

    ``after_balance``: the row follows the 年初/年末 balance row, so a bare fund name
    ("一般公共预算财政拨款") is one of its sub-rows, not the appropriation row.
    """
    key = _first(ROW_RULES.get((table_id, side), ()), norm(label))
    if table_id == "T04" and key in FUND_SUFFIX and after_balance:
        prefix = "opening" if side == "income" else "closing"
        return f"{prefix}_{FUND_SUFFIX[key]}"
    if table_id == "T04" and side == "expenditure" and key in ("closing_gpb", "closing_gf", "closing_soe") \
            and not after_balance:
        return None
    return key
