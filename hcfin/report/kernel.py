"""Kernels for report notebooks: always the Python interpreter that runs ``hcfin report``.

papermill resolves the notebook's kernel name (``python3``) through the Jupyter kernelspec
search path, where a user-level spec may point at another interpreter that lacks hcfin. The
manager here ignores the search path and launches ``sys.executable -m ipykernel_launcher``.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path
from typing import Any

__all__ = ["KERNEL_START_ERRORS", "current_python_kernel_manager_class", "kernel_argv"]


#: ipykernel options of every report kernel.
KERNEL_OPTIONS = ("--IPKernelApp.log_level=ERROR",)


def kernel_argv() -> list[str]:
    """Return the command line of an IPython kernel on the current interpreter.

    The kernel logs errors only: ipykernel otherwise warns on every start that local TCP is
    unencrypted, which buries the messages that matter.
    """
    return [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}", *KERNEL_OPTIONS]


def kernel_env() -> dict[str, str]:
    """Return environment additions so the kernel imports the same ``hcfin`` as this process.

    Matters when hcfin runs from a source checkout (not installed) and the kernel's working
    directory is elsewhere.
    """
    import hcfin

    root = str(Path(hcfin.__file__).resolve().parent.parent)
    paths = [root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != root]
    return {"PYTHONPATH": os.pathsep.join(paths)}


_MANAGER_CLASSES: dict[tuple[str, int] | None, Any] = {}

#: (socket, pid) of the fork server report kernels are forked from (None: ordinary kernels).
#: Set by the runner before its worker processes are forked, so they inherit it.
FORK_SERVER: tuple[str, int] | None = None


def current_python_kernel_manager_class(fork_server: tuple[str, int] | None = None) -> type:
    """Return an ``AsyncKernelManager`` subclass whose kernel runs on ``sys.executable``.

    Pass it to papermill as ``kernel_manager_class``; papermill forwards it to nbclient.

    Args:
        fork_server: ``ForkServer.address`` of a running server; kernels are then forked from it
            (see ``hcfin.report.forkserver``) instead of started from scratch.
    """
    if fork_server not in _MANAGER_CLASSES:
        from jupyter_client.kernelspec import KernelSpec
        from jupyter_client.manager import AsyncKernelManager
        from traitlets import default

        if fork_server is None:
            argv = kernel_argv()
        else:
            from .forkserver import shim_argv

            argv = [*shim_argv(*fork_server), *KERNEL_OPTIONS]

        class CurrentPythonKernelManager(AsyncKernelManager):
            """Kernel manager that launches ipykernel on the running interpreter."""

            @property
            def kernel_spec(self) -> KernelSpec:  # type: ignore[override]
                if self._kernel_spec is None:
                    self._kernel_spec = KernelSpec(
                        argv=list(argv),
                        display_name="Python 3 (ipykernel)",
                        language="python",
                        env=kernel_env(),
                        metadata={},
                    )
                return self._kernel_spec

            @default("client_factory")
            def _quick_client_factory(self) -> type:
                return _quick_ready_client_class()

            async def _async_launch_kernel(self, kernel_cmd, **kw):  # type: ignore[override]
                # A kernel's own log lines (e.g. "KeyboardInterrupt caught in kernel" while it
                # is shut down) are not the reader's business; HCFIN_DEBUG=1 keeps them.
                if not os.environ.get("HCFIN_DEBUG"):
                    import subprocess

                    kw.setdefault("stdout", subprocess.DEVNULL)
                    kw.setdefault("stderr", subprocess.DEVNULL)
                await super()._async_launch_kernel(kernel_cmd, **kw)
                from .lifecycle import register_kernel

                pid = getattr(self.provisioner, "pid", None)
                if pid:
                    register_kernel(pid)  # its own session: killed as a group if the run stops
                    self._hcfin_pid = pid
                from .lifecycle import TEMPORARY

                if self.connection_file:
                    TEMPORARY.add(self.connection_file)

            async def shutdown_kernel(self, now: bool = False, restart: bool = False):  # type: ignore[override]
                await super().shutdown_kernel(now=now, restart=restart)
                from .lifecycle import forget_kernel

                forget_kernel(getattr(self, "_hcfin_pid", 0))
                from .lifecycle import TEMPORARY

                TEMPORARY.discard(self.connection_file)

        _MANAGER_CLASSES[fork_server] = CurrentPythonKernelManager
    return _MANAGER_CLASSES[fork_server]


_CLIENT_CLASS: Any = None


def _quick_ready_client_class() -> type:
    """Return an ``AsyncKernelClient`` whose ``wait_for_ready`` returns as soon as it can.

    jupyter_client's own ``wait_for_ready`` ends by draining IOPub until 0.2 s pass without a
    message, so every kernel start costs at least that much idle time. Here the kernel is
    ready once it has answered ``kernel_info`` on the shell channel and IOPub has delivered
    the ``idle`` status of that same request (which proves IOPub is connected). Messages left
    on IOPub belong to the ``kernel_info`` requests; nbclient ignores messages whose parent is
    not the cell it is executing.
    """
    global _CLIENT_CLASS
    if _CLIENT_CLASS is None:
        import math
        import time
        from queue import Empty

        from jupyter_client.asynchronous import AsyncKernelClient

        async def _receive(channel, wanted, deadline: float):
            while time.monotonic() < deadline:
                try:
                    message = await channel.get_msg(timeout=max(0.0, deadline - time.monotonic()))
                except Empty:
                    return None
                if wanted(message):
                    return message
            return None

        class QuickReadyKernelClient(AsyncKernelClient):
            """Kernel client that does not idle after the kernel has answered."""

            async def wait_for_ready(self, timeout: float | None = None) -> None:  # type: ignore[override]
                limit = math.inf if timeout is None else timeout
                deadline = time.monotonic() + limit
                while True:
                    request = self.kernel_info()
                    attempt_end = min(deadline, time.monotonic() + 1.0)

                    def answers(message, request=request):
                        return message.get("parent_header", {}).get("msg_id") == request

                    reply = await _receive(self.shell_channel, answers, attempt_end)
                    if reply is not None:
                        idle = await _receive(
                            self.iopub_channel,
                            lambda m: answers(m) and m["msg_type"] == "status"
                            and m["content"].get("execution_state") == "idle",
                            min(deadline, time.monotonic() + 0.5),
                        )
                        if idle is not None:
                            self._handle_kernel_info_reply(reply)
                            return
                    if not await self._async_is_alive():
                        raise RuntimeError("Kernel died before replying to kernel_info")
                    if time.monotonic() >= deadline:
                        raise RuntimeError(f"Kernel didn't respond in {timeout:g} seconds")

        _CLIENT_CLASS = QuickReadyKernelClient
    return _CLIENT_CLASS


def is_kernel_start_error(error: BaseException) -> bool:
    """Tell whether ``error`` is a kernel that failed to start (worth one retry).

    Covers the port race of concurrent kernels ("Address already in use"), a kernel process
    that died before answering ``kernel_info``, and a start-up timeout.
    """
    if isinstance(error, TimeoutError):
        return True
    text = f"{type(error).__name__}: {error}"
    return any(marker in text for marker in KERNEL_START_ERRORS)


KERNEL_START_ERRORS = (
    "Kernel died before replying to kernel_info",
    "Kernel didn't respond in",
    "Address already in use",
    "ZMQError",
)
