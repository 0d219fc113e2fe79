"""Find the disclosure file of a unit and year through ``<data_dir>/raw/manifest.csv``.

The data folder is searched for (see :func:`hcfin.manifest.find_data_dir`), so a notebook finds
``data/`` whether it runs in JupyterLab from ``notebooks/``, under papermill from anywhere in the
project, or under ``hcfin report``. The file is read only after the manifest row is checked: it
must lie inside ``data/raw`` and have the sha256 the manifest records.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from hcfin.manifest import DisclosureNotFound, DocumentRefused, find_data_dir, read_manifest, verified_path

if TYPE_CHECKING:
    from hcfin.disclosure import Disclosure

__all__ = ["DisclosureNotFound", "DocumentRefused", "find_disclosure", "load_disclosure"]


def find_disclosure(unit: str, year: int, data_dir: str | Path = "data") -> Path:
    """Path of the disclosure of ``unit`` for ``year`` listed in ``<data_dir>/raw/manifest.csv``.

    Args:
        unit: the unit name as the manifest spells it.
        year: the year of the accounts.
        data_dir: the data folder; when it holds no ``raw/manifest.csv``, ``HCFIN_DATA`` and the
            same name in every folder above the working directory are tried.

    Raises:
        DisclosureNotFound: no data folder (``DataNotFound``: says where it looked), no such
            unit-year, or ``DocumentRefused``: the row's file lies outside ``data/raw``, is
            missing or not a regular file, or its sha256 differs from the manifest's (the
            message names the file and both hashes).
    """
    folder = find_data_dir(data_dir)
    rows = read_manifest(folder)
    matches = [r for r in rows if r.unit == unit and r.year == int(year)]
    if not matches:
        known = sorted({f"{r.unit} {r.year}" for r in rows})
        manifest = folder / "raw" / "manifest.csv"
        raise DisclosureNotFound(
            f"{manifest}: 没有 {unit} {year} 年度的决算公开文件；清单中有：{'；'.join(known) or '（空）'}")
    path, _sha256 = verified_path(matches[0])
    return path


def load_disclosure(unit: str, year: int, data_dir: str | Path = "data") -> Disclosure:
    """Load the disclosure of ``unit`` for ``year`` (see :func:`find_disclosure`)."""
    from hcfin import load

    return load(find_disclosure(unit, year, data_dir))
