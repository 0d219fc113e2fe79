"""Social-insurance fund operations per scheme (DOMAIN.md §6): coverage, payer share, balance,
self-sufficiency, months payable, subsidy dependence, average benefit, implied contribution base.

Input is ``d.funds`` (columns :data:`hcfin.narrative.FUND_COLUMNS`). Each metric
is computed only where the figures it needs are printed, and carries its formula, the basis of its
inputs (e.g. ``不含省内上解下拨``) and the caveat that changes its reading.
"""

from __future__ import annotations

from decimal import Decimal, ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP
from typing import NamedTuple

import pandas as pd

from ._common import dec, esc, lines_text
from .text import fmt_num

__all__ = [
    "METRIC_COLUMNS",
    "NO_FUNDS",
    "POOLED_CAVEAT",
    "describe_all",
    "describe_overview",
    "describe_scheme",
    "READING_GUIDE",
    "AMOUNTS",
    "amounts",
    "describe_coverage",
    "has_funds",
    "presenter",
    "fund_metrics",
    "fund_overview",
    "is_pooled",
    "schemes",
    "to_base",
]

NO_FUNDS = "本文件没有可读取的社会保险基金运行数据（参保人数、基金收支和结余），这一部分无从分析。"
#: The header's unit note for the fund report (its tables are in 亿元 and 万人, not the tables' 万元).
AMOUNTS = "基金金额按原文单位换算为亿元（构成核对为万元），人数为万人"
#: Words by which a document's text shows it discusses social-insurance funds.
_FUND_WORDS = ("参保", "养老保险基金", "工伤保险基金", "失业保险基金", "医疗保险基金", "基金收入", "基金支出")
POOLED_CAVEAT = ("该险种实行省级统筹，市级数据不含省内上解下拨：当期缺口由省级调剂资金弥补、结余按规定上解，"
                 "累计结余只反映留在本市账上的资金，不能据此判断本地基金的偿付能力。")
METRIC_COLUMNS = ["scheme", "metric", "value", "unit", "range", "formula", "basis", "caveat", "lines", "wide"]

#: Multipliers from printed units to base units (元, 人, 家).
_UNIT_FACTORS = {"亿元": (Decimal("1e8"), "元"), "万元": (Decimal("1e4"), "元"), "元": (Decimal(1), "元"),
                 "万人": (Decimal("1e4"), "人"), "人": (Decimal(1), "人"), "万家": (Decimal("1e4"), "家"),
                 "家": (Decimal(1), "家"), "%": (Decimal(1), "%")}
_YI = Decimal("1e8")
#: The fund-operation figures a scheme paragraph lists (audit counts and the like are left to the text).
OPERATION_METRICS = ("参保单位", "参保人数", "缴费人数", "待遇人数", "单位缴费比例", "个人缴费比例", "缴费比例下限",
                     "缴费比例上限", "灵活就业缴费基数下限", "灵活就业缴费基数上限", "灵活就业缴费比例", "基金收入",
                     "缴费收入", "财政补贴收入", "利息收入", "转移收入", "集体补助收入", "其他收入", "基金支出",
                     "待遇支出", "转移支出", "其他支出", "当期结余", "累计结余")
_WAN = Decimal("1e4")


def to_base(value: object, unit: object) -> tuple[Decimal | None, str | None]:
    """A printed fund figure in base units: ``("31.23", "亿元")`` → ``(Decimal("3123000000"), "元")``."""
    number = dec(value)
    if number is None or not isinstance(unit, str) or unit not in _UNIT_FACTORS:
        return None, None
    factor, base = _UNIT_FACTORS[unit]
    return number * factor, base


def is_pooled(scheme: str, bases: list[str] | None = None) -> bool:
    """True for provincially pooled schemes (enterprise pensions, work injury) or figures excluding 上解下拨."""
    if any(isinstance(b, str) and "上解下拨" in b for b in bases or []):
        return True
    return "企业职工" in scheme or "工伤" in scheme


def schemes(d) -> list[str]:
    """The schemes named in ``d.funds``, in document order."""
    funds = d.funds
    return list(dict.fromkeys(funds["scheme"].dropna().astype(str))) if not funds.empty else []


