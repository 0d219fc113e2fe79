"""Corpus statistics: how often each rule fails, by unit and year, and which rules fail most."""

from __future__ import annotations

import pandas as pd

__all__ = ["finding_frequency", "top_rules", "describe_top_rules", "rules_view"]

SEVERITIES = ("error", "warning", "info")


def finding_frequency(findings: pd.DataFrame) -> pd.DataFrame:
    """Findings counted by rule × unit × year, one column per severity and their total.

    Returns:
        columns rule_id, unit, year, error, warning, info, total; most frequent first.
    """
    columns = ["rule_id", "unit", "year", *SEVERITIES, "total"]
    if findings.empty:
        return pd.DataFrame(columns=columns)
    keys = findings[["rule_id", "unit", "year"]].astype(object).fillna("（未知）")
    table = pd.crosstab([keys["rule_id"], keys["unit"], keys["year"]], findings["severity"])
    table = table.reindex(columns=list(SEVERITIES), fill_value=0)
    table["total"] = table.sum(axis=1)
    table = table.reset_index().rename_axis(columns=None)
    return table.sort_values(["total", "rule_id", "unit", "year"], ascending=[False, True, True, True],
                             kind="stable").reset_index(drop=True)[columns]


def top_rules(findings: pd.DataFrame, documents: pd.DataFrame, n: int = 10) -> pd.DataFrame:
    """The rules that fail most: findings, documents affected and their share of the documents read.

    Args:
        findings: the corpus findings (with ``document``, ``rule_id``, ``severity``, ``message``).
        documents: the documents table; only ``ok`` documents count in the share.
        n: how many rules to return.

    Returns:
        columns rule_id, severity, findings, documents, share_pct, example (one message).
    """
    columns = ["rule_id", "severity", "findings", "documents", "share_pct", "example"]
    read = int((documents["status"] == "ok").sum()) if len(documents) else 0
    if findings.empty or read == 0:
        return pd.DataFrame(columns=columns)
    grouped = findings.groupby("rule_id", sort=False)
    table = pd.DataFrame({
        "severity": grouped["severity"].agg(lambda s: min(s, key=SEVERITIES.index)),
        "findings": grouped.size(),
        "documents": grouped["document"].nunique(),
        "example": grouped["message"].first(),
    }).reset_index()
    table["share_pct"] = (table["documents"] * 100 / read).round(1)
    table = table.sort_values(["documents", "findings", "rule_id"], ascending=[False, False, True], kind="stable")
    return table.head(n).reset_index(drop=True)[columns]


def describe_top_rules(table: pd.DataFrame, documents_read: int) -> str:
    """A Chinese paragraph naming the rules that fail in the most documents."""
    if table.empty:
        return f"在读取成功的 {documents_read} 份文件中，没有任何核对规则出现不一致。"
    parts = [f"{row.rule_id}（{row.documents} 份文件、{row.findings} 处，占 {row.share_pct:g}%）"
             for row in table.head(5).itertuples()]
    return (f"在读取成功的 {documents_read} 份文件中，出现不一致最多的规则是：" + "；".join(parts) + "。"
            "同一规则在多份文件中反复出现，往往说明模板或填报口径的共性问题，也可能是 hcfin 对某种版式的读取不足，"
            "应先抽查原文再下结论。")


def rules_view(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`top_rules` for readers: Chinese headers, one example message per rule."""
    from ..analysis.text import shown

    if table.empty:
        from IPython.display import Markdown

        return Markdown("")  # describe_top_rules has said that no rule failed
    severity = {"error": "错误", "warning": "警告", "info": "提示"}
    return shown(pd.DataFrame({
        "规则": table["rule_id"].tolist(), "最高级别": [severity.get(s, s) for s in table["severity"]],
        "不一致处数": table["findings"].tolist(), "涉及文件数": table["documents"].tolist(),
        "占已读文件（%）": [f"{v:g}" for v in table["share_pct"]], "示例": table["example"].tolist(),
    }))
