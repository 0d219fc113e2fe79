"""Hostile files end in exit 0 or 2 with one line on stderr, within 1 GB of memory and 20 s.

Each file of ``tests/hostile_files.CORPUS`` is written small on disk and read by ``hcfin parse``
in a subprocess whose address space is limited (``RLIMIT_AS``) and which is killed after 20 s.
No timing is asserted beyond that kill: the time a file takes is measured in
``benchmarks/bench_hostile.py``.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from .hostile_files import CORPUS

ROOT = Path(__file__).resolve().parent.parent
MEMORY = 1024 ** 3
SECONDS = 20
#: What each case must end in: 2 (refused with one line) or 0 (read, with issues).
EXPECTED = {"odd_spans": 0, "deep_html": 0, "big_html_table": 0, "docx_deep": 0, "pdf_damaged": 0, "long_unit": 0,
            "docx_nested_tables": 2, "big_spans": 2, "docx_bomb": 2, "xlsx_bomb": 2, "xlsx_lying_size": 2,
            "xlsx_huge_merge": 2, "pdf_stream_bomb": 2, "pdf_zero_pages": 2, "fifo": 2, "directory": 2,
            "empty": 2, "junk": 2, "huge_html": 2}


def _limit_memory() -> None:
    import resource

    resource.setrlimit(resource.RLIMIT_AS, (MEMORY, MEMORY))


def parse(path: Path, *extra: str) -> subprocess.CompletedProcess:
    """``hcfin parse PATH`` under the memory and time limits."""
    return subprocess.run([sys.executable, "-m", "hcfin", "parse", str(path), "--out", os.devnull, *extra],
                          capture_output=True, text=True, timeout=SECONDS, preexec_fn=_limit_memory,
                          env={**os.environ, "PYTHONPATH": str(ROOT)}, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("case", sorted(CORPUS))
def test_hostile_file_ends_in_one_line(case, tmp_path):
    path = CORPUS[case](tmp_path)
    done = parse(path)
    lines = done.stderr.splitlines()
    assert done.returncode in (0, 2), done.stderr[-3000:]
    assert "Traceback" not in done.stderr
    assert len(lines) == 1, done.stderr[-3000:]
    if case in EXPECTED:
        assert done.returncode == EXPECTED[case], done.stderr
    if done.returncode == 2:
        assert lines[0].startswith(f"hcfin: {path}"), lines  # names the file


def test_damaged_pdf_loads_with_a_warning_that_says_so(tmp_path):
    from hcfin.readers import read_document

    from .hostile_files import pdf_damaged

    doc = read_document(pdf_damaged(tmp_path))
    damage = [issue for issue in doc.issues if issue.kind == "damaged_pdf"]
    assert damage and "已损坏" in damage[0].message and damage[0].severity == "warning"


@pytest.mark.parametrize("name", sorted(path.name for path in (ROOT / "data" / "raw").glob("*.pdf")))
def test_intact_pdfs_raise_no_damage_warning(name):
    from hcfin.readers import read_document

    assert not [issue for issue in read_document(ROOT / "data" / "raw" / name).issues if issue.kind == "damaged_pdf"]


def test_zero_page_pdf_says_so(tmp_path):
    from hcfin.errors import ParseError
    from hcfin.readers import read_document

    from .hostile_files import pdf_zero_pages

    with pytest.raises(ParseError, match="PDF has no pages"):
        read_document(pdf_zero_pages(tmp_path))


def test_limits_name_the_limit_and_the_value(tmp_path):
    from hcfin import limits
    from hcfin.readers import read_document

    from .hostile_files import xlsx_huge_merge

    with pytest.raises(limits.LimitExceeded) as caught:
        read_document(xlsx_huge_merge(tmp_path))
    error = caught.value
    assert error.limit_name == "MAX_TABLE_CELLS" and error.value == 16384 * 1048576
    assert "MAX_TABLE_CELLS = 500,000" in str(error) and "17,179,869,184" in str(error)
