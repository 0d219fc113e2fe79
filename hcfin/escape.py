"""Escape strings taken from documents before they land in Markdown, HTML or a chart.

Disclosures are downloaded from the web, so a unit name, table title or row label may contain
markup (``<script>``, ``<img onerror=...>``), Markdown syntax (``*``, ``_``, ``[``, `` ` ``, ``#``,
``|``, ``$``) or matplotlib mathtext (``$...$``). These helpers turn such a string into text that
renders literally. This is the one escaping module: the analysis layer (Markdown paragraphs,
tables, chart labels) and the report layer (the index page) both use it.
"""

from __future__ import annotations

import html

__all__ = ["chart_text", "html_cell", "html_text", "md_text"]

# Every ASCII punctuation character may be backslash-escaped in CommonMark; escaping all of them
# is simpler and safer than guessing which ones matter in which position ("1." at the start of a
# line, "=" under a line, "|" in a table cell, "$" around math, ...).
_MD_PUNCTUATION = frozenset("!\"#%'()*+,-./:;=?@[]^_`{|}~")

# The rendered pages load MathJax, which typesets text between "$" or after "\" ("\(", "\[",
# "\begin") even when it came out of Markdown as plain text. MathJax does not match
# delimiters across element boundaries, so each of these characters goes in its own span.
_MATH_CHARS = {"$": '<span class="tex2jax_ignore">&#36;</span>', "\\": '<span class="tex2jax_ignore">&#92;</span>'}


def html_text(value: object) -> str:
    """Return ``value`` as HTML text: ``&``, ``<``, ``>``, ``"`` and ``'`` become entities.

    Args:
        value: any object; ``str(value)`` is escaped.

    Returns:
        A string that a browser shows literally, inside element content or a quoted attribute.
    """
    return html.escape(str(value), quote=True)


def html_cell(value: object) -> str:
    """Return ``value`` as HTML element content on a page that runs MathJax (a report).

    Like :func:`html_text`, and each ``$`` and ``\\`` goes in its own ignored ``<span>`` (as in
    :func:`md_text`), so a table cell ``$x$`` is not typeset as math. Not for attributes.
    """
    return "".join(_MATH_CHARS.get(char, char) for char in html_text(value))


def md_text(value: object) -> str:
    """Return ``value`` as inert Markdown text that renders literally.

    ``<``, ``>`` and ``&`` become HTML entities (so no raw HTML survives the Markdown renderer)
    and every other ASCII punctuation character is backslash-escaped (so no emphasis, link,
    heading, list, table cell or code span is formed). ``$`` and ``\\`` are each wrapped in a
    ``<span>`` so MathJax on the rendered page cannot typeset them as math. Line breaks become spaces: a
    label is one line of text, and a newline could otherwise start a new block.

    Args:
        value: any object; ``str(value)`` is escaped.

    Returns:
        A Markdown fragment for use inside a paragraph, heading, list item or table cell.
    """
    text = " ".join(str(value).splitlines())
    out: list[str] = []
    for char in text:
        if char == "&":
            out.append("&amp;")
        elif char == "<":
            out.append("&lt;")
        elif char == ">":
            out.append("&gt;")
        elif char in _MATH_CHARS:
            out.append(_MATH_CHARS[char])
        elif char in _MD_PUNCTUATION:
            out.append("\\" + char)
        else:
            out.append(char)
    return "".join(out)


def chart_text(value: object) -> str:
    """Return ``value`` as matplotlib text that is drawn literally.

    matplotlib parses text holding an even number of unescaped ``$`` as mathtext: a row label
    ``"$$"`` or ``"$\\frac{$"`` makes drawing the figure fail. Every ``$`` becomes ``\\$``, which
    matplotlib draws as a plain dollar sign; nothing else in chart text is special.

    Args:
        value: any object; ``str(value)`` is escaped.

    Returns:
        A string for ``set_title``, ``set_xlabel``, tick labels, legends and bar labels.
    """
    return str(value).replace("$", "\\$")
