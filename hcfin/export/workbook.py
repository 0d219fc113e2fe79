"""One Excel workbook: a sheet per table (findings first), Chinese headers, numbers as numbers.

Each number cell carries the number format of its printed decimals (``0.00`` for "933.58",
``0`` for "12"), so Excel shows what the document printed; a blank stays an empty cell (never
0); header rows are frozen and filtered; a last sheet 字段说明 describes every column.
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd

from .tables import file_frame, resource_spec

_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # characters an .xlsx cannot hold
_SHEET_BAD = re.compile(r"[\[\]:*?/\\]")
_MAX_WIDTH, _MIN_WIDTH = 60, 6


def number_format(decimals) -> str:
    """Excel number format for a value printed with ``decimals`` places: 0 -> "0", 2 -> "0.00"."""
    if decimals is None or pd.isna(decimals):
        return "General"
    decimals = int(decimals)
    return "0" if decimals <= 0 else "0." + "0" * decimals


def _printed_decimals(text) -> int | None:
    if not isinstance(text, str):
        return None
    match = re.fullmatch(r"[-+]?\d*(?:\.(\d+))?", text.strip())
    return len(match.group(1) or "") if match else None


def _display_width(value) -> int:
    text = str(value)
    return sum(2 if ord(ch) > 0x2E80 else 1 for ch in text[:200])


def _cell_value(value):
    """A frame value as an openpyxl cell value: missing -> None, numpy scalars -> Python."""
    if value is None or value is pd.NA:
        return None
    if isinstance(value, float) and value != value:
        return None
    if hasattr(value, "item"):
        value = value.item()
    if isinstance(value, str):
        value = _ILLEGAL.sub(lambda m: f"\\x{ord(m.group()):02x}", value)
    return value


def _sheet_title(title: str, used: set[str]) -> str:
    base = _SHEET_BAD.sub("_", title)[:31] or "Sheet"
    name, n = base, 2
    while name in used:
        name = f"{base[:28]}_{n}"
        n += 1
    used.add(name)
    return name


def _write_sheet(ws, frame: pd.DataFrame, spec: dict) -> None:
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    data = file_frame(frame, spec)
    columns = list(data.columns)
    fields = spec["fields"]
    ws.append([fields[c].get("title") or c for c in columns])
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
        cell.alignment = Alignment(vertical="center")
    widths = [_display_width(fields[c].get("title") or c) + 2 for c in columns]
    formats = {}
    for i, column in enumerate(columns):
        field = fields[column]
        if field["type"] != "number":
            continue
        if field.get("decimals_field") in data.columns:
            formats[i] = [number_format(d) for d in data[field["decimals_field"]].tolist()]
        elif field.get("printed_field") in data.columns:
            formats[i] = [number_format(_printed_decimals(t)) for t in data[field["printed_field"]].tolist()]
    values = [data[c].tolist() for c in columns]
    for r in range(len(data)):
        row = [_cell_value(values[i][r]) for i in range(len(columns))]
        ws.append(row)
        cells = ws[ws.max_row]
        for i, cell in enumerate(cells):
            value = row[i]
            if value is None:
                continue
            if isinstance(value, str):
                if value.startswith("="):
                    cell.data_type = "s"  # text, never a formula
                if len(value) < 80:
                    widths[i] = max(widths[i], _display_width(value) + 2)
            else:
                if i in formats:
                    cell.number_format = formats[i][r]
                widths[i] = max(widths[i], len(str(value)) + 2)
    for i, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(i)].width = max(_MIN_WIDTH, min(_MAX_WIDTH, width))
    ws.freeze_panes = "A2"
    if columns:
        ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(1, len(data) + 1)}"


def _write_descriptions(ws, specs: dict[str, dict], titles: dict[str, str]) -> None:
    from openpyxl.styles import Font

    ws.append(["工作表", "列名", "中文列名", "类型", "说明", "description"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for table, spec in specs.items():
        for column, field in spec["fields"].items():
            ws.append([titles[table], column, field.get("title") or column, field["type"], field.get("zh") or "",
                       field.get("en") or ""])
    for letter, width in zip("ABCDEF", (14, 18, 16, 9, 60, 60)):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:F{ws.max_row}"


def write_xlsx(frames: dict[str, pd.DataFrame], path: str | Path, meta: dict | None = None) -> Path:
    """Write ``frames`` to one workbook, a sheet per table in the given order (findings first when
    given first), plus a 字段说明 sheet describing every column.

    Args:
        frames: table name -> frame (as from :func:`hcfin.export.document_frames`).
        path: the ``.xlsx`` file to write (replaced if it exists).
        meta: the disclosure's meta; unit, year and source go into the workbook's properties.

    Raises:
        ImportError: openpyxl is not installed (``pip install 'hcfin[office]'``).
    """
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    used: set[str] = set()
    specs, titles = {}, {}
    for table, frame in frames.items():
        spec = resource_spec(table, frame)
        specs[table] = spec
        titles[table] = _sheet_title(spec["title"], used)
        _write_sheet(workbook.create_sheet(titles[table]), frame, spec)
    _write_descriptions(workbook.create_sheet(_sheet_title("字段说明", used)), specs, titles)
    meta = meta or {}
    unit, year = meta.get("unit"), meta.get("year")
    workbook.properties.title = f"{unit or '未知单位'}{year or ''}{'年度' if year else ''}部门决算公开数据"
    workbook.properties.creator = "hcfin"
    if meta.get("source_path"):
        workbook.properties.description = f"来源文件：{meta['source_path']}（sha256 {meta.get('sha256') or '未知'}）"
    path = Path(path)
    workbook.save(path)
    return path


__all__ = ["number_format", "write_xlsx"]
