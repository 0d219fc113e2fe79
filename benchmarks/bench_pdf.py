"""Benchmark: hcfin's PDF reader against a plain pdfplumber baseline, side by side.

Reads every PDF in a folder (default: data/raw/) a few times with

* ``hcfin``: :func:`hcfin.readers.read_document` (pypdfium2 text layer + ruled grids);
* ``pdfplumber``: the usual "pdfplumber everywhere" approach, ``extract_text`` and
  ``extract_tables`` on every page (skipped if pdfplumber is not installed);
* ``text layer``: pypdfium2's bare text extraction (the floor: no layout at all);

and prints time per page and for the whole folder (best of N runs), and the ratios.

Usage: python benchmarks/bench_pdf.py [FOLDER] [--repeat N]
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def read_hcfin(path: Path) -> int:
    from hcfin.readers import read_document

    return len(read_document(path).lines)


def read_pdfplumber(path: Path) -> int:
    import pdfplumber

    n = 0
    with pdfplumber.open(path) as pdf:
        for page in pdf.pages:
            n += len(page.extract_text() or "")
            n += len(page.extract_tables())
    return n


def read_text_layer(path: Path) -> int:
    import pypdfium2 as pdfium

    pdf = pdfium.PdfDocument(path)
    n = sum(len(pdf[i].get_textpage().get_text_range()) for i in range(len(pdf)))
    pdf.close()
    return n


def best_of(fn, paths: list[Path], repeat: int) -> float:
    best = float("inf")
    for _ in range(repeat):
        start = time.perf_counter()
        for path in paths:
            fn(path)
        best = min(best, time.perf_counter() - start)
    return best


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "data" / "raw"))
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args(argv)
    import pypdfium2 as pdfium

    paths = sorted(Path(args.folder).glob("*.pdf"))
    if not paths:
        sys.exit(f"no PDF files in {args.folder}")
    pages = sum(len(pdfium.PdfDocument(p)) for p in paths)
    read_hcfin(paths[0])  # warm imports
    runs = {"hcfin": read_hcfin, "text layer": read_text_layer}
    try:
        import pdfplumber  # noqa: F401

        runs["pdfplumber"] = read_pdfplumber
    except ImportError:
        print("pdfplumber not installed: baseline skipped")
    times = {name: best_of(fn, paths, args.repeat) for name, fn in runs.items()}
    print(f"{len(paths)} PDF files, {pages} pages, best of {args.repeat} runs")
    print(f"{'reader':<12} {'folder s':>9} {'ms/page':>8}")
    for name, seconds in times.items():
        print(f"{name:<12} {seconds:>9.3f} {1000 * seconds / pages:>8.1f}")
    if "pdfplumber" in times:
        print(f"pdfplumber / hcfin = {times['pdfplumber'] / times['hcfin']:.1f}x")
    print(f"hcfin / bare text layer = {times['hcfin'] / times['text layer']:.1f}x")


if __name__ == "__main__":
    main()
