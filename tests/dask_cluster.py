"""A real Dask cluster on 127.0.0.1 for tests and benchmarks: one scheduler and N workers, each its
own process started from this environment, stopped (by their process ids) when the block ends."""

from __future__ import annotations

import contextlib
import json
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _env() -> dict:
    env = dict(os.environ)
    env["PYTHONPATH"] = str(ROOT) + os.pathsep + env.get("PYTHONPATH", "")
    return env


@contextlib.contextmanager
def dask_cluster(workers: int = 2, folder: Path | None = None, timeout: float = 90):
    """Yield the scheduler address (``tcp://127.0.0.1:PORT``) once ``workers`` workers have joined."""
    import tempfile

    from distributed import Client

    folder = Path(folder or tempfile.mkdtemp(prefix="hcfin-dask-"))
    folder.mkdir(parents=True, exist_ok=True)
    scheduler_file = folder / "scheduler.json"
    env = _env()
    processes = []
    quiet = {"stdout": subprocess.DEVNULL, "stderr": open(folder / "cluster.log", "wb")}
    try:
        processes.append(subprocess.Popen(
            [sys.executable, "-m", "distributed.cli.dask_scheduler", "--host", "127.0.0.1", "--port", "0",
             "--no-dashboard", "--scheduler-file", str(scheduler_file)], env=env, cwd=folder, **quiet))
        deadline = time.monotonic() + timeout
        while not scheduler_file.is_file() or not scheduler_file.read_text():
            if time.monotonic() > deadline or processes[0].poll() is not None:
                raise RuntimeError(f"the Dask scheduler did not start; see {folder / 'cluster.log'}")
            time.sleep(0.1)
        time.sleep(0.2)  # the file is written in one go, but give the writer a moment to close it
        address = json.loads(scheduler_file.read_text())["address"]
        for i in range(workers):
            processes.append(subprocess.Popen(
                [sys.executable, "-m", "distributed.cli.dask_worker", address, "--nthreads", "1",
                 "--nworkers", "1", "--no-dashboard", "--host", "127.0.0.1", "--name", f"w{i}",
                 "--local-directory", str(folder / f"w{i}")], env=env, cwd=folder, **quiet))
        with Client(address, timeout=timeout, set_as_default=False) as client:
            client.wait_for_workers(workers, timeout=timeout)
        yield address
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in reversed(processes):
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(timeout=10)
        quiet["stderr"].close()
