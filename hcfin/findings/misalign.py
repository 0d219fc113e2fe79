"""A table whose values are misaligned with its row labels, found and confirmed.

A page can print a table's codes and names correctly while its value columns belong to other
rows: shifted by k rows from some row on, the values of another table's row list laid over this
table's codes (rows without money of this kind skipped), or a block of rows printed again. Every
check that reads such a table then fails, and one printing defect becomes dozens of findings.

Detection has two steps, and nothing is reported unless the second one confirms the first:

1. **Proposal.** The printed value rows are aligned to the printed labels by dynamic programming
   (monotone: a value row goes to a later label than the one before; labels may be left without
   values, value rows may be left over, and a block that repeats an earlier block exactly may
   be set aside). A pairing (value row *i*, label *j*) is scored by what the document itself
   says: the value row equals the sum of the value rows its children would have under the same
   offset (the table's own hierarchy), and its numbers are printed for the same code in another
   table. The printed pairing is preferred on ties.
2. **Confirmation.** Every rule that reads the table is run again on the table as re-paired
   (:func:`hcfin.checks.engine.evaluate`; no printed number is changed, moved numbers keep their
   lines). The misalignment is accepted only when the re-pairing makes the table's own sums agree
   where the printed pairing fails them, resolves many mismatches and breaks next to no check that
   agrees as printed.

The mismatches the re-pairing resolves are then explained by the one defect: the findings room
lists them under one finding (:mod:`hcfin.findings.build`); those that remain are left as they are,
with what the re-paired table gives for them.
"""

from __future__ import annotations

import copy
import dataclasses
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

import pandas as pd

from ..schema import TABLE_NAMES

MIN_MISMATCHES = 3  # mismatches that read one table before a misalignment is looked for
MIN_RESOLVED = 4  # mismatches the re-pairing must resolve
SKIP = Decimal("0.5")  # a label left without values
LEFT_OVER = Decimal("1")  # a value row placed nowhere (a block repeating an earlier one: free)
PRINTED_BONUS = Decimal("0.001")  # the printed pairing wins ties
NEAR = 2  # checks by which a pairing closer to the page may fall behind the best one
TIED = 16  # pairings of the best fit that are all run through the checks
BAND = 60  # how far (rows) a value row may be placed from where it is printed
_NEG = Decimal("-1e9")


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
    fit: Decimal = Decimal(0)  # how well the pairing fits the table's own sums and the other tables
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


# -- values ------------------------------------------------------------------------------------
def _number(fact) -> Decimal | None:
    if fact is None or fact.value is None:
        return None
    try:
        return Decimal(fact.value)
    except ArithmeticError:
        return None


def _vectors(rows) -> list[dict[str, Decimal | None]]:
    return [{m: _number(f) for m, f in row.cells.items()} for row in rows]


def _significant(value: Decimal | None) -> bool:
    """Distinctive enough that the same number printed twice is not a coincidence."""
    return value is not None and value != 0 and len(value.normalize().as_tuple().digits) >= 3


def row_line(row) -> int | None:
    lines = [f.line for f in row.cells.values() if f.line is not None]
    return min(lines) if lines else None


def _children(rows) -> list[list[int]]:
    """Per row, the rows one printed level below it: a code's nearest printed descendants, and
    for the table's 合计 row (row key ``total``) the top-level codes."""
    codes = [(r.code if r.code and r.row_key is None else None) for r in rows]
    out: list[list[int]] = [[] for _ in rows]
    printed = set(c for c in codes if c)
    tops = []
    for k, code in enumerate(codes):
        if not code:
            continue
        parent = next((code[:n] for n in range(len(code) - 1, 0, -1) if code[:n] in printed), None)
        if parent is None:
            tops.append(k)
        else:
            out[codes.index(parent)].append(k)
    for k, row in enumerate(rows):
        if row.row_key == "total":
            out[k] = tops
    return out


def _squash(text) -> str:
    return "".join(str(text or "").split())


def lanes(rows, document=None) -> list[list[int]]:
    """The printed columns of a table, as lists of row positions in printed order: one for a table
    printed as one column of rows; for a table printed in groups side by side (06表: 人员经费 |
    公用经费 …, read row by row), one per group — the rows whose code (or name, for a 合计 row)
    stands in the same column of the printed grid. Without the printed grid, or when a row's code
    cannot be found on it, the table is taken as one column."""
    everything = [list(range(len(rows)))]
    grid_row: dict[int, list] = {}
    for block in getattr(document, "blocks", None) or ():
        for cells in getattr(block, "rows", None) or ():
            for cell in cells:
                for line in (cell.lines or (cell.loc.line,)):
                    grid_row.setdefault(line, cells)
    if not grid_row:
        return everything
    by_column: dict[int, list[int]] = {}
    for k, row in enumerate(rows):
        lines = [f.line for f in row.cells.values() if f.line is not None]
        cells = grid_row.get(lines[0]) if lines else None
        wanted = _squash(row.code if row.code and row.row_key is None else row.label)
        column = next((n for n, cell in enumerate(cells or ()) if _squash(cell.text) == wanted), None)
        if column is None:
            return everything
        by_column.setdefault(column, []).append(k)
    return list(by_column.values()) if len(by_column) > 1 else everything


