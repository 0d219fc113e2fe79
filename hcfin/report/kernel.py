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


def kernel_argv() -> list[str]:
    """Return the command line of an IPython kernel on the current interpreter.

    The kernel logs errors only: ipykernel otherwise warns on every start that local TCP is
    unencrypted, which buries the messages that matter.
    """
    return [
        sys.executable,
        "-m",
        "ipykernel_launcher",
        "-f",
        "{connection_file}",
        "--IPKernelApp.log_level=ERROR",
    ]


def kernel_env() -> dict[str, str]:
    """Return environment additions so the kernel imports the same ``hcfin`` as this process.

    Matters when hcfin runs from a source checkout (not installed) and the kernel's working
    directory is elsewhere.
    """
    import hcfin

    root = str(Path(hcfin.__file__).resolve().parent.parent)
    paths = [root] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != root]
    return {"PYTHONPATH": os.pathsep.join(paths)}


_MANAGER_CLASSES: dict[str | None, Any] = {}

#: Socket of the fork server that report kernels are forked from (None: ordinary kernels).
#: Set by the runner before its worker processes are forked, so they inherit it.
FORK_SERVER_SOCKET: str | None = None


def current_python_kernel_manager_class(fork_socket: str | None = None) -> type:
    """Return an ``AsyncKernelManager`` subclass whose kernel runs on ``sys.executable``.

    Pass it to papermill as ``kernel_manager_class``; papermill forwards it to nbclient.

    Args:
        fork_socket: socket of a running ``ForkServer``; kernels are then forked from it
            (see ``hcfin.report.forkserver``) instead of started from scratch.
    """
    if fork_socket not in _MANAGER_CLASSES:
        from jupyter_client.kernelspec import KernelSpec
        from jupyter_client.manager import AsyncKernelManager

        if fork_socket is None:
            argv = kernel_argv()
        else:
            from .forkserver import shim_argv

            argv = shim_argv(fork_socket) + kernel_argv()[5:]

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

        _MANAGER_CLASSES[fork_socket] = CurrentPythonKernelManager
    return _MANAGER_CLASSES[fork_socket]


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
