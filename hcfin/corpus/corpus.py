"""``hcfin.Corpus``: many documents as one set of tables, with the panel across units and years."""

from __future__ import annotations

import csv
from pathlib import Path
from typing import Iterable

import pandas as pd

from .crosscheck import cross_document_findings, resolve_panel
from .document import DOCUMENT_COLUMNS, TABLES, document_row, document_tables, one_line

__all__ = ["Corpus", "manifest_paths"]


class Corpus:
    """Documents read and checked together.

    ``Corpus(paths)`` reads every file (folders: see :func:`hcfin.corpus.batch.discover`) in this
    process; :meth:`from_batch` opens the output folder of ``hcfin batch`` instead. A file that
    cannot be read is an ``error`` row of :attr:`documents`, never a silent gap.

    Attributes:
        documents: one row per file (path, sha256, format, unit, year, status, error, counts …).
        facts, statements, funds, issues: the documents' tables stacked, with document, unit, year.
        findings: every mismatch of every document, plus the cross-document findings.
        panel: one row per unit × year × measure, ``basis`` printed or derived, with its source.
    """

    def __init__(self, paths: Iterable[str | Path] | str | Path = (), *, _tables: dict | None = None):
        if _tables is not None:
            self._set(_tables)
            return
        from .batch import discover
        from .store import sha256_file

        if isinstance(paths, (str, Path)):
            paths = [paths]
        rows, parts = [], {name: [] for name in TABLES}
        seen: dict[str, dict] = {}
        for path in discover(paths):
            sha = sha256_file(path)
            if sha in seen:
                rows.append({**seen[sha], "path": str(path)})
                continue
            try:
                row, tables = document_tables(path, sha, str(path))
            except Exception as exc:  # noqa: BLE001 - one bad file is one error row
                row, tables = document_row(str(path), sha, status="error",
                                           error=one_line(f"{type(exc).__name__}: {exc}")), {}
            row["bytes"] = path.stat().st_size
            seen[sha] = row
            rows.append(row)
            for name, frame in tables.items():
                parts[name].append(frame)
        tables = {name: (pd.concat(frames, ignore_index=True) if frames else pd.DataFrame())
                  for name, frames in parts.items()}
        tables["documents"] = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
        if not tables["panel"].empty:
            cross = cross_document_findings(tables["panel"])
            if not cross.empty:
                tables["findings"] = pd.concat([tables["findings"], cross], ignore_index=True)
            tables["panel"] = resolve_panel(tables["panel"])
        self._set(tables)

    def _set(self, tables: dict) -> None:
        self.documents: pd.DataFrame = tables["documents"]
        self.facts: pd.DataFrame = tables.get("facts", pd.DataFrame())
        self.statements: pd.DataFrame = tables.get("statements", pd.DataFrame())
        self.funds: pd.DataFrame = tables.get("funds", pd.DataFrame())
        self.issues: pd.DataFrame = tables.get("issues", pd.DataFrame())
        self.findings: pd.DataFrame = tables.get("findings", pd.DataFrame())
        self.panel: pd.DataFrame = tables.get("panel", pd.DataFrame())

    @classmethod
    def from_batch(cls, out_dir: str | Path) -> Corpus:
        """The corpus a finished ``hcfin batch ... --out DIR`` wrote.

        Raises:
            FileNotFoundError: ``DIR/documents.parquet`` does not exist.
        """
        out = Path(out_dir)
        if not (out / "documents.parquet").is_file():
            raise FileNotFoundError(f"{out}: no documents.parquet; run `hcfin batch PATH --out {out}` first")
        tables = {name: pd.read_parquet(out / f"{name}.parquet") for name in ("documents", *TABLES)}
        return cls(_tables=tables)

    @classmethod
    def from_manifest(cls, data_dir: str | Path, units: Iterable[str] | None = None,
                      years: Iterable[int] | None = None) -> Corpus:
        """The documents ``<data_dir>/raw/manifest.csv`` lists, optionally only some units and years."""
        return cls(manifest_paths(data_dir, units, years))

    def __repr__(self) -> str:
        ok = int((self.documents["status"] == "ok").sum()) if len(self.documents) else 0
        units = self.documents["unit"].nunique() if len(self.documents) else 0
        return (f"<Corpus {len(self.documents)} documents ({ok} ok), {units} units, "
                f"{len(self.panel)} panel rows, {len(self.findings)} findings>")


def manifest_paths(data_dir: str | Path, units: Iterable[str] | None = None,
                   years: Iterable[int] | None = None) -> list[Path]:
    """Files of ``<data_dir>/raw/manifest.csv`` (filtered by unit and year), in manifest order.

    Raises:
        FileNotFoundError: no manifest, or a listed file is missing.
    """
    raw = Path(data_dir) / "raw"
    manifest = raw / "manifest.csv"
    if not manifest.is_file():
        raise FileNotFoundError(f"{manifest}: 找不到数据清单 manifest.csv")
    unit_set = set(units) if units is not None else None
    year_set = {int(y) for y in years} if years is not None else None
    paths = []
    with manifest.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            if unit_set is not None and row.get("unit") not in unit_set:
                continue
            if year_set is not None and int(str(row.get("year", "0")).strip() or 0) not in year_set:
                continue
            path = raw / row["file"]
            if not path.is_file():
                raise FileNotFoundError(f"{manifest}: 清单列出的文件 {path} 不存在")
            paths.append(path)
    return paths


def manifest_rows(data_dir: str | Path) -> list[dict]:
    """The rows of ``<data_dir>/raw/manifest.csv`` (file, unit, year …) as dicts."""
    manifest = Path(data_dir) / "raw" / "manifest.csv"
    with manifest.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))