def _repeats(vectors) -> dict[int, int]:
    """Rows that print an earlier block of at least two rows again, exactly (row -> earlier row)."""
    out: dict[int, int] = {}
    n = len(vectors)
    keyed = [tuple(sorted((m, v) for m, v in vec.items() if v is not None)) for vec in vectors]
    for start in range(1, n):
        if start in out:
            continue
        for earlier in range(start):
            length = 0
            while (start + length < n and earlier + length < start and
                   keyed[start + length] == keyed[earlier + length]):
                length += 1
            block = [v for k in range(start, start + length) for _m, v in keyed[k]]
            if length >= 2 and sum(1 for v in block if _significant(v)) >= 2 and len(set(block)) >= 2:
                for k in range(length):
                    out[start + k] = earlier + k
                break
    return out


def _references(ctx, table: str) -> dict[str, set[Decimal]]:
    """Significant numbers printed for each code in the other tables."""
    refs: dict[str, set[Decimal]] = {}
    for (other, _side), rows in ctx.cells.rows.items():
        if other == table:
            continue
        for row in rows:
            if not row.code or row.row_key is not None:
                continue
            values = {v for v in (_number(f) for f in row.cells.values()) if _significant(v)}
            refs.setdefault(row.code, set()).update(values)
    return refs


# -- proposal ----------------------------------------------------------------------------------
class _Scorer:
    """Evidence for pairings of one printed column (``lane``: positions in the table's ``rows``) in
    exact integers (values in units of the table's finest printed decimal). The table's other
    columns keep their printed pairing; a parent's children may stand in another column."""

    def __init__(self, rows, lane: list[int], refs):
        self.rows, self.lane, self.refs = rows, lane, refs
        self.pos = {a: k for k, a in enumerate(lane)}
        vectors = _vectors(rows)
        places = max((-v.as_tuple().exponent for vec in vectors for v in vec.values() if v is not None), default=0)
        self.scale = max(0, min(places, 6))
        self.ints = [{m: (None if v is None else int(v.scaleb(self.scale))) for m, v in vec.items()}
                     for vec in vectors]
        self.significant = [[v for v in vectors[a].values() if _significant(v)] for a in lane]
        self.children = _children(rows)
        self.n = len(lane)

    def _fits(self, parent: int, kids: list[int]) -> int:
        """+1 per column where the parent's values (row ``parent``) equal the sum of the rows
        ``kids``, −1 per column where they differ (blank = 0; nothing counted for 0 = 0)."""
        slack = (len(kids) + 1) // 2  # half a unit of the last printed decimal per printed number
        got = 0
        for measure, value in self.ints[parent].items():
            total = sum(self.ints[k].get(measure) or 0 for k in kids)
            if value is None and total == 0:
                continue
            if abs((value or 0) - total) <= slack:
                got += 1 if total != 0 else 0
            else:
                got -= 1
        return got

    def _value_row(self, label: int, source: dict[int, int] | None, offset: int) -> int | None:
        """The table row whose values belong to table row ``label`` (None: none, or out of range)."""
        if label not in self.pos:
            return label
        k = self.pos[label]
        got = source.get(k, k - offset) if source is not None else k - offset
        return self.lane[got] if 0 <= got < self.n else None

    def score(self, i: int, j: int, source: dict[int, int] | None = None) -> Decimal:
        """Evidence that the values printed on lane row ``i`` are those of lane row ``j``: its
        children read where ``source`` (a previous pairing, label -> value row) places them, else
        at the same offset as ``i`` from ``j``."""
        got = PRINTED_BONUS if i == j else Decimal(0)
        label = self.rows[self.lane[j]]
        code = label.code if label.row_key is None else None
        if code and any(v in self.refs.get(code, ()) for v in self.significant[i]):
            got += 1
        kids = self.children[self.lane[j]]
        if kids:
            at = [self._value_row(k, source, j - i) for k in kids]
            if None not in at:
                got += self._fits(self.lane[i], at)
        return got

    def agreement(self, place: list[int | None]) -> Decimal:
        """How well a whole pairing fits: the table's own sums that hold minus those that fail (per
        column; a sum with a child no values belong to is not counted), plus the rows whose numbers
        another table prints for the same code, less what the pairing leaves out (as in the
        dynamic programme: a label without values, a value row placed nowhere)."""
        source = {j: i for i, j in enumerate(place) if j is not None}
        score = Decimal(0)
        for parent, kids in enumerate(self.children):
            if not kids or (parent not in self.pos and not any(k in self.pos for k in kids)):
                continue
            at = [self._value_row(k, source, 0) if k not in self.pos or self.pos[k] in source else None
                  for k in [parent] + kids]
            if None not in at:
                score += self._fits(at[0], at[1:])
        for j, i in source.items():
            label = self.rows[self.lane[j]]
            code = label.code if label.row_key is None else None
            if code and any(v in self.refs.get(code, ()) for v in self.significant[i]):
                score += 1
        score -= SKIP * (self.n - len(source))
        return score


