"""The panel: one row per unit × year × measure, printed or derived, with its source.

A document of year Y prints its own year's figures (tables and narrative: ``basis`` ``printed``)
and, in its narrative, the change on the year before ("与上年相比，增加32.19万元，增长3.57%"),
from which the prior year is recovered: prior = this year − change (``basis`` ``derived``);
change ÷ prior is then set against the stated rate (``rate_check``). Across documents
(:func:`cross_document_findings`) a derived value meets the printed one of the earlier
document, and 年初结转和结余 meets the prior year's 年末结转和结余.

Blank cells are not panel rows: a blank is not a zero, and the panel holds values only.
"""

from __future__ import annotations

import re
from decimal import Decimal

import pandas as pd

__all__ = ["PANEL_COLUMNS", "canonical_measure", "document_panel", "interval", "place_of"]

PANEL_COLUMNS = ["unit", "year", "measure", "code", "value", "amount", "decimals", "low", "high", "currency_unit",
                 "basis", "source", "document", "path", "line", "derived_from", "rate_check"]

#: (measure, table, side, row_key, measure_key) read from the tables, in panel order.
TABLE_MEASURES = (
    ("收入支出总计", "T01", "income", "grand_total", "amount"),
    ("本年收入合计", "T01", "income", "income_total", "amount"),
    ("一般公共预算财政拨款收入", "T01", "income", "gpb_appropriation", "amount"),
    ("本年支出合计", "T01", "expenditure", "expenditure_total", "amount"),
    ("年初结转和结余", "T01", "income", "opening_balance", "amount"),
    ("年末结转和结余", "T01", "expenditure", "closing_balance", "amount"),
    ("基本支出", "T03", None, "total", "basic"),
    ("项目支出", "T03", None, "total", "project"),
    ("财政拨款收入支出总计", "T04", "income", "grand_total", "amount"),
    ("一般公共预算财政拨款支出", "T05", None, "total", "total"),
    ("人员经费", "T06", None, "personnel_total", "amount"),
    ("公用经费", "T06", None, "public_total", "amount"),
    ("三公经费", "T09", None, None, "actual_total"),
    ("因公出国（境）费", "T09", None, None, "actual_abroad"),
    ("公务用车购置及运行维护费", "T09", None, None, "actual_vehicle_total"),
    ("公务用车购置费", "T09", None, None, "actual_vehicle_purchase"),
    ("公务用车运行维护费", "T09", None, None, "actual_vehicle_operation"),
    ("公务接待费", "T09", None, None, "actual_reception"),
    ("三公经费预算数", "T09", None, None, "budget_total"),
)

#: Narrative subjects (normalised: no spaces, quotes, 、 or brackets' width) → panel measure.
SUBJECT_MEASURES = {
    "收支总计": "收入支出总计", "收入支出总计": "收入支出总计",
    "财政拨款收支总计": "财政拨款收入支出总计", "财政拨款收入支出总计": "财政拨款收入支出总计",
    "一般公共预算财政拨款支出": "一般公共预算财政拨款支出",
    "收入合计": "本年收入合计", "本年收入合计": "本年收入合计",
    "支出合计": "本年支出合计", "本年支出合计": "本年支出合计",
    "基本支出": "基本支出", "项目支出": "项目支出",
    "三公经费": "三公经费", "因公出国（境）费": "因公出国（境）费",
    "公务用车购置费及运行维护费": "公务用车购置及运行维护费", "公务用车购置及运行维护费": "公务用车购置及运行维护费",
    "公务用车购置费": "公务用车购置费", "公务用车运行维护费": "公务用车运行维护费", "公务接待费": "公务接待费",
    "机关运行经费": "机关运行经费", "人员经费": "人员经费", "公用经费": "公用经费",
}

_PUNCT = str.maketrans({"“": "", "”": "", '"': "", "、": "", "(": "（", ")": "）", " ": "", "\u3000": ""})


def canonical_measure(subject: str, section: str | None = None) -> str:
    """The panel measure a narrative subject names; the subject itself (normalised) when unknown.

    "财政拨款支出" is the general-budget appropriation only in part 五 (一般公共预算财政拨款支出情况).
    """
    key = str(subject).translate(_PUNCT)
    if key == "财政拨款支出" and section and re.search(r"五", str(section)):
        return "一般公共预算财政拨款支出"
    return SUBJECT_MEASURES.get(key, key)


_PLACE = re.compile(r"^(?:中共|中国共产党)?(?P<place>(?:[\u4e00-\u9fff]{2,7}?(?:省|自治区))?"
                    r"(?:[\u4e00-\u9fff]{2,6}?(?:市|自治州|地区|盟))?"
                    r"(?:[\u4e00-\u9fff]{1,4}?(?:区|县|旗|自治县))?)")


def place_of(unit: str | None) -> str | None:
    """The administrative place a unit's name starts with ("上海市普陀区财政局" → "上海市普陀区").

    None when the name starts with no place (the unit cannot be grouped with peers by place).
    """
    if not unit:
        return None
    match = _PLACE.match(str(unit))
    place = match.group("place") if match else ""
    return place or None


def interval(value: Decimal, decimals: int | None) -> tuple[Decimal, Decimal]:
    """The interval a printed value stands for: ± half a unit of its last displayed decimal."""
    places = 0 if decimals is None or pd.isna(decimals) else int(decimals)
    half = Decimal(5).scaleb(-places - 1)
    return value - half, value + half


