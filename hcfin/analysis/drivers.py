"""What drove the year's spending: the change against last year decomposed by item, the largest
projects and their share, each beside the reason the document itself gives.

Prior-year figures are never in the nine tables; they are recovered from the 情况说明's stated
changes (``d.statements`` 增减额, see :func:`hcfin.analysis.narrative.yoy_changes`), so this works
on a single year's document.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from hcfin.classification import name_key

from ._common import dec, esc, fact, lines_text, ratio_pct
from .narrative import yoy_changes
from .reasons import reason_at
from .text import PCT_NOTE, fmt_amount, fmt_num, fmt_pct

__all__ = ["change_drivers", "describe_drivers", "describe_projects", "projects"]

#: Totals a stated change may be decomposed against, most inclusive first.
_TOTALS = ("收支总计", "收、支总计", "收入支出总计", "支出合计", "本年支出合计", "财政拨款支出",
           "一般公共预算财政拨款支出", "财政拨款收、支总计", "财政拨款收入支出总计")
#: Parts of the total, each with the part it belongs to (None: a direct part of the total).
_PARTS = {"基本支出": None, "项目支出": None, "人员经费": "基本支出", "公用经费": "基本支出",
          "机关运行经费": "基本支出"}
#: Items that overlap the parts above and are shown as "其中" (never added up).
_OVERLAPPING = ("“三公”经费", "三公经费")


def _key(subject: object) -> str:
    return name_key(str(subject))


def change_drivers(d) -> pd.DataFrame:
    """The stated change of the total against last year, and the stated changes of its parts.

    The total is the first of 收支总计 / 本年支出合计 / 财政拨款支出 whose change the text states.
    Parts are 基本支出, 项目支出, 人员经费, 公用经费 and 机关运行经费 (for 行政 and 参公 units the
    same money as 公用经费, so only one of the two is counted); “三公”经费 overlaps them and is
    listed as 其中. ``share_pct`` = part's change ÷ total change. A last row 其余 holds what the
    stated parts leave unexplained, when the parts stated do not already cover the total.

    Returns:
        columns item, role (合计 / 组成部分 / 其中 / 其余), current, change, prior, share_pct,
        reason (as printed), lines; empty when the text states no change of a total.
    """
    yoy = yoy_changes(d)
    columns = ["item", "role", "current", "change", "prior", "share_pct", "reason", "lines"]
    if yoy.empty:
        return pd.DataFrame(columns=columns)
    yoy = yoy[yoy["sign_certain"] & yoy["change"].notna()].drop_duplicates("subject")
    keys = yoy["subject"].map(_key)
    total_rows = [yoy[keys == _key(t)] for t in _TOTALS if (keys == _key(t)).any()]
    if not total_rows:
        return pd.DataFrame(columns=columns)
    total = total_rows[0].iloc[0]
    total_change = total["change"]
    rows = [_row(d, total, "合计", total_change)]
    chosen = {}
    for _, r in yoy.iterrows():
        key = _key(r["subject"])
        part = next((p for p in _PARTS if _key(p) == key), None)
        if part is not None:
            chosen[part] = r
    if "公用经费" in chosen:
        chosen.pop("机关运行经费", None)
    # A part inside another stated part is shown but not counted twice.
    counted = [p for p in chosen if _PARTS[p] is None or _PARTS[p] not in chosen]
    for part, r in chosen.items():
        role = "组成部分" if part in counted else "其中"
        rows.append(_row(d, r, role, total_change))
    for _, r in yoy.iterrows():
        if _key(r["subject"]) in {_key(o) for o in _OVERLAPPING}:
            rows.append(_row(d, r, "其中", total_change))
    explained = sum((chosen[p]["change"] for p in counted), Decimal(0))
    if counted and explained != total_change and not {"基本支出", "项目支出"} <= set(counted):
        rest = total_change - explained
        rows.append({"item": "其余（原文未给出上年数的部分）", "role": "其余", "current": None, "change": rest,
                     "prior": None, "share_pct": ratio_pct(rest, total_change), "reason": None, "lines": []})
    return pd.DataFrame(rows, columns=columns)


def _row(d, r: pd.Series, role: str, total_change: Decimal) -> dict:
    lines = list(r["lines"])
    return {"item": r["subject"], "role": role, "current": r["current"], "change": r["change"],
            "prior": r["prior"], "share_pct": ratio_pct(r["change"], total_change) if role != "合计" else None,
            "reason": reason_at(d, lines[0] if lines else None, "yoy"), "lines": lines}


def describe_drivers(frame: pd.DataFrame, d=None) -> str:
    """A Chinese paragraph: how much each stated part contributed to the year's change, and why."""
    if frame.empty:
        from .narrative import absent_note

        return ("情况说明没有给出总支出与上年的比较，无法分解变动。" if d is None
                else absent_note(d, "上年对比").replace("这一部分无从分析", "无法分解本年支出的变动"))
    total = frame.iloc[0]
    text = (f"{esc(total['item'])}本年{fmt_amount(total['current'])}，比上年{_signed(total['change'])}"
            f"（推算上年{fmt_amount(total['prior'])}，{lines_text(total['lines'])}）")
    if isinstance(total["reason"], str):
        text += f"，原文说明的原因：“{esc(total['reason'].rstrip('。'))}”"
    text += "。"
    parts = frame.iloc[1:]
    if parts.empty:
        return text + "情况说明没有给出各组成部分的上年数，无法进一步分解。"
    pieces = []
    for r in parts.itertuples():
        if r.role == "其余":
            pieces.append(f"其余{_signed(r.change)}没有上年分项数，占变动的{fmt_pct(r.share_pct)}")
            continue
        piece = f"{esc(r.item)}{_signed(r.change)}（{lines_text(r.lines)}）"
        if r.share_pct is not None:
            piece += f"，相当于总变动的{fmt_pct(r.share_pct)}"
            if (r.change > 0) != (total["change"] > 0) and r.change != 0:
                piece += "，方向与总变动相反"
        if r.role == "其中":
            piece += "（与其他分项重叠，不参与相加）"
        if isinstance(r.reason, str) and r.reason != total["reason"]:
            piece += f"，原文说明的原因：“{esc(r.reason.rstrip('。'))}”"
        pieces.append(piece)
    text += "按原文给出的分项变动分解：" + "；".join(pieces) + "。"
    if "机关运行经费" in set(parts["item"].map(_key)):
        text += "机关运行经费是行政单位和参公事业单位的公用经费，属于基本支出。"
    return text + PCT_NOTE


