"""Rule kinds on the narrative (情况说明): text against tables and text against text.

Statements are picked by *selectors*: a mapping of statement columns (section, subject, metric,
basis, clause, unit, direction) to regular expressions searched in that column. ``bind`` lists
columns that a dependent statement must share with the anchor statement (e.g. the same section
and subject for a rate and its change). Amounts are compared in the table unit (万元) using the
unit factors of the catalogue; a printed value keeps its own rounding interval in its own unit.
"""

from __future__ import annotations

import math
import re
from decimal import ROUND_DOWN, Decimal

from ..intervals import Interval, UndefinedInterval, exact_div
from ..narrative import BINDINGS, UNCERTAIN_BINDINGS
from .catalogue import Rule
from .cells import Operand, Term, missing_operand
from .context import Context
from .outcome import Emitter, fmt, judge
from .subjects import path_levels, resolve_path

_HUNDRED = Decimal(100)
_REF_TABLE = re.compile(r"^-?(?P<table>T\d\d)(?:\.(?P<side>income|expenditure))?\[")
_NUMBERING = re.compile(r"^[\s（(]*[一二三四五六七八九十\d]+[、.．)）]\s*")


# -- selecting statements -------------------------------------------------------------------
def _text(value) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    return str(value)


def _matching_values(ctx: Context, column: str, pattern: str) -> set[str]:
    """The distinct values of a statement column that a regex matches (cached)."""
    key = ("values", column, pattern)
    got = ctx.cache.get(key)
    if got is None:
        compiled = re.compile(pattern)
        got = ctx.cache[key] = {v for v in ctx.statement_values(column) if compiled.search(v)}
    return got


def _selected(ctx: Context, selector: dict) -> list[dict]:
    """Statements matching every regex of ``selector`` (cached per selector for this disclosure)."""
    key = ("select", repr(sorted(selector.items())))
    got = ctx.cache.get(key)
    if got is None:
        wanted = [(col, _matching_values(ctx, col, str(pat))) for col, pat in selector.items() if col != "bind"]
        candidates = ctx.statements
        for col, values in wanted:
            if col == "metric":
                by_metric = ctx.statements_by_metric()
                candidates = [st for v in values for st in by_metric.get(v, ())]
                candidates.sort(key=lambda st: st["_order"])
                break
        got = [st for st in candidates if all(st.get(col, "") in values for col, values in wanted)]
        ctx.cache[key] = got
    return got


def select(ctx: Context, selector: dict, anchor: dict | None = None, bind=()) -> list[dict]:
    """Statements matching every regex of ``selector`` (and sharing ``bind`` columns with ``anchor``)."""
    found = _selected(ctx, selector)
    if anchor is None or not bind:
        return found
    return [st for st in found if all(st.get(b) == anchor.get(b) for b in bind)]


def statement_operand(ctx: Context, st: dict, target_unit: str | None = None) -> Operand:
    """A statement's printed value as an operand in the table unit (万元 for money) or ``target_unit``."""
    value = _text(st.get("value")).strip()
    where = f"说明第{st.get('line')}行“{_text(st.get('subject'))}{_text(st.get('metric'))}”"
    line = [int(st["line"])] if _text(st.get("line")) else []
    if not value:
        op = missing_operand(f"{where}未填数字")
        op.lines = line
        return op
    unit = _text(st.get("unit")).strip()
    factor = ctx.catalogue.unit_factors.get(unit)
    if factor is None:
        op = missing_operand(f"{where}单位“{unit}”无法换算")
        op.lines = line
        return op
    decimals = st.get("decimals")
    decimals = int(decimals) if _text(decimals) else None
    counted = unit in ctx.catalogue.vocabulary.get("count_units", ()) and "." not in value
    printed = Interval.exact(Decimal(value)) if counted else Interval.from_printed(value, decimals)
    d = decimals if decimals is not None else max(0, -Decimal(value).as_tuple().exponent)
    f = Decimal(factor)
    target = ctx.catalogue.unit_factors.get(target_unit or "")
    if target is not None and Decimal(target) != 0:
        f = f / Decimal(target)
    shift = -f.adjusted() if f != 0 else 0
    term = ((Term("text", None, None, _text(st.get("section")), _text(st.get("metric")), _text(st.get("subject")),
                  line[0] if line else None, value, format(f, "f"), unit, _text(st.get("clause"))), 1),)
    if f == 1:
        return Operand(Decimal(value), printed, d, line, value, 0, 1, terms=term)
    return Operand(Decimal(value) * f, printed * f, max(0, d + shift), line,
                   value if f == 1 else format(Decimal(value) * f, "f"), 0, 1, terms=term)


