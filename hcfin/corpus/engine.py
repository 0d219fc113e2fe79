"""Run per-document tasks: a local pool, or a Dask distributed cluster.

Each task (:func:`run_task`) reads one document in a child process forked from a small server
that has hcfin already imported, waits at most ``timeout`` seconds, kills it past that, and
stores the result on disk (:class:`hcfin.corpus.store.PartStore`). Only the documents row —
a few hundred bytes — travels back to the driver, so the driver's memory does not grow with
the corpus. Both engines run the same :func:`run_task`; a cluster's workers must see the input
files and the output folder at the same paths (a shared file system).
"""

from __future__ import annotations

import multiprocessing
import os
import sys
from concurrent.futures import FIRST_COMPLETED, ThreadPoolExecutor, wait
from typing import Callable, Iterable, Iterator

from .document import document_row, document_tables, one_line
from .store import PartStore

__all__ = ["SchedulerError", "run_task", "run_local", "run_dask", "supervise"]


class SchedulerError(RuntimeError):
    """The Dask scheduler cannot be used: not installed, or not reachable."""

_PRELOAD = ["hcfin.corpus.engine", "hcfin.disclosure", "hcfin.checks", "hcfin.analysis.narrative", "pyarrow.parquet"]


def _context():
    """A forkserver context (POSIX) whose server has hcfin imported; spawn elsewhere."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(_PRELOAD)
        return ctx
    return multiprocessing.get_context("spawn")


def _child(task: dict) -> None:
    """Read, check and store one document (runs in the child process)."""
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


def supervise(target: Callable, args: tuple, timeout: float | None) -> str | None:
    """Run ``target(*args)`` in a child process; kill it after ``timeout`` seconds.

    Returns None when the child ended normally, else why it did not (in one line).
    """
    if multiprocessing.current_process().daemon:
        # A daemonic process may not start children (Dask's nanny makes workers daemonic unless
        # DASK_DISTRIBUTED__WORKER__DAEMON=False): run here, without a hard time limit.
        target(*args)
        return None
    process = _context().Process(target=target, args=args)
    process.start()
    process.join(timeout)
    if process.is_alive():
        process.kill()
        process.join()
        return f"timed out: no result after {timeout:g} s (the reading was stopped)"
    if process.exitcode:
        how = f"signal {-process.exitcode}" if process.exitcode < 0 else f"exit code {process.exitcode}"
        return f"the reading process died ({how})"
    return None


def run_task(task: dict) -> dict:
    """Process one document unless already stored; return its documents row.

    ``task`` holds path, name, sha256, bytes, out_dir, version, timeout and max_bytes.
    """
    store = PartStore(task["out_dir"], task["version"])
    row = store.done(task["sha256"])
    if row is not None:
        return row
    failure = None
    if task["max_bytes"] is not None and task["bytes"] > task["max_bytes"]:
        failure = f"too large: {task['bytes']} bytes, the limit is {task['max_bytes']} (--max-mb)"
    else:
        failure = supervise(_child, (task,), task["timeout"])
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

        yield from _bounded(lambda t: pool.submit(run_task, t), tasks, 2 * max(1, workers), finished)


def run_dask(tasks: Iterable[dict], address: str, connect_timeout: float = 30) -> Iterator[dict]:
    """Run tasks on the Dask distributed scheduler at ``address``; yield rows as they finish.

    Raises:
        SchedulerError: Dask is not installed (``pip install 'hcfin[scale]'``) or the scheduler
            cannot be reached.
    """
    try:
        from distributed import Client, wait as dask_wait
    except ImportError:
        raise SchedulerError("--scheduler needs Dask distributed: pip install 'hcfin[scale]'") from None
    try:
        client = Client(address, timeout=connect_timeout, set_as_default=False)
    except (OSError, TimeoutError) as exc:
        raise SchedulerError(f"cannot reach the Dask scheduler at {address}: {exc}") from None
    try:
        threads = sum(client.nthreads().values()) or 1

        def submit(task):
            return client.submit(run_task, task, key=f"hcfin-document-{task['sha256']}-{os.getpid()}", pure=False)

        def finished(pending):
            done, rest = dask_wait(list(pending), return_when="FIRST_COMPLETED")
            rows = [f.result() for f in done]
            for f in done:
                f.release()
            return rows, set(rest)

        yield from _bounded(submit, tasks, 2 * threads, finished)
    finally:
        client.close()


def stderr_is_terminal() -> bool:
    return hasattr(sys.stderr, "isatty") and sys.stderr.isatty()
