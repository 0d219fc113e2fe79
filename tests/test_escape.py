"""Strings from documents stay text in Markdown and HTML, down to the rendered report."""

import html.parser

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from hcfin.escape import html_text, md_text

from nbconvert.filters.markdown_mistune import markdown2html_mistune  # noqa: E402

LABEL = (
    "<script>alert(1)</script> <img src=x onerror=alert(2)> *强调* _斜体_ [链接](http://x) "
    "`代码` # 标题 | 竖线 $x$ \\(y\\) a&amp;b 1. ~~删~~"
)


class _Collect(html.parser.HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags, self.text = [], []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)

    def handle_data(self, data):
        self.text.append(data)


def parse(fragment: str) -> tuple[list[str], str]:
    collector = _Collect()
    collector.feed(fragment)
    collector.close()
    return collector.tags, "".join(collector.text)


def test_html_text_escapes_markup_and_quotes():
    assert html_text('<img src=x onerror="a">&\'') == "&lt;img src=x onerror=&quot;a&quot;&gt;&amp;&#x27;"
    assert html_text(2024) == "2024"


@pytest.mark.parametrize(
    "template",
    ["{}", "# {}", "- {}", "| 项目 | 金额 |\n|---|---|\n| {} | 1.00 |", "**单位：**{}"],
    ids=["paragraph", "heading", "list", "table", "after-bold"],
)
def test_md_text_renders_literally(template):
    tags, text = parse(markdown2html_mistune(template.format(md_text(LABEL))))
    # only the structure of the template (the heading's own anchor link included), no element
    # from the label: no script, img, link, emphasis, code or strike-through
    allowed = {"p", "h1", "ul", "li", "table", "thead", "tbody", "tr", "th", "td", "strong", "span"}
    assert set(tags) - {"a"} <= allowed
    assert tags.count("a") == (1 if template.startswith("#") else 0)
    assert LABEL in text


def test_unescaped_label_would_inject_markup():
    """The checks above can fail: the raw label produces script/img, or em/code/a elements."""
    tags, _ = parse(markdown2html_mistune(LABEL))
    assert {"script", "img"} <= set(tags)
    tags, _ = parse(markdown2html_mistune("单位 " + LABEL))
    assert {"em", "code", "a"} <= set(tags)


def test_md_text_wraps_math_delimiters_in_their_own_elements():
    rendered = markdown2html_mistune(md_text("$a$ and \\(b\\)"))
    tags, text = parse(rendered)
    assert text.strip() == "$a$ and \\(b\\)"
    assert tags.count("span") == 4  # MathJax never sees "$a$" or "\(b\)" in one text node


def test_md_text_makes_one_line():
    assert "\n" not in md_text("第一行\n# 第二行\r\n")


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("支出<>&*_[]()`#|$\\!-+.=~{}:'\"/ 12a")), max_size=30))
def test_md_text_round_trips_any_text(value):
    tags, text = parse(markdown2html_mistune(md_text(value)))
    assert set(tags) <= {"p", "span"}
    assert text.strip() == value.strip()


def test_hostile_label_renders_inert_in_an_executed_notebook(tmp_path):
    """End to end: a notebook shows the label through md_text/html_text; the page has no
    script or img element in its outputs and shows the label as literal text."""
    from hcfin.report.runner import ReportJob, run_job

    from .report_helpers import output_areas, write_notebook

    label_literal = repr(LABEL)
    escaped = write_notebook(
        tmp_path / "escaped.ipynb",
        "from IPython.display import HTML, Markdown, display\nfrom hcfin.escape import html_text, md_text",
        f"label = {label_literal}",
        "display(Markdown('## ' + md_text(label)))\n"
        "display(Markdown('单位：' + md_text(label)))\n"
        "display(Markdown('| 项目 | 金额（万元） |\\n|---|---|\\n| ' + md_text(label) + ' | 491.87 |'))\n"
        "display(HTML('<p>' + html_text(label) + '</p>'))",
    )
    raw = write_notebook(
        tmp_path / "raw.ipynb",
        "from IPython.display import Markdown, display",
        f"label = {label_literal}",
        "display(Markdown(label))",
    )

    def render(path):
        job = ReportJob("某单位", 2024, path.stem, path, "data", tmp_path / "out" / path.name,
                        tmp_path / "out" / f"{path.stem}.html", tmp_path)
        result = run_job(job)
        assert result.ok, result.error
        return result.html_path.read_text(encoding="utf-8")

    areas = output_areas(render(escaped))
    assert len(areas) == 4
    for area in areas:
        assert area.find("script") is None and area.find("img") is None
        assert area.find("em") is None and area.find("code") is None
        assert LABEL in area.get_text()
    # the same check finds the injected elements when the label is not escaped
    raw_areas = output_areas(render(raw))
    assert any(area.find("script") or area.find("img") for area in raw_areas)
