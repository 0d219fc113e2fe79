"""Write ``rendered/index.html``: every unit → year → report, with links and failures marked.

Unit names and notebook names come from downloaded documents and from the file system, so
every one of them is HTML-escaped; links are relative and percent-encoded.
"""

from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path
from typing import Sequence
from urllib.parse import quote

from ..escape import html_text

__all__ = ["render_index", "write_index"]

_STYLE = """
body { font-family: "Noto Sans SC", "Noto Sans CJK SC", "PingFang SC", "Source Han Sans SC",
       sans-serif; max-width: 56rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
h3 { font-size: 1.1rem; margin-bottom: .3rem; }
ul { margin-top: .2rem; }
.failed { color: #b00020; }
.summary { color: #444; }
"""


def _href(path: Path, base: Path) -> str:
    relative = Path(os.path.relpath(path, base)).as_posix()
    return html_text(quote(relative))


def report_title(ipynb_path: Path, fallback: str) -> str:
    """A report's title: the first Markdown heading of its notebook (e.g. "支出结构分析"), else ``fallback``."""
    import json

    try:
        cells = json.loads(ipynb_path.read_text(encoding="utf-8"))["cells"]
    except (OSError, ValueError, KeyError):
        return fallback
    for cell in cells:
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("#"):
                    return line.lstrip("#").strip() or fallback
    return fallback


def render_index(results: Sequence, out_dir: Path) -> str:
    """Return the index page (Simplified Chinese) for ``results`` as an HTML string.

    Args:
        results: ``ReportResult`` objects (unit, year, notebook, html_path, ipynb_path, ok).
        out_dir: the folder the index is written to; links are relative to it.
    """
    out_dir = Path(out_dir).resolve()
    grouped: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    for result in results:
        grouped[result.unit][result.year].append(result)
    failed = [r for r in results if not r.ok]
    lines = [
        "<!DOCTYPE html>",
        '<html lang="zh-CN">',
        "<head>",
        '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>部门决算分析报告</title>",
        f"<style>{_STYLE}</style>",
        "</head>",
        "<body>",
        "<h1>部门决算分析报告</h1>",
        f'<p class="summary">共 {len(grouped)} 个单位、{len(results)} 份报告'
        + (f'，<span class="failed">其中 {len(failed)} 份执行失败</span>' if failed else "，全部执行成功")
        + "。</p>",
    ]
    for unit in sorted(grouped):
        lines.append(f"<h2>{html_text(unit)}</h2>")
        for year in sorted(grouped[unit]):
            lines.append(f"<h3>{year} 年度</h3>")
            lines.append("<ul>")
            for result in grouped[unit][year]:
                name = html_text(report_title(Path(result.ipynb_path), result.notebook))
                if result.html_path is not None:
                    link = f'<a href="{_href(Path(result.html_path), out_dir)}">{name}</a>'
                else:
                    link = name
                if result.ok:
                    lines.append(f"<li>{link}</li>")
                else:
                    notebook_link = f'<a href="{_href(Path(result.ipynb_path), out_dir)}">执行记录</a>'
                    reason = html_text(result.describe_failure())
                    lines.append(
                        f'<li class="failed">{link} <strong>（执行失败）</strong> {reason}（{notebook_link}）</li>'
                    )
            lines.append("</ul>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def write_index(out_dir: Path, results: Sequence) -> Path:
    """Write ``<out_dir>/index.html`` for ``results`` and return its path."""
    out_dir = Path(out_dir)
    out_dir.mkdir(parents=True, exist_ok=True)
    path = out_dir / "index.html"
    path.write_text(render_index(results, out_dir), encoding="utf-8")
    return path
