"""Social-insurance fund operations per scheme (DOMAIN.md §6): coverage, payer share, balance,
self-sufficiency, months payable, subsidy dependence, average benefit, implied contribution base.

Input is ``d.funds`` (columns :data:`hcfin.narrative.FUND_COLUMNS`). Each metric
is computed only where the figures it needs are printed, and carries its formula, the basis of its
inputs (e.g. ``不含省内上解下拨``) and the caveat that changes its reading.
"""

from __future__ import annotations

from decimal import Decimal, ROUND_HALF_UP

import pandas as pd

from ._common import dec, esc, lines_text
from .text import fmt_num

__all__ = [
    "METRIC_COLUMNS",
    "NO_FUNDS",
    "POOLED_CAVEAT",
    "COMPONENTS",
    "describe_all",
    "describe_components",
    "fund_components",
    "describe_overview",
    "describe_scheme",
    "READING_GUIDE",
    "NATIONAL_CONTEXT",
    "fund_metrics",
    "fund_overview",
    "is_pooled",
    "schemes",
    "to_base",
]

NO_FUNDS = "本文件的社会保险基金运行情况尚未被解析为数据，这一部分暂时无法给出。"
POOLED_CAVEAT = ("该险种实行省级统筹，市级数据不含省内上解下拨：当期缺口由省级调剂资金弥补、结余按规定上解，"
                 "累计结余只反映留在本市账上的资金，不能据此判断本地基金的偿付能力。")
METRIC_COLUMNS = ["scheme", "metric", "value", "unit", "formula", "basis", "caveat", "lines"]

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


def _get(funds: pd.DataFrame, scheme: str, metric: str) -> tuple[Decimal | None, str | None, int | None, str | None]:
    rows = funds[(funds["scheme"] == scheme) & (funds["metric"] == metric)]
    if rows.empty:
        return None, None, None, None
    row = rows.iloc[0]
    base = dec(row["value_base"]) if "value_base" in row.index else None
    base_unit = row["base_unit"] if isinstance(row.get("base_unit"), str) else None
    if base is None:
        base, base_unit = to_base(row["value"], row["unit"])
    basis = row["basis"] if isinstance(row.get("basis"), str) else None
    line = None if pd.isna(row["line"]) else int(row["line"])
    return base, base_unit, line, basis


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


def _q(value: Decimal, places: int) -> Decimal:
    return value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def fund_overview(d) -> pd.DataFrame:
    """One row per scheme: insured, payers, beneficiaries (万人), income, expenditure, balances (亿元).

    Values are the printed figures converted exactly; None where the document gives none.
    """
    funds = d.funds
    rows = []
    for scheme in schemes(d):
        row = {"scheme": scheme}
        for metric, unit, name in (("参保人数", _WAN, "万人"), ("缴费人数", _WAN, "万人"), ("待遇人数", _WAN, "万人"),
                                   ("基金收入", _YI, "亿元"), ("基金支出", _YI, "亿元"), ("当期结余", _YI, "亿元"),
                                   ("累计结余", _YI, "亿元")):
            printed = funds[(funds["scheme"] == scheme) & (funds["metric"] == metric)]
            if not printed.empty and printed.iloc[0]["unit"] == name:
                row[metric] = dec(printed.iloc[0]["value"])  # as printed, trailing zeros kept
                continue
            base, _, _, _ = _get(funds, scheme, metric)
            row[metric] = None if base is None else _plain(base / unit)
        bases = funds.loc[funds["scheme"] == scheme, "basis"].tolist()
        row["basis"] = "不含省内上解下拨" if any(isinstance(b, str) and "上解下拨" in b for b in bases) else ""
        rows.append(row)
    return pd.DataFrame(rows, columns=["scheme", "参保人数", "缴费人数", "待遇人数", "基金收入", "基金支出",
                                       "当期结余", "累计结余", "basis"])


