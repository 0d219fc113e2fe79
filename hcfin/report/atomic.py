"""Files that are either complete or absent, and one writer per output folder.

Every page, executed notebook, record and index of ``hcfin report`` is written to a temporary
file in the same folder and renamed over its final name, so an interrupted run never leaves a
half-written file behind. :class:`OutputLock` keeps two runs from writing into one ``--out``.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

__all__ = ["OutputLocked", "OutputLock", "replace_atomic", "write_text_atomic"]

LOCK_FILE = ".hcfin-report.lock"


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file and a rename."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".tmp-", suffix=path.suffix)
    try:
        os.chmod(temporary, 0o666 & ~_umask())  # as an ordinary file, not mkstemp's 0600
        with os.fdopen(handle, "w", encoding="utf-8") as out:
            out.write(text)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    return path


def replace_atomic(source: str | os.PathLike, target: str | os.PathLike) -> Path:
    """Move ``source`` onto ``target`` with one rename (both must be on one file system: the
    runner's temporary files live inside the output folder)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    os.replace(source, target)
    return target


class OutputLocked(RuntimeError):
    """Another ``hcfin report`` is writing into the same output folder."""


class OutputLock:
    """An exclusive, non-blocking lock on ``<out>/.hcfin-report.lock`` (released when the process ends).

    Raises:
        OutputLocked: on ``acquire`` when another process holds it (names the folder and its pid).
    """

    def __init__(self, out_dir: str | os.PathLike):
        self.path = Path(out_dir) / LOCK_FILE
        self._fd: int | None = None

    def acquire(self) -> "OutputLock":
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            import fcntl
        except ImportError:  # Windows: no advisory locks; one run at a time is the user's care
            self._fd = fd
            return self
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError:
            holder = os.read(fd, 32).decode("ascii", "replace").strip() or "?"
            os.close(fd)
            raise OutputLocked(
                f"另一个 hcfin report（进程 {holder}）正在写入 {self.path.parent}；请等它结束，或换一个 --out 目录"
            ) from None
        os.ftruncate(fd, 0)
        os.write(fd, str(os.getpid()).encode("ascii"))
        self._fd = fd
        return self

    def release(self) -> None:
        if self._fd is not None:
            os.close(self._fd)
            self._fd = None

    def __enter__(self) -> "OutputLock":
        return self.acquire()

    def __exit__(self, *exc) -> None:
        self.release()
