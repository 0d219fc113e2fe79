"""Processes of ``hcfin report`` that end with their parent, and interruptions that end the run.

Process tree of a run: the command → pool workers (forked) → kernel shims or ordinary kernels
(new sessions, started by jupyter_client) → and the fork server (started by the command) → the
kernels it forks (new sessions). Every child notices when its parent is gone, even after a
SIGKILL that allows the parent no clean-up:

- workers and the fork server ask Linux for a signal when their parent dies
  (``prctl(PR_SET_PDEATHSIG)``) and also run a watchdog thread polling ``getppid()``
  (other POSIX systems, and the race between fork and prctl);
- shims poll their parent the same way; a forked kernel ends when its shim's socket closes
  or its server exits; an ordinary kernel watches its parent (ipykernel's parent poller).

Terminal Ctrl-C reaches the whole foreground process group; only the command acts on it
(workers and the fork server ignore SIGINT), so nbclient never starts its interrupt-and-retry
dance. The command turns SIGINT and SIGTERM into :class:`Interrupted`, stops the workers
(each kills its kernel's process group on SIGTERM), and writes a true index.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from typing import Callable

__all__ = ["Interrupted", "die_with_parent", "interruptions_raise", "kill_process_groups", "register_kernel"]

_PR_SET_PDEATHSIG = 1
_KERNEL_GROUPS: set[int] = set()
#: Temporary folders and files of the job this worker is running (removed if it is terminated).
TEMPORARY: set[str] = set()


class Interrupted(BaseException):
    """The run was asked to stop (SIGINT or SIGTERM); ``signum`` says which.

    A ``BaseException``, like ``KeyboardInterrupt``: code that handles ``Exception`` (a notebook
    failure, an unreadable document) must not swallow it.
    """

    def __init__(self, signum: int):
        self.signum = signum
        super().__init__(signal.Signals(signum).name)


def die_with_parent(signum: int = signal.SIGTERM, poll_seconds: float = 0.5,
                    on_orphan: Callable[[], None] | None = None) -> None:
    """Make this process end when its parent ends (call first thing in a child process).

    Args:
        signum: the signal Linux sends when the parent dies.
        poll_seconds: how often the watchdog thread checks ``getppid()``.
        on_orphan: run by the watchdog before ``os._exit`` (default: send ``signum`` to itself).
    """
    parent = os.getppid()
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(_PR_SET_PDEATHSIG, int(signum), 0, 0, 0)
        except (OSError, AttributeError):
            pass

    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(poll_seconds)
        if on_orphan is not None:
            on_orphan()
        else:
            os.kill(os.getpid(), signum)
            time.sleep(2)
        os._exit(1)

    if os.getppid() != parent:  # the parent died between fork and prctl
        os._exit(1)
    threading.Thread(target=watch, name="hcfin-parent-watchdog", daemon=True).start()


def register_kernel(pid: int) -> None:
    """Remember the process group of a kernel this worker started (killed on SIGTERM)."""
    _KERNEL_GROUPS.add(pid)


def forget_kernel(pid: int) -> None:
    """Forget a kernel that has been shut down."""
    _KERNEL_GROUPS.discard(pid)


def kill_process_groups() -> None:
    """SIGKILL the process group of every kernel this worker started (shim and kernel alike)."""
    for group in list(_KERNEL_GROUPS):
        try:
            os.killpg(group, signal.SIGKILL)
        except (ProcessLookupError, PermissionError):
            pass
        _KERNEL_GROUPS.discard(group)


def worker_init() -> None:
    """Initializer of a pool worker: ignore Ctrl-C (the command decides), end its kernels and
    itself on SIGTERM, end with the command."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)

    def terminate(signum, frame) -> None:
        import shutil

        kill_process_groups()
        for path in list(TEMPORARY):  # job folders and kernel connection files
            if os.path.isdir(path):
                shutil.rmtree(path, ignore_errors=True)
            else:
                try:
                    os.unlink(path)
                except OSError:
                    pass
        os._exit(128 + signum)

    signal.signal(signal.SIGTERM, terminate)
    die_with_parent(signal.SIGTERM)


class interruptions_raise:
    """Context manager: SIGINT and SIGTERM raise :class:`Interrupted` in the main thread.

    The previous handlers come back on exit. A second signal while the first is being handled
    is ignored (clean-up takes a moment and must not be cut short).
    """

    def __init__(self) -> None:
        self._previous: dict[int, object] = {}
        self.received: int | None = None

    def _handle(self, signum, frame) -> None:
        if self.received is not None:
            return
        self.received = signum
        raise Interrupted(signum)

    def __enter__(self) -> "interruptions_raise":
        if threading.current_thread() is threading.main_thread():
            for signum in (signal.SIGINT, signal.SIGTERM):
                self._previous[signum] = signal.signal(signum, self._handle)
        return self

    def __exit__(self, *exc) -> None:
        for signum, handler in self._previous.items():
            signal.signal(signum, handler)  # type: ignore[arg-type]
