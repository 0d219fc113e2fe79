"""Parse benchmark: how long loading the seed takes, in-process and as a whole process.

Targets (issue 2): median in-process ``hcfin.load`` of the seed under 20 ms; whole-process
``hcfin parse`` under 1 s. Machines here are shared and noisy, so each figure is reported
beside a baseline measured in the same run:

* in-process: ``load`` against the bare text reader (``read_document``) on the same file;
* whole process: ``hcfin parse`` against a Python process that only imports pandas.

Run: ``python benchmarks/bench_parse.py [--repeat N]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from timing import ROOT, SEED, median_ms, process_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    parser.add_argument("--path", type=Path, default=SEED)
    args = parser.parse_args()
    sys.path.insert(0, str(ROOT))
    import hcfin
    from hcfin.readers import read_document

    hcfin.load(args.path)  # warm caches (reference code lists, regexes)
    reader = median_ms(lambda: read_document(args.path), args.repeat)
    load = median_ms(lambda: hcfin.load(args.path), args.repeat)
    print(f"in-process  read_document  median {reader:7.2f} ms")
    print(f"in-process  hcfin.load     median {load:7.2f} ms   (target < 20 ms; {load / reader:.1f}x the bare reader)")
    runs = max(3, args.repeat // 6)
    baseline = process_ms([sys.executable, "-c", "import pandas"], runs)
    whole = process_ms([sys.executable, "-m", "hcfin", "parse", str(args.path), "--out", "/dev/null"], runs)
    print(f"process     python -c 'import pandas'  median {baseline:7.1f} ms")
    print(f"process     hcfin parse                median {whole:7.1f} ms   (target < 1000 ms; "
          f"{whole / baseline:.2f}x importing pandas alone)")


if __name__ == "__main__":
    main()
