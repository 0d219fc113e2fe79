"""Small notebooks and data folders for the report machinery tests."""

from __future__ import annotations

from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

PARAMETERS = 'unit: str = "某单位"  # 单位名称\nyear: int = 2024  # 决算年度\ndata_dir: str = "data"  # 数据目录'


def write_notebook(path: Path, *sources: str, parameters: str | None = PARAMETERS) -> Path:
    """Write a notebook: an optional parameters cell, then code cells (``md:`` = markdown)."""
    cells = []
    if parameters is not None:
        cells.append(new_code_cell(parameters, metadata={"tags": ["parameters"]}))
    for source in sources:
        if source.startswith("md:"):
            cells.append(new_markdown_cell(source[3:]))
        else:
            cells.append(new_code_cell(source))
    notebook = new_notebook(
        cells=cells,
        metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}},
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))
    return path


def write_manifest(data_dir: Path, rows: list[tuple[str, int]]) -> Path:
    """Write ``<data_dir>/raw/manifest.csv`` with the given (unit, year) rows, each with a small
    file of its own and that file's sha256."""
    import hashlib

    raw = data_dir / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    lines = ["file,unit,year,format,source,sha256"]
    for number, (unit, year) in enumerate(rows):
        data = f"{unit} {year}\n".encode("utf-8")
        (raw / f"f{number}.txt").write_bytes(data)
        quoted = '"' + unit.replace('"', '""') + '"'
        lines.append(f"f{number}.txt,{quoted},{year},text,test,{hashlib.sha256(data).hexdigest()}")
    path = raw / "manifest.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def output_areas(html: str):
    """Return the BeautifulSoup elements of the cell outputs of a rendered page."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    return soup.select(".jp-OutputArea-output")
