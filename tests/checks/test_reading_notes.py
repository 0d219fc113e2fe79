"""Codes missing from the reference list: one reading note per table, the per-code notes kept.

Each printed code the reference list lacks stays one ``unknown_code`` issue (with its line) in
``Disclosure.issues``; ``hcfin check`` (rule D5) and the report's list of reading notes say them
once per table: how many, which codes, which lines.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from hcfin import load
from hcfin.analysis import checks
from hcfin.checks import reconcile
from hcfin.checks.notes import group_notes
from hcfin.cli import main

from .frames import disclosure

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
COLUMNS = ["severity", "kind", "message", "line", "page", "table", "text"]


def _note(code, label, line, table="T02", kind="unknown_code"):
    return {"severity": "info", "kind": kind, "message": f"科目编码{code}（{label}）不在参考科目表中",
            "line": line, "page": None, "table": table, "text": label}


def test_notes_of_one_table_become_one_naming_codes_and_lines():
    records = [_note("20701", "文化和旅游", 40), _note("2070101", "行政运行", 41),
               {"severity": "info", "kind": "table_continued", "message": "续表", "line": 42, "page": None,
                "table": "T02", "text": None},
               _note("2070104", "图书馆", 44), _note("20701", "文化和旅游", 90, table="T03"),
               _note("2070101", "行政运行", 91, table="T03"), _note("21508", "支持中小企业发展和管理支出", 120, table="T05")]
    grouped = group_notes(records)
    assert [(r["kind"], r["table"]) for r in grouped] == [("unknown_code", "T02"), ("table_continued", "T02"),
                                                          ("unknown_code", "T03"), ("unknown_code", "T05")]
    t02 = grouped[0]
    assert t02["message"].startswith("3个科目编码不在参考科目表中")
    assert "20701 文化和旅游、2070101 行政运行、2070104 图书馆" in t02["message"]
    assert t02["message"].endswith("见第40–41、44行") and t02["lines"] == [40, 41, 44] and t02["count"] == 3
    assert grouped[2]["message"].startswith("2个科目编码") and grouped[2]["lines"] == [90, 91]
    assert grouped[3] == records[-1]  # one note in a table stays as it is


def test_a_code_printed_twice_in_a_table_is_counted_once_and_odd_messages_are_not_grouped():
    grouped = group_notes([_note("20701", "文化和旅游", 40), _note("20701", "文化和旅游", 80)])
    assert len(grouped) == 1 and grouped[0]["message"].startswith("1个科目编码") and grouped[0]["lines"] == [40, 80]
    legacy = [{**_note("20106", "财政事务", 5), "message": "code 20106 (财政事务) is not in the reference list"},
              _note("2010601", "行政运行", 6)]
    assert group_notes(legacy) == legacy  # a message that cannot be read back is never summarised away


def _with_notes(*rows):
    d = disclosure([("T01", "income", "income_total", "amount", "1.00")], [])
    d.issues = pd.DataFrame(list(rows), columns=COLUMNS)
    return d


def test_check_reports_one_reading_note_per_table():
    d = _with_notes(_note("20701", "文化和旅游", 40), _note("2070101", "行政运行", 41),
                    _note("20701", "文化和旅游", 90, table="T03"), _note("2070101", "行政运行", 91, table="T03"),
                    _note("2070109", "群众文化", 95, table="T03"))
    results = reconcile(d, rules=["D5"]).results
    assert len(results) == 2 and set(results["status"]) == {"not_applicable"}
    t03 = results.iloc[1]
    assert "3个科目编码不在参考科目表中" in t03["message"] and "2070109 群众文化" in t03["message"]
    assert list(t03["lines"]) == [90, 91, 95] and "第90行" not in t03["location"]
    assert len(d.issues) == 5  # the per-code notes stay traceable data


def test_report_lists_one_reading_note_per_table():
    d = _with_notes(_note("20701", "文化和旅游", 40), _note("2070101", "行政运行", 41),
                    {**_note("", "", 12, table=None, kind="table_of_contents"), "message": "按目录处理"})
    table = checks.parse_issues(d)
    assert table["行号"].tolist() == ["12", "40–41"]
    assert table["说明"].iloc[1].startswith("2个科目编码不在参考科目表中")


def test_the_2025_pages_give_one_note_per_table(capsys):
    d = load(RAW / "shanghai-putuo-shiquanlu-2025.html")
    unknown = d.issues[d.issues["kind"] == "unknown_code"]
    assert len(unknown) == 132 and set(unknown["table"]) == {"T02", "T03", "T05"}
    assert main(["check", str(RAW / "shanghai-putuo-shiquanlu-2025.html")]) == 1  # its real defects
    printed = capsys.readouterr().out
    notes = [line for line in printed.splitlines() if "不在参考科目表中" in line]
    assert len(notes) == 3 and all("44个科目编码" in line for line in notes), notes
    listed = checks.parse_issues(d)
    assert listed["说明"].str.contains("不在参考科目表中").sum() == 3
