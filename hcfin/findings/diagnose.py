"""Error localisation: which single printed number, changed, would resolve a mismatch.

In the spirit of Fellegi–Holt (find the fewest fields whose correction satisfies every violated
rule) and Statistics Netherlands' ``errorlocate``, restricted to what a reader of a disclosure can
act on: one printed number at a time. Every comparison that a rule makes between sums of printed
numbers is linear, ``reported − computed = Σ k·v`` over its terms, so the value a term would need
for the comparison to hold is exact arithmetic. A candidate is judged on every comparison that
reads the same printed number: how many mismatches it resolves and how many agreeing checks it
would break (within their rounding intervals, see :mod:`hcfin.intervals`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

import pandas as pd

from ..checks.cells import Term

_ZERO = Decimal(0)


@dataclass
class Candidate:
    """Changing one printed number (``term``) to ``new_value`` (in its printed unit)."""

    ident: tuple
    term: Term
    delta: Decimal  # change of the printed value, in the unit of the comparison
    new_value: str
    resolves: list[int] = field(default_factory=list)  # result rows (mismatches) it resolves
    breaks: list[int] = field(default_factory=list)  # result rows (agreeing now) it would break
    corroborated_by: dict | None = None  # another printed number of the same quantity with new_value
    current_corroborated: bool = False  # the current value is printed the same elsewhere

    @property
    def score(self) -> int:
        return len(self.resolves) - len(self.breaks)


def _dec(text) -> Decimal | None:
    if text is None or (isinstance(text, float) and text != text):
        return None
    try:
        return Decimal(str(text).replace(",", ""))
    except InvalidOperation:
        return None


def _decimals(printed: str | None) -> int | None:
    if not printed:
        return None
    return len(printed.split(".")[1]) if "." in printed else 0


@dataclass
class _Comparison:
    row: int
    relation: str
    coef: dict[tuple, Decimal]  # ident -> Σ k·factor
    term: dict[tuple, Term]
    diff: Decimal
    tol: Decimal
    mismatch: bool

    def holds_after(self, ident: tuple, delta: Decimal) -> bool:
        new = self.diff + self.coef.get(ident, _ZERO) * delta
        if self.relation == "<=":
            return new <= self.tol
        if self.relation == ">=":
            return new >= -self.tol
        return abs(new) <= self.tol


def _half_width(low, high) -> Decimal:
    lo, hi = _dec(low), _dec(high)
    return (hi - lo) / 2 if lo is not None and hi is not None else _ZERO


def comparisons(results: pd.DataFrame, terms: list) -> list[_Comparison]:
    """Every linear comparison with known terms (mismatches and agreeing checks alike)."""
    out = []
    for row, (entry, rec) in enumerate(zip(terms, results.to_dict("records"))):
        row_terms, relation = entry
        if not row_terms or relation not in ("=", "<=", ">=") or rec["status"] not in ("exact", "rounding", "mismatch"):
            continue
        coef: dict[tuple, Decimal] = {}
        by_ident: dict[tuple, Term] = {}
        diff = _ZERO
        for term, k in row_terms:
            factor = Decimal(term.factor)
            coef[term.ident] = coef.get(term.ident, _ZERO) + k * factor
            by_ident.setdefault(term.ident, term)
            diff += k * factor * (_dec(term.printed) or _ZERO)
        tol = _half_width(rec.get("reported_low"), rec.get("reported_high")) + \
            _half_width(rec.get("computed_low"), rec.get("computed_high"))
        out.append(_Comparison(row, relation, coef, by_ident, diff, tol, rec["status"] == "mismatch"))
    return out


def candidates(comparison: _Comparison, by_ident: dict[tuple, list[_Comparison]]) -> list[Candidate]:
    """The single-number corrections that resolve ``comparison``, judged on every comparison."""
    out = []
    for ident, c in comparison.coef.items():
        if c == 0:
            continue
        term = comparison.term[ident]
        if comparison.relation == "=":
            delta = -comparison.diff / c
        else:  # the smallest change that makes the inequality hold
            delta = -(comparison.diff - (comparison.tol if comparison.relation == "<=" else -comparison.tol)) / c
        current = _dec(term.printed) or _ZERO
        places = max((_decimals(t.printed) or 0) for t in comparison.term.values())
        new = (current + delta / Decimal(term.factor)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        if new < 0 <= current:
            continue  # an amount or a share does not turn negative
        delta = (new - current) * Decimal(term.factor)
        if not comparison.holds_after(ident, delta):
            continue
        cand = Candidate(ident, term, delta, format(new, "f"))
        for other in by_ident.get(ident, ()):
            ok = other.holds_after(ident, delta)
            if other.mismatch and ok:
                cand.resolves.append(other.row)
            elif not other.mismatch and not ok:
                cand.breaks.append(other.row)
        out.append(cand)
    return out


def index_by_ident(every: list[_Comparison]) -> dict[tuple, list[_Comparison]]:
    """The comparisons that read each printed number."""
    got: dict[tuple, list[_Comparison]] = {}
    for comp in every:
        for ident in comp.coef:
            got.setdefault(ident, []).append(comp)
    return got


def best(cands: list[Candidate]) -> list[Candidate]:
    """The candidates that resolve most and break least; a corroborated new value first, a
    current value printed the same elsewhere last."""
    if not cands:
        return []
    top = max(c.score for c in cands)
    chosen = [c for c in cands if c.score == top and not c.breaks]
    if not chosen:
        return []
    corroborated = [c for c in chosen if c.corroborated_by]
    if corroborated:
        return corroborated
    plain = [c for c in chosen if not c.current_corroborated]
    return plain or chosen


# -- the same quantity printed twice ----------------------------------------------------------
_JUNK = ("（类）", "(类)", "（款）", "（项）", "支出", "“", "”", " ", "\u3000")


def _norm(name: str) -> str:
    name = re.sub(r"^[\s（(]*[一二三四五六七八九十\d]+[、.．)）]\s*", "", name or "")
    for junk in _JUNK:
        name = name.replace(junk, "")
    return name


def only_item_of_class(ctx, subject: str) -> str | None:
    """The label of the one 项 a 类 named ``subject`` holds in the function tables, if it holds one."""
    wanted = _norm(subject)
    if not wanted or ctx is None:
        return None
    for table in ("T05", "T03", "T02"):
        rows = ctx.cells.coded_rows(table)
        codes = [r.code for r in rows if len(r.code) == 3 and _norm(r.label) == wanted]
        if not codes and rows:
            # 类 rows are not printed (the seed prints only 项): find the 类 by the 01表's label
            codes = [r.code for r in ctx.cells.coded_rows("T01", "expenditure")
                     if len(r.code) == 3 and _norm(r.label) == wanted]
        if not codes or not rows:
            continue
        items = {r.code: r.label for r in rows if len(r.code) == 7 and r.code.startswith(codes[0])}
        return next(iter(items.values())) if len(items) == 1 else None
    return None


def _significant(value: Decimal) -> bool:
    """A number distinctive enough that printing it twice is not a coincidence (e.g. 54.34, not 5)."""
    digits = value.normalize().as_tuple().digits
    return value != 0 and len(digits) >= 3


def corroborate(cand: Candidate, ctx) -> None:
    """Mark a text candidate whose new value is printed elsewhere for the same quantity, or whose
    current value is printed the same elsewhere (then it is less likely the wrong one)."""
    term = cand.term
    if term.source != "text" or ctx is None:
        return
    new, current = _dec(cand.new_value), _dec(term.printed)
    own = _norm(term.label)
    only = only_item_of_class(ctx, term.label)
    for st in ctx.statements:
        if st.get("metric") != term.measure or _dec(st.get("value")) is None:
            continue
        line = st.get("line")
        if line == term.line and st.get("subject") == term.label:
            continue
        if (st.get("unit") or "") != (term.unit or ""):
            continue
        value = _dec(st.get("value"))
        if new is not None and value == new and _significant(value) and cand.corroborated_by is None:
            other = _norm(st.get("subject"))
            if other == own:
                cand.corroborated_by = {**st, "why": "同一项目"}
            elif only is not None and other == _norm(only):
                cand.corroborated_by = {**st, "why": "该类只含此项"}
        if current is not None and value == current and _significant(value):
            cand.current_corroborated = True
