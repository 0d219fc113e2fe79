"""Bad input: a correct read or a clear issue naming the line, and the rest still loads."""

import os

import pytest

import hcfin
from hcfin.cli import main


def _facts_key(disclosure_or_facts):
    facts = getattr(disclosure_or_facts, "facts", disclosure_or_facts)
    return facts[["table", "side", "label", "code", "measure_key", "value", "line"]].astype(str).values.tolist()


def _replace(line_no: int, old: str, new: str):
    def edit(lines):
        assert old in lines[line_no - 1], lines[line_no - 1]
        lines[line_no - 1] = lines[line_no - 1].replace(old, new)
        return lines
    return edit


def _fact(disclosure, line):
    return disclosure.facts[disclosure.facts["line"] == line].iloc[0]


def test_empty_file(write_variant):
    with pytest.raises(hcfin.ParseError, match="empty"):
        hcfin.load(write_variant(data=b""))


def test_binary_file(write_variant):
    with pytest.raises(hcfin.ParseError, match="binary"):
        hcfin.load(write_variant(data=os.urandom(2000) + b"\x00" * 10))


def test_missing_file(tmp_path):
    with pytest.raises(hcfin.ParseError, match="cannot read"):
        hcfin.load(tmp_path / "nope.txt")


def test_not_a_disclosure(write_variant):
    path = write_variant(data="今天天气很好。\n我们去公园散步。\n".encode("utf-8"))
    with pytest.raises(hcfin.ParseError, match="not a 部门决算 disclosure") as info:
        hcfin.load(path)
    assert "\n" not in str(info.value) and str(path) in str(info.value)


def test_cli_reports_parse_error_without_traceback(write_variant, capsys):
    code = main(["parse", str(write_variant(data=b""))])
    err = capsys.readouterr().err
    assert code == 2
    assert err.startswith("hcfin: ") and "Traceback" not in err and len(err.strip().splitlines()) == 1


@pytest.mark.parametrize("encoding", ["gb18030"])
def test_gbk_text_reads_the_same(seed, seed_path, write_variant, encoding):
    data = seed_path.read_text(encoding="utf-8").encode(encoding)
    disclosure = hcfin.load(write_variant(data=data))
    assert _facts_key(disclosure) == _facts_key(seed)
    assert disclosure.meta["encoding"] == "gb18030"
    assert "encoding" in set(disclosure.issues["kind"])


def test_gbk_encoded_text(write_variant, seed_lines):
    text = "\n".join(seed_lines[:135]) + "\n"  # T01 holds only GBK characters
    disclosure = hcfin.load(write_variant(data=text.encode("gbk")))
    assert len(disclosure.facts) == 25
    assert disclosure.facts["value"].dropna().tolist().count("933.58") == 5
    assert disclosure.meta["unit"] == "怀化市养老和工伤保险服务中心"


def test_utf8_bom_and_crlf(seed, seed_path, write_variant):
    data = b"\xef\xbb\xbf" + seed_path.read_bytes().replace(b"\n", b"\r\n")
    disclosure = hcfin.load(write_variant(data=data))
    assert _facts_key(disclosure) == _facts_key(seed)
    assert "bom" in set(disclosure.issues["kind"])


def test_document_cut_off_halfway(seed, write_variant):
    disclosure = hcfin.load(write_variant(lambda lines: lines[:700]))
    found = disclosure.tables_found.set_index("table")["found"]
    assert found[["T01", "T02", "T03", "T04", "T05", "T06"]].all()
    assert not found[["T07", "T08", "T09"]].any()
    missing = disclosure.issues[disclosure.issues["kind"] == "missing_table"]
    assert sorted(missing["table"]) == ["T07", "T08", "T09"]
    before = seed.facts[seed.facts["table"].isin(["T01", "T02", "T03", "T04", "T05"])]
    after = disclosure.facts[disclosure.facts["table"].isin(["T01", "T02", "T03", "T04", "T05"])]
    assert _facts_key(after) == _facts_key(before)
    # the last, cut-off row of T06 (30103 奖金 at line 699) is reported, not silently dropped
    assert disclosure.unaccounted["line"].tolist() == [699]
    assert 699 in set(disclosure.issues.loc[disclosure.issues["kind"] == "ragged_row", "line"])


def test_missing_table(seed, write_variant):
    disclosure = hcfin.load(write_variant(lambda lines: lines[:270] + lines[389:]))  # drop 支出决算表
    assert not disclosure.tables_found.set_index("table").loc["T03", "found"]
    assert (disclosure.issues["kind"] == "missing_table").sum() == 1
    assert len(disclosure.facts) == len(seed.facts) - 54


def test_garbled_cell_is_an_issue_with_its_line(seed, write_variant):
    disclosure = hcfin.load(write_variant(_replace(318, "491.87", "49l.87")))
    fact = _fact(disclosure, 318)
    assert fact["status"] == "unreadable" and fact["printed"] == "49l.87"
    issue = disclosure.issues[(disclosure.issues["kind"] == "unreadable_value")].iloc[0]
    assert issue["line"] == 318 and issue["severity"] == "error"
    assert len(disclosure.facts) == len(seed.facts)
    assert set(disclosure.unaccounted["line"]) == {318}


@pytest.mark.parametrize("printed, value, status, kind", [
    ("1,234.56", "1234.56", "ok", None),
    ("173,59", "173.59", "repaired", "repaired_value"),
    ("(12.30)", "-12.30", "repaired", "repaired_value"),
    ("—", None, "blank", "blank_value"),
    ("4 91.87", "491.87", "repaired", "repaired_value"),
])
def test_odd_numbers(write_variant, printed, value, status, kind):
    disclosure = hcfin.load(write_variant(_replace(318, "491.87", printed)))
    fact = _fact(disclosure, 318)
    assert (fact["value"] if isinstance(fact["value"], str) else None, fact["status"]) == (value, status)
    issues = disclosure.issues[disclosure.issues["line"] == 318]
    assert (issues["kind"].tolist() == [kind]) if kind else issues.empty


def test_value_in_an_unknown_column_is_unaccounted(write_variant):
    """The capture audit fails when a number is not captured: a stray 10th cell in a T06 row."""
    def edit(lines):
        lines.insert(687, "\t12.34")  # a tenth cell after 30101 … 30701 国内债务付息: no header names it
        return lines
    disclosure = hcfin.load(write_variant(edit))
    assert disclosure.unaccounted["token"].tolist() == ["12.34"]
    assert (disclosure.issues["kind"] == "unaccounted_number").sum() == 1


def test_two_sided_header_too_narrow_is_an_issue(write_variant):
    """Regression (found by the fuzz test): a T01 header row cut down to its two 项目 cells."""
    def edit(lines):
        del lines[26:28]  # 行次, 决算数 of the income block: the header row becomes 项目, 项目, 行次, 决算数
        return lines
    disclosure = hcfin.load(write_variant(edit))
    assert "no_sides" in set(disclosure.issues.loc[disclosure.issues["table"] == "T01", "kind"])
    assert disclosure.tables_found.set_index("table").loc["T02", "found"]
