"""Whether a budget line and a table line cover the same spending (budget execution by scope).

A 情况说明 often lists the 年初预算 of 基本支出 item by item (“基本工资186.86万元、…、工会经费62.41万元、
其他商品和服务支出38.96万元”). A residual line such as 其他商品和服务支出 then covers every 款 of its
class that the list does not name (办公费, 邮电费, 差旅费 …), while the 公开06表 row of the same name
(30299) is one 款 alone. Dividing one by the other gives a false rate (the seed: 8.47 ÷ 38.96 =
21.74 %). :func:`residual_scope` says when that is the case, and what the class holds instead.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from hcfin.classification import name_key

from ._common import dec, esc, facts_of
from .text import fmt_num

__all__ = ["RESIDUAL_PREFIX", "residual_scope"]

#: Economic 款 whose name starts with this are residual categories ("其他…").
RESIDUAL_PREFIX = "其他"


def residual_scope(d, code: str, named: set[str]) -> str | None:
    """A note when the 公开06表 row ``code`` is narrower than a budget line of the same name.

    Args:
        d: the disclosure.
        code: the 5-digit economic code the budget line was matched to by name.
        named: name keys (:func:`hcfin.classification.name_key`) of every budget line listed
            beside it (same section).

    Returns:
        None when the row is not a residual 款 (“其他…”) or every other 款 of its class printed
        with an amount is itself named in the budget list (then the scopes agree). Otherwise a
        Chinese note (Markdown-escaped) naming the un-named 款 with their amounts and the class total.
    """
    t06 = facts_of(d, "T06")
    t06 = t06[t06["code"].notna() & (t06["measure_key"] == "amount")]
    row = t06[t06["code"] == code]
    if row.empty or not str(row.iloc[0]["label"]).startswith(RESIDUAL_PREFIX):
        return None
    klass = code[:3]
    siblings = t06[(t06["code"].str.len() == 5) & t06["code"].str.startswith(klass) & (t06["code"] != code)]
    unnamed = [(r.code, r.label, dec(r.value)) for r in siblings.itertuples()
               if dec(r.value) and name_key(str(r.label)) not in named]
    if not unnamed:
        return None
    head = t06[t06["code"] == klass]
    label = str(row.iloc[0]["label"])
    parts = "、".join(f"{esc(name)}{fmt_num(value)}万元" for _, name, value in unnamed)
    note = (f"口径不同：预算清单中的“{esc(label)}”是分项预算之外的剩余项，通常包含{klass}类中没有按名称单列预算的各款，"
            f"而公开06表{code}只是其中一款。{klass}类中没有按名称单列预算、印有金额的款还有：{parts}")
    rest = sum((value for _, _, value in unnamed), Decimal(0)) + (dec(row.iloc[0]["value"]) or Decimal(0))
    note += f"（连同{code}合计{fmt_num(rest)}万元"
    if not head.empty and dec(head.iloc[0]["value"]) is not None:
        note += f"；{klass}类合计{fmt_num(dec(head.iloc[0]['value']))}万元"
    return note + "）。两者口径不一致，不计算完成率。"


def named_keys(budgets: pd.DataFrame) -> set[str]:
    """Name keys of the subjects of a frame of budget statements."""
    return {name_key(str(s)) for s in budgets["subject"]}
