"""Reconcile a disclosure: every accounting identity checked, rounding judged by intervals.

``reconcile(disclosure) -> CheckReport``, also available as ``hcfin.reconcile``.
"""

from .catalogue import Catalogue, Rule, load_catalogue, parse_catalogue
from .engine import reconcile
from .outcome import RESULT_COLUMNS, STATUSES
from .registry import KINDS
from .report import CheckReport

__all__ = ["CheckReport", "Catalogue", "KINDS", "RESULT_COLUMNS", "STATUSES", "Rule", "load_catalogue",
           "parse_catalogue", "reconcile"]