def _signed(change: Decimal | None) -> str:
    if change is None:
        return "—"
    if change > 0:
        return f"增加{fmt_num(change)}万元"
    if change < 0:
        return f"减少{fmt_num(-change)}万元"
    return "持平"


def projects(d) -> pd.DataFrame:
    """The projects the 情况说明 lists (“①社保经办机构工作经费104.55万元，支出104.55万元，执行率为100%”),
    largest first, with their share of 项目支出 (公开03表合计行).

    A project is a subject with a stated 资金 (money available) or 支出 in the performance
    section; the 公开03表 项目支出 by 功能分类项 is the fallback when the text lists none.

    Returns:
        columns item, available, spent, share_pct, basis (情况说明 / 公开03表), lines.
    """
    total, total_line = fact(d, "T03", "project", row_key="total")
    st = d.statements
    rows = []
    if not st.empty:
        money = st[st["metric"].isin(["资金", "支出"]) & (st["unit"] == "万元")
                   & ~st["subject"].astype(str).isin(["部门", "专项资金", "项目支出", "基本支出"])]
        for subject, group in money.groupby("subject", sort=False):
            available = dec(group.loc[group["metric"] == "资金", "value"].iloc[0]) if (group["metric"] == "资金").any() else None
            spent = dec(group.loc[group["metric"] == "支出", "value"].iloc[0]) if (group["metric"] == "支出").any() else None
            if available is None and spent is None:
                continue
            rows.append({"item": subject, "available": available, "spent": spent,
                         "share_pct": ratio_pct(spent if spent is not None else available, total),
                         "basis": "情况说明", "lines": sorted({int(x) for x in group["line"]})})
    if not rows:
        from .spending import expenditure_by_function

        by_item = expenditure_by_function(d, "项")
        for r in by_item.itertuples():
            if r.project:
                rows.append({"item": f"{r.name}（{r.code}）", "available": None, "spent": r.project,
                             "share_pct": ratio_pct(r.project, total), "basis": "公开03表",
                             "lines": sorted(set(r.lines))})
    frame = pd.DataFrame(rows, columns=["item", "available", "spent", "share_pct", "basis", "lines"])
    if not frame.empty:
        frame = frame.sort_values("spent", ascending=False, key=lambda s: s.map(lambda v: v or 0)).reset_index(drop=True)
    frame.attrs.update({"total": total, "total_line": total_line})
    return frame


def describe_projects(frame: pd.DataFrame, top: int = 3) -> str:
    """A Chinese paragraph on where project money went."""
    total = frame.attrs.get("total")
    if frame.empty or not total:
        return "本文件没有项目支出，或没有列出项目明细。" if not total else \
            f"项目支出{fmt_amount(total)}，但情况说明没有列出项目明细。"
    basis = frame["basis"].iloc[0]
    noun = "项目" if basis == "情况说明" else "科目"
    head = frame.head(top)
    parts = [f"{esc(r.item)}{fmt_amount(r.spent)}（占{fmt_pct(r.share_pct)}）" for r in head.itertuples()]
    covered = sum((v for v in frame["spent"] if v is not None), Decimal(0))
    text = (f"项目支出{fmt_amount(total)}（公开03表合计行，{lines_text([frame.attrs.get('total_line')])}）"
            + ("，情况说明列出了" if basis == "情况说明" else "，情况说明没有列出项目明细；按功能分类项分布在")
            + f"{len(frame)}个{noun}。金额最大的是：" + "；".join(parts) + "。")
    if basis == "情况说明":
        text += f"列出的项目支出合计{fmt_amount(covered)}，" + (
            "与公开03表项目支出一致。" if covered == total else f"与公开03表项目支出相差{fmt_num(covered - total)}万元。")
    top_share = head.iloc[0]["share_pct"]
    if len(frame) == 1:
        text += f"全部项目支出都在这一个{noun}。"
    elif top_share is not None and top_share >= 50:
        text += f"最大的一个{noun}占了项目支出的一半以上（{fmt_pct(top_share)}），项目支出高度集中。"
    return text + PCT_NOTE
