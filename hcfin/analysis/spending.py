"""Spending structure from the nine tables (DOMAIN.md §7): income, function, basic/project,
人员/公用经费, economic classes, 三公 and the structural ratios.

Every frame keeps the printed value as an exact Decimal and the source line(s); shares are
computed from the Decimals and rounded once (see :data:`hcfin.analysis.text.PCT_NOTE`).
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from hcfin.classification import load_codes

from ._common import dec, esc, fact, facts_of, lines_text, ratio_pct
from .text import PCT_NOTE, fmt_amount, fmt_num, fmt_pct

__all__ = [
    "INCOME_SOURCES",
    "SANGONG_ITEMS",
    "basic_project",
    "describe_basic_project",
    "describe_functions",
    "describe_income",
    "describe_personnel_public",
    "describe_sangong",
    "describe_sangong_rate_basis",
    "economic_classes",
    "expenditure_by_function",
    "income_by_source",
    "key_ratios",
    "personnel_public",
    "sangong",
]

#: T01 income rows 1–8: (row_key, Chinese name).
INCOME_SOURCES = [
    ("gpb_appropriation", "一般公共预算财政拨款收入"),
    ("gf_appropriation", "政府性基金预算财政拨款收入"),
    ("soe_appropriation", "国有资本经营预算财政拨款收入"),
    ("superior_subsidy", "上级补助收入"),
    ("business", "事业收入"),
    ("operating", "经营收入"),
    ("subsidiary_remit", "附属单位上缴收入"),
    ("other", "其他收入"),
]

#: T03 columns of the 合计 row: (measure_key, Chinese name).
SPENDING_KINDS = [
    ("basic", "基本支出"),
    ("project", "项目支出"),
    ("remit_superior", "上缴上级支出"),
    ("operating", "经营支出"),
    ("subsidiary_subsidy", "对附属单位补助支出"),
]

#: T09 items: (key suffix, Chinese name, parent item or None).
SANGONG_ITEMS = [
    ("total", "“三公”经费合计", None),
    ("abroad", "因公出国（境）费", "total"),
    ("vehicle_total", "公务用车购置及运行维护费", "total"),
    ("vehicle_purchase", "其中：公务用车购置费", "vehicle_total"),
    ("vehicle_operation", "其中：公务用车运行维护费", "vehicle_total"),
    ("reception", "公务接待费", "total"),
]

LEVEL_DIGITS = {"类": 3, "款": 5, "项": 7}
PERSONNEL_CLASSES = ("301", "303")


def income_by_source(d) -> pd.DataFrame:
    """T01 income rows 1–8 with their share of 本年收入合计.

    Returns:
        columns source, value (Decimal or None when the cell is blank), share_pct, line, status
        ("ok" / "blank" / "absent"). Blank cells stay None, never 0.
    """
    total, total_line = fact(d, "T01", "amount", row_key="income_total", side="income")
    rows = []
    facts = d.facts
    for key, name in INCOME_SOURCES:
        hit = facts[(facts["table"] == "T01") & (facts["side"] == "income") & (facts["row_key"] == key)]
        if hit.empty:
            rows.append({"source": name, "value": None, "share_pct": None, "line": None, "status": "absent"})
            continue
        value = dec(hit.iloc[0]["value"])
        rows.append({
            "source": name,
            "value": value,
            "share_pct": ratio_pct(value, total),
            "line": int(hit.iloc[0]["line"]),
            "status": "ok" if value is not None else "blank",
        })
    frame = pd.DataFrame(rows, columns=["source", "value", "share_pct", "line", "status"])
    frame.attrs.update({"total": total, "total_line": total_line, "basis": "公开01表 本年收入合计"})
    return frame


def expenditure_by_function(d, level: str = "项") -> pd.DataFrame:
    """T03 spending by 功能分类 at 类, 款 or 项, with shares of the T03 合计 row.

    A code printed at the requested level is taken as printed (basis "印刷数"); otherwise the
    finest printed rows below it are added up exactly (basis "由下级科目加总").

    Returns:
        columns code, name, total, basic, project, share_pct, basis, lines, n_terms (how many
        printed rows were added); at 类 also t01_value, t01_line (the class as T01 prints it).
        Sorted by total, largest first.

    Raises:
        ValueError: unknown level.
    """
    if level not in LEVEL_DIGITS:
        raise ValueError(f"level must be one of 类/款/项, not {level!r}")
    digits = LEVEL_DIGITS[level]
    facts = facts_of(d, "T03")
    coded = facts[facts["code"].notna()]
    grand, _ = fact(d, "T03", "total", row_key="total")
    names = load_codes("functional")
    printed_codes = set(coded["code"])
    rows = []
    for prefix in sorted({c[:digits] for c in printed_codes if len(c) >= digits}):
        if prefix in printed_codes:
            part, basis = coded[coded["code"] == prefix], "印刷数"
        else:
            finest = max(len(c) for c in printed_codes if c.startswith(prefix))
            part = coded[coded["code"].str.startswith(prefix) & (coded["code"].str.len() == finest)]
            basis = "由下级科目加总"
        sums = {}
        for key in ("total", "basic", "project"):
            values = [dec(v) for v in part.loc[part["measure_key"] == key, "value"]]
            sums[key] = sum(values, Decimal(0)) if values else None
        n_terms = int((part["measure_key"] == "total").sum())
        label = part["label"].iloc[0] if basis == "印刷数" else None
        rows.append({
            "code": prefix,
            "name": label or names.name(prefix) or prefix,
            "total": sums["total"],
            "basic": sums["basic"],
            "project": sums["project"],
            "share_pct": ratio_pct(sums["total"], grand),
            "basis": basis,
            "lines": sorted(int(x) for x in part["line"]),
            "n_terms": n_terms,
        })
    frame = pd.DataFrame(rows, columns=["code", "name", "total", "basic", "project", "share_pct", "basis", "lines",
                                        "n_terms"])
    if level == "类":
        t01 = facts_of(d, "T01")
        t01 = t01[(t01["side"] == "expenditure") & t01["code"].notna()]
        printed = {c: (dec(v), int(line)) for c, v, line in zip(t01["code"], t01["value"], t01["line"])}
        frame["t01_value"] = frame["code"].map(lambda c: printed.get(c, (None, None))[0])
        frame["t01_line"] = frame["code"].map(lambda c: printed.get(c, (None, None))[1])
    if not frame.empty:
        frame = frame.sort_values("total", ascending=False, key=lambda s: s.map(lambda v: v or 0)).reset_index(drop=True)
    frame.attrs.update({"grand_total": grand, "level": level})
    return frame


def basic_project(d) -> pd.DataFrame:
    """T03 合计 row split into 基本/项目/上缴上级/经营/对附属单位补助支出, shares of 本年支出合计."""
    total, total_line = fact(d, "T03", "total", row_key="total")
    rows = []
    for key, name in SPENDING_KINDS:
        value, line = fact(d, "T03", key, row_key="total")
        rows.append({"kind": name, "value": value, "share_pct": ratio_pct(value, total), "line": line})
    frame = pd.DataFrame(rows, columns=["kind", "value", "share_pct", "line"])
    frame.attrs.update({"total": total, "total_line": total_line})
    return frame


def personnel_public(d) -> pd.DataFrame:
    """人员经费 and 公用经费 (T06 footer) with their share of 一般公共预算财政拨款基本支出 (T05 合计).

    The denominator is the printed T05 基本支出; the two footers may add up to it only within
    rounding (the seed: 660.23 + 99.77 = 760.00 vs 759.99).
    """
    basic, basic_line = fact(d, "T05", "basic", row_key="total")
    rows = []
    for key, name in (("personnel_total", "人员经费"), ("public_total", "公用经费")):
        value, line = fact(d, "T06", "amount", row_key=key)
        rows.append({"kind": name, "value": value, "share_pct": ratio_pct(value, basic), "line": line})
    frame = pd.DataFrame(rows, columns=["kind", "value", "share_pct", "line"])
    frame.attrs.update({"basic": basic, "basic_line": basic_line,
                        "basis": "公开06表合计行 ÷ 公开05表基本支出合计"})
    return frame


def economic_classes(d, level: str = "款") -> pd.DataFrame:
    """T06 基本支出 by economic class (类 = 3 digits, 款 = 5 digits) with shares.

    Returns:
        columns code, name, group (人员经费 for 301/303, else 公用经费), value, share_of_group_pct
        (款 within its 类), share_of_basic_pct (of T05 基本支出), line; sorted by value.
    """
    digits = {"类": 3, "款": 5}.get(level)
    if digits is None:
        raise ValueError(f"level must be 类 or 款, not {level!r}")
    facts = facts_of(d, "T06")
    coded = facts[facts["code"].notna() & (facts["measure_key"] == "amount")]
    basic, _ = fact(d, "T05", "basic", row_key="total")
    classes = {row["code"]: dec(row["value"]) for _, row in coded[coded["code"].str.len() == 3].iterrows()}
    rows = []
    for _, row in coded[coded["code"].str.len() == digits].iterrows():
        value = dec(row["value"])
        parent = classes.get(row["code"][:3])
        rows.append({
            "code": row["code"],
            "name": row["label"],
            "group": "人员经费" if row["code"][:3] in PERSONNEL_CLASSES else "公用经费",
            "value": value,
            "share_of_group_pct": ratio_pct(value, parent) if digits == 5 else None,
            "share_of_basic_pct": ratio_pct(value, basic),
            "line": int(row["line"]),
        })
    frame = pd.DataFrame(rows, columns=["code", "name", "group", "value", "share_of_group_pct",
                                        "share_of_basic_pct", "line"])
    if not frame.empty:
        frame = frame.sort_values("value", ascending=False, key=lambda s: s.map(lambda v: v or 0)).reset_index(drop=True)
    return frame


def sangong(d) -> pd.DataFrame:
    """T09 三公 budget (adjusted full-year) vs actual per item, with the execution rate.

    Returns:
        columns item, key, budget, actual, execution_pct (None when the budget is 0 or blank),
        difference (actual − budget), budget_line, actual_line.
    """
    rows = []
    for key, name, _parent in SANGONG_ITEMS:
        budget, budget_line = fact(d, "T09", f"budget_{key}")
        actual, actual_line = fact(d, "T09", f"actual_{key}")
        rows.append({
            "item": name, "key": key, "budget": budget, "actual": actual,
            "execution_pct": ratio_pct(actual, budget),
            "difference": None if budget is None or actual is None else actual - budget,
            "budget_line": budget_line, "actual_line": actual_line,
        })
    return pd.DataFrame(rows, columns=["item", "key", "budget", "actual", "execution_pct", "difference",
                                       "budget_line", "actual_line"])


def _unit_name(d) -> str:
    return esc(d.meta.get("unit") or "本单位")


def describe_income(d, frame: pd.DataFrame) -> str:
    """One Chinese paragraph on the income sources of ``income_by_source``."""
    total = frame.attrs.get("total")
    year = d.meta.get("year")
    if total is None and frame["value"].isna().all():
        return "公开01表没有印出收入数（表格缺失、为空或未能读取），本部分无法分析。"
    printed = frame[frame["value"].notna() & (frame["value"].map(lambda v: v is not None and v != 0))]
    parts = [f"{esc(r.source)}{fmt_amount(r.value)}（占{fmt_pct(r.share_pct)}）" for r in printed.itertuples()]
    zero_or_blank = frame[~frame.index.isin(printed.index)]
    fiscal = sum((v for v in frame["value"].iloc[:3] if v is not None), Decimal(0))
    text = (f"{_unit_name(d)}{year}年度本年收入合计{fmt_amount(total)}（公开01表，"
            f"{lines_text([frame.attrs.get('total_line')])}）")
    if parts:
        text += "，其中" + "；".join(parts)
    text += "。"
    if total:
        text += f"财政拨款收入（一般公共预算、政府性基金、国有资本经营三项合计）{fmt_amount(fiscal)}，" \
                f"财政拨款依存度为{fmt_pct(ratio_pct(fiscal, total))}。"
    if not zero_or_blank.empty:
        blank = zero_or_blank[zero_or_blank["status"] != "ok"]["source"].tolist()
        zero = zero_or_blank[zero_or_blank["status"] == "ok"]["source"].tolist()
        if zero:
            text += "印为0的收入：" + "、".join(esc(s) for s in zero) + "。"
        if blank:
            text += "未填列（空白，不按0处理）的收入：" + "、".join(esc(s) for s in blank) + "。"
    return text + PCT_NOTE


def describe_functions(frame: pd.DataFrame, top: int = 3) -> str:
    """A Chinese paragraph on the functional mix (``expenditure_by_function``)."""
    if frame.empty:
        return "支出决算表（公开03表）没有可用的功能分类数据。"
    level = frame.attrs.get("level", "项")
    grand = frame.attrs.get("grand_total")
    head = frame.head(top)
    parts = [f"{esc(r.name)}（{r.code}）{fmt_amount(r.total)}，占{fmt_pct(r.share_pct)}" for r in head.itertuples()]
    covered = sum((v for v in head["total"] if v is not None), Decimal(0))
    text = (f"按支出功能分类{level}级，本年支出合计{fmt_amount(grand)}（公开03表合计行）分布在"
            f"{len(frame)}个{level}级科目。金额最大的{len(head)}个是：" + "；".join(parts) +
            f"，合计占{fmt_pct(ratio_pct(covered, grand))}。")
    summed = frame[frame["basis"] != "印刷数"]
    if not summed.empty:
        text += f"表中未单列{level}级合计行的科目，其金额由下级科目印刷数加总得到。"
    if "t01_value" in frame.columns:
        differ = frame[frame["t01_value"].notna() & (frame["t01_value"] != frame["total"])]
        for r in differ.itertuples():
            gap = r.t01_value - r.total
            bound = Decimal("0.005") * (r.n_terms + 1)
            text += (f"公开01表把{esc(r.name)}印为{fmt_amount(r.t01_value)}（第{r.t01_line}行），"
                     f"与公开03表{r.n_terms}个科目加总的{fmt_amount(r.total)}相差{fmt_num(gap)}万元，")
            text += (f"不超过{r.n_terms + 1}个印刷数的舍入误差之和{fmt_num(bound)}万元，属尾差。" if abs(gap) <= bound
                     else f"超过{r.n_terms + 1}个印刷数的舍入误差之和{fmt_num(bound)}万元，需要核对。")
    return text + PCT_NOTE


def describe_basic_project(frame: pd.DataFrame) -> str:
    """A Chinese paragraph on 基本支出 vs 项目支出 (``basic_project``)."""
    total = frame.attrs.get("total")
    if total is None:
        return "公开03表没有印出本年支出合计（表格缺失、为空或未能读取），本部分无法分析。"
    parts = [f"{r.kind}{fmt_amount(r.value)}，占{fmt_pct(r.share_pct)}"
             for r in frame.itertuples() if r.value is not None and r.value != 0]
    text = f"本年支出合计{fmt_amount(total)}（公开03表合计行，{lines_text([frame.attrs.get('total_line')])}），其中" + \
        "；".join(parts) + "。"
    project = frame.loc[frame["kind"] == "项目支出", "share_pct"]
    if not project.empty and project.iloc[0] is not None:
        text += ("基本支出保障机构运转和日常工作（人员经费加日常公用经费），项目支出用于特定工作任务；"
                 f"项目支出占比{fmt_pct(project.iloc[0])}。")
    return text + PCT_NOTE


def describe_personnel_public(pp: pd.DataFrame, classes: pd.DataFrame) -> str:
    """A Chinese paragraph on 人员经费 vs 公用经费 and the largest economic classes inside them."""
    basic = pp.attrs.get("basic")
    if basic is None and pp["value"].isna().all():
        return "公开05表和公开06表没有印出基本支出数据（表格缺失、为空或未能读取），本部分无法分析。"
    text = (f"一般公共预算财政拨款基本支出{fmt_amount(basic)}（公开05表）。" if basic is not None else
            "公开05表没有印出基本支出合计，因此不计算人员经费和公用经费的占比。")
    text += "；".join(f"{r.kind}{fmt_amount(r.value)}（公开06表{lines_text([r.line])}），占基本支出的{fmt_pct(r.share_pct)}"
                      for r in pp.itertuples()) + "。"
    values = [v for v in pp["value"] if v is not None]
    if len(values) == 2 and basic is not None and sum(values) != basic:
        gap = sum(values) - basic
        bound = Decimal("0.015")
        text += f"两项相加为{fmt_amount(sum(values))}，与基本支出{fmt_amount(basic)}相差{fmt_num(gap)}万元；"
        if abs(gap) <= bound:
            text += "三个印刷数各有±0.005万元的舍入误差，差额不超过0.015万元，属于尾差，不是差错。"
        else:
            text += "差额超过三个印刷数舍入误差之和（0.015万元），需要核对（见数据核对报告）。"
    for code in ("30228", "30229"):
        hit = classes[classes["code"] == code]
        if not hit.empty and hit.iloc[0]["share_of_group_pct"] is not None and hit.iloc[0]["value"]:
            r = hit.iloc[0]
            text += f"{esc(r['name'])}{fmt_amount(r['value'])}，占商品和服务支出（302）的{fmt_pct(r['share_of_group_pct'])}。"
    for group in ("人员经费", "公用经费"):
        part = classes[(classes["group"] == group) & classes["value"].map(lambda v: v is not None and v != 0)].head(3)
        if not part.empty:
            text += f"{group}中金额最大的是：" + "、".join(
                f"{esc(r.name)}{fmt_amount(r.value)}" for r in part.itertuples()) + "。"
    return text + PCT_NOTE


def describe_sangong(frame: pd.DataFrame, d=None) -> str:
    """A Chinese paragraph on 三公 budget vs actual (``sangong``); with ``d``, the reasons the
    document gives for the difference from the budget and from last year, quoted."""
    total = frame[frame["key"] == "total"].iloc[0]
    if frame["budget"].isna().all() and frame["actual"].isna().all():
        return "公开09表没有印出“三公”经费数据（表格缺失、为空或未能读取），本部分无法分析。"
    text = (f"“三公”经费（财政拨款口径）预算数{fmt_amount(total.budget)}，决算数{fmt_amount(total.actual)}"
            f"（公开09表{lines_text([total.budget_line, total.actual_line])}）")
    if total.execution_pct is not None:
        text += f"，决算为预算的{fmt_pct(total.execution_pct)}"
    text += "。"
    items = frame[(frame["key"] != "total") & ~frame["item"].str.startswith("其中")]
    parts = []
    for r in items.itertuples():
        piece = f"{r.item}预算{fmt_amount(r.budget)}、决算{fmt_amount(r.actual)}"
        if r.execution_pct is not None:
            piece += f"（{fmt_pct(r.execution_pct)}）"
        parts.append(piece)
    text += "分项：" + "；".join(parts) + "。"
    text += ("注意：表中预算数是调整后的全年预算数（不是年初预算），决算数包含使用以前年度结转资金安排的支出，"
             "所以决算数可以高于预算数。")
    if d is not None:
        text += _sangong_reasons(d)
    return text + PCT_NOTE


def _sangong_reasons(d) -> str:
    """The document's stated reasons for the 三公 total against budget and last year, quoted."""
    from hcfin.classification import name_key

    from .reasons import reason_at

    st = d.statements
    if st.empty:
        return ""
    rows = st[st["subject"].map(lambda s: name_key(str(s)) == name_key("“三公”经费")) & (st["metric"] == "决算")]
    if rows.empty or pd.isna(rows.iloc[0]["line"]):
        return ""
    line = int(rows.iloc[0]["line"])
    parts = []
    for kind, what in (("budget", "与预算的差异"), ("yoy", "与上年的变化")):
        reason = reason_at(d, line, kind)
        if reason:
            parts.append(f"对{what}，原文的解释是：“{esc(reason.rstrip('。'))}”")
    return ("；".join(parts) + f"（{lines_text([line])}）。") if parts else ""


