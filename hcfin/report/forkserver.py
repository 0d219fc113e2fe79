"""Start report kernels by forking a process that has already imported the heavy modules.

Measured on the project's 2-core machine, a fresh ipykernel needs ~0.5 s to answer its first
request and a report's first cell another ~0.7 s to import pandas, matplotlib and seaborn:
together most of a small notebook's wall time, paid again by every notebook. The fork server
imports ipykernel and those modules once; each kernel is then a ``fork()`` of it.

How a kernel is launched (POSIX only):

- ``ForkServer.start`` runs ``python -m hcfin.report.forkserver SOCKET MODULE...``: it imports
  the modules, then listens on a Unix socket in a private temporary folder.
- The kernel manager launches a tiny shim (``python -I -S -c SHIM SOCKET ...argv``) instead of
  ``ipykernel_launcher``. The shim sends its working directory, environment and argv to the
  server, which forks; the child becomes the ipykernel. The shim forwards SIGINT/SIGTERM to
  the child and exits when the child's end of the socket closes; the child exits when the
  shim's end closes (so killing the shim, as ``shutdown_kernel(now=True)`` does, ends it).
- Once listening, and before its first fork, the server opens the chart font and parses the
  packaged check catalogue and code lists, which every kernel would otherwise load itself.
- The server exits when its standard input (a pipe from the process that started it) closes,
  without the interpreter's teardown.

Anything going wrong here is a kernel start failure; the runner retries such a job once with
an ordinary kernel.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Iterable, Sequence

__all__ = ["DEFAULT_PRELOAD", "ForkServer", "notebook_imports", "serve", "shim_argv"]

#: Modules a report kernel imports anyway (pandas pulls in numpy and pyarrow).
DEFAULT_PRELOAD = (
    "pandas", "matplotlib.pyplot", "seaborn", "IPython.display", "hcfin",
    # What ``hcfin.load`` and ``hcfin.reconcile`` import on first use (~0.1 s per kernel otherwise).
    "hcfin.disclosure", "hcfin.checks", "hcfin.checks.engine", "hcfin.checks.report",
)

# The shim runs with -I -S (no site, no user paths): stdlib only, ~10 ms to start.
SHIM = r"""
import json, os, signal, socket, sys, time
path, server, argv = sys.argv[1], int(sys.argv[2]), sys.argv[3:]
sock = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
deadline = time.monotonic() + 30
while True:
    try:
        sock.connect(path)
        break
    except OSError:
        try:
            os.kill(server, 0)
        except ProcessLookupError:
            sys.exit("hcfin fork server has exited")
        if time.monotonic() > deadline:
            sys.exit("hcfin fork server not reachable at " + path)
        time.sleep(0.01)
sock.sendall(json.dumps({"cwd": os.getcwd(), "env": dict(os.environ), "argv": argv}).encode() + b"\n")
reply = b""
while not reply.endswith(b"\n"):
    chunk = sock.recv(64)
    if not chunk:
        sys.exit("hcfin fork server closed the connection")
    reply += chunk
pid = int(reply)
def forward(signum, frame):
    try:
        os.kill(pid, signum)
    except ProcessLookupError:
        pass
for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
    signal.signal(signum, forward)
# End with the process that started us (it may be killed without a chance to stop us): the
# kernel ends when this socket closes.
parent = os.getppid()
sock.settimeout(0.5)
while os.getppid() == parent:
    try:
        if not sock.recv(64):
            break
    except socket.timeout:
        continue
    except InterruptedError:
        continue
