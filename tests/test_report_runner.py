"""The report runner: discovery, parameter checks, execution, failures, retries, index page."""

import argparse
import json
import sys

import pytest

import nbconvert  # noqa: F401  (the test extra installs it; a missing one must fail, not skip)
import papermill  # noqa: F401

from bs4 import BeautifulSoup  # noqa: E402

from hcfin.report import cli, runner  # noqa: E402
from hcfin.report.runner import UnknownParameterError, discover_jobs, run_reports  # noqa: E402

from .report_helpers import output_areas, write_manifest, write_notebook  # noqa: E402

HOSTILE_UNIT = "<img src=x onerror=alert(1)>甲单位"


@pytest.fixture()
def project(tmp_path, monkeypatch):
    """A project folder with a manifest of two unit-years and two small notebooks."""
    monkeypatch.chdir(tmp_path)
    write_manifest(tmp_path / "data", [(HOSTILE_UNIT, 2024), ("乙单位", 2023), ("乙单位", 2024)])
    write_notebook(
        tmp_path / "notebooks" / "概览.ipynb",
        "from IPython.display import Markdown, display\nfrom hcfin.escape import md_text",
        "display(Markdown(f'**{md_text(unit)}** {year} 年度，数据目录 {md_text(data_dir)}'))",
        "import sys\nprint('KERNEL=' + sys.executable)",
    )
    write_notebook(tmp_path / "notebooks" / "失败.ipynb", "x = 1", "md:说明", "assert year != 2023, '年度不对'")
    return tmp_path


def test_discover_jobs_filters_by_unit_year_and_notebook(project):
    jobs = discover_jobs(units=["乙单位"], years=[2024], notebooks=["概览"])
    assert [(j.unit, j.year, j.notebook) for j in jobs] == [("乙单位", 2024, "概览")]
    assert jobs[0].html_path == (project / "rendered" / "乙单位" / "2024" / "概览.html").resolve()
    assert jobs[0].parameters == {"unit": "乙单位", "year": 2024, "data_dir": str((project / "data").resolve())}
    assert len(discover_jobs()) == 3 * 2


def test_discover_jobs_rejects_what_matches_nothing(project):
    with pytest.raises(ValueError, match="no unit-year"):
        discover_jobs(units=["丙单位"])
    with pytest.raises(FileNotFoundError, match="无此.ipynb|available: 失败, 概览"):
        discover_jobs(notebooks=["无此"])


def test_unit_names_cannot_escape_the_output_folder(project):
    write_manifest(project / "data", [("../外面", 2024), (".", 2024), ("甲/乙", 2024)])
    out = (project / "rendered").resolve()
    for job in discover_jobs():
        assert job.html_path.parent.parent.parent == out, job.html_path
        assert not job.html_path.parent.parent.name.startswith(".")


def test_manifest_errors_name_the_line(project):
    (project / "data" / "raw" / "manifest.csv").write_text("file,unit,year\na.txt,甲,二〇二四\n", encoding="utf-8")
    with pytest.raises(ValueError, match=r"manifest.csv:2: 年度"):
        discover_jobs()


def test_unknown_parameters_fail_before_anything_runs(project):
    write_notebook(project / "notebooks" / "旧.ipynb", "x = 1", parameters='unit: str = "x"  # 单位名称')
    with pytest.raises(UnknownParameterError) as caught:
        run_reports(notebooks=["概览", "旧"])
    message = str(caught.value)
    assert "旧.ipynb" in message and "year" in message and "data_dir" in message
    assert not (project / "rendered").exists()


def test_notebook_without_parameters_cell_is_an_error(project):
    write_notebook(project / "notebooks" / "无参.ipynb", "x = 1", parameters=None)
    with pytest.raises(UnknownParameterError, match="unit, year, data_dir"):
        run_reports(notebooks=["无参"])