def _agreement(scorer: "_Scorer", place: list[int | None], repeats: dict[int, int]) -> Decimal:
    """:meth:`_Scorer.agreement` less the cost of value rows placed nowhere (a repeat is free)."""
    left = sum(1 for i, j in enumerate(place) if j is None and i not in repeats)
    return scorer.agreement(place) - LEFT_OVER * left


def _kept(place: list[int | None]) -> int:
    """Rows the pairing leaves where they are printed (of two pairings that fit equally, the one
    closer to the page is taken)."""
    return sum(1 for i, j in enumerate(place) if i == j)


def _shifts(rows, most: int = 5):
    """Every simple shift: from row ``start`` on, each row's values belong ``k`` rows away (up to the
    column's end, or to the summary rows printed after its last code, which keep their values)."""
    n = len(rows)
    end = n
    while end > 0 and rows[end - 1].row_key is not None:
        end -= 1
    for stop in sorted({n, end}):
        for start in range(stop - 1):
            for k in range(-most, most + 1):
                if k:
                    yield [i if not start <= i < stop else (i + k if start <= i + k < stop else None)
                           for i in range(n)]


def _pairing(n: int, repeats: dict[int, int], score) -> list[int | None]:
    """The monotone pairing (value row -> label row or None) of highest total ``score(i, j)``."""
    # dp[l + 1]: best score with the last value row placed on label l (l = -1: none yet)
    dp = [Decimal(0)] + [_NEG] * n
    back: list[list[tuple]] = []
    for i in range(n):
        cost = Decimal(0) if i in repeats else LEFT_OVER
        new = [v - cost if v > _NEG else _NEG for v in dp]
        how = [("left", l) for l in range(-1, n)]
        run, run_from = _NEG, -1
        for j in range(n):
            # best predecessor l < j, each label skipped between l and j costing SKIP
            run = run - SKIP if run > _NEG else _NEG
            if dp[j] > run:
                run, run_from = dp[j], j - 1
            if abs(j - i) > BAND or run <= _NEG:
                continue
            cand = run + score(i, j)
            if cand > new[j + 1]:
                new[j + 1], how[j + 1] = cand, ("place", run_from)
        back.append(how)
        dp = new
    ends = [dp[l + 1] - SKIP * (n - 1 - l) if dp[l + 1] > _NEG else _NEG for l in range(-1, n)]
    last = max(range(-1, n), key=lambda l: (ends[l + 1], -abs(l - (n - 1))))
    place: list[int | None] = [None] * n
    for i in range(n - 1, -1, -1):
        kind, before = back[i][last + 1]
        if kind == "place":
            place[i] = last
            last = before
    return place


def propose(rows, lane: list[int], refs, rounds: int = 3,
            keep: int = 3) -> list[tuple[list[int | None], dict[int, int], Decimal]]:
    """Pairings of one printed column's value rows with its labels that fit the document better
    than the printed one, best first (at most ``keep``; see the module docstring): the dynamic
    programme's, whose first round reads each row's children at its own offset and each next round
    where the previous one put them, and the simple shifts (from one row on, up to five rows either
    way). Positions in a pairing are positions in ``lane``; each comes with its fit
    (:func:`_agreement`)."""
    column = [rows[a] for a in lane]
    n = len(lane)
    repeats = _repeats(_vectors(column))
    scorer = _Scorer(rows, lane, refs)
    found: list[list[int | None]] = []
    source = None
    for _ in range(rounds):
        place = _pairing(n, repeats, lambda i, j: scorer.score(i, j, source))
        if place in found:
            break
        found.append(place)
        source = {j: i for i, j in enumerate(place) if j is not None}
    found += [p for p in _shifts(column) if p not in found]
    printed = _agreement(scorer, list(range(n)), repeats)
    ranked = sorted(((_agreement(scorer, p, repeats), _kept(p), k, p) for k, p in enumerate(found)),
                    key=lambda t: (-t[0], -t[1], t[2]))
    out: list[tuple[list[int | None], dict[int, int], Decimal]] = []
    starts = set()
    for score, _kept_rows, _k, place in ranked:
        # pairings that fit equally well are all tried (the checks across tables tell them apart),
        # one per first moved row and its offset
        if score <= printed + 1 or len(out) >= (TIED if score == ranked[0][0] else keep):
            break
        first = next(((i, j) for i, j in enumerate(place) if i != j), None)
        if first in starts:
            continue
        starts.add(first)
        out.append((place, {i: k for i, k in repeats.items() if place[i] is None}, score))
    return out


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
            refs = _references(ctx, table) if refs is None else refs
            confirmed = []
            for place, repeats, fit in propose(table_rows, lane, refs):
                mis = Misalignment(table, side, rows, place, repeats, fit=fit)
                if _confirm(report, mis):
                    confirmed.append(mis)
            if confirmed:  # of the pairings the checks find about as good, the best fit, then the closest to the page
                top = max(m.net for m in confirmed)
                tied = [m for m in confirmed if m.net >= top - NEAR]
                best = max(tied, key=lambda m: (m.fit, _kept(m.place)))
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