"""


def notebook_imports(paths: Iterable[Path]) -> list[str]:
    """Return the absolute module names imported by the code cells of the notebooks at ``paths``.

    Lines starting with ``%`` or ``!`` (IPython magics) are skipped; cells that still do not
    parse are ignored (the kernel will report them).
    """
    import ast

    found: set[str] = set()
    for path in paths:
        try:
            cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
        except (OSError, ValueError):
            continue
        for cell in cells:
            if cell.get("cell_type") != "code":
                continue
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            lines = [line for line in source.splitlines() if not line.lstrip().startswith(("%", "!"))]
            try:
                tree = ast.parse("\n".join(lines))
            except SyntaxError:
                continue
            for node in ast.walk(tree):
                if isinstance(node, ast.Import):
                    found.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                    found.add(node.module)
                    # ``from hcfin.analysis import charts`` imports the submodule charts too;
                    # names that are not modules fail to import in ``_preload`` and are skipped.
                    found.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    return sorted(found)


def shim_argv(socket_path: str, server_pid: int) -> list[str]:
    """Return the kernel command line that asks the server at ``socket_path`` for a kernel.

    The shim waits for the server to listen (it may still be importing), unless the process
    ``server_pid`` has exited.
    """
    return [sys.executable, "-I", "-S", "-c", SHIM, socket_path, str(server_pid), "-f", "{connection_file}"]


class ForkServer:
    """A running fork server process (see the module docstring)."""

    def __init__(self, process: subprocess.Popen, folder: Path):
        self.process = process
        self.folder = folder
        self.socket_path = str(folder / "kernels.sock")

    @classmethod
    def start(cls, preload: Iterable[str] = DEFAULT_PRELOAD, env: dict[str, str] | None = None) -> "ForkServer":
        """Start a server that imports ``preload`` (missing modules are skipped).

        ``env`` defaults to this process's environment with ``PYTHONPATH`` leading to the
        hcfin being run (see ``kernel.kernel_env``).
        """
        from .kernel import kernel_env

        folder = Path(tempfile.mkdtemp(prefix="hcfin-kernels-"))
        environment = dict(os.environ if env is None else env)
        if env is None:
            environment.update(kernel_env())
        environment.setdefault("MPLBACKEND", "module://matplotlib_inline.backend_inline")
        process = subprocess.Popen(
            [sys.executable, "-m", "hcfin.report.forkserver", str(folder / "kernels.sock"), *preload],
            stdin=subprocess.PIPE,
            env=environment,
        )
        return cls(process, folder)

    @classmethod
    def client(cls, address: tuple[str, int]) -> "ForkServer":
        """A handle on a running server known by its ``address`` (for :meth:`call`; not owned)."""
        server = cls.__new__(cls)
        server.process = None
        server.socket_path = address[0]
        server.folder = Path(address[0]).parent
        return server

    @property
    def address(self) -> tuple[str, int]:
        """(socket path, server pid): what kernel managers need to reach this server."""
        return (self.socket_path, self.process.pid)

    def wait_ready(self, timeout: float = 60.0) -> bool:
        """Wait until the server listens; False if it exited or ``timeout`` seconds passed."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if os.path.exists(self.socket_path):
                return True
            if self.process.poll() is not None:
                return False
            time.sleep(0.01)
        return False

    def call(self, name: str, *args, timeout: float = 120.0):
        """Run the function ``name`` of :data:`CALLABLE` in a fork of the server; return its value.

        Raises:
            RuntimeError: the function raised (its one-line reason), or the server did not answer.
        """
        import socket

        with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
            sock.settimeout(timeout)
            sock.connect(self.socket_path)
            sock.sendall(json.dumps({"call": name, "args": [str(a) for a in args]}).encode("utf-8") + b"\n")
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        try:
            reply = json.loads(data)
        except ValueError:
            raise RuntimeError(f"hcfin fork server gave no answer to {name}") from None
        if "error" in reply:
            raise RuntimeError(reply["error"])
        return reply["value"]

    def alive(self) -> bool:
        """Tell whether the server process is still running."""
        return self.process.poll() is None

    def close(self) -> None:
        """Stop the server (kernels it forked stop when their shims do) and remove its folder."""
        if self.process.stdin is not None and not self.process.stdin.closed:
            self.process.stdin.close()
        try:
            self.process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        shutil.rmtree(self.folder, ignore_errors=True)


def _preload(modules: Sequence[str]) -> None:
    import importlib

    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # noqa: BLE001 - a module the kernel cannot import fails there, visibly
            pass


def _warm_fonts() -> None:
    """Open the Chinese chart font once, so every forked kernel finds it loaded (~50 ms each).

    Registers the fonts as ``hcfin.plotting`` does and draws one line of Chinese off-screen;
    the rcParams are restored afterwards, so the kernel still sets its own style.
    """
    if "matplotlib" not in sys.modules:
        return
    try:
        import matplotlib
        from matplotlib.backends.backend_agg import FigureCanvasAgg
        from matplotlib.figure import Figure

        from hcfin import plotting

        with matplotlib.rc_context():
            plotting.setup_fonts()
            figure = Figure(figsize=(1, 1))
            FigureCanvasAgg(figure)
            figure.text(0, 0, "中文 0.5%")
            figure.canvas.draw()
    except Exception:  # noqa: BLE001 - only a warm-up: the kernel reports real font problems
        pass


def _warm_data() -> None:
    """Parse the packaged check catalogue and code lists once (cached per process; ~55 ms a
    kernel otherwise), when the preloaded modules include ``hcfin.checks``."""
    if "hcfin.checks" not in sys.modules:
        return
    try:
        from hcfin.checks.catalogue import load_catalogue
        from hcfin.classification import load_codes

        load_catalogue()
        load_codes("functional")
        load_codes("economic")
    except Exception:  # noqa: BLE001 - only a warm-up: the kernel reports real problems
        pass


