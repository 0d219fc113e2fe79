"""Rule kinds on the document itself: tables present, empty-table statements, 行次, residue, issues."""

from __future__ import annotations

import math
import re
from bisect import bisect_right

import pandas as pd

_ENGLISH = re.compile(r"[A-Za-z]{3,}\s+[A-Za-z]{2,}")  # an English phrase: the loader's message is not Chinese
NO_EFFECT = "不影响核对"  # a reader's note explained away: not a reading finding
_AMOUNT = re.compile(r"\d\.\d|\d,\d{3}")  # a printed amount (decimals or thousands separator), not a 序号

from ..schema import TABLE_IDS
from .catalogue import Rule
from .cells import frame_records
from .context import Context
from .notes import group_notes
from .outcome import Emitter


def _is_true(value) -> bool:
    return not pd.isna(value) and bool(value)  # None, NaN and <NA> are not true


def _text(value) -> str | None:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return None
    text = str(value).strip()
    return text or None


def _line(value) -> list[int]:
    try:
        return [] if value is None or (isinstance(value, float) and math.isnan(value)) else [int(value)]
    except (TypeError, ValueError):
        return []


def check_tables_present(rule: Rule, ctx: Context) -> list[dict]:
    """Each listed table (default: all nine) was found in the document.

    A table is reported missing only when hcfin is sure it read the document's tables: not when the
    document holds no table at all (the tables published as an attachment), fewer than ``min_found``
    of them (a page publishing the 三公 table alone), or a grid whose title it could not read.

    Params: tables (canonical ids), min_found (default 0).
    """
    em = Emitter(rule)
    frame = ctx.tables_found
    tables = rule.params.get("tables") or list(TABLE_IDS)
    if frame is None or "table" not in frame.columns:
        return [em.row("insufficient_data", "九张决算表", note="缺少表格清单")]
    by_id = {rec["table"]: rec for rec in frame_records(frame, list(frame.columns))}
    found_count = sum(_is_true(rec.get("found")) for rec in by_id.values())
    if not found_count:
        return [em.row("insufficient_data", "九张决算表", note="文件中没有可识别的决算表（表格可能以附件另行公开），"
                       "无法判断是否缺表")]
    doubt = _missing_doubt(ctx, found_count, int(rule.params.get("min_found", 0)))
    out = []
    for table in tables:
        rec = by_id.get(table, {})
        found = _is_true(rec.get("found"))
        reason = doubt or (_title_without_grid(ctx, table) if not found else None)
        if not found and reason:
            out.append(em.row("insufficient_data", ctx.table_name(table), note=reason, table=ctx.table_name(table)))
            continue
        out.append(em.row("exact" if found else "mismatch", ctx.table_name(table),
                          reported="有" if found else "无", computed="有",
                          lines=_line(rec.get("title_line")), table=ctx.table_name(table)))
    return out


def _title_without_grid(ctx: Context, table: str) -> str | None:
    """The table's title is printed but no grid follows it (a picture, an attachment): not missing."""
    issues = ctx.issues
    if issues is None or not len(issues) or not {"kind", "table", "line"} <= set(issues.columns):
        return None
    lines = issues.loc[(issues["kind"] == "table_without_grid") & (issues["table"] == table), "line"].dropna()
    if lines.empty:
        return None
    return f"第{int(lines.iloc[0])}行印有本表表题，但其后没有可读的表格（可能是图片或附件），无法确认缺表"


def _missing_doubt(ctx: Context, found_count: int, min_found: int) -> str | None:
    """Why a table not found may still be in the document (None: hcfin read every table it holds)."""
    if found_count < min_found:
        return (f"文件只含{found_count}张决算表，像是部分公开（如单独公开的“三公”经费表），"
                "缺少的表不按缺表报告")
    issues = ctx.issues
    if issues is not None and len(issues) and "kind" in issues.columns:
        # a grid read without its own title (skipped, or as the rest of the table before it) may be this one
        untitled = issues["kind"].isin(["grid_without_title", "table_continued"])
        lines = [int(n) for n in issues.loc[untitled, "line"].dropna()]
        if lines:
            return f"第{'、'.join(map(str, lines[:5]))}行的表格没有可识别的表题，可能就是本表，无法确认缺表"
    return None


