"""Mutation recall of narrative numbers: how many stated numbers, when changed, make a check fail.

Not a timing. For each document, every statement read with status ok is changed in turn (by 5 % of its
value plus seven units of its last printed digit) and the checks are run again; a number counts as
covered when a new mismatch cites its line. A number no rule reads (a project's description, a count)
is not covered; the figure says how much of the 情况说明 the rule catalogue actually checks.

Run: ``python benchmarks/narrative_recall.py [PATH ...]`` (default: every disclosure in data/raw/).
"""

from __future__ import annotations

import argparse
import sys
from decimal import Decimal

from timing import ROOT


def recall(path) -> tuple[int, int]:
    import pandas as pd

    import hcfin

    d = hcfin.load(path)
    base = hcfin.reconcile(d).results
    known = set(zip(base["rule_id"], base["location"], base["status"], base["reported"].astype(str)))
    s = d.statements
    rows = s[s["value"].notna() & (s["status"] == "ok")].index
    covered = 0
    for i in rows:
        changed = s.copy()
        value, decimals = Decimal(changed.at[i, "value"]), int(changed.at[i, "decimals"] or 0)
        step = Decimal(1).scaleb(-decimals)
        changed.at[i, "value"] = format(value + 7 * step + (value * Decimal("0.05")).quantize(step), "f")
        mutant = _WithStatements(d, changed)
        r = hcfin.reconcile(mutant).results
        keys = pd.Series(list(zip(r["rule_id"], r["location"], r["status"], r["reported"].astype(str))), index=r.index)
        new = r[(r["status"] == "mismatch") & ~keys.isin(known)]
        covered += bool(new["lines"].map(lambda ls, line=int(changed.at[i, "line"]): line in ls).any())
    return covered, len(rows)


class _WithStatements:
    def __init__(self, d, statements):
        self.__dict__.update({k: getattr(d, k) for k in ("meta", "document", "tables_found", "issues", "facts")})
        self.statements = statements


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("paths", nargs="*")
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    paths = args.paths or sorted(p for p in (ROOT / "data" / "raw").iterdir()
                                 if p.suffix in (".txt", ".pdf", ".html") and "blank" not in p.name)
    for path in paths:
        covered, total = recall(path)
        print(f"{covered:4d}/{total:<4d} = {covered / total:6.1%}  {path}")


if __name__ == "__main__":
    main()
