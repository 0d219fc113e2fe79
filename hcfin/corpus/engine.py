"""Run per-document tasks: a local pool, or a Dask distributed cluster.

Each task (:func:`run_task`) reads one document in a child process forked by a helper process
that has hcfin already imported (:mod:`hcfin.corpus.forker`), waits at most ``timeout`` seconds,
kills it past that, and stores the result on disk (:class:`hcfin.corpus.store.PartStore`).
Only the documents row — a few hundred bytes — travels back to the driver, so the driver's
memory does not grow with the corpus. Both engines run the same :func:`run_task`; a cluster's workers must see the input
files and the output folder at the same paths (a shared file system).
"""

from __future__ import annotations

import json
import os
import sys
import threading
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from itertools import islice
from typing import Callable, Iterable, Iterator

from .document import document_row, document_tables, one_line
from .store import PartStore

__all__ = ["SchedulerError", "close_helpers", "read_and_store", "run_task", "run_local", "run_dask", "supervise"]


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be used: not installed, or not reachable."""


class _Helper:
    """One :mod:`hcfin.corpus.forker` process, used by one thread at a time."""

    def __init__(self):
        import subprocess
        from pathlib import Path

        import hcfin

        env = dict(os.environ)
        root = str(Path(hcfin.__file__).resolve().parent.parent)  # the same hcfin as this process
        env["PYTHONPATH"] = root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
        self.process = subprocess.Popen([sys.executable, "-c", "from hcfin.corpus.forker import serve; serve()"],
                                        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env, text=True,
                                        encoding="utf-8")

    def run(self, task: dict) -> dict | None:
        """The helper's answer, or None when the helper itself is gone."""
        try:
            self.process.stdin.write(json.dumps(task, ensure_ascii=False) + "\n")
            self.process.stdin.flush()
            line = self.process.stdout.readline()
        except (BrokenPipeError, OSError):
            return None
        return json.loads(line) if line else None

    def close(self) -> None:
        try:
            self.process.stdin.close()
        except OSError:
            pass
        try:
            self.process.wait(timeout=30)
        except Exception:  # noqa: BLE001 - a helper that does not leave is stopped
            self.process.kill()
            self.process.wait()


_helpers: dict[int, _Helper] = {}
_helpers_lock = threading.Lock()


def _helper() -> _Helper:
    key = threading.get_ident()
    with _helpers_lock:
        helper = _helpers.get(key)
        if helper is None or helper.process.poll() is not None:
            helper = _helpers[key] = _Helper()
        return helper


def close_helpers() -> None:
    """Stop every helper process this process started."""
    with _helpers_lock:
        helpers = list(_helpers.values())
        _helpers.clear()
    for helper in helpers:
        helper.close()


def warm_up() -> None:
    """Import and load once what reading any document needs (done by the helper before it forks,
    so that no child pays for it): readers, checks and their catalogue, code lists, Parquet."""
    import importlib

    for name in ("hcfin.disclosure", "hcfin.checks", "hcfin.checks.engine", "hcfin.analysis.narrative",
                 "hcfin.corpus.panel", "hcfin.readers.text", "hcfin.readers.html", "hcfin.readers.docx",
                 "pyarrow.parquet", "pandas.io.parquet"):
        importlib.import_module(name)
    for optional in ("hcfin.readers.pdf", "hcfin.readers.xlsx"):  # their extras may not be installed
        try:
            importlib.import_module(optional)
        except ImportError:
            pass
    from hcfin.checks.catalogue import load_catalogue
    from hcfin.classification import load_codes

    load_catalogue()
    load_codes("functional")
    load_codes("economic")


def read_and_store(task: dict) -> None:
    """Read, check and store one document (runs in the forked child)."""
    store = PartStore(task["out_dir"], task["version"])
    try:
        row, tables = document_tables(task["path"], task["sha256"], task["name"])
    except Exception as exc:  # noqa: BLE001 - any failure of one document becomes its error row
        row, tables = document_row(task["name"], task["sha256"], status="error",
                                   error=one_line(f"{type(exc).__name__}: {exc}")), None
    row.update(bytes=task["bytes"], hcfin_version=task["version"])
    try:
        store.write(task["sha256"], row, tables)
    except Exception as exc:  # noqa: BLE001 - e.g. a table Parquet cannot hold
        row = document_row(task["name"], task["sha256"], status="error", bytes=task["bytes"],
                           hcfin_version=task["version"],
                           error=one_line(f"results not writable: {type(exc).__name__}: {exc}"))
        store.write(task["sha256"], row)


