"""Across documents of one unit: the panel resolved, and the findings only several documents show.

* A prior-year value derived from a narrative (this year − change) meets the value the earlier
  document printed: when their rounding intervals do not meet, that is a finding
  (``corpus.prior_year``). The panel keeps the printed row.
* 年初结转和结余 of year Y meets 年末结转和结余 printed by the year Y−1 document
  (``corpus.carry_over``). They may differ legitimately (会计差错更正, 收回以前年度支出, 归集调入调出 …),
  so the finding is a warning that names those reasons.

Both are warnings: hcfin cannot tell a misprint from a change of basis between two years.
"""

from __future__ import annotations

from decimal import Decimal

import pandas as pd

from .document import FINDING_COLUMNS

__all__ = ["CROSS_FINDING_COLUMNS", "resolve_panel", "cross_document_findings"]

CROSS_FINDING_COLUMNS = ["document", "unit", "year", *FINDING_COLUMNS]


def _meets(a: pd.Series, b: pd.Series) -> bool:
    return Decimal(a["low"]) <= Decimal(b["high"]) and Decimal(b["low"]) <= Decimal(a["high"])


def _where(row: pd.Series) -> str:
    return f"{row['path']} 第{row['line']}行" if not pd.isna(row["line"]) else str(row["path"])


def _finding(rule: str, later: pd.Series, reported: pd.Series, computed: pd.Series, message: str) -> dict:
    difference = Decimal(reported["value"]) - Decimal(computed["value"])
    lines = [int(x) for x in (reported["line"], computed["line"]) if not pd.isna(x)]
    return {"document": later["document"], "unit": later["unit"], "year": int(later["year"]), "rule_id": rule,
            "kind": "cross_document", "status": "mismatch", "severity": "warning",
            "tables": ",".join(sorted({str(s) for s in (reported["source"], computed["source"]) if s})),
            "location": str(computed["measure"]), "reported": str(reported["value"]),
            "computed": str(computed["value"]), "difference": format(difference, "f"), "message": message,
            "lines": lines}


def cross_document_findings(panel: pd.DataFrame) -> pd.DataFrame:
    """Findings between the documents of the panel (any number of units and years)."""
    rows = []
    printed = panel[panel["basis"] == "printed"]
    derived = panel[panel["basis"] == "derived"]
    index = {(r.unit, int(r.year), r.measure): r for r in printed.itertuples(index=False)}
    for _, row in derived.iterrows():
        hit = index.get((row["unit"], int(row["year"]), row["measure"]))
        if hit is None:
            continue
        other = pd.Series(hit._asdict())
        if not _meets(row, other):
            rows.append(_finding(
                "corpus.prior_year", row, other, row,
                f"{row['unit']} {row['year']}年度{row['measure']}：{other['year']}年度文件印为{other['value']}"
                f"（{_where(other)}），{int(row['year']) + 1}年度文件的情况说明据本年数与增减额推算为{row['value']}"
                f"（{row['derived_from']}），两者在舍入范围内也不相符。"))
    for key, opening in index.items():
        unit, year, measure = key
        if measure != "年初结转和结余":
            continue
        closing = index.get((unit, year - 1, "年末结转和结余"))
        if closing is None:
            continue
        a, b = pd.Series(opening._asdict()), pd.Series(closing._asdict())
        if not _meets(a, b):
            rows.append(_finding(
                "corpus.carry_over", a, a, b,
                f"{unit} {year}年度年初结转和结余{a['value']}（{_where(a)}）与{year - 1}年度年末结转和结余"
                f"{b['value']}（{_where(b)}）不相等；差额若来自会计差错更正、收回以前年度支出、归集调入调出或"
                "单位内部调剂，属正常调整，应在说明中交代。"))
    return pd.DataFrame(rows, columns=CROSS_FINDING_COLUMNS)


def resolve_panel(panel: pd.DataFrame) -> pd.DataFrame:
    """One row per unit × year × measure: a printed value wins over a derived one; among equals,
    the first document (in the order given) wins."""
    order = panel.assign(_rank=(panel["basis"] != "printed").astype(int), _pos=range(len(panel)))
    order = order.sort_values(["_rank", "_pos"], kind="stable")
    keep = ~order.duplicated(["unit", "year", "measure"], keep="first")
    return order[keep].sort_values("_pos").drop(columns=["_rank", "_pos"]).reset_index(drop=True)
