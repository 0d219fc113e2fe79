"""The same accounts in many table layouts and four formats read to the same facts and findings.

The seed (every variant × every format) and the 财政局 PDF (every variant, formats in turn) are
re-rendered by :mod:`tests.layout_variants` and read back. What "the same" means for the two
variants that print amounts differently (zeros blank, 元) is said in that module.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import hcfin

from .layout_variants import FORMATS, SUFFIX, fact_keys, finding_keys, render, variants, write_corpus

RAW = Path(__file__).resolve().parents[1] / "data" / "raw"
SOURCES = {"seed": RAW / "huaihua-yanglao-gongshang-2024.txt", "caizhengju": RAW / "shanghai-putuo-caizhengju-2024.pdf"}
VARIANTS = variants()
CASES = [("seed", v, fmt) for v in VARIANTS for fmt in FORMATS] + \
        [("caizhengju", v, FORMATS[i % len(FORMATS)]) for i, v in enumerate(VARIANTS)]

import docx  # noqa: F401  (the test extra installs them; a missing one must fail, not skip)
import openpyxl  # noqa: F401


@pytest.fixture(scope="module")
def source():
    cache = {}

    def get(name):
        if name not in cache:
            d = hcfin.load(SOURCES[name])
            cache[name] = (d, hcfin.reconcile(d).results)
        return cache[name]
    return get


def _warnings(d) -> set[tuple[str, str]]:
    issues = d.issues[(d.issues["severity"] != "info") & d.issues["table"].notna()]
    return set(zip(issues["table"], issues["kind"]))


def test_at_least_twelve_distinct_layouts():
    assert len(VARIANTS) >= 12
    assert len({v.name for v in VARIANTS}) == len(VARIANTS)
    assert len({(v.code, v.header_rows, v.label_parent, v.total_last, v.zeros, v.reverse_columns, v.unit,
                 v.thousands, v.sangong, v.column_numbers, v.titles, v.captions_in_grid, v.empty_note)
                for v in VARIANTS}) == len(VARIANTS)


@pytest.mark.parametrize("name,variant,fmt", CASES, ids=[f"{n}-{v.name}-{f}" for n, v, f in CASES])
def test_variant_reads_to_the_same_facts_and_findings(source, tmp_path, name, variant, fmt):
    d, results = source(name)
    path = tmp_path / f"{variant.name}{SUFFIX[fmt]}"
    path.write_bytes(render(d, variant, fmt))
    e = hcfin.load(path)
    assert e.unaccounted.empty, e.unaccounted
    found = e.tables_found.set_index("table")[["found", "is_empty"]]
    if not variant.blank_is_zero:  # a table of zeros printed blank holds no number any more
        assert found.equals(d.tables_found.set_index("table")[["found", "is_empty"]])
    assert _warnings(e) <= _warnings(d)
    assert fact_keys(e, variant.blank_is_zero) == fact_keys(d, variant.blank_is_zero)
    text_rules = not str(SOURCES[name]).endswith(".pdf")  # see finding_keys
    assert finding_keys(hcfin.reconcile(e).results, variant, text_rules) == finding_keys(results, variant, text_rules)
    assert e.statements["value"].tolist() == d.statements["value"].tolist()


def test_a_changed_number_is_caught(source, tmp_path):
    """The comparison can fail: one printed value changed gives other facts and findings."""
    d, results = source("seed")
    page = render(d, VARIANTS[0], "html").decode()
    assert page.count(">491.87<") >= 2
    path = tmp_path / "changed.html"
    path.write_text(page.replace(">491.87<", ">491.86<", 1), encoding="utf-8")
    e = hcfin.load(path)
    assert fact_keys(e) != fact_keys(d)
    assert finding_keys(hcfin.reconcile(e).results) != finding_keys(results)


def test_write_corpus_names_and_reads(source, tmp_path):
    d, _ = source("seed")
    paths = write_corpus([d], tmp_path / "corpus", 5)
    assert [p.suffix for p in paths] == [".html", ".docx", ".xlsx", ".txt", ".html"]
    assert all(p.name.startswith("huaihua-yanglao-gongshang-2024--") for p in paths)
    assert all(len(hcfin.load(p).facts) == len(d.facts) for p in paths)


def test_render_refuses_an_unknown_format(source):
    d, _ = source("seed")
    with pytest.raises(ValueError, match="unknown format"):
        render(d, VARIANTS[0], "odt")
