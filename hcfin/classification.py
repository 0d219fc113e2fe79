"""Reference classification codes shipped with the package (DOMAIN.md §4).

``functional_codes.csv``: 支出功能分类 (类 3 digits, 款 5, 项 7);
``economic_codes.csv``: 部门预算支出经济分类 (类 3 digits, 款 5).
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

ORDINAL = re.compile(r"^[一二三四五六七八九十]+[、.．]\s*")
BRACKETS = str.maketrans("()", "（）")
# The reader's note on a printed code the reference list lacks, and how to read it back (a note
# per code is kept in the issues frame; reports group them per table, see hcfin.checks.notes).
UNKNOWN_CODE = re.compile(r"科目编码(?P<code>\d+)（(?P<label>.*)）不在参考科目表中", re.S)


def unknown_code_note(code: str, label: str) -> str:
    """The ``unknown_code`` note's message for one printed code and its printed name."""
    return f"科目编码{code}（{label}）不在参考科目表中"


def name_key(name: str) -> str:
    """Normalise a printed name for comparison: no spaces, full-width brackets, no ordinal."""
    return ORDINAL.sub("", "".join(name.split())).translate(BRACKETS)


@dataclass(frozen=True)
class CodeList:
    """Codes and names of one classification."""

    kind: str
    names: dict[str, str]
    levels: dict[str, str]

    @property
    def name_keys(self) -> frozenset[str]:
        """Every reference name, normalised with :func:`name_key`."""
        return frozenset(name_key(name) for name in self.names.values())

    def name(self, code: str) -> str | None:
        return self.names.get(code)

    def class_code_for(self, label: str) -> str | None:
        """The 3-digit 类 code whose name a row label gives ("七、社会保障和就业支出" → "208")."""
        key = name_key(label)
        for code, name in self.names.items():
            if len(code) == 3 and (name_key(name) == key or name_key(name) == key + "支出"):
                return code
        return None


@lru_cache(maxsize=None)
def load_codes(kind: str) -> CodeList:
    """Load ``functional`` or ``economic`` codes from the package data."""
    names: dict[str, str] = {}
    levels: dict[str, str] = {}
    source = resources.files("hcfin") / "data" / f"{kind}_codes.csv"
    if source.is_file():
        with source.open(encoding="utf-8", newline="") as handle:
            for row in csv.DictReader(handle):
                names[row["code"]] = row["name"]
                levels[row["code"]] = row["level"]
    return CodeList(kind, names, levels)


FULL_WIDTH_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def normalise_code(text: str) -> str | None:
    """Digits of a printed code ("208 01 01" → "2080101"), or None if it is not a code."""
    digits = "".join(text.split()).translate(FULL_WIDTH_DIGITS)
    if digits.isascii() and digits.isdigit() and len(digits) in (3, 5, 7):
        return digits
    return None
