"""Canonical keys for the columns and fixed rows of the nine tables, matched by words.

Each rule is (key, words that must all appear); the first match wins. Printed wording
varies between provinces, so the rules look for the words that carry the meaning.
"""

from __future__ import annotations

from .layout import norm

MEASURE_RULES: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "T02": (("total", ("合计",)), ("fiscal", ("财政拨款",)), ("superior_subsidy", ("上级补助",)),
            ("business", ("事业收入",)), ("operating", ("经营收入",)), ("subsidiary_remit", ("附属单位",)),
            ("other", ("其他收入",))),
    "T03": (("total", ("合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",)),
            ("remit_superior", ("上缴上级",)), ("operating", ("经营支出",)), ("subsidiary_subsidy", ("附属单位",))),
    "T05": (("budget_initial", ("年初预算",)), ("budget_adjusted", ("调整",)), ("total", ("小计",)),
            ("total", ("合计",)), ("basic", ("基本支出",)), ("project", ("项目支出",))),
    "T07": (("opening", ("年初",)), ("closing", ("年末",)), ("income", ("本年收入",)), ("basic", ("基本支出",)),
            ("project", ("项目支出",)), ("expenditure_total", ("小计",)), ("expenditure_total", ("合计",)),
            ("expenditure_total", ("本年支出",))),
    # The seed's T08 has only 本年支出 columns; Shanghai's has T07's shape (年初 … 年末).
    "T08": (("opening", ("年初",)), ("closing", ("年末",)), ("income", ("本年收入",)), ("total", ("合计",)),
            ("total", ("小计",)), ("basic", ("基本支出",)), ("project", ("项目支出",))),
    "T04": (("total", ("合计",)), ("gpb", ("一般公共预算",)), ("gf", ("政府性基金",)), ("soe", ("国有资本",))),
}

# 财政局 prints 公务用车购置及运行费 / 公务用车运行费 for the seed's …运行维护费.
T09_ITEMS = (("vehicle_total", ("购置及运行",)), ("vehicle_total", ("购置和运行",)), ("vehicle_purchase", ("购置费",)),
             ("vehicle_operation", ("运行",)), ("vehicle_total", ("公务用车",)), ("abroad", ("出国",)),
             ("reception", ("接待",)), ("total", ("合计",)))


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
        return "amount"
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
    blocks = [p for p in path if "预算" in p or "决算" in p]
    block = ("budget" if "预算" in blocks[-1] else "actual") if blocks else None
    items = [p for p in path if p not in blocks and "三公" not in p]
    if not block or not items:
        return None
    leaf = items[-1]
    if leaf in ("小计", "合计") and len(items) > 1 and "公务用车" in items[-2]:
        item = "vehicle_total"
    else:
        item = _first(T09_ITEMS, leaf)
    return f"{block}_{item}" if item else None


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
