"""hcfin report across runs: reports re-executed only when something changed, an index of everything
on disk, untrusted manifests and unit names, one writer per output folder."""

import argparse
import hashlib
import json

import pytest
from bs4 import BeautifulSoup

from hcfin.report import cli, runner
from hcfin.report.atomic import OutputLock, OutputLocked
from hcfin.report.runner import run_reports

from .report_helpers import write_manifest, write_notebook

BRACES = "{year:>300000000}括号单位"
LONG = "很长的单位名称" * 20  # 420 bytes of UTF-8, more than a file name may have


@pytest.fixture()
def project(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("HCFIN_DATA", raising=False)
    write_manifest(tmp_path / "data", [("甲单位", 2024), ("乙单位", 2024)])
    write_notebook(tmp_path / "notebooks" / "概览.ipynb", "md:# 概览报告\n\n一句说明。第二句。",
                   "from IPython.display import Markdown, display\nfrom hcfin.escape import md_text",
                   "display(Markdown(f'## 单位\\n\\n{md_text(unit)} {year}'))")
    write_notebook(tmp_path / "notebooks" / "其他.ipynb", "md:# 其他报告", "x = 1")
    return tmp_path


def index_of(project):
    return BeautifulSoup((project / "rendered" / "index.html").read_text(encoding="utf-8"), "html.parser")


def test_an_unchanged_report_is_not_executed_again(project, monkeypatch):
    first = run_reports(jobs=1)
    assert [r.cached for r in first] == [False] * 4 and all(r.ok for r in first)
    second = run_reports(jobs=1)
    assert [r.cached for r in second] == [True] * 4 and all(r.ok for r in second)

    notebook = project / "notebooks" / "其他.ipynb"
    write_notebook(notebook, "md:# 其他报告", "x = 2")  # the notebook changed
    third = {(r.unit, r.notebook): r.cached for r in run_reports(jobs=1)}
    assert third == {("甲单位", "其他"): False, ("乙单位", "其他"): False,
                     ("甲单位", "概览"): True, ("乙单位", "概览"): True}

    monkeypatch.setattr("hcfin.report.cache.package_digest", lambda root=None: "other code")  # hcfin changed
    assert not any(r.cached for r in run_reports(jobs=1, units=["甲单位"]))
    assert not any(r.cached for r in run_reports(jobs=1, units=["甲单位"], force=True))


def test_the_package_digest_covers_every_source_file(tmp_path):
    from hcfin.report.cache import package_digest

    (tmp_path / "pkg" / "sub").mkdir(parents=True)
    (tmp_path / "pkg" / "a.py").write_text("x = 1\n")
    (tmp_path / "pkg" / "sub" / "rules.yaml").write_text("a: 1\n")
    before = package_digest(tmp_path / "pkg")
    (tmp_path / "pkg" / "__pycache__").mkdir()
    (tmp_path / "pkg" / "__pycache__" / "a.cpython-311.pyc").write_bytes(b"bytecode")
    assert package_digest(tmp_path / "pkg") == before  # bytecode does not count
    (tmp_path / "pkg" / "sub" / "rules.yaml").write_text("a: 2\n")
    assert package_digest(tmp_path / "pkg") != before


def test_rendering_a_subset_keeps_every_other_report(project):
    run_reports(jobs=1)
    run_reports(jobs=1, units=["乙单位"], notebooks=["其他"], force=True)
    index = index_of(project)
    assert len(index.select("a[href$='.html']")) == 4
    assert [h.get_text() for h in index.find_all("h2")] == ["乙单位", "甲单位"]
    items = index.find_all("li", class_=False)
    text = index.get_text()
    assert "一句说明。" in text and "第二句" not in text  # the one-line description
    assert "概览报告" in text and "其他报告" in text and "全部生成成功" in text


def test_every_page_links_back_and_has_a_table_of_contents(project):
    result = run_reports(jobs=1, units=["甲单位"], notebooks=["概览"])[0]
    page = BeautifulSoup(result.html_path.read_text(encoding="utf-8"), "html.parser")
    back = page.select_one("a.hcfin-back")
    assert (result.html_path.parent / back["href"]).resolve() == (project / "rendered" / "index.html").resolve()
    assert [a.get_text() for a in page.select("nav.hcfin-toc a")] == ["单位"]
    assert page.title.get_text() == "甲单位 2024年度 概览报告"
    assert "Microsoft YaHei" in page.style.get_text() or "Microsoft YaHei" in str(page.find_all("style"))


def test_braces_and_overlong_unit_names_render(project):
    write_manifest(project / "data", [(BRACES, 2024), (LONG, 2024)])
    results = run_reports(jobs=1, notebooks=["概览"])
    assert all(r.ok for r in results), [r.error for r in results]
    for result in results:
        folder = result.html_path.parent.parent.name
        assert len(folder.encode("utf-8")) <= 120 and "{" not in folder
        text = result.html_path.read_text(encoding="utf-8")
        assert result.unit in BeautifulSoup(text, "html.parser").get_text()  # the real name, shown
    assert BRACES in index_of(project).get_text() and LONG in index_of(project).get_text()


def test_a_changed_document_is_refused_and_the_others_render(project, capsys):
    raw = project / "data" / "raw"
    listed = hashlib.sha256((raw / "f0.txt").read_bytes()).hexdigest()
    (raw / "f0.txt").write_bytes(b"swapped")
    parser = argparse.ArgumentParser()
    cli.add_arguments(parser)
    assert cli.run(parser.parse_args(["--jobs", "1"])) == 1
    err = capsys.readouterr().err.strip().splitlines()
    assert len(err) == 1 and "f0.txt" in err[0] and listed in err[0]
    assert hashlib.sha256(b"swapped").hexdigest() in err[0]
    index = index_of(project)
    assert len(index.select("a[href$='.html']")) == 2  # 乙单位's two reports
    refused = index.select("li.failed")
    assert len(refused) == 2 and all("未通过核验" in li.get_text() for li in refused)


def test_two_runs_cannot_write_one_output_folder(project, capsys):
    with OutputLock(project / "rendered"):
        with pytest.raises(OutputLocked, match="正在写入"):
            run_reports(jobs=1)
        parser = argparse.ArgumentParser()
        cli.add_arguments(parser)
        assert cli.run(parser.parse_args([])) == 2
        err = capsys.readouterr().err.strip().splitlines()
        assert len(err) == 1 and "正在写入" in err[0]
    assert all(r.ok for r in run_reports(jobs=1, units=["甲单位"]))


def test_the_index_lists_corpus_reports_in_a_section_of_their_own(tmp_path):
    from hcfin.report.index import write_index, write_record

    (tmp_path / "corpus").mkdir()
    (tmp_path / "corpus" / "对比.html").write_text("<html></html>", encoding="utf-8")
    write_record(tmp_path, {"section": "corpus", "title": "<b>跨单位对比</b>", "description": "所有单位。",
                            "status": "ok", "html": "corpus/对比.html", "date": "2026-12-06"})
    write_record(tmp_path, {"section": "units", "unit": "甲单位", "year": 2024, "title": "空白",
                            "status": "ok", "html": "甲单位/2024/a.html", "findings": {"has_data": False}})
    index = BeautifulSoup(write_index(tmp_path).read_text(encoding="utf-8"), "html.parser")
    corpus = index.find("h2", id="corpus")
    assert corpus.get_text() == "跨单位汇总"
    assert corpus.find_next("a").get_text() == "<b>跨单位对比</b>" and index.find("b") is None
    assert "本文件不含任何数据" in index.select_one("p.nodata").get_text()
    assert index.find("a", string="空白") is None  # its page is not on disk: no link


def test_the_index_counts_findings_per_unit():
    from hcfin.report.index import describe_findings

    line = describe_findings({"has_data": True, "checks": 280, "mismatch_error": 4, "mismatch_other": 13,
                              "rounding": 14, "unchecked": 2})
    assert line == "核对：共核对 280 项，错误级不符 4 项，其他不符（警告或提示）13 项，舍入尾差 14 项，无法核对 2 项"
    assert "未发现不符" in describe_findings({"has_data": True, "checks": 3})


def test_a_successful_run_writes_nothing_on_stderr(project):
    """No kernel log lines, no warnings, no progress bar when stderr is not a terminal."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    write_notebook(project / "notebooks" / "图.ipynb", "md:# 图表",
                   "from IPython.display import display\nfrom hcfin.plotting import Chart",
                   "import matplotlib.pyplot as plt\nfig, ax = plt.subplots()\nax.set_title('支出')\nax.plot([1, 2])\n"
                   "plt.close(fig)\ndisplay(Chart(fig))")
    done = subprocess.run([sys.executable, "-m", "hcfin", "report", "--jobs", "2"], cwd=project,
                          env={**os.environ, "PYTHONPATH": str(root)}, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    assert done.stderr == ""
    assert "已生成 6/6 份报告" in done.stdout
    page = (project / "rendered" / "甲单位" / "2024" / "图.html").read_text(encoding="utf-8")
    assert 'alt="图表：支出"' in page