class _Figure(NamedTuple):
    """A printed fund figure in base units with the half unit its printed precision allows."""

    value: Decimal | None
    half: Decimal
    line: int | None
    basis: str | None


_NONE = _Figure(None, Decimal(0), None, None)


def figure(funds: pd.DataFrame, scheme: str, metric: str) -> _Figure:
    """The printed figure ``metric`` of ``scheme`` in base units, with its half unit and line."""
    rows = funds[(funds["scheme"] == scheme) & (funds["metric"] == metric)]
    if rows.empty:
        return _NONE
    row = rows.iloc[0]
    base, half = _base_and_half(row)
    if base is None and "value_base" in row.index:
        base = dec(row["value_base"])
    basis = row["basis"] if isinstance(row.get("basis"), str) else None
    line = None if pd.isna(row["line"]) else int(row["line"])
    return _Figure(base, half, line, basis)


def _plain(value: Decimal) -> Decimal:
    """Drop the trailing zeros a unit conversion leaves (``Decimal("31.23000000")`` → ``31.23``)."""
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def _in_yi(value: Decimal, funds: pd.DataFrame, scheme: str) -> Decimal:
    """An amount in 元 shown in 亿元 with the decimals of the printed 基金收入/基金支出."""
    rows = funds[(funds["scheme"] == scheme) & funds["metric"].isin(["基金收入", "基金支出"])
                 & (funds["unit"] == "亿元")]
    places = max((-dec(v).as_tuple().exponent for v in rows["value"] if dec(v) is not None), default=None)
    out = value / _YI
    if places is not None and out == out.quantize(Decimal(1).scaleb(-places)):
        return out.quantize(Decimal(1).scaleb(-places))
    return _plain(out)


def _q(value: Decimal, places: int, rounding: str = ROUND_HALF_UP) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=rounding)


def fund_overview(d) -> pd.DataFrame:
    """One row per scheme: insured, payers, beneficiaries (万人), income, expenditure, balances (亿元).

    Values are the printed figures converted exactly; None where the document gives none. The
    column names carry their unit (``基金收入（亿元）``), so the table says what it holds.
    """
    funds = d.funds
    rows = []
    for scheme in schemes(d):
        row = {"scheme": scheme}
        for metric, unit, name in _OVERVIEW:
            printed = funds[(funds["scheme"] == scheme) & (funds["metric"] == metric)]
            column = f"{metric}（{name}）"
            if not printed.empty and printed.iloc[0]["unit"] == name:
                row[column] = dec(printed.iloc[0]["value"])  # as printed, trailing zeros kept
                continue
            base = figure(funds, scheme, metric).value
            row[column] = None if base is None else _plain(base / unit)
        bases = funds.loc[funds["scheme"] == scheme, "basis"].tolist()
        row["basis"] = "不含省内上解下拨" if any(isinstance(b, str) and "上解下拨" in b for b in bases) else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["scheme", *(f"{m}（{n}）" for m, _, n in _OVERVIEW), "basis"])


_OVERVIEW = (("参保人数", _WAN, "万人"), ("缴费人数", _WAN, "万人"), ("待遇人数", _WAN, "万人"),
             ("基金收入", _YI, "亿元"), ("基金支出", _YI, "亿元"), ("当期结余", _YI, "亿元"),
             ("累计结余", _YI, "亿元"))


def _ratio_range(num: _Figure, den: _Figure, minus: _Figure | None = None,
                 factor: Decimal = Decimal(100)) -> tuple[Decimal, Decimal] | None:
    """Bounds of factor × (num − minus) / den when every printed figure may lie anywhere within
    ± its half unit; None when the denominator's interval reaches 0."""
    low_den, high_den = den.value - den.half, den.value + den.half
    if low_den <= 0:
        return None
    sub = minus.value if minus is not None else Decimal(0)
    sub_half = minus.half if minus is not None else Decimal(0)
    low_num = num.value - num.half - (sub + sub_half)
    high_num = num.value + num.half - (sub - sub_half)
    low = low_num * factor / (high_den if low_num >= 0 else low_den)
    high = high_num * factor / (low_den if high_num >= 0 else high_den)
    return low, high


