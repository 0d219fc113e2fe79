"""Load a rendered page in a real headless browser with ``alert`` hooked, or say why not.

The browser is Chromium (Debian's ``chromium``; ``.ci/run`` installs it). Each page is loaded
from a copy whose ``<head>`` starts with a hook: ``alert``, ``confirm`` and ``prompt`` write
their argument into an attribute of ``<html>`` instead of opening a dialog. ``--dump-dom`` prints
the DOM after the page loaded and its timers ran (virtual time), so the attribute tells which
script ran. When no browser is installed, :func:`find_browser` returns None and callers fall back
to the strict DOM check of :func:`dangerous_nodes` (and say so).
"""

from __future__ import annotations

import re
import shutil
import subprocess
import tempfile
from pathlib import Path

ATTRIBUTE = "data-hcfin-alerts"
HOOK = (
    "<script>(function(){function hook(kind){return function(message){var root=document.documentElement;"
    f"root.setAttribute('{ATTRIBUTE}',(root.getAttribute('{ATTRIBUTE}')||'')+kind+':'+String(message)+'\\n');}};}}"
    "window.alert=hook('alert');window.confirm=hook('confirm');window.prompt=hook('prompt');})();</script>"
)
FLAGS = ("--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
         "--disable-component-update", "--disable-sync", "--virtual-time-budget=3000")
#: Elements no document text may ever become (inside a report's outputs or on the index page).
DANGEROUS_TAGS = {"script", "iframe", "frame", "object", "embed", "svg", "math", "details", "body", "html",
                  "style", "link", "meta", "base", "form", "input", "textarea", "video", "audio", "source",
                  "marquee", "template"}


def find_browser() -> str | None:
    """The path of a Chromium-family browser on PATH, or None."""
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def alerts_in_browser(browser: str, html: str) -> list[str]:
    """Load ``html`` (with the alert hook prepended) in ``browser``; return each hooked call."""
    hooked = re.sub(r"<head[^>]*>", lambda m: m.group(0) + HOOK, html, count=1, flags=re.I)
    if hooked == html:
        hooked = HOOK + html
    with tempfile.TemporaryDirectory(prefix="hcfin-browser-") as folder:
        page = Path(folder) / "page.html"
        page.write_text(hooked, encoding="utf-8")
        profile = Path(folder) / "profile"
        done = subprocess.run([browser, *FLAGS, f"--user-data-dir={profile}", "--dump-dom", page.as_uri()],
                              capture_output=True, text=True, timeout=120)
    assert done.returncode == 0 and "<html" in done.stdout, done.stderr[-2000:]
    match = re.search(ATTRIBUTE + r'="([^"]*)"', done.stdout)
    if match is None:
        return []
    import html as html_lib

    return [line for line in html_lib.unescape(match.group(1)).splitlines() if line]


def dangerous_nodes(html: str, scope: str | None = ".jp-OutputArea-output") -> list[str]:
    """The strict pure-Python DOM check: every element or attribute that could run script.

    Looks at the whole page for event-handler attributes (``on…``) and ``javascript:`` URLs,
    and inside ``scope`` (the cell outputs; None: the body) for elements of :data:`DANGEROUS_TAGS`
    and images that are not the charts' inline PNGs.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    found = []
    for tag in soup.find_all(True):
        for name, value in tag.attrs.items():
            text = " ".join(value) if isinstance(value, list) else str(value)
            if name.lower().startswith("on"):
                found.append(f"<{tag.name} {name}=…>")
            if re.sub(r"\s", "", text).lower().startswith(("javascript:", "vbscript:", "data:text/html")):
                found.append(f"<{tag.name} {name}={text[:40]}>")
    areas = soup.select(scope) if scope else [soup.body or soup]
    for area in areas:
        for tag in area.find_all(True):
            if tag.name in DANGEROUS_TAGS:
                found.append(f"<{tag.name}>")
            if tag.name == "img" and not str(tag.get("src", "")).startswith("data:image/png;base64,"):
                found.append(f"<img src={tag.get('src')!r}>")
    return found
