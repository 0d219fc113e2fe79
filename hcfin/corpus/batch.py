"""``hcfin batch``: read and check every document of a corpus, resumably, on one machine or a cluster.

Per document, results go to disk first (:mod:`hcfin.corpus.store`); the corpus tables are then
stacked from those files one at a time. A second run finds the stored results of documents with
the same sha256 and hcfin version and skips them; after an interruption it does the rest.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import pandas as pd

from .document import DOCUMENT_COLUMNS, TABLES
from .store import PartStore, code_version, sha256_file, write_parquet_atomic

__all__ = ["BatchResult", "SUFFIXES", "discover", "run_batch"]

#: File suffixes taken from folders (files named on the command line are always taken).
SUFFIXES = frozenset({".txt", ".pdf", ".html", ".htm", ".docx", ".xlsx"})
DEFAULT_TIMEOUT = 300.0
DEFAULT_MAX_BYTES = 200 * 1024 * 1024


@dataclass
class BatchResult:
    """What a batch did: the documents table and how many were read, skipped or failed."""

    out_dir: Path
    documents: pd.DataFrame
    processed: int
    skipped: int
    seconds: float

    @property
    def errors(self) -> int:
        return int((self.documents["status"] == "error").sum())

    def summary(self) -> str:
        ok = int((self.documents["status"] == "ok").sum())
        return (f"{len(self.documents)} documents: {ok} ok, {self.errors} error; {self.processed} read now, "
                f"{self.skipped} already done; {self.seconds:.1f} s → {self.out_dir}")


def discover(paths: Iterable[str | Path]) -> list[Path]:
    """The input files: files as given, and every file of a folder (recursively) with a known suffix.

    Raises:
        FileNotFoundError: a path does not exist.
    """
    found: list[Path] = []
    seen: set[Path] = set()
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES
                                and not any(part.startswith(".") for part in p.relative_to(path).parts))
        elif path.is_file():
            candidates = [path]
        else:
            raise FileNotFoundError(f"{path}: no such file or folder")
        for candidate in candidates:
            key = candidate.resolve()
            if key not in seen:
                seen.add(key)
                found.append(candidate)
    return found


class _Progress:
    """One updating line on stderr when it is a terminal; silent otherwise."""

    def __init__(self, total: int, skipped: int, enabled: bool):
        self.total, self.done, self.errors, self.enabled = total, skipped, 0, enabled
        self.skipped = skipped

    def update(self, row: dict) -> None:
        self.done += 1
        self.errors += row.get("status") == "error"
        if self.enabled:
            name = Path(str(row.get("path"))).name[:40]
            sys.stderr.write(f"\rhcfin batch: {self.done}/{self.total} documents ({self.skipped} already done, "
                             f"{self.errors} errors) {name:<40}")
            sys.stderr.flush()

    def close(self) -> None:
        if self.enabled:
            sys.stderr.write("\n")


def run_batch(paths: Iterable[str | Path], out_dir: str | Path, workers: int | None = None,
              scheduler: str | None = None, timeout: float | None = DEFAULT_TIMEOUT,
              max_bytes: int | None = DEFAULT_MAX_BYTES, progress: bool | None = None,
              connect_timeout: float = 20, retry_errors: bool = False) -> BatchResult:
    """Read and check every document under ``paths``; write the corpus tables to ``out_dir``.

    Args:
        paths: files or folders (see :func:`discover`).
        out_dir: output folder: ``documents.parquet``, one Parquet file per table of
            :data:`hcfin.corpus.document.TABLES`, ``datapackage.json``, and ``.parts/`` (the
            per-document results that make a second run resume).
        workers: documents read at once on this machine (default: one per core).
        scheduler: a Dask distributed scheduler address (``tcp://host:port``); the cluster's
            workers run the same per-document task instead of the local pool.
        timeout: seconds one document may take before it is stopped and becomes an error row.
        max_bytes: larger files are not read and become an error row.
        progress: a progress line on stderr (default: when stderr is a terminal).
        connect_timeout: seconds to wait for the scheduler to answer.
        retry_errors: read again the documents stored as ``error`` rows (a time limit raised, a
            reader fixed); by default they count as done like the others.

    Raises:
        FileNotFoundError: an input path does not exist.
        SchedulerError: the scheduler cannot be reached, or Dask is not installed.
    """
    from .engine import run_dask, run_local, stderr_is_terminal

    started = time.perf_counter()
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    version = code_version()
    store = PartStore(out, version)
    store.remove_stale()
    entries: list[tuple[str, str]] = []  # (path as given, sha256), one per input file
    tasks: dict[str, dict] = {}
    skipped = 0
    for path in discover(paths):
        sha = sha256_file(path)
        entries.append((str(path), sha))
        if sha in tasks:
            continue
        task = {"path": str(path.resolve()), "name": str(path), "sha256": sha, "bytes": path.stat().st_size,
                "out_dir": str(out.resolve()), "version": version, "timeout": timeout, "max_bytes": max_bytes}
        tasks[sha] = task
    if retry_errors:
        for sha in tasks:
            if (store.done(sha) or {}).get("status") == "error":
                shutil.rmtree(store.folder(sha))
    todo = [task for sha, task in tasks.items() if store.done(sha) is None]
    skipped = len(tasks) - len(todo)
    bar = _Progress(len(tasks), skipped, stderr_is_terminal() if progress is None else progress)
    rows = run_dask(todo, scheduler, connect_timeout) if scheduler else run_local(todo, workers or os.cpu_count() or 1)
    try:
        for row in rows:
            bar.update(row)
    finally:
        bar.close()
    documents = combine(store, out, entries)
    return BatchResult(out, documents, processed=len(todo), skipped=skipped,
                       seconds=time.perf_counter() - started)


def combine(store: PartStore, out: Path, entries: list[tuple[str, str]]) -> pd.DataFrame:
    """Write documents.parquet, the stacked tables, the resolved panel and datapackage.json."""
    from .crosscheck import CROSS_FINDING_COLUMNS, cross_document_findings, resolve_panel
    from .datapackage import write_datapackage

    rows = []
    for name, sha in entries:
        row = store.done(sha)
        if row is None:  # cannot happen after a completed run; say so rather than drop the file
            row = {"status": "error", "error": "no stored result"}
        rows.append({**{c: row.get(c) for c in DOCUMENT_COLUMNS}, "path": name, "sha256": sha})
    documents = pd.DataFrame(rows, columns=DOCUMENT_COLUMNS)
    for column in ("year", "bytes", "n_facts", "n_statements", "n_funds", "n_issues", "n_findings_error",
                   "n_findings_warning", "n_findings_info", "n_panel"):
        documents[column] = documents[column].astype("Int64")
    documents["seconds"] = documents["seconds"].astype("float64")
    for column in ("path", "sha256", "format", "unit", "status", "error", "hcfin_version"):
        documents[column] = documents[column].astype("string")
    documents.to_parquet(out / ".documents.parquet.tmp", index=False)
    (out / ".documents.parquet.tmp").replace(out / "documents.parquet")

    ok = documents[documents["status"] == "ok"].drop_duplicates("sha256")
    shas = ok["sha256"].tolist()
    work = store.root / f"_combine-{os.getpid()}"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    try:
        names = dict(zip(ok["sha256"], ok["path"]))
        panel_files, cross_files = [], []
        for i, (_, group) in enumerate(ok.groupby(ok["unit"].fillna("sha:" + ok["sha256"]), sort=False)):
            parts = [pd.read_parquet(p) for p in store.table_files("panel", group["sha256"])]
            if not parts:
                continue
            panel = pd.concat(parts, ignore_index=True)
            panel["path"] = panel["document"].map(names).astype("string")
            cross = cross_document_findings(panel)
            resolve_panel(panel).to_parquet(work / f"panel-{i}.parquet", index=False)
            panel_files.append(work / f"panel-{i}.parquet")
            if not cross.empty:
                cross.to_parquet(work / f"cross-{i}.parquet", index=False)
                cross_files.append(work / f"cross-{i}.parquet")
        for table in TABLES:
            if table == "panel":
                files = panel_files
            else:
                files = list(store.table_files(table, shas))
                if table == "findings":
                    files += cross_files
            write_parquet_atomic(files, out / f"{table}.parquet",
                                 empty_columns=CROSS_FINDING_COLUMNS if table == "findings" else None)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    write_datapackage(out, ["documents", *TABLES])
    return documents

