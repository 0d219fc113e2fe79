"""CheckReport: every evaluation of every rule, in one frame with the same columns."""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pandas as pd

from ..frames import conform
from .outcome import STATUSES

_STATUS_ORDER = {"mismatch": 0, "insufficient_data": 1, "rounding": 2, "not_applicable": 3, "exact": 4}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
STATUS_ZH = {"exact": "一致", "rounding": "舍入", "mismatch": "不一致", "not_applicable": "不适用",
             "insufficient_data": "数据不足"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}


@dataclass
class CheckReport:
    """The result of :func:`hcfin.reconcile`.

    Attributes:
        results: one row per evaluation (passes included), columns :data:`hcfin.checks.RESULT_COLUMNS`,
            typed as ``hcfin/data/columns.yaml`` says: ``reported`` / ``computed`` / ``difference`` as
            printed text, their ``_amount`` columns and the interval bounds float64, missing NaN,
            ``lines`` lists, a RangeIndex.
        meta: the disclosure's meta (unit, year, source_path, sha256 ...).
    """

    results: pd.DataFrame
    meta: dict = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.results = typed_results(self.results)

    def __repr__(self) -> str:
        counts = ", ".join(f"{s} {int(self.results['status'].eq(s).sum())}" for s in STATUSES)
        errors = int(((self.results["status"] == "mismatch") & (self.results["severity"] == "error")).sum())
        return f"<CheckReport {len(self.results)} results: {counts}; {errors} error-severity mismatches>"

    @property
    def mismatches(self) -> pd.DataFrame:
        """Rows whose status is ``mismatch`` (any severity), with a fresh RangeIndex."""
        return self.results[self.results["status"] == "mismatch"].reset_index(drop=True)

    @property
    def has_errors(self) -> bool:
        """True when some error-severity rule is violated."""
        m = self.mismatches
        return bool((m["severity"] == "error").any())

    def summary(self) -> pd.DataFrame:
        """Counts of results by severity (rows) and status (columns), zeros included."""
        table = pd.crosstab(self.results["severity"], self.results["status"])
        table = table.reindex(index=list(_SEVERITY_ORDER), columns=list(STATUSES), fill_value=0)
        table.index.name, table.columns.name = "severity", "status"
        return table

    def sorted_results(self) -> pd.DataFrame:
        """Mismatches first, then by severity, then in catalogue order."""
        r = self.results
        key = r["status"].map(_STATUS_ORDER) * 10 + r["severity"].map(_SEVERITY_ORDER)
        return r.assign(_k=key.values).sort_values("_k", kind="stable").drop(columns="_k")

    def to_json(self, indent: int | None = 2) -> str:
        """{"meta": ..., "summary": ..., "results": [...]} as JSON text (reported, computed and difference
        as printed text, their ``_amount`` readings and the bounds as numbers, missing as null)."""
        records = [{k: _plain(v) for k, v in rec.items()} for rec in self.sorted_results().to_dict("records")]
        meta = {k: (str(v) if not isinstance(v, (int, float, str, bool, type(None))) else v)
                for k, v in self.meta.items()}
        summary = {s: int(self.results["status"].eq(s).sum()) for s in STATUSES}
        return json.dumps({"meta": meta, "summary": summary, "results": records},
                          ensure_ascii=False, indent=indent)

    def to_csv(self) -> str:
        """CSV text of the sorted results (lines joined by ';')."""
        frame = self.sorted_results().copy()
        frame["lines"] = frame["lines"].map(lambda ls: ";".join(str(x) for x in ls))
        return frame.to_csv(index=False)

    def to_text(self, width: int = 100, show_exact: bool = False) -> str:
        """A terminal table: mismatches first, one line per result plus its numbers and lines.

        Exact results are only counted unless ``show_exact``.
        """
        meta = self.meta
        out = [f"核对结果：{meta.get('unit') or ''} {meta.get('year') or ''}  {meta.get('source_path') or ''}".rstrip()]
        counts = "，".join(f"{STATUS_ZH[s]}{int(self.results['status'].eq(s).sum())}" for s in STATUSES)
        errors = int(((self.results["status"] == "mismatch") & (self.results["severity"] == "error")).sum())
        out.append(f"共{len(self.results)}项：{counts}；其中错误级不一致{errors}项")
        no_data = self.results[(self.results["kind"] == "has_data") & (self.results["status"] == "insufficient_data")]
        if len(no_data):
            out.append("注意：本文档不含任何数据（" + no_data.iloc[0]["message"].split("（", 1)[-1].rstrip("）") + "）")
        out.append("=" * width)
        shown = self.sorted_results()
        if not show_exact:
            shown = shown[shown["status"] != "exact"]
        current = None
        for rec in shown.to_dict("records"):
            if rec["status"] != current:
                current = rec["status"]
                out.append(f"【{STATUS_ZH[current]}】")
            sev = SEVERITY_ZH.get(rec["severity"], rec["severity"])
            out.append(f"  {rec['rule_id']:<7} {sev}  {rec['message']}")
            details = []
            reported, computed, difference = (_plain(rec[c]) for c in ("reported", "computed", "difference"))
            if reported is not None or computed is not None:
                details.append(f"报告 {reported if reported is not None else '空白'}"
                               f" · 计算 {computed if computed is not None else '—'}"
                               f" · 差 {difference if difference is not None else '—'}")
            if rec["lines"]:
                more = "…" if len(rec["lines"]) > 8 else ""
                details.append("原文第" + ",".join(map(str, rec["lines"][:8])) + more + "行")
            if details:
                out.append(f"  {'':<7}       " + "；".join(details))
        if not show_exact:
            out.append(f"（另有{int(self.results['status'].eq('exact').sum())}项完全一致，用 --all 列出）")
        return "\n".join(out)


def _plain(value):
    """None for a missing scalar (NaN, <NA>, None), numpy scalars as plain Python, else the value."""
    if isinstance(value, (list, tuple)):
        return list(value)
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return None
    return value.item() if hasattr(value, "item") else value


def typed_results(results: pd.DataFrame) -> pd.DataFrame:
    """Results with the dtypes of ``columns.yaml`` (``results``) and a RangeIndex."""
    return conform(results, "results")
