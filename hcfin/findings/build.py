"""One finding per defect: the results a single printed number or clause explains, grouped.

A check report holds one row per evaluation; several rows may point at the same printed defect
(a blank 支出总计 violates both 收入总计 = 支出总计 and 支出总计 = 本年支出合计 + 年末结转). Rows that
one single-number correction resolves together (:mod:`hcfin.findings.diagnose`) become one
finding. Findings are ordered: errors, warnings, presentation, reading notes.
"""

from __future__ import annotations

import pandas as pd

from ..checks.kinds_document import NO_EFFECT
from . import diagnose as dg
from . import misalign as ma
from .evidence import EVIDENCE_COLUMNS, Places

FINDING_COLUMNS = ["finding_id", "group", "category", "severity", "status", "summary", "diagnosis",
                   "rule_ids", "locations", "tables", "lines", "pages", "quote", "result_rows"]
GROUPS = ("error", "warning", "presentation", "reading")
GROUP_ZH = {"error": "错误", "warning": "警告", "presentation": "表述问题", "reading": "读取提示"}
CATEGORY_ZH = {"numeric": "数字勾稽", "consistency": "文表一致", "presentation": "表述", "reading": "读取"}
_SEVERITY_RANK = {"error": 0, "warning": 1, "info": 2}


def _text(value) -> str:
    """A text cell of the results ('' when missing: NaN under the missing-value convention)."""
    return value if isinstance(value, str) else ""


def _group(category: str, severity: str, status: str) -> str:
    if category == "reading" or status != "mismatch":
        return "reading"
    if category == "presentation":
        return "presentation"
    return "error" if severity == "error" else "warning"


def _selected(results: pd.DataFrame) -> list[int]:
    """Rows that are findings: every mismatch, and each reading note about what could not be read."""
    rows = []
    for i, (status, category, severity, message) in enumerate(zip(results["status"], results["category"],
                                                                  results["severity"], results["message"])):
        if status == "mismatch":
            rows.append(i)
        elif (category == "reading" and status != "exact" and severity in ("error", "warning")
              and NO_EFFECT not in str(message)):
            rows.append(i)
    return rows


class _Union:
    def __init__(self, items):
        self.parent = {i: i for i in items}

    def find(self, i):
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def join(self, a, b):
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


_SIDE_ZH = {"income": "收入", "expenditure": "支出"}


def _describe_term(term, ctx) -> str:
    """"第1255行 住房保障支出 年初预算53.34" / "第561行 财政拨款收入支出决算总表 支出 总计 合计栏空白"."""
    unit = "" if term.unit in ("", "万元") else term.unit
    value = f"{term.printed}{unit}" if term.printed is not None else "空白"
    line = f"第{term.line}行 " if term.line else ""
    if term.source == "text":
        return f"{line}{term.label} {term.measure}{value}"
    table = ctx.table_name(term.table) if ctx is not None else term.table
    column = ctx.measure_name(term.table, term.measure) if ctx is not None else term.measure
    code = f"{term.key} " if term.key and term.key.isdigit() else ""
    side = f"{_SIDE_ZH[term.side]}侧" if term.side in _SIDE_ZH else ""
    return f"{line}{table} {side}{code}{term.label} {column}栏{value}"


def _rule_sum_phrase(ctx, rule_id: str, rec: dict) -> str:
    """"各类年初预算之和910.69" for a text_sum rule, else the rule's location."""
    if ctx is not None:
        try:
            rule = ctx.catalogue.by_id(rule_id)
        except KeyError:
            rule = None
        if rule is not None and rule.kind == "text_sum" and rule.params.get("parts"):
            name = rule.params["parts"][0].get("name")
            if name and rec.get("reported"):
                return f"{name}之和{rec['reported']}"
    return str(rec.get("location") or rule_id)


def _others(first: dg.Candidate, others: list[dg.Candidate]) -> str:
    """Why the other single-number corrections are less likely (printed the same elsewhere, or
    they would break checks that agree now)."""
    reasons = []
    for cand in others:
        if cand is first or cand.ident == first.ident:
            continue
        if cand.breaks:
            reasons.append(f"{cand.term.label}{cand.term.printed}若改则另有{len(cand.breaks)}项核对不符")
        elif cand.current_corroborated:
            reasons.append(f"{cand.term.label}{cand.term.printed}在别处印有相同数字")
    return f"（其余可能性较小：{'；'.join(reasons)}）" if reasons else ""


