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

SKIP = 0.5  # a label left without values
LEFT_OVER = 1.0  # a value row placed nowhere (a block repeating an earlier one: free)
PRINTED_BONUS = 0.001  # the printed pairing wins ties
TIED = 16  # pairings of the best fit that are all run through the checks
BAND = 60  # how far (rows) a value row may be placed from where it is printed
_NEG = -1e9


# -- values ------------------------------------------------------------------------------------
def _number(fact) -> Decimal | None:
    """A cell's printed value (None: blank, or not a finite number)."""
    if fact is None or fact.value is None:
        return None
    try:
        value = Decimal(fact.value)
    except ArithmeticError:
        return None
    return value if value.is_finite() else None


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
    """Evidence for pairings of one printed column (``lane``: positions in the table's ``rows``),
    computed with numpy on exact integers (values in units of the table's finest printed decimal).
    The table's other columns keep their printed pairing; a parent's children may stand in another
    column. A parent's sum is judged per column: +1 where it holds (and is not 0 = 0), −1 where it
    fails, nothing where a child or the parent has no values."""

    BLOCK = 128  # pairings scored at once (bounds the memory of the batch)

    def __init__(self, rows, lane: list[int], refs):
        import numpy as np

        self.np = np
        self.lane = np.asarray(lane, dtype=np.int64)
        self.n, self.n_all = len(lane), len(rows)
        vectors = _vectors(rows)
        measures = sorted({m for vec in vectors for m in vec})
        places = max((-v.as_tuple().exponent for vec in vectors for v in vec.values() if v is not None), default=0)
        scale = max(0, min(places, 6))
        # row n_all: a blank row standing for "no row" (padding, or a label no values belong to)
        self.values = np.zeros((self.n_all + 1, max(len(measures), 1)), dtype=np.int64)
        self.present = np.zeros_like(self.values, dtype=bool)
        for r, vec in enumerate(vectors):
            for c, m in enumerate(measures):
                if vec.get(m) is not None:
                    self.values[r, c] = int(vec[m].scaleb(scale))
                    self.present[r, c] = True
        children = _children(rows)
        self.parents = np.asarray([r for r, kids in enumerate(children) if kids], dtype=np.int64)
        # half a unit of the last printed decimal per printed number of the sum
        self.slack = np.asarray([(len(children[r]) + 1) // 2 for r in self.parents], dtype=np.int64)
        # parent × row: 1 where the row is one of the parent's children (sums as a matrix product,
        # exact in floating point below 2**53 units)
        self.sum_of = np.zeros((len(self.parents), self.n_all + 1))
        for k, r in enumerate(self.parents):
            self.sum_of[k, children[r]] = 1.0
        self.values_f = self.values.astype(float)
        codes = [rows[a].code if rows[a].row_key is None else None for a in lane]
        significant = [{v for v in vectors[a].values() if _significant(v)} for a in lane]
        self.refs = np.array([[bool(code and significant[i] & refs.get(code, set())) for code in codes]
                              for i in range(self.n)], dtype=bool).reshape(self.n, self.n)
        self.children_of = {int(r): children[r] for r in self.parents}
        self.pos = {int(a): k for k, a in enumerate(lane)}

    def matrix(self, source: dict[int, int] | None = None):
        """score[i, j]: evidence that the values printed on lane row ``i`` are those of lane row
        ``j`` — numbers another table prints for the code, and the sum of its children read where
        ``source`` (a previous pairing, label -> value row) puts them, else at the same offset."""
        np = self.np
        n = self.n
        score = self.refs.astype(float) + np.eye(n) * PRINTED_BONUS
        rows_i = np.arange(n)
        for j in range(n):
            kids = self.children_of.get(int(self.lane[j]))
            if not kids:
                continue
            at = np.empty((n, len(kids)), dtype=np.int64)
            unknown = np.zeros(n, dtype=bool)
            for c, k in enumerate(kids):
                if k not in self.pos:
                    at[:, c] = k
                    continue
                pk = self.pos[k]
                where = np.full(n, source[pk]) if source is not None and pk in source else pk - j + rows_i
                unknown |= (where < 0) | (where >= n)
                at[:, c] = self.lane[np.clip(where, 0, n - 1)]
            score[:, j] += self._sums(self.lane, at, unknown, (len(kids) + 1) // 2)
        return score

    def _sums(self, parent_rows, kid_rows, unknown, slack):
        """Per value row, Σ over columns of the verdict on parent = Σ kids (see the class docstring)."""
        np = self.np
        parent = self.values[parent_rows]
        present = self.present[parent_rows]
        total = self.values[kid_rows].sum(axis=1)
        holds = np.abs(parent - total) <= slack
        verdict = np.where(~present & (total == 0), 0, np.where(holds, (total != 0).astype(np.int64), -1))
        return np.where(unknown, 0, verdict.sum(axis=1))

    def agreements(self, places, repeats: dict[int, int]) -> list[float]:
        """How well each pairing (a row of the integer array ``places``, −1: placed nowhere) fits:
        the table's own sums that hold minus those that fail, plus the rows whose numbers another
        table prints for the same code, less what the pairing leaves out (a label without values:
        SKIP; a value row placed nowhere, unless it repeats an earlier block: LEFT_OVER)."""
        np = self.np
        out: list[float] = []
        not_repeat = np.array([i not in repeats for i in range(self.n)])
        for start in range(0, len(places), self.BLOCK):
            block = places[start:start + self.BLOCK]
            count = len(block)
            placed = block >= 0
            source = np.tile(np.arange(self.n_all + 1), (count, 1))
            source[:, self.lane] = self.n_all  # a label no values belong to, until one is placed on it
            c_idx, i_idx = np.nonzero(placed)
            source[c_idx, self.lane[block[c_idx, i_idx]]] = self.lane[i_idx]
            unfilled = source == self.n_all
            unfilled[:, self.n_all] = False  # padding, not a label
            values = self.values_f[source]  # (pairings, rows, columns): each row's values as paired
            total = np.matmul(self.sum_of, values)  # Σ kids, per parent
            unknown = unfilled[:, self.parents] | (np.matmul(unfilled.astype(float), self.sum_of.T) > 0)
            parent = values[:, self.parents, :]
            present = self.present[source[:, self.parents]]
            holds = np.abs(parent - total) <= self.slack[None, :, None]
            verdict = np.where(~present & (total == 0), 0, np.where(holds, (total != 0).astype(np.int64), -1))
            sums = np.where(unknown, 0, verdict.sum(axis=2)).sum(axis=1)
            refs = (self.refs[np.arange(self.n)[None, :], np.clip(block, 0, None)] & placed).sum(axis=1)
            skipped = self.n - placed.sum(axis=1)
            left = (~placed & not_repeat[None, :]).sum(axis=1)
            out += list(sums + refs - SKIP * skipped - LEFT_OVER * left)
        return [float(x) for x in out]


def kept(place: list[int | None]) -> int:
    """Rows the pairing leaves where they are printed (of two pairings that fit equally, the one
    closer to the page is taken)."""
    return sum(1 for i, j in enumerate(place) if i == j)


def _shifts(rows, most: int = 5):
    """Every simple shift, as an array of pairings (−1: placed nowhere): from row ``start`` on,
    each row's values belong ``k`` rows away (up to the column's end, or to the summary rows printed
    after its last code, which keep their values)."""
    import numpy as np

    n = len(rows)
    end = n
    while end > 0 and rows[end - 1].row_key is not None:
        end -= 1
    i = np.arange(n)[None, None, :]
    k = np.array([k for k in range(-most, most + 1) if k])[None, :, None]
    out = []
    for stop in sorted({n, end}):
        start = np.arange(max(stop - 1, 0))[:, None, None]
        moved = (i >= start) & (i < stop)
        target = i + k
        inside = (target >= start) & (target < stop)
        out.append(np.where(moved, np.where(inside, target, -1), i).reshape(-1, n))
    return np.concatenate(out).astype(np.int64)


def _pairing(n: int, repeats: dict[int, int], score) -> list[int | None]:
    """The monotone pairing (value row -> label row or None) of highest total ``score[i, j]``."""
    score = score.tolist()
    # dp[l + 1]: best score with the last value row placed on label l (l = -1: none yet)
    dp = [0.0] + [_NEG] * n
    back: list[list[tuple]] = []
    for i in range(n):
        cost = 0.0 if i in repeats else LEFT_OVER
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
            cand = run + score[i][j]
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
            keep: int = 3) -> list[tuple[list[int | None], dict[int, int], float]]:
    """Pairings of one printed column's value rows with its labels that fit the document better
    than the printed one, best first (at most ``keep``; see the module docstring): the dynamic
    programme's, whose first round reads each row's children at its own offset and each next round
    where the previous one put them, and the simple shifts (from one row on, up to five rows either
    way). Positions in a pairing are positions in ``lane``; each comes with its fit
    (:meth:`_Scorer.agreements`)."""
    column = [rows[a] for a in lane]
    n = len(lane)
    repeats = _repeats(_vectors(column))
    scorer = _Scorer(rows, lane, refs)
    found: list[list[int | None]] = []
    source = None
    for _ in range(rounds):
        place = _pairing(n, repeats, scorer.matrix(source))
        if place in found or place == list(range(n)):
            break
        found.append(place)
        source = {j: i for i, j in enumerate(place) if j is not None}
    import numpy as np

    candidates = np.concatenate([np.array([[-1 if j is None else j for j in p] for p in found],
                                          dtype=np.int64).reshape(-1, n), _shifts(column)])
    printed, *fits = scorer.agreements(np.concatenate([np.arange(n)[None, :], candidates]), repeats)
    kept_rows = (candidates == np.arange(n)[None, :]).sum(axis=1)
    ranked = sorted(range(len(candidates)), key=lambda k: (-fits[k], -kept_rows[k], k))
    out: list[tuple[list[int | None], dict[int, int], float]] = []
    starts = set()
    for k in ranked:
        # pairings that fit equally well are all tried (the checks across tables tell them apart),
        # one per first moved row and its offset
        score = fits[k]
        if score <= printed + 1 or len(out) >= (TIED if score == fits[ranked[0]] else keep):
            break
        place = [None if j < 0 else int(j) for j in candidates[k]]
        first = next(((i, j) for i, j in enumerate(place) if i != j), None)
        if first in starts:
            continue
        starts.add(first)
        out.append((place, {i: r for i, r in repeats.items() if place[i] is None}, score))
    return out