def test_run_reports_renders_pages_index_and_failures(project):
    results = run_reports(jobs=2)
    by_key = {(r.unit, r.year, r.notebook): r for r in results}
    assert len(results) == 6
    ok = by_key[(HOSTILE_UNIT, 2024, "概览")]
    assert ok.ok and ok.html_path.is_file() and ok.ipynb_path.is_file()
    page = ok.html_path.read_text(encoding="utf-8")
    assert "display(Markdown" not in page  # code cells hidden
    assert "In&nbsp;[" not in page and "In [" not in page  # no prompts
    text = " ".join(area.get_text(" ") for area in output_areas(page))
    assert f"{HOSTILE_UNIT} 2024 年度" in text.replace("  ", " ") or HOSTILE_UNIT in text
    assert all(area.find("img") is None for area in output_areas(page))
    assert f"KERNEL={sys.executable}" in text  # the kernel runs on this interpreter

    failed = by_key[("乙单位", 2023, "失败")]
    assert not failed.ok
    assert (failed.cell_index, failed.ename, failed.evalue) == (3, "AssertionError", "年度不对")
    assert "失败.ipynb" in failed.describe_failure() and "第 4 个单元格" in failed.describe_failure()
    executed = json.loads(failed.ipynb_path.read_text(encoding="utf-8"))
    errors = [o for c in executed["cells"] for o in c.get("outputs", []) if o["output_type"] == "error"]
    assert errors and errors[0]["ename"] == "AssertionError"
    assert failed.html_path.is_file()
    passed = by_key[("乙单位", 2024, "失败")]
    assert passed.ok and "说明" in passed.html_path.read_text(encoding="utf-8")  # prose is kept

    index = BeautifulSoup((project / "rendered" / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert index.find("img") is None  # the unit name's markup stays text
    assert HOSTILE_UNIT in index.get_text()
    assert len(index.select("a[href$='.html']")) == 6
    failed_items = index.select("li.failed")
    assert len(failed_items) == 1 and "第 4 个单元格" in failed_items[0].get_text()
    for link in index.select("a[href]"):
        from urllib.parse import unquote

        if link["href"].startswith("#"):  # the list of units at the top
            assert index.find(id=link["href"][1:]) is not None
            continue
        assert (project / "rendered" / unquote(link["href"])).is_file()


def test_cli_exits_non_zero_naming_notebook_and_cell(project, capsys):
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    status = cli.run(parser.parse_args(["--unit", "乙单位", "--year", "2023", "--notebook", "失败", "--jobs", "1"]))
    captured = capsys.readouterr()
    assert status == 1
    assert "失败.ipynb" in captured.err and "第 4 个单元格" in captured.err and "年度不对" in captured.err
    status = cli.run(parser.parse_args(["--year", "2024", "--notebook", "失败", "--jobs", "1"]))
    assert status == 0
    status = cli.run(parser.parse_args(["--notebook", "无此"]))
    assert status == 2 and "无此" in capsys.readouterr().err


def test_kernel_that_fails_to_start_is_retried_once(project, monkeypatch):
    real_execute = runner._execute
    calls = []

    def flaky(job, *args):
        calls.append(job.notebook)
        if len(calls) == 1:
            raise RuntimeError("Kernel died before replying to kernel_info")
        return real_execute(job, *args)

    monkeypatch.setattr(runner, "_execute", flaky)
    results = run_reports(units=["乙单位"], years=[2024], notebooks=["概览"], jobs=1)
    assert len(calls) == 2
    assert results[0].ok and results[0].kernel_retries == 1


def test_kernel_that_fails_twice_is_reported(project, monkeypatch):
    def broken(job, *args):
        raise TimeoutError("Kernel didn't respond in 60 seconds")

    monkeypatch.setattr(runner, "_execute", broken)
    results = run_reports(units=["乙单位"], years=[2024], notebooks=["概览"], jobs=1)
    assert not results[0].ok and results[0].kernel_retries == 1
    assert "TimeoutError" in results[0].describe_failure()


def test_a_foreign_python3_kernelspec_is_ignored(project, monkeypatch):
    """A user-level 'python3' kernelspec pointing elsewhere must not hijack the reports."""
    spec = project / "jupyter" / "kernels" / "python3"
    spec.mkdir(parents=True)
    (spec / "kernel.json").write_text(
        json.dumps({"argv": ["/nonexistent/python", "-m", "ipykernel_launcher", "-f", "{connection_file}"],
                    "display_name": "foreign", "language": "python"}),
        encoding="utf-8",
    )
    monkeypatch.setenv("JUPYTER_PATH", str(project / "jupyter"))
    from jupyter_client.kernelspec import KernelSpecManager

    assert KernelSpecManager().get_kernel_spec("python3").argv[0] == "/nonexistent/python"
    results = run_reports(units=["乙单位"], years=[2024], notebooks=["概览"], jobs=1)
    assert results[0].ok, results[0].error


def test_ordinary_kernels_work_without_the_fork_server(project):
    results = run_reports(units=["乙单位"], years=[2024], notebooks=["概览"], jobs=1, fork_kernels=False)
    assert results[0].ok, results[0].error


def test_a_dead_fork_server_falls_back_to_an_ordinary_kernel(project, monkeypatch):
    from hcfin.report import kernel
    from hcfin.report.forkserver import ForkServer

    server = ForkServer.start(preload=())
    server.close()
    jobs = discover_jobs(units=["乙单位"], years=[2024], notebooks=["概览"])
    monkeypatch.setattr(kernel, "FORK_SERVER", server.address)
    result = runner.run_job(jobs[0])
    assert result.ok, result.error
    assert result.kernel_retries == 1


def test_forked_kernels_draw_charts_and_end_with_their_shim(project):
    """A forked kernel shows matplotlib figures inline, and dies when its manager kills it."""
    import os
    import time

    from jupyter_core.utils import run_sync

    from hcfin.report import kernel
    from hcfin.report.forkserver import ForkServer

    server = ForkServer.start()
    try:
        manager = kernel.current_python_kernel_manager_class(server.address)()
        run_sync(manager.start_kernel)()
        client = manager.client()
        client.start_channels()
        run_sync(client.wait_for_ready)(timeout=60)
        outputs = []
        code = (
            "import os, sys, matplotlib.pyplot as plt\n"
            "plt.plot([1, 2], [3, 4])\n"
            "print(os.getpid(), sys.executable)"
        )
        run_sync(client.execute_interactive)(code, output_hook=outputs.append, timeout=60)
        client.stop_channels()
        printed = "".join(m["content"]["text"] for m in outputs if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")
        pid_text, executable = printed.split()
        assert executable == sys.executable
        assert any("image/png" in m["content"].get("data", {}) for m in outputs if m["msg_type"] == "display_data")
        pid = int(pid_text)
        run_sync(manager.shutdown_kernel)(now=True)
        for _ in range(200):  # up to 10 s for the kernel to notice its shim is gone
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.05)
        else:
            pytest.fail(f"forked kernel {pid} still running after its shim was killed")
    finally:
        server.close()
    assert not server.alive() and not server.folder.exists()


def test_the_fork_server_preloads_what_notebooks_import(tmp_path):
    from hcfin.report.forkserver import notebook_imports

    path = write_notebook(
        tmp_path / "n.ipynb",
        "%matplotlib inline\nimport pandas as pd, numpy\nfrom hcfin.escape import md_text",
        "def broken(:\n    pass",
        "md:import not_code",
        "from . import relative\nimport os.path",
    )
    # "hcfin.escape.md_text" is a candidate submodule; _preload skips it (not a module).
    assert notebook_imports([path]) == [
        "hcfin.escape", "hcfin.escape.md_text", "numpy", "os.path", "pandas"
    ]


def test_index_names_reports_by_their_notebook_title(tmp_path):
    from pathlib import Path

    from hcfin.report.jobs import notebook_summary

    notebooks = Path(__file__).resolve().parent.parent / "notebooks"
    summaries = {name: notebook_summary(notebooks / f"{name}.ipynb")
                 for name in ("spending_structure", "fund_operations", "reconciliation", "teaching_guide")}
    assert {name: title for name, (title, _) in summaries.items()} == {
        "spending_structure": "支出结构分析", "fund_operations": "社会保险基金运行分析",
        "reconciliation": "数据核对报告", "teaching_guide": "读懂部门决算"}
    # the first sentence of the prose under the heading
    assert summaries["reconciliation"][1] == "本报告核对部门决算公开表内和表间的勾稽关系，以及情况说明中的数字与表格是否一致。"
    assert notebook_summary(tmp_path / "missing.ipynb") == ("missing", "")


def test_the_fork_server_computes_the_index_counts_of_a_document():
    from pathlib import Path

    from hcfin.report.findings import unit_findings
    from hcfin.report.forkserver import ForkServer

    seed = Path(__file__).resolve().parent.parent / "data" / "raw" / "huaihua-yanglao-gongshang-2024.txt"
    server = ForkServer.start()
    try:
        assert server.wait_ready()
        counts = ForkServer.client(server.address).call("unit_findings", seed)
        with pytest.raises(RuntimeError, match="KeyError"):
            server.call("not_allowed", seed)  # only the functions it lists
    finally:
        server.close()
    assert counts == unit_findings(seed)
    assert counts["has_data"] and counts["checks"] > 0 and counts["mismatch_error"] > 0
