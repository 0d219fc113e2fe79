"""hcfin: Chinese department final-accounts disclosures (部门决算公开) as trustworthy data."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .errors import Issue, ParseError

if TYPE_CHECKING:
    from pathlib import Path

    from .checks import CheckReport
    from .corpus import Corpus
    from .disclosure import Disclosure

__all__ = ["Corpus", "Issue", "ParseError", "load", "reconcile"]
__version__ = "0.1.0"


def load(path: str | Path) -> Disclosure:
    """Load a disclosure file into a :class:`hcfin.disclosure.Disclosure`.

    Raises:
        ParseError: the file is not a readable disclosure.
    """
    from .disclosure import load as _load

    return _load(path)


def reconcile(disclosure: Disclosure) -> CheckReport:
    """Check every identity of a loaded disclosure; see :func:`hcfin.checks.reconcile`.

    Returns:
        A :class:`hcfin.checks.CheckReport` with ``.results``, ``.mismatches`` and ``.summary()``.
    """
    from .checks import reconcile as _reconcile

    return _reconcile(disclosure)


def __getattr__(name: str):
    """``hcfin.Corpus`` without importing pandas at ``import hcfin``."""
    if name == "Corpus":
        from .corpus import Corpus

        return Corpus
    raise AttributeError(f"module 'hcfin' has no attribute {name!r}")
