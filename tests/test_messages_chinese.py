"""Every message a reader can see is in Chinese: issues and reconciliation results of every bundled
document, every issue message written in the source, and the notes of repaired numbers."""

import ast
import re
from pathlib import Path

import pytest

import hcfin
from hcfin.numbers import parse_number

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "data" / "raw"
BUNDLED = sorted(p for p in RAW.iterdir() if p.name != "manifest.csv")

# Names that are the same in Chinese text (products, encodings, placeholders quoted from templates).
ALLOWED = {"Word", "Excel", "UTF", "BOM", "GBK", "XXXX", "Unicode", "PDF", "PDFium"}
ASCII_WORD = re.compile(r"[A-Za-z]{3,}")
MARKUP = re.compile(r"<[^<>]*>")


def english_words(text: str) -> set[str]:
    """ASCII words of three letters or more, markup such as <table> and allowed names left out."""
    return set(ASCII_WORD.findall(MARKUP.sub("", text))) - ALLOWED


def test_the_scan_finds_english():
    assert english_words("the table grid has no title") == {"the", "table", "grid", "has", "title"}
    assert english_words("网页中没有数据表格（<table>），Word 文档") == set()


@pytest.mark.parametrize("path", BUNDLED, ids=[p.name for p in BUNDLED])
def test_messages_of_every_bundled_document_are_chinese(path):
    disclosure = hcfin.load(path)
    report = hcfin.reconcile(disclosure)
    for frame, name in ((disclosure.issues, "issues"), (report.results, "results")):
        english = {m: english_words(m) for m in frame["message"].dropna()}
        assert {m: w for m, w in english.items() if w} == {}, name
        assert frame["message"].notna().all()
        unfilled = frame["message"][frame["message"].str.contains(r"\{\w+\}", regex=True)]
        assert list(unfilled) == [], name  # a template field left unfilled


def _issue_messages(tree: ast.AST):
    """The message argument of every ``Issue(...)`` and ``….issue(...)`` call."""
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        is_issue = (isinstance(func, ast.Name) and func.id == "Issue") or \
                   (isinstance(func, ast.Attribute) and func.attr == "issue")
        if is_issue and len(node.args) >= 3:
            yield node.args[2]


def _literal_text(node: ast.AST) -> str:
    """The literal text of a message expression (f-string parts, concatenations), not its code."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return node.value
    if isinstance(node, ast.JoinedStr):
        return "".join(_literal_text(v) for v in node.values)
    if isinstance(node, ast.BinOp):
        return _literal_text(node.left) + _literal_text(node.right)
    return ""


def test_every_issue_message_in_the_source_is_chinese():
    found = 0
    offenders = []
    for path in sorted((ROOT / "hcfin").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for message in _issue_messages(tree):
            found += 1
            words = english_words(_literal_text(message))
            if words:
                offenders.append((path.name, message.lineno, sorted(words)))
    assert found > 40  # the scan does see the messages
    assert offenders == []


@pytest.mark.parametrize("printed", ["1 234.50", "—", "173,59", "(12.30)", "12.5%", "十二"])
def test_notes_of_repaired_numbers_are_chinese(printed):
    note = parse_number(printed).note
    assert note and not english_words(note), note