def _become_kernel(connection, listener, request: dict) -> None:
    """In the forked child: detach from the server and run ipykernel with the shim's argv."""
    import signal
    import threading

    os.setsid()
    listener.close()
    signal.signal(signal.SIGCHLD, signal.SIG_DFL)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    from .lifecycle import die_with_parent

    die_with_parent(signal.SIGKILL)  # the server: its end ends every kernel it forked
    if not request["env"].get("HCFIN_DEBUG"):  # the kernel's own log lines, see kernel.py
        quiet = os.open(os.devnull, os.O_WRONLY)
        os.dup2(quiet, 1)
        os.dup2(quiet, 2)
        os.close(quiet)
    # As ipykernel does once initialized: an idle kernel ignores SIGINT (it installs its own
    # handler while executing), so an interrupt during start-up or shutdown is not an error.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    if "numpy" in sys.modules:  # every child would otherwise share the server's random state
        sys.modules["numpy"].random.seed(None)

    def exit_when_shim_is_gone() -> None:
        while True:
            try:
                if not connection.recv(64):
                    break
            except InterruptedError:
                continue
            except OSError:
                break
        os._exit(1)

    threading.Thread(target=exit_when_shim_is_gone, daemon=True).start()
    # parent_handle: exit if the server dies (ipykernel's ParentPollerUnix watches for that);
    # it also tells ipykernel it was not started by hand, so it prints no console banner.
    sys.argv = ["ipykernel_launcher", f"--IPKernelApp.parent_handle={os.getppid()}", *request["argv"]]
    from ipykernel import kernelapp

    kernelapp.launch_new_instance()


def serve(socket_path: str, preload: Sequence[str]) -> None:
    """Run the server: import ``preload``, then fork one kernel per request until stdin closes."""
    import selectors
    import signal
    import socket

    # Ctrl-C in a terminal reaches the whole process group: the command decides what stops.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    folder = os.path.dirname(socket_path)

    def stop(signum, frame) -> None:
        shutil.rmtree(folder, ignore_errors=True)
        os._exit(0)

    signal.signal(signal.SIGTERM, stop)
    from .lifecycle import die_with_parent

    die_with_parent(signal.SIGTERM)

    import ipykernel.kernelapp  # noqa: F401 - the bulk of a kernel's own start-up

    _preload(preload)

    def reap(signum, frame) -> None:  # waited-for children count in this process's rusage
        while True:
            try:
                pid, _ = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return

    signal.signal(signal.SIGCHLD, reap)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(socket_path)
    listener.listen(64)
    # Once listening (the runner then starts its workers), and before the first fork: what
    # every kernel would otherwise load itself. Requests wait in the backlog meanwhile.
    _warm_fonts()
    _warm_data()
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(sys.stdin.buffer, selectors.EVENT_READ)
    while True:
        for key, _ in selector.select():
            if key.fileobj is not listener:
                if not sys.stdin.buffer.read1(4096):
                    return  # the process that started us is gone
                continue
            connection, _ = listener.accept()
            connection.settimeout(10)  # a client that never sends must not block the server
            try:
                request = _read_request(connection)
            except OSError:
                request = None
            connection.settimeout(None)
            if request is None:
                connection.close()
                continue
            pid = os.fork()
            if pid == 0:
                selector.close()
                status = 0
                try:
                    if "call" in request:
                        _answer_call(connection, listener, request)
                    else:
                        _become_kernel(connection, listener, request)
                except BaseException:  # noqa: BLE001 - the child must never return into the loop
                    import traceback

                    traceback.print_exc()
                    status = 1
                os._exit(status)
            if "call" not in request:
                connection.sendall(f"{pid}\n".encode())
            connection.close()


#: Functions a client may ask the server to run (``ForkServer.call``): nothing else is imported.
CALLABLE = {"unit_findings": ("hcfin.report.findings", "unit_findings")}


def _answer_call(connection, listener, request: dict) -> None:
    """In the forked child: run one function of :data:`CALLABLE` with the preloaded modules and
    send its JSON result (``{"value": …}`` or ``{"error": "…"}``) back."""
    import importlib
    import signal

    listener.close()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    quiet = os.open(os.devnull, os.O_WRONLY)
    os.dup2(quiet, 1)
    os.dup2(quiet, 2)
    os.close(quiet)
    try:
        module, name = CALLABLE[request["call"]]
        value = getattr(importlib.import_module(module), name)(*request.get("args", []))
        reply = {"value": value}
    except Exception as error:  # noqa: BLE001 - reported to the caller
        reply = {"error": f"{type(error).__name__}: {error}"}
    connection.sendall(json.dumps(reply, ensure_ascii=False, default=str).encode("utf-8") + b"\n")
    connection.close()


def _read_request(connection) -> dict | None:
    data = b""
    while not data.endswith(b"\n"):
        chunk = connection.recv(65536)
        if not chunk:
            return None
        data += chunk
    try:
        return json.loads(data)
    except ValueError:
        return None


if __name__ == "__main__":
    try:
        serve(sys.argv[1], sys.argv[2:])
    finally:
        shutil.rmtree(os.path.dirname(sys.argv[1]), ignore_errors=True)
    # Nothing else to clean up (kernels are their own sessions and end with their shims):
    # skip the interpreter's teardown of pandas/matplotlib/ipykernel, which the runner would
    # otherwise wait ~0.3 s for in ``ForkServer.close``.
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)
