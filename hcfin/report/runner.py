"""Run the report notebooks for every unit and year: papermill in, HTML out.

``run_reports`` finds the data folder and its manifest, verifies each selected document (inside
``data/raw``, sha256 as listed), skips the reports whose notebook, document and hcfin code are
unchanged since they were rendered (:mod:`hcfin.report.cache`), executes the others with
papermill in a pool of worker processes, renders each page in the same worker, and rebuilds
``<out>/index.html`` from every report on disk. A failing notebook does not stop the others; its
result carries the failing cell. Ctrl-C or SIGTERM stop the run within seconds, with no process
or temporary folder left behind and an index that says what was not rendered.
"""

from __future__ import annotations

import os
import shutil
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable, Sequence

from .jobs import (
    NOTEBOOK_PARAMETERS,
    ReportJob,
    ReportResult,
    UnknownParameterError,
    check_parameters,
    discover_jobs,
    list_notebooks,
    notebook_summary,
)

__all__ = [
    "NOTEBOOK_PARAMETERS",
    "ReportJob",
    "ReportResult",
    "UnknownParameterError",
    "check_parameters",
    "discover_jobs",
    "list_notebooks",
    "run_job",
    "run_reports",
]

#: Seconds a kernel may take to answer its first request before the start counts as failed.
KERNEL_START_TIMEOUT = 60
#: Folder (inside the output folder) of the temporary files of a run.
TEMP_DIR = ".hcfin-tmp"


def _escape_braces(path: Path) -> str:
    # papermill formats input and output paths with the parameters (str.format); doubled braces
    # come out as the literal characters.
    return str(path).replace("{", "{{").replace("}", "}}")


def _execute(job: ReportJob, fork_server: tuple[str, int] | None = None, output: Path | None = None) -> None:
    import papermill

    from .engine import ENGINE_NAME, register
    from .kernel import current_python_kernel_manager_class

    register()
    papermill.execute_notebook(
        _escape_braces(job.notebook_path),
        _escape_braces(output or job.ipynb_path),
        parameters=job.parameters,
        engine_name=ENGINE_NAME,
        kernel_name="python3",
        kernel_manager_class=current_python_kernel_manager_class(fork_server),
        start_timeout=KERNEL_START_TIMEOUT,
        shutdown_kernel="immediate",
        progress_bar=False,
        request_save_on_cell_execute=False,
        cwd=str(job.cwd),
    )


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


def run_job(job: ReportJob) -> ReportResult:
    """Execute one job and render its page; never raises for notebook or kernel failures.

    The executed notebook is written to a temporary folder inside the output folder and moved
    into place, then the page is written atomically: an interruption leaves either the previous
    files or the new ones. A kernel that fails to start (port race, died before ``kernel_info``,
    start-up timeout) before any cell ran is retried once, as an ordinary kernel even if the
    first came from the fork server.
    """
    from papermill.exceptions import PapermillExecutionError

    from . import kernel
    from .atomic import replace_atomic
    from .kernel import is_kernel_start_error
    from .lifecycle import TEMPORARY
    from .render import render_html

    started = time.perf_counter()
    temp = job.root / TEMP_DIR / f"{os.getpid()}-{abs(hash(job.ipynb_path)):x}"
    temp.mkdir(parents=True, exist_ok=True)
    TEMPORARY.add(str(temp))
    executed = temp / "executed.ipynb"
    result = ReportResult(job.unit, job.year, job.notebook, job.ipynb_path, None, ok=True)
    try:
        for attempt in (0, 1):
            try:
                _execute(job, kernel.FORK_SERVER if attempt == 0 else None, executed)
            except PapermillExecutionError as error:
                result.ok = False
                result.cell_index = _source_cell_index(executed, error.cell_index)
                result.exec_count = error.exec_count
                result.ename, result.evalue = error.ename, error.evalue
                result.error = f"{error.ename}: {error.evalue}"
            except Exception as error:  # noqa: BLE001 - reported in the result, not raised
                if attempt == 0 and is_kernel_start_error(error) and not _started_any_cell(executed):
                    result.kernel_retries += 1
                    continue
                result.ok = False
                result.ename, result.evalue = type(error).__name__, str(error)
                result.error = f"{type(error).__name__}: {error}"
            break
        if executed.is_file():
            replace_atomic(executed, job.ipynb_path)
            try:
                result.html_path = render_html(job.ipynb_path, job.html_path, index_href=job.index_href)
            except Exception as error:  # noqa: BLE001
                result.ok = False
                result.error = (result.error + "; " if result.error else "") + f"HTML: {error}"
    finally:
        shutil.rmtree(temp, ignore_errors=True)
        TEMPORARY.discard(str(temp))
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


