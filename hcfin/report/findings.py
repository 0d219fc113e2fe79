"""A unit's reconciliation counts for the index (``hcfin.reconcile`` on its document)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["unit_findings"]


def unit_findings(path: Path) -> dict[str, Any]:
    """Counts of the reconciliation of the document at ``path``, and whether it holds any number.

    Returns:
        ``{"has_data", "checks", "mismatch_error", "mismatch_other", "rounding", "unchecked"}``;
        ``{"error": "…"}`` when the document cannot be read or checked (one line).
    """
    import hcfin
    from hcfin.analysis.text import has_data

    try:
        disclosure = hcfin.load(path)
        report = hcfin.reconcile(disclosure)
        table = report.summary()
    except Exception as error:  # noqa: BLE001 - the index says so; the notebooks report the details
        return {"error": f"{type(error).__name__}: {' '.join(str(error).split())}"}

    def count(status: str, severities: tuple[str, ...] | None = None) -> int:
        if status not in table.columns:
            return 0
        column = table[status]
        if severities is not None:
            column = column[column.index.isin(severities)]
        return int(column.sum())

    return {
        "has_data": bool(has_data(disclosure)),
        "checks": int(table.to_numpy().sum()),
        "mismatch_error": count("mismatch", ("error",)),
        "mismatch_other": count("mismatch", ("warning", "info")),
        "rounding": count("rounding"),
        "unchecked": count("insufficient_data"),
    }
