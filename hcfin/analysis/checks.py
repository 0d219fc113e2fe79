"""Reconciliation findings for the reports: summaries by status and table, mismatches with evidence,
rounding cases, what could not be checked, and the findings that bear on one part of a report.

Input is the ``results`` frame of ``hcfin.reconcile(d)`` (columns rule_id, kind, status, severity,
tables, location, reported, computed, difference, reported_low/high, computed_low/high, message,
lines).
"""

from __future__ import annotations

import pandas as pd

from ..checks import load_catalogue
from ..checks.notes import group_notes
from ..errors import line_ranges
from ..schema import TABLE_NAMES

from ..escape import html_text
from ._common import esc, lines_text

__all__ = [
    "ROUNDING_METHOD",
    "describe_finding_list",
    "describe_findings_summary",
    "findings_table",
    "run_reconciliation",
    "STATUS_NAMES",
    "describe_findings",
    "describe_mismatches",
    "describe_summary",
    "describe_unchecked",
    "findings_for",
    "kind_name",
    "mismatches",
    "parse_issues",
    "rounding_cases",
    "run_checks",
    "status_summary",
    "table_summary",
    "unchecked",
]

STATUS_NAMES = {
    "exact": "完全相符",
    "rounding": "尾差（在舍入范围内）",
    "mismatch": "不符",
    "not_applicable": "不适用",
    "insufficient_data": "数据不足",
}
ROUNDING_METHOD = (
    "**尾差如何判断**：表中每个数都是四舍五入到0.01万元后印出的，它代表的真实值落在“印刷数 ± 0.005万元”的区间内。"
    "核对一个等式（例如“合计 = 各项之和”）时，把两边都换成区间：n个数相加，区间半宽就是n × 0.005万元。"
    "两边区间有交集，说明存在一组与印刷数一致的真实值使等式严格成立，差额只是舍入造成的尾差；"
    "区间不相交，才判定为不符。这比固定的“差额不超过0.01”更严谨：加数越多，允许的尾差越大。"
)


def run_checks(d) -> pd.DataFrame:
    """``hcfin.reconcile(d).results``: every check of the disclosure with its status."""
    return run_reconciliation(d).results


def run_reconciliation(d):
    """``hcfin.reconcile(d)``: the check report, with its results and its findings."""
    from .. import reconcile

    return reconcile(d)


def describe_findings_summary(report) -> str:
    """A Chinese paragraph: how many findings of each kind, and what decides the exit status."""
    from ..findings import GROUP_ZH, GROUPS

    f = report.findings
    if f.empty:
        return "没有发现问题：所有数字勾稽和文表一致性核对均相符或仅有尾差。"
    parts = [f"{GROUP_ZH[g]}{int(f['group'].eq(g).sum())}个" for g in GROUPS if f["group"].eq(g).any()]
    return (f"共发现{len(f)}个问题：" + "，".join(parts) + "。每个问题只列一次：同一个印刷数造成的几项不符合并为一个问题，"
            "并尽量指出最可能出错的那个数。“错误”是有把握的数字或文表不符；“表述问题”（模板用语、缺单位或%、"
            "标题编号等）单独列出，不算错误；“读取提示”是程序没能读准的地方，不是文档本身的问题。")


def findings_table(report) -> pd.DataFrame:
    """The findings as a display table (编号, 级别, 类别, 问题, 诊断, 原文位置)."""
    from ..findings import CATEGORY_ZH, GROUP_ZH

    f = report.findings.fillna("")  # for display: a missing diagnosis or page is shown as nothing
    rows = []
    for rec in f.to_dict("records"):
        pages = f"（第{rec['pages'].replace(';', '、')}页）" if rec["pages"] else ""
        rows.append({"编号": rec["finding_id"], "级别": GROUP_ZH.get(rec["group"], rec["group"]),
                     "类别": CATEGORY_ZH.get(rec["category"], rec["category"]), "问题": rec["summary"],
                     "诊断": rec["diagnosis"] or "",
                     "原文位置": lines_text(int(x) for x in str(rec["lines"] or "").split(";") if x) + pages})
    return pd.DataFrame(rows, columns=["编号", "级别", "类别", "问题", "诊断", "原文位置"])