def _code_cells(notebook_path: Path) -> int:
    """The number of code cells of a notebook (0 when unreadable): a proxy for its run time."""
    import json

    try:
        cells = json.loads(Path(notebook_path).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError):
        return 0
    return sum(1 for cell in cells if cell.get("cell_type") == "code")


def _stop_pool(pool) -> None:
    """Terminate the workers now (each kills its kernels on SIGTERM), then discard the pool."""
    import signal

    processes = list(getattr(pool, "_processes", {}).values())
    for process in processes:
        if process.is_alive():
            process.terminate()
    deadline = time.monotonic() + 3
    for process in processes:
        process.join(max(0.0, deadline - time.monotonic()))
        if process.is_alive():
            try:
                os.kill(process.pid, signal.SIGKILL)
            except ProcessLookupError:  # it ended between the check and the kill
                continue
            process.join(1)
    pool.shutdown(wait=False, cancel_futures=True)


def execute_jobs(jobs: Sequence[ReportJob], workers: int,
                 on_result: Callable[[int, ReportResult], None] | None = None,
                 on_started: Callable[[], None] | None = None) -> list[ReportResult]:
    """Run ``jobs`` in ``workers`` processes (in this process when 1); keep the job order.

    ``on_started()`` is called once the workers exist (threads started then are not forked);
    ``on_result(i, result)`` as each job ends. On any exception (an interruption included) the
    workers and their kernels are stopped before it propagates.
    """
    results: dict[int, ReportResult] = {}

    def done(i: int, result: ReportResult) -> None:
        results[i] = result
        if on_result is not None:
            on_result(i, result)

    if workers <= 1 or len(jobs) <= 1:
        from .lifecycle import kill_process_groups

        try:
            if on_started is not None:
                on_started()
            for i, job in enumerate(jobs):
                done(i, run_job(job))
        except BaseException:
            kill_process_groups()
            raise
        return [results[i] for i in range(len(jobs))]
    from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait

    from .lifecycle import worker_init

    # Longest first (estimated by code cells), so a long notebook does not start last and
    # leave the other cores idle at the end; results are returned in the jobs' order.
    cost = {path: _code_cells(path) for path in {job.notebook_path for job in jobs}}
    order = sorted(range(len(jobs)), key=lambda i: -cost[jobs[i].notebook_path])
    pool = ProcessPoolExecutor(max_workers=workers, mp_context=_pool_context(), initializer=worker_init)
    try:
        futures = {pool.submit(run_job, jobs[i]): i for i in order}
        if on_started is not None:
            on_started()
        pending = set(futures)
        while pending:
            finished, pending = wait(pending, timeout=0.5, return_when=FIRST_COMPLETED)
            for future in finished:
                done(futures[future], future.result())
    except BaseException:
        _stop_pool(pool)
        raise
    pool.shutdown(wait=True)
    return [results[i] for i in range(len(jobs))]


@dataclass
class _Plan:
    """What a run does with each selected job: refuse it, reuse it (cached) or run it."""

    jobs: list[ReportJob]
    code: str = ""
    keys: dict[int, str] = field(default_factory=dict)
    documents: dict[tuple[str, int], tuple[Path, str]] = field(default_factory=dict)
    refused: dict[tuple[str, int], str] = field(default_factory=dict)
    cached: list[int] = field(default_factory=list)
    to_run: list[int] = field(default_factory=list)


