"""Benchmark ``hcfin report`` on the real product against the naive pipeline, in one run.

Real mode (default): every notebook of ``notebooks/`` on the seed unit-year of
``data/raw/manifest.csv``.

- hcfin: ``python -m hcfin report --unit <seed> --out DIR`` in a fresh process, exactly as a
  user runs it (all notebooks in one command); and, for the per-notebook column,
  ``python -m hcfin report --unit <seed> --notebook NAME`` once per notebook.
- naive: per notebook, ``papermill`` CLI (``-p unit/year/data_dir``) then
  ``jupyter nbconvert --to html --no-input`` CLI, one notebook after the other.
- hcfin again: the same ``hcfin report`` command a second time into the same folder, with nothing
  changed (every report is up to date: the incremental path); reported as a share of the first.

Runs are interleaved (naive, hcfin, naive, hcfin, ...) so both see the same machine state;
medians are reported. ``--synthetic`` keeps the older mode: N small made-up notebooks that
import pandas/matplotlib/seaborn and draw one chart.

    python benchmarks/bench_report.py [--repeat 3] [--jobs N] [--no-per-notebook]
    python benchmarks/bench_report.py --synthetic [--notebooks 4]
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
    "from IPython.display import Markdown, display\nfrom hcfin import plotting\nfrom hcfin.escape import md_text",
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

    import hashlib

    raw = folder / "data" / "raw"
    raw.mkdir(parents=True)
    (raw / "seed.txt").write_bytes(b"bench\n")  # hcfin report verifies every listed file
    digest = hashlib.sha256(b"bench\n").hexdigest()
    (raw / "manifest.csv").write_text(
        f"file,unit,year,format,source,sha256\nseed.txt,基准单位,2024,text,bench,{digest}\n", encoding="utf-8"
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
        f"results = run_reports(out_dir='fast', jobs={jobs!r}, force=True)\n"
        "bad = [r.describe_failure() for r in results if not r.ok]\n"
        "sys.exit('\\n'.join(bad) if bad else 0)\n"
    )
    started = time.perf_counter()
    subprocess.run([sys.executable, "-c", code], cwd=folder, env=environment(), check=True, capture_output=True)
    return time.perf_counter() - started


def seed_unit_year(data_dir: Path) -> tuple[str, int]:
    """The unit and year of the seed (the first text-format row of the manifest)."""
    import csv

    with (data_dir / "raw" / "manifest.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle))
    row = next((r for r in rows if r.get("format") == "text"), rows[0])
    return row["unit"].strip(), int(row["year"])


def naive_one(notebook: Path, out: Path, unit: str, year: int) -> float:
    """papermill CLI then jupyter nbconvert CLI for one real notebook; return wall seconds."""
    executed = out / notebook.name
    started = time.perf_counter()
    subprocess.run(
        [str(BIN / "papermill"), str(notebook), str(executed), "-k", "python3", "--no-progress-bar",
         "-p", "unit", unit, "-p", "year", str(year), "-p", "data_dir", "data"],
        cwd=ROOT, env=environment(), check=True, capture_output=True,
    )
    subprocess.run(
        [str(BIN / "jupyter"), "nbconvert", "--to", "html", "--no-input", str(executed)],
        cwd=ROOT, env=environment(), check=True, capture_output=True,
    )
    return time.perf_counter() - started


def hcfin_report(out: Path, unit: str, notebooks: list[str] | None, jobs: int | None) -> float:
    """``python -m hcfin report`` in a fresh process; return wall seconds."""
    command = [sys.executable, "-m", "hcfin", "report", "--unit", unit, "--out", str(out)]
    if notebooks:
        command += ["--notebook", *notebooks]
    if jobs:
        command += ["--jobs", str(jobs)]
    started = time.perf_counter()
    done = subprocess.run(command, cwd=ROOT, env=environment(), capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"hcfin report failed ({done.returncode}):\n{done.stderr}")
    return time.perf_counter() - started


def run_real(args: argparse.Namespace) -> None:
    """Compare ``hcfin report`` and the naive CLI pipeline on the seed and the real notebooks."""
    unit, year = seed_unit_year(ROOT / "data")
    notebooks = sorted((ROOT / "notebooks").glob("*.ipynb"))
    names = [path.stem for path in notebooks]
    with tempfile.TemporaryDirectory(prefix="hcfin-bench-") as tmp:
        folder = Path(tmp)
        (folder / "naive").mkdir()
        hcfin_report(folder / "warm", unit, None, args.jobs)  # warm-up: font cache, bytecode
        naive_total, fast_total, again_total = [], [], []
        naive_each: dict[str, list[float]] = {name: [] for name in names}
        fast_each: dict[str, list[float]] = {name: [] for name in names}
        for repeat in range(args.repeat):
            cpu = children_cpu()
            walls = {path.stem: naive_one(path, folder / "naive", unit, year) for path in notebooks}
            naive_total.append((sum(walls.values()), children_cpu() - cpu))
            for name, wall in walls.items():
                naive_each[name].append(wall)
            cpu = children_cpu()
            wall = hcfin_report(folder / f"fast{repeat}", unit, None, args.jobs)  # a fresh folder: no cache
            fast_total.append((wall, children_cpu() - cpu))
            again_total.append(hcfin_report(folder / f"fast{repeat}", unit, None, args.jobs))  # nothing changed
            if args.per_notebook:
                for name in names:
                    fast_each[name].append(hcfin_report(folder / f"one{repeat}-{name}", unit, [name], args.jobs))
        med = statistics.median
        naive_s, fast_s = med(w for w, _ in naive_total), med(w for w, _ in fast_total)
        naive_cpu, fast_cpu = med(c for _, c in naive_total), med(c for _, c in fast_total)
        load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
        print(f"seed: {unit} {year}   notebooks: {len(names)}   cores: {os.cpu_count()}   load: {load:.1f}   "
              f"repeats: {args.repeat}   jobs: {args.jobs or 'auto'}   (medians)")
        print(f"{'notebook':<22}{'naive s':>10}{'hcfin s (alone)':>18}")
        for name in names:
            alone = f"{med(fast_each[name]):.2f}" if fast_each[name] else "-"
            print(f"{name:<22}{med(naive_each[name]):>10.2f}{alone:>18}")
        print(f"{'all ' + str(len(names)):<22}{naive_s:>10.2f}{fast_s:>18.2f}   <- hcfin: one command, all {len(names)} notebooks")
        print(f"per notebook (all / {len(names)}): naive {naive_s / len(names):.2f} s, hcfin {fast_s / len(names):.2f} s")
        print(f"cpu (user+sys, all processes): naive {naive_cpu:.2f} s, hcfin {fast_cpu:.2f} s")
        print(f"speed-up: wall {naive_s / fast_s:.2f}x (target >= 4x), cpu {naive_cpu / fast_cpu:.2f}x   "
              f"(walls naive {[round(w, 2) for w, _ in naive_total]}, hcfin {[round(w, 2) for w, _ in fast_total]})")
        again_s = med(again_total)
        print(f"second run, nothing changed: {again_s:.2f} s = {100 * again_s / fast_s:.1f} % of the first "
              f"(target < 15 %)   (walls {[round(w, 2) for w in again_total]})")


def run_synthetic(args: argparse.Namespace) -> None:
    """The older mode: N small synthetic notebooks in a temporary project."""
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
        print(f"synthetic: {n} notebooks, cores {os.cpu_count()}, repeats {args.repeat} (medians)")
        print(f"naive: wall {naive_s:6.2f} s = {naive_s / n:5.2f} s/notebook   cpu {naive_cpu:6.2f} s")
        print(f"hcfin: wall {fast_s:6.2f} s = {fast_s / n:5.2f} s/notebook   cpu {fast_cpu:6.2f} s")
        print(f"speed-up: wall {naive_s / fast_s:.2f}x, cpu {naive_cpu / fast_cpu:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--synthetic", action="store_true", help="made-up notebooks instead of the real ones")
    parser.add_argument("--notebooks", type=int, default=4, help="synthetic mode: how many notebooks")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--jobs", type=int, default=None, help="worker processes (default: one per core)")
    parser.add_argument("--no-per-notebook", dest="per_notebook", action="store_false",
                        help="skip the hcfin runs of one notebook at a time")
    args = parser.parse_args()
    (run_synthetic if args.synthetic else run_real)(args)


if __name__ == "__main__":
    main()
