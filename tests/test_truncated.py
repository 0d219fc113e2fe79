"""A file cut off inside a character (a partial download) is read up to the cut, with a warning
naming the cut; bad bytes before the end are still refused."""

from __future__ import annotations

from pathlib import Path

import pytest

import hcfin
from hcfin.errors import ParseError
from hcfin.readers import read_document

ROOT = Path(__file__).resolve().parent.parent
SEED = (ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt").read_text(encoding="utf-8")
CUT_AFTER = SEED.index("收入决算表")  # T01 complete before the cut, the rest lost


def _cut_inside_char(encoded: bytes, prefix: str, encoding: str, keep: int) -> bytes:
    """``encoded`` cut ``keep`` bytes into the character that follows ``prefix``."""
    at = len(prefix.encode(encoding))
    return encoded[:at + keep]


@pytest.mark.parametrize("encoding, keep", [("utf-8", 1), ("utf-8", 2), ("gb18030", 1)])
def test_text_cut_inside_a_character_loads_what_it_has(tmp_path, encoding, keep):
    prefix = SEED[:CUT_AFTER]
    data = _cut_inside_char(SEED.encode(encoding), prefix, encoding, keep)
    path = tmp_path / "cut.txt"
    path.write_bytes(data)
    d = hcfin.load(path)
    cut = d.issues[d.issues["kind"] == "truncated_file"]
    assert len(cut) == 1 and cut.iloc[0]["severity"] == "warning"
    line = prefix.count("\n") + 1
    message = cut.iloc[0]["message"]
    assert f"在第{len(prefix.encode(encoding))}字节（第{line}行）处截断" in message and encoding.upper() in message
    assert int(cut.iloc[0]["line"]) == line
    # everything before the cut was read: the whole of 收入支出决算总表 (its 933.58 income total)
    t01 = d.facts[d.facts["table"] == "T01"]
    assert "933.58" in set(t01["value"].dropna())


def test_gb18030_four_byte_character_cut(tmp_path):
    text = "收入支出决算总表\n说明：𠀀" # U+20000 is four bytes in GB18030
    data = text.encode("gb18030")[:-2]
    doc = read_document(_write(tmp_path, data))
    assert [i.kind for i in doc.issues if i.kind == "truncated_file"] == ["truncated_file"]
    assert doc.lines[-1] == "说明："


def test_html_cut_inside_a_character(tmp_path):
    page = "<html><head><meta charset='utf-8'></head><body><p>收入支出决算总表</p><p>部门：某单位".encode()
    doc = read_document(_write(tmp_path, page[:-1], "cut.html"))
    assert any(i.kind == "truncated_file" for i in doc.issues)
    assert doc.paragraphs[-1].text == "部门：某单"


def test_bad_bytes_in_the_middle_are_still_refused(tmp_path):
    data = SEED.encode()[:500] + b"\xff\xfe\xfa" + SEED.encode()[500:]
    with pytest.raises(ParseError, match="not valid UTF-8 or GB18030 text .bad bytes at byte"):
        read_document(_write(tmp_path, data))
    with pytest.raises(ParseError, match="not valid UTF-8 or GB18030"):
        read_document(_write(tmp_path, data[:-1]))  # bad bytes and a cut: still refused


def test_a_cut_at_a_character_boundary_is_just_text(tmp_path):
    doc = read_document(_write(tmp_path, SEED[:CUT_AFTER].encode()))
    assert not [i for i in doc.issues if i.kind == "truncated_file"]


def _write(folder: Path, data: bytes, name: str = "f.txt") -> Path:
    path = folder / name
    path.write_bytes(data)
    return path
