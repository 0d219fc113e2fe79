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


def test_table_format_mismatches_first(capsys):
    cli.run(_args(SEED))
    out = capsys.readouterr().out
    assert out.index("【不一致】") < out.index("【舍入】")
    assert "T04.3a" in out and "原文第" in out and "--all" in out


def test_csv_format(capsys):
    cli.run(_args(SEED, "csv"))
    header = capsys.readouterr().out.splitlines()[0]
    assert header.startswith("rule_id,kind,status,severity,tables,location,reported,computed,difference")


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
