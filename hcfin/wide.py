"""Tables back in their printed wide shape, for people to read."""

from __future__ import annotations

import pandas as pd

SIDE_NAMES = {"income": "收入", "expenditure": "支出"}


def _block(facts: pd.DataFrame, with_row_no: bool) -> pd.DataFrame:
    columns = facts.drop_duplicates("measure_path").sort_values(["column", "measure_path"], na_position="last")
    order = list(columns["measure_path"])
    text = facts.assign(shown=facts["value"].fillna(""))
    keys = ["row", "label", "code"] + (["row_no"] if with_row_no else [])
    wide = text.pivot_table(index=keys, columns="measure_path", values="shown", aggfunc="first", dropna=False,
                            sort=False)
    wide = wide.reindex(columns=order).reset_index().sort_values("row").drop(columns="row")
    wide = wide.rename(columns={"label": "项目", "code": "科目编码", "row_no": "行次"})
    wide.columns.name = None
    return wide.fillna("").reset_index(drop=True)


def wide_table(facts: pd.DataFrame, table_id: str) -> pd.DataFrame:
    """Pivot one table's facts back to rows × printed columns (values as printed text)."""
    if facts.empty:
        return pd.DataFrame()
    facts = facts.assign(code=facts["code"].fillna(""), row_no=facts["row_no"].fillna(""))
    if table_id in ("T01", "T04"):
        blocks = {SIDE_NAMES[side]: _block(part, with_row_no=True) for side, part in facts.groupby("side", sort=False)}
        return pd.concat(blocks, axis=1).fillna("")
    return _block(facts, with_row_no=False)