def describe_sangong_rate_basis() -> str:
    """How the 三公 execution rate is defined (constant text)."""
    return "执行率 = 决算数 ÷ 预算数（公开09表第7栏 ÷ 第1栏，分项同理）；预算数为0时不计算执行率。"


def key_ratios(d) -> pd.DataFrame:
    """The structural ratios of DOMAIN.md §7 that the tables alone allow, each with its formula.

    Returns:
        columns metric, value, unit, formula, lines. Ratios whose inputs are blank are left out
        rather than shown as 0.
    """
    rows = []

    def add(metric, num, den, formula, lines, unit="%"):
        value = ratio_pct(num, den)
        if value is not None:
            rows.append({"metric": metric, "value": value, "unit": unit, "formula": formula,
                         "lines": sorted(x for x in lines if x is not None)})

    income = income_by_source(d)
    total_in, total_in_line = income.attrs["total"], income.attrs["total_line"]
    fiscal_rows = income.iloc[:3]
    fiscal = sum((v for v in fiscal_rows["value"] if v is not None), Decimal(0))
    add("财政拨款依存度", fiscal, total_in, "财政拨款收入 ÷ 本年收入合计（公开01表）",
        [total_in_line, *fiscal_rows["line"]])
    total, t_line = fact(d, "T03", "total", row_key="total")
    for key, name in (("basic", "基本支出"), ("project", "项目支出")):
        value, line = fact(d, "T03", key, row_key="total")
        add(f"{name}占比", value, total, f"{name} ÷ 本年支出合计（公开03表）", [line, t_line])
    pp = personnel_public(d)
    for r in pp.itertuples():
        add(f"{r.kind}占基本支出比重", r.value, pp.attrs["basic"], f"{r.kind}（公开06表）÷ 基本支出（公开05表）",
            [r.line, pp.attrs["basic_line"]])
    sg = sangong(d).set_index("key")
    add("“三公”经费执行率", sg.loc["total", "actual"], sg.loc["total", "budget"], "决算数 ÷ 预算数（公开09表）",
        [sg.loc["total", "actual_line"], sg.loc["total", "budget_line"]])
    closing, c_line = fact(d, "T01", "amount", row_key="closing_balance", side="expenditure")
    opening, o_line = fact(d, "T01", "amount", row_key="opening_balance", side="income")
    if closing is not None and total_in is not None:
        add("结转结余率", closing, (opening or Decimal(0)) + total_in,
            "年末结转和结余 ÷ (年初结转和结余 + 本年收入合计)（公开01表）", [c_line, o_line, total_in_line])
    classes = expenditure_by_function(d, "类")
    if not classes.empty:
        top = classes.iloc[0]
        rows.append({"metric": f"最大支出类（{top['name']}）占比", "value": top["share_pct"], "unit": "%",
                     "formula": "该类支出 ÷ 本年支出合计（公开03表）", "lines": top["lines"]})
        grand = classes.attrs["grand_total"]
        if grand:
            hhi = sum(((v / grand) ** 2 for v in classes["total"] if v is not None), Decimal(0)) * 10000
            rows.append({"metric": "功能分类集中度（HHI，类级）", "value": hhi.quantize(Decimal(1)), "unit": "",
                         "formula": "Σ(各类占比)² × 10000；10000表示全部集中在一类",
                         "lines": sorted(x for ls in classes["lines"] for x in ls)})
    return pd.DataFrame(rows, columns=["metric", "value", "unit", "formula", "lines"])
