"""Benchmark: ``run_reports`` (papermill API + in-process nbconvert, parallel) vs the naive
pipeline (``papermill`` CLI then ``jupyter nbconvert`` CLI, notebook by notebook).

Both run side by side in one invocation, on the same N small notebooks that import pandas,
matplotlib and seaborn and draw a Chinese chart like a real report. The in-process side runs
in a fresh interpreter (``python -c "...run_reports(...)"``), so its imports are counted, as
they are for ``hcfin report``.

    python benchmarks/bench_report.py [--notebooks 4] [--repeat 3] [--jobs N]
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent

CELLS = [
    'unit: str = "某单位"  # 单位名称\nyear: int = 2024  # 决算年度\ndata_dir: str = "data"  # 数据目录',
    "import pandas as pd\nimport matplotlib.pyplot as plt\nimport seaborn as sns\n"
    "from IPython.display import Markdown, display\nfrom hcfin import plotting\nfrom hcfin.report.escape import md_text",
    "plotting.apply_style()\n"
    "frame = pd.DataFrame({'类': ['社会保障和就业支出', '卫生健康支出', '住房保障支出'], "
    "'金额': [491.87, 228.79, 80.50]}).sort_values('金额', ascending=False)\n"
    "display(Markdown(f'## {md_text(unit)} {year} 年度支出结构'))\nframe",
    "fig, ax = plt.subplots()\nsns.barplot(data=frame, x='金额', y='类', ax=ax)\n"
    "ax.set_title('支出按功能分类（万元）')\nax.bar_label(ax.containers[0], fmt='%.2f')\nplt.show()",
]


def make_project(folder: Path, count: int) -> list[Path]:
    """Write a manifest with one unit-year and ``count`` notebooks; return the notebooks."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_notebook

    raw = folder / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "manifest.csv").write_text(
        "file,unit,year,format,source,sha256\nseed.txt,基准单位,2024,text,bench,0\n", encoding="utf-8"
    )
    paths = []
    for number in range(count):
        cells = [new_code_cell(CELLS[0], metadata={"tags": ["parameters"]})]
        cells += [new_code_cell(source) for source in CELLS[1:]]
        notebook = new_notebook(
            cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"}}
        )
        path = folder / "notebooks" / f"报告{number + 1}.ipynb"
        path.parent.mkdir(exist_ok=True)
        nbformat.write(notebook, str(path))
        paths.append(path)
    return paths


def environment() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join([str(ROOT)] + [p for p in [env.get("PYTHONPATH")] if p])
    return env


def children_cpu() -> float:
    """CPU seconds (user + system) of all finished child processes so far."""
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def measure(function, *args) -> tuple[float, float]:
    """Return (wall seconds, CPU seconds of the processes it ran) of ``function(*args)``."""
    cpu = children_cpu()
    wall = function(*args)
    return wall, children_cpu() - cpu


def run_naive(folder: Path, notebooks: list[Path]) -> float:
    """papermill CLI then jupyter nbconvert CLI, one notebook after the other."""
    out = folder / "naive"
    out.mkdir(exist_ok=True)
    started = time.perf_counter()
    for path in notebooks:
        executed = out / path.name
        subprocess.run(
            [str(BIN / "papermill"), str(path), str(executed), "-k", "python3", "--no-progress-bar",
             "-p", "unit", "基准单位", "-p", "year", "2024", "-p", "data_dir", "data"],
            cwd=folder, env=environment(), check=True, capture_output=True,
        )
        subprocess.run(
            [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
            cwd=folder, env=environment(), check=True, capture_output=True,
        )
    return time.perf_counter() - started


def run_in_process(folder: Path, jobs: int | None) -> float:
    """``run_reports`` in a fresh interpreter, as ``hcfin report`` would run it."""
    code = (
        "import sys\nfrom hcfin.report import run_reports\n"
        f"results = run_reports(out_dir='fast', jobs={jobs!r})\n"
        "bad = [r.describe_failure() for r in results if not r.ok]\n"
        "sys.exit('\\n'.join(bad) if bad else 0)\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=folder, env=environment(), check=True, capture_output=True)
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--notebooks", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="hcfin-bench-") as tmp:
        folder = Path(tmp)
        notebooks = make_project(folder, args.notebooks)
        run_in_process(folder, args.jobs)  # warm-up: font cache, bytecode
        naive, fast = [], []
        for _ in range(args.repeat):  # interleaved, so both see the same machine state
            naive.append(measure(run_naive, folder, notebooks))
            fast.append(measure(run_in_process, folder, args.jobs))
        n = args.notebooks
        naive_s, fast_s = (statistics.median(w for w, _ in runs) for runs in (naive, fast))
        naive_cpu, fast_cpu = (statistics.median(c for _, c in runs) for runs in (naive, fast))
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"cores: {os.cpu_count()}  load: {load:.1f}  notebooks: {n}  repeats: {args.repeat}  "
              f"jobs: {args.jobs or 'auto'}   (medians; wall = elapsed, cpu = user+sys of all processes)")
        print(f"naive (papermill CLI + jupyter nbconvert CLI): wall {naive_s:6.2f} s = {naive_s / n:5.2f} s/notebook"
              f"   cpu {naive_cpu:6.2f} s")
        print(f"hcfin run_reports (API, in-process HTML):    wall {fast_s:6.2f} s = {fast_s / n:5.2f} s/notebook"
              f"   cpu {fast_cpu:6.2f} s")
        print(f"speed-up: wall {naive_s / fast_s:.2f}x, cpu {naive_cpu / fast_cpu:.2f}x   "
              f"(walls naive {[round(w, 2) for w, _ in naive]}, fast {[round(w, 2) for w, _ in fast]})")


if __name__ == "__main__":
    main()
