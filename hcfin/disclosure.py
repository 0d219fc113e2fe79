"""``hcfin.load``: a disclosure file as tidy, traceable data."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .audit import audit_tables
from .errors import Issue, ParseError
from .frames import frame_from_columns
from .model import Document
from .narrative import build_funds, extract_statements
from .readers import read_document
from .schema import FACT_COLUMNS, ISSUE_COLUMNS, TABLE_COLUMNS, TABLE_IDS, TABLE_NAMES
from .tables import find_tables, map_tables
from .tables.recognize import unit_from_headings

YEAR = re.compile(r"(20\d{2})\s*年度")
# How the capture audit names the role of a cell whose number no fact accounts for.
ROLE_ZH = {"label": "位于行名称中", "header": "位于表头中", "orphan": "无行名称的数值", "unread": "所在行未读取",
           "unreadable": "无法读取的数值"}


@dataclass
class Disclosure:
    """A loaded disclosure.

    Attributes:
        meta: unit, year, currency_unit, source_path, sha256, format, encoding.
        document: the document model the reader produced.
        facts: one row per table cell (columns: :data:`hcfin.schema.FACT_COLUMNS`).
        tables_found: one row per canonical table T01..T09, found or not.
        issues: every problem met while reading (severity, kind, message, line, page, table, text).
        unaccounted: numbers inside tables that no fact accounts for (the table capture audit).
        statements: one row per quantity stated in the text (see :mod:`hcfin.narrative`).
        funds: the social-insurance fund figures, one row per scheme × metric.
        narrative_numbers: every number token of the text with its classification (the narrative
            capture audit); ``unclassified`` rows are numbers that are neither a statement nor a
            recognised non-quantity.
    """

    meta: dict
    document: Document
    facts: pd.DataFrame
    tables_found: pd.DataFrame
    issues: pd.DataFrame
    unaccounted: pd.DataFrame
    statements: pd.DataFrame
    funds: pd.DataFrame
    narrative_numbers: pd.DataFrame

    @property
    def unclassified(self) -> pd.DataFrame:
        """Numbers of the text that no statement or non-quantity rule accounts for."""
        return self.narrative_numbers[self.narrative_numbers["classification"] == "unclassified"]

    def table(self, table_id: str, printed: bool = False) -> pd.DataFrame:
        """The table back in its printed wide shape: one row per printed row, one column per printed column.

        Args:
            table_id: "T01".."T09".
            printed: False (default): amounts as float64 to compute with; True: the printed digits as
                text ("0.00" keeps its decimals). A blank cell is missing (NaN) either way, never 0 or ''.

        Raises:
            KeyError: ``table_id`` is not one of T01..T09.
        """
        from .wide import wide_table

        if table_id not in TABLE_IDS:
            raise KeyError(f"unknown table id {table_id!r}; expected one of {', '.join(TABLE_IDS)}")
        return wide_table(self.facts[self.facts["table"] == table_id], table_id, printed=printed)

    @property
    def name(self) -> str:
        """Unit and year as found ("怀化市养老和工伤保险服务中心 2024"), saying which is unknown."""
        return f"{self.meta['unit'] or '(unit unknown)'} {self.meta['year'] or '(year unknown)'}"

    def __repr__(self) -> str:
        found = int(self.tables_found["found"].sum())
        return (f"<Disclosure {self.name}: {found}/9 tables, {len(self.facts)} facts, "
                f"{len(self.statements)} statements, {len(self.issues)} issues, "
                f"{len(self.unaccounted) + len(self.unclassified)} uncaptured numbers>")


def load(path: str | Path) -> Disclosure:
    """Read a disclosure file into a :class:`Disclosure`.

    Raises:
        ParseError: the file cannot be read, or holds none of the nine tables and no
            heading of a final-accounts disclosure.
    """
    document = read_document(path)
    regions, issues = find_tables(document)
    if not regions and not any("决算" in p.text for p in document.paragraphs):
        first = document.paragraphs[0].line if document.paragraphs else None
        raise ParseError(path, "not a 部门决算 disclosure: no table title and no mention of 决算 found", line=first)
    mapped = map_tables(regions, document)
    issues = list(document.issues) + issues + [issue for m in mapped for issue in m.issues]
    meta = _meta(document, regions, issues)
    facts = _facts_frame([record for m in mapped for record in m.records], meta)
    unaccounted = audit_tables(mapped)
    tables_found = _inventory(mapped, issues, set(unaccounted["table"]))
    if regions and not facts["value"].notna().any() and unaccounted.empty:
        issues.append(Issue("warning", "no_data", f"找到的{len(regions)}张表均无任何数字：这是空白模板或"
                            "未填写的表格，不是决算数据的公开"))
    for row in unaccounted.itertuples():
        issues.append(Issue("error", "unaccounted_number", f"{row.table}中的数字“{row.token}”未读成单元格数据"
                            f"（单元格“{row.text}”，{ROLE_ZH.get(row.role, row.role)}）", line=row.line, page=row.page,
                            table=row.table, text=row.text))
    narrative = extract_statements(document, unit=meta["unit"], year=meta["year"])
    issues.extend(narrative.issues)
    issue_frame = frame_from_columns(_columns([i.to_dict() for i in issues], ISSUE_COLUMNS), "issues")
    # Every frame is built in its final dtypes (the convention of hcfin.frames); ``conform`` of any
    # of them is the frame itself (tests/test_frames.py), so no second pass is paid on each load.
    return Disclosure(meta, document, facts, tables_found, issue_frame, unaccounted, narrative.statements,
                      build_funds(narrative.statements), narrative.numbers)


def _columns(rows: list[dict], columns: list[str]) -> dict[str, list]:
    return {column: [row.get(column) for row in rows] for column in columns}


def _facts_frame(records: list[dict], meta: dict) -> pd.DataFrame:
    """The facts frame, one row per record, built column by column in its final dtypes."""
    data = _columns(records, FACT_COLUMNS[2:])
    n = len(records)
    return frame_from_columns({"unit": [meta["unit"]] * n, "year": [meta["year"]] * n, **data}, "facts")


def _meta(document: Document, regions, issues: list[Issue]) -> dict:
    departments = Counter(r.department for r in regions if r.department)
    units = Counter(r.currency_unit for r in regions if r.currency_unit)
    if len(units) > 1:
        issues.append(Issue("warning", "mixed_currency_units",
                            "各表所标金额单位不一致：" + "、".join(sorted(units))))
    years = Counter(int(m.group(1)) for p in document.paragraphs for m in YEAR.finditer(p.text))
    year = years.most_common(1)[0][0] if years else None
    if year is None:
        issues.append(Issue("warning", "no_year", "未找到“XXXX年度”字样，决算年度不明"))
    unit = departments.most_common(1)[0][0] if departments else unit_from_headings(document)
    if unit is None:
        issues.append(Issue("warning", "no_unit", "未找到“部门：…”行、“XX2024年度部门决算表”式的部分标题或封面，"
                            "单位名称不明"))
    return {
        "unit": unit,
        "year": year,
        "currency_unit": units.most_common(1)[0][0] if units else None,
        "source_path": str(document.path),
        "sha256": document.sha256,
        "format": document.format,
        "encoding": document.encoding,
    }


def _inventory(mapped, issues: list[Issue], unread: set[str]) -> pd.DataFrame:
    """One row per canonical table; ``unread``: ids of tables with numbers no fact captured
    (such a table is not empty: it is only empty when it holds no number at all)."""
    by_id = {m.table_id: m for m in mapped}
    rows = []
    for table_id in TABLE_IDS:
        m = by_id.get(table_id)
        if m is None:
            issues.append(Issue("error", "missing_table", f"未找到{TABLE_NAMES[table_id]}（{table_id}）",
                                table=table_id))
            rows.append({"table": table_id, "found": False, "is_empty": None})
            continue
        region = m.region
        is_empty = table_id not in unread and not any(r["value"] is not None for r in m.records)
        rows.append({
            "table": table_id, "found": True, "title": region.title, "title_line": region.title_line,
            "number_printed": region.number_printed, "currency_unit": region.currency_unit,
            "is_empty": is_empty,
            "empty_statement": region.empty_statement.text if region.empty_statement else None,
            "empty_statement_line": region.empty_statement.line if region.empty_statement else None,
            "first_line": region.grid.line, "last_line": region.grid.end_line,
        })
    return frame_from_columns(_columns(rows, TABLE_COLUMNS), "tables")
