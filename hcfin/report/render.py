"""Render an executed notebook to HTML in-process, with code cells hidden.

Building an ``HTMLExporter`` loads its Jinja templates and the Pygments/Mistune machinery;
the first conversion in a process costs a few hundred milliseconds, later ones a few. One
exporter is therefore kept per process and reused for every notebook.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

__all__ = ["html_exporter", "render_html", "warm_up"]

_EXPORTER: Any = None


def html_exporter() -> Any:
    """Return this process's ``nbconvert.HTMLExporter`` (created on first use).

    Code cells and all prompts are excluded: readers see prose, tables and charts only.
    """
    global _EXPORTER
    if _EXPORTER is None:
        from nbconvert import HTMLExporter

        _EXPORTER = HTMLExporter(
            exclude_input=True,
            exclude_input_prompt=True,
            exclude_output_prompt=True,
        )
    return _EXPORTER


def warm_up() -> None:
    """Load the exporter's templates now (by converting an empty notebook).

    Called in the parent before worker processes are forked, so each worker inherits a ready
    exporter instead of loading the templates itself; the parent does this while the fork
    server is importing on another core.
    """
    import nbformat

    html_exporter().from_notebook_node(nbformat.v4.new_notebook())


def render_html(notebook_path: Path, html_path: Path) -> Path:
    """Convert the executed notebook at ``notebook_path`` to a standalone HTML page.

    Args:
        notebook_path: an executed ``.ipynb`` (outputs included).
        html_path: where to write the page (parent folders are created).

    Returns:
        ``html_path``.
    """
    import nbformat

    notebook = nbformat.read(str(notebook_path), as_version=4)
    body, _resources = html_exporter().from_notebook_node(notebook)
    html_path.parent.mkdir(parents=True, exist_ok=True)
    html_path.write_text(body, encoding="utf-8")
    return html_path
