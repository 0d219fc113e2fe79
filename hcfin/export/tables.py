"""The exported tables of a disclosure and their column descriptions."""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..frames import column_specs, conform

#: Exported tables in workbook order: the findings and their evidence first, then the data they are about.
TABLES = ("findings", "evidence", "facts", "statements", "funds", "issues")


def document_frames(disclosure, report=None) -> dict[str, pd.DataFrame]:
    """The tables of one disclosure, typed by ``columns.yaml``, in :data:`TABLES` order.

    Args:
        disclosure: a loaded :class:`hcfin.disclosure.Disclosure`.
        report: its :class:`hcfin.checks.CheckReport`; reconciled here when not given.
    """
    if report is None:
        from ..checks import reconcile

        report = reconcile(disclosure)
    frames = {"findings": report.findings, "evidence": report.evidence, "facts": disclosure.facts,
              "statements": disclosure.statements, "funds": disclosure.funds, "issues": disclosure.issues}
    return {name: conform(frame, name) for name, frame in frames.items()}


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


def resource_spec(name: str, frame: pd.DataFrame, keys: str | None = None) -> dict:
    """Title, descriptions, candidate primary key and one field spec per column of ``frame``.

    Columns ``columns.yaml`` does not describe under ``name`` (nor under ``keys``, a catalogue table
    of columns added in front, as the batch's ``batch_keys``) get their type from the dtype, their
    name as title and ``described: False`` (the test suite requires every bundled export to be
    fully described).
    """
    base = column_specs().get(name, {})
    spec = {key: base.get(key) for key in ("title", "title_en", "description", "description_en")}
    spec["title"] = spec["title"] or name
    spec["primary_key"] = list(base.get("primary_key") or [])
    spec["foreign_keys"] = list(base.get("foreign_keys") or [])
    known = {**(column_specs()[keys]["fields"] if keys else {}), **base.get("fields", {})}
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
