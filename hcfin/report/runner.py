"""Run the report notebooks for every unit and year: papermill in, HTML out.

``run_reports`` finds the unit-years in ``data/raw/manifest.csv``, checks each notebook's
parameters, executes every (unit, year, notebook) with papermill's Python API in a pool of
worker processes, renders each executed notebook to HTML in the same worker, and writes
``rendered/index.html``. A failing notebook does not stop the others; its result carries the
failing cell.
"""

from __future__ import annotations

import csv
import os
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable, Sequence

__all__ = [
    "ReportJob",
    "ReportResult",
    "UnknownParameterError",
    "discover_jobs",
    "run_reports",
    "run_job",
]

#: Parameters every report notebook receives.
NOTEBOOK_PARAMETERS = ("unit", "year", "data_dir")
#: Seconds a kernel may take to answer its first request before the start counts as failed.
KERNEL_START_TIMEOUT = 60


class UnknownParameterError(ValueError):
    """A notebook would receive parameters its ``parameters`` cell does not declare."""

    def __init__(self, notebook: Path, unknown: Sequence[str], declared: Sequence[str]):
        self.notebook = Path(notebook)
        self.unknown = list(unknown)
        self.declared = list(declared)
        super().__init__(
            f"{self.notebook}: unknown notebook parameter(s) {', '.join(self.unknown)}; "
            f"its parameters cell declares: {', '.join(self.declared) or '(none)'}"
        )


@dataclass(frozen=True)
class ReportJob:
    """One notebook to execute for one unit and year."""

    unit: str
    year: int
    notebook: str
    notebook_path: Path
    data_dir: str
    ipynb_path: Path
    html_path: Path
    cwd: Path

    @property
    def parameters(self) -> dict[str, object]:
        """The papermill parameters of this job."""
        return {"unit": self.unit, "year": self.year, "data_dir": self.data_dir}


@dataclass
class ReportResult:
    """What happened to one job. ``ok`` is False when any cell raised or the kernel failed."""

    unit: str
    year: int
    notebook: str
    ipynb_path: Path
    html_path: Path | None
    ok: bool
    seconds: float = 0.0
    error: str | None = None
    cell_index: int | None = None  # 0-based index in the source notebook
    exec_count: int | None = None
    ename: str | None = None
    evalue: str | None = None
    kernel_retries: int = 0

    def describe_failure(self) -> str:
        """One line naming the notebook, unit, year and failing cell (Chinese for readers)."""
        where = f"{self.notebook}.ipynb（{self.unit} {self.year} 年）"
        if self.cell_index is not None:
            cell = f"第 {self.cell_index + 1} 个单元格"
            if self.exec_count is not None:
                cell += f"（In [{self.exec_count}]）"
            return f"{where} {cell} 出错：{self.ename}: {self.evalue}"
        return f"{where} 执行失败：{self.error}"


def read_manifest(data_dir: Path) -> list[tuple[str, int]]:
    """Return the sorted distinct (unit, year) pairs of ``<data_dir>/raw/manifest.csv``.

    Raises:
        FileNotFoundError: there is no manifest.
        ValueError: a row lacks a unit or has a year that is not an integer (names the line).
    """
    path = Path(data_dir) / "raw" / "manifest.csv"
    pairs: set[tuple[str, int]] = set()
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        missing = {"unit", "year"} - set(reader.fieldnames or ())
        if missing:
            raise ValueError(f"{path}:1: missing column(s) {', '.join(sorted(missing))}")
        for row in reader:
            line = reader.line_num
            unit = (row.get("unit") or "").strip()
            year_text = (row.get("year") or "").strip()
            if not unit:
                raise ValueError(f"{path}:{line}: empty unit")
            try:
                year = int(year_text)
            except ValueError:
                raise ValueError(f"{path}:{line}: year {year_text!r} is not an integer") from None
            pairs.add((unit, year))
    return sorted(pairs)


def _path_part(text: str, what: str) -> str:
    """Return ``text`` if it is safe as one path component, else raise ValueError."""
    if not text or text in {".", ".."} or text.startswith(".") or any(c in text for c in "/\\\0"):
        raise ValueError(f"{what} {text!r} cannot be used as a folder name under rendered/")
    return text


def list_notebooks(notebooks_dir: Path, names: Iterable[str] | None = None) -> list[Path]:
    """Return the notebooks to run: all ``*.ipynb`` of ``notebooks_dir`` or the named ones.

    Raises:
        FileNotFoundError: a named notebook does not exist (lists the available ones).
    """
    notebooks_dir = Path(notebooks_dir)
    available = sorted(p for p in notebooks_dir.glob("*.ipynb") if not p.name.startswith("."))
    if not names:
        return available
    chosen = []
    for name in names:
        stem = name[: -len(".ipynb")] if name.endswith(".ipynb") else name
        path = notebooks_dir / f"{stem}.ipynb"
        if not path.is_file():
            choices = ", ".join(p.stem for p in available) or "(none)"
            raise FileNotFoundError(f"{path}: no such notebook; available: {choices}")
        chosen.append(path)
    return chosen


