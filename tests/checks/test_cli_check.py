"""``hcfin check``: formats and exit status (0 clean, 1 error-severity mismatch, 2 unreadable file)."""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

import hcfin.disclosure
from hcfin.checks import cli

from .frames import disclosure

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"


def _args(path, fmt="table", **kw):
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    return parser.parse_args([str(path), "--format", fmt, *[f"--{k}" for k, v in kw.items() if v]])


def test_seed_json_and_exit_1(capsys):
    assert cli.run(_args(SEED, "json")) == 1  # the seed has error-severity mismatches (see test_seed.py)
    doc = json.loads(capsys.readouterr().out)
    assert doc["meta"]["unit"] == "怀化市养老和工伤保险服务中心"
    first = doc["results"][0]
    assert {"rule_id", "status", "severity", "reported", "computed", "difference", "message", "lines"} <= set(first)
    assert first["status"] == "mismatch" and first["severity"] == "error"  # mismatches first
    statuses = [r["status"] for r in doc["results"]]
    assert statuses.index("rounding") > statuses.index("mismatch")
    assert all(isinstance(r["lines"], list) for r in doc["results"])
    assert all(r["reported"] is None or isinstance(r["reported"], str) for r in doc["results"])


def test_table_format_findings_first_in_the_reports_words(capsys):
    cli.run(_args(SEED))
    out = capsys.readouterr().out
    # errors, then presentation, then reading notes, then what could not be decided and the rounding cases
    order = [out.index(h) for h in ("【错误】", "【表述问题】", "【读取提示】", "【数据不足】", "【尾差】", "【不适用】")]
    assert order == sorted(order)
    assert "T04.3a,T04.3c" in out and "原文第" in out and "--all" in out
    # one vocabulary: the report's words, never the old ones
    for old in ("一致", "舍入】", "不一致", "不符合"):
        assert f"【{old}" not in out and f"：{old}" not in out
    # severity words follow status: no 错误 beside a rounding or not-applicable row
    tail = out[out.index("【数据不足】"):]
    assert "错误" not in tail and "警告" not in tail


def test_json_findings_match_the_table(capsys):
    cli.run(_args(SEED, "json"))
    doc = json.loads(capsys.readouterr().out)
    findings = doc["findings"]
    assert [f["group"] for f in findings] == sorted((f["group"] for f in findings),
                                                    key=["error", "warning", "presentation", "reading"].index)
    assert [f["finding_id"] for f in findings] == [f"F{i:02d}" for i in range(1, len(findings) + 1)]
    blank = [f for f in findings if f["rule_ids"] == "T04.3a,T04.3c"]
    assert len(blank) == 1 and blank[0]["evidence"][0]["role"] == "culprit"
    cli.run(_args(SEED))
    out = capsys.readouterr().out
    assert [line.split()[0] for line in out.splitlines() if line.startswith("  F")] == \
        [f["finding_id"] for f in findings]


def test_csv_format(capsys):
    cli.run(_args(SEED, "csv"))
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("rule_id,kind,status,severity,category,tables,location,reported,computed,difference")


def test_exit_0_without_error_mismatch(monkeypatch, capsys):
    clean = disclosure([("T01", "income", "income_total", "amount", "1.00"),
                        ("T01", "income", "gpb_appropriation", "amount", "1.00")],
                       found=[f"T0{i}" for i in range(1, 10)])
    monkeypatch.setattr(hcfin.disclosure, "load", lambda path: clean)
    assert cli.run(_args("whatever.txt", "json")) == 0
    doc = json.loads(capsys.readouterr().out)
    assert not [r for r in doc["results"] if r["status"] == "mismatch" and r["severity"] == "error"]


def test_exit_2_unreadable_file_whole_process(tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("会议纪要：本周工作安排。\n", encoding="utf-8")
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    for path in (bad, tmp_path / "missing.txt"):
        proc = subprocess.run([sys.executable, "-m", "hcfin.checks.cli", str(path)],
                              capture_output=True, text=True, env=env, cwd=ROOT)
        assert proc.returncode == 2
        assert "Traceback" not in proc.stderr and len(proc.stderr.strip().splitlines()) == 1
        assert str(path.name) in proc.stderr


def test_out_file(tmp_path, capsys):
    out = tmp_path / "r.json"
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args([str(SEED), "--format", "json", "--out", str(out)])) == 1
    assert capsys.readouterr().out == ""
    assert json.loads(out.read_text(encoding="utf-8"))["results"]


@pytest.mark.parametrize("fmt", ["table", "json", "csv"])
def test_whole_process_exit_code(fmt):
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    proc = subprocess.run([sys.executable, "-m", "hcfin.checks.cli", str(SEED), "--format", fmt],
                          capture_output=True, text=True, env=env, cwd=ROOT)
    assert proc.returncode == 1, proc.stderr
