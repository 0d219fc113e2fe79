"""Find the disclosure file of a unit and year through ``<data_dir>/raw/manifest.csv``."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from hcfin.disclosure import Disclosure

__all__ = ["DisclosureNotFound", "find_disclosure", "load_disclosure"]


class DisclosureNotFound(LookupError):
    """No manifest row names the requested unit and year."""


def find_disclosure(unit: str, year: int, data_dir: str | Path = "data") -> Path:
    """Path of the disclosure of ``unit`` for ``year`` listed in ``<data_dir>/raw/manifest.csv``.

    Raises:
        DisclosureNotFound: the manifest is missing, or lists no such unit-year, or its file is missing.
    """
    raw = Path(data_dir) / "raw"
    manifest = raw / "manifest.csv"
    if not manifest.is_file():
        raise DisclosureNotFound(f"{manifest}: 找不到数据清单 manifest.csv")
    with manifest.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    matches = [r for r in rows if r.get("unit") == unit and str(r.get("year", "")).strip() == str(year)]
    if not matches:
        known = sorted({f"{r.get('unit')} {r.get('year')}" for r in rows})
        raise DisclosureNotFound(
            f"{manifest}: 没有 {unit} {year} 年度的决算公开文件；清单中有：{'；'.join(known) or '（空）'}")
    path = raw / matches[0]["file"]
    if not path.is_file():
        raise DisclosureNotFound(f"{manifest}: 清单列出的文件 {path} 不存在")
    return path


def load_disclosure(unit: str, year: int, data_dir: str | Path = "data") -> Disclosure:
    """Load the disclosure of ``unit`` for ``year`` (see :func:`find_disclosure`)."""
    from hcfin import load

    return load(find_disclosure(unit, year, data_dir))
