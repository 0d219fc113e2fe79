"""Benchmark ``hcfin batch``: documents per second with 1 and 2 workers, Dask against the local
pool, and the driver's peak memory at two corpus sizes — all measured side by side in one run.

The corpus (default 200 documents) is made by the layout-variant generator
(``tests/layout_variants.write_corpus``: the bundled disclosures re-rendered in many table
layouts and four formats). Where that generator is not available, the bundled files are copied
with distinct trailing bytes instead (same layouts; the output says which corpus was used).

Every run starts from an empty output folder, as a fresh ``python -m hcfin batch`` process
(the command a user runs); its wall time includes start-up and combining the tables. The
driver's peak memory is that process's own maximum resident set (``ru_maxrss``), not its
helpers' or workers'. The Dask run uses a scheduler and two single-threaded workers started as
processes on 127.0.0.1 before the clock starts.

    python benchmarks/bench_batch.py [--documents 200] [--small 50] [--no-dask]
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
RAW = ROOT / "data" / "raw"
SOURCES = ["huaihua-yanglao-gongshang-2024.txt", "shanghai-putuo-caizhengju-2024.pdf",
           "shanghai-putuo-guihua-ziran-2024.pdf", "shanghai-putuo-shehui-gongzuobu-2024.pdf",
           "shanghai-putuo-wenlv-2025.html", "shanghai-putuo-shiquanlu-2025.html"]

DRIVER = """
import json, resource, sys, time
from hcfin.corpus.batch import run_batch
args = json.loads(sys.argv[1])
started = time.perf_counter()
result = run_batch(args["paths"], args["out"], workers=args.get("workers"), scheduler=args.get("scheduler"),
                   progress=False)
print(json.dumps({"seconds": time.perf_counter() - started, "documents": len(result.documents),
                  "errors": result.errors, "peak_kib": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss}))
"""


def make_corpus(folder: Path, n: int) -> tuple[list[Path], str]:
    """``n`` documents in ``folder``; returns them and how they were made."""
    try:
        from tests.layout_variants import write_corpus
    except ImportError:
        write_corpus = None
    if write_corpus is not None:
        return write_corpus([RAW / s for s in SOURCES], folder, n), "layout variants (tests/layout_variants.py)"
    folder.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        source = RAW / SOURCES[i % len(SOURCES)]
        path = folder / f"{i:04d}-{source.name}"
        # a distinct sha256 per copy: a PDF gets a comment line after %%EOF, text and HTML blank lines
        tail = b"%" + str(i).encode() + b"\n" if source.suffix == ".pdf" else b"\n" * (i + 1)
        path.write_bytes(source.read_bytes() + tail)
        paths.append(path)
    return paths, "byte-distinct copies of the bundled files (tests/layout_variants.py not available)"


def run(paths_folder: Path, out: Path, fresh: bool = True, **options) -> dict:
    """One ``run_batch`` in its own process (from an empty output folder unless ``fresh`` is False);
    its wall time, documents, errors and peak memory."""
    if fresh:
        shutil.rmtree(out, ignore_errors=True)
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    args = {"paths": [str(paths_folder)], "out": str(out), **options}
    started = time.perf_counter()
    done = subprocess.run([sys.executable, "-c", DRIVER, json.dumps(args)], capture_output=True, text=True,
                          env=env, cwd=ROOT)
    wall = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"batch failed: {done.stderr[-2000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    result["wall"] = wall
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--documents", type=int, default=200)
    parser.add_argument("--small", type=int, default=50, help="the smaller corpus of the memory comparison")
    parser.add_argument("--no-dask", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="hcfin-bench-batch-"))
    try:
        big, how = make_corpus(work / "corpus", args.documents)
        small_folder = work / "small"
        small_folder.mkdir()
        for path in big[: args.small]:
            shutil.copy(path, small_folder / path.name)
        print(f"corpus: {len(big)} documents, {how}; load average {os.getloadavg()[0]:.1f} on "
              f"{os.cpu_count()} cores at the start")
        one = run(work / "corpus", work / "out1", workers=1)
        two = run(work / "corpus", work / "out2", workers=2)
        again = run(work / "corpus", work / "out2", fresh=False, workers=2)  # all stored: hashing + combining
        small = run(small_folder, work / "out-small", workers=2)
        rows = [("local, 1 worker", one), ("local, 2 workers", two)]
        if not args.no_dask:
            from tests.dask_cluster import dask_cluster

            with dask_cluster(2, work / "cluster") as address:
                dask = run(work / "corpus", work / "out-dask", scheduler=address)
            rows.append(("Dask, 2 workers", dask))
        print(f"\n{'engine':<18} {'documents':>9} {'errors':>6} {'seconds':>8} {'docs/s':>7} {'driver peak MiB':>16}")
        for name, r in rows:
            print(f"{name:<18} {r['documents']:>9} {r['errors']:>6} {r['wall']:>8.1f} "
                  f"{r['documents'] / r['wall']:>7.2f} {r['peak_kib'] / 1024:>16.1f}")
        print(f"\nspeed-up 2 workers / 1 worker: {one['wall'] / two['wall']:.2f}x (target >= 1.8x)")
        if not args.no_dask:
            print(f"Dask overhead against the local pool (2 workers each): {dask['wall'] / two['wall'] - 1:+.1%} "
                  f"(target <= +20%)")
        print(f"driver peak memory: {small['peak_kib'] / 1024:.1f} MiB at {small['documents']} documents, "
              f"{two['peak_kib'] / 1024:.1f} MiB at {two['documents']} documents "
              f"({two['peak_kib'] / small['peak_kib'] - 1:+.1%})")
        print(f"second run over the same output (every document already stored; hashing the inputs and "
              f"combining the tables only): {again['wall']:.1f} s for {again['documents']} documents")
        print(f"load average {os.getloadavg()[0]:.1f} at the end (the machine is shared: ratios are noisy)")
    finally:
        shutil.rmtree(work, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
