"""Mangled HTML, DOCX and XLSX versions of the seed: only ParseError or recorded issues come out."""

from __future__ import annotations

import functools
import io
import os
import random
import tempfile
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, example, given, settings, strategies as st

import hcfin
from hcfin.readers import read_document

from .office_writers import write_docx, write_html, write_xlsx

import docx  # noqa: F401  (the test extra installs it; a missing one must fail, not skip)
import openpyxl  # noqa: F401

SEED = Path(__file__).resolve().parent.parent / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"
TAGS = ["<td>", "</td>", "<tr>", "</tr>", "<table>", "</table>", "<br>", "<p>", "</p>", "<td rowspan=999>",
        "<td colspan=0>", "<th colspan=x>", "&nbsp;", "<script>", "<!--", "<tbody>", "<caption>", "\u3000",
        "<div>", "</div>", "<", ">", "\x00", "<![if x]>", "<meta charset=gbk>"]
SETTINGS = settings(max_examples=int(os.environ.get("FUZZ_EXAMPLES", "40")), deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@functools.lru_cache(maxsize=None)
def written(kind: str) -> bytes:
    seed = read_document(SEED)
    folder = Path(tempfile.mkdtemp(prefix="hcfin-fuzz-"))
    writer = {"html": write_html, "docx": write_docx, "xlsx": write_xlsx}[kind]
    return writer(seed, folder / f"seed.{kind}").read_bytes()


def load_or_parse_error(path: Path) -> None:
    """The contract: a Disclosure with issues, or a ParseError naming the file."""
    try:
        disclosure = hcfin.load(path)
    except hcfin.ParseError as exc:
        assert str(path) in str(exc)
        return
    assert set(disclosure.issues["severity"]) <= {"error", "warning", "info"}


@SETTINGS
@given(seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 15))
@example(seed=5180, edits=6)  # makes "<![ip": html.parser raised AssertionError, which escaped as a crash
def test_mangled_html(tmp_path, seed, edits):
    rng = random.Random(seed)
    text = written("html").decode("utf-8")
    for _ in range(edits):
        i = rng.randrange(len(text) + 1)
        op = rng.choice(["delete", "insert", "truncate"])
        if op == "delete":
            text = text[:i] + text[i + rng.randrange(1, 200):]
        elif op == "insert":
            text = text[:i] + rng.choice(TAGS) + text[i:]
        else:
            text = text[:i]
    path = tmp_path / "mangled.html"
    path.write_bytes(text.encode(rng.choice(["utf-8", "gb18030"]), errors="replace"))
    load_or_parse_error(path)


@SETTINGS
@given(kind=st.sampled_from(["docx", "xlsx"]), seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 8))
def test_mangled_office_xml(tmp_path, kind, seed, edits):
    """Cut pieces out of the main XML part and zip it again."""
    rng = random.Random(seed)
    part = "word/document.xml" if kind == "docx" else "xl/worksheets/sheet1.xml"
    with zipfile.ZipFile(io.BytesIO(written(kind))) as archive:
        parts = {name: archive.read(name) for name in archive.namelist()}
    xml = parts[part].decode("utf-8")
    for _ in range(edits):
        i = rng.randrange(len(xml) + 1)
        xml = xml[:i] + xml[i + rng.randrange(1, 300):]
    parts[part] = xml.encode("utf-8")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    path = tmp_path / f"mangled.{kind}"
    path.write_bytes(buffer.getvalue())
    load_or_parse_error(path)


@SETTINGS
@given(kind=st.sampled_from(["docx", "xlsx"]), seed=st.integers(0, 2**32 - 1), edits=st.integers(1, 6))
def test_corrupted_office_bytes(tmp_path, kind, seed, edits):
    """Flip bytes of the zip itself, or cut it short."""
    rng = random.Random(seed)
    data = bytearray(written(kind))
    for _ in range(edits):
        i = rng.randrange(len(data))
        if rng.random() < 0.2:
            data = data[:i]
        else:
            data[i] = rng.randrange(256)
    path = tmp_path / f"corrupt.{kind}"
    path.write_bytes(bytes(data))
    load_or_parse_error(path)


def test_unknown_marked_section_is_skipped_as_a_browser_does(tmp_path, seed):
    text = written("html").decode("utf-8")
    at = text.index("<table")
    path = tmp_path / "bogus.html"
    path.write_text(text[:at] + "<![ip x>" + text[at:], encoding="utf-8")
    disclosure = hcfin.load(path)
    assert len(disclosure.facts) == len(seed.facts) and disclosure.unaccounted.empty
    note = disclosure.issues[disclosure.issues["kind"] == "html_bogus_markup"]
    assert len(note) == 1 and note["line"].iloc[0] == text[:at].count("\n") + 1


def test_markup_html_parser_cannot_place_keeps_what_was_read(tmp_path, monkeypatch):
    """Any other AssertionError of html.parser: the page up to there is kept, with a warning naming the line."""
    from hcfin.readers import html

    text = written("html").decode("utf-8")
    cut = text.index("<table", text.index("<table") + 1)  # the second table on
    path = tmp_path / "odd.html"
    path.write_text(text[:cut] + "<odd>" + text[cut:], encoding="utf-8")
    original = html._TreeBuilder.handle_starttag

    def refuse(self, tag, attrs):
        if tag == "odd":
            raise AssertionError("we should not get here!")
        return original(self, tag, attrs)

    monkeypatch.setattr(html._TreeBuilder, "handle_starttag", refuse)
    document = read_document(path)
    warning = [i for i in document.issues if i.kind == "html_unparsed"]
    assert len(warning) == 1 and warning[0].line == text[:cut].count("\n") + 1
    assert sum(1 for b in document.blocks if type(b).__name__ == "Table") == 1  # the first table is kept
