"""Charts draw Simplified Chinese without missing glyphs, with an openly licensed font."""

import contextlib
import warnings

import pytest

import matplotlib  # the test extra installs it; a missing one must fail, not skip
matplotlib.use("Agg")

import matplotlib.pyplot as plt  # noqa: E402
from matplotlib import font_manager  # noqa: E402

from hcfin import plotting  # noqa: E402

TITLE = "怀化市养老和工伤保险服务中心 2024 年度支出结构（单位：万元）"
LABELS = ["社会保障和就业支出", "卫生健康支出", "住房保障支出", "机关运行经费"]
VALUES = [491.87, 228.79, -80.5, 12.0]  # a negative value draws a minus sign on the axis
PROPRIETARY = ("SimHei", "Microsoft YaHei", "msyh", "SimSun", "PingFang", "STHeiti", "KaiTi")


def draw_chinese_chart():
    fig, ax = plt.subplots()
    try:
        ax.barh(LABELS, VALUES)
        ax.set_title(TITLE)
        ax.set_xlabel("金额（万元）")
        ax.set_ylabel("功能分类")
        for y, value in enumerate(VALUES):
            ax.annotate(f"{value:,.2f} 万元", (value, y))
        fig.canvas.draw()
    finally:
        plt.close(fig)


@contextlib.contextmanager
def glyph_warnings_as_errors():
    """Turn matplotlib's "Glyph ... missing from font(s)" warnings into exceptions."""
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=r".*[Gg]lyph .* missing from.*")
        yield


def test_bundled_font_is_installed_and_covers_simplified_chinese():
    path = plotting.bundled_font_path()
    assert path is not None, "the report extra must install pylopdf-fonts-zh-cn"
    from matplotlib.ft2font import FT2Font

    font = FT2Font(str(path))
    charmap = font.get_charmap()
    missing = [c for c in TITLE + "".join(LABELS) + "金额（万元）功能分类−" if ord(c) not in charmap and c != " "]
    assert missing == []
    assert font.family_name == "Noto Sans SC"


def test_setup_fonts_draws_chinese_without_missing_glyphs():
    family = plotting.setup_fonts()
    assert family in plotting.OPEN_CJK_FAMILIES
    with glyph_warnings_as_errors():
        draw_chinese_chart()


def test_apply_style_keeps_chinese_fonts():
    family = plotting.apply_style()
    assert matplotlib.rcParams["font.sans-serif"][0] == family
    with glyph_warnings_as_errors():
        draw_chinese_chart()


def test_without_a_chinese_font_the_glyph_check_fails():
    """The check above can fail: with only DejaVu Sans, drawing Chinese raises."""
    with matplotlib.rc_context({"font.family": ["sans-serif"], "font.sans-serif": ["DejaVu Sans"]}):
        with glyph_warnings_as_errors(), pytest.raises(UserWarning, match="missing from"):
            draw_chinese_chart()


def test_no_proprietary_font_is_ever_chosen():
    plotting.setup_fonts()
    chosen = matplotlib.rcParams["font.sans-serif"]
    assert not any(name.lower() in family.lower() for family in chosen for name in PROPRIETARY)
    assert not any(name.lower() in family.lower() for family in plotting.OPEN_CJK_FAMILIES for name in PROPRIETARY)


def test_the_font_matplotlib_resolves_for_chinese_text_is_open():
    plotting.setup_fonts()
    first = matplotlib.rcParams["font.sans-serif"][0]
    resolved = font_manager.fontManager.findfont(font_manager.FontProperties(family=[first]), fallback_to_default=False)
    names = {e.name for e in font_manager.fontManager.ttflist if e.fname == resolved}
    assert names & set(plotting.OPEN_CJK_FAMILIES)


def test_apply_style_asks_for_no_face_the_font_lacks(caplog):
    """matplotlib logs "Failed to find font weight bold" into the report otherwise."""
    plotting.apply_style()
    font_manager.fontManager._findfont_cached.cache_clear()  # it warns once per font query
    with caplog.at_level("WARNING", logger="matplotlib.font_manager"):
        draw_chinese_chart()
    assert [r.getMessage() for r in caplog.records] == []