def _shown(exact: Decimal, bounds: tuple[Decimal, Decimal] | None, places: int,
           reduce: bool = True) -> tuple[Decimal, str, bool]:
    """(value to show, range text, is_wide): the point rounded to ``places`` (with ``reduce``, one
    place fewer, down to 0, for each tenfold of the range's width beyond a display unit) and the
    range rounded outwards. The range is wide when it spans ten display units or more."""
    if bounds is None:
        return _q(exact, places), "", False
    low, high = bounds
    unit = Decimal(1).scaleb(-places)
    shown_places, width = places, high - low
    while reduce and shown_places > 0 and width >= unit * 10 ** (places - shown_places + 1):
        shown_places -= 1
    text = f"{fmt_num(_q(low, places, ROUND_FLOOR))}{{unit}}至{fmt_num(_q(high, places, ROUND_CEILING))}{{unit}}"
    return _q(exact, shown_places), text, width >= unit * 10


#: Caveats keyed by words of the scheme name (DOMAIN.md §6a).
CIVIL_SERVICE_CAVEAT = ("机关事业单位养老保险的收不抵支部分由同级财政兜底补足，基金收入中已含这部分财政资金，"
                        "因此收支比接近100%是制度安排的结果，并不说明基金靠缴费实现了收支平衡；原文未单列财政补贴收入，"
                        "无法计算不含财政补贴的自给率。")
RURAL_BALANCE_CAVEAT = ("城乡居民养老保险的累计结余主要是参保人个人账户储存额，属于参保人本人、将来按账户计发；"
                        "基础养老金由财政补贴按期支付。因此可支付月数高估了基金可以调剂使用的缓冲。")
SUBSIDY_CAVEAT = "收支比把财政补贴计为基金收入；不计财政补贴的自给率见下一项。"
PRECISION_CAVEAT = "原文的{what}没有印小数，按印刷精度，本指标只能确定在{range}之间。"


