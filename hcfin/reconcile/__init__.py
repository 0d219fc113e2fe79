"""Reconcile a disclosure: every accounting identity checked, rounding judged by intervals.

``reconcile(disclosure) -> CheckReport``. The package itself is callable too, so that
``hcfin.reconcile(disclosure)`` works whether ``hcfin.reconcile`` names this package (the import
system binds a subpackage to its parent's attribute) or the function.
"""

import sys
import types

from .catalogue import Catalogue, Rule, load_catalogue, parse_catalogue
from .engine import reconcile
from .outcome import RESULT_COLUMNS, STATUSES
from .registry import KINDS
from .report import CheckReport

__all__ = ["CheckReport", "Catalogue", "KINDS", "RESULT_COLUMNS", "STATUSES", "Rule", "load_catalogue",
           "parse_catalogue", "reconcile"]


class _CallablePackage(types.ModuleType):
    """This package, callable as :func:`reconcile`."""

    def __call__(self, disclosure, *args, **kwargs) -> CheckReport:
        return reconcile(disclosure, *args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
