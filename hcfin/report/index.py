"""``rendered/index.html``: every report on disk, grouped by unit and year, and a corpus section.

The index is rebuilt from the *records* on disk, never from one run's results, so rendering a
subset keeps every other report. A record is a small JSON file beside its page,
``<out>/<unit folder>/<year>/<notebook>.report.json`` (written by :func:`write_record`)::

    {"section": "units" | "corpus", "unit": "…", "year": 2024, "notebook": "spending_structure",
     "title": "支出结构分析", "description": "…", "status": "ok" | "failed" | "refused" | "pending",
     "html": "<unit folder>/2024/spending_structure.html", "ipynb": "…", "date": "2026-12-06",
     "error": "…", "findings": {"has_data": true, "mismatch_error": 4, …}}

Paths are relative to the output folder. Corpus reports (``section: "corpus"``, e.g. under
``<out>/corpus/``) are listed in a section of their own, by title. Every piece of text is
HTML-escaped and links are relative and percent-encoded.
"""

from __future__ import annotations

import json
import os
from collections import defaultdict
from pathlib import Path
from typing import Any, Iterable
from urllib.parse import quote

from ..escape import html_text
from .render import FONT_STACK

__all__ = ["RECORD_SUFFIX", "describe_findings", "read_records", "render_index", "write_index", "write_record"]

RECORD_SUFFIX = ".report.json"

_STYLE = f"""
body {{ font-family: {FONT_STACK}; max-width: 60rem; margin: 2rem auto; padding: 0 1rem; line-height: 1.6; }}
h1 {{ font-size: 1.6rem; }} h2 {{ font-size: 1.3rem; margin-top: 2rem; }}
h3 {{ font-size: 1.1rem; margin-bottom: .3rem; }}
ul {{ margin-top: .2rem; }} li {{ margin: .25rem 0; }}
.desc, .date, .summary, .findings {{ color: #444; }} .date {{ font-size: .9em; }}
.failed {{ color: #b00020; }} .pending {{ color: #8a6d00; }} .nodata {{ color: #8a6d00; }}
"""

STATUS_TEXT = {"failed": "执行失败", "refused": "未生成（文件未通过核验）", "pending": "未生成（运行未完成或中断，重新运行 hcfin report 可补齐）"}


def _href(relative: str) -> str:
    return html_text(quote(Path(relative).as_posix()))


def write_record(out_dir: str | os.PathLike, record: dict[str, Any]) -> Path:
    """Write one report's record beside its page (atomically); return its path.

    ``record["html"]`` (relative to ``out_dir``) names the page; the record is
    ``<page without .html>.report.json``.
    """
    from .atomic import write_text_atomic

    page = Path(record["html"])
    path = Path(out_dir) / page.with_name(page.stem + RECORD_SUFFIX)
    return write_text_atomic(path, json.dumps(record, ensure_ascii=False, indent=1, default=str))


def read_records(out_dir: str | os.PathLike) -> list[dict[str, Any]]:
    """Every readable record under ``out_dir`` (unreadable ones are skipped)."""
    out_dir = Path(out_dir)
    records = []
    for path in sorted(out_dir.rglob("*" + RECORD_SUFFIX)):
        if any(part.startswith(".") for part in path.relative_to(out_dir).parts):
            continue
        try:
            record = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            continue
        if isinstance(record, dict) and "html" in record:
            records.append(record)
    return records


def describe_findings(findings: dict[str, Any] | None) -> str:
    """One Chinese line of a unit's reconciliation counts (``核对：不符 4 项（错误级）…``)."""
    if not findings:
        return ""
    if findings.get("error"):
        return f"核对未能完成：{findings['error']}"
    if not findings.get("has_data", True):
        return "本文件不含任何数据（空白模板或未填写的表格）"
    parts = [f"共核对 {findings.get('checks', 0)} 项"]
    if findings.get("mismatch_error"):
        parts.append(f"错误级不符 {findings['mismatch_error']} 项")
    if findings.get("mismatch_other"):
        parts.append(f"其他不符（警告或提示）{findings['mismatch_other']} 项")
    if not findings.get("mismatch_error") and not findings.get("mismatch_other"):
        parts.append("未发现不符")
    if findings.get("rounding"):
        parts.append(f"舍入尾差 {findings['rounding']} 项")
    if findings.get("unchecked"):
        parts.append(f"无法核对 {findings['unchecked']} 项")
    return "核对：" + "，".join(parts)