def fund_metrics(d) -> pd.DataFrame:
    """Derived metrics per scheme (DOMAIN.md §6a), each with formula, basis, caveat and range.

    ``收支比`` counts all fund income (财政补贴 included); ``自给率`` leaves 财政补贴收入 out and is
    given only where the subsidy is printed; ``征缴收入覆盖率`` = 缴费收入 ÷ 待遇支出. ``range`` is
    the interval the ratio can take when every printed input may lie anywhere within ± half a unit
    of its last printed digit (``2亿元`` stands for 1.5–2.5亿元); when that interval is wide the
    value is shown with fewer decimals and the caveat says so.

    Returns:
        columns of :data:`METRIC_COLUMNS`; ``value`` is a Decimal rounded for display (ratios to
        0.1 %, months to 0.01, money per person to 1 元 unless the range is wider).
    """
    funds = d.funds
    out = []
    for scheme in schemes(d):
        get = {m: figure(funds, scheme, m) for m in (
            "参保人数", "缴费人数", "待遇人数", "基金收入", "基金支出", "当期结余", "累计结余", "利息收入",
            "缴费收入", "财政补贴收入", "待遇支出", "单位缴费比例", "个人缴费比例")}
        bases = [g.basis for g in get.values() if g.basis]
        pooled = is_pooled(scheme, bases)
        basis = "不含省内上解下拨" if any("上解下拨" in b for b in bases) else "全市口径"
        coarse = [m for m in ("基金收入", "基金支出", "累计结余", "财政补贴收入", "缴费收入", "待遇支出")
                  if get[m].value is not None and _printed_places(funds, scheme, m) == 0]

        def add(metric, value, unit, formula, names, caveat="", bounds=None, places=1, reduce=True):
            shown, range_text, wide = (value, "", False) if bounds is None and places is None else \
                _shown(value, bounds, places, reduce)
            if wide:
                what = "、".join(f"{m}（{_printed(funds, scheme, m)}）" for m in coarse if m in names) or "整数"
                caveat = PRECISION_CAVEAT.format(what=what, range=range_text.format(unit=unit)) + caveat
            out.append({"scheme": scheme, "metric": metric, "value": shown, "unit": unit, "formula": formula,
                        "range": range_text.format(unit=unit), "basis": basis, "caveat": caveat,
                        "lines": sorted({get[n].line for n in names if get[n].line is not None}), "wide": wide})

        insured, payers, benef = get["参保人数"], get["缴费人数"], get["待遇人数"]
        income, spend, closing = get["基金收入"], get["基金支出"], get["累计结余"]
        subsidy, contrib, paid = get["财政补贴收入"], get["缴费收入"], get["待遇支出"]
        if insured.value and payers.value is not None:
            add("缴费人员占参保人数比例", payers.value * 100 / insured.value, "%", "缴费人数 ÷ 参保人数",
                ["缴费人数", "参保人数"],
                "参保人数包含已退休领取待遇和中断缴费的人员，差额不等于退休人数。" if payers.value != insured.value else "",
                _ratio_range(payers, insured))
        if insured.value and benef.value is not None:
            add("待遇领取人员占参保人数比例", benef.value * 100 / insured.value, "%", "待遇人数 ÷ 参保人数",
                ["待遇人数", "参保人数"], bounds=_ratio_range(benef, insured))
        if income.value is not None and spend.value is not None:
            balance = income.value - spend.value
            stated = get["当期结余"].value
            note = "" if stated is None or stated == balance else f"原文当期结余{fmt_num(_plain(stated / _YI))}亿元。"
            low = (income.value - income.half - spend.value - spend.half) / _YI
            high = (income.value + income.half - spend.value + spend.half) / _YI
            shown_balance = _in_yi(balance, funds, scheme)
            places = max(0, -shown_balance.as_tuple().exponent)
            if low < 0 < high:
                note += "按印刷精度，收支差额可正可负，不能判断本年是结余还是缺口。"
            add("当期结余（收入−支出）", shown_balance, "亿元", "基金收入 − 基金支出",
                ["基金收入", "基金支出", "当期结余"], (POOLED_CAVEAT if pooled and balance < 0 else "") + note,
                (low, high), places, reduce=False)
            if spend.value:
                caveat = POOLED_CAVEAT if pooled else (CIVIL_SERVICE_CAVEAT if "机关事业" in scheme else "")
                if subsidy.value is not None:
                    caveat = SUBSIDY_CAVEAT + caveat
                add("收支比", income.value * 100 / spend.value, "%", "基金收入 ÷ 基金支出（含财政补贴）",
                    ["基金收入", "基金支出"], caveat, _ratio_range(income, spend))
                if subsidy.value is not None:
                    add("自给率（不含财政补贴）", (income.value - subsidy.value) * 100 / spend.value, "%",
                        "(基金收入 − 财政补贴收入) ÷ 基金支出", ["基金收入", "财政补贴收入", "基金支出"],
                        "只计缴费、利息、集体补助等基金自身收入，衡量不靠财政补贴时收入能覆盖多少支出。",
                        _ratio_range(income, spend, subsidy))
        if contrib.value is not None and paid.value:
            add("征缴收入覆盖率", contrib.value * 100 / paid.value, "%", "缴费收入 ÷ 待遇支出",
                ["缴费收入", "待遇支出"], "最严格的口径：只看参保人当年缴费能支付多少待遇。", _ratio_range(contrib, paid))
        if closing.value is not None and spend.value:
            caveat = POOLED_CAVEAT if pooled else "按本年支出水平，不考虑未来收入。"
            if "城乡居民" in scheme:
                caveat += RURAL_BALANCE_CAVEAT
            add("可支付月数", closing.value * 12 / spend.value, "个月", "累计结余 ÷ (基金支出 ÷ 12)",
                ["累计结余", "基金支出"], caveat, _ratio_range(closing, spend, factor=Decimal(12)), places=2)
        if subsidy.value is not None and income.value:
            add("财政补贴依赖度", subsidy.value * 100 / income.value, "%", "财政补贴收入 ÷ 基金收入",
                ["财政补贴收入", "基金收入"], bounds=_ratio_range(subsidy, income))
        if paid.value is not None and benef.value:
            add("人均待遇", paid.value / benef.value / 12, "元/月", "待遇支出 ÷ 待遇人数 ÷ 12",
                ["待遇支出", "待遇人数"], "按年末领取人数计算，年内人数变动会使结果略有偏差。",
                _ratio_range(paid, benef, factor=Decimal(1) / 12), places=0)
        rate_unit, rate_person = get["单位缴费比例"].value, get["个人缴费比例"].value
        if payers.value and rate_unit is not None and rate_person is not None:
            contribution, names, caveat = contrib.value, ["缴费收入", "缴费人数"], ""
            # Only enterprise pensions are financed mainly by contributions; elsewhere (机关事业)
            # fund income carries large fiscal transfers, so it cannot stand in for contributions.
            if contribution is None and income.value is not None and "企业职工" in scheme:
                contribution = income.value - (get["利息收入"].value or Decimal(0))
                names = ["基金收入", "利息收入", "缴费人数"]
                caveat = "未公布缴费收入，以基金收入扣除利息收入近似，其中可能含财政补贴等其他收入，仅供参考。"
            if contribution is not None:
                total_rate = (rate_unit + rate_person) / 100
                add("隐含月缴费基数", _q(contribution / payers.value / total_rate / 12, 0), "元/月",
                    "缴费收入 ÷ 缴费人数 ÷ (单位 + 个人缴费比例) ÷ 12", names + ["单位缴费比例", "个人缴费比例"],
                    caveat + "灵活就业人员按20%缴费，会使推算基数偏低。", places=None)
    return pd.DataFrame(out, columns=METRIC_COLUMNS)


