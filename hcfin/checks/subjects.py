"""Which table row a subject of the 情况说明 names.

A subject is either a 类 name ("社会保障和就业支出") or a classification path as Shanghai prints
it in §五（三）: "一般公共服务支出（类）财政事务（款）行政运行（项）". A path names one 项, and must
be compared with that 项's row, not with its 类: each level is found by its printed name among
the children of the level above. When the 款 name of the text is not printed in the table but the
项 name is unique within the 类, the 项 is used and the difference of names is said; a name that
the table does not print at all is not guessed (the caller reports insufficient data).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from .context import Context

PATH = re.compile(r"(.+?)（(类|款|项)）")
_NUMBERING = re.compile(r"^[\s（(]*[一二三四五六七八九十\d]+[、.．)）]\s*")
_WIDTH = {"类": 3, "款": 5, "项": 7}


@dataclass
class PathMatch:
    """The row a path resolves to, level by level."""

    code: str | None
    levels: list[tuple[str, str, str | None, str | None]] = field(default_factory=list)  # level, text, code, label
    notes: list[str] = field(default_factory=list)
    problem: str | None = None


def path_levels(subject: str) -> list[tuple[str, str]] | None:
    """[(level, name), ...] for a path of two or more levels, else None."""
    parts = PATH.findall(subject or "")
    if len(parts) < 2:
        return None
    return [(level, name.strip("、，, \u3000")) for name, level in parts]


def _key(label: str) -> str:
    return re.sub(r"[\s\u3000]", "", _NUMBERING.sub("", label or ""))


def _class_code(ctx: Context, name: str, table: str, side: str | None) -> str | None:
    """The 3-digit code printed with this name in the referenced table, else in 01表's 类 list."""
    wanted = _key(name).removesuffix("支出")  # "一般公共服务（类）" names 201 一般公共服务支出
    for t, s in ((table, side), ("T01", "expenditure")):
        for row in ctx.cells.coded_rows(t, s):
            if len(row.code) == 3 and _key(row.label).removesuffix("支出") == wanted:
                return row.code
    return None


def resolve_path(ctx: Context, subject: str, table: str, side: str | None = None) -> PathMatch:
    """Resolve a 类/款/项 path to a printed code of ``table`` (see the module docstring)."""
    levels = path_levels(subject) or []
    key = ("path", subject, table, side)
    got = ctx.cache.get(key)
    if got is not None:
        return got
    match = PathMatch(None)
    rows = ctx.cells.coded_rows(table, side)
    current: str | None = None
    for level, name in levels:
        if level == "类":
            current = _class_code(ctx, name, table, side)
            match.levels.append((level, name, current, name if current else None))
            if current is None:
                match.problem = f"表中找不到说明所列“{name}（类）”"
                break
            continue
        width = _WIDTH[level]
        prefix = current or ""
        same_name = [r for r in rows if len(r.code) == width and r.code.startswith(prefix) and _key(r.label) == _key(name)]
        if len(same_name) == 1:
            current = same_name[0].code
            match.levels.append((level, name, current, same_name[0].label))
            continue
        printed = sorted({f"{r.code} {r.label}" for r in rows if len(r.code) == width and r.code.startswith(prefix)})
        match.levels.append((level, name, None, "、".join(printed) or None))
        if level == "款":
            # the 项 below may still be found by its name within the 类
            match.notes.append(f"说明所列“{name}（款）”表中未列示（表中为{'、'.join(printed) or '无'}）")
            continue
        match.problem = f"{ctx.table_name(table)}中找不到说明所列“{name}（{level}）”"
        break
    if match.problem is None and current is not None and len(current) == _WIDTH[levels[-1][0]]:
        match.code = current
    elif match.problem is None:
        match.problem = f"{ctx.table_name(table)}中找不到说明所列“{levels[-1][1]}（{levels[-1][0]}）”"
    ctx.cache[key] = match
    return match


def check_text_subject_in_table(rule, ctx: Context) -> list[dict]:
    """Each 类/款/项 path named in the text is printed, level by level, in the table.

    Params: select (statements whose subject may be a path), table, side. One result per distinct
    path: ``exact`` when every level is found by its name, ``mismatch`` when the table does not
    print a level under that name (reported: the text's names; computed: what the table prints).
    """
    from .kinds_text import select
    from .outcome import Emitter

    em = Emitter(rule)
    p = rule.params
    seen: dict[str, list[int]] = {}
    for st in select(ctx, p["select"]):
        subject = st.get("subject") or ""
        if path_levels(subject):
            line = st.get("line")
            seen.setdefault(subject, []).extend([int(line)] if str(line).isdigit() else [])
    if not seen:
        return [em.row("not_applicable", p.get("location", "科目名称"), note="说明中没有“（类）（款）（项）”形式的科目")]
    if not ctx.cells.has_table(p["table"]):
        return [em.row("insufficient_data", p.get("location", "科目名称"), note=f"未找到{ctx.table_name(p['table'])}")]
    out = []
    for subject, lines in seen.items():
        match = resolve_path(ctx, subject, p["table"], p.get("side"))
        missing = [(lvl, name, printed) for lvl, name, code, printed in match.levels if code is None]
        if not missing:
            out.append(em.row("exact", subject, reported=subject, computed=f"{match.code}", lines=lines))
            continue
        reported = "、".join(f"{name}（{lvl}）" for lvl, name, _ in missing)
        computed = "；".join(f"{lvl}：{printed or '无'}" for lvl, _, printed in missing)
        out.append(em.row("mismatch", subject, reported=reported, computed=computed, lines=lines))
    return out
