"""Findings: one per defect, the likely culprit named, the evidence located.

``hcfin.reconcile(d).findings`` is a typed DataFrame (:data:`FINDING_COLUMNS`, RangeIndex): each
row groups the check results a single printed number or clause explains, with its category
(numeric / consistency / presentation / reading), severity, a Chinese summary and diagnosis
(error localisation, :mod:`hcfin.findings.diagnose`), the rules, lines and pages involved and the
quoted source text. A table whose values are misaligned with its row labels is one finding that
keeps every check it explains (:mod:`hcfin.findings.misalign`). ``report.evidence`` lists every
printed number or line of every finding with its table, row, column or statement, line, page and
printed box (:data:`EVIDENCE_COLUMNS`).
"""

from .build import CATEGORY_ZH, FINDING_COLUMNS, GROUP_ZH, GROUPS, build_findings
from .evidence import EVIDENCE_COLUMNS

__all__ = ["CATEGORY_ZH", "EVIDENCE_COLUMNS", "FINDING_COLUMNS", "GROUPS", "GROUP_ZH", "build_findings"]
