"""Markdown bodies -> safe HTML.

Editors write Markdown (Python-Markdown with ``extra`` and ``sane_lists``);
raw HTML they paste is passed through nh3 (the ammonia sanitiser) so a page
can never carry a script or an inline event handler. Links to other hosts
stay links (they load nothing by themselves).

Python-Markdown costs about 0.8 ms per product story, the largest cost of a
cold build, and most of it is the ``extra`` extensions looking for syntax a
story rarely has. A text with none of their markers (``|`` tables, ``{``
attribute lists, ``[^`` footnotes, ``*[`` abbreviations, fenced code, raw
HTML or entities, ``:`` definition lines) is rendered by an instance without
them, which gives the same HTML (``tests/test_markup.py`` holds the two to
it with generated texts) about a fifth faster.
"""
from __future__ import annotations

import re

import markdown
import nh3

__all__ = ["MarkdownRenderer", "markdown_to_html", "needs_extra", "sanitize"]

_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "abbr", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption", "mark", "small", "span",
}
_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
               "td": {"colspan", "rowspan"}, "*": {"lang", "id"}}
_H1 = re.compile(r"<(/?)h1")
_EXTRA_SYNTAX = re.compile(r"[|{<&]|\[\^|\*\[|```|~~~|^ {0,3}:", re.MULTILINE)


def needs_extra(text: str) -> bool:
    """Whether ``text`` may use syntax of the ``extra`` extensions."""
    return _EXTRA_SYNTAX.search(text) is not None


def sanitize(html: str) -> str:
    """Only the tags and attributes a product story needs; safe link schemes only."""
    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener",
                     url_schemes={"http", "https", "mailto", "tel"})


class MarkdownRenderer:
    """Python-Markdown instances, reset between documents (they keep state)."""

    def __init__(self) -> None:
        self._full = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
        self._plain = markdown.Markdown(extensions=["sane_lists"], output_format="html")

    def __call__(self, text: str) -> str:
        md = self._full if needs_extra(text) else self._plain
        # The page title is the only h1: a "# Heading" in a body becomes an h2.
        return sanitize(_H1.sub(r"<\1h2", md.reset().convert(text)))


_RENDERER: list[MarkdownRenderer] = []


def markdown_to_html(text: str) -> str:
    """Render one body with this process's renderer (made on first use)."""
    if not _RENDERER:
        _RENDERER.append(MarkdownRenderer())
    return _RENDERER[0](text)
