"""政府采购 as the 情况说明 states it: every figure labelled so no two rows read alike, and the
goods/works/services split checked against the total."""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

from ._common import dec, esc
from .narrative import NO_STATEMENTS, absent_note
from .reasons import paragraph_at
from .text import fmt_amount, fmt_num

__all__ = ["describe_procurement", "procurement"]


def procurement(d) -> pd.DataFrame:
    """政府采购 figures stated in the narrative, and the shares recomputed where the parts are given."""
    st = d.statements
    if st.empty:
        return pd.DataFrame(columns=["subject", "metric", "value", "unit", "basis", "line"])
    part = st[st["subject"].astype(str).str.contains("采购|中小企业|小微企业", regex=True)]
    frame = part[["subject", "metric", "value", "unit", "basis", "line", "clause"]].copy().reset_index(drop=True)
    frame["value"] = frame["value"].map(dec)
    frame["subject"] = _told_apart(d, frame)
    return frame.drop(columns=["clause"])


def _told_apart(d, frame: pd.DataFrame) -> list[str]:
    """Subjects made unique where the text repeats one (“……由中小企业供应商中标或成交的，采购金额246.47万元；
    ……由小微企业供应商中标或成交的，采购金额0万元”): each repeated subject gets the words that lead
    up to it in its sentence, as printed. A subject whose context cannot be found keeps its name
    and its line number."""
    subjects = frame["subject"].astype(str).tolist()
    repeated = {s for s, m in zip(subjects, frame["metric"]) if
                sum(1 for t, n in zip(subjects, frame["metric"]) if t == s and n == m) > 1}
    out, searched_from = [], {}
    for i, row in frame.iterrows():
        subject = subjects[i]
        if subject not in repeated:
            out.append(subject)
            continue
        found = paragraph_at(d, None if pd.isna(row["line"]) else int(row["line"]))
        clause = row["clause"] if isinstance(row["clause"], str) else ""
        context = None
        if found is not None and clause:
            text = found[1]
            start = text.find(clause, searched_from.get((found[0], clause), 0))
            if start >= 0:
                searched_from[(found[0], clause)] = start + len(clause)
                lead = re.split(r"[；;。]", text[:start])[-1].strip("，, ")
                context = lead or None
        out.append(f"{subject}（{context}）" if context else f"{subject}（第{int(row['line'])}行）")
    return out


def describe_procurement(frame: pd.DataFrame, d=None) -> str:
    """A Chinese paragraph on government procurement."""
    if frame.empty:
        return NO_STATEMENTS if d is None else absent_note(d, "政府采购")
    total = frame[(frame["subject"].astype(str).str.contains("总额")) & (frame["metric"] == "决算")]
    parts = []
    for r in frame[frame["metric"] == "决算"].itertuples():
        parts.append(f"{esc(r.subject)}{fmt_amount(r.value, str(r.unit) if isinstance(r.unit, str) else '')}")
    text = "情况说明所载政府采购：" + "；".join(parts) + "。"
    goods = frame[frame["subject"].astype(str).str.contains("货物|工程|服务") & (frame["metric"] == "决算")
                  & ~frame["subject"].astype(str).str.contains("中小|小微")]
    if not total.empty and not goods.empty:
        parts_sum = sum((v for v in goods["value"] if v is not None), Decimal(0))
        total_value = total.iloc[0]["value"]
        if total_value is not None:
            text += f"货物、工程、服务三项之和{fmt_amount(parts_sum)}，" + (
                "与总额一致。" if parts_sum == total_value else f"与总额相差{fmt_num(parts_sum - total_value)}万元。")
    return text
