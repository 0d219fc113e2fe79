"""Render an executed notebook to the report page, in-process.

The page is what plain ``jupyter nbconvert --to html`` makes of the executed notebook (code
cells carry ``transient.remove_source`` and the notebook its Chinese ``title``, see
:mod:`hcfin.report.engine`), plus what only a set of reports needs: a link back to the index,
a table of contents of the page's headings, and a font stack naming the common CJK fonts.

Building an ``HTMLExporter`` loads its Jinja templates and the Pygments/Mistune machinery;
the first conversion in a process costs a few hundred milliseconds, later ones a few. One
exporter is therefore kept per process and reused for every notebook.
"""

from __future__ import annotations

import html
import re
from pathlib import Path
from typing import Any

__all__ = ["FONT_CSS", "FONT_STACK", "decorate", "html_exporter", "render_html", "warm_up"]

_EXPORTER: Any = None

#: Page fonts: common Simplified-Chinese fonts of Windows (Microsoft YaHei, DengXian, SimSun),
#: macOS (PingFang SC, Hiragino Sans GB, Heiti SC) and Linux (Noto Sans CJK SC, Source Han Sans
#: SC, WenQuanYi), so text never falls back to boxes.
FONT_STACK = ('system-ui, -apple-system, "Segoe UI", "PingFang SC", "Hiragino Sans GB", "Heiti SC", '
              '"Microsoft YaHei", "微软雅黑", "DengXian", "Noto Sans SC", "Noto Sans CJK SC", '
              '"Source Han Sans SC", "Source Han Sans CN", "WenQuanYi Micro Hei", "WenQuanYi Zen Hei", '
              '"Droid Sans Fallback", "SimSun", sans-serif')
FONT_CSS = f"""
body, .jp-RenderedHTMLCommon, .jp-Notebook {{ font-family: {FONT_STACK}; }}
nav.hcfin-nav {{ max-width: 70rem; margin: 1rem auto 0; padding: 0 1rem; font-family: {FONT_STACK}; }}
nav.hcfin-nav a.hcfin-back {{ display: inline-block; margin-bottom: .5rem; }}
nav.hcfin-toc ol {{ margin: .2rem 0 .8rem 1.2rem; padding: 0; }}
nav.hcfin-toc li {{ margin: .1rem 0; }}
"""

_HEADING = re.compile(r'<h([12]) id="([^"]+)">(.*?)</h\1>', re.S)
_TAG = re.compile(r"<[^>]+>")


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
    exporter instead of loading the templates itself.
    """
    import nbformat

    html_exporter().from_notebook_node(nbformat.v4.new_notebook())


def _toc(page: str) -> str:
    items = []
    for level, anchor, inner in _HEADING.findall(page):
        text = html.unescape(_TAG.sub("", inner)).replace("¶", "").strip()
        if level == "2" and text:
            items.append(f'<li><a href="#{anchor}">{html.escape(text)}</a></li>')
    if not items:
        return ""
    return '<nav class="hcfin-toc" aria-label="目录"><strong>目录</strong><ol>' + "".join(items) + "</ol></nav>"


def decorate(page: str, index_href: str | None) -> str:
    """Add the font stack, a link back to the index (when ``index_href`` is given) and a table
    of contents of the page's second-level headings to an nbconvert page."""
    page = page.replace("</head>", f"<style>{FONT_CSS}</style>\n</head>", 1)
    back = (f'<a class="hcfin-back" href="{html.escape(index_href, quote=True)}">← 返回报告目录</a>'
            if index_href else "")
    nav = f'<nav class="hcfin-nav">{back}{_toc(page)}</nav>'
    match = re.search(r"<body[^>]*>", page)
    if match is None:
        return nav + page
    return page[: match.end()] + "\n" + nav + page[match.end():]


def render_html(notebook_path: Path, html_path: Path, *, index_href: str | None = None) -> Path:
    """Convert the executed notebook at ``notebook_path`` to the report page at ``html_path``.

    Args:
        notebook_path: an executed ``.ipynb`` (outputs included).
        html_path: where to write the page (atomically; parent folders are created).
        index_href: relative link from the page to the index, or None for no back link.

    Returns:
        ``html_path``.
    """
    import nbformat

    from .atomic import write_text_atomic
    from .engine import page_title

    notebook = nbformat.read(str(notebook_path), as_version=4)
    title = notebook.metadata.get("title") or page_title(notebook)
    resources = {"metadata": {"name": title}}
    body, _resources = html_exporter().from_notebook_node(notebook, resources=resources)
    write_text_atomic(html_path, decorate(body, index_href))
    return html_path
