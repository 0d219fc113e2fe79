"""CheckReport: every evaluation of every rule, in one frame with the same columns."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from ..frames import conform
from .outcome import STATUSES

_STATUS_ORDER = {"mismatch": 0, "insufficient_data": 1, "rounding": 2, "not_applicable": 3, "exact": 4}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}
# the words of the reports (hcfin.analysis.checks.STATUS_NAMES): one vocabulary everywhere
STATUS_ZH = {"exact": "完全相符", "rounding": "尾差", "mismatch": "不符", "not_applicable": "不适用",
             "insufficient_data": "数据不足"}
SEVERITY_ZH = {"error": "错误", "warning": "警告", "info": "提示"}
_BLOCKING = ("numeric", "consistency")  # presentation findings and reading notes never raise the exit status


@dataclass
class CheckReport:
    """The result of :func:`hcfin.reconcile`.

    Attributes:
        results: one row per evaluation (passes included), columns :data:`hcfin.checks.RESULT_COLUMNS`,
            typed as ``hcfin/data/columns.yaml`` says: ``reported`` / ``computed`` / ``difference`` as
            printed text, their ``_amount`` columns and the interval bounds float64, missing NaN,
            ``lines`` lists, a RangeIndex.
        meta: the disclosure's meta (unit, year, source_path, sha256 ...).
        terms: per result row, the printed numbers it compared and the relation (for error
            localisation); empty for a report built from a results frame alone.
        context: the checks' view of the disclosure (cells, statements, document), or None.
    """

    results: pd.DataFrame
    meta: dict = field(default_factory=dict)
    terms: list = field(default_factory=list, repr=False)
    context: Any = field(default=None, repr=False)
    _built: tuple | None = field(default=None, init=False, repr=False)

    def __post_init__(self) -> None:
        self.results = conform(self.results, "results")

    def __repr__(self) -> str:
        counts = ", ".join(f"{s} {int(self.results['status'].eq(s).sum())}" for s in STATUSES)
        return (f"<CheckReport {len(self.results)} results: {counts}; "
                f"{len(self.findings)} findings, {int(self.findings['group'].eq('error').sum())} errors>")

    def _build(self) -> tuple[pd.DataFrame, pd.DataFrame]:
        if self._built is None:
            from ..findings import build_findings

            findings, evidence = build_findings(self)
            self._built = (conform(findings, "findings"), conform(evidence, "evidence"))
        return self._built

    @property
    def findings(self) -> pd.DataFrame:
        """One row per defect (:data:`hcfin.findings.FINDING_COLUMNS`): errors, warnings,
        presentation, reading notes; results that one printed number explains are one finding."""
        return self._build()[0]

    @property
    def evidence(self) -> pd.DataFrame:
        """Every printed number or line of every finding, with page and box
        (:data:`hcfin.findings.EVIDENCE_COLUMNS`)."""
        return self._build()[1]

    @property
    def mismatches(self) -> pd.DataFrame:
        """Rows whose status is ``mismatch`` (any severity and category), with a fresh RangeIndex."""
        return self.results[self.results["status"] == "mismatch"].reset_index(drop=True)

    @property
    def has_errors(self) -> bool:
        """True when an error-severity numeric or consistency rule is violated (presentation
        findings and reading notes never count)."""
        r = self.results
        category = r["category"] if "category" in r.columns else pd.Series("numeric", index=r.index)
        return bool(((r["status"] == "mismatch") & (r["severity"] == "error") & category.isin(_BLOCKING)).any())

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
        """{"meta", "summary", "findings" (each with its "evidence"), "results"} as JSON text."""
        records = _records(self.sorted_results())
        meta = {k: (str(v) if not isinstance(v, (int, float, str, bool, type(None))) else v)
                for k, v in self.meta.items()}
        summary = {s: int(self.results["status"].eq(s).sum()) for s in STATUSES}
        evidence = _records(self.evidence)
        findings = []
        for rec in _records(self.findings):
            rec["evidence"] = [{k: v for k, v in e.items() if k != "finding_id"}
                               for e in evidence if e["finding_id"] == rec["finding_id"]]
            findings.append(rec)
        return json.dumps({"meta": meta, "summary": summary, "findings": findings, "results": records},
                          ensure_ascii=False, indent=indent)

    def to_csv(self) -> str:
        """CSV text of the sorted results (lines joined by ';')."""
        frame = self.sorted_results().copy()
        frame["lines"] = frame["lines"].map(lambda ls: ";".join(str(x) for x in ls))
        return frame.to_csv(index=False)

    def to_text(self, width: int = 100, show_exact: bool = False) -> str:
        """A terminal listing: the findings (errors, warnings, presentation, reading notes), then
        the results that could not be decided, the rounding cases and what does not apply.

        Severity words appear beside findings only; exact results are counted unless ``show_exact``.
        """
        from ..findings import GROUP_ZH, GROUPS

        meta = self.meta
        out = [f"核对结果：{meta.get('unit') or ''} {meta.get('year') or ''}  {meta.get('source_path') or ''}".rstrip()]
        counts = "，".join(f"{STATUS_ZH[s]}{int(self.results['status'].eq(s).sum())}" for s in STATUSES)
        out.append(f"共{len(self.results)}项核对：{counts}")
        f = self.findings
        by_group = "，".join(f"{GROUP_ZH[g]}{int(f['group'].eq(g).sum())}" for g in GROUPS)
        out.append(f"发现{len(f)}个问题：{by_group}（表述问题与读取提示不影响退出状态）")
        no_data = self.results[(self.results["kind"] == "has_data") & (self.results["status"] == "insufficient_data")]
        if len(no_data):
            out.append("注意：本文档不含任何数据（" + no_data.iloc[0]["message"].split("（", 1)[-1].rstrip("）") + "）")
        out.append("=" * width)
        evidence = self.evidence
        for group in GROUPS:
            part = f[f["group"] == group]
            if not len(part):
                continue
            out.append(f"【{GROUP_ZH[group]}】")
            for rec in part.fillna("").to_dict("records"):
                out.append(f"  {rec['finding_id']}  {rec['summary']}")
                details = [f"规则 {rec['rule_ids']}"]
                where = _where(evidence[evidence["finding_id"] == rec["finding_id"]], rec["lines"])
                if where:
                    details.append(where)
                out.append("        " + "；".join(details))
                if rec["diagnosis"]:
                    out.append(f"        诊断：{rec['diagnosis']}")
        shown = self.sorted_results()
        shown = shown[shown["status"].isin(["insufficient_data", "rounding", "not_applicable"]
                                            + (["exact"] if show_exact else []))]
        current = None
        for rec in shown.to_dict("records"):
            if rec["status"] != current:
                current = rec["status"]
                out.append(f"【{STATUS_ZH[current]}】")
            out.append(f"  {rec['rule_id']:<7} {rec['message']}")
            if rec["lines"]:
                more = "…" if len(rec["lines"]) > 8 else ""
                out.append(f"  {'':<7} 原文第" + ",".join(map(str, rec["lines"][:8])) + more + "行")
        if not show_exact:
            out.append(f"（另有{int(self.results['status'].eq('exact').sum())}项完全相符，用 --all 列出）")
        return "\n".join(out)


def _records(frame: pd.DataFrame) -> list[dict]:
    """Records with missing values as None (JSON null), numbers as plain Python numbers."""
    out = []
    for rec in frame.astype(object).to_dict("records"):
        out.append({k: (None if v is None or v is pd.NA or (isinstance(v, float) and v != v) else v)
                    for k, v in rec.items()})
    return out


def _where(evidence: pd.DataFrame, lines: str) -> str:
    """"原文第558,561行（第13页）" from a finding's evidence."""
    pages = sorted({int(p) for p in evidence["page"].dropna()}) if len(evidence) else []
    numbers = [x for x in str(lines or "").split(";") if x]
    if not numbers:
        return ""
    more = "…" if len(numbers) > 8 else ""
    text = "原文第" + ",".join(numbers[:8]) + more + "行"
    return text + (f"（第{'、'.join(map(str, pages))}页）" if pages else "")
