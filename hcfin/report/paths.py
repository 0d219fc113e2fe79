"""Folder names for reports, made from unit names taken from (untrusted) documents and manifests.

A unit name becomes one path component under ``rendered/``. It may be longer than the file
system allows (255 bytes), contain a path separator, start with a dot, or carry characters that
other tools interpret (``{`` ``}`` in papermill's path formatting, ``%`` in URLs). The folder name
keeps the readable part and appends a short hash of the full name whenever anything was changed
or cut, so two different names never share a folder. Pages always show the real name (escaped).
"""

from __future__ import annotations

import hashlib
import unicodedata

__all__ = ["MAX_NAME_BYTES", "safe_component"]

#: Bytes of a folder name at most (file systems allow 255; leave room for suffixes and temp names).
MAX_NAME_BYTES = 120
_REPLACED = set('/\\:*?"<>|{}\0') | {"%"}


def _hash(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()[:10]


def safe_component(name: str) -> str:
    """Return a folder name for ``name``: the name itself when it is safe, else a cleaned,
    bounded form ending in ``-`` and ten hex digits of the full name's sha256.

    Unsafe are: path separators, characters reserved on Windows, braces, ``%``, control
    characters, a leading dot or space, a trailing dot or space, and more than
    :data:`MAX_NAME_BYTES` bytes of UTF-8.

    Args:
        name: a unit name (any string, possibly empty).

    Returns:
        A non-empty string usable as one path component on POSIX and Windows.
    """
    cleaned = "".join(
        "_" if (ch in _REPLACED or unicodedata.category(ch).startswith("C")) else ch for ch in name
    )
    cleaned = cleaned.strip(" .")
    if cleaned == name and cleaned and len(cleaned.encode("utf-8")) <= MAX_NAME_BYTES:
        return cleaned
    suffix = "-" + _hash(name)
    budget = MAX_NAME_BYTES - len(suffix)
    encoded = cleaned.encode("utf-8")[:budget]
    head = encoded.decode("utf-8", "ignore").strip(" .")
    return (head or "unit") + suffix
