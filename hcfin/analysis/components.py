"""Fund income and expenditure against their printed components, judged by rounding intervals."""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ._common import esc, lines_text
from .funds import _WAN, _base_and_half, _plain, schemes
from .text import fmt_num

__all__ = ["COMPONENTS", "describe_components", "fund_components"]


#: Components of fund income and expenditure as the narratives name them.
COMPONENTS = {
    "基金收入": ("缴费收入", "财政补贴收入", "利息收入", "转移收入", "集体补助收入", "其他收入"),
    "基金支出": ("待遇支出", "转移支出", "其他支出"),
}


def fund_components(d) -> pd.DataFrame:
    """Per scheme and side, the printed components against the printed total, judged by intervals.

    Each printed figure stands for ± half a unit of its last decimal (0.005亿元 = 50万元 for
    ``24.30亿元``). ``verdict``: 相等 / 尾差 (within the summed half units) / 构成项不全 (the
    components fall short: the text lists only some, e.g. "其中利息收入") / 不符 (they exceed).
    Only schemes with at least two printed components are listed.

    Returns:
        columns scheme, side, printed_total_wan, components, component_sum, difference_wan,
        tolerance_wan, verdict, lines; money in 万元 (exact).
    """
    funds = d.funds
    rows = []
    for scheme in schemes(d):
        for total_metric, parts in COMPONENTS.items():
            total_row = funds[(funds["scheme"] == scheme) & (funds["metric"] == total_metric)]
            part_rows = funds[(funds["scheme"] == scheme) & funds["metric"].isin(parts)]
            if total_row.empty or len(part_rows) < 2:
                continue
            total, total_half = _base_and_half(total_row.iloc[0])
            if total is None:
                continue
            values = [_base_and_half(r) for _, r in part_rows.iterrows()]
            if any(v is None for v, _ in values):
                continue
            component_sum = sum((v for v, _ in values), Decimal(0))
            tolerance = total_half + sum((h for _, h in values), Decimal(0))
            diff = component_sum - total
            if diff == 0:
                verdict = "相等"
            elif abs(diff) <= tolerance:
                verdict = "尾差"
            elif diff < 0:
                verdict = "构成项不全"
            else:
                verdict = "不符"
            rows.append({
                "scheme": scheme, "side": total_metric, "printed_total_wan": _plain(total / _WAN),
                "components": "、".join(part_rows["metric"]), "component_sum": _plain(component_sum / _WAN),
                "difference_wan": _plain(diff / _WAN), "tolerance_wan": _plain(tolerance / _WAN), "verdict": verdict,
                "lines": sorted({int(x) for x in [*total_row["line"], *part_rows["line"]]}),
            })
    return pd.DataFrame(rows, columns=["scheme", "side", "printed_total_wan", "components", "component_sum",
                                       "difference_wan", "tolerance_wan", "verdict", "lines"])


def describe_components(frame: pd.DataFrame) -> str:
    """A Chinese paragraph on the component checks (:func:`fund_components`)."""
    if frame.empty:
        return "文中没有同时列出总额和两个以上构成项的基金收支，不做构成核对。"
    parts = []
    for r in frame.itertuples():
        piece = (f"{esc(r.scheme)}{r.side}{fmt_num(r.printed_total_wan)}万元，列出的构成项（{esc(r.components)}）合计"
                 f"{fmt_num(r.component_sum)}万元，相差{fmt_num(r.difference_wan)}万元")
        if r.verdict == "尾差":
            piece += f"，不超过各印刷数舍入误差之和{fmt_num(r.tolerance_wan)}万元，属尾差"
        elif r.verdict == "构成项不全":
            piece += "，构成项之和小于总额，原文只列出了部分构成"
        elif r.verdict == "不符":
            piece += f"，超出舍入误差之和{fmt_num(r.tolerance_wan)}万元，构成项之和大于总额，需要核实"
        parts.append(piece + f"（{lines_text(r.lines)}）")
    return ("基金总额以亿元保留两位小数公布，一个印刷数的舍入误差就可达±50万元，核对时按区间判断。"
            + "；".join(parts) + "。")