def check_parameters(notebook_path: Path, names: Iterable[str] = NOTEBOOK_PARAMETERS) -> None:
    """Raise ``UnknownParameterError`` if ``notebook_path`` does not declare all ``names``.

    papermill only warns about parameters a notebook does not declare and injects them
    anyway; a report would then silently ignore the unit or year it was asked for.
    """
    import papermill

    declared = list(papermill.inspect_notebook(str(notebook_path)))
    unknown = [name for name in names if name not in declared]
    if unknown:
        raise UnknownParameterError(notebook_path, unknown, declared)


def discover_jobs(
    data_dir: str | os.PathLike = "data",
    out_dir: str | os.PathLike = "rendered",
    units: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    notebooks: Iterable[str] | None = None,
    notebooks_dir: str | os.PathLike = "notebooks",
) -> list[ReportJob]:
    """List the (unit, year, notebook) jobs, filtered by ``units``, ``years`` and ``notebooks``.

    Raises:
        ValueError: a filter matches nothing, or a unit name is not a safe folder name.
        FileNotFoundError: no manifest, or a named notebook is missing.
    """
    data_dir_text = os.fspath(data_dir)
    pairs = read_manifest(Path(data_dir))
    unit_filter = set(units) if units else None
    year_filter = {int(y) for y in years} if years else None
    selected = [
        (u, y)
        for u, y in pairs
        if (unit_filter is None or u in unit_filter) and (year_filter is None or y in year_filter)
    ]
    if not selected:
        raise ValueError(
            f"no unit-year in {Path(data_dir) / 'raw' / 'manifest.csv'} matches "
            f"unit={sorted(unit_filter) if unit_filter else 'any'} "
            f"year={sorted(year_filter) if year_filter else 'any'}"
        )
    paths = list_notebooks(Path(notebooks_dir), notebooks)
    if not paths:
        raise FileNotFoundError(f"{notebooks_dir}: no notebooks (*.ipynb)")
    out = Path(out_dir)
    cwd = Path.cwd()
    jobs = []
    for unit, year in selected:
        folder = out / _path_part(unit, "unit") / str(year)
        for path in paths:
            jobs.append(
                ReportJob(
                    unit=unit,
                    year=year,
                    notebook=path.stem,
                    notebook_path=path.resolve(),
                    data_dir=data_dir_text,
                    ipynb_path=(folder / f"{path.stem}.ipynb").resolve(),
                    html_path=(folder / f"{path.stem}.html").resolve(),
                    cwd=cwd,
                )
            )
    return jobs


def _started_any_cell(ipynb_path: Path) -> bool:
    """Tell whether papermill marked any cell of the output notebook as started."""
    import nbformat

    try:
        notebook = nbformat.read(str(ipynb_path), as_version=4)
    except Exception:  # noqa: BLE001 - no readable output means nothing ran
        return False
    return any(
        cell.get("metadata", {}).get("papermill", {}).get("status", "pending") != "pending"
        for cell in notebook.cells
    )


def _source_cell_index(ipynb_path: Path, executed_index: int) -> int:
    """Map a cell index of the executed notebook to the index in the source notebook.

    papermill inserts an ``injected-parameters`` cell after the ``parameters`` cell; indices
    after it are one higher than in the source notebook the author edits.
    """
    import nbformat

    try:
        notebook = nbformat.read(str(ipynb_path), as_version=4)
    except Exception:  # noqa: BLE001
        return executed_index
    # The error banner papermill prepends after the failure is not counted in executed_index.
    cells = [c for c in notebook.cells if "papermill-error-cell-tag" not in c.metadata.get("tags", [])]
    injected = [i for i, c in enumerate(cells) if "injected-parameters" in c.metadata.get("tags", [])]
    if injected and injected[0] < executed_index:
        return executed_index - 1
    return executed_index


def _execute(job: ReportJob, fork_server: tuple[str, int] | None = None) -> None:
    import papermill

    from .kernel import current_python_kernel_manager_class

    papermill.execute_notebook(
        str(job.notebook_path),
        str(job.ipynb_path),
        parameters=job.parameters,
        kernel_name="python3",
        kernel_manager_class=current_python_kernel_manager_class(fork_server),
        start_timeout=KERNEL_START_TIMEOUT,
        shutdown_kernel="immediate",
        progress_bar=False,
        request_save_on_cell_execute=False,
        cwd=str(job.cwd),
    )


