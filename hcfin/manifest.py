"""The data folder and its manifest: where the disclosures are, and whether they are the ones listed.

A project keeps its documents in ``data/raw/`` beside ``data/raw/manifest.csv`` (one row per file:
file, unit, year, format, source, sha256). The manifest is *untrusted input* like the documents
themselves: a row may only name a regular file inside ``data/raw`` (no absolute path, no ``..``,
no symbolic link leading out), and the file must have the sha256 the row records before anything
reads it.

:func:`find_data_dir` finds the data folder wherever code runs: a notebook opened in JupyterLab
from ``notebooks/``, papermill started from anywhere inside the project, ``hcfin report``.
"""

from __future__ import annotations

import csv
import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path, PurePosixPath, PureWindowsPath

__all__ = [
    "DATA_ENV",
    "DataNotFound",
    "DisclosureNotFound",
    "DocumentRefused",
    "ManifestRow",
    "file_sha256",
    "find_data_dir",
    "read_manifest",
    "verified_path",
]

#: Environment variable naming the data folder (the one holding ``raw/manifest.csv``).
DATA_ENV = "HCFIN_DATA"
MANIFEST = Path("raw") / "manifest.csv"
_CHUNK = 1 << 20


class DisclosureNotFound(LookupError):
    """No trustworthy disclosure file can be named: no data folder, no such manifest row, or a
    row whose file is refused."""


class DataNotFound(DisclosureNotFound):
    """No data folder with ``raw/manifest.csv`` was found; the message lists where hcfin looked."""

    def __init__(self, looked: list[Path], data_dir: str):
        self.looked = list(looked)
        places = "；".join(str(p) for p in self.looked)
        super().__init__(
            f"找不到数据清单 raw/manifest.csv（data_dir={data_dir!s}）。查找过：{places}。"
            f"请在项目目录中运行，或用环境变量 {DATA_ENV} 指定数据目录"
        )


class DocumentRefused(DisclosureNotFound):
    """A manifest row names a file hcfin will not read: outside ``data/raw``, not a regular file,
    missing, or not the file the row's sha256 describes. ``str()`` is one line naming the file."""

    def __init__(self, file: str, reason: str, expected: str | None = None, actual: str | None = None):
        self.file = file
        self.reason = reason
        self.expected = expected
        self.actual = actual
        super().__init__(f"{file}: {reason}")


@dataclass(frozen=True)
class ManifestRow:
    """One row of ``manifest.csv`` (``line`` is its line number in the file)."""

    file: str
    unit: str
    year: int
    sha256: str
    line: int
    manifest: Path

    @property
    def raw_dir(self) -> Path:
        """The ``raw`` folder the row's file must lie in."""
        return self.manifest.parent


def _looks_like_data(folder: Path) -> bool:
    return (folder / MANIFEST).is_file()


def find_data_dir(data_dir: str | os.PathLike = "data", start: str | os.PathLike | None = None) -> Path:
    """Return the data folder (holding ``raw/manifest.csv``) as an absolute path.

    Looked for, in order: ``data_dir`` itself (relative to ``start``, default the working
    directory); the folder named by the environment variable ``HCFIN_DATA``; then, for a relative
    ``data_dir``, ``<ancestor>/<data_dir>`` for every ancestor of ``start`` (so a notebook run from
    ``notebooks/`` finds ``../data``).

    Raises:
        DataNotFound: none of them holds ``raw/manifest.csv`` (lists every place looked at).
    """
    base = Path(start) if start is not None else Path.cwd()
    given = Path(data_dir)
    first = given if given.is_absolute() else base / given
    looked = [first]
    if _looks_like_data(first):
        return first.resolve()
    env = os.environ.get(DATA_ENV, "").strip()
    if env:
        candidate = Path(env).expanduser()
        looked.append(candidate)
        if _looks_like_data(candidate):
            return candidate.resolve()
    if not given.is_absolute():
        for ancestor in base.resolve().parents:
            candidate = ancestor / given
            looked.append(candidate)
            if _looks_like_data(candidate):
                return candidate.resolve()
    raise DataNotFound(looked, os.fspath(data_dir))


def read_manifest(data_dir: str | os.PathLike) -> list[ManifestRow]:
    """Read ``<data_dir>/raw/manifest.csv`` into rows (in file order).

    Raises:
        FileNotFoundError: there is no manifest.
        ValueError: a column is missing, a row lacks a unit or file, or its year is not an
            integer (the message names the line).
    """
    path = Path(data_dir) / MANIFEST
    rows: list[ManifestRow] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"file", "unit", "year"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}:1: 缺少列 {', '.join(sorted(missing))}")
        for row in reader:
            line = reader.line_num
            unit = (row.get("unit") or "").strip()
            year_text = (row.get("year") or "").strip()
            file = (row.get("file") or "").strip()
            if not unit:
                raise ValueError(f"{path}:{line}: 单位名称（unit）为空")
            if not file:
                raise ValueError(f"{path}:{line}: 文件名（file）为空")
            try:
                year = int(year_text)
            except ValueError:
                raise ValueError(f"{path}:{line}: 年度 {year_text!r} 不是整数") from None
            rows.append(ManifestRow(file, unit, year, (row.get("sha256") or "").strip().lower(), line, path))
    return rows


def file_sha256(path: str | os.PathLike) -> str:
    """The sha256 of a file's bytes, as 64 lowercase hex digits."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(_CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def contained_path(row: ManifestRow) -> Path:
    """The file a row names, refused unless it is a regular file inside the ``raw`` folder.

    Raises:
        DocumentRefused: absolute path, ``..``, a link leading out, not a regular file, missing.
    """
    text = row.file
    where = f"{row.manifest}:{row.line}"
    if PurePosixPath(text).is_absolute() or PureWindowsPath(text).is_absolute() or PureWindowsPath(text).drive:
        raise DocumentRefused(text, f"清单（{where}）中的文件路径是绝对路径；只能是 raw 目录中的文件")
    parts = PurePosixPath(text.replace("\\", "/")).parts
    if ".." in parts or "\0" in text:
        raise DocumentRefused(text, f"清单（{where}）中的文件路径含“..”，指向 raw 目录之外")
    raw = row.raw_dir.resolve()
    path = raw.joinpath(*parts)
    resolved = path.resolve()
    if resolved != raw and raw not in resolved.parents:
        raise DocumentRefused(text, f"清单（{where}）中的文件经链接指向 raw 目录之外：{resolved}")
    try:
        mode = resolved.stat().st_mode
    except OSError:
        raise DocumentRefused(text, f"清单（{where}）列出的文件 {path} 不存在") from None
    if not stat.S_ISREG(mode):
        raise DocumentRefused(text, f"清单（{where}）列出的 {path} 不是普通文件")
    return resolved


def verified_path(row: ManifestRow) -> tuple[Path, str]:
    """The row's file and its sha256, after checking that it may be read and is the listed file.

    Raises:
        DocumentRefused: see :func:`contained_path`; no sha256 in the row; a different sha256
            (the message names the file and both hashes).
    """
    path = contained_path(row)
    actual = file_sha256(path)
    if not row.sha256:
        raise DocumentRefused(
            row.file, f"清单（{row.manifest}:{row.line}）未记录 sha256，不读取未经核验的文件；"
            f"该文件当前的 sha256 为 {actual}", None, actual)
    if actual != row.sha256:
        raise DocumentRefused(
            row.file, f"sha256 与清单不符：清单记录 {row.sha256}，实际为 {actual}；文件已被改动或替换，不予读取",
            row.sha256, actual)
    return path, actual
