"""Number formatting, display views, escaping, and locating disclosures via the manifest."""

from decimal import Decimal as D

import pandas as pd
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
    html = shown._repr_html_()
    assert "<th></th>" not in html and "<th>0</th>" not in html  # no index column


def test_view_translates_codes(seed):
    from hcfin.analysis import spending

    shown = text.view(spending.income_by_source(seed))
    assert set(shown["状态"]) == {"已印数", "空白"}
    frame = text.view(pd.DataFrame({"severity": ["warning"], "value": [float("nan")]}))
    assert frame.iloc[0].tolist() == ["警告", "—"]


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


def _no_numbers(seed):
    """The seed with its tables' printed numbers hidden, as in the Shanghai PDFs."""
    import copy

    d = copy.copy(seed)
    d.tables_found = seed.tables_found.assign(number_printed=None)
    return d


def test_table_label_and_rename_tables(seed):
    assert text.table_label(seed, "T03") == "公开03表"  # the seed prints 公开03表
    plain = _no_numbers(seed)
    assert text.table_label(plain, "T03") == "《支出决算表》"
    assert text.rename_tables("取自公开03表（支出决算表，含全部资金来源）", plain) == "取自《支出决算表》（含全部资金来源）"
    assert text.rename_tables("见公开01表（收入支出决算总表）。", plain) == "见《收入支出决算总表》。"
    assert text.rename_tables("支出决算表（公开03表）没有数据", plain) == "《支出决算表》没有数据"
    assert text.rename_tables("人员经费（公开06表）÷ 基本支出（公开05表）", plain) == (
        "人员经费（《一般公共预算财政拨款基本支出决算明细表》）÷ 基本支出（《一般公共预算财政拨款支出决算表》）")
    assert text.rename_tables("公开03表合计行", seed) == "公开03表合计行"


def test_presenter_on_a_document_without_data(seed):
    import copy

    blank = copy.copy(seed)
    blank.facts = seed.facts.assign(value=None)
    show = text.presenter(blank)
    assert show(text.describe_source(blank)).data.count("本文件不含任何数据") == 1
    assert show("收入合计0.00万元").data == "" and show(text.view(seed.facts.head())).data == ""
    assert "公开03表" in text.presenter(seed)("见公开03表").data


HOSTILE_TITLE = "支出决算表<img src=x onerror=alert(1)>$$\\frac{*a*}"


def _hostile_titles(seed):
    """The seed with no printed table numbers and a title carrying markup, Markdown and mathtext."""
    d = _no_numbers(seed)
    d.tables_found = d.tables_found.assign(title=HOSTILE_TITLE)
    return d


def test_rename_tables_escapes_printed_titles_for_where_they_go(seed):
    """A title printed by the document (no 公开0X number) enters Markdown, table cells and charts
    escaped for each: no raw tag in Markdown, plain text in cells (escaped when the table is
    rendered), no mathtext in charts."""
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    from hcfin.escape import chart_text, md_text

    d = _hostile_titles(seed)
    markdown = text.rename_tables("见公开03表。", d)
    assert "<img" not in markdown and markdown == f"见《{md_text(HOSTILE_TITLE)}》。"
    assert "<img" not in markdown2html_mistune(markdown)
    assert text.rename_tables("见公开03表。", d, str) == f"见《{HOSTILE_TITLE}》。"
    assert text.rename_tables("见公开03表。", d, chart_text) == "见《" + HOSTILE_TITLE.replace("$", "\\$") + "》。"


def test_presenter_renders_hostile_titles_inert(seed):
    import matplotlib.pyplot as plt

    from hcfin.analysis.charts import setup_style

    setup_style()
    d = _hostile_titles(seed)
    show = text.presenter(d)
    assert "<img" not in show("取自公开03表。").data
    table = show(text.view(pd.DataFrame({"table": ["公开03表"], "value": ["$x$"]})))
    html = table._repr_html_()
    assert "<img" not in html and "&lt;img" in html
    assert "$" not in html and "&#36;" in html  # MathJax sees no delimiter in a cell
    fig, ax = plt.subplots()
    ax.set_title("支出（公开03表）")
    shown = show(fig)
    shown.figure.canvas.draw()  # raw "$$\frac{" would make mathtext fail here (show gives a Chart)
    assert ax.get_title().count("\\$") == 2
    plt.close(fig)


def test_unescaped_chart_text_would_fail():
    """The chart check above can fail: the raw title does not draw."""
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    ax.set_title("$$\\frac{")
    with pytest.raises(ValueError):
        fig.canvas.draw()
    plt.close(fig)
