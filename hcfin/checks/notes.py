"""Reading notes said once per table: many notes of one kind in one table grouped into one.

The reader keeps one ``unknown_code`` note per printed code the reference list lacks, each with
its line (traceable data in ``Disclosure.issues``). Listed one by one they are noise: a 2025 table
printed under codes the list does not carry yet gives dozens. :func:`group_notes` turns the notes
of a kind in :data:`GROUPED_KINDS` into one note per table saying how many, which ones and on
which lines. ``hcfin check`` (rule D5) and the report's list of reading notes both use it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

from ..classification import UNKNOWN_CODE
from ..errors import line_ranges


def _line(value) -> int | None:
    try:
        return None if value is None or (isinstance(value, float) and math.isnan(value)) else int(value)
    except (TypeError, ValueError):
        return None


def _unknown_codes(notes: list[dict]) -> str | None:
    """"3个科目编码不在参考科目表中（…）：20105 统计信息事务、…" (None if a note is not of that form)."""
    codes: dict[str, str] = {}
    for note in notes:
        found = UNKNOWN_CODE.fullmatch(str(note.get("message") or ""))
        if found is None:
            return None
        codes.setdefault(found.group("code"), " ".join(found.group("label").split()))
    listed = "、".join(f"{code} {label}".strip() for code, label in codes.items())
    return f"{len(codes)}个科目编码不在参考科目表中（参考科目表尚未收录这些编码，数字已照原文读取）：{listed}"


# kind -> the one message that stands for all the notes of that kind in one table
GROUPED_KINDS: dict[str, Callable[[list[dict]], str | None]] = {"unknown_code": _unknown_codes}


def group_notes(records: list[dict]) -> list[dict]:
    """Issue records with the ``info`` notes of each grouped kind in one table made one.

    The group takes the place of its first note; its ``message`` says how many, which ones and
    the lines (``第121–125、130行``), ``lines`` lists them all, ``count`` counts the notes.
    A kind met once in a table, or notes whose message cannot be read back, stay as they are.
    """
    members: dict[tuple[str, str], list[int]] = {}
    for index, rec in enumerate(records):
        if rec.get("kind") in GROUPED_KINDS and rec.get("severity") == "info" and isinstance(rec.get("table"), str):
            members.setdefault((rec["kind"], rec["table"]), []).append(index)
    first: dict[int, dict] = {}
    dropped: set[int] = set()
    for (kind, _table), indices in members.items():
        if len(indices) < 2:
            continue
        notes = [records[i] for i in indices]
        message = GROUPED_KINDS[kind](notes)
        if message is None:
            continue
        lines = sorted({n for n in (_line(note.get("line")) for note in notes) if n is not None})
        where = f"；见第{line_ranges(lines)}行" if lines else ""
        first[indices[0]] = {**notes[0], "message": message + where, "lines": lines, "text": None,
                             "count": len(notes)}
        dropped.update(indices[1:])
    return [first.get(i, rec) for i, rec in enumerate(records) if i not in dropped]
