"""A unit's reconciliation counts for the index (``hcfin.reconcile`` on its document)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["FindingsCounts", "unit_findings"]


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


class FindingsCounts:
    """The index counts of each document (:func:`hcfin.report.findings.unit_findings`), computed
    on a thread while the reports run: in a fork of the fork server, which has pandas and the
    checks loaded already, else in this process. Cached by document and code."""

    def __init__(self, cache, code: str, pairs, documents) -> None:
        """``pairs``: the (unit, year) to count; ``documents``: (path, sha256) of each."""
        self.cache, self.code = cache, code
        self.documents = {pair: documents[pair] for pair in pairs}
        self.values: dict[tuple[str, int], dict] = {}
        self.futures: dict = {}
        self.executor = None
        for pair, (_path, sha256) in self.documents.items():
            cached = cache.findings(sha256, code)
            if cached is not None:
                self.values[pair] = cached

    def start(self) -> None:
        """Start counting the documents not cached (call once the pool's workers exist)."""
        from concurrent.futures import ThreadPoolExecutor

        from . import kernel

        address = kernel.FORK_SERVER
        self.executor = ThreadPoolExecutor(1, thread_name_prefix="hcfin-findings")
        for pair, (path, _sha256) in self.documents.items():
            if pair not in self.values:
                self.futures[pair] = self.executor.submit(self._compute, address, path)

    @staticmethod
    def _compute(address, path: Path) -> dict:
        if address is not None:
            from .forkserver import ForkServer

            try:
                return ForkServer.client(address).call("unit_findings", path)
            except (OSError, RuntimeError):
                pass  # the server is gone: compute here
        return unit_findings(path)

    def get(self, pair: tuple[str, int]) -> dict | None:
        """The counts of ``pair`` (waits for them; caches them); None if it was not asked for."""
        if pair not in self.values and pair in self.futures:
            self.values[pair] = self.futures.pop(pair).result()
            self.cache.set_findings(self.documents[pair][1], self.code, self.values[pair])
        return self.values.get(pair)

    def close(self) -> None:
        """Drop the counts not started yet (an interrupted run)."""
        if self.executor is not None:
            self.executor.shutdown(wait=False, cancel_futures=True)
