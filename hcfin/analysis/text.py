"""Formatting numbers for Chinese report text.

Every number in a generated sentence goes through these helpers, so a value is shown exactly as
printed (``Decimal("55.10")`` → ``55.10``) and a percentage says how it was rounded.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Callable

from ..escape import chart_text, html_cell, md_text

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
    "printed_total_wan": "原文总额（万元）", "difference_wan": "差额（万元）", "tolerance_wan": "允许尾差（万元）",
    "range": "按印刷精度的范围", "scope": "口径", "role": "分项关系",
    "available": "可用资金（万元）", "spent": "支出（万元）",
    "line": "原文行号", "lines": "原文行号", "budget_line": "预算数行号", "actual_line": "决算数行号",
    "severity": "级别", "tables": "涉及的表", "reported_low": "报告数下限", "reported_high": "报告数上限",
    "computed_low": "计算数下限", "computed_high": "计算数上限", "label": "状态", "count": "项数",
    "id": "规则", "table": "表", "page": "页码",
}

#: Chinese for the code values some columns carry (statuses of cells and checks, severities).
VALUE_LABELS = {
    "status": {
        "ok": "已印数", "blank": "空白", "missing": "缺失", "exact": "完全相符", "rounding": "尾差（在舍入范围内）",
        "mismatch": "不符", "not_applicable": "不适用", "insufficient_data": "数据不足",
    },
    "severity": {"error": "错误", "warning": "警告", "info": "提示"},
}

_HIDDEN = {"key", "status_code", "left_value", "right_value", "sign_certain", "n_terms", "wide"}


def view(frame, drop: tuple[str, ...] = ()) -> "object":
    """A display copy of an analysis frame: Chinese headers, exact numbers as text, ``—`` for missing.

    Code values of known columns (``status`` ok/blank/…, ``severity``) become Chinese; the row
    index is not shown (see :func:`shown`).

    Args:
        frame: any frame produced by ``hcfin.analysis``.
        drop: extra columns to leave out.

    Returns:
        A pandas DataFrame of strings (escaped when rendered as HTML), without an index column.
    """
    import pandas as pd

    out = pd.DataFrame(index=range(len(frame)))
    for column in frame.columns:
        if column in _HIDDEN or column in drop:
            continue
        labels = VALUE_LABELS.get(column, {})
        values = [labels.get(v, v) if isinstance(v, str) else v for v in frame[column]]
        if column in _BOUNDS:
            values = [_bound(v, _printed_places(frame, i), _BOUNDS[column]) for i, v in enumerate(values)]
        out[COLUMN_LABELS.get(column, column)] = [_cell(v) for v in values]
    return shown(out)


#: Interval bounds of check results and the direction they are rounded for display (outward, so
#: the interval shown contains the one computed).
_BOUNDS = {"reported_low": "floor", "computed_low": "floor", "reported_high": "ceiling", "computed_high": "ceiling"}


def _printed_places(frame, row: int) -> int | None:
    """Decimals of the row's printed figure (``reported``, else ``computed``), None if neither is a number."""
    for column in ("reported", "computed"):
        if column in frame.columns:
            value = frame[column].iloc[row]
            number = value if isinstance(value, Decimal) else None
            if number is None and isinstance(value, str):
                try:
                    number = Decimal(value.strip().replace(",", ""))
                except ArithmeticError:
                    number = None
            if number is not None and number.is_finite():
                return max(0, -number.as_tuple().exponent)
    return None


