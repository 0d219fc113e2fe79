"""The rule catalogue (``hcfin/data/rules.yaml``): rules are data, parsed once and cached."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path
from typing import Any

SEVERITIES = ("error", "warning", "info")
# numeric: an identity between printed numbers; consistency: text against tables or text;
# presentation: wording, a missing % or unit, a typo in a label; reading: what the reader could not read
CATEGORIES = ("numeric", "consistency", "presentation", "reading")
_REQUIRED = ("id", "kind", "severity", "message", "why")


@dataclass(frozen=True)
class Rule:
    """One catalogue entry: what to check (kind + params), how serious, and why it holds."""

    id: str
    kind: str
    severity: str
    message: str
    why: str
    category: str | None = None  # None: from the catalogue's kind_categories (see hcfin.reconcile)
    tables: tuple[str, ...] = ()
    statements: tuple[str, ...] = ()
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Catalogue:
    """All rules plus the shared vocabulary (status wording, unit factors, residue patterns)."""

    rules: tuple[Rule, ...]
    status_text: dict[str, str]
    unit_factors: dict[str, str]
    vocabulary: dict[str, Any]
    kind_categories: dict[str, str] = field(default_factory=dict)

    def by_id(self, rule_id: str) -> Rule:
        for rule in self.rules:
            if rule.id == rule_id:
                return rule
        raise KeyError(rule_id)


def _load_yaml(text: str) -> dict:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    return yaml.load(text, Loader=loader)


def parse_catalogue(text: str, source: str = "rules.yaml") -> Catalogue:
    """Parse and validate catalogue YAML text.

    Raises:
        ValueError: a rule lacks a required field, repeats an id or has an unknown severity.
    """
    data = _load_yaml(text) or {}
    kind_categories = {str(k): str(v) for k, v in (data.get("kind_categories") or {}).items()}
    bad = sorted({v for v in kind_categories.values() if v not in CATEGORIES})
    if bad:
        raise ValueError(f"{source}: kind_categories uses unknown categories {', '.join(bad)}")
    rules: list[Rule] = []
    seen: set[str] = set()
    for i, raw in enumerate(data.get("rules", [])):
        lacking = [k for k in _REQUIRED if not raw.get(k) and raw.get(k) != ""]
        if lacking:
            raise ValueError(f"{source}: rule #{i + 1} ({raw.get('id')}) lacks {', '.join(lacking)}")
        if raw["id"] in seen:
            raise ValueError(f"{source}: rule id {raw['id']} appears twice")
        if raw["severity"] not in SEVERITIES:
            raise ValueError(f"{source}: rule {raw['id']} has unknown severity {raw['severity']!r}")
        category = raw.get("category") or kind_categories.get(raw["kind"])
        if category is not None and category not in CATEGORIES:
            raise ValueError(f"{source}: rule {raw['id']} has unknown category {category!r}")
        seen.add(raw["id"])
        rules.append(Rule(id=str(raw["id"]), kind=raw["kind"], severity=raw["severity"],
                          message=raw["message"], why=raw["why"], category=category,
                          tables=tuple(raw.get("tables") or ()),
                          statements=tuple(raw.get("statements") or ()),
                          params=dict(raw.get("params") or {})))
    return Catalogue(tuple(rules), dict(data.get("status_text", {})),
                     {k: str(v) for k, v in (data.get("units") or {}).items()},
                     dict(data.get("vocabulary") or {}), kind_categories)


@lru_cache(maxsize=4)
def load_catalogue(path: str | None = None) -> Catalogue:
    """The packaged catalogue (or one at ``path``), parsed once per process."""
    if path is None:
        text = resources.files("hcfin").joinpath("data/rules.yaml").read_text(encoding="utf-8")
        return parse_catalogue(text)
    return parse_catalogue(Path(path).read_text(encoding="utf-8"), str(path))


def status_text(status: str) -> str:
    """The Chinese wording of a status (from the packaged catalogue)."""
    return load_catalogue().status_text.get(status, status)