def _diagnosis(chosen: list[dg.Candidate], ctx, results: pd.DataFrame, row: int,
               others: list[dg.Candidate] = ()) -> str:
    if not chosen:
        return ""
    rec = results.iloc[row].to_dict()
    first = chosen[0]
    if first.corroborated_by:
        other = first.corroborated_by
        unit = "" if other.get("unit") in (None, "", "万元") else other["unit"]
        return (f"{_describe_term(first.term, ctx)} 与 第{other.get('line')}行 {other.get('subject')} "
                f"{other.get('metric')}{other.get('value')}{unit} 应为同一数（{other['why']}）；"
                f"按{first.new_value}则{_rule_sum_phrase(ctx, rec['rule_id'], rec)}相符")
    if len(chosen) == 1:
        n = len(first.resolves)
        scope = f"{n}项核对均" if n > 1 else "本项核对即"
        text = f"只需改动一个数：{_describe_term(first.term, ctx)}若为{first.new_value}，{scope}相符"
        return text + _others(first, others)
    shown = chosen[:6]
    more = f"等{len(chosen)}处" if len(chosen) > len(shown) else ""
    listed = "；".join(f"{_describe_term(c.term, ctx)}→{c.new_value}" for c in shown)
    return f"改动以下任一个数都能消除此不符（同样只改一个数，无从判断是哪一个）：{listed}{more}"


def _summary(rows: list[int], results: pd.DataFrame, culprit: dg.Candidate | None, ctx) -> str:
    messages = [str(results.iloc[r]["message"]) for r in rows]
    if len(rows) == 1 or culprit is None:
        return messages[0]
    term = culprit.term
    what = _describe_term(term, ctx)
    return (f"{what}，与{len(rows)}项核对不符"
            f"（{'、'.join(str(results.iloc[r]['rule_id']) for r in rows)}），应为{culprit.new_value}")