def _subject_codes(ctx: Context, subject: str, table_side: str) -> list[str]:
    """The 类 codes whose printed row label names ``subject`` (e.g. 社会保障和就业 → [208]).

    A label equal to the subject wins alone; otherwise every label containing it or contained in it.
    """
    table, _, side = table_side.partition(".")
    wanted = _normalise(subject)
    if not wanted:
        return []
    found: list[str] = []
    for row in ctx.cells.coded_rows(table, side or None):
        label = _normalise(row.label)
        if label == wanted:
            return [row.code]
        if label and (wanted in label or label in wanted) and row.code not in found:
            found.append(row.code)
    return found


def _former_name_codes(ctx: Context, subject: str, table_side: str) -> tuple[list[str], str]:
    """The 类 a former name names ("文化体育与传媒支出" -> 文化旅游体育与传媒支出), and what to say about it."""
    wanted = _normalise(subject)
    for former, current in ctx.catalogue.vocabulary.get("class_aliases", {}).items():
        if wanted == former:
            codes = _subject_codes(ctx, current, table_side)
            return codes, f"说明用“{subject}”（旧称），按表中“{current}支出”核对"
    return [], ""


def _normalise(name: str) -> str:
    name = _NUMBERING.sub("", name or "")
    for junk in ("（类）", "(类)", "（款）", "（项）", "支出", " ", "\u3000"):
        name = name.replace(junk, "")
    return name


def _subject_refs(ctx: Context, by_subject: dict, anchor: dict) -> list[str] | None:
    """The references of the first ``by_subject`` regex that the anchor's subject matches."""
    subject = _text(anchor.get("subject"))
    for pattern, refs in by_subject.items():
        key = ("subject", pattern)
        compiled = ctx.cache.get(key)
        if compiled is None:
            compiled = ctx.cache[key] = re.compile(pattern)
        if compiled.search(subject):
            return list(refs)
    return None


def _operand(ctx: Context, spec, anchor: dict, what: str, doubts: list[str] | None = None) -> Operand:
    """A value from the tables or the text.

    ``spec`` is {cells: [...]} or {cells_by_subject: {regex: [...]}} (references may contain
    ``{code}``, the 类 named by the anchor's subject) or {statement: selector, bind: [...]}.
    What makes the binding uncertain (a subject that names several rows, several candidate
    statements, a 款 name the table does not print) is appended to ``doubts``.
    """
    doubts = doubts if doubts is not None else []
    if "cells_by_subject" in spec:
        refs = _subject_refs(ctx, spec["cells_by_subject"], anchor)
        if refs is None:
            return missing_operand(f"未配置“{_text(anchor.get('subject'))}”对应的表格单元格")
        spec = {**spec, "cells": refs}
    if "cells" in spec:
        refs = spec["cells"]
        if any("{code}" in r for r in refs):
            subject = _text(anchor.get("subject"))
            notes: list[str] = []
            if path_levels(subject):
                # "…（类）…（款）…（项）" names one 项: its own row, not its 类
                m = _REF_TABLE.match(next(r for r in refs if "{code}" in r))
                match = resolve_path(ctx, subject, m["table"], m["side"])
                if match.code is None:
                    return missing_operand(match.problem or f"表中找不到“{subject}”")
                code, notes = match.code, match.notes
                doubts.extend(match.notes)
            else:
                codes = _subject_codes(ctx, subject, spec.get("code_table", "T01.expenditure"))
                if not codes:
                    codes, renamed = _former_name_codes(ctx, subject, spec.get("code_table", "T01.expenditure"))
                    if not codes:
                        return missing_operand(f"表中找不到与“{subject}”对应的类")
                    doubts.append(renamed)
                code = codes[0]
                if len(codes) > 1:
                    doubts.append(f"“{subject}”可对应表中多个类（{'、'.join(codes)}）")
            refs = [r.replace("{code}", code) for r in refs]
            op = ctx.sum_refs(refs)
            if notes:
                op.notes = op.notes + notes
            return op
        return ctx.sum_refs(refs)
    matches = select(ctx, spec["statement"], anchor, spec.get("bind", ()))
    if spec.get("subject_from"):
        wanted = _text(anchor.get(spec["subject_from"]))
        matches = [m for m in matches if _text(m.get("subject")) == wanted]
    if not matches:
        return missing_operand(f"说明中未找到{what}")
    if len({_text(m.get("value")) for m in matches}) > 1:
        doubts.append(f"说明中有{len(matches)}个可作{what}的数（"
                      + "、".join(f"第{m.get('line')}行{_text(m.get('value'))}" for m in matches[:4]) + "），取第一个")
    return statement_operand(ctx, matches[0])