def check_empty_table_statement(rule: Rule, ctx: Context) -> list[dict]:
    """A table found without any number carries its "本表无数据" statement."""
    em = Emitter(rule)
    frame = ctx.tables_found
    if frame is None or "is_empty" not in frame.columns:
        return [em.row("insufficient_data", "空表说明", note="缺少表格清单")]
    out = []
    for rec in frame_records(frame, list(frame.columns)):
        if not (_is_true(rec.get("found")) and _is_true(rec.get("is_empty"))):
            continue
        statement = _text(rec.get("empty_statement"))
        name = ctx.table_name(rec["table"])
        if rec["table"] in ctx.cells.unreliable and not statement:
            out.append(em.row("insufficient_data", name, note=ctx.cells.unreliable[rec["table"]]))
            continue
        out.append(em.row("exact" if statement else "mismatch", name,
                          reported=statement or "无说明", computed="应有空表说明",
                          lines=_line(rec.get("empty_statement_line")) + _line(rec.get("title_line")),
                          table=name))
    if not out:
        out.append(em.row("not_applicable", "空表说明", note="没有空表"))
    return out


def check_row_numbers_unique(rule: Rule, ctx: Context) -> list[dict]:
    """Within a table, no 行次 is printed on two different rows (both sides together)."""
    em = Emitter(rule)
    out = []
    tables = sorted({t for (t, _s) in ctx.cells.rows})
    for table in tables:
        seen: dict[str, list] = {}
        for row in ctx.cells.table_rows(table):
            if row.row_no:
                seen.setdefault(str(row.row_no).strip(), []).append(row)
        if not seen:
            continue
        dupes = {no: rows for no, rows in seen.items() if len(rows) > 1}
        name = ctx.table_name(table)
        if not dupes:
            out.append(em.row("exact", name, reported=f"{len(seen)}个行次", computed="各不相同", table=name,
                              labels="行次各不相同"))
        for no, rows in sorted(dupes.items(), key=lambda kv: int(kv[0]) if kv[0].isdigit() else 0):
            labels = "、".join(r.label or "（无名称）" for r in rows)
            lines = [f.line for r in rows for f in r.cells.values() if f.line is not None][:6]
            out.append(em.row("mismatch", f"{name} 行次{no}", reported=f"行次{no}出现{len(rows)}次",
                              computed="行次唯一", lines=lines, table=name, row_no=no, labels=labels))
    if not out:
        out.append(em.row("not_applicable", "行次", note="未印行次"))
    return out


def _wrapped_lines(document, n_lines: int) -> set[int]:
    """Lines (1-based) that a paragraph carries on past, where a reader wraps a paragraph over
    several printed lines (PDF): residue split at such a line end ("增加（减" | "少）") is still found."""
    if getattr(document, "format", None) != "pdf":
        return set()
    joins: set[int] = set()
    blocks = list(getattr(document, "blocks", ()))
    for block, after in zip(blocks, blocks[1:] + [None]):
        if getattr(block, "rows", None) is None:
            end = after.loc.line - 1 if after is not None else n_lines
            joins.update(range(block.loc.line, end))
    return joins


def check_template_residue(rule: Rule, ctx: Context) -> list[dict]:
    """Template wording left in the text ("增加（减少）", "XX", drafting notes).

    Params: patterns (regular expressions). Searches the document's lines when available,
    else the statements' clauses and directions.
    """
    em = Emitter(rule)
    patterns = [re.compile(p) for p in rule.params.get("patterns", [])]
    if ctx.lines is not None:
        lines = list(ctx.lines)
    else:
        by_line: dict[int, str] = {}
        for st in ctx.statements:
            line = _line(st.get("line"))
            for key in ("clause", "direction"):
                text = _text(st.get(key))
                if text and line:
                    by_line[line[0]] = by_line.get(line[0], "") + " " + text
        lines = [""] * (max(by_line) if by_line else 0)
        for n, text in by_line.items():
            lines[n - 1] = text
    if not any(lines):
        return [em.row("insufficient_data", "说明文字", note="没有可检查的文字")]
    joins = _wrapped_lines(ctx.document, len(lines))
    text = "".join(line + ("" if n in joins else "\n") for n, line in enumerate(lines, start=1))
    starts = [0]
    for n, line in enumerate(lines, start=1):
        starts.append(starts[-1] + len(line) + (0 if n in joins else 1))
    hits = sorted((bisect_right(starts, m.start()), m.start(), m.group(0))
                  for pattern in patterns for m in pattern.finditer(text))
    by_line: dict[int, list[str]] = {}
    for n, _pos, g in hits:
        by_line.setdefault(n, []).append(g)
    out = []
    for n, found in by_line.items():
        residue = "”“".join(dict.fromkeys(found))
        out.append(em.row("mismatch", f"第{n}行", reported="、".join(dict.fromkeys(found)), computed="应删除模板用语",
                          lines=[n], residue=residue))
    return out or [em.row("exact", "说明文字", note="未发现模板用语残留")]