def _bound(value: object, places: int | None, direction: str) -> object:
    """An interval bound shown as the document prints its numbers: one decimal more than the
    printed figure (enough for the half-unit of a sum, ``933.575``), rounded outward, trailing
    zeros dropped. ``177.2727272727`` of a figure printed ``178.78`` is shown ``177.272``."""
    from decimal import ROUND_CEILING, ROUND_FLOOR

    if places is None or value is None:
        return value
    try:
        number = value if isinstance(value, Decimal) else Decimal(str(value).strip())
    except ArithmeticError:
        return value
    if not number.is_finite():
        return value
    rounding = ROUND_FLOOR if direction == "floor" else ROUND_CEILING
    rounded = number.quantize(Decimal(1).scaleb(-(places + 1)), rounding=rounding)
    text = format(rounded, "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


def shown(frame) -> "object":
    """``frame`` as a table that renders without the 0, 1, 2… index column (HTML and text).

    Returns:
        A DataFrame subclass whose ``_repr_html_`` omits the index; empty cells stay empty.
    """
    cls = _shown_class()
    return cls(frame.reset_index(drop=True))


_SHOWN = None


def _shown_class():
    global _SHOWN
    if _SHOWN is None:
        import pandas as pd

        class ShownTable(pd.DataFrame):
            """A DataFrame shown to readers: no index column."""

            @property
            def _constructor(self):
                return ShownTable

            def _repr_html_(self) -> str:
                # every header and cell escaped here, where it enters HTML (MathJax-inert too)
                cells = self.rename(columns=html_cell).map(lambda v: DASH if _missing(v) else html_cell(v))
                return pd.DataFrame(cells).to_html(index=False, escape=False)

            def __repr__(self) -> str:
                return self.to_string(index=False, na_rep=DASH)

        _SHOWN = ShownTable
    return _SHOWN


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or str(value) in ("nan", "None", "<NA>")


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


def describe_source(d, amounts: str | None = None) -> str:
    """Markdown: which document this report reads (unit, year, file, sha256) and the tables found.

    ``amounts`` replaces the document's currency unit in the header where the report's own tables
    use other units (the fund report: ``基金金额为亿元，人数为万人``), so no label contradicts a table.
    """
    from ._common import esc

    meta = d.meta
    found = d.tables_found
    n_found = int(found["found"].sum())
    empty = found[found["found"] & found["is_empty"].fillna(False).astype(bool)]["table"].tolist()
    if len(empty) == n_found and n_found:
        empty = []  # every table empty: said once, plainly, below
    text = (f"{SOURCE_PREFIX}：{esc(meta.get('unit') or '（文件中未识别出单位名称）')}　**年度**：{meta.get('year')}　**金额单位**：{amounts or esc(meta.get('currency_unit') or '万元')}\n\n"
            f"**数据来源**：{esc(meta.get('source_path'))}（SHA-256 {esc(str(meta.get('sha256', ''))[:16])}…），"
            f"识别出{n_found}/9张公开表")
    if empty:
        text += "，其中" + "、".join(f"公开{t[1:]}表" for t in empty) + "为空表（附“本表无数据”说明）"
    issues = len(d.issues) if d.issues is not None else 0
    if not has_data(d):
        return text + f"；读取时记录{issues}条提示。\n\n" + NO_DATA_NOTICE
    text += f"；读取时记录{issues}条提示（见数据核对报告）。文中每个数都注明了原文行号。"
    return text


SOURCE_PREFIX = "**单位**"

#: What a report says, once at the top and in place of every table and chart, about a document
#: that holds no number at all (a blank template or an unfilled form).
NO_DATA_NOTICE = ("**本文件不含任何数据**：找到的公开表中没有印出任何数字（空白模板或未填写的表格），"
                  "因此本报告各部分没有可分析的内容；空白不按0处理，下文不列出空表和空图。")


def has_data(d) -> bool:
    """True when the disclosure prints at least one number in its tables."""
    facts = d.facts
    return bool(len(facts)) and bool(facts["value"].notna().any())


def table_label(d, table: str) -> str:
    """How the report names a table: ``公开03表`` when the document prints that number, else
    the table's printed title in 《》 (``《支出决算表》``).

    The label is document text, returned as printed: callers escape it for where it goes
    (:func:`rename_tables` does)."""
    found = d.tables_found.set_index("table")
    if table in found.index:
        printed = found.loc[table, "number_printed"]
        if isinstance(printed, str) and printed.strip():
            return printed.strip()
        title = found.loc[table, "title"]
        if isinstance(title, str) and title.strip():
            return f"《{title.strip()}》"
    from hcfin.schema import TABLE_NAMES

    return f"《{TABLE_NAMES.get(table, table)}》"


def rename_tables(text: str, d, escape: Callable[[object], str] = md_text) -> str:
    """Replace the standard numbers ``公开01表``…``公开09表`` in ``text`` by :func:`table_label`,
    without repeating a title the text already gives (``公开03表（支出决算表）`` → ``《支出决算表》``).

    Args:
        text: Markdown (the default), or text for where ``escape`` says.
        d: the Disclosure whose printed table numbers or titles name the tables.
        escape: turns the label (document text: a printed title or number) into text for
            where ``text`` goes: :func:`hcfin.escape.md_text` for Markdown, ``str`` for a
            table cell that is HTML-escaped when rendered, :func:`hcfin.escape.chart_text` for
            a chart.
    """
    import re

    def label(number: str) -> str:
        name = table_label(d, f"T{number}")
        if name.startswith("《") and name.endswith("》"):
            return f"《{escape(name[1:-1])}》"
        return escape(name)

    def replace(match: "re.Match[str]") -> str:
        number, inside, end = match.group(1), match.group(2), match.group(3)
        name = label(number)
        if name.startswith("《") and inside is not None:
            bare = name[1:-1]
            if inside == bare or inside in bare or bare in inside:
                return name + ("（" if end == "，" else "")
            return f"{name}（{inside}{end}"
        return match.group(0).replace(f"公开{number}表", name)

    if not isinstance(text, str) or "公开" not in text:
        return text
    out = re.sub(r"公开(0[1-9])表（([^，（）]*)([，）])", replace, text)

    def titled(match: "re.Match[str]") -> str:  # 支出决算表（公开03表） → 《支出决算表》
        before, name = match.group(1), label(match.group(2))
        bare = name[1:-1] if name.startswith("《") else None
        if bare and before.endswith(bare):
            return before[: -len(bare)] + name
        return f"{before}（{name}）"

    out = re.sub(r"([^\s（《]+)（公开(0[1-9])表）", titled, out)
    out = re.sub(r"公开(0[1-9])表", lambda m: label(m.group(1)), out)
    return out


def presenter(d):
    """A ``show(obj)`` for one disclosure's report: what each notebook passes to ``display``.

    ``show`` turns a string into Markdown and names tables as the document does
    (:func:`rename_tables`) in strings, table headers and cells, and chart titles and labels.
    For a document without any number (:func:`has_data`) it shows nothing in place of tables and
    charts, and the plain :data:`NO_DATA_NOTICE` in place of each paragraph that would analyse
    empty tables (the first one in each notebook says so; later ones are dropped).
    """
    from IPython.display import Markdown

    data = has_data(d)

    def show(obj):
        if not data and not (isinstance(obj, str) and obj.startswith(SOURCE_PREFIX)):
            return Markdown("")  # describe_source already said the document holds no data
        if isinstance(obj, str):
            return Markdown(rename_tables(obj, d, md_text))
        if hasattr(obj, "axes") and hasattr(obj, "savefig"):
            for ax in obj.axes:
                for item in (ax.title, ax.xaxis.label, ax.yaxis.label):
                    item.set_text(rename_tables(item.get_text(), d, chart_text))
            from hcfin.plotting import Chart

            return Chart(obj)  # PNG with Chinese alt text
        if hasattr(obj, "columns") and hasattr(obj, "map"):
            # cells and headers stay plain text here: the table's HTML rendering escapes them
            renamed = obj.rename(columns=lambda c: rename_tables(c, d, str) if isinstance(c, str) else c)
            return renamed.map(lambda v: rename_tables(v, d, str) if isinstance(v, str) else v)
        return obj

    return show
