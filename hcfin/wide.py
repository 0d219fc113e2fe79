"""Tables back in their printed wide shape, for people to read."""

from __future__ import annotations

import pandas as pd

SIDE_NAMES = {"income": "收入", "expenditure": "支出"}


def _block(facts: pd.DataFrame, with_row_no: bool) -> pd.DataFrame:
    facts = facts.sort_values(["row", "column"], na_position="last", kind="stable")
    paths = list(dict.fromkeys(facts.sort_values("column", kind="stable")["measure_path"]))
    leaves = [path.rsplit("/", 1)[-1] for path in paths]
    names = dict(zip(paths, leaves if len(set(leaves)) == len(leaves) else paths))
    rows: dict[int, dict] = {}
    for fact in facts.itertuples(index=False):
        row = rows.setdefault(fact.row, {"项目": fact.label, "科目编码": fact.code or ""})
        if with_row_no:
            row["行次"] = fact.row_no or ""
        row[names[fact.measure_path]] = fact.value if isinstance(fact.value, str) else ""
    head = ["项目", "科目编码"] + (["行次"] if with_row_no else [])
    return pd.DataFrame(list(rows.values()), columns=head + [names[p] for p in paths], dtype=object).fillna("")


def wide_table(facts: pd.DataFrame, table_id: str) -> pd.DataFrame:
    """Pivot one table's facts back to rows × printed columns (values as printed text, blanks empty).

    The two-sided T01 and T04 come back with their 收入 and 支出 blocks side by side.
    """
    if facts.empty:
        return pd.DataFrame()
    if table_id in ("T01", "T04"):
        blocks = {SIDE_NAMES[side]: _block(part, with_row_no=True) for side, part in facts.groupby("side", sort=False)}
        return pd.concat(blocks, axis=1).fillna("")
    return _block(facts, with_row_no=False)