def describe_finding_list(report, max_quotes: int = 4) -> str:
    """Markdown: every finding with its diagnosis, the quoted source text and, for a PDF, crops of
    the page with the cells involved outlined (PNG data URIs, Chinese alt text)."""
    from ..findings import CATEGORY_ZH, GROUP_ZH, GROUPS
    from ..findings.crops import finding_crops

    f, ev = report.findings, report.evidence
    if f.empty:
        return "没有发现问题。"
    crops: dict[str, list] = {}
    for crop in finding_crops(report):
        crops.setdefault(crop.finding_id, []).append(crop)
    out = []
    for group in GROUPS:
        part = f[f["group"] == group]
        if part.empty:
            continue
        out.append(f"#### {GROUP_ZH[group]}（{len(part)}个）")
        for rec in part.fillna("").to_dict("records"):
            fid = rec["finding_id"]
            out.append(f"**{fid}**（{CATEGORY_ZH.get(rec['category'], rec['category'])}）{esc(rec['summary'])}")
            if rec["diagnosis"]:
                out.append(f"诊断：{esc(rec['diagnosis'])}")
            mine = ev[ev["finding_id"] == fid]
            repaired = _repairing_table(mine)
            if repaired:
                out.append(repaired)
            quotes = []
            for e in mine[mine["role"] != "misaligned"].to_dict("records"):
                if isinstance(e["quote"], str) and e["quote"] and len(quotes) < max_quotes:
                    page = f"第{e['page']}页 " if not pd.isna(e["page"]) else ""
                    quote = f"> {page}第{e['line']}行：{esc(e['quote'])}"
                    if quote not in quotes:
                        quotes.append(quote)
            if quotes:
                out.append("\n>\n".join(quotes))
            for crop in crops.get(fid, []):
                out.append(f'<img src="{crop.data_uri}" alt="{html_text(crop.alt)}" '
                           f'style="max-width:100%;border:1px solid #bbb">')
    return "\n\n".join(out)


def _repairing_table(evidence: pd.DataFrame) -> str:
    """Markdown: for a table whose values are misaligned with its rows (evidence of role
    "misaligned"), each printed row, the values printed on it and whose values they are."""
    rows = evidence[evidence["role"] == "misaligned"]
    if rows.empty:
        return ""
    out = ["| 原文行 | 印出的科目 | 所印数值 | 数值实际属于 |", "|---|---|---|---|"]
    for e in rows.to_dict("records"):
        line = "" if pd.isna(e["line"]) else f"第{int(e['line'])}行"
        name = " ".join(str(x) for x in (e["code"], e["row"]) if isinstance(x, str) and x)
        value = e["value"] if isinstance(e["value"], str) else "（无）"
        out.append(f"| {line} | {esc(name)} | {esc(value)} | {esc(str(e['statement'] or ''))} |")
    return "\n".join(out)


def _tables(value: object) -> list[str]:
    if isinstance(value, (list, tuple, set)):
        return [str(v) for v in value]
    if isinstance(value, str):
        return [t.strip() for t in value.replace("|", ",").replace(";", ",").replace(" ", ",").split(",") if t.strip()]
    return []


def status_summary(results: pd.DataFrame) -> pd.DataFrame:
    """Count of checks per status, in a fixed order, with Chinese labels (columns status, label, count)."""
    counts = results["status"].value_counts()
    rows = [{"status": s, "label": label, "count": int(counts.get(s, 0))} for s, label in STATUS_NAMES.items()]
    extra = [s for s in counts.index if s not in STATUS_NAMES]
    rows += [{"status": s, "label": str(s), "count": int(counts[s])} for s in extra]
    return pd.DataFrame(rows, columns=["status", "label", "count"])


def table_summary(results: pd.DataFrame) -> pd.DataFrame:
    """Checks per table (a cross-table check counts for each table it touches) × status label."""
    if results.empty:
        return pd.DataFrame()
    exploded = results.assign(table=results["tables"].map(_tables)).explode("table")
    exploded = exploded[exploded["table"].notna()]
    if exploded.empty:
        return pd.DataFrame()
    pivot = pd.crosstab(exploded["table"], exploded["status"].map(lambda s: STATUS_NAMES.get(s, s)))
    order = [label for label in STATUS_NAMES.values() if label in pivot.columns]
    pivot = pivot[order + [c for c in pivot.columns if c not in order]]
    pivot.index = [f"{t} {TABLE_NAMES.get(t, '')}".strip() for t in pivot.index]
    pivot.index.name = "表"
    pivot.columns.name = None
    return pivot.reset_index()


