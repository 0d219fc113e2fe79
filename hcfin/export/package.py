"""CSV and Parquet files with a Frictionless ``datapackage.json`` describing them, and reading them back.

The descriptor follows the Frictionless Data Package (v1) and, in the spirit of the Fiscal Data
Package, marks the amount columns as ``columnType: value`` with the column that names their unit.
Every field carries its Chinese title and description and an English description; a blank cell
is the one missing value.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pandas as pd

from .. import __version__
from ..frames import column_specs, conform
from .tables import file_frame, resource_spec, split_list

FORMATS = ("csv", "parquet")
_MEDIATYPES = {"csv": "text/csv", "parquet": "application/vnd.apache.parquet"}
_FIELD_EXTRAS = {"unit": "unit", "unit_field": "unitField", "decimals_field": "decimalsField",
                 "printed_field": "printedField", "column_type": "columnType"}


def field_descriptor(name: str, spec: dict, stored_type: str | None = None) -> dict:
    """The Table Schema field of column ``name`` from its ``columns.yaml`` spec.

    Args:
        stored_type: the Table Schema type the file really stores when it is not the catalogue's
            (a Parquet list column is an "array"); by default a list is written as text "42;49;56".
    """
    kind = spec["type"]
    field = {"name": name, "type": stored_type or ("string" if kind == "list" else kind),
             "title": spec.get("title", name)}
    if spec.get("zh"):
        field["description"] = spec["zh"]
    if spec.get("en"):
        field["description_en"] = spec["en"]
    if kind == "list" and stored_type is None:
        field["hcfin:list"] = "integers separated by ';'"
    for key, name_out in _FIELD_EXTRAS.items():
        if spec.get(key):
            field[name_out] = spec[key]
    return field


def resource_descriptor(table: str, spec: dict, fmt: str, fields: list[dict]) -> dict:
    """The ``resources`` entry of ``<table>.<fmt>``: its ``spec`` (:func:`resource_spec`) titles and ``fields``."""
    resource = {"name": table, "path": f"{table}.{fmt}", "profile": "tabular-data-resource",
                "format": fmt, "mediatype": _MEDIATYPES[fmt], "title": spec["title"],
                "description": spec.get("description") or "", "description_en": spec.get("description_en") or "",
                "schema": {"fields": fields, "missingValues": [""]}}
    if fmt == "csv":
        resource["encoding"] = "utf-8"
    return resource


def _primary_key(frame: pd.DataFrame, candidate: list[str]) -> list[str]:
    """The candidate key when the rows hold it (columns present, unique, never all missing in a row)."""
    if not candidate or not set(candidate) <= set(frame.columns):
        return []
    keys = frame[candidate]
    if keys.isna().all(axis=1).any() or keys.duplicated().any():
        return []
    return candidate


def _foreign_key_holds(frame: pd.DataFrame, key: dict, frames: dict[str, pd.DataFrame]) -> bool:
    """A candidate foreign key, declared when its resource is exported and every reference is found."""
    target = frames.get(key["reference"]["resource"])
    fields, targets = key["fields"], key["reference"]["fields"]
    if target is None or not set(fields) <= set(frame.columns) or not set(targets) <= set(target.columns):
        return False
    wanted = set(map(tuple, frame[fields].dropna().itertuples(index=False)))
    return wanted <= set(map(tuple, target[targets].itertuples(index=False)))


def _package_name(meta: dict | None) -> str:
    sha = (meta or {}).get("sha256") or ""
    return f"hcfin-{sha[:12]}" if re.fullmatch(r"[0-9a-f]{12,}", sha) else "hcfin-export"


def datapackage(frames: dict[str, pd.DataFrame], fmt: str, meta: dict | None = None,
                name: str | None = None, title: str | None = None) -> dict:
    """The Frictionless descriptor of ``frames`` written as ``<name>.<fmt>`` files beside it.

    Args:
        frames: table name -> frame (as from :func:`hcfin.export.document_frames`).
        fmt: "csv" or "parquet".
        meta: the disclosure's meta (unit, year, source_path, sha256), recorded in the package.
        name, title: package name and title (default from ``meta``).

    Raises:
        ValueError: ``fmt`` is not one of :data:`FORMATS`.
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown export format {fmt!r}; expected one of {', '.join(FORMATS)}")
    meta = meta or {}
    unit, year = meta.get("unit"), meta.get("year")
    default_title = f"{unit or '未知单位'}{year or ''}{'年度' if year else ''}部门决算公开数据"
    resources = []
    for table, frame in frames.items():
        spec = resource_spec(table, frame)
        resource = resource_descriptor(table, spec, fmt, [field_descriptor(c, f) for c, f in spec["fields"].items()])
        key = _primary_key(frame, spec["primary_key"])
        if key:
            resource["schema"]["primaryKey"] = key
        foreign = [fk for fk in spec["foreign_keys"] if _foreign_key_holds(frame, fk, frames)]
        if foreign:
            resource["schema"]["foreignKeys"] = foreign
        resources.append(resource)
    descriptor = {
        "name": name or _package_name(meta),
        "title": title or default_title,
        "description": "hcfin 从部门决算公开文件读出的数据：核对发现及其依据、表格单元格、文字陈述、社会保险基金和读取问题。"
                       "空白单元格是唯一的缺失值（不作0）。",
        "description_en": "Data hcfin read from a department's final-accounts disclosure: reconciliation findings "
                          "and their evidence, table cells, statements of the text, social-insurance funds and "
                          "reading issues. A blank cell is the only missing value (never 0).",
        "profile": "tabular-data-package",
        "resources": resources,
        "sources": [{"title": Path(str(meta["source_path"])).name, "path": str(meta["source_path"])}]
        if meta.get("source_path") else [],
        "hcfin": {"version": __version__, **{k: _json_safe(meta.get(k)) for k in
                                              ("unit", "year", "currency_unit", "format", "sha256") if k in meta}},
    }
    return descriptor