def supervise(task: dict) -> str | None:
    """Run ``task`` (its ``target``, default :func:`read_and_store`) in a forked child; kill it
    after ``task["timeout"]`` seconds. Returns None when the child ended normally, else why not.

    Without ``os.fork`` (Windows) the task runs in this process, without a time limit.
    """
    if not hasattr(os, "fork"):
        read_and_store(task)
        return None
    answer = _helper().run(task)
    if answer is None:
        return "the helper process that reads documents died"
    if answer.get("timed_out"):
        return f"timed out: no result after {task['timeout']:g} s (the reading was stopped)"
    code = answer.get("exit")
    if code:
        return f"the reading process died ({f'signal {-code}' if code < 0 else f'exit code {code}'})"
    return None


def run_task(task: dict) -> dict:
    """Process one document unless already stored; return its documents row.

    ``task`` holds path, name, sha256, bytes, out_dir, version, timeout and max_bytes.
    """
    store = PartStore(task["out_dir"], task["version"])
    row = store.done(task["sha256"])
    if row is not None:
        return row
    if task["max_bytes"] is not None and task["bytes"] > task["max_bytes"]:
        failure = f"too large: {task['bytes']} bytes, the limit is {task['max_bytes']} (--max-mb)"
    else:
        failure = supervise(task)
    row = store.done(task["sha256"])
    if row is None:
        row = document_row(task["name"], task["sha256"], status="error", bytes=task["bytes"],
                           hcfin_version=task["version"], error=failure or "no result was stored")
        store.write(task["sha256"], row)
    return row


def _bounded(submit: Callable, tasks: Iterable[dict], limit: int, finished: Callable) -> Iterator[dict]:
    """Keep at most ``limit`` tasks in flight; yield rows as they finish."""
    pending = set()
    for task in tasks:
        pending.add(submit(task))
        if len(pending) >= limit:
            done, pending = finished(pending)
            yield from done
    while pending:
        done, pending = finished(pending)
        yield from done


def run_local(tasks: Iterable[dict], workers: int) -> Iterator[dict]:
    """Run tasks on this machine, ``workers`` documents at a time; yield rows as they finish."""
    with ThreadPoolExecutor(max_workers=max(1, workers)) as pool:
        def finished(pending):
            done, rest = wait(pending, return_when=FIRST_COMPLETED)
            return [f.result() for f in done], rest

        try:
            yield from _bounded(lambda t: pool.submit(run_task, t), tasks, 2 * max(1, workers), finished)
        finally:
            close_helpers()


def run_dask(tasks: Iterable[dict], address: str, connect_timeout: float = 30) -> Iterator[dict]:
    """Run tasks on the Dask distributed scheduler at ``address``; yield rows as they finish.

    Raises:
        SchedulerError: Dask is not installed (``pip install 'hcfin[scale]'``) or the scheduler
            cannot be reached.
    """
    try:
        from distributed import Client, as_completed
    except ImportError:
        raise SchedulerError("--scheduler needs Dask distributed: pip install 'hcfin[scale]'") from None
    try:
        client = Client(address, timeout=connect_timeout)  # as_completed looks for the default client
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        limit = 2 * (sum(client.nthreads().values()) or 1)
        queue = iter(tasks)

        def submit(task):
            return client.submit(run_task, task, key=f"hcfin-document-{task['sha256']}-{os.getpid()}", pure=False)

        running = as_completed([submit(task) for task in islice(queue, limit)])
        for future in running:
            row = future.result()
            future.release()
            yield row
            task = next(queue, None)
            if task is not None:
                running.add(submit(task))
    finally:
        client.close()


def stderr_is_terminal() -> bool:
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
