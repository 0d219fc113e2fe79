"""Rule kinds on table cells: identities, row sums, code hierarchies, cross-table matches."""

from __future__ import annotations

import re

from .catalogue import Rule
from .cells import Operand, Row, zero_operand
from .context import Context
from .outcome import Emitter


def _precondition(rule: Rule, ctx: Context, em: Emitter, location: str) -> dict | None:
    """A row saying why the rule does not apply, or None when its ``when_zero`` cells are all 0."""
    refs = rule.params.get("when_zero") or []
    if not refs:
        return None
    cond = ctx.sum_refs(refs)
    if cond.missing or cond.unreadable:
        return em.row("insufficient_data", location, lines=cond.lines,
                      note="；".join(cond.missing + cond.unreadable))
    for ref in refs:
        op = ctx.cells.resolve(ref.lstrip("-"))
        if op.point != 0:
            return em.row("not_applicable", location, lines=op.lines,
                          note=f"前提不成立：{ctx.cells.label_of(ref)}为{op.printed}")
    return None


def _missing_tables_row(rule: Rule, ctx: Context, em: Emitter, location: str) -> dict | None:
    missing = ctx.missing_tables(rule.tables)
    if missing:
        return em.row("insufficient_data", location,
                      note="未找到" + "、".join(ctx.table_name(t) for t in missing))
    unreliable = [t for t in rule.tables if t in ctx.cells.unreliable]
    if unreliable:
        return em.row("insufficient_data", location,
                      note="；".join(f"{ctx.table_name(t)}{ctx.cells.unreliable[t]}" for t in unreliable))
    return None


def check_identity(rule: Rule, ctx: Context) -> list[dict]:
    """Σ left (reported) relation Σ right (computed), on fixed cells.

    Params: left, right (lists of references, '-' subtracts), relation (=, <=, >=), location,
    when_zero (references that must all be 0 for the rule to apply).
    """
    em = Emitter(rule)
    p = rule.params
    location = p.get("location") or " = ".join(" + ".join(p[k]) for k in ("left", "right"))
    early = _precondition(rule, ctx, em, location)
    if early:
        return [early]
    return [em.compare(location, ctx.sum_refs(p["left"]), ctx.sum_refs(p["right"]), p.get("relation", "="))]


def _row_location(ctx: Context, row: Row, measure: str) -> str:
    name = f"{row.code} {row.label}" if row.code and not row.row_key else row.label or row.key or ""
    return f"{ctx.table_name(row.table)} {name} {ctx.measure_name(row.table, measure)}".strip()


def check_row_sums(rule: Rule, ctx: Context) -> list[dict]:
    """Per row: the ``total`` column = Σ signed ``parts`` columns.

    Params: table, side, total, parts ('-' subtracts), rows ("all" or "coded"; default all).
    Rows whose cells are all blank are skipped; a table with no such row gives not_applicable.
    """
    em = Emitter(rule)
    p = rule.params
    table, side = p["table"], p.get("side")
    early = _missing_tables_row(rule, ctx, em, ctx.table_name(table))
    if early:
        return [early]
    rows = ctx.cells.coded_rows(table, side) if p.get("rows") == "coded" else ctx.cells.table_rows(table, side)
    out: list[dict] = []
    for row in rows:
        if p["total"] not in row.cells:
            continue
        reported = _cell(ctx, row, p["total"])
        computed = zero_operand()
        for part in p["parts"]:
            neg = part.startswith("-")
            op = _cell(ctx, row, part.lstrip("-"))
            computed = computed + (-op if neg else op)
        if reported.all_blank and computed.all_blank:
            continue
        out.append(em.compare(_row_location(ctx, row, p["total"]), reported, computed))
    if not out:
        out.append(em.row("not_applicable", ctx.table_name(table), note="表内无数据"))
    return out


def _cell(ctx: Context, row: Row, measure: str) -> Operand:
    from .cells import cell_term, fact_operand, missing_operand

    fact = row.cells.get(measure)
    if fact is None:
        return missing_operand(f"{_row_location(ctx, row, measure)}（未找到该栏）")
    return fact_operand(fact, _row_location(ctx, row, measure), cell_term(row, measure, fact))


