"""Table recognition on the Shanghai PDFs: titles without 公开0X numbers, a table of contents
listing every title, and the 三公 table printed before the two fund tables."""

from __future__ import annotations

from pathlib import Path

import pytest

import pypdfium2  # noqa: F401  (the test extra installs it)

import hcfin  # noqa: E402
from hcfin.model import Cell, Document, Location, Paragraph, Table  # noqa: E402
from hcfin.tables import find_tables  # noqa: E402
from hcfin.tables.recognize import MAX_TITLE_GAP  # noqa: E402

RAW = Path(__file__).resolve().parent.parent / "data" / "raw"
# Page of each table's title, T01..T09, read off the PDFs (T09 is printed seventh).
TITLE_PAGES = {
    "shanghai-putuo-caizhengju-2024.pdf": [6, 8, 10, 12, 15, 16, 19, 20, 18],
    "shanghai-putuo-guihua-ziran-2024.pdf": [7, 8, 10, 12, 14, 16, 18, 19, 17],
    "shanghai-putuo-shehui-gongzuobu-2024.pdf": [5, 6, 8, 10, 12, 13, 15, 16, 14],
    "shanghai-template-2024-blank.pdf": [5, 6, 7, 8, 10, 11, 13, 14, 12],
}


@pytest.mark.parametrize("name", sorted(TITLE_PAGES))
def test_nine_tables_found_under_their_own_titles(name):
    disclosure = hcfin.load(RAW / name)
    found = disclosure.tables_found.set_index("table")
    assert found["found"].all()
    pages = [_page_of(disclosure, found.loc[t, "title_line"]) for t in found.index]
    assert pages == TITLE_PAGES[name]
    assert set(found["currency_unit"]) == {"万元"}
    kinds = set(disclosure.issues["kind"])
    assert "table_of_contents" in kinds
    assert not kinds & {"table_without_grid", "duplicate_table"}


def _page_of(disclosure, line: int) -> int:
    return next(p.loc.page for p in disclosure.document.paragraphs if p.line == line)


def _doc(blocks) -> Document:
    return Document(path=Path("synthetic.txt"), sha256="", format="text", blocks=blocks,
                    lines=[""] * 200)


def _grid(line: int) -> Table:
    return Table(rows=[[Cell("项目", Location(line)), Cell("1.00", Location(line))]], loc=Location(line),
                 end_line=line)


def test_two_titles_without_grid_are_still_errors():
    blocks = [Paragraph("收入决算表", Location(1)), Paragraph("支出决算表", Location(2)), _grid(3)]
    regions, issues = find_tables(_doc(blocks))
    assert [r.table_id for r in regions] == ["T03"]
    assert [(i.kind, i.line) for i in issues] == [("table_without_grid", 1)]


def test_a_title_far_above_a_grid_does_not_claim_it():
    filler = [Paragraph(f"说明文字第{i}段。", Location(10 + i)) for i in range(MAX_TITLE_GAP + 1)]
    blocks = [Paragraph("收入决算表", Location(1)), *filler, _grid(50)]
    regions, issues = find_tables(_doc(blocks))
    assert regions == []
    assert {i.kind for i in issues} == {"table_without_grid", "grid_without_title"}
    near = [Paragraph("收入决算表", Location(1)), *filler[:MAX_TITLE_GAP], _grid(50)]
    assert [r.table_id for r in find_tables(_doc(near))[0]] == ["T02"]
