"""End to end: a disclosure carrying markup, Markdown and math in every free-text field, rendered by
``hcfin report`` through the real notebooks, runs no script in a browser and shows its text literally.

The browser check loads every page in headless Chromium with ``alert`` hooked (see
``tests/browser.py``); without a browser it is skipped *and says so*, and the strict pure-Python DOM
check (which always runs) stands alone.
"""

from __future__ import annotations

import csv
import hashlib
import re
import os
import subprocess
import sys
from pathlib import Path

import pytest

from .browser import alerts_in_browser, dangerous_nodes, find_browser
from .hostile_docs import MANIFEST_UNIT, PAYLOADS, hostile_seed

ROOT = Path(__file__).resolve().parent.parent
#: Payloads some report shows (the others are read but shown by no report: they must still
#: never appear unescaped).
SHOWN = {"unit", "title", "row", "reason", "statement", "manifest", "clause"}  # clause: a quoted stated reason


@pytest.fixture(scope="module")
def pages(tmp_path_factory) -> dict[str, str]:
    """The index and the four reports of the hostile document, rendered by ``hcfin report``."""
    folder = tmp_path_factory.mktemp("hostile")
    raw = folder / "data" / "raw"
    raw.mkdir(parents=True)
    seed = (ROOT / "data/raw/huaihua-yanglao-gongshang-2024.txt").read_text(encoding="utf-8")
    (raw / "hostile.txt").write_text(hostile_seed(seed), encoding="utf-8")
    with open(raw / "manifest.csv", "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["file", "unit", "year", "format", "source", "sha256"])
        digest = hashlib.sha256((raw / "hostile.txt").read_bytes()).hexdigest()  # hcfin verifies it
        writer.writerow(["hostile.txt", MANIFEST_UNIT, 2024, "text", "test", digest])
    done = subprocess.run(
        [sys.executable, "-m", "hcfin", "report", "--data", str(folder / "data"), "--out", str(folder / "out"),
         "--notebooks-dir", str(ROOT / "notebooks")],
        capture_output=True, text=True, cwd=folder, env={**os.environ, "PYTHONPATH": str(ROOT)}, timeout=600,
    )
    assert done.returncode == 0, done.stderr  # a "$$" label once crashed two notebooks
    found = {path.stem: path.read_text(encoding="utf-8") for path in (folder / "out").rglob("*.html")}
    assert sorted(found) == ["fund_operations", "index", "reconciliation", "spending_structure", "teaching_guide"]
    return found


def visible_text(html: str) -> str:
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    for tag in soup(["script", "style"]):
        tag.decompose()
    return soup.get_text()


def test_payloads_are_shown_as_literal_text(pages):
    shown = {tag for tag, payload in PAYLOADS.items() for html in pages.values() if payload in visible_text(html)}
    assert shown == SHOWN
    for name, html in pages.items():  # the unit name as printed and as listed in the manifest
        assert PAYLOADS["manifest"] in visible_text(html), name
        if name != "index":
            assert PAYLOADS["unit"] in visible_text(html), name


def test_strict_dom_check_finds_nothing_that_could_run(pages):
    for name, html in pages.items():
        assert dangerous_nodes(html, None if name == "index" else ".jp-OutputArea-output") == [], name


def test_strict_dom_check_can_fail(pages):
    page = pages["spending_structure"]
    injected = re.sub(r'(class="[^"]*jp-OutputArea-output[^"]*"[^>]*>)', r"\1<svg onload=x></svg>", page, count=1)
    assert set(dangerous_nodes(injected)) >= {"<svg>", "<svg onload=…>"}


BROWSER = find_browser()


@pytest.mark.skipif(BROWSER is None, reason="no Chromium on PATH: only the strict pure-Python DOM check ran")
def test_no_script_runs_in_a_real_browser(pages):
    for name, html in pages.items():
        assert alerts_in_browser(BROWSER, html) == [], name
    # the hook catches what a payload would do, had it been rendered raw
    control = pages["spending_structure"].replace("</body>", PAYLOADS["title"] + PAYLOADS["row"] + "</body>")
    assert sorted(alerts_in_browser(BROWSER, control)) == ["alert:row", "alert:title"]