def build_findings(report) -> tuple[pd.DataFrame, pd.DataFrame]:
    """(findings, evidence) of a :class:`hcfin.checks.CheckReport` (see the module docstring).

    Returns:
        findings: one row per defect, columns :data:`FINDING_COLUMNS`, RangeIndex, in order
            errors → warnings → presentation → reading notes.
        evidence: one row per printed number or line a finding involves, columns
            :data:`hcfin.findings.EVIDENCE_COLUMNS`, keyed by ``finding_id``.
    """
    results = report.results.reset_index(drop=True)
    ctx = report.context
    terms = list(report.terms) or [((), None)] * len(results)
    misaligned = ma.detect(report)
    folded = {row for mis in misaligned for row in mis.explained}
    selected = [row for row in _selected(results) if row not in folded]
    every = dg.comparisons(results, terms)
    by_ident = dg.index_by_ident(every)
    by_row = {c.row: c for c in every}
    chosen: dict[int, list[dg.Candidate]] = {}
    considered: dict[int, list[dg.Candidate]] = {}
    for row in selected:
        comp = by_row.get(row)
        if comp is None or not comp.mismatch:
            continue
        cands = dg.candidates(comp, by_ident)
        for cand in cands:
            dg.corroborate(cand, ctx)
        chosen[row] = dg.best(cands)
        considered[row] = cands
    union = _Union(selected)
    culprit_of: dict[int, dg.Candidate] = {}
    for row, cands in chosen.items():
        if len(cands) == 1 and len(cands[0].resolves) > 1:
            for other in cands[0].resolves:
                if other in union.parent and results.iloc[other]["category"] == results.iloc[row]["category"]:
                    union.join(row, other)
            culprit_of[row] = cands[0]
    _join_same_printed_rate(union, selected, terms, results)
    groups: dict[int, list[int]] = {}
    for row in selected:
        groups.setdefault(union.find(row), []).append(row)
    places = Places(ctx)
    pending = []
    for root, rows in groups.items():
        recs = [results.iloc[r] for r in rows]
        category = recs[0]["category"]
        severity = min((r["severity"] for r in recs), key=lambda s: _SEVERITY_RANK.get(s, 3))
        status = "mismatch" if any(r["status"] == "mismatch" for r in recs) else recs[0]["status"]
        group = _group(category, severity, status)
        culprit = culprit_of.get(root) if len(rows) > 1 else None
        diagnosis = _diagnosis(chosen.get(root, []), ctx, results, root, considered.get(root, []))
        lines = sorted({int(x) for r in recs for x in (r["lines"] or [])})
        pending.append((GROUPS.index(group), root, {
            "group": group, "category": category, "severity": severity, "status": status,
            "summary": _summary(rows, results, culprit, ctx), "diagnosis": diagnosis,
            "rule_ids": ",".join(dict.fromkeys(str(r["rule_id"]) for r in recs)),
            "locations": "；".join(dict.fromkeys(str(r["location"]) for r in recs)),
            "tables": ",".join(dict.fromkeys(t for r in recs for t in _text(r["tables"]).split(",") if t)),
            "lines": ";".join(map(str, lines)), "result_rows": ",".join(map(str, rows)),
        }, rows, culprit, chosen.get(root, [])))
    for mis in misaligned:
        pending.append((GROUPS.index("error"), min(mis.explained), _misaligned_record(mis, results), mis, None, []))
    pending.sort(key=lambda item: (item[0], item[1]))
    findings, evidence = [], []
    finding_of: dict[int, str] = {}
    for n, (_g, _root, rec, rows, culprit, cands) in enumerate(pending, start=1):
        fid = f"F{n:02d}"
        if isinstance(rows, ma.Misalignment):
            ev = _misaligned_evidence(fid, rows, terms, places)
            rows = rows.explained
        else:
            ev = _evidence(fid, rows, terms, results, places, culprit, cands)
        finding_of.update((row, fid) for row in rows)
        rec.update(finding_id=fid, pages=";".join(map(str, sorted({int(e["page"]) for e in ev if e["page"]}))),
                   quote=next((e["quote"] for e in ev if e["quote"]), ""))
        findings.append(rec)
        evidence.extend(ev)
    for mis in misaligned:  # what a check still finds once the table is re-paired
        by_finding: dict[str, list[str]] = {}
        for row, message in mis.remaining.items():
            if row in finding_of:
                by_finding.setdefault(finding_of[row], []).append(message)
        mis_id = finding_of[mis.explained[0]]
        for rec in findings:
            if rec["finding_id"] == mis_id:
                rec["diagnosis"] = ma.diagnosis(mis, results, sorted(by_finding))
            if rec["finding_id"] in by_finding:
                note = (f"{ma.table_short(mis.table)}数值与行次错位（见{mis_id}），按重新对齐后的数值此项仍不符："
                        + "；".join(by_finding[rec["finding_id"]]))
                rec["diagnosis"] = f"{rec['diagnosis']}。{note}" if rec["diagnosis"] else note
    frame = pd.DataFrame(findings, columns=FINDING_COLUMNS)
    for col in FINDING_COLUMNS:  # every column is text (lines "558;561", result_rows "3,7")
        frame[col] = frame[col].astype("string")
    ev_frame = pd.DataFrame(evidence, columns=EVIDENCE_COLUMNS)
    for col in ("line", "page"):
        ev_frame[col] = ev_frame[col].astype("Int64")
    for col in ("x0", "top", "x1", "bottom"):
        ev_frame[col] = ev_frame[col].astype("Float64")
    for col in set(EVIDENCE_COLUMNS) - {"line", "page", "x0", "top", "x1", "bottom"}:
        ev_frame[col] = ev_frame[col].astype("string")
    return frame.reset_index(drop=True), ev_frame.reset_index(drop=True)


