"""Open the zip of a .docx/.xlsx with its sizes checked before anything is inflated.

:mod:`zipfile` never inflates a member past the size the archive declares for it (a member whose
data inflates further fails its CRC check), so checking the declared sizes of the XML parts
against :data:`hcfin.limits.MAX_PART_BYTES` and :data:`hcfin.limits.MAX_ARCHIVE_XML_BYTES` bounds
what reading can inflate: a zip bomb is refused from its directory, never inflated.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from .. import limits
from ..errors import ParseError

__all__ = ["checked_zip"]

ZIP_ERRORS = (zipfile.BadZipFile, EOFError, ValueError, OSError, NotImplementedError)


def _is_xml(name: str) -> bool:
    return name.lower().endswith((".xml", ".rels", ".vml"))


def checked_zip(path: Path, data: bytes, kind: str) -> zipfile.ZipFile:
    """The zip in ``data``, after checking its member count and its XML parts' declared sizes.

    Media (images, fonts) are not checked: hcfin never inflates them.

    Args:
        path: the file, for messages.
        data: the file's bytes.
        kind: ``".docx"`` or ``".xlsx"``, for messages.

    Raises:
        ParseError: the zip is damaged (``LimitExceeded`` when it is too large).
    """
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        members = archive.infolist()
    except ZIP_ERRORS as exc:
        raise ParseError(path, f"damaged or truncated {kind} (zip) file ({exc})") from None
    limits.check(path, "number of zip members", len(members), "MAX_ARCHIVE_MEMBERS")
    total = 0
    for info in members:
        if _is_xml(info.filename):
            limits.check(path, f"{info.filename} inflated size in bytes", info.file_size, "MAX_PART_BYTES")
            total += info.file_size
    limits.check(path, "inflated size of all XML parts in bytes", total, "MAX_ARCHIVE_XML_BYTES")
    return archive
