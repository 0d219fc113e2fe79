"""Narrative benchmark: the cost of ``extract_statements`` on the seed beside ``hcfin.load``.

Targets: the whole seed's narrative in a few ms; ``load`` with statements included under 20 ms
(issue 2's parse target). Machines here are shared and noisy, so the figures are medians taken
in one run, and the narrative is reported as a ratio of the bare reader and of ``load``.

Run: ``python benchmarks/bench_narrative.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timing import ROOT, SEED, median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=50)
    parser.add_argument("--path", type=Path, default=SEED)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import hcfin
    from hcfin.narrative import build_funds, extract_statements
    from hcfin.readers import read_document

    document = read_document(args.path)
    result = extract_statements(document)  # warm up
    reader = median_ms(lambda: read_document(args.path), args.repeat)
    narrative = median_ms(lambda: extract_statements(document), args.repeat)
    funds = median_ms(lambda: build_funds(result.statements), args.repeat)
    load = median_ms(lambda: hcfin.load(args.path), args.repeat)
    print(f"{len(result.statements)} statements, {len(result.numbers)} number tokens, "
          f"{result.unclassified_count} unclassified")
    print(f"read_document        median {reader:7.2f} ms")
    print(f"extract_statements   median {narrative:7.2f} ms   ({narrative / reader:.2f}x the bare reader)")
    print(f"build_funds          median {funds:7.2f} ms")
    print(f"hcfin.load           median {load:7.2f} ms   (target < 20 ms, statements included; the narrative "
          f"and funds are {(narrative + funds) / load:.0%} of it)")


if __name__ == "__main__":
    main()
