"""Hostile and large inputs: HTML table reading is linear in size; bombs are refused cheaply.

1. ``read_document`` on plain HTML tables of 1, 2 and 4 MB (median of ``--repeat`` runs): the time
   ratios to 1 MB show linearity (about 2 and 4; the quadratic grid builder took 17/53/200 s).
2. ``hcfin parse`` in a subprocess on each bomb of ``tests/hostile_files.py`` (4 GB-inflating
   DOCX and XLSX, a 400 MB PDF stream, spans of 1000×1000, an 17-billion-cell merge, nesting):
   wall time, exit status and peak resident memory (the child's VmHWM), beside the seed's own figures
   measured the same way in the same run.

Run: ``python benchmarks/bench_hostile.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from timing import ROOT, SEED, median_ms

BOMBS = ("big_spans", "odd_spans", "deep_html", "docx_bomb", "docx_deep", "docx_nested_tables", "docx_wide_span",
         "xlsx_bomb", "xlsx_lying_size", "xlsx_huge_merge", "pdf_stream_bomb", "pdf_damaged", "fifo", "junk")


#: ``hcfin parse`` that prints its own peak resident memory (VmHWM, kB) last on stdout. The
#: kernel's ``ru_maxrss`` of a child would include the parent's peak from before ``exec``.
CHILD = ("import sys\nfrom hcfin.cli import main\ntry:\n    code = main(sys.argv[1:])\nfinally:\n"
         "    status = open('/proc/self/status').read()\n    print(status.split('VmHWM:')[1].split()[0])\n"
         "sys.exit(code)")


def parse_in_child(path: Path) -> tuple[int, float, float]:
    """Exit status, wall seconds and peak resident memory (MB) of ``hcfin parse PATH`` in a child."""
    start = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", CHILD, "parse", str(path), "--out", os.devnull],
                          capture_output=True, text=True, stdin=subprocess.DEVNULL,
                          env={**os.environ, "PYTHONPATH": str(ROOT)})
    seconds = time.perf_counter() - start
    peak = int(done.stdout.split()[-1]) / 1024 if done.stdout.split() else float("nan")
    return done.returncode, seconds, peak


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from hcfin.readers import read_document
    from hostile_files import CORPUS, html_table

    folder = Path(tempfile.mkdtemp(prefix="hcfin-bench-hostile-"))
    print("HTML table, read_document (median of", args.repeat, "runs):")
    base = None
    for megabytes in (1, 2, 4):
        path = html_table(folder, megabytes, f"table-{megabytes}mb.html")
        ms = median_ms(lambda: read_document(path), args.repeat)
        base = base or ms
        print(f"  {megabytes} MB  {ms / 1000:7.2f} s   ×{ms / base:4.2f} of 1 MB  (linear: ×{megabytes})")

    print("\nhcfin parse in a child process: exit, wall time, peak RSS")
    status, seconds, peak = parse_in_child(SEED)
    print(f"  {'seed (baseline)':20} exit {status}  {seconds:6.2f} s  {peak:7.1f} MB")
    for name in BOMBS:
        case = folder / name
        case.mkdir()
        path = CORPUS[name](case)
        on_disk = path.stat().st_size / 1024 / 1024 if path.is_file() else 0.0
        status, seconds, peak = parse_in_child(path)
        print(f"  {name:20} exit {status}  {seconds:6.2f} s  {peak:7.1f} MB   ({on_disk:.2f} MB on disk)")


if __name__ == "__main__":
    main()
