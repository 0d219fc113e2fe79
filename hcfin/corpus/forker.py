"""A helper process that reads each document in a forked child, with a hard time limit.

The helper is started once per supervising thread (``python -c "...serve()"``), imports hcfin
once, then for every task it receives (one JSON line on stdin) forks a child that runs the task,
waits at most the task's ``timeout`` seconds, kills the child past that, and answers with one
JSON line. Forking from this small single-threaded process is safe (unlike forking a Dask
worker, which runs threads) and cheap (pandas and hcfin are already imported); a plain
subprocess may be started even by a daemonic process (a Dask worker under its nanny).
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import sys
import time

__all__ = ["serve", "wait_child"]


def wait_child(pid: int, timeout: float | None) -> dict:
    """Wait for child ``pid``; kill it after ``timeout`` seconds. Returns ``{"exit": code}`` (a
    negative code is the signal that ended it) or ``{"timed_out": True}``."""
    deadline = None if timeout is None else time.monotonic() + timeout
    delay = 0.001
    while True:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            return {"exit": os.waitstatus_to_exitcode(status)}
        if deadline is not None and time.monotonic() > deadline:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
            return {"timed_out": True}
        time.sleep(delay)
        delay = min(delay * 2, 0.02)


def _target(name: str):
    module, _, function = name.partition(":")
    return getattr(importlib.import_module(module), function)


def serve() -> None:
    """Answer tasks from stdin until it closes (the supervising process ended)."""
    answers = os.fdopen(os.dup(1), "w", encoding="utf-8")
    os.dup2(2, 1)  # whatever the reading prints goes to stderr, never into the answers
    from hcfin.corpus.engine import warm_up

    warm_up()  # pandas, readers, checks: imported and loaded once, shared by every fork
    for line in sys.stdin:
        task = json.loads(line)
        target = _target(task.get("target", "hcfin.corpus.engine:read_and_store"))
        pid = os.fork()
        if pid == 0:  # the child: run, then leave without running the helper's clean-up
            code = 0
            try:
                target(task)
            except BaseException:  # noqa: BLE001 - the exit code tells the supervisor
                import traceback

                traceback.print_exc()
                code = 1
            finally:
                os._exit(code)
        answers.write(json.dumps(wait_child(pid, task.get("timeout"))) + "\n")
        answers.flush()


if __name__ == "__main__":  # pragma: no cover
    serve()
