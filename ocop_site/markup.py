"""Markdown bodies -> safe HTML.

Editors write Markdown; raw HTML they paste is passed through nh3 (the
ammonia sanitiser) so a page can never carry a script or an inline event
handler. Links to other hosts stay links (they load nothing by themselves).
"""
from __future__ import annotations

import re

import markdown
import nh3

__all__ = ["MarkdownRenderer"]

_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "abbr", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption", "mark", "small", "span",
}
_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
               "td": {"colspan", "rowspan"}, "*": {"lang", "id"}}
_H1 = re.compile(r"<(/?)h1")


class MarkdownRenderer:
    """One Python-Markdown instance, reset between documents (it keeps state)."""

    def __init__(self) -> None:
        self._md = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")

    def __call__(self, text: str) -> str:
        # The page title is the only h1: a "# Heading" in a body becomes an h2.
        html = _H1.sub(r"<\1h2", self._md.reset().convert(text))
        return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener",
                         url_schemes={"http", "https", "mailto", "tel"})