def mismatches(results: pd.DataFrame) -> pd.DataFrame:
    """The checks whose intervals do not meet, with their evidence columns."""
    cols = [c for c in ("rule_id", "severity", "tables", "location", "reported", "computed", "difference",
                        "reported_low", "reported_high", "computed_low", "computed_high", "message", "lines")
            if c in results.columns]
    part = results.loc[results["status"] == "mismatch", cols].reset_index(drop=True)
    if "reported" in part.columns:
        names = load_catalogue().vocabulary.get("issue_kinds", {})
        part["reported"] = part["reported"].map(lambda v: names.get(v, v) if isinstance(v, str) else v)
    return part


def unchecked(results: pd.DataFrame) -> pd.DataFrame:
    """The checks that could not be decided (not applicable / insufficient data) and why."""
    cols = [c for c in ("rule_id", "status", "tables", "location", "message") if c in results.columns]
    part = results.loc[results["status"].isin(["not_applicable", "insufficient_data"]), cols].copy()
    part["status"] = part["status"].map(STATUS_NAMES)
    return part.reset_index(drop=True)


def rounding_cases(results: pd.DataFrame) -> pd.DataFrame:
    """The checks whose sides differ only within the rounding intervals."""
    cols = [c for c in ("rule_id", "tables", "location", "reported", "computed", "difference",
                        "computed_low", "computed_high", "message", "lines") if c in results.columns]
    return results.loc[results["status"] == "rounding", cols].reset_index(drop=True)


def findings_for(results: pd.DataFrame, tables: list[str], keywords: tuple[str, ...] = ()) -> pd.DataFrame:
    """Mismatches and rounding notes of the checks touching any of ``tables``, or whose location or
    message names any of ``keywords`` (for text rules, which carry no table)."""
    if results.empty:
        return pd.DataFrame(columns=["rule_id", "status", "location", "message"])
    wanted = set(tables)
    mask = results["tables"].map(lambda v: bool(wanted & set(_tables(v))))
    if keywords:
        place = results["location"].fillna("").astype(str) + " " + results["message"].fillna("").astype(str)
        mask |= place.map(lambda text: any(k in text for k in keywords))
    mask &= results["status"].isin(["mismatch", "rounding"])
    return results.loc[mask].reset_index(drop=True)


def describe_summary(results: pd.DataFrame) -> str:
    """A Chinese paragraph summarising the reconciliation."""
    summary = status_summary(results)
    parts = [f"{r.label}{r.count}项" for r in summary.itertuples() if r.count]
    text = f"共执行{len(results)}项核对：" + "，".join(parts) + "。"
    n_bad = int(summary.loc[summary["status"] == "mismatch", "count"].sum())
    text += "没有发现超出舍入范围的不符。" if n_bad == 0 else f"其中{n_bad}项不符，逐项列在下文，并附原文行号。"
    return text


def describe_mismatches(results: pd.DataFrame) -> str:
    """Markdown list of every mismatch with reported, computed, difference and source lines."""
    bad = mismatches(results)
    if bad.empty:
        return "没有不符项。"
    items = []
    for r in bad.itertuples():
        message = str(r.message or "")
        location = str(r.location or "")
        head = message if not location or message.startswith(location) else f"{location}：{message}"
        item = f"- **{esc(r.rule_id)}** {esc(head)}"
        # A document check reports the reader's issue kind (pdf_table_continued …): say it in Chinese.
        names = load_catalogue().vocabulary.get("issue_kinds", {})
        evidence = [f"{name}{esc(names.get(value, value) if isinstance(value, str) else value)}"
                    for name, value in (("报告数", r.reported), ("计算数", r.computed), ("差额", r.difference))
                    if _present(value)]
        lines = r.lines
        src = lines_text(_tables(lines) if isinstance(lines, str) else lines) if isinstance(lines, (list, tuple, str)) else ""
        if src:
            evidence.append(f"原文{src}")
        items.append(item + (f"（{'；'.join(evidence)}）" if evidence else ""))
    return "\n".join(items)


