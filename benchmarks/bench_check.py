"""Reconcile benchmark: how long checking the seed takes, in-process and as a whole process.

Targets (issue 4): median in-process ``hcfin.reconcile`` of the loaded seed under 30 ms; whole-process
``hcfin check`` under 1.5 s. Machines here are shared and noisy, so each figure is reported beside a
baseline measured in the same run:

* in-process: ``reconcile`` against ``hcfin.load`` of the same file;
* whole process: ``hcfin check`` against a Python process that only imports pandas.

Run: ``python benchmarks/bench_check.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

from timing import ROOT, SEED, median_ms, process_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--path", type=Path, default=SEED)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import hcfin
    from hcfin.checks import load_catalogue, reconcile

    disclosure = hcfin.load(args.path)
    start = time.perf_counter()
    load_catalogue()  # the one-off YAML parse, reported apart
    parse_ms = (time.perf_counter() - start) * 1000
    reconcile(disclosure)  # warm regex caches
    load = median_ms(lambda: hcfin.load(args.path), args.repeat)
    check = median_ms(lambda: reconcile(disclosure), args.repeat)
    n = len(reconcile(disclosure).results)
    print(f"in-process  rules.yaml parse (once)  {parse_ms:7.2f} ms")
    print(f"in-process  hcfin.load       median {load:7.2f} ms")
    print(f"in-process  hcfin.reconcile  median {check:7.2f} ms   (target < 30 ms; {check / load:.2f}x load; {n} results)")
    runs = max(3, args.repeat // 6)
    baseline = process_ms([sys.executable, "-c", "import pandas"], runs)
    command = [sys.executable, "-m", "hcfin", "check", str(args.path), "--format", "json"]
    probe = subprocess.run(command, capture_output=True, env={**os.environ, "PYTHONPATH": str(ROOT)}, cwd=ROOT)
    if probe.returncode not in (0, 1):  # `hcfin check` not wired into the main parser yet
        command = [sys.executable, "-m", "hcfin.checks.cli", str(args.path), "--format", "json"]
    whole = process_ms(command, runs, exit_codes=(0, 1))  # 1: the check found an error-level mismatch
    print(f"process     python -c 'import pandas'  median {baseline:7.1f} ms")
    print(f"process     {' '.join(command[1:3]):<22} median {whole:7.1f} ms   (target < 1500 ms; "
          f"{whole / baseline:.2f}x importing pandas alone)")


if __name__ == "__main__":
    main()
