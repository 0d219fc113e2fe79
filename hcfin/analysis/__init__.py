"""Analysis of a loaded disclosure: metrics as DataFrames, Chinese paragraphs, charts.

Modules: ``spending`` (DOMAIN.md §7 from the nine tables), ``narrative`` (figures stated in the
情况说明: budgets, year-on-year, 机关运行经费, procurement, staff), ``funds`` (§6 fund operations),
``checks`` (reconciliation findings), ``teaching`` (the teaching guide), ``charts``.
"""

from .locate import DisclosureNotFound, find_disclosure, load_disclosure

__all__ = ["DisclosureNotFound", "find_disclosure", "load_disclosure"]
