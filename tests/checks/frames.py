"""Small synthetic disclosures for reconcile tests (facts frames written inline)."""

from __future__ import annotations

from dataclasses import dataclass, field

import pandas as pd

from hcfin.schema import FACT_COLUMNS, TABLE_COLUMNS, TABLE_IDS


def facts(cells: list[tuple], table: str | None = None) -> pd.DataFrame:
    """Facts from tuples (table, side, key, measure, value[, label[, row_no]]).

    ``key`` is a row key ("total", "income_total") or a code ("2080101"); value None = blank.
    Each cell gets its own source line (1000 + position) so results can be traced.
    """
    rows, positions = [], {}
    for i, cell in enumerate(cells):
        t, side, key, measure, value, *rest = cell
        label = rest[0] if rest else ""
        row_no = rest[1] if len(rest) > 1 else None
        ident = (t, side, key)
        pos = positions.setdefault(ident, len([k for k in positions if k[:2] == (t, side)]))
        is_code = key.isdigit()
        decimals = len(value.split(".")[1]) if value and "." in value else (0 if value else None)
        rows.append({
            "unit": "测试单位", "year": 2024, "table": t, "side": side, "row": pos, "label": label,
            "code": key if is_code else None, "code_kind": ("economic" if t == "T06" else "functional") if is_code else None,
            "code_from": "printed" if is_code else None, "row_no": row_no,
            "row_key": None if is_code else key, "measure": measure, "measure_key": measure, "column": None,
            "value": value, "amount": float(value) if value else float("nan"),
            "decimals": pd.NA if decimals is None else decimals, "printed": value or "",
            "status": "ok" if value else "blank", "currency_unit": "万元", "line": 1000 + i, "page": None,
        })
    frame = pd.DataFrame(rows, columns=FACT_COLUMNS)
    frame["decimals"] = frame["decimals"].astype("Int64")
    return frame


def inventory(found: list[str], empty: dict[str, str | None] | None = None) -> pd.DataFrame:
    """tables_found: every canonical table, found or not; ``empty`` maps empty tables to their statement."""
    empty = empty or {}
    rows = []
    for t in TABLE_IDS:
        rows.append({"table": t, "found": t in found, "title": None, "title_line": 10 + int(t[1:]) if t in found else None,
                     "number_printed": None, "currency_unit": "万元", "is_empty": t in empty,
                     "empty_statement": empty.get(t), "empty_statement_line": 900 if empty.get(t) else None,
                     "first_line": None, "last_line": None})
    return pd.DataFrame(rows, columns=TABLE_COLUMNS)


@dataclass
class FakeDisclosure:
    """Just what reconcile reads."""

    facts: pd.DataFrame
    tables_found: pd.DataFrame | None = None
    issues: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=["severity", "kind", "message", "line", "page", "table", "text"]))
    statements: pd.DataFrame | None = None
    meta: dict = field(default_factory=lambda: {"unit": "测试单位", "year": 2024})


def disclosure(cells: list[tuple], statements: list[dict] | None = None, found: list[str] | None = None,
               empty: dict | None = None) -> FakeDisclosure:
    frame = facts(cells)
    found = found if found is not None else sorted(set(frame["table"]))
    return FakeDisclosure(frame, inventory(found, empty),
                          statements=pd.DataFrame(statements) if statements is not None else None)


# The topic the reader gives each heading of the Hunan template (its numbering), for statements made by hand.
HUNAN_TOPICS = {"一": "收支总体", "二": "收入", "三": "支出", "四": "财政拨款收支总体", "五": "一般公共预算支出",
                "五（一）": "一般公共预算支出总体", "五（二）": "一般公共预算支出结构", "五（三）": "一般公共预算支出具体",
                "六": "基本支出", "七": "三公经费", "七（一）": "三公经费", "七（二）": "三公经费", "八": "政府性基金",
                "九": "国有资本经营", "十": "机关运行经费", "十一": "会议费和培训费", "十二": "政府采购", "十三": "国有资产",
                "十四": "绩效"}


def statement(section: str, subject: str, metric: str, value: str | None, unit: str = "万元",
              direction: str | None = None, line: int = 2000, basis: str | None = None, clause: str = "",
              topic: str | None = None, period: str = "本年", binding: str = "explicit") -> dict:
    """One narrative statement row (value printed as str; decimals counted from it).

    ``topic`` defaults to what the reader gives the Hunan template's heading of ``section``.
    """
    decimals = (len(value.split(".")[1]) if "." in value else 0) if value else None
    if topic is None:
        head = section.removeprefix("第三部分").split()
        topic = HUNAN_TOPICS.get(head[0], "") if head else ""
        if head and head[0] == "十四":
            topic = "绩效"
    return {"section": section, "subject": subject, "metric": metric, "value": value, "decimals": decimals,
            "unit": unit, "value_base": None, "base_unit": None, "direction": direction, "basis": basis,
            "line": line, "clause": clause or f"{subject}{metric}{value}{unit}", "status": "ok", "topic": topic,
            "period": period, "binding": binding}
