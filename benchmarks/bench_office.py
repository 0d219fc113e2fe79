"""Office readers benchmark: reading the seed written as HTML, DOCX and XLSX.

Each figure is a median over ``--repeat`` runs in one process, reported beside the text reader
on the same content (the seed), plus the alternatives the readers were chosen over:

* DOCX: hcfin's stdlib reader against python-docx opening the file and walking its blocks;
* XLSX: openpyxl ``read_only=True`` (what the reader uses) against a full load;
* HTML: hcfin's reader against BeautifulSoup + lxml building its tree only (if installed).

Run: ``python benchmarks/bench_office.py [--repeat N]`` (needs openpyxl and python-docx).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from pathlib import Path

from timing import ROOT, SEED, median_ms


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    sys.path[:0] = [str(ROOT), str(ROOT / "tests")]
    from hcfin.readers import read_document
    from office_writers import write_docx, write_html, write_xlsx

    seed = read_document(SEED)
    folder = Path(tempfile.mkdtemp(prefix="hcfin-bench-"))
    files = {"text": SEED,
             "html": write_html(seed, folder / "seed.html"),
             "docx": write_docx(seed, folder / "seed.docx"),
             "xlsx": write_xlsx(seed, folder / "seed.xlsx")}
    for path in files.values():
        read_document(path)  # warm imports
    text = median_ms(lambda: read_document(SEED), args.repeat)
    print(f"read_document text  median {text:7.2f} ms  ({SEED.stat().st_size / 1024:.0f} KiB)")
    for kind in ("html", "docx", "xlsx"):
        path = files[kind]
        took = median_ms(lambda: read_document(path), args.repeat)
        print(f"read_document {kind}  median {took:7.2f} ms  ({path.stat().st_size / 1024:.0f} KiB, "
              f"{took / text:.1f}x the text reader)")

    import docx
    import openpyxl

    def python_docx() -> None:
        for block in docx.Document(files["docx"]).iter_inner_content():
            if hasattr(block, "rows"):
                for row in block.rows:
                    [cell.text for cell in row.cells]

    ours = median_ms(lambda: read_document(files["docx"]), args.repeat)
    theirs = median_ms(python_docx, args.repeat)
    print(f"docx: hcfin stdlib reader {ours:7.2f} ms vs python-docx walk {theirs:7.2f} ms ({theirs / ours:.1f}x)")
    light = median_ms(lambda: openpyxl.load_workbook(files["xlsx"], read_only=True, data_only=True).close(),
                      args.repeat)
    full = median_ms(lambda: openpyxl.load_workbook(files["xlsx"], data_only=True), args.repeat)
    print(f"xlsx: openpyxl read_only open {light:7.2f} ms vs full load {full:7.2f} ms ({full / light:.1f}x)")
    try:
        from bs4 import BeautifulSoup
        import lxml  # noqa: F401
    except ImportError:
        return
    data = files["html"].read_bytes()
    ours = median_ms(lambda: read_document(files["html"]), args.repeat)
    soup = median_ms(lambda: BeautifulSoup(data, "lxml"), args.repeat)
    print(f"html: hcfin reader (parse + grids) {ours:7.2f} ms vs BeautifulSoup+lxml tree only {soup:7.2f} ms")


if __name__ == "__main__":
    main()