def _item(record: dict[str, Any]) -> str:
    title = html_text(record.get("title") or record.get("notebook") or "报告")
    status = record.get("status", "ok")
    html_exists = record.get("_html_exists", False)
    link = f'<a href="{_href(record["html"])}">{title}</a>' if html_exists else title
    parts = [link]
    if record.get("date") and html_exists:
        parts.append(f'<span class="date">（{html_text(record["date"])}）</span>')
    if record.get("description"):
        parts.append(f'<br><span class="desc">{html_text(record["description"])}</span>')
    if status == "ok":
        return f"<li>{''.join(parts)}</li>"
    css = "pending" if status == "pending" else "failed"
    note = f'<br><strong>{STATUS_TEXT.get(status, status)}</strong>'
    if record.get("error"):
        note += "：" + html_text(record["error"])
    if status == "failed" and record.get("_ipynb_exists"):
        note += f'（<a href="{_href(record["ipynb"])}">执行记录</a>）'
    if status == "pending" and html_exists:
        note += "（链接为上一次生成的版本）"
    return f'<li class="{css}">{"".join(parts)}{note}</li>'


def render_index(records: Iterable[dict[str, Any]], out_dir: str | os.PathLike) -> str:
    """Return the index page (Simplified Chinese) for ``records`` as an HTML string."""
    out_dir = Path(out_dir)
    records = [dict(r) for r in records]
    for record in records:
        record["_html_exists"] = (out_dir / record["html"]).is_file()
        record["_ipynb_exists"] = bool(record.get("ipynb")) and (out_dir / record["ipynb"]).is_file()
    units: dict[str, dict[int, list]] = defaultdict(lambda: defaultdict(list))
    corpus = []
    for record in records:
        if record.get("section") == "corpus":
            corpus.append(record)
        else:
            units[str(record.get("unit", ""))][int(record.get("year") or 0)].append(record)
    bad = [r for r in records if r.get("status", "ok") != "ok"]
    ok = len(records) - len(bad)
    summary = f"共 {len(units)} 个单位、{len(records)} 份报告"
    summary += f'，<span class="failed">其中 {len(bad)} 份未成功生成</span>' if bad else "，全部生成成功"
    lines = [
        "<!DOCTYPE html>", '<html lang="zh-CN">', "<head>", '<meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        "<title>部门决算分析报告</title>", f"<style>{_STYLE}</style>", "</head>", "<body>",
        "<h1>部门决算分析报告</h1>", f'<p class="summary">{summary}（成功 {ok} 份）。</p>',
    ]
    if units:
        lines.append('<nav aria-label="单位"><ul>')
        for number, unit in enumerate(sorted(units), 1):
            lines.append(f'<li><a href="#unit-{number}">{html_text(unit)}</a></li>')
        lines.append("</ul></nav>")
    for number, unit in enumerate(sorted(units), 1):
        lines.append(f'<h2 id="unit-{number}">{html_text(unit)}</h2>')
        for year in sorted(units[unit]):
            group = sorted(units[unit][year], key=lambda r: str(r.get("notebook", "")))
            lines.append(f"<h3>{year} 年度</h3>")
            findings = next((r.get("findings") for r in group if r.get("findings")), None)
            line = describe_findings(findings)
            if line:
                css = "nodata" if findings and not findings.get("has_data", True) else "findings"
                lines.append(f'<p class="{css}">{html_text(line)}</p>')
            lines.append("<ul>" + "".join(_item(r) for r in group) + "</ul>")
    if corpus:
        lines.append('<h2 id="corpus">跨单位汇总</h2>')
        lines.append("<ul>" + "".join(_item(r) for r in sorted(corpus, key=lambda r: str(r.get("title")))) + "</ul>")
    if not records:
        lines.append("<p>尚无报告。运行 <code>hcfin report</code> 生成。</p>")
    lines += ["</body>", "</html>", ""]
    return "\n".join(lines)


def write_index(out_dir: str | os.PathLike) -> Path:
    """Rebuild ``<out_dir>/index.html`` from every record on disk (atomically); return its path."""
    from .atomic import write_text_atomic

    out_dir = Path(out_dir)
    return write_text_atomic(out_dir / "index.html", render_index(read_records(out_dir), out_dir))