def _misaligned_record(mis: ma.Misalignment, results: pd.DataFrame) -> dict:
    """The one finding of a table whose values are misaligned with its rows (:mod:`.misalign`)."""
    rows = sorted(mis.explained)
    recs = [results.iloc[r] for r in rows]
    severity = min((r["severity"] for r in recs), key=lambda s: _SEVERITY_RANK.get(s, 3))
    # the rows of the table; the lines of the checks it folds in stay with those checks (report.results)
    lines = sorted({x for x in (ma.row_line(mis.rows[k]) for k in set(mis.moved) | set(mis.unfilled)) if x})
    first, last = min(mis.moved + mis.unfilled), max(mis.moved + mis.unfilled)
    tables = [mis.table] + [t for r in recs for t in _text(r["tables"]).split(",") if t and t != mis.table]
    return {"group": _group("numeric", severity, "mismatch"), "category": "numeric", "severity": severity,
            "status": "mismatch", "summary": ma.summary(mis), "diagnosis": "",  # once the finding ids are known
            "rule_ids": ",".join(dict.fromkeys(str(r["rule_id"]) for r in recs)),
            "locations": f"{ma.TABLE_NAMES.get(mis.table, mis.table)} {ma.span(mis, first, last)}",
            "tables": ",".join(dict.fromkeys(tables)), "lines": ";".join(map(str, lines)),
            "result_rows": ",".join(map(str, rows))}


def _misaligned_evidence(fid: str, mis: ma.Misalignment, terms: list, places: Places) -> list[dict]:
    """One row per printed row whose values belong elsewhere (or label without values), then the
    numbers of the other tables and of the text that the folded checks compared with them."""
    out = []
    for i in sorted(set(mis.moved) | set(mis.unfilled)):
        row = mis.rows[i]
        line = ma.row_line(row)
        ev = places.line_row(fid, line, mis.table)
        ev.update(role="misaligned", row=row.label, code=row.code if row.row_key is None else None,
                  statement=ma.where_values_belong(mis, i),
                  value=ma.row_values(row, places.ctx) if i in mis.moved else None)
        out.append(ev)
    seen = set()
    for row in mis.explained:
        for term, _k in terms[row][0] if row < len(terms) else ():
            if term.table == mis.table or term.ident in seen:
                continue
            seen.add(term.ident)
            out.append(places.term_row(fid, term, "involved"))
    return out


def _join_same_printed_rate(union: _Union, selected: list[int], terms: list, results: pd.DataFrame) -> None:
    """Mismatched rates that are the same printed number of the text (one clause checked by two
    rules, e.g. against the tables and within its own sentence) are one finding."""
    first_of: dict[tuple, int] = {}
    for row in selected:
        row_terms, relation = terms[row] if row < len(terms) else ((), None)
        if relation != "ratio" or not row_terms or results.iloc[row]["status"] != "mismatch":
            continue
        term = row_terms[0][0]
        if term.source != "text":
            continue
        key = (term.ident, results.iloc[row]["category"])
        if key in first_of:
            union.join(first_of[key], row)
        else:
            first_of[key] = row


def _evidence(fid, rows, terms, results, places, culprit, cands) -> list[dict]:
    out, seen = [], set()
    # the one number named as the culprit, or each of several equally likely ones ("candidate")
    named = {c.ident: ("culprit" if len(cands) == 1 else "candidate") for c in cands}
    if culprit is not None:
        named[culprit.ident] = "culprit"
    for row in rows:
        for term, _k in terms[row][0] if row < len(terms) else ():
            if term.ident in seen:
                continue
            seen.add(term.ident)
            out.append(places.term_row(fid, term, named.get(term.ident, "involved")))
        if not (terms[row][0] if row < len(terms) else ()):
            table = _text(results.iloc[row]["tables"]).split(",")[0] or None
            for line in results.iloc[row]["lines"] or []:
                if ("line", line) not in seen:
                    seen.add(("line", line))
                    out.append(places.line_row(fid, int(line), table))
    for cand in cands:
        other = cand.corroborated_by
        if other and ("text", other.get("line")) not in seen:
            seen.add(("text", other.get("line")))
            row = places.line_row(fid, int(other["line"]))
            row.update(role="corroborating", statement=f"{other.get('section')} {other.get('subject')} {other.get('metric')}",
                       value=f"{other.get('value')}{other.get('unit') or ''}", quote=other.get("clause") or row["quote"])
            out.append(row)
    out.sort(key=lambda e: {"culprit": 0, "corroborating": 1, "candidate": 2}.get(e["role"], 3))
    return out
