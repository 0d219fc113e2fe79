"""The five exported tables of a disclosure and their column descriptions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import column_specs, conform

#: Exported tables in workbook order: the findings first, then the data they are about.
TABLES = ("findings", "facts", "statements", "funds", "issues")

#: Statuses of a reconciliation result that are no finding (the printed figures agree).
_AGREEING = ("exact", "rounding")

_FINDINGS_FALLBACK = {"title": "核对发现", "title_en": "Reconciliation findings",
                      "description": "核对中不一致、数据不足或不适用的各项（一致和舍入差异的各项不列）。",
                      "description_en": "Reconciliation results that are mismatches, insufficient data or not "
                                        "applicable (exact and rounding results left out)."}


def findings_frame(report) -> pd.DataFrame:
    """The findings of a :class:`hcfin.checks.CheckReport`: ``report.findings`` where the report has them,
    else every result whose status is not ``exact`` or ``rounding``, in the report's sorted order."""
    findings = getattr(report, "findings", None)
    if isinstance(findings, pd.DataFrame):
        return findings.reset_index(drop=True)
    results = report.sorted_results()
    return results[~results["status"].isin(_AGREEING)].reset_index(drop=True)


def document_frames(disclosure, report=None) -> dict[str, pd.DataFrame]:
    """The five tables of one disclosure, typed by ``columns.yaml``, in :data:`TABLES` order.

    Args:
        disclosure: a loaded :class:`hcfin.disclosure.Disclosure`.
        report: its :class:`hcfin.checks.CheckReport`; reconciled here when not given.
    """
    if report is None:
        from ..checks import reconcile

        report = reconcile(disclosure)
    frames = {"findings": findings_frame(report), "facts": disclosure.facts, "statements": disclosure.statements,
              "funds": disclosure.funds, "issues": disclosure.issues}
    return {name: _conformed(name, frame) for name, frame in frames.items()}


def _spec_name(name: str) -> str | None:
    specs = column_specs()
    if name in specs:
        return name
    return "results" if name == "findings" else None


def _conformed(name: str, frame: pd.DataFrame) -> pd.DataFrame:
    spec = _spec_name(name)
    return conform(frame, spec) if spec else frame.reset_index(drop=True)


def _inferred_type(series: pd.Series) -> str:
    if pd.api.types.is_bool_dtype(series):
        return "boolean"
    if pd.api.types.is_integer_dtype(series):
        return "integer"
    if pd.api.types.is_float_dtype(series):
        return "number"
    if series.map(lambda v: isinstance(v, (list, tuple, np.ndarray))).any():
        return "list"
    return "string"


def resource_spec(name: str, frame: pd.DataFrame) -> dict:
    """Title, descriptions, candidate primary key and one field spec per column of ``frame``.

    Columns ``columns.yaml`` does not describe get their type from the dtype, their name as title
    and ``described: False`` (the test suite requires every bundled export to be fully described).
    """
    base = column_specs().get(_spec_name(name) or "", {})
    spec = {key: base.get(key) for key in ("title", "title_en", "description", "description_en")}
    if name == "findings" and "findings" not in column_specs():
        spec.update(_FINDINGS_FALLBACK)
    spec["title"] = spec["title"] or name
    spec["primary_key"] = list(base.get("primary_key") or [])
    known = base.get("fields", {})
    spec["fields"] = {}
    for column in frame.columns:
        field = dict(known.get(column) or {"type": _inferred_type(frame[column]), "title": column, "described": False})
        field.setdefault("described", True)
        spec["fields"][column] = field
    return spec


def file_frame(frame: pd.DataFrame, spec: dict) -> pd.DataFrame:
    """``frame`` as written to a file: list columns as ``"42;49;56"`` text, everything else unchanged."""
    out = frame.copy()
    for column, field in spec["fields"].items():
        if field["type"] == "list":
            out[column] = out[column].map(_join_list).astype("str")
    return out


def _join_list(value) -> str | float:
    if isinstance(value, (list, tuple, np.ndarray)):
        return ";".join(str(v) for v in value) if len(value) else np.nan
    return np.nan if value is None or pd.isna(value) else str(value)


def split_list(value) -> list[int]:
    """``"42;49;56"`` (or a missing value) back to ``[42, 49, 56]`` (or ``[]``)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)) or value == "":
        return []
    return [int(part) for part in str(value).split(";")]
