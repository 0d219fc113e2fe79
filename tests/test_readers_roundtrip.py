"""Round trips: the seed's tables and paragraphs, written to HTML, DOCX and XLSX with the usual
libraries, read back by hcfin's readers, must equal what the text reader read.

The text layout shows a cell merged across columns once, so the writers put the spans back
(see ``office_writers.SPANS``) and the comparison expands the text's rows the way the readers
expand merges (text in the first position, blanks in the spanned ones). HTML cannot carry a
tab: a run of tabs shows as one space, so the HTML paragraphs are compared with tab runs read
as one space.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

import hcfin

from hcfin.model import Paragraph, Table
from hcfin.readers import read_document

from .office_writers import expanded_grid, write_docx, write_html, write_xlsx

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"

import docx  # noqa: F401  (the test extra installs it; a missing one must fail, not skip)
import openpyxl  # noqa: F401


@pytest.fixture(scope="module")
def seed():
    return read_document(SEED)


@pytest.fixture(scope="module")
def written(seed, tmp_path_factory):
    folder = tmp_path_factory.mktemp("roundtrip")
    return {
        "html": write_html(seed, folder / "seed.html"),
        "html-gbk-layout": write_html(seed, folder / "seed-gbk.htm", encoding="gbk", layout=True),
        "docx": write_docx(seed, folder / "seed.docx"),
        "xlsx": write_xlsx(seed, folder / "seed.xlsx"),
    }


def grids(doc):
    return [[[cell.text for cell in row] for row in table.rows] for table in doc.tables]


def paragraphs(doc):
    return [block.text for block in doc.blocks if isinstance(block, Paragraph)]


FORMATS = ["html", "html-gbk-layout", "docx", "xlsx"]


@pytest.mark.parametrize("kind", FORMATS)
def test_tables_equal_the_text(seed, written, kind):
    doc = read_document(written[kind])
    assert doc.format == kind.split("-")[0]
    assert len(doc.tables) == len(seed.tables) == 9
    for index, (got, table) in enumerate(zip(grids(doc), seed.tables)):
        assert got == expanded_grid(table, index)


@pytest.mark.parametrize("kind", FORMATS)
def test_paragraphs_equal_the_text(seed, written, kind):
    expected = paragraphs(seed)
    if kind.startswith("html"):
        expected = [re.sub(r"\t+", " ", text) for text in expected]
    assert paragraphs(read_document(written[kind])) == expected


@pytest.mark.parametrize("kind", FORMATS)
def test_blocks_keep_reading_order(seed, written, kind):
    def shape(doc):
        return ["T" if isinstance(block, Table) else "P" for block in doc.blocks]

    assert shape(read_document(written[kind])) == shape(seed)


def test_html_locations_point_at_the_source(written):
    doc = read_document(written["html"])
    for table in doc.tables:
        assert "<table" in doc.lines[table.line - 1]
        for row in table.rows:
            for cell in row:
                if cell.text:
                    assert "<td" in doc.lines[cell.line - 1]
                    assert cell.text[:2] in doc.lines[cell.lines[0] - 1].replace("&nbsp;", " ")
    for para in doc.paragraphs:
        assert doc.lines[para.line - 1].startswith("<p>")


def test_docx_locations_point_at_the_rendering(written, seed):
    doc = read_document(written["docx"])
    for para in doc.paragraphs:
        assert doc.lines[para.line - 1] == para.text
    for table in doc.tables:
        for row in table.rows:
            for cell in row:
                if cell.lines:  # a real cell, not a merged-away position
                    printed = [doc.lines[n - 1] for n in cell.lines]
                    assert printed[0].startswith("\t") and "".join(printed)[1:] == cell.text
    # the rendering is in the seed's own layout: the text reader reads the same (unpadded) grids back
    rendering = written["docx"].with_suffix(".rendered.txt")
    rendering.write_text("\n".join(doc.lines), encoding="utf-8")
    assert grids(read_document(rendering)) == grids(seed)


def test_xlsx_locations_are_rows_of_the_sheet(written):
    doc = read_document(written["xlsx"])
    assert [p.loc.page for p in doc.paragraphs] == [1] * len(doc.paragraphs)
    for para in doc.paragraphs:
        assert doc.lines[para.line - 1] == para.text
    first = doc.tables[0]
    assert first.rows[1][0].loc.line == first.line + 1


def test_xlsx_numbers_are_numbers_shown_with_their_decimals(written):
    sheet = openpyxl.load_workbook(written["xlsx"]).active
    values = [cell.value for row in sheet.iter_rows() for cell in row]
    assert 933.58 in values  # written as a number, not as text
    doc = read_document(written["xlsx"])
    row = next(r for r in doc.tables[0].rows if r[0].text == "一、一般公共预算财政拨款收入")
    assert [cell.text for cell in row[:3]] == ["一、一般公共预算财政拨款收入", "1", "933.58"]


FACT_COLUMNS = ["table", "side", "label", "code", "measure_key", "value"]


def facts(path):
    return hcfin.load(path).facts[FACT_COLUMNS].reset_index(drop=True)


@pytest.mark.parametrize("kind", ["html", "docx", "xlsx"])
def test_facts_equal_across_formats(written, kind):
    expected = facts(SEED)
    assert len(expected) > 300
    assert facts(written[kind]).equals(expected)


