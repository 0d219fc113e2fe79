"""Interrupting hcfin report: SIGINT to its process group (Ctrl-C), SIGTERM, SIGKILL of the command.

Afterwards no process of the run is left (found by a marker in their environment, scanning
/proc), no temporary folder remains, the index lists only what exists and says what was not
rendered, and a rerun completes the work."""

import argparse
import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from .report_helpers import write_manifest, write_notebook

ROOT = Path(__file__).resolve().parent.parent
pytestmark = pytest.mark.skipif(not Path("/proc/self/environ").exists(), reason="needs /proc (Linux)")

# Waits for the test to let it go: a file in the project says "hold" while the test interrupts.
SLOW = ("import os, time\n"
        "open(os.path.join(os.path.dirname(data_dir), 'started-' + str(os.getpid())), 'w').close()\n"
        "while os.path.exists(os.path.join(os.path.dirname(data_dir), 'hold')):\n"
        "    time.sleep(0.1)")


def processes_with(mark: str) -> list[int]:
    """Pids of the live processes whose environment carries ``mark``."""
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit() or int(entry.name) == os.getpid():
            continue
        try:
            environ = (entry / "environ").read_bytes()
            state = (entry / "stat").read_text().rsplit(")", 1)[1].split()[0]
        except OSError:
            continue
        if mark.encode() in environ and state != "Z":
            found.append(int(entry.name))
    return found


def wait_until(condition, seconds: float = 60.0) -> bool:
    """Poll ``condition`` (a hang fails the test instead of blocking it forever)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


@pytest.fixture()
def run(tmp_path):
    """Start ``python -m hcfin report`` in a session of its own, with two slow notebooks held."""
    write_manifest(tmp_path / "data", [("甲单位", 2024), ("乙单位", 2024)])
    write_notebook(tmp_path / "notebooks" / "慢.ipynb", "md:# 慢报告", SLOW)
    write_notebook(tmp_path / "notebooks" / "快.ipynb", "md:# 快报告", "x = 1")
    (tmp_path / "hold").touch()
    (tmp_path / "tmp").mkdir()
    mark = f"HCFIN_TEST_MARK={uuid.uuid4().hex}"
    env = {**os.environ, "PYTHONPATH": str(ROOT), "TMPDIR": str(tmp_path / "tmp"), mark.split("=")[0]: mark.split("=")[1]}
    env.pop("HCFIN_DATA", None)

    def start() -> subprocess.Popen:
        return subprocess.Popen([sys.executable, "-m", "hcfin", "report", "--jobs", "2"], cwd=tmp_path, env=env,
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)

    process = start()
    try:
        assert wait_until(lambda: len(list(tmp_path.glob("started-*"))) >= 2), "the slow notebooks never started"
        yield tmp_path, process, mark, start
    finally:
        (tmp_path / "hold").unlink(missing_ok=True)
        for pid in processes_with(mark):
            os.kill(pid, signal.SIGKILL)
        process.kill()
        process.communicate()


def check_aftermath(project: Path, mark: str) -> None:
    assert wait_until(lambda: not processes_with(mark), 20), f"left running: {processes_with(mark)}"
    assert not list((project / "tmp").iterdir()), "temporary folders left behind"
    assert not (project / "rendered" / ".hcfin-tmp").exists() or not any((project / "rendered" / ".hcfin-tmp").iterdir())
    index = BeautifulSoup((project / "rendered" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "全部生成成功" not in index.get_text()
    pending = index.select("li.pending")
    assert len(pending) == 2 and all("慢报告" in li.get_text() for li in pending)
    for link in index.select("a[href$='.html']"):
        from urllib.parse import unquote

        assert (project / "rendered" / unquote(link["href"])).is_file()


def rerun_completes(project: Path, start) -> None:
    (project / "hold").unlink(missing_ok=True)
    process = start()
    out, err = process.communicate(timeout=300)
    assert process.returncode == 0, err
    assert "（其中 2 份未改动，沿用上次结果）" in out  # the fast reports rendered before the stop
    index = BeautifulSoup((project / "rendered" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "全部生成成功" in index.get_text() and len(index.select("a[href$='.html']")) == 4


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_ctrl_c_or_sigterm_stops_everything(run, signum):
    project, process, mark, start = run
    assert wait_until(lambda: len(list((project / "rendered").rglob("快.report.json"))) == 2
                      and "ok" in (next((project / "rendered").rglob("快.report.json")).read_text()))
    if signum == signal.SIGINT:
        os.killpg(process.pid, signum)  # what a terminal does on Ctrl-C
    else:
        process.send_signal(signum)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 128 + signum, err
    assert "已中断" in err and "Traceback" not in err and len(err.strip().splitlines()) == 1
    check_aftermath(project, mark)
    rerun_completes(project, start)


def test_sigkill_of_the_command_leaves_no_process(run):
    project, process, mark, start = run
    assert wait_until(lambda: len(list((project / "rendered").rglob("快.report.json"))) == 2
                      and "ok" in (next((project / "rendered").rglob("快.report.json")).read_text()))
    process.kill()  # the command alone: its children must notice by themselves
    process.communicate(timeout=60)
    check_aftermath(project, mark)
    rerun_completes(project, start)


def test_an_error_raised_while_stopping_still_reports_the_interruption(monkeypatch, capsys):
    """Clean-up after SIGTERM that fails (a worker gone between check and kill) must not turn the
    interruption into an input error (exit 2): CI once saw exactly that."""
    from hcfin.report import cli as report_cli
    from hcfin.report import runner
    from hcfin.report.lifecycle import Interrupted

    def interrupted_then_cleanup_fails(**kwargs):
        try:
            raise Interrupted(signal.SIGTERM)
        except Interrupted:
            raise ProcessLookupError(3, "No such process")

    monkeypatch.setattr(runner, "run_reports", interrupted_then_cleanup_fails)
    args = argparse.Namespace(data=None, out=None, unit=None, year=None, notebook=None, jobs=None,
                              notebooks_dir=None, force=False)
    assert report_cli.run(args) == 128 + signal.SIGTERM
    assert "已中断" in capsys.readouterr().err