def statement_doubts(st: dict) -> list[str]:
    """Why a statement is not bound without ambiguity by the text's grammar ([] when it is)."""
    doubts = []
    binding = _text(st.get("binding"))
    if binding in UNCERTAIN_BINDINGS:
        doubts.append(f"{BINDINGS[binding]}（第{st.get('line')}行“{_text(st.get('clause'))}”）")
    period = _text(st.get("period"))
    if period and period != "本年":
        doubts.append(f"说明所指年度为{period}，不是本年度")
    return doubts


def with_confidence(row: dict, doubts: list[str]) -> dict:
    """Fill ``binding``; a finding on an uncertain binding is at most a warning and says why."""
    if not doubts:
        row["binding"] = "明确"
        return row
    reason = "；".join(dict.fromkeys(doubts))
    row["binding"] = reason
    if row["severity"] == "error":
        row["severity"] = "warning"
        row["message"] += f"（对应关系不确定：{reason}；故不作为错误）"
    else:
        row["message"] += f"（对应关系不确定：{reason}）"
    return row


def _location(st: dict, extra: str = "") -> str:
    parts = [_text(st.get("section")), _text(st.get("subject")), _text(st.get("metric")), extra]
    return " ".join(p for p in parts if p)


def _none_found(em: Emitter, rule: Rule, ctx: Context) -> list[dict]:
    where = rule.params.get("location") or "情况说明（" + "、".join(rule.statements) + "）"
    note = "说明中未找到相关表述" if ctx.has_statements else "未读取情况说明文字（无 statements）"
    return [em.row("insufficient_data", where, note=note)]


# -- kinds ----------------------------------------------------------------------------------
def check_text_amount(rule: Rule, ctx: Context) -> list[dict]:
    """Each selected amount in the text against a sum of table cells ({code} = the subject's 类).

    Params: select, cells or cells_by_subject, code_table, relation (text relation tables; default =).
    """
    em = Emitter(rule)
    p = rule.params
    matches = select(ctx, p["select"])
    if not matches:
        return _none_found(em, rule, ctx)
    spec = {k: p[k] for k in ("cells", "cells_by_subject") if k in p}
    spec["code_table"] = p.get("code_table", "T01.expenditure")
    out = []
    for st in matches:
        doubts = statement_doubts(st)
        reported = statement_operand(ctx, st)
        computed = _operand(ctx, spec, st, "表中数字", doubts)
        out.append(with_confidence(em.compare(_location(st), reported, computed, p.get("relation", "=")), doubts))
    return out


def _with_terms(row: dict, *operands: Operand) -> dict:
    """Name the printed numbers a non-linear comparison read (evidence only, no localisation)."""
    row["_terms"] = tuple(t for op in operands for t in op.terms)
    row["_relation"] = "ratio"
    return row


def _ratio_row(em: Emitter, location: str, reported: Operand, num: Operand, den: Operand, note: str = "") -> dict:
    return _with_terms(_judge_ratio(em, location, reported, num, den, note), reported, num, den)


def _judge_ratio(em: Emitter, location: str, reported: Operand, num: Operand, den: Operand, note: str = "") -> dict:
    lines = reported.lines + num.lines + den.lines
    problems = reported.missing + num.missing + den.missing + reported.unreadable + num.unreadable + den.unreadable
    if problems:
        return em.row("insufficient_data", location, lines=lines, note="；".join(problems))
    try:
        computed_iv = num.interval.percent_of(den.interval)
    except UndefinedInterval:
        return _undefined_ratio_row(em, location, reported, num, den, lines)
    point = exact_div(num.point, den.point) * _HUNDRED if den.point != 0 else None
    if point is None:
        return _undefined_ratio_row(em, location, reported, num, den, lines)
    d = reported.decimals + 2
    status = judge(reported.interval, reported.point, computed_iv, point)
    if status == "mismatch" and point.quantize(Decimal(1).scaleb(-reported.decimals), rounding=ROUND_DOWN) == reported.point:
        note = "；".join(n for n in (note, f"说明数似为{fmt(point, d)}截尾所得，而非四舍五入") if n)
    return em.row(status, location, reported=reported.printed, computed=fmt(point, d),
                  difference=fmt(reported.point - point, d), rep_iv=reported.interval, comp_iv=computed_iv,
                  lines=lines, note=note)


