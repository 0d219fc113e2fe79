"""A table whose values are misaligned with its row labels, found and confirmed.

A page can print a table's codes and names correctly while its value columns belong to other
rows: shifted by k rows from some row on, the values of another table's row list laid over this
table's codes (rows without money of this kind skipped), or a block of rows printed again. Every
check that reads such a table then fails, and one printing defect becomes dozens of findings.

Detection has two steps, and nothing is reported unless the second one confirms the first:

1. **Proposal** (:mod:`hcfin.findings.pairing`): pairings of the value rows with the labels that fit
   the table's own sums and the other tables' numbers for the same codes better than the printed
   one (a dynamic programme and every simple shift; 06表's side-by-side groups one at a time).
2. **Confirmation.** Every rule that reads the table is run again on the table as re-paired
   (:func:`hcfin.checks.engine.evaluate`; no printed number is changed, moved numbers keep their
   lines). A pairing is accepted only when at least :data:`MIN_RESOLVED` mismatches then agree,
   two of them the table's own sums, at most a quarter of its own sums still fail, and it breaks at
   most one agreeing check in ten. Of the accepted pairings, those the checks find about as good
   (within :data:`NEAR` checks) are compared by their fit and then by how close they stay to the
   page; rows on which they differ are said to be uncertain.

The mismatches the re-pairing resolves are then explained by the one defect: the findings room
lists them under one finding (:mod:`hcfin.findings.build`); those that still fail are left as they
are, with what the re-paired table gives for them.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass, field

import pandas as pd

from ..schema import TABLE_NAMES
from .pairing import kept, lanes, propose, references, row_line

MIN_MISMATCHES = 3  # mismatches that read one table before a misalignment is looked for
MIN_RESOLVED = 4  # mismatches the re-pairing must resolve
NEAR = 2  # checks by which a pairing closer to the page may fall behind the best one


@dataclass
class Misalignment:
    """A table (one side, one printed column of rows: see :func:`lanes`) whose value rows are
    re-paired with its labels, and what that explains.

    ``place[i]`` is the label row the values printed on row ``i`` belong to (None: placed nowhere);
    ``repeats[i]`` the earlier row whose values row ``i`` prints again. ``rows`` are the column's
    rows in printed order (:class:`hcfin.checks.cells.Row`).
    """

    table: str
    side: str | None
    rows: list
    place: list[int | None]
    repeats: dict[int, int]
    fit: float = 0.0  # how well the pairing fits the table's own sums and the other tables
    explained: list[int] = field(default_factory=list)  # result rows resolved by the re-pairing
    remaining: dict[int, str] = field(default_factory=dict)  # result row -> its message re-paired
    broken: list[str] = field(default_factory=list)  # agreeing as printed, not re-paired
    own_before: int = 0  # mismatches of the table's own identities, as printed
    own_after: int = 0  # … and re-paired
    net: int = 0  # checks agreeing minus checks failing, re-paired (to choose between pairings)
    uncertain: list[int] = field(default_factory=list)  # rows another pairing that fits as well places elsewhere

    @property
    def moved(self) -> list[int]:
        """Printed rows whose values belong elsewhere (or nowhere)."""
        return [i for i, j in enumerate(self.place) if j != i]

    @property
    def unfilled(self) -> list[int]:
        """Label rows that no printed values belong to."""
        taken = {j for j in self.place if j is not None}
        return [j for j in range(len(self.rows)) if j not in taken]


# -- confirmation ------------------------------------------------------------------------------
def _repaired_cells(cells, mis: "Misalignment"):
    """A copy of the cell index whose rows of the misaligned column carry the re-paired values."""
    from ..checks.cells import Row

    by_label = {j: i for i, j in enumerate(mis.place) if j is not None}
    replaced = {}
    for j, label in enumerate(mis.rows):  # a label no values belong to: its numbers were not printed
        cells_of = dict(mis.rows[by_label[j]].cells) if j in by_label else {}
        replaced[id(label)] = Row(label.table, label.side, label.label, label.code, label.row_key, label.row_no,
                                  cells_of)
    key = (mis.table, mis.side)
    new_rows = [replaced.get(id(row), row) for row in cells.rows[key]]
    out = copy.copy(cells)
    out.rows = {**cells.rows, key: new_rows}
    out.by_key = {k: v for k, v in cells.by_key.items() if (k[0], k[1]) != key}
    for row in new_rows:
        if row.key is not None:
            out.by_key.setdefault((mis.table, mis.side, row.key), row)
    out._coded, out._aggregates = {}, {}
    return out


def _reads(terms_entry, table: str, side, keys: set[str]) -> bool:
    """Whether a check read a cell of one of the rows ``keys`` (codes or row keys) of ``table``."""
    row_terms, _relation = terms_entry
    return any(t.table == table and (side is None or t.side in (None, side)) and t.key in keys for t, _k in row_terms)


def _confirm(report, mis: Misalignment) -> bool:
    """Run every rule that reads the table on the re-paired table; fill ``mis`` with what that
    explains, and say whether the evidence is strong enough to report it (see the module docstring)."""
    from ..checks.engine import evaluate

    ctx = report.context
    results = report.results.reset_index(drop=True)
    terms = list(report.terms)
    rule_ids = [r.id for r in ctx.catalogue.rules if mis.table in (r.tables or ())]
    own = {r.id for r in ctx.catalogue.rules if tuple(r.tables or ()) == (mis.table,) and not r.statements}
    again, _terms = evaluate(dataclasses.replace(ctx, cells=_repaired_cells(ctx.cells, mis), cache={}), rule_ids)
    failing: Counter = Counter()
    agreeing: Counter = Counter()
    message_after: dict[tuple, str] = {}
    for rid, loc, status, message in zip(again["rule_id"], again["location"], again["status"], again["message"]):
        key = (rid, str(loc))
        if status == "mismatch":
            failing[key] += 1
            message_after.setdefault(key, str(message))
        elif status in ("exact", "rounding"):
            agreeing[key] += 1
    keys = {mis.rows[k].key for k in set(mis.moved) | set(mis.unfilled)} - {None}
    wanted = set(rule_ids)
    agreed = own_agreed = 0
    for row, (rid, loc, status) in enumerate(zip(results["rule_id"], results["location"], results["status"])):
        if rid not in wanted or status != "mismatch":
            continue
        key = (rid, str(loc))
        mis.own_before += rid in own
        reads = _reads(terms[row], mis.table, mis.side, keys) if row < len(terms) and terms[row][0] else True
        if failing[key] > 0:
            failing[key] -= 1
            if reads:  # the check reads a moved number and fails either way
                mis.remaining[row] = message_after[key]
            continue
        if not reads:
            continue
        mis.explained.append(row)
        if agreeing[key] > 0:
            agreeing[key] -= 1
            agreed += 1
            own_agreed += rid in own
    statuses = again["status"]
    mis.net = int(statuses.isin(["exact", "rounding"]).sum()) - int(statuses.eq("mismatch").sum())
    mis.own_after = sum(1 for rid, status in zip(again["rule_id"], statuses) if status == "mismatch" and rid in own)
    mis.broken = [f"{rid} {loc}" for (rid, loc), n in failing.items() for _ in range(n)]
    return (agreed >= MIN_RESOLVED and own_agreed >= 2 and mis.own_after * 4 <= mis.own_before
            and len(mis.broken) * 10 <= agreed)


def detect(report) -> list[Misalignment]:
    """The confirmed misaligned tables of a :class:`hcfin.checks.CheckReport` (usually none).

    Cheap for a document without such a defect: only a table that at least
    :data:`MIN_MISMATCHES` mismatches read is examined, and the rules are run again only when the
    proposed pairing differs from the printed one.
    """
    ctx = report.context
    if ctx is None or not report.terms:
        return []
    results = report.results
    counts: Counter = Counter()
    for status, (row_terms, _rel) in zip(results["status"].tolist(), report.terms):
        if status == "mismatch":
            for key in {(t.table, t.side) for t, _k in row_terms if t.source == "table"}:
                counts[key] += 1
    found = []
    for (table, side), table_rows in ctx.cells.rows.items():
        if not any(counts[(table, s)] >= MIN_MISMATCHES for s in (side, None)):
            continue
        refs = None
        for lane in lanes(table_rows, getattr(ctx, "document", None)):
            rows = [table_rows[k] for k in lane]
            if len(rows) < 4:
                continue
            refs = references(ctx, table) if refs is None else refs
            confirmed = []
            for place, repeats, fit in propose(table_rows, lane, refs):
                mis = Misalignment(table, side, rows, place, repeats, fit=fit)
                if _confirm(report, mis):
                    confirmed.append(mis)
            if confirmed:  # of the pairings the checks find about as good, the best fit, then the closest to the page
                top = max(m.net for m in confirmed)
                tied = [m for m in confirmed if m.net >= top - NEAR]
                best = max(tied, key=lambda m: (m.fit, kept(m.place)))
                best.uncertain = [i for i in range(len(rows)) if len({m.place[i] for m in tied}) > 1]
                found.append(best)
    return found


# -- wording -----------------------------------------------------------------------------------
def table_short(table: str) -> str:
    """"05表" for T05."""
    return f"{table[1:]}表" if len(table) == 3 and table[1:].isdigit() else table


def _name(row) -> str:
    return f"{row.code} {row.label}".strip() if row.code and row.row_key is None else row.label


def _at(row) -> str:
    line = row_line(row)
    return f"第{line}行（{_name(row)}）" if line else f"（{_name(row)}）"


def span(mis: Misalignment, first: int, last: int) -> str:
    a, b = mis.rows[first], mis.rows[last]
    la, lb = row_line(a), row_line(b)
    if first == last:
        return _at(a)
    lines = f"第{la}–{lb}行" if la and lb else ""
    return f"{lines}（{_name(a)}至{_name(b)}）"


def _blank(row) -> bool:
    return all(f.value is None for f in row.cells.values())


def segments(mis: Misalignment) -> list[tuple[str, int, int, int | None]]:
    """Runs of printed rows: ("aligned"|"shifted"|"repeat"|"blank"|"nowhere", first, last, offset)."""
    out: list[tuple[str, int, int, int | None]] = []
    for i, j in enumerate(mis.place):
        if j is not None:
            kind, off = ("aligned" if j == i else "shifted"), j - i
        elif i in mis.repeats:
            kind, off = "repeat", mis.repeats[i] - i
        else:
            kind, off = ("blank" if _blank(mis.rows[i]) else "nowhere"), None
        if out and out[-1][0] == kind and out[-1][3] == off and out[-1][2] == i - 1:
            out[-1] = (kind, out[-1][1], i, off)
        else:
            out.append((kind, i, i, off))
    return out


def describe(mis: Misalignment) -> str:
    """The Chinese account of the misalignment, run by run."""
    parts = []
    for kind, first, last, off in segments(mis):
        where = span(mis, first, last)
        if kind == "aligned":
            parts.append(f"{where}数值与行次一致")
        elif kind == "shifted":
            side = "下" if off > 0 else "上"
            target = _name(mis.rows[first + off]) if first == last else \
                f"{_name(mis.rows[first + off])}至{_name(mis.rows[last + off])}"
            parts.append(f"{where}所印数值{'依次' if first != last else ''}属于{side}方{abs(off)}行的"
                         f"{target}")
        elif kind == "repeat":
            parts.append(f"{where}重复印出{span(mis, first + off, last + off)}的数值")
        elif kind == "blank":
            parts.append(f"{where}各栏空白")
        else:
            parts.append(f"{where}所印数值不属于本表任何一行")
    if mis.uncertain:
        parts.append(f"{span(mis, mis.uncertain[0], mis.uncertain[-1])}所印数值属于哪一行不能唯一确定"
                     f"（另有对齐方式与各表核对同样相符），以上按最接近原表的对齐说明")
    empty = [_name(mis.rows[j]) for j in mis.unfilled]
    if empty:
        parts.append(f"{'、'.join(empty)}没有对应的数值（本表似不应有此{'几' if len(empty) > 1 else ''}行）")
    return "；".join(parts)


def summary(mis: Misalignment) -> str:
    """One line: which table, from which row, how many checks it explains."""
    first = mis.moved[0]
    rows = len(mis.moved)
    return (f"{TABLE_NAMES.get(mis.table, mis.table)}（{table_short(mis.table)}）数值与行次错位：自{_at(mis.rows[first])}起"
            f"{rows}行所印数值不属于本行，由此引起{len(mis.explained)}项核对不符（并入本条）")


def diagnosis(mis: Misalignment, results: pd.DataFrame, others: list[str] = ()) -> str:
    """How the values were re-paired, and what the re-paired table gives (``others``: the findings
    that remain mismatched once re-paired)."""
    rules = Counter(str(results.iloc[r]["rule_id"]) for r in mis.explained)
    listed = "、".join(f"{rid}×{n}" if n > 1 else rid for rid, n in rules.items())
    own = (f"本表各级汇总由{mis.own_before}项不符变为{'全部相符' if not mis.own_after else f'{mis.own_after}项不符'}")
    ids = f"（{'、'.join(others)}）" if others else ""
    rest = f"；另有{len(mis.remaining)}项重新对齐后仍不符，另列{ids}" if mis.remaining else ""
    broken = f"；原本相符的{len(mis.broken)}项变为不符：{'、'.join(mis.broken)}" if mis.broken else ""
    return (f"{table_short(mis.table)}数值与行次错位：{describe(mis)}。按此重新对齐（不改动任何印出的数字，只改变数值与行次的对应），"
            f"{own}，{len(mis.explained)}项不符（{listed}）全部消除{rest}{broken}。")


def where_values_belong(mis: Misalignment, i: int) -> str:
    """For one printed row: whose values it prints, and whether any values belong to it."""
    parts = []
    j = mis.place[i]
    if j is not None and j != i:
        parts.append(f"所印数值属于{_name(mis.rows[j])}")
    elif j is None and i in mis.repeats:
        parts.append(f"所印数值重复{_at(mis.rows[mis.repeats[i]])}")
    elif j is None and _blank(mis.rows[i]):
        parts.append("各栏空白")
    elif j is None:
        parts.append("所印数值不属于本表任何一行")
    if i in mis.unfilled:
        parts.append("没有属于本行的数值")
    return "；".join(parts)


def row_values(row, ctx=None) -> str:
    """The row's printed values with their column names ("合计17127.62、基本支出7374.19、项目支出空白")."""
    def name(measure):
        return ctx.measure_name(row.table, measure) if ctx is not None else measure
    return "、".join(f"{name(m)}{f.value if f.value is not None else '空白'}" for m, f in row.cells.items())
