"""Reconcile a disclosure: every accounting identity checked, rounding judged by intervals.

``reconcile(disclosure) -> CheckReport``, also available as ``hcfin.reconcile``.

The names below are imported on first use (PEP 562), so that importing ``hcfin.checks.cli`` to
build the command line (``hcfin report``, ``hcfin parse``) does not import pandas.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .catalogue import Catalogue, Rule, load_catalogue, parse_catalogue
    from .engine import reconcile
    from .outcome import RESULT_COLUMNS, STATUSES
    from .registry import KINDS
    from .report import CheckReport

__all__ = ["CheckReport", "Catalogue", "KINDS", "RESULT_COLUMNS", "STATUSES", "Rule", "load_catalogue",
           "parse_catalogue", "reconcile"]

_HOME = {
    "Catalogue": "catalogue", "Rule": "catalogue", "load_catalogue": "catalogue", "parse_catalogue": "catalogue",
    "reconcile": "engine", "RESULT_COLUMNS": "outcome", "STATUSES": "outcome", "KINDS": "registry",
    "CheckReport": "report",
}


def __getattr__(name: str) -> Any:
    if name in _HOME:
        value = getattr(importlib.import_module(f".{_HOME[name]}", __name__), name)
        globals()[name] = value
        return value
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))
