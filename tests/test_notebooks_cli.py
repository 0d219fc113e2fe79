"""The README's command-line path outside ``hcfin report``: papermill (``--engine hcfin``) run from
``notebooks/`` (as JupyterLab runs a notebook: data found by searching upwards), then plain
``jupyter nbconvert --to html``. The page must be the reader's page: no code cell, a Chinese
title, no escaped parameters, Chinese alt text on every chart."""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
UNIT = "怀化市养老和工伤保险服务中心"


def _environment(tmp_path: Path) -> dict[str, str]:
    """This checkout first on PYTHONPATH; the ``hcfin`` papermill engine registered even where the
    installed hcfin predates its entry point (an editable install made from an older checkout)."""
    from importlib.metadata import entry_points

    paths = [str(ROOT)]
    if not any(e.name == "hcfin" for e in entry_points(group="papermill.engine")):
        info = tmp_path / "entry" / "hcfin_engine-0.dist-info"
        info.mkdir(parents=True)
        (info / "METADATA").write_text("Metadata-Version: 2.1\nName: hcfin-engine\nVersion: 0\n", encoding="utf-8")
        (info / "entry_points.txt").write_text(
            "[papermill.engine]\nhcfin = hcfin.report.engine:HcfinEngine\n", encoding="utf-8")
        paths.append(str(info.parent))
    env = dict(os.environ)
    env.pop("HCFIN_DATA", None)
    env["PYTHONPATH"] = os.pathsep.join(paths + [p for p in [env.get("PYTHONPATH")] if p])
    return env


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    tmp_path = tmp_path_factory.mktemp("cli")
    env = _environment(tmp_path)
    executed = tmp_path / "out.ipynb"
    subprocess.run(
        [str(BIN / "papermill"), "--engine", "hcfin", "reconciliation.ipynb", str(executed),
         "-p", "unit", UNIT, "-p", "year", "2024", "--no-progress-bar"],
        cwd=ROOT / "notebooks", env=env, check=True, capture_output=True,
    )
    subprocess.run([str(BIN / "jupyter"), "nbconvert", "--to", "html", str(executed)],
                   cwd=tmp_path, env=env, check=True, capture_output=True)
    return executed.with_suffix(".html").read_text(encoding="utf-8")


def test_the_page_shows_no_code(page):
    soup = BeautifulSoup(page, "html.parser")
    assert soup.select(".jp-CodeCell")  # the cells are there, with their outputs …
    assert not soup.select(".jp-CodeCell .jp-InputArea, .jp-CodeCell .jp-Cell-inputWrapper, .highlight")  # no source
    assert "load_disclosure" not in page and "import" not in soup.get_text()
    assert "\\u6000" not in page and "\\u" not in soup.get_text()


def test_the_page_has_a_chinese_title_and_the_data(page):
    soup = BeautifulSoup(page, "html.parser")
    assert soup.title.get_text() == f"{UNIT} 2024年度 数据核对报告"
    assert "853.23 + 25.26 + 55.10 = 933.59" in soup.get_text()  # read from ../data, found upwards


def test_every_chart_has_chinese_alt_text(page):
    images = BeautifulSoup(page, "html.parser").find_all("img")
    assert images
    for image in images:
        assert image["alt"].startswith("图表：") and "No description" not in image["alt"]


def test_plain_nbconvert_honours_what_the_engine_sets(tmp_path):
    """The mechanism itself: ``transient.remove_source`` and ``metadata.title``, no options."""
    import nbformat
    from nbconvert import HTMLExporter
    from nbformat.v4 import new_code_cell, new_notebook

    from hcfin.report.engine import prepare_for_reader

    notebook = new_notebook(cells=[new_code_cell("secret_code = 1", metadata={"tags": ["injected-parameters"]}),
                                   new_code_cell("print(2)")])
    notebook.metadata["papermill"] = {"parameters": {"unit": "甲单位", "year": 2024}}
    prepare_for_reader(notebook)
    assert notebook.cells[0].source == "# Parameters\nunit = '甲单位'\nyear = 2024\n"
    body, _ = HTMLExporter().from_notebook_node(nbformat.from_dict(notebook))
    assert "secret_code" not in body and "print(2)" not in body and "甲单位" not in body.split("<body")[1]
    assert "<title>甲单位 2024年度 报告</title>" in body
