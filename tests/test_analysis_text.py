"""Number formatting, display views, escaping, and locating disclosures via the manifest."""

from decimal import Decimal as D

import pytest

from hcfin.analysis import DisclosureNotFound, find_disclosure, load_disclosure, text
from hcfin.analysis._common import dec, esc, lines_text, ratio_pct


def test_dec_and_ratio():
    assert dec("933.58") == D("933.58") and dec("") is None and dec(None) is None and dec(float("nan")) is None
    assert ratio_pct(D("759.99"), D("933.58")) == D("81.41")
    assert ratio_pct(D("1"), D("0")) is None and ratio_pct(None, D("1")) is None
    assert ratio_pct(D("1"), D("8")) == D("12.50")  # half-up, not banker's: 12.5 exactly
    assert ratio_pct(D("0.00125"), D("1"), 3) == D("0.125")


def test_formatters():
    assert text.fmt_amount(D("55.10")) == "55.10万元"
    assert text.fmt_amount(None) == "—"
    assert text.fmt_pct(D("88.16")) == "88.16%"
    assert text.fmt_signed(D("-0.15")) == "减少0.15万元"
    assert text.fmt_signed(D("0")) == "持平"
    assert lines_text([105, 42, 42, None]) == "第42、105行"


def test_esc_makes_markup_inert():
    out = esc("<img src=x onerror=alert(1)>*a*")
    assert "<" not in out and "\\*" in out


def test_view(seed):
    from hcfin.analysis import spending

    shown = text.view(spending.sangong(seed))
    assert "预算数（万元）" in shown.columns and "key" not in shown.columns
    assert shown.iloc[1]["执行率（%）"] == "—" and shown.iloc[0]["执行率（%）"] == "88.16"


def test_find_disclosure(tmp_path):
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    path = find_disclosure("怀化市养老和工伤保险服务中心", 2024, root / "data")
    assert path.name == "huaihua-yanglao-gongshang-2024.txt"
    with pytest.raises(DisclosureNotFound, match="没有 某单位 2024"):
        find_disclosure("某单位", 2024, root / "data")
    with pytest.raises(DisclosureNotFound, match="manifest.csv"):
        find_disclosure("某单位", 2024, tmp_path)
    (tmp_path / "raw").mkdir()
    (tmp_path / "raw" / "manifest.csv").write_text("file,unit,year,format,source,sha256\nx.txt,甲,2024,text,,\n",
                                                   encoding="utf-8")
    with pytest.raises(DisclosureNotFound, match="不存在"):
        find_disclosure("甲", 2024, tmp_path)
    assert load_disclosure("怀化市养老和工伤保险服务中心", 2024, root / "data").meta["year"] == 2024


def test_describe_source(seed):
    out = text.describe_source(seed)
    assert "怀化市养老和工伤保险服务中心" in out and "9/9" in out and "公开07表" in out
