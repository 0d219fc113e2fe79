"""Every error reaching the command line is one line on stderr: exit 2 for input problems, never
a traceback; ``HCFIN_DEBUG=1`` shows the traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from hcfin import cli

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"


def run(*args: str, debug: bool = False) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    env.pop("HCFIN_DEBUG", None)
    if debug:
        env["HCFIN_DEBUG"] = "1"
    return subprocess.run([sys.executable, "-m", "hcfin", *args], capture_output=True, text=True, env=env,
                          cwd=ROOT, timeout=300, stdin=subprocess.DEVNULL)


@pytest.mark.parametrize("command", ["parse", "check"])
def test_unwritable_out_is_one_line_naming_the_path(command, tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    out = blocker / "out.json"  # a folder that is a file: not writable even as root
    done = run(command, str(SEED), "--out", str(out))
    assert done.returncode == 2
    assert done.stderr.splitlines() == [f"hcfin{' check' if command == 'check' else ''}: {out}: Not a directory"]


def test_unwritable_report_out_is_one_line(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    done = run("report", "--out", str(blocker / "rendered"), "--notebook", "reconciliation",
               "--unit", "怀化市养老和工伤保险服务中心")
    assert done.returncode == 2, done.stderr
    assert len(done.stderr.splitlines()) == 1 and "Not a directory" in done.stderr
    assert str(blocker) in done.stderr and "Traceback" not in done.stderr


def test_debug_shows_the_traceback(tmp_path):
    blocker = tmp_path / "a-file"
    blocker.write_text("x")
    done = run("parse", str(SEED), "--out", str(blocker / "x.json"), debug=True)
    assert done.returncode != 0 and "Traceback" in done.stderr and "NotADirectoryError" in done.stderr


@pytest.mark.parametrize("error, words", [
    (RecursionError("maximum recursion depth exceeded"), "nested too deeply"),
    (OverflowError("cannot convert float infinity to integer"), "OverflowError: cannot convert float infinity"),
    (MemoryError(), "out of memory"),
    (PermissionError(13, "Permission denied", "/ro/file.txt"), "Permission denied"),
    (ValueError("bad\nvalue"), "ValueError: bad value; run with HCFIN_DEBUG=1"),
])
@pytest.mark.parametrize("command", ["parse", "check"])
def test_errors_at_the_boundary_are_one_line_exit_2(command, error, words, monkeypatch, capsys):
    """Whatever escapes a command (here raised by the loader) ends as one line with exit 2."""
    import hcfin.disclosure

    def fail(*args, **kwargs):
        try:
            raise KeyError("first")  # a chained error still gives one line
        except KeyError:
            raise error

    monkeypatch.delenv("HCFIN_DEBUG", raising=False)
    monkeypatch.setattr(hcfin.disclosure, "load", fail)
    status = cli.main([command, str(SEED)])
    lines = capsys.readouterr().err.splitlines()
    assert status == 2 and len(lines) == 1 and words in lines[0], lines


def test_report_failure_inside_is_exit_1(monkeypatch, capsys):
    import hcfin.report.runner

    def fail(**kwargs):
        raise RuntimeError("kernel died")

    monkeypatch.delenv("HCFIN_DEBUG", raising=False)
    monkeypatch.setattr(hcfin.report.runner, "run_reports", fail)
    assert cli.main(["report"]) == 1
    assert capsys.readouterr().err.splitlines() == [
        "hcfin report: RuntimeError: kernel died; run with HCFIN_DEBUG=1 for the traceback"]