def _plan(jobs: Sequence[ReportJob], data_dir: Path, out: Path, force: bool) -> _Plan:
    """Verify the documents and look each job up in the cache; reads, never writes."""
    from hcfin.manifest import DocumentRefused, read_manifest, verified_path

    from .cache import ReportCache, file_digest, package_digest, report_key

    plan = _Plan(list(jobs), code=package_digest())
    rows = {}
    for row in read_manifest(data_dir):
        rows.setdefault((row.unit, row.year), row)
    for pair in sorted({(job.unit, job.year) for job in jobs}):
        try:
            plan.documents[pair] = verified_path(rows[pair])
        except DocumentRefused as error:
            plan.refused[pair] = str(error)
    cache = ReportCache(out)
    notebook_digest = {path: file_digest(path) for path in {job.notebook_path for job in jobs}}
    for i, job in enumerate(jobs):
        pair = (job.unit, job.year)
        if pair in plan.refused:
            continue
        key = report_key(notebook_digest[job.notebook_path], plan.documents[pair][1], job.parameters, plan.code)
        plan.keys[i] = key
        if not force and cache.hit(job.relative_html, key) and job.html_path.is_file() and job.record_path.is_file():
            plan.cached.append(i)
        else:
            plan.to_run.append(i)
    return plan


def run_reports(
    data_dir: str | os.PathLike = "data",
    out_dir: str | os.PathLike | None = None,
    units: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    notebooks: Iterable[str] | None = None,
    jobs: int | None = None,
    notebooks_dir: str | os.PathLike | None = None,
    fork_kernels: bool | None = None,
    force: bool = False,
    progress: bool = False,
) -> list[ReportResult]:
    """Execute and render every selected report that is not up to date; rebuild the index.

    Args:
        data_dir: folder holding ``raw/manifest.csv``, searched for like
            :func:`hcfin.manifest.find_data_dir` (``HCFIN_DATA``, folders above).
        out_dir: where ``<unit>/<year>/<notebook>.ipynb|.html`` and ``index.html`` go;
            default ``rendered`` beside the data folder.
        units, years, notebooks: optional filters (notebook names without ``.ipynb``).
        jobs: worker processes; default one per core, at most one per notebook run.
        notebooks_dir: folder of the parameterized notebooks; default ``notebooks`` in the
            working directory, else beside the data folder.
        fork_kernels: fork kernels from a process that has imported ipykernel, pandas,
            matplotlib and seaborn once (``hcfin.report.forkserver``); default: on POSIX.
        force: execute every selected report even when its cached key matches.
        progress: show a progress bar on standard error.

    Returns:
        One result per (unit, year, notebook), in manifest then notebook order; ``cached``
        is True for the reports that were up to date.

    Raises:
        UnknownParameterError: a notebook to execute lacks one of the parameters
            unit/year/data_dir (checked before anything is written).
        hcfin.manifest.DataNotFound, ValueError, FileNotFoundError: see ``discover_jobs``.
        hcfin.report.atomic.OutputLocked: another run writes into ``out_dir``.
        hcfin.report.lifecycle.Interrupted: SIGINT or SIGTERM; everything was stopped and the
            index rebuilt first.
    """
    from hcfin.manifest import find_data_dir

    from .atomic import OutputLock
    from .lifecycle import interruptions_raise

    data = find_data_dir(data_dir)
    out = Path(out_dir) if out_dir is not None else data.parent / "rendered"
    if notebooks_dir is None:
        notebooks_dir = Path("notebooks") if Path("notebooks").is_dir() else data.parent / "notebooks"
    selected = discover_jobs(data, out, units, years, notebooks, notebooks_dir)
    out = selected[0].root
    needed = sorted({selected[i].notebook_path for i in _plan(selected, data, out, force).to_run})
    if fork_kernels is None:
        fork_kernels = os.name == "posix" and hasattr(os, "fork")
    # Started first: its imports overlap with the parameter checks and the rest of the set-up.
    server = _start_fork_server(needed) if needed and fork_kernels else None
    try:
        for path in needed:
            check_parameters(path)
        with interruptions_raise(), OutputLock(out):
            shutil.rmtree(out / TEMP_DIR, ignore_errors=True)  # left by a run that was killed
            try:
                plan = _plan(selected, data, out, force)  # again: another run may have ended meanwhile
                return _run_locked(plan, out, jobs, server, progress)
            finally:
                shutil.rmtree(out / TEMP_DIR, ignore_errors=True)
                from .index import write_index

                write_index(out)
    finally:
        if server is not None:
            server.close()


