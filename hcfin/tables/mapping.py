"""Turning recognised table grids into tidy facts: one record per value cell.

Three layouts cover the nine tables:

* two-sided tables (T01, T04): an income block and an expenditure block side by side,
  each with 项目, an optional 行次 and amounts (:mod:`.two_sided`);
* code tables (T02, T03, T05, T07, T08, and the single-row T09): code and name cells
  (a code may be split 类 | 款 | 项), then the values under a multi-level header read by
  its words (:mod:`.code_table`, :mod:`.header`);
* the economic-class table (T06): code / name / amount groups side by side, unstacked
  into one list, with a 人员经费合计 / 公用经费合计 footer (:mod:`.economic`).

Every cell the mapping uses gets a role (value, code, 行次, 栏次, label, header), which
the capture audit (:mod:`hcfin.audit`) checks against the numbers in the grid.
"""

from __future__ import annotations

from ..model import Document
from .code_table import map_code_table
from .economic import map_economic
from .mapped import Mapped
from .recognize import TableRegion
from .two_sided import map_two_sided

__all__ = ["Mapped", "map_tables"]


def map_tables(regions: list[TableRegion], document: Document) -> list[Mapped]:
    """Map every recognised region to fact records (see module docstring)."""
    results = []
    for region in regions:
        mapped = Mapped(region)
        if region.currency_unit is None:
            mapped.issue("warning", "no_currency_unit",
                         "表题附近未找到“单位：万元/元”，金额单位不明")
        if region.table_id in ("T01", "T04"):
            map_two_sided(mapped)
        elif region.table_id == "T06":
            map_economic(mapped)
        else:
            map_code_table(mapped)
        results.append(mapped)
    return results