def check_hierarchy(rule: Rule, ctx: Context) -> list[dict]:
    """Code hierarchy by prefix, per measure: total row = Σ top level; each printed code = Σ children.

    Params: table, side, measures, total_row (row key of the 合计 row, optional). Children of a
    printed code are its printed descendants at the shallowest printed level of each branch.
    """
    em = Emitter(rule)
    p = rule.params
    table, side = p["table"], p.get("side")
    early = _missing_tables_row(rule, ctx, em, ctx.table_name(table))
    if early:
        return [early]
    coded = ctx.cells.coded_rows(table, side)
    codes = {r.code for r in coded}
    children_of = {}
    for row in coded:
        children = sorted({c[:len(row.code) + 2] for c in codes if c.startswith(row.code) and len(c) > len(row.code)})
        if children:
            children_of[row.code] = children
    out: list[dict] = []
    for measure in p["measures"]:
        if p.get("total_row"):
            total_row = ctx.cells.row(table, side, p["total_row"])
            if (total_row is None or measure not in total_row.cells) and table in ctx.cells.empty:
                pass  # an empty table printing only part of its 合计 row: nothing to add up
            elif total_row is None or measure not in total_row.cells:
                out.append(em.row("insufficient_data", f"{ctx.table_name(table)} 合计",
                                  note=f"未找到合计行的{ctx.measure_name(table, measure)}栏"))
            elif coded:
                tops = sorted({c[:3] for c in codes})
                computed = zero_operand()
                for top in tops:
                    computed = computed + ctx.cells.aggregate(table, side, top, measure)
                reported = _cell(ctx, total_row, measure)
                if not (reported.all_blank and computed.all_blank):
                    out.append(em.compare(_row_location(ctx, total_row, measure), reported, computed,
                                          note=f"按{len(tops)}个类汇总"))
        for row in coded:
            children = children_of.get(row.code)
            if not children or measure not in row.cells:
                continue
            computed = zero_operand()
            for child in children:
                computed = computed + ctx.cells.aggregate(table, side, child, measure)
            reported = _cell(ctx, row, measure)
            if reported.all_blank and computed.all_blank:
                continue
            out.append(em.compare(_row_location(ctx, row, measure), reported, computed,
                                  note=f"下级{len(children)}项"))
    if not out:
        out.append(em.row("not_applicable", ctx.table_name(table), note="表内无分级数据"))
    return out


def check_class_partition(rule: Rule, ctx: Context) -> list[dict]:
    """A footer total = Σ of the listed 类 (``include``) or of every other printed 类 (``exclude``).

    Params: table, total (reference), include or exclude (3-digit codes), location.
    """
    em = Emitter(rule)
    p = rule.params
    location = p.get("location") or p["total"]
    early = _missing_tables_row(rule, ctx, em, location)
    if early:
        return [early]
    measure = p.get("measure", "amount")
    classes = sorted({r.code[:3] for r in ctx.cells.coded_rows(p["table"])})
    if "include" in p:
        chosen = [str(c) for c in p["include"]]
    else:
        excluded = {str(c) for c in p.get("exclude", [])}
        chosen = [c for c in classes if c not in excluded]
    computed = zero_operand()
    for code in chosen:
        if code in classes:
            computed = computed + ctx.cells.aggregate(p["table"], None, code, measure)
    listed = "、".join(c for c in chosen if c in classes) or "无"
    return [em.compare(location, ctx.cells.resolve(p["total"]), computed, note=f"计入{listed}")]



def check_code_match(rule: Rule, ctx: Context) -> list[dict]:
    """Two tables agree code by code (aggregated to ``level`` digits, or every printed code).

    Params: left, right ({table, side, measure}), level (3 / 5 / 7 or "leaf"), relation,
    when_zero. A code printed on one side only is compared with 0 and said so.
    """
    em = Emitter(rule)
    p = rule.params
    left, right = p["left"], p["right"]
    location = p.get("location") or f"{ctx.table_name(left['table'])}与{ctx.table_name(right['table'])}"
    early = _missing_tables_row(rule, ctx, em, location) or _precondition(rule, ctx, em, location)
    if early:
        return [early]
    level = p.get("level", "leaf")
    keys: set[str] = set()
    for spec in (left, right):
        for row in ctx.cells.coded_rows(spec["table"], spec.get("side")):
            keys.add(row.code if level == "leaf" else row.code[:int(level)])
    if level == "leaf":
        # compare only the deepest printed codes, so a printed parent is not counted twice
        keys = {k for k in keys if not any(o != k and o.startswith(k) for o in keys)}
    out: list[dict] = []
    for key in sorted(keys):
        rep = ctx.cells.aggregate(left["table"], left.get("side"), key, left["measure"])
        comp = ctx.cells.aggregate(right["table"], right.get("side"), key, right["measure"])
        if rep.all_blank and comp.all_blank:
            continue
        name = _code_name(ctx, key, left, right)
        loc = (f"{key} {name} {ctx.table_name(left['table'])}{ctx.measure_name(left['table'], left['measure'])}"
               f"与{ctx.table_name(right['table'])}{ctx.measure_name(right['table'], right['measure'])}")
        out.append(em.compare(loc, rep, comp, p.get("relation", "=")))
    if not out:
        out.append(em.row("not_applicable", location, note="两表均无数据"))
    return out


_NUMBERING = re.compile(r"^[\s（(]*[一二三四五六七八九十]+[、.．)）]\s*")


def _code_name(ctx: Context, key: str, *specs: dict) -> str:
    for spec in specs:
        row = ctx.cells.row(spec["table"], spec.get("side"), key)
        if row is not None and row.label:
            return _NUMBERING.sub("", row.label)
    return ""
