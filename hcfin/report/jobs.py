"""What ``hcfin report`` has to do: one job per (unit, year, notebook), and what became of it."""

from __future__ import annotations

import datetime
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Sequence

from .paths import safe_component

__all__ = [
    "NOTEBOOK_PARAMETERS",
    "ReportJob",
    "ReportResult",
    "UnknownParameterError",
    "check_parameters",
    "discover_jobs",
    "list_notebooks",
    "notebook_summary",
]

#: Parameters every report notebook receives.
NOTEBOOK_PARAMETERS = ("unit", "year", "data_dir")


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
    out_dir: Path | None = None  # the output folder (default: the page's folder)

    @property
    def root(self) -> Path:
        """The output folder: ``out_dir``, else the page's folder."""
        return Path(self.out_dir) if self.out_dir is not None else self.html_path.parent

    @property
    def parameters(self) -> dict[str, object]:
        """The papermill parameters of this job."""
        return {"unit": self.unit, "year": self.year, "data_dir": self.data_dir}

    @property
    def relative_html(self) -> str:
        """The page's path relative to the output folder (POSIX separators)."""
        return self.html_path.relative_to(self.root).as_posix()

    @property
    def record_path(self) -> Path:
        """The record of this report beside its page (see :mod:`hcfin.report.index`)."""
        from .index import RECORD_SUFFIX

        return self.html_path.with_name(self.html_path.stem + RECORD_SUFFIX)

    @property
    def index_href(self) -> str:
        """Relative link from the page to ``<out>/index.html``."""
        return Path(os.path.relpath(self.root / "index.html", self.html_path.parent)).as_posix()

    def record(self, summary: tuple[str, str], status: str, error: str | None = None,
               findings: dict | None = None, previous: Path | None = None) -> dict[str, Any]:
        """The record of this report (see :mod:`hcfin.report.index`).

        ``previous``: a record file whose date and findings are kept (a report still pending).
        """
        title, description = summary
        record: dict[str, Any] = {
            "section": "units", "unit": self.unit, "year": self.year, "notebook": self.notebook,
            "title": title, "description": description, "status": status,
            "html": self.relative_html, "ipynb": self.ipynb_path.relative_to(self.root).as_posix(),
            "date": datetime.date.today().isoformat(), "error": error, "findings": findings,
        }
        if previous is not None:
            try:
                old = json.loads(previous.read_text(encoding="utf-8"))
                record["date"], record["findings"] = old.get("date"), old.get("findings")
            except (OSError, ValueError, AttributeError):
                record["date"] = None
        return record


@dataclass
class ReportResult:
    """What happened to one job. ``ok`` is False when any cell raised, the kernel failed, or the
    document was refused (``status`` "refused", nothing executed)."""

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
    status: str = "ok"
    cached: bool = False

    def describe_failure(self) -> str:
        """One line naming the notebook, unit, year and failing cell (Chinese for readers)."""
        where = f"{self.notebook}.ipynb（{self.unit} {self.year} 年）"
        if self.status == "refused":
            return f"{where} 未执行：{self.error}"
        if self.cell_index is not None:
            cell = f"第 {self.cell_index + 1} 个单元格"
            if self.exec_count is not None:
                cell += f"（In [{self.exec_count}]）"
            return f"{where} {cell} 出错：{self.ename}: {self.evalue}"
        return f"{where} 执行失败：{self.error}"


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


def notebook_summary(path: Path) -> tuple[str, str]:
    """A notebook's title (its first Markdown heading, else its file name) and a one-line
    description (the first sentence of the prose under that heading, else "")."""
    try:
        cells = json.loads(Path(path).read_text(encoding="utf-8")).get("cells", [])
    except (OSError, ValueError, AttributeError):
        return Path(path).stem, ""
    title, description = None, ""
    for cell in cells:
        if cell.get("cell_type") != "markdown":
            continue
        source = cell.get("source", "")
        source = "".join(source) if isinstance(source, list) else str(source)
        for line in source.splitlines():
            text = line.strip()
            if not text:
                continue
            if text.startswith("#"):
                if title is None:
                    title = text.lstrip("#").strip()
                    continue
                break
            if title is not None and not description:
                description = text.split("。")[0].strip() + ("。" if "。" in text else "")
                break
        if title is not None:
            break
    return title or Path(path).stem, description


def discover_jobs(
    data_dir: str | os.PathLike = "data",
    out_dir: str | os.PathLike = "rendered",
    units: Iterable[str] | None = None,
    years: Iterable[int] | None = None,
    notebooks: Iterable[str] | None = None,
    notebooks_dir: str | os.PathLike = "notebooks",
) -> list[ReportJob]:
    """List the (unit, year, notebook) jobs, filtered by ``units``, ``years`` and ``notebooks``.

    The data folder is searched for as :func:`hcfin.manifest.find_data_dir` does; notebooks
    receive its absolute path. A unit's folder under ``out_dir`` is a safe form of its name
    (:func:`hcfin.report.paths.safe_component`).

    Raises:
        hcfin.manifest.DataNotFound: no data folder (says where it looked).
        ValueError: a filter matches nothing, or the manifest is malformed (names the line).
        FileNotFoundError: a named notebook is missing, or there is none.
    """
    from hcfin.manifest import find_data_dir, read_manifest

    data = find_data_dir(data_dir)
    pairs = sorted({(row.unit, row.year) for row in read_manifest(data)})
    unit_filter = set(units) if units else None
    year_filter = {int(y) for y in years} if years else None
    selected = [
        (u, y)
        for u, y in pairs
        if (unit_filter is None or u in unit_filter) and (year_filter is None or y in year_filter)
    ]
    if not selected:
        raise ValueError(
            f"no unit-year in {data / 'raw' / 'manifest.csv'} matches "
            f"unit={sorted(unit_filter) if unit_filter else 'any'} "
            f"year={sorted(year_filter) if year_filter else 'any'}"
        )
    paths = list_notebooks(Path(notebooks_dir), notebooks)
    if not paths:
        raise FileNotFoundError(f"{notebooks_dir}: no notebooks (*.ipynb)")
    out = Path(out_dir).resolve()
    cwd = data.parent
    jobs = []
    for unit, year in selected:
        folder = out / safe_component(unit) / str(year)
        for path in paths:
            jobs.append(
                ReportJob(
                    unit=unit,
                    year=year,
                    notebook=path.stem,
                    notebook_path=path.resolve(),
                    data_dir=str(data),
                    ipynb_path=folder / f"{path.stem}.ipynb",
                    html_path=folder / f"{path.stem}.html",
                    cwd=cwd,
                    out_dir=out,
                )
            )
    return jobs
