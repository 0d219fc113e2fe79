"""Units side by side (same place, same year) and one unit across years, from the panel.

Every figure comes from the panel (:mod:`hcfin.corpus.panel`): printed values, or prior years
derived from a narrative, which are always marked as such. Ratios are computed exactly on the
printed Decimals and rounded half-up once; a ratio whose inputs are missing is missing (``—``),
never zero.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

import pandas as pd

from ..escape import md_text
from .panel import place_of

__all__ = ["PEER_COLUMNS", "TREND_MEASURES", "comparability_notes", "describe_peers", "describe_trend",
           "peer_corpus", "peer_table", "trend_corpus", "trend_table"]

#: Columns of :func:`peer_table` and their Chinese headers.
PEER_COLUMNS = {
    "unit": "单位", "staff": "在职人数", "expenditure": "本年支出合计（万元）",
    "basic_pct": "基本支出占比（%）", "project_pct": "项目支出占比（%）",
    "personnel_per_staff": "人均人员经费（万元/人）", "public_per_staff": "人均公用经费（万元/人）",
    "sangong": "“三公”经费（万元）", "sangong_per_staff": "人均“三公”经费（万元/人）",
    "admin": "机关运行经费（万元）", "admin_per_staff": "人均机关运行经费（万元/人）",
    "execution_pct": "预算执行率（%）",
}

#: The measures a trend shows, in order.
TREND_MEASURES = ("收入支出总计", "本年收入合计", "本年支出合计", "基本支出", "项目支出", "财政拨款收入支出总计",
                  "一般公共预算财政拨款支出", "人员经费", "公用经费", "三公经费", "公务接待费",
                  "公务用车购置及运行维护费", "机关运行经费", "在职人数", "年初结转和结余", "年末结转和结余")


def _q(value: Decimal | None, places: int = 2) -> Decimal | None:
    return None if value is None else value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _ratio(numerator: Decimal | None, denominator: Decimal | None, scale: int = 1) -> Decimal | None:
    if numerator is None or denominator is None or denominator == 0:
        return None
    return _q(numerator * scale / denominator)


def _fmt(value: Decimal | None) -> str:
    return "—" if value is None else format(value, "f")


def _values(panel: pd.DataFrame, unit: str, year: int) -> dict[str, Decimal]:
    rows = panel[(panel["unit"] == unit) & (panel["year"] == year)]
    return {str(r.measure): Decimal(str(r.value)) for r in rows.itertuples()}


def peer_corpus(unit: str, year: int, data_dir: str | Path = "data"):
    """The :class:`~hcfin.corpus.Corpus` of the manifest's units of the same place as ``unit`` in ``year``."""
    from .corpus import Corpus, manifest_rows

    place = place_of(unit)
    units = [r["unit"] for r in manifest_rows(data_dir)
             if str(r.get("year", "")).strip() == str(year) and (r["unit"] == unit or
                                                              (place is not None and place_of(r["unit"]) == place))]
    return Corpus.from_manifest(data_dir, units=units, years=[year])


def trend_corpus(unit: str, year: int, data_dir: str | Path = "data"):
    """The :class:`~hcfin.corpus.Corpus` of every year up to ``year`` the manifest lists for ``unit``."""
    from .corpus import Corpus, manifest_rows

    years = sorted({int(r["year"]) for r in manifest_rows(data_dir)
                    if r["unit"] == unit and str(r.get("year", "")).strip().isdigit() and int(r["year"]) <= year})
    return Corpus.from_manifest(data_dir, units=[unit], years=years)


def describe_scope(corpus, unit: str, year: int, peers: bool = True) -> str:
    """Which documents a comparison rests on (file, unit, year, read or not), in Chinese.

    ``peers``: the corpus holds the units of one place (else: the years of one unit)."""
    docs = corpus.documents
    if docs.empty:
        return f"数据清单中没有{md_text(unit)} {year}年度的文件。"
    items = []
    for row in docs.itertuples():
        state = "已读取" if row.status == "ok" else f"未能读取：{md_text(row.error)}"
        who = md_text(row.unit) if isinstance(row.unit, str) else "（单位名称未读出）"
        items.append(f"- {who}，{row.year}年度：文件 {md_text(Path(str(row.path)).name)}（{state}）")
    place = place_of(unit)
    if not peers:
        head = f"本报告依据{md_text(unit)}截至{year}年度的决算公开文件。"
    elif place:
        head = f"本报告比较{md_text(place)}的单位（地区按单位名称开头的省、市、区县判断）。"
    else:
        head = "本单位名称开头没有地区名，无法按地区找到同类单位，只能单独列示。"
    return head + "所依据的文件：\n\n" + "\n".join(items)


