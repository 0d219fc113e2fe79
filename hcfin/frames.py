"""One missing-value convention for every public frame, with the dtypes of ``hcfin/data/columns.yaml``.

Every frame hcfin hands out (``facts``, ``statements``, ``funds``, ``issues``, ``tables_found``,
``CheckReport.results``) follows it:

- text: pandas' string dtype (``str``), missing is NaN; never ``''`` and never ``None``;
- numbers with decimals (amounts, bounds): ``float64``, missing is NaN, never 0 for a blank;
- whole numbers (year, line, page, decimals, row): nullable ``Int64``, missing is ``<NA>``
  (an integer column cannot hold NaN);
- booleans: ``bool``, or nullable ``boolean`` when a value is missing;
- lists (``lines``): Python lists in an object column;
- a clean ``RangeIndex``.

Test for a missing value with ``pd.isna`` / ``Series.isna()``, which is true for NaN and ``<NA>`` alike.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from functools import lru_cache
from importlib import resources

import numpy as np
import pandas as pd

TYPES = ("string", "number", "integer", "boolean", "list")


def _text_dtype():
    try:
        return pd.StringDtype(na_value=np.nan)  # pandas >= 2.3: the ``str`` dtype of pandas 3
    except TypeError:  # pragma: no cover - older pandas: object column holding str or NaN
        return object


TEXT = _text_dtype()


@lru_cache(maxsize=1)
def column_specs() -> dict[str, dict]:
    """The column descriptions of ``hcfin/data/columns.yaml``, by table name.

    Returns:
        ``{table: {"title", "title_en", "description", "description_en", "primary_key", "fields": {name: spec}}}``
        where a field spec has ``type`` (one of :data:`TYPES`), ``title``, ``zh``, ``en`` and optional
        ``unit``, ``unit_field``, ``decimals_field``, ``printed_field``, ``column_type``.
    """
    import yaml

    text = resources.files("hcfin").joinpath("data/columns.yaml").read_text(encoding="utf-8")
    specs = yaml.safe_load(text)
    for name, spec in specs.items():
        for field, desc in spec["fields"].items():
            if desc.get("type") not in TYPES:
                raise ValueError(f"columns.yaml: {name}.{field} has type {desc.get('type')!r}; expected one of {TYPES}")
    return specs


def as_text(series: pd.Series) -> pd.Series:
    """``series`` as text: pandas' string dtype, missing (and ``''``) as NaN."""
    values = series.tolist()
    if series.dtype == TEXT and "" not in values:
        return series
    # One pass in Python: a vectorised ``series == ""`` and ``mask`` cost ~3x as much on the
    # short frames of one document (measured on the seed with benchmarks/bench_parse.py).
    values = [(v or np.nan) if isinstance(v, str) else (np.nan if pd.isna(v) else str(v)) for v in values]
    return pd.Series(values, index=series.index, dtype=TEXT, name=series.name)


def as_number(series: pd.Series) -> pd.Series:
    """``series`` as float64 (text read as decimal numbers; missing as NaN). Raises ValueError on words."""
    if series.dtype == np.float64:
        return series
    values = [np.nan if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "" else float(v)
              for v in series.tolist()]
    return pd.Series(values, index=series.index, dtype=np.float64, name=series.name)


def as_integer(series: pd.Series) -> pd.Series:
    """``series`` as nullable Int64 (missing as ``<NA>``)."""
    if str(series.dtype) == "Int64":
        return series
    if pd.api.types.is_integer_dtype(series.dtype):  # numpy ints: no missing value, convert in one step
        return series.astype("Int64")
    values = [None if v is None or (not isinstance(v, str) and pd.isna(v)) or v == "" else int(v)
              for v in series.tolist()]
    return pd.Series(pd.array(values, dtype="Int64"), index=series.index, name=series.name)


def as_boolean(series: pd.Series) -> pd.Series:
    """``series`` as bool, or nullable boolean when a value is missing."""
    missing = series.isna()
    if bool(missing.any()):
        return series.astype("boolean")
    return series.astype(bool)


_CASTS = {"string": as_text, "number": as_number, "integer": as_integer, "boolean": as_boolean}


def _text_values(values: Sequence) -> list:
    return [(v or np.nan) if isinstance(v, str) else (np.nan if v is None or pd.isna(v) else str(v)) for v in values]


def _missing(value) -> bool:
    return value is None or value is pd.NA or value == "" or (isinstance(value, float) and value != value)


def _integer_values(values: Sequence):
    if all(type(v) is int for v in values):  # the common case: no missing value, one numpy step
        ints = np.array(values, dtype=np.int64)
        return pd.arrays.IntegerArray(ints, np.zeros(len(ints), dtype=bool))
    return pd.array([None if _missing(v) else int(v) for v in values], dtype="Int64")


def _number_values(values: Sequence):
    return np.array([np.nan if _missing(v) else v for v in values], dtype=np.float64)


def _boolean_values(values: Sequence):
    if any(_missing(v) for v in values):
        return pd.array(values, dtype="boolean")
    return np.array(values, dtype=bool)


def _object_values(values: Sequence):
    array = np.empty(len(values), dtype=object)  # element by element: a list stays one cell
    for i, value in enumerate(values):
        array[i] = value
    return array


_BUILDS = {"string": lambda v: pd.array(_text_values(v), dtype=TEXT), "number": _number_values,
           "integer": _integer_values, "boolean": _boolean_values}


def frame_from_columns(data: Mapping[str, Sequence], table: str) -> pd.DataFrame:
    """A frame for ``table`` built straight from Python sequences, one per column, in the
    convention :func:`conform` gives: each column is made once in its final dtype, which on the
    short frames of one document costs a fraction of building a frame and then conforming it.

    Args:
        data: column name -> values (str, int, float, bool or None; ``''`` is read as missing
            text). Columns keep this order; a column ``columns.yaml`` does not describe is kept
            as an object column.
        table: the catalogue name in ``columns.yaml`` ("facts", "statements", ...).

    Raises:
        KeyError: ``table`` is not described in ``columns.yaml``.
        ValueError: a number or integer column holds something that is not one.
    """
    fields = column_specs()[table]["fields"]
    columns = {}
    for name, values in data.items():
        build = _BUILDS.get(fields.get(name, {}).get("type"))
        columns[name] = build(values) if build else _object_values(values)
    return pd.DataFrame(columns, copy=False)


def conform(frame: pd.DataFrame, table: str) -> pd.DataFrame:
    """``frame`` with the dtypes :data:`column_specs` gives ``table``, the missing-value convention and
    a RangeIndex. Columns the catalogue does not describe are kept as they are; none is added or dropped.

    Raises:
        KeyError: ``table`` is not described in ``columns.yaml``.
        ValueError: a number column holds something that is not a number.
    """
    fields = column_specs()[table]["fields"]
    out = frame.reset_index(drop=True)
    columns = {}
    for name in out.columns:
        kind = fields.get(name, {}).get("type")
        columns[name] = _CASTS[kind](out[name]) if kind in _CASTS else out[name]
    return pd.DataFrame(columns, index=out.index, columns=list(out.columns))
