"""A Frictionless Data Package descriptor (``datapackage.json``) for the batch's Parquet tables.

Titles and descriptions come from the one column catalogue, ``hcfin/data/columns.yaml`` (as for
the export of one document, :mod:`hcfin.export.package`); the types come from the Parquet files
themselves, which are the truth of what was written (a list column is stored as a Parquet list).
"""

from __future__ import annotations

import json
import os
from pathlib import Path

__all__ = ["write_datapackage", "field_type", "CATALOGUE"]

#: The catalogue table (columns.yaml) describing each batch table whose name differs: the batch's
#: ``findings`` are the mismatch rows of the checks' results.
CATALOGUE = {"findings": "results"}


def field_type(arrow_type) -> str:
    """The Table Schema type of an Arrow type."""
    import pyarrow as pa

    if pa.types.is_boolean(arrow_type):
        return "boolean"
    if pa.types.is_integer(arrow_type):
        return "integer"
    if pa.types.is_floating(arrow_type) or pa.types.is_decimal(arrow_type):
        return "number"
    if pa.types.is_list(arrow_type) or pa.types.is_large_list(arrow_type):
        return "array"
    if pa.types.is_timestamp(arrow_type):
        return "datetime"
    if pa.types.is_date(arrow_type):
        return "date"
    return "string"


def write_datapackage(out_dir: str | Path, tables: list[str], name: str = "hcfin-batch") -> Path:
    """Describe ``out_dir/<table>.parquet`` for every table in ``datapackage.json``; return its path."""
    import pyarrow.parquet as pq

    from ..export.package import field_descriptor, resource_descriptor
    from ..export.tables import resource_spec

    out_dir = Path(out_dir)
    resources = []
    for table in tables:
        schema = pq.read_schema(out_dir / f"{table}.parquet")
        spec = resource_spec(CATALOGUE.get(table, table), schema.empty_table().to_pandas(),
                             keys=None if table == "documents" else "batch_keys")
        fields = [field_descriptor(f.name, spec["fields"][f.name], field_type(f.type)) for f in schema]
        resources.append(resource_descriptor(table, spec, "parquet", fields))
    descriptor = {"profile": "tabular-data-package", "name": name,
                  "title": "部门决算公开 批量读取结果（hcfin batch）", "resources": resources}
    path = out_dir / "datapackage.json"
    temp = path.with_name(".datapackage.json.tmp")
    temp.write_text(json.dumps(descriptor, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(temp, path)
    return path