def _undefined_ratio_row(em: Emitter, location: str, reported: Operand, num: Operand, den: Operand,
                         lines: list[int]) -> dict:
    """A ratio whose denominator is (or may be) 0.

    When the numerator is surely not 0, the ratio is undefined or at least ``|num|min / |den|max``:
    a stated rate below that bound (e.g. "完成年初预算的95.89%" of a 年初预算 printed as 0) cannot be
    right and is a mismatch; otherwise nothing can be said (not_applicable).
    """
    if num.interval.contains_zero or reported.point == 0:
        return em.row("not_applicable", location, reported=reported.printed, lines=lines,
                      note="分母为0或可能为0，比率无定义")
    smallest_num = min(abs(num.interval.lo), abs(num.interval.hi))
    largest_den = max(abs(den.interval.lo), abs(den.interval.hi))
    largest_rep = max(abs(reported.interval.lo), abs(reported.interval.hi))
    if largest_den == 0 or largest_rep < exact_div(smallest_num, largest_den) * _HUNDRED:
        bound = "" if largest_den == 0 else \
            f"；按舍入区间，比率也不小于{fmt(exact_div(smallest_num, largest_den) * _HUNDRED, 0)}%"
        row = em.row("mismatch", location, reported=reported.printed, computed="无定义", lines=lines,
                     rep_iv=reported.interval, note=f"分母为{den.printed or fmt(den.point, den.decimals)}，比率无定义{bound}")
        row["message"] = row["message"].replace("无定义%", "无定义")
        return row
    return em.row("not_applicable", location, reported=reported.printed, lines=lines,
                  note="分母可能为0，比率无法确定")


def check_text_ratio(rule: Rule, ctx: Context) -> list[dict]:
    """A percentage in the text (share, completion, execution) = numerator / denominator · 100.

    Params: select (the % statement), numerator, denominator (each {cells} or {statement, bind}).
    """
    em = Emitter(rule)
    p = rule.params
    matches = select(ctx, p["select"])
    if not matches:
        return _none_found(em, rule, ctx)
    out = []
    for st in matches:
        doubts = statement_doubts(st)
        row = _ratio_row(em, _location(st), statement_operand(ctx, st), _operand(ctx, p["numerator"], st, "分子", doubts),
                         _operand(ctx, p["denominator"], st, "分母", doubts))
        out.append(with_confidence(row, doubts) if _reads_tables(p) else row)
    return out


def _reads_tables(params: dict) -> bool:
    """The rule compares the text with table cells (not only statements with statements)."""
    return any("cells" in spec or "cells_by_subject" in spec for spec in (params.get("numerator", {}),
                                                                        params.get("denominator", {})))


def _sign(ctx: Context, st: dict | None) -> int | None:
    words = ctx.catalogue.vocabulary.get("directions", {})
    direction = _text(st.get("direction")) if st else ""
    if direction in words.get("up", []):
        return 1
    if direction in words.get("down", []):
        return -1
    return None


def _change_parts(ctx: Context, p: dict, st: dict):
    """(signed Δ, current, prior, note) for a rate statement ``st``."""
    change_sts = select(ctx, p["change"], st, p.get("bind", ("section", "subject")))
    if not change_sts:
        return None, None, None, "说明中未找到增减额"
    change_st = change_sts[0]
    delta = statement_operand(ctx, change_st)
    sign = _sign(ctx, change_st) or _sign(ctx, st)
    note = "" if _sign(ctx, change_st) else "增减方向未写明，按增长率方向或增加计"
    if (sign or 1) < 0:
        delta = -delta
    current = _operand(ctx, p["current"], st, "本年数")
    return delta, current, current + (-delta), note