def _run_locked(plan: _Plan, out: Path, jobs, server, progress) -> list[ReportResult]:
    from .cache import ReportCache
    from .findings import FindingsCounts
    from .index import write_index, write_record

    selected = plan.jobs
    cache = ReportCache(out)
    summaries = {path: notebook_summary(path) for path in {job.notebook_path for job in selected}}
    results: list[ReportResult | None] = [None] * len(selected)
    for i, job in enumerate(selected):
        pair = (job.unit, job.year)
        if pair in plan.refused:
            results[i] = ReportResult(job.unit, job.year, job.notebook, job.ipynb_path, None, ok=False,
                                      status="refused", error=plan.refused[pair])
            cache.set(job.relative_html, None)
            write_record(out, job.record(summaries[job.notebook_path], "refused", error=plan.refused[pair]))
        elif i in plan.cached:
            results[i] = ReportResult(job.unit, job.year, job.notebook, job.ipynb_path, job.html_path, ok=True,
                                      cached=True)
        else:
            write_record(out, job.record(summaries[job.notebook_path], "pending", previous=job.record_path))
    write_index(out)
    to_run = plan.to_run
    if not to_run:
        return [r for r in results if r is not None]
    findings = FindingsCounts(cache, plan.code, {(selected[i].unit, selected[i].year) for i in to_run}, plan.documents)

    def record_result(k: int, result: ReportResult) -> None:
        i = to_run[k]
        job = selected[i]
        results[i] = result
        status = "ok" if result.ok else "failed"
        error = None if result.ok else result.describe_failure()
        counts = findings.get((job.unit, job.year))
        write_record(out, job.record(summaries[job.notebook_path], status, error=error, findings=counts))
        cache.set(job.relative_html, plan.keys[i] if result.ok else None)
        write_index(out)
        if bar is not None:
            bar.update(1)

    bar = None
    if progress:
        import sys

        from tqdm import tqdm

        bar = tqdm(total=len(to_run), desc="生成报告", unit="份", file=sys.stderr, leave=False)
    try:
        _execute_all([selected[i] for i in to_run], jobs, server, record_result, findings.start)
    finally:
        findings.close()
        if bar is not None:
            bar.close()
    return [r for r in results if r is not None]


def _execute_all(jobs: list[ReportJob], workers: int | None, server,
                 on_result: Callable[[int, ReportResult], None],
                 on_started: Callable[[], None] | None = None) -> None:
    """Run ``jobs``, with kernels forked from ``server`` (a started ``ForkServer``) when it works."""
    from . import kernel

    try:
        _warm_up()
        if server is not None and not server.wait_ready():
            server = None  # broken (it printed why); ordinary kernels do the work
        kernel.FORK_SERVER = server.address if server else None
        count = workers if workers is not None else default_jobs(len(jobs))
        execute_jobs(jobs, max(1, count), on_result, on_started)
    finally:
        kernel.FORK_SERVER = None


def _warm_up() -> None:
    """Import and load in this process what every job needs, before workers are forked."""
    import papermill.execute  # noqa: F401

    from .engine import register
    from .kernel import _quick_ready_client_class, current_python_kernel_manager_class
    from .render import warm_up

    register()
    current_python_kernel_manager_class()
    _quick_ready_client_class()
    warm_up()


def _start_fork_server(notebook_paths: Iterable[Path]):
    """Start the fork server, preloading the usual modules and those the notebooks import."""
    from .forkserver import DEFAULT_PRELOAD, ForkServer, notebook_imports

    extra = [name for name in notebook_imports(sorted(notebook_paths)) if name not in DEFAULT_PRELOAD]
    return ForkServer.start([*DEFAULT_PRELOAD, *extra])