def check_has_data(rule: Rule, ctx: Context) -> list[dict]:
    """The tables hold numbers at all: a blank template is said to hold no data, once and plainly.

    Status ``exact`` with the count of printed cells, else ``insufficient_data`` (never
    ``mismatch``: a blank form is not an inconsistent one).
    """
    em = Emitter(rule)
    n = ctx.cells.n_values
    if n:
        return [em.row("exact", "表格数据", reported=f"{n}个数字", computed="有数据")]
    found = ctx.cells.found if ctx.cells.found is not None else ctx.cells.tables_with_facts
    note = (f"找到{len(found)}张表，但所有单元格均为空白：空白模板或未填写的表格，没有可核对的决算数据"
            if found else "未找到任何决算表，没有可核对的决算数据")
    return [em.row("insufficient_data", "表格数据", note=note)]


def _grid_has_amount(ctx: Context, line) -> bool:
    """Whether the table block starting at ``line`` prints an amount (True when it cannot be told)."""
    document, at = ctx.document, _line(line)
    if document is None or not at:
        return True
    for block in getattr(document, "blocks", ()):
        if getattr(block, "rows", None) is not None and block.loc.line == at[0]:
            return any(_AMOUNT.search(cell.text) for row in block.rows for cell in row)
    return True


def _note(rule: Rule, ctx: Context, rec: dict, said: str) -> str | None:
    """The note's wording when a loader message says how the file was read, not that the document is wrong."""
    kind = rec.get("kind")
    if kind in (rule.params.get("finding_kinds") or ()):
        return None
    if _text(rec.get("severity")) == "info" or kind in (rule.params.get("note_kinds") or ()):
        return said
    if kind in (rule.params.get("note_kinds_if_no_amount") or ()) and not _grid_has_amount(ctx, rec.get("line")):
        return f"{said}；该表不含金额（如纳入决算的单位名单），{NO_EFFECT}"
    return None


def check_load_issues(rule: Rule, ctx: Context) -> list[dict]:
    """Every problem met while loading (unreadable numbers, blank required cells ...) is reported.

    Params: kinds (issue kinds to include; default all), exclude_kinds (kinds another rule reports),
    note_kinds (kinds that are notes whatever their severity, e.g. no_data, which D0 reports),
    note_kinds_if_no_amount (kinds that are notes when their table grid prints no amount, e.g. a
    title-less list of the units covered), finding_kinds (info kinds that describe the document's own
    text, e.g. heading_numbering, and stay findings), presentation_kinds (kinds about the document's own
    text: category ``presentation``; every other kind is category ``reading`` and always a note). Severity follows the issue; the loader's own message is
    used when it is in Chinese. Notes (every ``info`` issue: a table continued over a page break,
    a table of contents, a code missing from the reference list ...) are kept visible with status
    ``not_applicable`` and the wording 读取提示: they describe the reading, not the document.
    """
    em = Emitter(rule)
    frame = ctx.issues
    if frame is None:
        return [em.row("insufficient_data", "读取问题", note="缺少读取问题清单")]
    wanted = set(rule.params.get("kinds") or [])
    skipped = set(rule.params.get("exclude_kinds") or [])
    presentation = set(rule.params.get("presentation_kinds") or [])
    out = []
    for rec in group_notes(frame_records(frame, list(frame.columns))):  # many unknown codes: one note a table
        if wanted and rec.get("kind") not in wanted or rec.get("kind") in skipped:
            continue
        lines = rec.get("lines") or _line(rec.get("line"))
        where = " ".join(x for x in (ctx.table_name(rec["table"]) if _text(rec.get("table")) else None,
                                     f"第{lines[0]}行" if len(lines) == 1 else None) if x)
        kind = _text(rec.get("kind")) or ""
        names = ctx.catalogue.vocabulary.get("issue_kinds", {})
        text = _text(rec.get("text"))
        message = _text(rec.get("message")) or ""
        said = message if message and not _ENGLISH.search(message) else f"{names.get(kind, kind)}（原文：{text or '—'}）"
        note = _note(rule, ctx, rec, said)
        category = "presentation" if kind in presentation else "reading"
        if category == "reading" and not note:
            note = said  # what the reader could not read is a note, never a mismatch
        if note:
            row = em.row("not_applicable", where or "文档", lines=lines,
                         note=f"读取提示，不是文档本身的问题：{note}")
        else:
            row = em.row("mismatch", where or "文档", reported=text or names.get(kind, kind), computed=None,
                         lines=lines, issue=said, text=text or "")
        if _text(rec.get("severity")) in ("error", "warning", "info"):
            row["severity"] = rec["severity"]
        row["category"] = category
        if category == "reading":
            row["message"] = f"{where or '文档'}：读取提示，不是文档本身的问题：{note}"
        out.append(row)
    if not out:
        out.append(em.row("exact", "读取问题", reported="无", computed="无"))
    return out
