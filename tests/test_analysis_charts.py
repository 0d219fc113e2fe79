"""Charts: one Figure each, Chinese title, axis labels with units, value labels, no missing glyphs."""

import warnings

import pytest

from .analysis_fixtures import FUNDS_CSV, STATEMENTS_CSV, frame, with_extra
from hcfin.analysis import charts, checks, funds, narrative, spending
from .test_analysis_checks import RESULTS


@pytest.fixture(scope="module")
def doc(seed):
    return with_extra(seed, statements=frame(STATEMENTS_CSV), funds=frame(FUNDS_CSV))


def all_charts(d):
    items = spending.expenditure_by_function(d, "项")
    return {
        "income": charts.plot_income_sources(spending.income_by_source(d), 2024),
        "functions": charts.plot_functions(items),
        "basic_project": charts.plot_basic_project(items),
        "economic": charts.plot_economic_classes(spending.economic_classes(d)),
        "sangong": charts.plot_sangong(spending.sangong(d)),
        "execution": charts.plot_budget_execution(narrative.budget_execution(d)),
        "flows": charts.plot_fund_flows(funds.fund_overview(d)),
        "months": charts.plot_fund_months(funds.fund_metrics(d)),
        "checks": charts.plot_check_status(checks.status_summary(RESULTS)),
    }


def test_charts_render_without_missing_glyphs(doc):
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        figures = all_charts(doc)
        for fig in figures.values():
            fig.canvas.draw()  # glyphs are looked up at draw time
    for name, fig in figures.items():
        ax = fig.axes[0]
        assert ax.get_title(), name
    units = {"income": "万元", "functions": "万元", "basic_project": "万元", "economic": "万元",
             "sangong": "万元", "execution": "%", "flows": "亿元", "months": "个月", "checks": "项"}
    for name, unit in units.items():
        ax = figures[name].axes[0]
        assert unit in ax.get_xlabel() + ax.get_ylabel(), name


def test_bars_are_sorted_and_labelled(doc):
    fig = charts.plot_functions(spending.expenditure_by_function(doc, "项"))
    ax = fig.axes[0]
    widths = [patch.get_width() for patch in ax.patches]
    assert widths == sorted(widths, reverse=True)
    labels = [t.get_text() for t in ax.texts]
    assert "491.87（52.69%）" in labels


def test_pooled_schemes_marked(doc):
    ax = charts.plot_fund_months(funds.fund_metrics(doc)).axes[0]
    ticks = [t.get_text() for t in ax.get_yticklabels()]
    assert "工伤保险（省级统筹）" in ticks and "城乡居民基本养老保险" in ticks


def test_empty_inputs_still_draw(seed):
    assert charts.plot_budget_execution(narrative.budget_execution(seed)).axes
    assert charts.plot_fund_flows(funds.fund_overview(seed)).axes


def test_glyph_check_can_fail():
    """The warning filter above does catch a missing glyph (a font without Chinese)."""
    import matplotlib
    import matplotlib.pyplot as plt

    with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
        fig, ax = plt.subplots()
        ax.set_title("支出")
        with warnings.catch_warnings():
            warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
            with pytest.raises(UserWarning):
                fig.canvas.draw()
        plt.close(fig)


def test_long_labels_wrap_and_stacked_bars_have_room(seed):
    from hcfin.analysis import spending

    assert charts._wrap("公务用车购置及运行维护费") == "公务用车购置\n及运行维护费"
    assert charts._wrap("“三公”经费合计") == "“三公”经费合计" and charts._wrap("公务接待费") == "公务接待费"
    fig = charts.plot_sangong(spending.sangong(seed))
    assert any("\n" in t.get_text() for t in fig.axes[0].get_xticklabels())
    by_item = spending.expenditure_by_function(seed, "项")
    ax = charts.plot_basic_project(by_item).axes[0]
    # 行政运行 491.87 is the widest bar; its end must not touch the frame
    assert ax.get_xlim()[1] >= 491.87 * 1.15


def test_short_subjects():
    full = ["一般公共服务支出（类）财政事务（款）行政运行（项）", "“三公”经费",
            "住房保障支出（类）住房改革支出（款）住房公积金（项）"]
    assert charts.short_subjects(full) == ["行政运行（项）", "“三公”经费", "住房公积金（项）"]
    clash = ["甲（类）乙（款）行政运行（项）", "丙（类）丁（款）行政运行（项）"]
    assert charts.short_subjects(clash) == clash


MATH = "$$\\frac{甲"


def test_document_labels_with_dollars_draw_literally(doc):
    """Row labels, items, subjects and schemes carrying ``$$`` (mathtext) draw as plain text."""
    items = spending.expenditure_by_function(doc, "项").assign(name=MATH)
    income = spending.income_by_source(doc)
    income["source"] = MATH
    sangong = spending.sangong(doc).assign(item=MATH)
    execution = narrative.budget_execution(doc).assign(subject=MATH)
    overview = funds.fund_overview(doc).assign(scheme=MATH)
    metrics = funds.fund_metrics(doc).assign(scheme=MATH)
    figures = [charts.plot_income_sources(income, 2024), charts.plot_functions(items),
               charts.plot_basic_project(items),
               charts.plot_economic_classes(spending.economic_classes(doc).assign(name=MATH)),
               charts.plot_sangong(sangong), charts.plot_budget_execution(execution),
               charts.plot_fund_flows(overview), charts.plot_fund_months(metrics)]
    for fig in figures:
        fig.canvas.draw()  # mathtext would raise ValueError on "$$\frac{"
        ticks = [t.get_text() for ax in fig.axes for t in ax.get_xticklabels() + ax.get_yticklabels()]
        assert any("\\$\\$" in t for t in ticks), ticks