def fund_metrics(d) -> pd.DataFrame:
    """Derived metrics per scheme, each with formula, basis and caveat (see module docstring).

    Returns:
        columns of :data:`METRIC_COLUMNS`; ``value`` is a Decimal rounded for display (ratios to
        0.1 %, months to 0.01, money per person to 1 元) since the inputs are printed to 0.01 亿元.
    """
    funds = d.funds
    out = []
    for scheme in schemes(d):
        get = {m: _get(funds, scheme, m) for m in (
            "参保人数", "缴费人数", "待遇人数", "基金收入", "基金支出", "当期结余", "累计结余", "利息收入",
            "缴费收入", "财政补贴收入", "待遇支出", "单位缴费比例", "个人缴费比例")}
        bases = [g[3] for g in get.values() if g[3]]
        pooled = is_pooled(scheme, bases)
        basis = "不含省内上解下拨" if any("上解下拨" in b for b in bases) else "全市口径"

        def add(metric, value, unit, formula, names, caveat=""):
            out.append({"scheme": scheme, "metric": metric, "value": value, "unit": unit, "formula": formula,
                        "basis": basis, "caveat": caveat,
                        "lines": sorted({get[n][2] for n in names if get[n][2] is not None})})

        insured, payers, benef = get["参保人数"][0], get["缴费人数"][0], get["待遇人数"][0]
        income, spend, closing = get["基金收入"][0], get["基金支出"][0], get["累计结余"][0]
        if insured and payers is not None:
            add("缴费人员占参保人数比例", _q(payers * 100 / insured, 1), "%", "缴费人数 ÷ 参保人数",
                ["缴费人数", "参保人数"],
                "参保人数包含已退休领取待遇和中断缴费的人员，差额不等于退休人数。" if payers != insured else "")
        if insured and benef is not None:
            add("待遇领取人员占参保人数比例", _q(benef * 100 / insured, 1), "%", "待遇人数 ÷ 参保人数",
                ["待遇人数", "参保人数"])
        if income is not None and spend is not None:
            balance = income - spend
            stated = get["当期结余"][0]
            note = "" if stated is None or stated == balance else f"原文当期结余{fmt_num(_plain(stated / _YI))}亿元。"
            add("当期结余（收入−支出）", _in_yi(balance, funds, scheme), "亿元", "基金收入 − 基金支出", ["基金收入", "基金支出", "当期结余"],
                (POOLED_CAVEAT if pooled and balance < 0 else "") + note)
            if spend:
                add("收支比（自给率）", _q(income * 100 / spend, 1), "%", "基金收入 ÷ 基金支出",
                    ["基金收入", "基金支出"], POOLED_CAVEAT if pooled else "")
        if closing is not None and spend:
            add("可支付月数", _q(closing / (spend / 12), 2), "个月", "累计结余 ÷ (基金支出 ÷ 12)",
                ["累计结余", "基金支出"], POOLED_CAVEAT if pooled else "按本年支出水平，不考虑未来收入。")
        subsidy = get["财政补贴收入"][0]
        if subsidy is not None and income:
            add("财政补贴依赖度", _q(subsidy * 100 / income, 1), "%", "财政补贴收入 ÷ 基金收入",
                ["财政补贴收入", "基金收入"])
        paid = get["待遇支出"][0]
        if paid is not None and benef:
            add("人均待遇", _q(paid / benef / 12, 0), "元/月", "待遇支出 ÷ 待遇人数 ÷ 12",
                ["待遇支出", "待遇人数"], "按年末领取人数计算，年内人数变动会使结果略有偏差。")
        rate_unit, rate_person = get["单位缴费比例"][0], get["个人缴费比例"][0]
        if payers and rate_unit is not None and rate_person is not None:
            contrib, names, caveat = get["缴费收入"][0], ["缴费收入", "缴费人数"], ""
            # Only enterprise pensions are financed mainly by contributions; elsewhere (机关事业)
            # fund income carries large fiscal transfers, so it cannot stand in for contributions.
            if contrib is None and income is not None and "企业职工" in scheme:
                interest = get["利息收入"][0] or Decimal(0)
                contrib = income - interest
                names = ["基金收入", "利息收入", "缴费人数"]
                caveat = "未公布缴费收入，以基金收入扣除利息收入近似，其中可能含财政补贴等其他收入，仅供参考。"
            if contrib is not None:
                total_rate = (rate_unit + rate_person) / 100
                add("隐含月缴费基数", _q(contrib / payers / total_rate / 12, 0), "元/月",
                    "缴费收入 ÷ 缴费人数 ÷ (单位 + 个人缴费比例) ÷ 12", names + ["单位缴费比例", "个人缴费比例"],
                    caveat + "灵活就业人员按20%缴费，会使推算基数偏低。")
    return pd.DataFrame(out, columns=METRIC_COLUMNS)


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
        text += "据此计算：" + "；".join(f"{m.metric}{fmt_num(m.value)}{m.unit}（{m.formula}）"
                                       for m in metrics.itertuples()) + "。"
        caveats = [c for c in dict.fromkeys(metrics["caveat"]) if c]
        text += "".join(caveats)
    return text


