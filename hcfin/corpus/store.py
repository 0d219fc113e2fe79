"""Per-document results on disk, written atomically, and their combination into corpus tables.

Layout under the batch's output folder::

    DIR/.parts/<version>/<sha256>/document.json     the documents row (status ok or error)
    DIR/.parts/<version>/<sha256>/<table>.parquet   facts, statements … of that document

A document's folder is written under a temporary name and renamed into place in one step, so
an interrupted run leaves either a complete result or none. ``<version>`` is hcfin's version
and a hash of its code: results of another hcfin are never reused.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import socket
import tempfile
from functools import lru_cache
from pathlib import Path
from typing import Iterable, Iterator

import pandas as pd

__all__ = ["PartStore", "code_version", "sha256_file", "write_parquet_atomic"]

PARTS = ".parts"


@lru_cache(maxsize=1)
def code_version() -> str:
    """hcfin's version and a hash of the package's files: ``0.1.0+1a2b3c4d5e6f``."""
    import hcfin

    root = Path(hcfin.__file__).resolve().parent
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file() and path.suffix in {".py", ".yaml", ".yml", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(root).as_posix().encode())
            digest.update(path.read_bytes())
    return f"{hcfin.__version__}+{digest.hexdigest()[:12]}"


def sha256_file(path: str | Path, chunk: int = 1 << 20) -> str:
    """The sha256 of a file, read in chunks (memory does not grow with the file)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while block := handle.read(chunk):
            digest.update(block)
    return digest.hexdigest()


class PartStore:
    """The per-document results of one hcfin version under ``out_dir``."""

    def __init__(self, out_dir: str | Path, version: str | None = None):
        self.version = version or code_version()
        self.root = Path(out_dir) / PARTS / self.version

    def folder(self, sha256: str) -> Path:
        return self.root / sha256

    def done(self, sha256: str) -> dict | None:
        """The stored documents row of ``sha256``, or None when it was not processed yet."""
        path = self.folder(sha256) / "document.json"
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None

    def write(self, sha256: str, row: dict, tables: dict[str, pd.DataFrame] | None = None) -> None:
        """Store one document's row and tables atomically (a complete folder or nothing)."""
        self.root.mkdir(parents=True, exist_ok=True)
        temp = Path(tempfile.mkdtemp(prefix=f".tmp-{socket.gethostname()}-{os.getpid()}-", dir=self.root))
        try:
            for name, frame in (tables or {}).items():
                frame.to_parquet(temp / f"{name}.parquet", index=False)
            (temp / "document.json").write_text(json.dumps(row, ensure_ascii=False, default=str), encoding="utf-8")
            try:
                os.rename(temp, self.folder(sha256))
            except OSError:
                if self.done(sha256) is None:  # not another worker's identical result: a real failure
                    raise
        finally:
            shutil.rmtree(temp, ignore_errors=True)

    def remove_stale(self) -> int:
        """Remove half-written folders left by processes of this machine that no longer run
        (an interrupted batch); return how many were removed."""
        host, removed = socket.gethostname(), 0
        for temp in self.root.glob(".tmp-*") if self.root.is_dir() else ():
            name_host, _, rest = temp.name[len(".tmp-"):].rpartition("-")[0].rpartition("-")
            pid = int(rest) if rest.isdigit() else None
            if name_host == host and pid is not None and not _alive(pid):
                shutil.rmtree(temp, ignore_errors=True)
                removed += 1
        return removed

    def table_files(self, name: str, sha256s: Iterable[str]) -> Iterator[Path]:
        """The stored ``name`` tables of the given documents (those that have one), in that order."""
        for sha in sha256s:
            path = self.folder(sha) / f"{name}.parquet"
            if path.is_file():
                yield path


def write_parquet_atomic(files: list[Path], out: Path, empty_columns: list[str] | None = None) -> int:
    """Stack Parquet files into ``out`` one file at a time (memory bounded by the largest part).

    Column types are unified over all parts first (a column that is all-null in one document
    takes the type it has in the others). Returns the number of rows written.
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    out.parent.mkdir(parents=True, exist_ok=True)
    temp = out.with_name(f".{out.name}.tmp")
    files = [path for path in files if pq.read_metadata(path).num_rows]  # an empty part has no types to give
    schema = None
    for path in files:
        schema = _merge(schema, pq.read_schema(path).remove_metadata())
    if schema is None:
        schema = pa.schema([(c, pa.string()) for c in (empty_columns or [])])
        pq.write_table(schema.empty_table(), temp)
        os.replace(temp, out)
        return 0
    rows = 0
    with pq.ParquetWriter(temp, schema) as writer:
        for path in files:
            table = pq.read_table(path).replace_schema_metadata(None)
            for field in schema:
                if field.name not in table.column_names:
                    table = table.append_column(field, pa.nulls(len(table), field.type))
            table = table.select(schema.names).cast(schema, safe=False)
            writer.write_table(table)
            rows += len(table)
    os.replace(temp, out)
    return rows


def _merge(schema, part):
    """Unify two schemas; a column typed differently (text in one document, numbers in another)
    becomes text, which every value can be cast to without loss."""
    import pyarrow as pa

    if schema is None:
        return part
    try:
        return pa.unify_schemas([schema, part], promote_options="permissive")
    except (pa.ArrowTypeError, pa.ArrowInvalid):
        fields = {f.name: f for f in schema}
        for field in part:
            old = fields.get(field.name)
            if old is None:
                fields[field.name] = field
            elif old.type != field.type and not pa.types.is_null(field.type):
                fields[field.name] = pa.field(field.name, pa.string()) if not pa.types.is_null(old.type) else field
        return pa.schema(list(fields.values()))


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
