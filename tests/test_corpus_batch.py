"""hcfin batch on a local pool: tables, error rows, limits, skipping, resuming after a kill."""

import json
import os
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from hcfin.cli import main
from hcfin.corpus.batch import discover, run_batch
from hcfin.corpus.engine import close_helpers, supervise
from hcfin.corpus.store import PartStore

ROOT = Path(__file__).resolve().parent.parent
SEED = ROOT / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"
TABLES = ("documents", "facts", "statements", "funds", "issues", "findings", "panel")


def corpus(folder: Path, copies: int = 2, corrupt: bool = True) -> Path:
    """The seed, ``copies`` byte-different copies of it (blank lines appended) and a corrupt PDF."""
    folder.mkdir(parents=True, exist_ok=True)
    text = SEED.read_bytes()
    (folder / "seed.txt").write_bytes(text)
    for i in range(copies):
        (folder / f"copy-{i}.txt").write_bytes(text + b"\n" * (i + 1))
    if corrupt:
        (folder / "broken.pdf").write_bytes(b"%PDF-1.7\n" + os.urandom(2000))
    (folder / "notes.csv").write_text("not a disclosure\n", encoding="utf-8")  # not a known suffix: not taken
    return folder


def read_tables(out: Path) -> dict[str, pd.DataFrame]:
    frames = {name: pd.read_parquet(out / f"{name}.parquet") for name in TABLES}
    frames["documents"] = frames["documents"].drop(columns=["seconds"])
    return frames


def assert_same_tables(a: Path, b: Path) -> None:
    left, right = read_tables(a), read_tables(b)
    for name in TABLES:
        pd.testing.assert_frame_equal(left[name], right[name], obj=name)


def test_batch_tables_and_error_row(tmp_path):
    data = corpus(tmp_path / "in")
    result = run_batch([data], tmp_path / "out", workers=2, progress=False)
    docs = result.documents
    assert len(docs) == 4 and result.processed == 4 and result.skipped == 0
    assert sorted(Path(p).name for p in docs["path"]) == ["broken.pdf", "copy-0.txt", "copy-1.txt", "seed.txt"]
    broken = docs[docs["path"].str.endswith("broken.pdf")].iloc[0]
    assert broken["status"] == "error" and "\n" not in broken["error"] and broken["error"]
    assert pd.isna(broken["n_facts"])  # not read: no count, not a zero
    seed = docs[docs["path"].str.endswith("seed.txt")].iloc[0]
    assert (seed["status"], seed["unit"], seed["year"], seed["format"]) == ("ok", "怀化市养老和工伤保险服务中心", 2024, "text")
    assert seed["n_findings_error"] + seed["n_findings_warning"] + seed["n_findings_info"] > 0
    facts = pd.read_parquet(tmp_path / "out" / "facts.parquet")
    assert {"document", "unit", "year"} <= set(facts.columns)
    assert len(facts) == int(docs.loc[docs["status"] == "ok", "n_facts"].sum())
    panel = pd.read_parquet(tmp_path / "out" / "panel.parquet")
    derived = panel[(panel["basis"] == "derived") & (panel["measure"] == "收入支出总计")]
    assert derived["value"].tolist() == ["901.39"]  # three identical documents, one panel row
    package = json.loads((tmp_path / "out" / "datapackage.json").read_text(encoding="utf-8"))
    names = [r["name"] for r in package["resources"]]
    assert names == list(TABLES)
    for resource in package["resources"]:
        assert (tmp_path / "out" / resource["path"]).is_file()
        fields = [f["name"] for f in resource["schema"]["fields"]]
        assert fields == pd.read_parquet(tmp_path / "out" / resource["path"]).columns.tolist()
        assert all(f["type"] in {"string", "integer", "number", "boolean", "array"} for f in resource["schema"]["fields"])
        # every column described by the one catalogue (hcfin/data/columns.yaml), as in a document's export
        assert resource["title"] and resource["description"], resource["name"]
        undescribed = [f["name"] for f in resource["schema"]["fields"] if not f.get("description")]
        assert undescribed == [], resource["name"]


def test_second_run_skips_what_is_done(tmp_path):
    data = corpus(tmp_path / "in", copies=1)
    first = run_batch([data], tmp_path / "out", workers=1, progress=False)
    second = run_batch([data], tmp_path / "out", workers=1, progress=False)
    assert (second.processed, second.skipped) == (0, 3)
    (data / "copy-new.txt").write_bytes(SEED.read_bytes() + b"\n\n\n\n")
    third = run_batch([data], tmp_path / "out", workers=1, progress=False)
    assert (third.processed, third.skipped) == (1, 3) and len(third.documents) == 4
    assert len(first.documents) == 3


def test_another_hcfin_version_does_not_reuse_results(tmp_path):
    store = PartStore(tmp_path, version="0.0.0+other")
    store.write("0" * 64, {"status": "ok"})
    assert PartStore(tmp_path).done("0" * 64) is None
    assert store.done("0" * 64) == {"status": "ok"}


