"""Pairings of a table's printed value rows with its printed labels, and how well each fits.

The proposal step of :mod:`hcfin.findings.misalign`. Rows are :class:`hcfin.checks.cells.Row`
objects of one table (one side) in printed order; a table printed in groups side by side is paired
one printed column at a time (:func:`lanes`). A pairing ``place`` maps each printed value row to the
label row its values belong to (None: placed nowhere). Candidates come from a dynamic programme
(monotone: a value row goes to a later label than the one before; labels may be left without values,
value rows left over, a block that exactly repeats an earlier one set aside) and from every simple
shift (from one row on, up to five rows either way). Each is scored by what the document itself
says: the table's own sums (parent = Σ children, 合计 = Σ 类) and the numbers other tables print for
the same code. Values are compared in exact integers (units of the table's finest printed decimal).
"""

from __future__ import annotations

from decimal import Decimal

SKIP = Decimal("0.5")  # a label left without values
LEFT_OVER = Decimal("1")  # a value row placed nowhere (a block repeating an earlier one: free)
PRINTED_BONUS = Decimal("0.001")  # the printed pairing wins ties
TIED = 16  # pairings of the best fit that are all run through the checks
BAND = 60  # how far (rows) a value row may be placed from where it is printed
_NEG = Decimal("-1e9")


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


def references(ctx, table: str) -> dict[str, set[Decimal]]:
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


def kept(place: list[int | None]) -> int:
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
    ranked = sorted(((_agreement(scorer, p, repeats), kept(p), k, p) for k, p in enumerate(found)),
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
