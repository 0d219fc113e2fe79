"""Shared timing helpers of the benchmarks (run them as ``python benchmarks/bench_*.py``)."""

from __future__ import annotations

import os
import statistics
import subprocess
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"


def median_ms(function, repeat: int) -> float:
    """Median wall time of ``function()`` over ``repeat`` calls, in milliseconds."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        function()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def process_ms(command: list[str], repeat: int, exit_codes: tuple[int, ...] = (0,)) -> float:
    """Median wall time of running ``command`` as a process (with this checkout on PYTHONPATH), in ms.

    Raises:
        RuntimeError: the command exited with a status not in ``exit_codes``.
    """
    env = {**os.environ, "PYTHONPATH": str(ROOT)}

    def run() -> None:
        done = subprocess.run(command, capture_output=True, env=env, cwd=ROOT)
        if done.returncode not in exit_codes:
            raise RuntimeError(f"{' '.join(command)} exited {done.returncode}: {done.stderr.decode()[-500:]}")

    return median_ms(run, repeat)
