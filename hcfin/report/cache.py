"""Re-run a report only when something it depends on changed (in the spirit of jupyter-cache).

A report's key is the sha256 of: the notebook file, the document (its verified sha256), the
parameters, and hcfin's own code and data files (every file of the installed package, so an
editable install is covered: editing any module changes the key). The keys of the reports that
ran successfully live in ``<out>/.hcfin-cache.json``; a report whose key is there and whose page
is still on disk is not executed again.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any

__all__ = ["CACHE_FILE", "ReportCache", "file_digest", "package_digest", "report_key"]

CACHE_FILE = ".hcfin-cache.json"
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


def file_digest(path: str | os.PathLike) -> str:
    """The sha256 of a file's bytes (hex)."""
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def package_digest(root: str | os.PathLike | None = None) -> str:
    """The sha256 over every file of the hcfin package (relative path and bytes), bytecode excluded.

    Args:
        root: the package folder; default the folder of the ``hcfin`` being run.
    """
    if root is None:
        import hcfin

        root = Path(hcfin.__file__).resolve().parent
    root = Path(root)
    digest = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in _SKIPPED_DIRS and not d.startswith("."))
        for name in sorted(files):
            if name.endswith(_SKIPPED_SUFFIXES):
                continue
            path = Path(folder) / name
            digest.update(path.relative_to(root).as_posix().encode("utf-8") + b"\0")
            digest.update(path.read_bytes())
            digest.update(b"\0")
    return digest.hexdigest()


def report_key(notebook_digest: str, document_sha256: str, parameters: dict[str, Any], code_digest: str) -> str:
    """The cache key of one report (see the module docstring)."""
    text = json.dumps(
        {"notebook": notebook_digest, "document": document_sha256, "parameters": parameters, "code": code_digest},
        sort_keys=True, ensure_ascii=False, default=str,
    )
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


class ReportCache:
    """The keys of the reports rendered into one output folder (``<out>/.hcfin-cache.json``)."""

    def __init__(self, out_dir: str | os.PathLike):
        self.path = Path(out_dir) / CACHE_FILE
        self.entries: dict[str, str] = {}
        self.unit_findings: dict[str, dict] = {}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
            self.entries = {str(k): str(v) for k, v in data.get("reports", {}).items()}
            self.unit_findings = {str(k): v for k, v in data.get("findings", {}).items() if isinstance(v, dict)}
        except (OSError, ValueError, AttributeError):
            pass

    def hit(self, name: str, key: str) -> bool:
        """Tell whether the report ``name`` (its page path relative to the output folder) has ``key``."""
        return self.entries.get(name) == key

    def set(self, name: str, key: str | None) -> None:
        """Record ``key`` for ``name`` (None forgets it) and save the file atomically."""
        if key is None:
            self.entries.pop(name, None)
        else:
            self.entries[name] = key
        self._save()

    def findings(self, document_sha256: str, code_digest: str) -> dict | None:
        """The index counts of a document computed by this code, if cached."""
        return self.unit_findings.get(f"{document_sha256}:{code_digest}")

    def set_findings(self, document_sha256: str, code_digest: str, findings: dict) -> None:
        """Cache the index counts of a document (see :func:`hcfin.report.findings.unit_findings`)."""
        stale = [key for key in self.unit_findings if not key.endswith(":" + code_digest)]
        for key in stale:  # counts made by other versions of hcfin are never used again
            del self.unit_findings[key]
        self.unit_findings[f"{document_sha256}:{code_digest}"] = findings
        self._save()

    def _save(self) -> None:
        from .atomic import write_text_atomic

        data = {"reports": self.entries, "findings": self.unit_findings}
        write_text_atomic(self.path, json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True))
