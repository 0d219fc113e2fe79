"""hcfin batch on a real Dask cluster (scheduler and two workers as processes on 127.0.0.1) writes
the same tables as the local process pool."""

from pathlib import Path

import pandas as pd
import pytest

pytest.importorskip("distributed", reason="the scale extra (dask[distributed]) is part of the test extra")

from hcfin.cli import main  # noqa: E402
from hcfin.corpus.batch import run_batch  # noqa: E402
from hcfin.corpus.engine import SchedulerError  # noqa: E402

from .dask_cluster import dask_cluster  # noqa: E402
from .test_corpus_batch import assert_same_tables, corpus  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def test_dask_run_equals_local_run_on_the_bundled_documents(tmp_path):
    data = ROOT / "data" / "raw"
    assert main(["batch", str(data), "--out", str(tmp_path / "local"), "--workers", "2"]) == 0
    with dask_cluster(2, tmp_path / "cluster") as address:
        assert main(["batch", str(data), "--out", str(tmp_path / "dask"), "--scheduler", address]) == 0
        # with a corrupt file and a time limit too: the same error rows either way
        extra = corpus(tmp_path / "in", copies=1)
        dask_run = run_batch([extra], tmp_path / "dask2", scheduler=address, progress=False)
    local_run = run_batch([extra], tmp_path / "local2", workers=2, progress=False)
    assert_same_tables(tmp_path / "local", tmp_path / "dask")
    assert_same_tables(tmp_path / "local2", tmp_path / "dask2")
    assert dask_run.errors == local_run.errors == 1
    docs = pd.read_parquet(tmp_path / "dask" / "documents.parquet")
    assert len(docs) == 7 and (docs["status"] == "ok").all()


def test_unreachable_scheduler_is_a_clear_error(tmp_path):
    data = corpus(tmp_path / "in", copies=0, corrupt=False)
    with pytest.raises(SchedulerError, match="cannot reach"):
        run_batch([data], tmp_path / "out", scheduler="tcp://127.0.0.1:9", progress=False,
                  connect_timeout=2)