#: How to read city fund figures (DOMAIN.md §6b), shown once before the schemes.
READING_GUIDE = (
    "**怎样读市级社保基金数据**：企业职工基本养老保险已实行全国统筹下的省级统收统支，工伤保险实行省级统筹并设省级调剂金。"
    "市级经办机构负责征收和支付，缺口由省级下拨弥补，结余按规定上解。因此，标注“不含省内上解下拨”的收入和支出"
    "只反映本市的征收与支付，两者之差是由省级调剂弥补的结构性缺口，而不是本市基金的赤字；这类险种的累计结余和"
    "可支付月数只说明资金留在哪里，不能用来判断本地偿付能力。城乡居民养老保险和机关事业单位养老保险的数据按本市口径解读。"
)

#: National context for the ratios (DOMAIN.md §6d; sources named in the text).
NATIONAL_CONTEXT = (
    "**全国参照**：2024年一季度末，全国基本养老、失业、工伤三项社会保险基金累计结余约8.6万亿元，"
    "一季度支出约1.8万亿元，折合约14个月的支出（据人力资源社会保障部发布数据推算）；"
    "基本养老保险参保人数2024年末超过10.7亿人。全国数字包含省级和中央调剂后的结余，不能与市级口径直接相比。"
)


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
        columns scheme, side, total, components, component_sum, difference, tolerance, verdict,
        lines; money in 万元 (exact).
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
                "scheme": scheme, "side": total_metric, "total": _plain(total / _WAN),
                "components": "、".join(part_rows["metric"]), "component_sum": _plain(component_sum / _WAN),
                "difference": _plain(diff / _WAN), "tolerance": _plain(tolerance / _WAN), "verdict": verdict,
                "lines": sorted({int(x) for x in [*total_row["line"], *part_rows["line"]]}),
            })
    return pd.DataFrame(rows, columns=["scheme", "side", "total", "components", "component_sum", "difference",
                                       "tolerance", "verdict", "lines"])


def _base_and_half(row: pd.Series) -> tuple[Decimal | None, Decimal]:
    value = dec(row["value"])
    base, _ = to_base(row["value"], row["unit"])
    if value is None or base is None:
        return None, Decimal(0)
    factor = base / value if value != 0 else _UNIT_FACTORS[row["unit"]][0]
    return base, Decimal(5).scaleb(value.as_tuple().exponent - 1) * factor


def describe_components(frame: pd.DataFrame) -> str:
    """A Chinese paragraph on the component checks (:func:`fund_components`)."""
    if frame.empty:
        return "文中没有同时列出总额和两个以上构成项的基金收支，不做构成核对。"
    parts = []
    for r in frame.itertuples():
        piece = (f"{esc(r.scheme)}{r.side}{fmt_num(r.total)}万元，列出的构成项（{esc(r.components)}）合计"
                 f"{fmt_num(r.component_sum)}万元，相差{fmt_num(r.difference)}万元")
        if r.verdict == "尾差":
            piece += f"，不超过各印刷数舍入误差之和{fmt_num(r.tolerance)}万元，属尾差"
        elif r.verdict == "构成项不全":
            piece += "，构成项之和小于总额，原文只列出了部分构成"
        elif r.verdict == "不符":
            piece += f"，超出舍入误差之和{fmt_num(r.tolerance)}万元，构成项之和大于总额，需要核实"
        parts.append(piece + f"（{lines_text(r.lines)}）")
    return ("基金总额以亿元保留两位小数公布，一个印刷数的舍入误差就可达±50万元，核对时按区间判断。"
            + "；".join(parts) + "。")