def check_text_change(rule: Rule, ctx: Context) -> list[dict]:
    """A stated change and rate agree: prior = current − Δ, then Δ / prior · 100 against the rate.

    Params: select (the rate statement), change (selector of the Δ statement), current
    ({statement} or {cells}), bind (columns shared with the rate; default section, subject).
    """
    em = Emitter(rule)
    p = rule.params
    matches = select(ctx, p["select"])
    if not matches:
        return _none_found(em, rule, ctx)
    out = []
    for st in matches:
        rate = statement_operand(ctx, st)
        delta, current, prior, note = _change_parts(ctx, p, st)
        if delta is None:
            out.append(em.row("insufficient_data", _location(st), lines=rate.lines, note=note))
            continue
        rate_sign = _sign(ctx, st)
        if rate_sign is not None and rate_sign < 0:
            rate = -rate
        elif rate_sign is None and delta.point < 0:
            rate = -rate
            note = "；".join(n for n in (note, "增长率方向未写明，按增减额方向计") if n)
        if not (prior.missing or prior.unreadable) and prior.point == 0:
            out.append(em.row("not_applicable", _location(st), reported=rate.printed, lines=rate.lines + prior.lines,
                              note="上年数为0，增长率无定义（见“上年为0”规则）"))
            continue
        out.append(_ratio_row(em, _location(st), rate, delta, prior, note))
    return out


def check_text_growth_from_zero(rule: Rule, ctx: Context) -> list[dict]:
    """No growth rate is claimed from a prior-year value of zero (prior = current − Δ = 0).

    Params: as text_change.
    """
    em = Emitter(rule)
    p = rule.params
    matches = select(ctx, p["select"])
    if not matches:
        return _none_found(em, rule, ctx)
    out = []
    for st in matches:
        rate = statement_operand(ctx, st)
        delta, current, prior, note = _change_parts(ctx, p, st)
        if delta is None or prior.missing or prior.unreadable or rate.missing:
            out.append(em.row("insufficient_data", _location(st), lines=rate.lines,
                              note=note or "；".join((prior.missing if prior else []) + rate.missing)))
            continue
        prior_text = fmt(prior.point, prior.decimals)
        if prior.point == 0 and rate.point != 0:
            out.append(_with_terms(em.row("mismatch", _location(st), reported=rate.printed, computed="无定义",
                                          rep_iv=rate.interval, comp_iv=prior.interval,
                                          lines=rate.lines + prior.lines, prior=prior_text), rate, prior))
        else:
            out.append(em.row("exact", _location(st), reported=rate.printed, computed=prior_text,
                              lines=rate.lines + prior.lines, prior=prior_text))
    return out


def check_text_sum(rule: Rule, ctx: Context) -> list[dict]:
    """A total = Σ of components stated in the text (signed).

    Params: total (selector) or total_cells (references: the total is read from the tables) or
    total_value (a constant, e.g. 100 for shares that partition a whole),
    parts (list of {select, sign, each, name}), bind (columns the parts share with the total;
    default section), relation, min_parts (fewer components found: the total is only partly broken
    down, e.g. "其中利息收入", and is not checked). ``each: true`` sums every matching statement. A component
    printed without a number is left out of the sum and said so. ``parts_may_be_incomplete: true``:
    parts that are 类/款/项 paths falling short of the total may be items left out of the list (budgeted,
    not spent), so that is a warning only.
    """
    em = Emitter(rule)
    p = rule.params
    if "total_cells" in p or "total_value" in p:
        anchors = [None]
    else:
        anchors = select(ctx, p["total"])
        if not anchors:
            return _none_found(em, rule, ctx)
    out = []
    bind = p.get("bind", ("section",)) if anchors != [None] else ()
    for st in anchors:
        unit = None if st is None else _text(st.get("unit")).strip() or None
        if st is not None:
            reported = statement_operand(ctx, st, unit)
        elif "total_value" in p:
            value = Decimal(str(p["total_value"]))
            reported = Operand(value, Interval.exact(value), 0, [], str(p["total_value"]), 0, 1)
        else:
            reported = ctx.sum_refs(p["total_cells"])
        computed = None
        names, notes = [], []
        for part in p["parts"]:
            found = [s for s in select(ctx, part["select"], st, bind) if s is not st]
            if not part.get("each"):
                found = found[:1]
            if not found:
                op = missing_operand(f"说明中未找到{part.get('name', '分项')}")
                computed = op if computed is None else computed + op
                continue
            for s in found:
                subject = _text(s.get("subject"))
                same = st is not None and subject == _text(st.get("subject"))
                name = _text(s.get("metric")) if same or not subject else subject
                if not _text(s.get("value")).strip():
                    notes.append(f"“{name}”未填数字，未计入")
                    continue
                op = statement_operand(ctx, s, unit)
                op = -op if part.get("sign", 1) < 0 else op
                computed = op if computed is None else computed + op
                names.append(name)
        if len(names) < p.get("min_parts", 1) and not any(n for n in notes):
            continue
        if computed is None:
            computed = missing_operand("说明中未找到分项")
        location = p.get("location", "情况说明") if st is None else _location(st)
        row = em.compare(location, reported, computed, p.get("relation", "="), note="；".join(notes),
                         parts="、".join(names))
        if p.get("parts_may_be_incomplete") and row["status"] == "mismatch" and computed.point < reported.point \
                and row["severity"] == "error" and names and all(path_levels(n) for n in names):
            # a list of 项 ("…（类）…（款）…（项）", what each was spent on) may leave out an item budgeted and
            # not spent; a list of 类 covers them all
            row["severity"] = "warning"
            row["message"] += "（所列各项之和小于总额：说明可能未列出全部科目，故不作为错误）"
        out.append(row)
    return out


