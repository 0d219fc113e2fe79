"""One shape for every check result, and the one way a comparison is judged.

Every rule kind returns rows with :data:`RESULT_COLUMNS`. A comparison of a reported quantity
with a computed one is judged on intervals (see :mod:`hcfin.intervals`):

- ``exact``: the computed point value (arithmetic on the printed numbers) lies in the reported
  value's rounding interval, i.e. the printed figures agree as printed;
- ``rounding``: not so, but the reported and computed intervals meet, so the gap is explained
  by the rounding of the printed numbers;
- ``mismatch``: the intervals do not meet;
- ``not_applicable``: nothing to compare (e.g. every cell of an empty table is blank);
- ``insufficient_data``: an input is missing or unreadable.

``binding`` is filled by the text-against-table kinds only: "明确" when the statement is bound
without ambiguity, else the Chinese reason it is not (and the row is then never error-level).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

from ..intervals import Interval
from .catalogue import Rule, status_text
from .cells import Operand

RESULT_COLUMNS = [
    "rule_id", "kind", "status", "severity", "category", "tables", "location",
    "reported", "computed", "difference",
    "reported_amount", "computed_amount", "difference_amount",  # the three above as numbers (NaN if not)
    "reported_low", "reported_high", "computed_low", "computed_high",
    "message", "lines", "binding",
]
STATUSES = ("exact", "rounding", "mismatch", "not_applicable", "insufficient_data")


def fmt(value: Decimal | None, decimals: int) -> str | None:
    """A Decimal as a plain string with ``decimals`` places (half-up), None stays None."""
    if value is None:
        return None
    q = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = format(q, "f")
    return "0" + text[2:] if text.startswith("-0") and Decimal(text) == 0 else text


def fmt_bound(value: Decimal | None) -> str | None:
    """An interval bound as a plain string, trimmed to at most 10 decimals (outward)."""
    if value is None:
        return None
    text = format(value.normalize(), "f")
    if "." in text and len(text.split(".")[1]) > 10:
        text = format(value.quantize(Decimal("1e-10")), "f")
    return text


def judge(reported: Interval, rep_point: Decimal, computed: Interval, comp_point: Decimal,
          relation: str = "=") -> str:
    """exact / rounding / mismatch for ``reported relation computed`` (relation =, <=, >=)."""
    if relation == "=":
        if reported.contains(comp_point) or rep_point == comp_point:
            return "exact"
        return "rounding" if reported.meets(computed) else "mismatch"
    if relation == "<=":
        if rep_point <= comp_point:
            return "exact"
        return "rounding" if reported.lo <= computed.hi else "mismatch"
    if relation == ">=":
        if rep_point >= comp_point:
            return "exact"
        return "rounding" if reported.hi >= computed.lo else "mismatch"
    raise ValueError(f"unknown relation {relation!r}")


@dataclass
class Emitter:
    """Builds result rows for one rule (fills id, kind, severity, tables and the message)."""

    rule: Rule

    def row(self, status: str, location: str, *, reported: str | None = None, computed: str | None = None,
            difference: str | None = None, rep_iv: Interval | None = None, comp_iv: Interval | None = None,
            lines: list[int] | None = None, note: str = "", computed_blank: bool = False, **values) -> dict:
        """One result row; the message is the rule's template plus the status wording."""
        fields = {"location": location, "reported": reported if reported is not None else "空白",
                  "computed": computed if computed is not None else ("空白" if computed_blank else "—"),
                  "difference": difference if difference is not None else "—", **values}
        compared = reported is not None or computed is not None
        body = _format(self.rule.message, fields) if compared else location
        wording = status_text(status if difference is not None or status not in ("exact", "mismatch", "rounding")
                              else f"{status}_plain")
        tail = _format(wording, fields)
        message = f"{body}：{tail}" if body else tail
        if note:
            message = f"{message}（{note}）"
        return {
            "rule_id": self.rule.id, "kind": self.rule.kind, "status": status,
            "severity": self.rule.severity, "category": self.rule.category or "numeric",
            "tables": ",".join(self.rule.tables), "location": location,
            "reported": reported, "computed": computed, "difference": difference,
            "reported_amount": _number(reported), "computed_amount": _number(computed),
            "difference_amount": _number(difference),
            "reported_low": fmt_bound(rep_iv.lo) if rep_iv else None,
            "reported_high": fmt_bound(rep_iv.hi) if rep_iv else None,
            "computed_low": fmt_bound(comp_iv.lo) if comp_iv else None,
            "computed_high": fmt_bound(comp_iv.hi) if comp_iv else None,
            "message": message, "lines": sorted(set(lines or [])), "binding": None,
        }

    def compare(self, location: str, reported: Operand, computed: Operand, relation: str = "=",
                note: str = "", **values) -> dict:
        """Judge two amount operands and emit the row (missing / unreadable / all blank handled)."""
        lines = reported.lines + computed.lines
        problems = reported.missing + computed.missing + reported.unreadable + computed.unreadable
        if problems:
            return self.row("insufficient_data", location, lines=lines, note="；".join(problems), **values)
        if reported.all_blank and computed.all_blank:
            return self.row("not_applicable", location, lines=lines, note="相关单元格均为空白", **values)
        decimals = max(reported.decimals, computed.decimals)
        status = judge(reported.interval, reported.point, computed.interval, computed.point, relation)
        blanks = reported.n_blank + computed.n_blank
        notes = [n for n in (note, *reported.notes, *computed.notes,
                             f"{blanks}个空白单元格按0计" if blanks else "") if n]
        if reported.all_blank:
            rep_text = None
        else:
            rep_text = reported.printed if reported.printed is not None else fmt(reported.point, decimals)
        row = self.row(status, location,
                        reported=rep_text, computed_blank=computed.all_blank,
                        computed=None if computed.all_blank else fmt(computed.point, decimals),
                        difference=fmt(reported.point - computed.point, decimals),
                        rep_iv=reported.interval, comp_iv=computed.interval, lines=lines,
                        note="；".join(notes), **values)
        # the printed numbers of reported − computed, for error localisation (hcfin.findings)
        row["_terms"] = reported.terms + tuple((t, -k) for t, k in computed.terms)
        row["_relation"] = relation
        return row


def _number(text: str | None) -> float:
    """A printed number as a float; NaN when missing or not a number (e.g. a table name)."""
    try:
        return float(Decimal(text)) if text is not None else float("nan")
    except (ArithmeticError, ValueError, TypeError):
        return float("nan")


class _Default(dict):
    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _format(template: str, fields: dict) -> str:
    return template.format_map(_Default(fields)) if template else ""