def documents_read(corpus) -> int:
    """How many documents of the corpus were read (status ``ok``)."""
    return int((corpus.documents["status"] == "ok").sum()) if len(corpus.documents) else 0


def peer_table(panel: pd.DataFrame, year: int, units: list[str] | None = None) -> pd.DataFrame:
    """One row per unit of ``year``: staff, structure, per-staff costs, 三公, 机关运行经费, execution.

    Per-staff figures divide by 在职人数 as the narrative states it; budget execution is
    一般公共预算财政拨款支出 (公开05表) ÷ 年初预算 (情况说明).
    """
    printed = panel[(panel["year"] == year) & (panel["basis"] == "printed")]
    units = units if units is not None else list(dict.fromkeys(printed["unit"].dropna()))
    rows = []
    for unit in units:
        v = _values(printed, unit, year)
        staff = v.get("在职人数")
        expenditure = v.get("本年支出合计")
        rows.append({
            "unit": unit, "staff": staff, "expenditure": expenditure,
            "basic_pct": _ratio(v.get("基本支出"), expenditure, 100),
            "project_pct": _ratio(v.get("项目支出"), expenditure, 100),
            "personnel_per_staff": _ratio(v.get("人员经费"), staff),
            "public_per_staff": _ratio(v.get("公用经费"), staff),
            "sangong": v.get("三公经费"), "sangong_per_staff": _ratio(v.get("三公经费"), staff),
            "admin": v.get("机关运行经费"), "admin_per_staff": _ratio(v.get("机关运行经费"), staff),
            "execution_pct": _ratio(v.get("一般公共预算财政拨款支出"), v.get("财政拨款支出年初预算"), 100),
        })
    return pd.DataFrame(rows, columns=list(PEER_COLUMNS))


def _note(text: str):
    """A Markdown sentence shown where a table would have no row worth showing."""
    from IPython.display import Markdown

    return Markdown(text)


def peer_view(table: pd.DataFrame):
    """:func:`peer_table` for readers: Chinese headers, numbers as printed, ``—`` for missing; a
    sentence instead when no unit has any figure."""
    from ..analysis.text import shown

    figures = table.drop(columns=["unit"])
    if table.empty or figures.isna().all().all():
        return _note("同地区同年度的单位都没有可比较的数值（文件未读出金额，或是空白模板），无表可列。")

    out = pd.DataFrame({PEER_COLUMNS[c]: [v if c == "unit" else _fmt(v) for v in table[c]] for c in table.columns})
    return shown(out)


def describe_peers(table: pd.DataFrame, unit: str, year: int) -> str:
    """A Chinese paragraph placing ``unit`` among its peers of ``year``."""
    if table.empty:
        return f"{year}年度没有可比较的单位。"
    others = [u for u in table["unit"] if u != unit]
    if not others:
        return (f"数据清单中与{md_text(unit)}同一地区、同一年度（{year}年度）的单位只有它自己，"
                "无法进行同类比较；加入同地区其他单位的决算公开文件后即可比较。")
    lines = [f"{year}年度与{md_text(unit)}同一地区的单位共 {len(table)} 个（含本单位）。"]
    for column, label in (("basic_pct", "基本支出占比"), ("personnel_per_staff", "人均人员经费"),
                          ("public_per_staff", "人均公用经费"), ("sangong_per_staff", "人均“三公”经费"),
                          ("admin_per_staff", "人均机关运行经费"), ("execution_pct", "预算执行率")):
        known = table[table[column].notna()]
        mine = table[table["unit"] == unit][column]
        if len(known) < 2 or mine.isna().all():
            continue
        rank = int((known[column] > mine.iloc[0]).sum()) + 1
        unit_text = "%" if column.endswith("pct") else "万元/人"
        lines.append(f"{label}为 {_fmt(mine.iloc[0])}{unit_text}，在有此数据的 {len(known)} 个单位中由高到低排第 {rank} 位"
                     f"（最高 {_fmt(known[column].max())}{unit_text}，最低 {_fmt(known[column].min())}{unit_text}）。")
    if len(lines) == 1:
        lines.append("本单位或同类单位缺少计算比较指标所需的数据（见下方“可比性说明”）。")
    return "".join(lines)