def test_time_limit_and_size_limit_make_error_rows(tmp_path):
    data = corpus(tmp_path / "in", copies=0, corrupt=False)
    slow = run_batch([data], tmp_path / "slow", workers=1, timeout=0.001, progress=False)
    assert slow.documents["error"].str.startswith("timed out").all()
    big = run_batch([data], tmp_path / "big", workers=1, max_bytes=100, progress=False)
    assert big.documents["error"].str.startswith("too large").all()
    assert pd.read_parquet(tmp_path / "big" / "facts.parquet").empty
    again = run_batch([data], tmp_path / "slow", workers=1, progress=False)  # error rows count as done
    assert (again.processed, again.errors) == (0, 1)
    retried = run_batch([data], tmp_path / "slow", workers=1, progress=False, retry_errors=True)
    assert (retried.processed, retried.errors) == (1, 0)


def sleep_for(task):
    """A task target for the helper process (importable there as tests.test_corpus_batch:sleep_for)."""
    time.sleep(task["seconds"])


def test_supervise_kills_a_hanging_child():
    target = "tests.test_corpus_batch:sleep_for"
    started = time.monotonic()
    try:
        assert supervise({"target": target, "seconds": 60, "timeout": 0.5}).startswith("timed out")
        assert time.monotonic() - started < 30
        assert supervise({"target": target, "seconds": 0, "timeout": 30}) is None
        assert "exit code 1" in supervise({"target": target, "timeout": 30})  # KeyError in the child
    finally:
        close_helpers()


def test_discover_takes_known_suffixes_from_folders(tmp_path):
    data = corpus(tmp_path / "in", copies=0)
    (data / ".hidden").mkdir()
    (data / ".hidden" / "x.txt").write_text("x", encoding="utf-8")
    assert sorted(p.name for p in discover([data])) == ["broken.pdf", "seed.txt"]
    assert [p.name for p in discover([data / "notes.csv"])] == ["notes.csv"]  # named files always
    with pytest.raises(FileNotFoundError):
        discover([tmp_path / "missing"])


def test_cli_exit_status(tmp_path, capsys):
    data = corpus(tmp_path / "in", copies=0)
    assert main(["batch", str(data), "--out", str(tmp_path / "out"), "--workers", "1"]) == 1  # one error row
    assert "2 documents: 1 ok, 1 error" in capsys.readouterr().err
    assert main(["batch", str(data / "seed.txt"), "--out", str(tmp_path / "out2")]) == 0
    assert main(["batch", str(tmp_path / "nope"), "--out", str(tmp_path / "out3")]) == 2


def stored(out: Path) -> list[Path]:
    """The complete stored results (not the temporary folders of writes under way)."""
    return [p for p in out.glob(".parts/*/*/document.json") if not p.parent.name.startswith(".tmp-")]


def test_interrupted_run_resumes_with_nothing_lost(tmp_path):
    data = corpus(tmp_path / "in", copies=10)
    out = tmp_path / "out"
    env = {**os.environ, "PYTHONPATH": str(ROOT) + os.pathsep + os.environ.get("PYTHONPATH", "")}
    command = [sys.executable, "-m", "hcfin", "batch", str(data), "--out", str(out), "--workers", "1"]
    process = subprocess.Popen(command, env=env, start_new_session=True,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            if len(stored(out)) >= 2:
                break
            assert process.poll() is None, "the batch ended before it could be interrupted"
            time.sleep(0.02)
        os.killpg(process.pid, signal.SIGKILL)  # the driver, its forkserver and the reading child
    finally:
        process.wait(timeout=30)
    done_at_kill = len(stored(out))
    stale = next(out.glob(".parts/*")) / f".tmp-{socket.gethostname()}-999999999-x"
    stale.mkdir()  # as a writer killed mid-way leaves it
    assert 2 <= done_at_kill < 12
    assert not (out / "documents.parquet").exists()  # combined only at the end
    resumed = run_batch([data], out, workers=2, progress=False)
    assert resumed.skipped >= done_at_kill and resumed.processed == 12 - resumed.skipped
    assert not list(out.glob(".parts/*/.tmp-*"))  # an interrupted write leaves nothing behind
    fresh = run_batch([data], tmp_path / "fresh", workers=2, progress=False)
    assert_same_tables(out, tmp_path / "fresh")
    assert (fresh.documents["status"] == "ok").sum() == 11


def test_the_driver_keeps_only_a_bounded_number_of_tasks_in_flight():
    # what keeps the driver's memory flat: tasks are pulled lazily, at most 2 × workers at a time
    from concurrent.futures import Future

    from hcfin.corpus.engine import _bounded

    in_flight, most = set(), [0]
    pulled = []

    def tasks():
        for i in range(100):
            pulled.append(i)
            yield {"i": i}

    def submit(task):
        future = Future()
        future.set_result({"i": task["i"]})
        in_flight.add(future)
        most[0] = max(most[0], len(in_flight))
        return future

    def finished(pending):
        done = {next(iter(pending))}
        in_flight.difference_update(done)
        return [f.result() for f in done], pending - done

    rows = _bounded(submit, tasks(), 4, finished)
    first = [next(rows) for _ in range(3)]
    assert len(pulled) <= 4 + 3  # not the whole corpus up front
    assert sorted(r["i"] for r in first + list(rows)) == list(range(100))
    assert most[0] == 4