def _printed_places(funds: pd.DataFrame, scheme: str, metric: str) -> int | None:
    rows = funds[(funds["scheme"] == scheme) & (funds["metric"] == metric)]
    value = dec(rows.iloc[0]["value"]) if not rows.empty else None
    return None if value is None else max(0, -value.as_tuple().exponent)


def _printed(funds: pd.DataFrame, scheme: str, metric: str) -> str:
    row = funds[(funds["scheme"] == scheme) & (funds["metric"] == metric)].iloc[0]
    return f"{row['value']}{row['unit'] if isinstance(row['unit'], str) else ''}"


def describe_scheme(d, scheme: str, metrics: pd.DataFrame | None = None) -> str:
    """A Chinese paragraph on one scheme: coverage, money, derived metrics with their caveats.

    ``metrics`` is :func:`fund_metrics` of ``d`` when the caller has it already (computed here
    otherwise; it covers every scheme, so one call serves them all).
    """
    funds = d.funds
    if funds.empty:
        return NO_FUNDS
    metrics = fund_metrics(d) if metrics is None else metrics
    metrics = metrics[metrics["scheme"] == scheme]
    part = funds[(funds["scheme"] == scheme) & funds["metric"].isin(OPERATION_METRICS)]
    if part.empty:
        return f"**{esc(scheme)}**：文中没有该险种的参保和收支数据。"
    figures = "，".join(f"{esc(r.metric)}{fmt_num(dec(r.value))}{esc(r.unit) if isinstance(r.unit, str) else ''}"
                        + (f"（{esc(r.basis)}）" if isinstance(r.basis, str) and r.basis else "")
                        for r in part.itertuples())
    text = f"**{esc(scheme)}**：{figures}（{lines_text(part['line'])}）。"
    if not metrics.empty:
        text += "据此计算：" + "；".join(
            f"{m.metric}{'约' if m.wide else ''}{fmt_num(m.value)}{m.unit}"
            + (f"（按印刷精度在{m.range}之间）" if m.wide else "") + f"（{m.formula}）"
            for m in metrics.itertuples()) + "。"
        sentences = [s + "。" for c in metrics["caveat"] for s in c.split("。")
                     if s and not s.startswith(_PRECISION_PREFIX)]
        text += "".join(dict.fromkeys(sentences))
        coarse = [f"{esc(r.metric)}{fmt_num(dec(r.value))}{esc(r.unit)}" for r in part.itertuples()
                  if r.metric in _MONEY and dec(r.value) is not None and dec(r.value).as_tuple().exponent >= 0
                  and r.unit == "亿元"]
        if coarse and metrics["wide"].any():
            text += ("原文" + "、".join(coarse) + "只印到整数亿元，代表的真实值可在±0.5亿元之间，"
                     "以上标“约”的指标都只能确定在括号中的范围内。")
    return text


_PRECISION_PREFIX = PRECISION_CAVEAT.split("{", 1)[0]
_MONEY = ("基金收入", "基金支出", "累计结余", "财政补贴收入", "缴费收入", "待遇支出", "当期结余")


