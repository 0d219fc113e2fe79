"""Chinese text in matplotlib/seaborn charts, on any machine, with openly licensed fonts only.

The ``report`` extra installs ``pylopdf-fonts-zh-cn``, which ships Noto Sans SC (SIL Open Font
License 1.1) as a plain OpenType file. ``setup_fonts`` registers it with matplotlib and puts it
first in the sans-serif list, followed by openly licensed Simplified-Chinese fonts the system
already has (Noto Sans CJK SC, Source Han Sans SC, WenQuanYi, ...), so charts still render
Chinese where the package is absent. Proprietary fonts (SimHei, Microsoft YaHei, ...) are never
chosen: only the families named in ``OPEN_CJK_FAMILIES`` are considered.
"""

from __future__ import annotations

from pathlib import Path

__all__ = ["OPEN_CJK_FAMILIES", "Chart", "apply_style", "bundled_font_path", "chart_alt_text", "setup_fonts"]

#: Openly licensed fonts with Simplified Chinese glyphs, in order of preference.
OPEN_CJK_FAMILIES = (
    "Noto Sans SC",  # OFL; the bundled one
    "Noto Sans CJK SC",  # OFL; fonts-noto-cjk on Debian/Ubuntu
    "Source Han Sans SC",  # OFL; Adobe's name for the same design
    "Source Han Sans CN",
    "WenQuanYi Zen Hei",  # GPL with font exception
    "WenQuanYi Micro Hei",  # Apache-2.0 / GPLv3
    "Droid Sans Fallback",  # Apache-2.0
)

#: Latin fallback after the Chinese fonts (ships with matplotlib).
_LATIN_FALLBACK = "DejaVu Sans"

_CONFIGURED: list[str] | None = None


def bundled_font_path() -> Path | None:
    """Return the path of the pip-installed Noto Sans SC, or None if the package is missing."""
    try:
        import pylopdf_fonts_zh_cn
    except ImportError:
        return None
    path = Path(pylopdf_fonts_zh_cn.sans_path())
    return path if path.is_file() else None


def _available_families() -> list[str]:
    """Register the bundled font and return the open CJK families matplotlib can use."""
    from matplotlib import font_manager

    bundled = bundled_font_path()
    if bundled is not None:
        known = {Path(entry.fname) for entry in font_manager.fontManager.ttflist}
        if bundled not in known:
            font_manager.fontManager.addfont(str(bundled))
    present = {entry.name for entry in font_manager.fontManager.ttflist}
    return [family for family in OPEN_CJK_FAMILIES if family in present]


def setup_fonts() -> str:
    """Make matplotlib draw Simplified Chinese; return the font family used first.

    Sets ``font.family`` to sans-serif with the available open CJK families first and
    DejaVu Sans after them (matplotlib falls back glyph by glyph through the list), and keeps
    the minus sign a real minus. Safe to call more than once.

    Raises:
        RuntimeError: no openly licensed Simplified-Chinese font is available.
    """
    global _CONFIGURED
    import matplotlib

    families = _CONFIGURED or _available_families()
    if not families:
        raise RuntimeError(
            "没有可用的简体中文字体：请安装 hcfin 的 report 依赖（pip install 'hcfin[report]'，"
            "其中包含开源字体 Noto Sans SC），或安装系统字体 fonts-noto-cjk"
        )
    _CONFIGURED = families
    matplotlib.rcParams["font.family"] = ["sans-serif"]
    matplotlib.rcParams["font.sans-serif"] = [*families, _LATIN_FALLBACK]
    matplotlib.rcParams["axes.unicode_minus"] = True
    return families[0]


def apply_style() -> str:
    """Apply the report chart style (seaborn, readable at a glance) with Chinese fonts.

    White grid, larger text than matplotlib's default, no top/right spines, tight saving.
    Returns the Chinese font family in use (see ``setup_fonts``).
    """
    import matplotlib
    import seaborn as sns

    sns.set_theme(context="notebook", style="whitegrid", palette="deep", font_scale=1.05)
    family = setup_fonts()
    matplotlib.rcParams.update(
        {
            "figure.figsize": (8.0, 4.5),
            "figure.dpi": 100,
            "savefig.dpi": 150,
            "savefig.bbox": "tight",
            "axes.titlesize": "large",
            "axes.titleweight": "normal",  # the bundled font has no bold face
            "axes.spines.top": False,
            "axes.spines.right": False,
        }
    )
    return family


def chart_alt_text(figure) -> str:
    """Chinese alternative text of a chart: its titles and axis labels (``图表：…``)."""
    parts: list[str] = []
    suptitle = getattr(figure, "_suptitle", None)
    if suptitle is not None and suptitle.get_text().strip():
        parts.append(suptitle.get_text().strip())
    for ax in figure.axes:
        for item in (ax.get_title(), ax.get_xlabel(), ax.get_ylabel()):
            text = " ".join(item.replace("\\$", "$").split())  # chart text escapes "$" (hcfin.escape.chart_text)
            if text and text not in parts:
                parts.append(text)
    return "图表：" + "；".join(parts) if parts else "图表"


class Chart:
    """A matplotlib figure as a notebook shows it, with Chinese alternative text.

    ``display(Chart(fig))`` gives a PNG (as the inline backend would) and an HTML ``<img>`` whose
    ``alt`` names the chart (:func:`chart_alt_text`, escaped), so JupyterLab and nbconvert's HTML
    both carry it; nbconvert otherwise writes "No description has been provided for this image".
    """

    def __init__(self, figure, alt: str | None = None):
        self.figure = figure
        self.alt = alt if alt is not None else chart_alt_text(figure)

    def _repr_mimebundle_(self, include=None, exclude=None):
        from IPython.core.pylabtools import print_figure

        from .escape import html_text

        png = print_figure(self.figure, "png", bbox_inches="tight", base64=True)  # as the inline backend
        if png is None:  # an empty figure shows nothing
            return {"text/plain": self.alt}
        img = f'<img alt="{html_text(self.alt)}" src="data:image/png;base64,{png}">'
        return {"image/png": png, "text/html": img, "text/plain": self.alt}, {"image/png": {"alt": self.alt}}