def _in_clause(ctx: Context, selector: dict, anchor: dict) -> dict | None:
    """The statement matching ``selector`` printed nearest before ``anchor`` in its paragraph, same subject.

    "年初预算为274.82万元，支出决算为245.53万元，完成年初预算的93.57%": the 决算 of the rate's own sentence is
    245.53, not the item's 257.14 printed earlier on the same line.
    """
    before = [st for st in select(ctx, selector)
              if st.get("line") == anchor.get("line") and st.get("subject") == anchor.get("subject")
              and st["_order"] < anchor["_order"]]
    return before[-1] if before else None


def check_text_clause(rule: Rule, ctx: Context) -> list[dict]:
    """A clause's own numbers against each other (no table involved).

    Params: select (the anchor statement), form and the operands, each a selector of a statement
    of the same subject printed before the anchor in the same paragraph (the nearest one):

    - ``form: ratio`` -- anchor % = numerator / denominator · 100 (完成率 = 决算 / 年初预算); the
      denominator may depend on the anchor's basis (``denominator_by_basis``: "完成年初预算的…%" is
      a share of the 年初预算, never of a 全年预算 printed beside it);
    - ``form: prior`` -- the anchor (a prior-year amount, "2024年度为…") = current ∓ change (the change
      signed by its direction); current and change may be printed after the anchor too.

    Only clauses that print every operand are checked; when none does, one not_applicable row says so.
    """
    em = Emitter(rule)
    p = rule.params
    out = []
    for st in select(ctx, p["select"]):
        doubts = statement_doubts(st)
        reported = statement_operand(ctx, st)
        if p["form"] == "ratio":
            by_basis = p.get("denominator_by_basis", {}).get(_text(st.get("basis")))
            num, den = _in_clause(ctx, p["numerator"], st), _in_clause(ctx, by_basis or p["denominator"], st)
            if num is None or den is None:
                continue
            row = _ratio_row(em, _location(st), reported, statement_operand(ctx, num), statement_operand(ctx, den))
        else:
            same = [s for s in select(ctx, p["current"]) + select(ctx, p["change"])
                    if s.get("line") == st.get("line") and s.get("subject") == st.get("subject")]
            current = next((s for s in same if s in select(ctx, p["current"])), None)
            change = next((s for s in same if s in select(ctx, p["change"])), None)
            if current is None or change is None:
                continue
            delta = statement_operand(ctx, change)
            if (_sign(ctx, change) or 1) < 0:
                delta = -delta
            note = "" if _sign(ctx, change) else "增减方向未写明，按增加计"
            row = em.compare(_location(st), reported, statement_operand(ctx, current) + (-delta), note=note)
        out.append(with_confidence(row, doubts))
    if not out:
        note = "说明中没有同时写明各项数字的句子" if ctx.has_statements else "未读取情况说明文字（无 statements）"
        return [em.row("not_applicable", p.get("location") or "情况说明", note=note)]
    return out