#: How to read city fund figures (DOMAIN.md §6b), shown once before the schemes.
READING_GUIDE = (
    "**怎样读市级社保基金数据**：企业职工基本养老保险已实行全国统筹下的省级统收统支，工伤保险实行省级统筹并设省级调剂金。"
    "市级经办机构负责征收和支付，缺口由省级下拨弥补，结余按规定上解。因此，标注“不含省内上解下拨”的收入和支出"
    "只反映本市的征收与支付，两者之差是由省级调剂弥补的结构性缺口，而不是本市基金的赤字；这类险种的累计结余和"
    "可支付月数只说明资金留在哪里，不能用来判断本地偿付能力。城乡居民养老保险和机关事业单位养老保险的数据按本市口径解读。"
)


def amounts(d) -> str | None:
    """The report header's unit note: :data:`AMOUNTS` when the document has fund data, else None
    (the document's own currency unit)."""
    return AMOUNTS if has_funds(d) else None


def has_funds(d) -> bool:
    """True when ``d.funds`` holds at least one scheme (the fund report has something to analyse)."""
    return bool(schemes(d))


def describe_coverage(d) -> str:
    """One paragraph saying whether the document publishes fund operations, and if not, what it is.

    For a department that runs no social-insurance fund (most departments), the whole fund report
    is this paragraph; where the text mentions funds but no figure was read, the lines are named.
    """
    names = schemes(d)
    if names:
        return describe_overview(d)
    unit = esc(d.meta.get("unit") or "本单位")
    document = getattr(d, "document", None)
    paragraphs = document.paragraphs if document is not None else []
    lines = [p.line for p in paragraphs if any(w in p.text for w in _FUND_WORDS)]
    if not lines:
        return (f"**本文件不含社会保险基金数据。**{unit}的部门决算公开只反映本部门自身的收支，"
                "没有公布任何社会保险基金的参保人数、基金收支或结余（这类数据通常只出现在社保经办机构的决算公开中），"
                "所以本报告没有可分析的内容，下文不列出空表和空图。部门自身收支见“支出结构分析”报告。")
    return (f"**本文件没有可读取的社会保险基金数据。**文中{lines_text(lines[:5])}{'等处' if len(lines) > 5 else ''}"
            "提到了参保或基金，但没有读出参保人数、基金收支或结余的数字（见数据核对报告的读取问题），"
            "所以本报告没有可分析的内容，下文不列出空表和空图。")


def presenter(d, show):
    """``show`` for the fund report's parts after :func:`describe_coverage`: everything is shown
    when the document has fund data, nothing (an empty Markdown) when it has none."""
    if has_funds(d):
        return show
    from IPython.display import Markdown

    return lambda obj: Markdown("")


def describe_all(d) -> str:
    """Markdown: one paragraph per scheme (:func:`describe_scheme`), or a note that there is no fund data."""
    names = schemes(d)
    if not names:
        return NO_FUNDS
    metrics = fund_metrics(d)
    return "\n\n".join(describe_scheme(d, scheme, metrics) for scheme in names)


def describe_overview(d) -> str:
    """A Chinese paragraph introducing the schemes covered and the bases of their figures."""
    names = schemes(d)
    if not names:
        return NO_FUNDS
    overview = fund_overview(d)
    pooled = [s for s, b in zip(overview["scheme"], overview["basis"]) if b]
    text = f"本文件公布了{len(names)}个险种的基金运行情况：" + "、".join(esc(n) for n in names) + "。"
    if pooled:
        text += "其中" + "、".join(esc(p) for p in pooled) + "的收入和支出按“不含省内上解下拨”口径公布。"
    return text + "以下金额按原文单位换算为亿元，人数换算为万人，换算是精确的，不另做舍入。"


def _base_and_half(row: pd.Series) -> tuple[Decimal | None, Decimal]:
    value = dec(row["value"])
    base, _ = to_base(row["value"], row["unit"])
    if value is None or base is None:
        return None, Decimal(0)
    factor = base / value if value != 0 else _UNIT_FACTORS[row["unit"]][0]
    return base, Decimal(5).scaleb(value.as_tuple().exponent - 1) * factor