def run_job(job: ReportJob) -> ReportResult:
    """Execute one job and render its HTML; never raises for notebook or kernel failures.

    A kernel that fails to start (port race, died before ``kernel_info``, start-up timeout)
    before any cell ran is retried once, as an ordinary kernel even if the first came from
    the fork server.
    """
    from papermill.exceptions import PapermillExecutionError

    from . import kernel
    from .kernel import is_kernel_start_error
    from .render import render_html

    started = time.perf_counter()
    job.ipynb_path.parent.mkdir(parents=True, exist_ok=True)
    # A page left from an earlier run must not pass for this run's result.
    job.ipynb_path.unlink(missing_ok=True)
    job.html_path.unlink(missing_ok=True)
    result = ReportResult(job.unit, job.year, job.notebook, job.ipynb_path, None, ok=True)
    for attempt in (0, 1):
        try:
            _execute(job, kernel.FORK_SERVER if attempt == 0 else None)
        except PapermillExecutionError as error:
            result.ok = False
            result.cell_index = _source_cell_index(job.ipynb_path, error.cell_index)
            result.exec_count = error.exec_count
            result.ename, result.evalue = error.ename, error.evalue
            result.error = f"{error.ename}: {error.evalue}"
        except Exception as error:  # noqa: BLE001 - reported in the result, not raised
            if attempt == 0 and is_kernel_start_error(error) and not _started_any_cell(job.ipynb_path):
                result.kernel_retries += 1
                continue
            result.ok = False
            result.ename, result.evalue = type(error).__name__, str(error)
            result.error = f"{type(error).__name__}: {error}"
        break
    if job.ipynb_path.is_file():
        try:
            result.html_path = render_html(job.ipynb_path, job.html_path)
        except Exception as error:  # noqa: BLE001
            result.ok = False
            result.error = (result.error + "; " if result.error else "") + f"HTML: {error}"
    result.seconds = time.perf_counter() - started
    return result


def default_jobs(n_tasks: int) -> int:
    """Return the number of worker processes: one per core, at most one per task."""
    return max(1, min(n_tasks, os.cpu_count() or 1))


def _pool_context():
    import multiprocessing

    # fork shares the parent's imported papermill/nbconvert with the workers at no cost;
    # elsewhere use the platform default.
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else None)


def execute_jobs(jobs: Sequence[ReportJob], workers: int) -> list[ReportResult]:
    """Run ``jobs`` in ``workers`` processes (in this process when 1); keep the job order."""
    if workers <= 1 or len(jobs) <= 1:
        return [run_job(job) for job in jobs]
    from concurrent.futures import ProcessPoolExecutor

    with ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context()) as pool:
        return list(pool.map(run_job, jobs))


def run_reports(
    data_dir: str | os.PathLike = "data",
    out_dir: str | os.PathLike = "rendered",
    units: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    notebooks: Iterable[str] | None = None,
    jobs: int | None = None,
    notebooks_dir: str | os.PathLike = "notebooks",
    fork_kernels: bool | None = None,
) -> list[ReportResult]:
    """Execute and render every selected report; write ``<out_dir>/index.html``.

    Args:
        data_dir: folder holding ``raw/manifest.csv``; passed to notebooks as ``data_dir``.
        out_dir: where ``<unit>/<year>/<notebook>.ipynb|.html`` and ``index.html`` go.
        units, years, notebooks: optional filters (notebook names without ``.ipynb``).
        jobs: worker processes; default one per core, at most one per notebook run.
        notebooks_dir: folder of the parameterized notebooks.
        fork_kernels: fork kernels from a process that has imported ipykernel, pandas,
            matplotlib and seaborn once (``hcfin.report.forkserver``); default: on POSIX.

    Returns:
        One result per (unit, year, notebook), in manifest then notebook order.

    Raises:
        UnknownParameterError: a notebook lacks one of the parameters unit/year/data_dir
            (checked before anything runs).
        ValueError, FileNotFoundError: see ``discover_jobs``.
    """
    from .index import write_index

    from . import kernel

    selected = discover_jobs(data_dir, out_dir, units, years, notebooks, notebooks_dir)
    if fork_kernels is None:
        fork_kernels = os.name == "posix" and hasattr(os, "fork")
    # Started first: its imports overlap with the parameter checks below.
    server = _start_fork_server({job.notebook_path for job in selected}) if fork_kernels else None
    try:
        for path in sorted({job.notebook_path for job in selected}):
            check_parameters(path)
        _warm_up()
        if server is not None and not server.wait_ready():
            server.close()  # broken (it printed why); ordinary kernels do the work
            server = None
        kernel.FORK_SERVER = server.address if server else None
        workers = jobs if jobs is not None else default_jobs(len(selected))
        results = execute_jobs(selected, max(1, workers))
    finally:
        kernel.FORK_SERVER = None
        if server is not None:
            server.close()
    write_index(Path(out_dir), results)
    return results


def _warm_up() -> None:
    """Import and load in this process what every job needs, before workers are forked."""
    import papermill.execute  # noqa: F401

    from .kernel import _quick_ready_client_class, current_python_kernel_manager_class
    from .render import warm_up

    current_python_kernel_manager_class()
    _quick_ready_client_class()
    warm_up()


def _start_fork_server(notebook_paths: Iterable[Path]):
    """Start the fork server, preloading the usual modules and those the notebooks import."""
    from .forkserver import DEFAULT_PRELOAD, ForkServer, notebook_imports

    extra = [name for name in notebook_imports(sorted(notebook_paths)) if name not in DEFAULT_PRELOAD]
    return ForkServer.start([*DEFAULT_PRELOAD, *extra])
