"""Formatting numbers for Chinese report text.

Every number in a generated sentence goes through these helpers, so a value is shown exactly as
printed (``Decimal("55.10")`` → ``55.10``) and a percentage says how it was rounded.
"""

from __future__ import annotations

from decimal import Decimal

__all__ = ["PCT_NOTE", "fmt_amount", "fmt_num", "fmt_pct", "fmt_signed"]

#: How every percentage computed by hcfin is rounded (said once per report section).
PCT_NOTE = "百分比由表中印刷数精确计算，四舍五入保留两位小数。"

DASH = "—"


def fmt_num(value: Decimal | None) -> str:
    """A Decimal as plain text, keeping its printed decimals; ``—`` when missing."""
    if value is None:
        return DASH
    text = format(value, "f")
    return "0" if text in ("-0", "-0.00") and value == 0 else text


def fmt_amount(value: Decimal | None, unit: str = "万元") -> str:
    """``933.58万元``; ``—`` when missing."""
    if value is None:
        return DASH
    return f"{fmt_num(value)}{unit}"


def fmt_pct(value: Decimal | None) -> str:
    """``81.41%``; ``—`` when missing (e.g. a zero denominator)."""
    if value is None:
        return DASH
    return f"{fmt_num(value)}%"


def fmt_signed(value: Decimal | None, unit: str = "万元") -> str:
    """``增加32.19万元`` / ``减少0.15万元`` / ``持平``."""
    if value is None:
        return DASH
    if value > 0:
        return f"增加{fmt_num(value)}{unit}"
    if value < 0:
        return f"减少{fmt_num(-value)}{unit}"
    return "持平"


#: Chinese column headers of the analysis frames, for display.
COLUMN_LABELS = {
    "source": "收入来源", "kind": "项目", "item": "项目", "code": "科目编码", "name": "科目名称",
    "group": "类别", "subject": "事项", "section": "情况说明章节", "scheme": "险种", "metric": "指标",
    "value": "金额/数值", "total": "本年支出（万元）", "basic": "基本支出（万元）", "project": "项目支出（万元）",
    "share_pct": "占比（%）", "share_of_group_pct": "占所属类（%）", "share_of_basic_pct": "占基本支出（%）",
    "budget": "预算数（万元）", "actual": "决算数（万元）", "execution_pct": "执行率（%）", "difference": "差额",
    "budget_initial": "年初预算（万元）", "actual_basis": "决算数来源", "completion_pct": "完成率（%）",
    "stated_pct": "原文完成率（%）", "flag": "提示", "reason": "原文说明的原因", "current": "本年数（万元）",
    "change": "增减额（万元）", "prior": "推算上年数（万元）", "growth_pct": "重算增长率（%）",
    "growth_low": "舍入下限（%）", "growth_high": "舍入上限（%）", "stated_growth_pct": "原文增长率（%）",
    "consistent": "在舍入范围内", "amount": "金额（万元）", "people": "人数", "t06_basic": "公开06表基本支出列数",
    "unit": "单位", "formula": "计算方法", "basis": "口径", "caveat": "解读提示", "identity": "恒等式",
    "left": "左边", "right": "右边", "verdict": "结论", "tolerance": "允许尾差", "rule_id": "规则",
    "status": "状态", "location": "位置", "reported": "报告数", "computed": "计算数", "message": "说明",
    "side": "收支", "components": "构成项", "component_sum": "构成项合计（万元）",
    "t01_value": "公开01表印刷数", "t01_line": "公开01表行号",
    "line": "原文行号", "lines": "原文行号", "budget_line": "预算数行号", "actual_line": "决算数行号",
}

_HIDDEN = {"key", "status_code", "left_value", "right_value", "sign_certain", "n_terms"}


def view(frame, drop: tuple[str, ...] = ()) -> "object":
    """A display copy of an analysis frame: Chinese headers, exact numbers as text, ``—`` for missing.

    Args:
        frame: any frame produced by ``hcfin.analysis``.
        drop: extra columns to leave out.

    Returns:
        A pandas DataFrame of strings (pandas escapes them when rendering HTML).
    """
    import pandas as pd

    out = pd.DataFrame(index=frame.index)
    for column in frame.columns:
        if column in _HIDDEN or column in drop:
            continue
        out[COLUMN_LABELS.get(column, column)] = frame[column].map(_cell)
    return out


def _cell(value: object) -> str:
    import math

    if value is None:
        return DASH
    if isinstance(value, Decimal):
        return fmt_num(value)
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, float):
        return DASH if math.isnan(value) else repr(value)
    if isinstance(value, (list, tuple)):
        return "、".join(str(v) for v in value) if value else DASH
    text = str(value)
    return DASH if text in ("nan", "None", "<NA>") else text


def describe_source(d) -> str:
    """Markdown: which document this report reads (unit, year, file, sha256) and the tables found."""
    from ._common import esc

    meta = d.meta
    found = d.tables_found
    n_found = int(found["found"].sum())
    empty = found[found["found"] & found["is_empty"].fillna(False).astype(bool)]["table"].tolist()
    text = (f"**单位**：{esc(meta.get('unit') or '（文件中未识别出单位名称）')}　**年度**：{meta.get('year')}　**金额单位**：{esc(meta.get('currency_unit') or '万元')}\n\n"
            f"**数据来源**：{esc(meta.get('source_path'))}（SHA-256 {esc(str(meta.get('sha256', ''))[:16])}…），"
            f"识别出{n_found}/9张公开表")
    if empty:
        text += "，其中" + "、".join(f"公开{t[1:]}表" for t in empty) + "为空表（附“本表无数据”说明）"
    issues = len(d.issues) if d.issues is not None else 0
    text += f"；读取时记录{issues}条提示（见数据核对报告）。文中每个数都注明了原文行号。"
    return text
