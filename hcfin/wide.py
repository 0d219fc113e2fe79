"""Tables back in their printed wide shape, for people to read and analysts to compute with."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .frames import TEXT

SIDE_NAMES = {"income": "收入", "expenditure": "支出"}


def _block(facts: pd.DataFrame, with_row_no: bool, printed: bool) -> pd.DataFrame:
    facts = facts.sort_values(["row", "column"], na_position="last", kind="stable")
    paths = list(dict.fromkeys(facts.sort_values("column", kind="stable")["measure_path"]))
    leaves = [path.rsplit("/", 1)[-1] for path in paths]
    names = dict(zip(paths, leaves if len(set(leaves)) == len(leaves) else paths))
    rows: dict[int, dict] = {}
    cell = "value" if printed else "amount"
    for fact in facts.itertuples(index=False):
        row = rows.setdefault(fact.row, {"项目": fact.label, "科目编码": fact.code})
        if with_row_no:
            row["行次"] = fact.row_no
        row[names[fact.measure_path]] = getattr(fact, cell)
    head = ["项目", "科目编码"] + (["行次"] if with_row_no else [])
    measures = [names[p] for p in paths]
    frame = pd.DataFrame(list(rows.values()), columns=head + measures)
    for column in head:
        frame[column] = frame[column].astype(TEXT)
    for column in measures:
        frame[column] = frame[column].astype(TEXT if printed else np.float64)
    return frame


def wide_table(facts: pd.DataFrame, table_id: str, printed: bool = False) -> pd.DataFrame:
    """Pivot one table's facts back to rows × printed columns.

    Args:
        facts: the facts of one table.
        table_id: its canonical id (T01 and T04 come back with their 收入 and 支出 blocks side by side).
        printed: False (default): amount columns as float64; True: the printed digits as text
            ("933.58", "0.00"). Either way a blank cell is missing (NaN), never ``''`` or 0, and
            项目 / 科目编码 / 行次 are text.
    """
    if facts.empty:
        return pd.DataFrame()
    if table_id in ("T01", "T04"):
        blocks = {SIDE_NAMES[side]: _block(part, True, printed) for side, part in facts.groupby("side", sort=False)}
        return pd.concat(blocks, axis=1)
    return _block(facts, False, printed)
