"""Exports: a disclosure's tables as CSV or Parquet with a Frictionless ``datapackage.json``,
or as one Excel workbook.

The tables, in this order: ``findings`` (:attr:`CheckReport.findings`, one row per defect),
``evidence`` (every printed number or line of every finding), ``facts``, ``statements``, ``funds``
and ``issues``.
Their columns are described once, in ``hcfin/data/columns.yaml`` (:func:`hcfin.frames.column_specs`).

API (also used by batch runs)::

    frames = document_frames(disclosure, report)           # dict name -> DataFrame
    paths = write_tables(frames, out_dir, "csv", meta=...)  # files + datapackage.json
    descriptor = datapackage(frames, "parquet", meta=...)   # the descriptor alone
    write_xlsx(frames, "out.xlsx", meta=...)                # one workbook, findings sheet first
    frames = read_tables(out_dir)                           # back, with their dtypes
"""

from .package import FORMATS, datapackage, read_tables, write_tables
from .tables import TABLES, document_frames, resource_spec
from .workbook import write_xlsx

__all__ = ["FORMATS", "TABLES", "datapackage", "document_frames", "read_tables", "resource_spec", "write_tables",
           "write_xlsx"]