def _decimals(value: Decimal) -> int:
    return max(0, -value.as_tuple().exponent)


def document_panel(d, document: str | None = None, path: str | None = None) -> pd.DataFrame:
    """The panel rows one loaded disclosure gives: its own year printed, the year before derived.

    Args:
        d: a :class:`hcfin.disclosure.Disclosure`.
        document: the document's id in the corpus (default: its sha256).
        path: the document's path as the corpus names it (default: its source path).
    """
    from hcfin.analysis._common import dec
    from hcfin.analysis.narrative import staff_count, yoy_changes

    unit, year = d.meta.get("unit"), d.meta.get("year")
    document = document or d.meta.get("sha256")
    path = path or d.meta.get("source_path")
    currency = d.meta.get("currency_unit") or "万元"
    rows: list[dict] = []

    def add(measure, value, line, basis="printed", source="", code=None, row_year=year, derived_from=None,
            rate_check=None, unit_of_value=currency, decimals=None, bounds=None):
        decimals = _decimals(value) if decimals is None else decimals
        low, high = bounds or interval(value, decimals)
        rows.append({"unit": unit, "year": row_year, "measure": measure, "code": code, "value": str(value),
                     "amount": float(value), "decimals": decimals, "low": str(low), "high": str(high),
                     "currency_unit": unit_of_value, "basis": basis, "source": source, "document": document,
                     "path": path, "line": line, "derived_from": derived_from, "rate_check": rate_check})

    facts = d.facts[d.facts["value"].notna()]
    by_table = {str(name): group for name, group in facts.groupby("table", sort=False)}
    for measure, table, side, row_key, measure_key in TABLE_MEASURES:
        hit = by_table.get(table, facts.iloc[0:0])
        hit = hit[hit["measure_key"] == measure_key]
        if row_key is not None:
            hit = hit[hit["row_key"] == row_key]
        if side is not None:
            hit = hit[hit["side"] == side]
        if not hit.empty:
            first = hit.iloc[0]
            add(measure, dec(first["value"]), int(first["line"]), source=table,
                decimals=None if pd.isna(first["decimals"]) else int(first["decimals"]))
    t01 = by_table.get("T01", facts.iloc[0:0])
    classes = t01[(t01["side"] == "expenditure") & t01["code"].astype("string").str.fullmatch(r"\d{3}").fillna(False)]
    for row in classes[["label", "value", "line", "code"]].itertuples(index=False):
        add(re.sub(r"^[一二三四五六七八九十]+、", "", str(row.label)), dec(row.value), int(row.line), source="T01",
            code=str(row.code))

    statements = d.statements
    admin = statements[(statements["metric"] == "决算")
                       & (statements["subject"].map(lambda s: canonical_measure(s)) == "机关运行经费")]
    if not admin.empty:
        add("机关运行经费", dec(admin.iloc[0]["value"]), int(admin.iloc[0]["line"]), source="情况说明",
            unit_of_value=admin.iloc[0]["unit"])
    staff, staff_line = staff_count(d)
    if staff is not None:
        add("在职人数", staff, staff_line, source="情况说明", unit_of_value="人")
    budget = statements[(statements["metric"] == "年初预算")
                        & statements["subject"].astype(str).str.fullmatch(r"(?:一般公共预算)?财政拨款支出")]
    if not budget.empty:
        add("财政拨款支出年初预算", dec(budget.iloc[0]["value"]), int(budget.iloc[0]["line"]), source="情况说明",
            unit_of_value=budget.iloc[0]["unit"])

    if year is not None:
        printed = {r["measure"]: r for r in rows}
        seen: set[str] = set()
        for _, change in yoy_changes(d).iterrows():
            measure = canonical_measure(change["subject"], change["section"])
            if measure in seen or change["change"] is None or not change["sign_certain"]:
                continue  # one derivation per measure: the first statement (part 一 before part 五 …)
            current, source_line = change["current"], None
            if current is None and measure in printed:
                current = dec(printed[measure]["value"])
                source_line = printed[measure]["line"]
            if current is None:
                continue
            seen.add(measure)
            prior = current - change["change"]
            (cur_low, cur_high), (ch_low, ch_high) = interval(current, _decimals(current)), interval(
                change["change"], _decimals(change["change"]))
            lines = sorted({*change["lines"], *([source_line] if source_line else [])})
            check = ("not_checkable" if change["consistent"] is None
                     else "consistent" if change["consistent"] else "inconsistent")
            sign = "−" if change["change"] >= 0 else "+"
            add(measure, prior, lines[0] if lines else None, basis="derived", source="情况说明",
                row_year=int(year) - 1, rate_check=check,
                derived_from=f"{current} {sign} {abs(change['change'])}（{year}年度文件第"
                             + "、".join(str(x) for x in lines) + "行）",
                decimals=max(_decimals(current), _decimals(change["change"])),
                bounds=(cur_low - ch_high, cur_high - ch_low))
    frame = pd.DataFrame(rows, columns=PANEL_COLUMNS)
    frame["year"] = frame["year"].astype("Int64")
    frame["line"] = frame["line"].astype("Int64")
    frame["decimals"] = frame["decimals"].astype("Int64")
    return frame
