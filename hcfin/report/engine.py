"""The ``hcfin`` papermill engine: an executed notebook that plain nbconvert renders as the report.

What ``jupyter nbconvert --to html`` honours without any option (nbconvert 7, checked in its
templates): the notebook's ``metadata.title`` becomes the page's ``<title>``; a cell whose
``metadata.transient.remove_source`` is true is rendered without its source (the base template
of every exporter tests it); images get alt text only from an HTML ``<img alt=…>`` (the lab
template ignores output metadata and writes "No description has been provided for this image").
nbconvert does *not* honour ``jupyter.source_hidden`` (set by ``papermill --report-mode``),
``hide_input`` or tags such as ``remove_input`` unless it is configured.

The report notebooks therefore carry ``transient.remove_source`` on their code cells and a
Chinese ``title``. What the source notebook cannot carry is papermill's own injected-parameters
cell, created afresh on every run (with ``\\u6000``-style escapes for Chinese). This engine,
used by ``hcfin report`` and available to the papermill CLI as ``--engine hcfin``, prepares the
parameterized notebook before it runs (:func:`prepare_for_reader`): every code cell's source
hidden, the injected cell rewritten as plain literals, and the title naming unit, year and report.
"""

from __future__ import annotations

from typing import Any

__all__ = ["ENGINE_NAME", "heading", "page_title", "prepare_for_reader", "register"]

ENGINE_NAME = "hcfin"


def heading(notebook: Any) -> str | None:
    """The first Markdown heading of a notebook (``支出结构分析``), or None."""
    for cell in notebook.cells:
        if cell.get("cell_type") == "markdown":
            source = cell.get("source", "")
            source = "".join(source) if isinstance(source, list) else source
            for line in source.splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip() or None
    return None


def page_title(notebook: Any, parameters: dict[str, Any] | None = None) -> str:
    """The page title: unit, year and the notebook's heading (``怀化市… 2024年度 支出结构分析``)."""
    name = heading(notebook) or notebook.metadata.get("title") or "报告"
    parameters = parameters or {}
    prefix = " ".join(
        part for part in (str(parameters.get("unit") or "").strip(),
                          f"{parameters['year']}年度" if parameters.get("year") not in (None, "") else "")
        if part
    )
    return f"{prefix} {name}".strip()


def _literal_source(parameters: dict[str, Any]) -> str:
    lines = ["# Parameters"]
    for name, value in parameters.items():
        lines.append(f"{name} = {value!r}")
    return "\n".join(lines) + "\n"


def prepare_for_reader(notebook: Any) -> Any:
    """Hide every code cell's source, write the injected parameters as plain literals, set the title.

    Args:
        notebook: a parameterized ``NotebookNode`` (changed in place).

    Returns:
        ``notebook``.
    """
    parameters = dict(notebook.metadata.get("papermill", {}).get("parameters") or {})
    for cell in notebook.cells:
        if cell.get("cell_type") != "code":
            continue
        cell.metadata.setdefault("transient", {})["remove_source"] = True
        if "injected-parameters" in cell.metadata.get("tags", []) and parameters:
            cell.source = _literal_source(parameters)
    notebook.metadata["title"] = page_title(notebook, parameters)
    return notebook


def _engine_class() -> type:
    from papermill.engines import NBClientEngine

    class HcfinEngine(NBClientEngine):
        """papermill's nbclient engine, running the notebook prepared for readers."""

        @classmethod
        def execute_notebook(cls, nb, kernel_name, **kwargs):  # type: ignore[override]
            prepare_for_reader(nb)
            return super().execute_notebook(nb, kernel_name, **kwargs)

    return HcfinEngine


def __getattr__(name: str) -> Any:
    # ``HcfinEngine`` is built on first access so that importing this module does not import
    # papermill; the entry point ``papermill.engine: hcfin`` names it.
    if name == "HcfinEngine":
        engine = _engine_class()
        globals()["HcfinEngine"] = engine
        return engine
    raise AttributeError(name)


def register() -> None:
    """Register the engine with papermill in this process (the entry point does it for the CLI)."""
    from papermill.engines import papermill_engines

    from . import engine as module

    papermill_engines.register(ENGINE_NAME, module.HcfinEngine)