def comparability_notes(corpus, year: int) -> str:
    """What makes the units of ``corpus`` in ``year`` hard to compare, in plain Chinese (Markdown list)."""
    notes = []
    docs = corpus.documents
    for row in docs[docs["status"] == "error"].itertuples():
        notes.append(f"文件 {md_text(Path(str(row.path)).name)} 未能读取（{md_text(row.error)}），不在比较之列。")
    panel = corpus.panel[(corpus.panel["year"] == year) & (corpus.panel["basis"] == "printed")]
    ok = docs[(docs["status"] == "ok") & (docs["year"] == year)]
    for unit in ok["unit"].dropna().unique():
        if panel[panel["unit"] == unit].empty:
            notes.append(f"{md_text(unit)}的文件中没有读到任何金额（可能是空白模板或未填报的表格），不参与比较。")
    staffless = [u for u in ok["unit"].dropna().unique()
                 if not panel[panel["unit"] == u].empty and panel[(panel["unit"] == u)
                                                                 & (panel["measure"] == "在职人数")].empty]
    if staffless:
        notes.append("以下单位的情况说明没有写明在职人数，人均指标无法计算：" + "、".join(md_text(u) for u in staffless) + "。")
    currencies = panel.loc[panel["currency_unit"].astype("string") != "人", "currency_unit"].dropna().unique()
    if len(currencies) > 1:
        notes.append("各单位金额单位不同（" + "、".join(map(str, currencies)) + "），比较前须换算。")
    totals = panel[panel["measure"] == "本年支出合计"]["amount"]
    if len(totals) >= 2 and totals.min() > 0 and totals.max() / totals.min() >= 10:
        notes.append(f"各单位支出规模相差 {totals.max() / totals.min():.0f} 倍以上，规模与职能差别大，结构比例比绝对数更可比。")
    errors = corpus.findings[(corpus.findings["severity"] == "error") & (corpus.findings["year"] == year)] \
        if not corpus.findings.empty else corpus.findings
    if not errors.empty:
        counts = errors.groupby("unit").size()
        notes.append("以下单位的数据核对中有错误级不一致，相关数字须先核对原文：" + "、".join(
            f"{md_text(u)}（{n} 处）" for u, n in counts.items()) + "。")
    notes += [
        "人员经费含离退休人员的补助（对个人和家庭的补助），离退休人员多的单位人均人员经费偏高，并不说明在职人员待遇高。",
        "机关运行经费只适用于行政单位和参照公务员法管理的事业单位；其他事业单位不填报或口径不同。",
        "“三公”经费的统计口径有“财政拨款”和“一般公共预算财政拨款”两种，不同地区、不同年度的模板可能不同。",
        "各单位职能不同：项目支出占比高可能来自专项任务，而非预算管理水平的差别。",
    ]
    return "\n".join(f"- {note}" for note in notes)


def trend_table(panel: pd.DataFrame, unit: str) -> pd.DataFrame:
    """``unit``'s measures (rows) by year (columns); a derived value is marked ``（推算）``."""
    from ..analysis.text import shown

    rows = panel[panel["unit"] == unit] if not panel.empty else panel
    if rows.empty:
        return _note(f"面板中没有{md_text(unit)}的任何数值（文件未读出金额，或是空白模板），无表可列。")
    years = sorted(int(y) for y in rows["year"].dropna().unique())
    out = []
    for measure in TREND_MEASURES:
        cells = rows[rows["measure"] == measure]
        if cells.empty:
            continue
        record = {"指标": measure}
        for year in years:
            hit = cells[cells["year"] == year]
            if hit.empty:
                record[f"{year}年度"] = "—"
            else:
                row = hit.iloc[0]
                mark = "（推算）" if row["basis"] == "derived" else ""
                record[f"{year}年度"] = f"{row['value']}{mark}"
        out.append(record)
    return shown(pd.DataFrame(out, columns=["指标", *[f"{y}年度" for y in years]]))