def _json_safe(value):
    if value is None:
        return None
    return value.item() if hasattr(value, "item") else value


def write_tables(frames: dict[str, pd.DataFrame], out_dir: str | Path, fmt: str, meta: dict | None = None,
                 name: str | None = None, title: str | None = None) -> list[Path]:
    """Write each frame as ``out_dir/<table>.<fmt>`` and ``out_dir/datapackage.json`` describing them.

    CSV is UTF-8 with a header row, ``.`` as decimal point and an empty cell for a missing value;
    list columns (``lines``) are written ``42;49;56``.

    Returns:
        The paths written, the data files first and ``datapackage.json`` last.

    Raises:
        ValueError: unknown ``fmt``.
        ImportError: Parquet without pyarrow.
    """
    descriptor = datapackage(frames, fmt, meta, name=name, title=title)
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for resource in descriptor["resources"]:
        frame = frames[resource["name"]]
        data = file_frame(frame, resource_spec(resource["name"], frame))
        path = out / resource["path"]
        if fmt == "csv":
            data.to_csv(path, index=False, encoding="utf-8", lineterminator="\n")
        else:
            data.to_parquet(path, index=False)
        paths.append(path)
    package = out / "datapackage.json"
    package.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return paths + [package]


def read_tables(out_dir: str | Path) -> dict[str, pd.DataFrame]:
    """The tables of a package written by :func:`write_tables`, with their dtypes restored.

    Raises:
        FileNotFoundError: no ``datapackage.json`` in ``out_dir``.
    """
    out = Path(out_dir)
    descriptor = json.loads((out / "datapackage.json").read_text(encoding="utf-8"))
    frames = {}
    for resource in descriptor["resources"]:
        fields = resource["schema"]["fields"]
        path = out / resource["path"]
        if resource["format"] == "csv":
            text_columns = {f["name"]: str for f in fields if f["type"] == "string"}
            frame = pd.read_csv(path, dtype=text_columns, keep_default_na=False, na_values=[""], encoding="utf-8")
        else:
            frame = pd.read_parquet(path)
        for field in fields:
            if field.get("hcfin:list"):
                frame[field["name"]] = frame[field["name"]].map(split_list).astype(object)
        known = resource["name"] in column_specs()
        frames[resource["name"]] = conform(frame, resource["name"]) if known else frame.reset_index(drop=True)
    return frames
