"""Escape strings taken from documents before they land in Markdown or HTML.

Disclosures are downloaded from the web, so a unit name or row label may contain markup
(``<script>``, ``<img onerror=...>``) or Markdown syntax (``*``, ``_``, ``[``, `` ` ``, ``#``,
``|``, ``$``). These helpers turn such a string into text that renders literally.
"""

from __future__ import annotations

import html

__all__ = ["html_text", "md_text"]

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
