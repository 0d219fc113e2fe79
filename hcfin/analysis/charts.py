"""Charts for the reports: seaborn/matplotlib figures with Chinese titles, labelled axes with units,
sorted bars and value labels. Each function returns a :class:`matplotlib.figure.Figure` (closed,
so a notebook shows it once, through ``display``). matplotlib and seaborn are imported inside.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from ..escape import chart_text
from .text import fmt_num

__all__ = [
    "plot_basic_project",
    "plot_budget_execution",
    "plot_check_status",
    "plot_economic_classes",
    "plot_functions",
    "plot_fund_flows",
    "plot_fund_months",
    "plot_income_sources",
    "plot_sangong",
    "short_subjects",
    "setup_style",
]

_STYLED = False


def setup_style() -> None:
    """Seaborn style with an openly licensed Simplified-Chinese font (:func:`hcfin.plotting.apply_style`)."""
    global _STYLED
    if _STYLED:
        return
    from hcfin.plotting import apply_style

    apply_style()
    import matplotlib

    # The open CJK fonts ship one weight: a bold title makes matplotlib log "findfont: Failed to
    # find font weight bold" for every chart. Titles stay regular; the title size sets them apart.
    matplotlib.rcParams["axes.titleweight"] = "normal"
    matplotlib.rcParams["axes.titlesize"] = "large"
    _STYLED = True


def _figure(height: float = 4.0, width: float = 8.0):
    import matplotlib.pyplot as plt

    setup_style()
    fig, ax = plt.subplots(figsize=(width, height))
    return fig, ax


def _done(fig):
    import matplotlib.pyplot as plt

    # No ``tight_layout`` here: notebooks save figures with ``bbox_inches="tight"`` (the inline
    # backend's default), which already fits the page to every label; a layout pass would draw
    # all text once more (~60 ms a chart).
    plt.close(fig)
    return fig


def _f(value: object) -> float:
    if value is None:
        return 0.0
    if isinstance(value, Decimal):
        return float(value)
    try:
        number = float(value)
    except (TypeError, ValueError):
        return 0.0
    return 0.0 if number != number else number


def _hbar(ax, labels: list[str], values: list[float], texts: list[str], color: str | list = "#4C72B0") -> None:
    positions = list(range(len(labels)))
    bars = ax.barh(positions, values, color=color)
    ax.set_yticks(positions, _texts(labels))
    ax.invert_yaxis()
    ax.bar_label(bars, labels=texts, padding=3, fontsize=9)
    ax.margins(x=0.25)


def _texts(labels) -> list[str]:
    """Tick labels from documents (names, subjects, schemes), drawn literally (no mathtext)."""
    return [chart_text(label) for label in labels]


def short_subjects(subjects: list[str]) -> list[str]:
    """Chart labels for 情况说明 subjects: a full path “一般公共服务支出（类）财政事务（款）行政运行（项）”
    becomes its 项 “行政运行（项）” when that stays unambiguous; otherwise the full text is kept."""
    short = [s.rsplit("（款）", 1)[-1] if s.endswith("（项）") and "（款）" in s else s for s in subjects]
    return short if len(set(short)) == len(set(subjects)) else list(subjects)


def _wrap(label: str, width: int = 8) -> str:
    """``label`` on two balanced lines when longer than ``width`` characters (Chinese has no
    spaces to break at): ``公务用车购置及运行维护费`` → ``公务用车购置`` / ``及运行维护费``."""
    if len(label) <= width:
        return label
    half = (len(label) + 1) // 2
    return label[:half] + "\n" + label[half:]


def _empty(ax, message: str) -> None:
    ax.text(0.5, 0.5, message, ha="center", va="center", transform=ax.transAxes)
    ax.set_axis_off()


def plot_income_sources(frame: pd.DataFrame, year: int | None = None):
    """Horizontal bars of the income sources with a printed non-zero amount (``income_by_source``)."""
    fig, ax = _figure(3.0)
    part = frame[frame["value"].map(lambda v: v is not None and v != 0)]
    part = part.assign(f=part["value"].map(_f)).sort_values("f", ascending=False)
    if part.empty:
        _empty(ax, "没有印出的收入数")
    else:
        _hbar(ax, part["source"].tolist(), part["f"].tolist(),
              [f"{fmt_num(v)}万元（{fmt_num(s)}%）" for v, s in zip(part["value"], part["share_pct"])])
        ax.set_xlabel("金额（万元）")
    ax.set_title(f"{year or ''}年度收入来源（公开01表）".lstrip("年度"))
    return _done(fig)


def plot_functions(frame: pd.DataFrame, title: str = "支出功能分类结构（公开03表）"):
    """Sorted horizontal bars of spending per 功能分类 code (``expenditure_by_function``)."""
    fig, ax = _figure(max(2.5, 0.5 * len(frame) + 1.2))
    if frame.empty:
        _empty(ax, "没有功能分类数据")
    else:
        labels = [f"{c} {n}" for c, n in zip(frame["code"], frame["name"])]
        _hbar(ax, labels, frame["total"].map(_f).tolist(),
              [f"{fmt_num(v)}（{fmt_num(s)}%）" for v, s in zip(frame["total"], frame["share_pct"])])
        ax.set_xlabel("本年支出（万元）")
    ax.set_title(title)
    return _done(fig)


def plot_basic_project(frame: pd.DataFrame):
    """Stacked horizontal bars: 基本支出 and 项目支出 per 功能分类 code (``expenditure_by_function``)."""
    fig, ax = _figure(max(2.5, 0.5 * len(frame) + 1.2))
    if frame.empty:
        _empty(ax, "没有功能分类数据")
        return _done(fig)
    labels = [f"{c} {n}" for c, n in zip(frame["code"], frame["name"])]
    basic = frame["basic"].map(_f).tolist()
    project = frame["project"].map(_f).tolist()
    positions = list(range(len(labels)))
    b1 = ax.barh(positions, basic, color="#4C72B0", label="基本支出")
    b2 = ax.barh(positions, project, left=basic, color="#DD8452", label="项目支出")
    ax.bar_label(b1, labels=[fmt_num(v) if v else "" for v in frame["basic"]], label_type="center", fontsize=8, color="white")
    ax.bar_label(b2, labels=[fmt_num(v) if v else "" for v in frame["project"]], padding=3, fontsize=8)
    ax.set_yticks(positions, _texts(labels))
    ax.invert_yaxis()
    # Explicit room for the labels: ``margins`` stops at the sticky left edge of a zero-width
    # 项目支出 bar, which clipped the longest bar at the frame (行政运行 in the seed).
    widest = max((b + p for b, p in zip(basic, project)), default=0.0)
    ax.set_xlim(0, widest * 1.2 if widest > 0 else 1)
    ax.set_xlabel("金额（万元）")
    ax.set_title("各科目基本支出与项目支出（公开03表）")
    ax.legend(loc="lower right")
    return _done(fig)


def plot_economic_classes(frame: pd.DataFrame):
    """Sorted bars of 基本支出 by economic 款, coloured by 人员经费 / 公用经费 (``economic_classes``)."""
    part = frame[frame["value"].map(lambda v: v is not None and v != 0)]
    fig, ax = _figure(max(2.5, 0.38 * len(part) + 1.2))
    if part.empty:
        _empty(ax, "没有经济分类数据")
        return _done(fig)
    colors = ["#4C72B0" if g == "人员经费" else "#55A868" for g in part["group"]]
    _hbar(ax, [f"{c} {n}" for c, n in zip(part["code"], part["name"])], part["value"].map(_f).tolist(),
          [fmt_num(v) for v in part["value"]], colors)
    from matplotlib.patches import Patch

    ax.legend(handles=[Patch(color="#4C72B0", label="人员经费"), Patch(color="#55A868", label="公用经费")],
              loc="lower right")
    ax.set_xlabel("决算数（万元）")
    ax.set_title("基本支出经济分类明细（公开06表）")
    return _done(fig)


def plot_sangong(frame: pd.DataFrame):
    """Grouped bars: 三公 budget vs actual per item (``sangong``), sub-items left out."""
    import numpy as np

    part = frame[~frame["item"].str.startswith("其中")]
    fig, ax = _figure(3.8)
    x = np.arange(len(part))
    b1 = ax.bar(x - 0.2, part["budget"].map(_f), width=0.4, label="预算数（调整后）", color="#8C8C8C")
    b2 = ax.bar(x + 0.2, part["actual"].map(_f), width=0.4, label="决算数", color="#C44E52")
    ax.bar_label(b1, labels=[fmt_num(v) for v in part["budget"]], padding=2, fontsize=9)
    ax.bar_label(b2, labels=[fmt_num(v) for v in part["actual"]], padding=2, fontsize=9)
    # Long item names on two lines, so neighbouring labels do not run into each other.
    ax.set_xticks(x, _texts(_wrap(str(item)) for item in part["item"]))
    ax.set_ylabel("金额（万元）")
    ax.margins(y=0.2)
    ax.set_title("“三公”经费预算与决算（公开09表）")
    ax.legend()
    return _done(fig)


def plot_budget_execution(frame: pd.DataFrame):
    """Completion rate (决算 ÷ 年初预算) per subject, sorted, with the 90–110 % band (``budget_execution``)."""
    part = frame[frame["completion_pct"].notna()]
    part = part.assign(f=part["completion_pct"].map(_f)).sort_values("f", ascending=False)
    fig, ax = _figure(max(2.5, 0.42 * len(part) + 1.2))
    if part.empty:
        _empty(ax, "情况说明尚未解析，没有年初预算数")
    else:
        colors = ["#C44E52" if (v > 110 or v < 90) else "#4C72B0" for v in part["f"]]
        _hbar(ax, short_subjects(part["subject"].astype(str).tolist()), part["f"].tolist(),
              [f"{fmt_num(v)}%" for v in part["completion_pct"]], colors)
        ax.axvspan(90, 110, color="#DDDDDD", alpha=0.5, zorder=0)
        ax.axvline(100, color="black", linewidth=0.8)
        ax.set_xlabel("决算 ÷ 年初预算（%）")
    ax.set_title("年初预算完成率（灰带为90%–110%）")
    return _done(fig)


def plot_fund_flows(overview: pd.DataFrame):
    """Grouped bars per scheme: 基金收入, 基金支出 and 累计结余 (亿元) (``funds.fund_overview``)."""
    import numpy as np

    fig, ax = _figure(4.2, 9.0)
    if overview.empty:
        _empty(ax, "社会保险基金数据尚未解析")
        return _done(fig)
    x = np.arange(len(overview))
    for offset, column, color in ((-0.27, "基金收入", "#4C72B0"), (0.0, "基金支出", "#C44E52"), (0.27, "累计结余", "#55A868")):
        values = overview[f"{column}（亿元）"]
        bars = ax.bar(x + offset, values.map(_f), width=0.27, label=column, color=color)
        ax.bar_label(bars, labels=[fmt_num(v) for v in values], padding=2, fontsize=8)
    labels = [s + ("\n(不含省内上解下拨)" if b else "") for s, b in zip(overview["scheme"], overview["basis"])]
    ax.set_xticks(x, _texts(labels), fontsize=9)
    ax.set_ylabel("金额（亿元）")
    ax.margins(y=0.15)
    ax.set_title("各险种基金收入、支出与累计结余")
    ax.legend()
    return _done(fig)


def plot_fund_months(metrics: pd.DataFrame):
    """Months payable per scheme; pooled schemes hatched and labelled (``funds.fund_metrics``)."""
    part = metrics[metrics["metric"] == "可支付月数"]
    part = part.assign(f=part["value"].map(_f)).sort_values("f", ascending=False)
    fig, ax = _figure(max(2.5, 0.55 * len(part) + 1.4))
    if part.empty:
        _empty(ax, "没有可计算的可支付月数")
        return _done(fig)
    pooled = [bool(c) and "省级统筹" in c for c in part["caveat"]]
    labels = [s + ("（省级统筹）" if p else "") for s, p in zip(part["scheme"], pooled)]
    positions = list(range(len(part)))
    bars = ax.barh(positions, part["f"], color=["#BBBBBB" if p else "#4C72B0" for p in pooled])
    for bar, p in zip(bars, pooled):
        if p:
            bar.set_hatch("//")
    ax.bar_label(bars, labels=[f"{fmt_num(v)}个月" for v in part["value"]], padding=3, fontsize=9)
    ax.set_yticks(positions, _texts(labels))
    ax.invert_yaxis()
    ax.margins(x=0.25)
    ax.set_xlabel("累计结余可支付月数（个月）")
    ax.set_title("可支付月数（省级统筹险种不反映本地偿付能力）")
    return _done(fig)


def plot_check_status(summary: pd.DataFrame):
    """Bars: number of checks per status (``checks.status_summary``)."""
    fig, ax = _figure(3.0)
    part = summary[summary["count"] > 0].sort_values("count", ascending=False)
    if part.empty:
        _empty(ax, "没有核对结果")
    else:
        palette = {"exact": "#55A868", "rounding": "#4C72B0", "mismatch": "#C44E52"}
        _hbar(ax, part["label"].tolist(), part["count"].tolist(), [f"{c}项" for c in part["count"]],
              [palette.get(s, "#8C8C8C") for s in part["status"]])
        ax.set_xlabel("核对项数（项）")
    ax.set_title("数据核对结果（按状态）")
    return _done(fig)