def _present(value: object) -> bool:
    if value is None:
        return False
    if isinstance(value, float) and value != value:
        return False
    return str(value) not in ("", "None", "nan", "<NA>")


def describe_unchecked(results: pd.DataFrame) -> str:
    """A Chinese paragraph on what could not be checked and why."""
    part = unchecked(results)
    if part.empty:
        return "所有核对规则都有足够数据完成判断。"
    return "以下核对无法完成：\n" + "\n".join(
        f"- **{esc(r.rule_id)}**（{r.status}）：{esc(r.message)}" for r in part.itertuples())


def describe_findings(results: pd.DataFrame, tables: list[str], keywords: tuple[str, ...] = ()) -> str:
    """One paragraph: what the reconciliation found about the given tables (and keywords)."""
    found = findings_for(results, tables, keywords)
    names = "、".join([TABLE_NAMES.get(t, t) for t in tables] + [f"“{esc(k)}”" for k in keywords])
    if found.empty:
        return f"数据核对没有发现涉及{names}的不符或尾差。"
    bad = found[found["status"] == "mismatch"]
    rounding = found[found["status"] == "rounding"]
    text = f"数据核对涉及{names}的发现："
    if not bad.empty:
        text += f"\n\n**不符{len(bad)}项**：\n" + "\n".join(f"- {esc(m)}" for m in bad["message"])
    if not rounding.empty:
        text += (f"\n\n**尾差{len(rounding)}项**（在舍入范围内，不是差错）：\n"
                 + "\n".join(f"- {esc(m)}" for m in rounding["message"]))
    return text


def kind_name(kind: str) -> str:
    """The Chinese name of a reader issue kind (the vocabulary of the packaged rule catalogue)."""
    return load_catalogue().vocabulary.get("issue_kinds", {}).get(kind, "读取提示")


_ISSUE_TEXT = {
    "garbled_merged_cell": "合并单元格的内容跨行错位，已按完整的一行读取，重复的名称未计入",
    "merged_cell_spill": "名称单元格混入了相邻科目的名称（合并单元格串行），已按本科目名称读取",
    "table_of_contents": "几个表名之间没有表格，按目录读取",
    "grid_without_title": "表格前没有可识别的表名，表内数字未读取",
    "placeholder_row": "模板占位行（……），不含数字，未读取",
    "no_data": "找到的公开表中没有任何数字：这是空白模板或未填写的表，不是决算数据",
}


def issue_message(kind: str, message: str) -> str:
    """The Chinese explanation of one reader issue: the message itself when it is Chinese,
    otherwise a Chinese sentence for its kind (with the code and name of an unknown code)."""
    import re

    if len(re.findall(r"[A-Za-z]{2,}", str(message))) < 3:
        return str(message)
    if kind == "unknown_code":
        found = re.match(r"code (\S+) \((.*)\) is not in the reference list", str(message))
        if found:
            return f"科目编码{found.group(1)}（{found.group(2)}）不在参考科目表中（已照原文读取）"
    return _ISSUE_TEXT.get(kind, kind_name(kind))


def parse_issues(d) -> pd.DataFrame:
    """Issues recorded while reading the document, in Chinese, sorted by line, for display."""
    columns = ["级别", "类型", "说明", "行号", "表"]
    issues = d.issues
    if len(issues) == 0:
        return pd.DataFrame(columns=columns)
    part = issues.sort_values("line", kind="stable", na_position="last")
    records = group_notes(part.to_dict("records"))  # many unknown codes in a table: one note, lines listed
    out = pd.DataFrame({
        "级别": [{"error": "错误", "warning": "警告", "info": "提示"}.get(r["severity"], r["severity"]) for r in records],
        "类型": [kind_name(r["kind"]) for r in records],
        "说明": [issue_message(r["kind"], r["message"]) for r in records],
        "行号": [line_ranges(r["lines"]) if r.get("lines") else "—" if pd.isna(r["line"]) else str(int(r["line"]))
               for r in records],
        "表": [TABLE_NAMES.get(r["table"], "—") if isinstance(r["table"], str) else "—" for r in records],
    }, columns=columns)
    return out.reset_index(drop=True)