def describe_trend(panel: pd.DataFrame, unit: str) -> str:
    """A Chinese paragraph on ``unit`` across years: which years are printed, which derived, and the
    year-on-year change of its main totals."""
    rows = panel[panel["unit"] == unit]
    if rows.empty:
        return f"面板中没有{md_text(unit)}的数据。"
    printed_years = sorted(int(y) for y in rows.loc[rows["basis"] == "printed", "year"].unique())
    derived_years = sorted(int(y) for y in rows.loc[rows["basis"] == "derived", "year"].unique())
    text = [f"{md_text(unit)}有 {len(printed_years)} 个年度的决算公开文件（" + "、".join(map(str, printed_years)) + "年度）。"]
    if derived_years:
        derived = rows[rows["basis"] == "derived"]
        lines = "、".join(str(int(x)) for x in sorted(derived["line"].dropna().unique())[:8])
        text.append("、".join(map(str, derived_years)) + "年度没有文件，其数字由下一年度情况说明中的本年数减去增减额推算"
                    f"（原文第{lines}行），表中标为“推算”，只在原文给出增减额的指标上才有。")
    for measure in ("收入支出总计", "三公经费", "机关运行经费"):
        series = rows[rows["measure"] == measure].sort_values("year")
        if len(series) < 2:
            continue
        last, before = series.iloc[-1], series.iloc[-2]
        now, then = Decimal(last["value"]), Decimal(before["value"])
        change = now - then
        rate = _ratio(change, then, 100)
        words = "增加" if change > 0 else "减少" if change < 0 else "持平"
        mark = "（推算）" if before["basis"] == "derived" else ""
        rate_text = f"，变动 {_fmt(rate)}%" if rate is not None else "（上年为零，增长率无意义）"
        if rate is not None and before["basis"] == "derived":
            rate_text += "（上年为推算数，本身含舍入误差，此变动率与原文所说的增长率可能略有出入）"
        text.append(f"{measure}从{int(before['year'])}年度的 {before['value']}万元{mark}到{int(last['year'])}年度的 "
                    f"{last['value']}万元，{words}{'' if change == 0 else ' ' + _fmt(abs(change)) + '万元'}{rate_text}。")
    return "".join(text)


def derived_view(panel: pd.DataFrame, unit: str) -> pd.DataFrame:
    """``unit``'s derived values for readers: measure, year, value, how it was derived, rate check."""
    from ..analysis.text import shown

    checks = {"consistent": "与原文增长率相符", "inconsistent": "与原文增长率不符", "not_checkable": "无法核验（上年为零或未给增长率）"}
    rows = panel[(panel["unit"] == unit) & (panel["basis"] == "derived")] if not panel.empty else panel
    if rows.empty:
        return _note("没有推算数：情况说明中没有读到与上年相比的增减额，或上年已有文件。")
    return shown(pd.DataFrame({
        "指标": rows["measure"].tolist(), "年度": [int(y) for y in rows["year"]],
        "推算数（万元）": rows["value"].tolist(),
        "舍入区间": [f"{lo} – {hi}" for lo, hi in zip(rows["low"], rows["high"])],
        "推算方法与出处": rows["derived_from"].tolist(),
        "增长率核验": [checks.get(str(c), "—") for c in rows["rate_check"]],
    }))


def describe_cross_findings(findings: pd.DataFrame, unit: str) -> str:
    """The cross-document findings of ``unit`` in Chinese, or why there are none."""
    if findings.empty or "kind" not in findings:
        mine = findings
    else:
        mine = findings[(findings["kind"] == "cross_document") & (findings["unit"] == unit)]
    if mine.empty:
        return ("没有发现跨年度的不一致。跨年度核对需要同一单位相邻两个年度的文件：上一年度文件印出的数与下一年度"
                "情况说明推算的上年数相比较，本年年初结转和结余与上年年末结转和结余相比较；只有一个年度的文件时无从核对。")
    return "\n".join(f"- {md_text(message)}" for message in mine["message"])
