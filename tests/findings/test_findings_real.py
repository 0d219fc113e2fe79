"""Findings on the real documents: the seed's defects, one each, with the culprit named; the
Shanghai PDFs' findings located on the page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import hcfin
from hcfin.findings import EVIDENCE_COLUMNS, FINDING_COLUMNS

RAW = Path(__file__).resolve().parents[2] / "data" / "raw"
SHANGHAI = ["shanghai-putuo-caizhengju-2024.pdf", "shanghai-putuo-guihua-ziran-2024.pdf",
            "shanghai-putuo-shehui-gongzuobu-2024.pdf"]


@pytest.fixture(scope="module")
def seed():
    return hcfin.reconcile(hcfin.load(RAW / "huaihua-yanglao-gongshang-2024.txt"))


def test_seed_errors_are_exactly_the_real_defects(seed):
    f = seed.findings
    errors = f[f["group"] == "error"]
    assert set(errors["category"]) <= {"numeric", "consistency"}
    # the blank 支出总计 of 公开04表 once (it breaks two identities), the 行次14 printed twice,
    # 910.69 vs 909.69, 910.69 vs 905.69 and a growth of 100% from a prior year of 0
    assert list(errors["rule_ids"]) == ["T04.3a,T04.3c", "D3", "S1", "S2", "S8"]
    blank = errors.iloc[0]
    assert "空白" in blank["summary"] and "933.58" in blank["summary"]


def test_seed_diagnosis_names_53_34_against_54_34(seed):
    f = seed.findings
    s1 = f[f["rule_ids"] == "S1"].iloc[0]
    assert s1["diagnosis"] == ("第1255行 住房保障支出 年初预算53.34 与 第1290行 住房公积金 年初预算54.34 应为同一数"
                               "（该类只含此项）；按54.34则各类年初预算之和910.69相符")
    ev = seed.evidence[seed.evidence["finding_id"] == s1["finding_id"]]
    assert list(ev["role"][:2]) == ["culprit", "corroborating"] and list(ev["line"][:2]) == [1255, 1290]


def test_seed_template_wording_is_only_presentation(seed):
    f = seed.findings
    d4 = f[f["rule_ids"] == "D4"]
    assert len(d4) == 6 and set(d4["group"]) == {"presentation"}
    assert set(f.loc[f["group"] == "presentation", "rule_ids"]) == {"D4", "D5"}
    # the merged cells of 06表 are what the reader met, listed last
    assert list(f.loc[f["group"] == "reading", "lines"]) == ["899", "906"]
    assert list(f["group"]) == sorted(f["group"], key=["error", "warning", "presentation", "reading"].index)


def test_findings_frame_is_typed_and_stable(seed):
    f, ev = seed.findings, seed.evidence
    assert list(f.columns) == FINDING_COLUMNS and list(ev.columns) == EVIDENCE_COLUMNS
    assert isinstance(f.index, pd.RangeIndex) and isinstance(ev.index, pd.RangeIndex)
    assert f["finding_id"].is_unique and set(ev["finding_id"]) <= set(f["finding_id"])
    assert str(f["summary"].dtype) == "str" and str(ev["page"].dtype) == "Int64"
    assert (f["quote"].str.len() > 0).all()  # every finding quotes its source


@pytest.mark.parametrize("name", SHANGHAI)
def test_every_shanghai_finding_has_page_and_box(name):
    report = hcfin.reconcile(hcfin.load(RAW / name))
    f, ev = report.findings, report.evidence
    assert len(f) > 0
    for fid in f["finding_id"]:
        rows = ev[ev["finding_id"] == fid]
        assert len(rows) > 0, fid
        assert rows["page"].notna().all() and rows[["x0", "top", "x1", "bottom"]].notna().all().all(), fid
        assert ((rows["x1"] > rows["x0"]) & (rows["bottom"] > rows["top"])).all(), fid


def test_the_report_shows_crops_of_the_pdf_pages_with_chinese_alt_text():
    from hcfin.analysis import checks

    report = checks.run_reconciliation(hcfin.load(RAW / "shanghai-putuo-caizhengju-2024.pdf"))
    text = checks.describe_finding_list(report)
    n_crops = text.count('<img src="data:image/png;base64,')
    # N4.1: the §四 line (p.21) and the 04表 总计 cell (p.13); N5.4: p.21 text, p.12 04表 row, p.15 05表 合计; S15: p.21
    assert n_crops >= len(report.findings) and 'alt="原文第21页截图（F01）' in text
    assert "> 第21页 第324行：" in text  # the quoted clause beside the crop


def test_crops_outline_the_cells_of_the_finding():
    from hcfin.findings.crops import finding_crops

    report = hcfin.reconcile(hcfin.load(RAW / "shanghai-putuo-caizhengju-2024.pdf"))
    crops = finding_crops(report, ["F01"])
    assert sorted(c.page for c in crops) == [13, 21]
    assert all(c.png.startswith(b"\x89PNG") for c in crops)


def test_a_text_file_has_quotes_and_no_crops(seed):
    from hcfin.analysis import checks

    text = checks.describe_finding_list(seed)
    assert "data:image" not in text
    assert "第1255行" in text and "住房保障支出" in text


def test_the_report_lists_the_findings_in_the_order_of_hcfin_check(seed):
    from hcfin.analysis import checks

    table = checks.findings_table(seed)
    assert list(table["编号"]) == list(seed.findings["finding_id"])
    assert list(table["级别"][:5]) == ["错误"] * 5 and table["级别"].iloc[-1] == "读取提示"
    assert table.loc[table["编号"] == "F03", "诊断"].iloc[0].startswith("第1255行 住房保障支出 年初预算53.34")
    summary = checks.describe_findings_summary(seed)
    assert summary.startswith("共发现16个问题：错误5个，表述问题9个，读取提示2个。")


def test_every_rule_kind_has_a_category():
    from hcfin.checks import KINDS, load_catalogue

    catalogue = load_catalogue()
    assert set(KINDS) <= set(catalogue.kind_categories)
    assert all(rule.category or rule.kind in catalogue.kind_categories for rule in catalogue.rules)


def test_one_printed_rate_checked_by_two_rules_is_one_finding():
    # 规划 p.21 "完成年初预算的95.45%": N5.6 (against 05表) and C1 (within its sentence) both fail on it
    report = hcfin.reconcile(hcfin.load(RAW / "shanghai-putuo-guihua-ziran-2024.pdf"))
    f = report.findings
    both = f[f["rule_ids"].str.contains("N5.6")]
    assert len(both) == 1 and set(both.iloc[0]["rule_ids"].split(",")) == {"N5.6", "C1"}
