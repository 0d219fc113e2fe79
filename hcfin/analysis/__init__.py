"""Analysis of a loaded disclosure: metrics as DataFrames, Chinese paragraphs, charts.

Modules: ``spending`` (DOMAIN.md §7 from the nine tables), ``narrative`` (figures stated in the
情况说明: budgets by scope (``scope``), year-on-year, 机关运行经费, staff), ``procurement``,
``drivers`` (what drove the change, where project money went), ``norms`` (plausibility norms as
data), ``reasons`` (the document's own stated reasons), ``funds``, ``components`` and
``benchmarks`` (§6 fund operations), ``checks``
(reconciliation findings), ``teaching`` and ``exercises`` (the teaching guide), ``charts``.

``has_data(d)`` says whether a disclosure prints any number at all (a blank template does not);
``has_funds(d)`` whether it publishes social-insurance fund operations.
"""

from .funds import has_funds
from .locate import DisclosureNotFound, find_disclosure, load_disclosure
from .text import has_data

__all__ = ["DisclosureNotFound", "find_disclosure", "has_data", "has_funds", "load_disclosure"]
