"""Markdown bodies -> safe HTML.

Editors write Markdown (Python-Markdown with ``extra`` and ``sane_lists``);
raw HTML they paste is passed through nh3 (the ammonia sanitiser) so a page
can never carry a script or an inline event handler. Links to other hosts
stay links (they load nothing by themselves).

Python-Markdown costs most of a cold build (about 0.7 ms per product story),
and most of that is work that cannot find anything: the ``extra`` extensions
looking for syntax a story rarely has, and each of the inline patterns
(links, code, entities, HTML, emphasis…) tried on every piece of text. So:

- a text with none of the ``extra`` markers (``|`` tables, ``{`` attribute
  lists, ``[^`` footnotes, ``*[`` abbreviations, fenced code, raw HTML or
  entities, ``:`` definition lines) is rendered without those extensions;
- an inline pattern whose required character is nowhere in the text (``[``
  for links, `````` ` `````` for code, ``<`` for HTML and autolinks, ``&`` for
  entities, ``*`` or ``_`` for emphasis, two spaces before a line end for a
  break) is left out for that text.

Each gives the same HTML as the full set (``tests/test_markup.py`` holds
them to it with generated texts); together they halve the cost.
"""
from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import markdown

__all__ = ["MarkdownRenderer", "markdown_unsafe", "needs_extra", "unused_inline_patterns", "sanitize"]

_TAGS = {
    "p", "br", "hr", "h2", "h3", "h4", "h5", "h6", "strong", "em", "b", "i", "u", "s", "sub", "sup",
    "blockquote", "code", "pre", "ul", "ol", "li", "dl", "dt", "dd", "a", "abbr", "table", "thead",
    "tbody", "tfoot", "tr", "th", "td", "caption", "figure", "figcaption", "mark", "small", "span",
}
_ATTRIBUTES = {"a": {"href", "title", "hreflang"}, "abbr": {"title"}, "th": {"scope", "colspan", "rowspan"},
               "td": {"colspan", "rowspan"}, "*": {"lang", "id"}}
_H1 = re.compile(r"<(/?)h1")
_EXTRA_SYNTAX = re.compile(r"[|{<&]|\[\^|\*\[|```|~~~|^ {0,3}:", re.MULTILINE)
_INLINE_NEEDS = {
    "backtick": ("`",), "escape": ("\\",),
    "reference": ("[",), "link": ("[",), "image_link": ("[",), "image_reference": ("[",),
    "short_reference": ("[",), "short_image_ref": ("[",),
    "autolink": ("<",), "automail": ("<",), "html": ("<",), "linebreak": ("  \n",), "entity": ("&",),
    "em_strong": ("*", "_"), "em_strong2": ("*", "_"), "not_strong": ("*", "_"),
}
"""Python-Markdown's inline patterns, by name, and what a text must contain for each to match
(names a version does not have are never left out)."""


def needs_extra(text: str) -> bool:
    """Whether ``text`` may use syntax of the ``extra`` extensions."""
    return _EXTRA_SYNTAX.search(text) is not None


def sanitize(html: str) -> str:
    """Only the tags and attributes a product story needs; safe link schemes only."""
    import nh3

    return nh3.clean(html, tags=_TAGS, attributes=_ATTRIBUTES, link_rel="noopener",
                     url_schemes={"http", "https", "mailto", "tel"})


def unused_inline_patterns(text: str) -> frozenset[str]:
    """The inline patterns that cannot match anything in ``text`` (after Python-Markdown turns
    its tabs into spaces: ``"a\t\nb"`` ends a line with spaces, a line break)."""
    text = text.expandtabs(4)
    return frozenset(name for name, needs in _INLINE_NEEDS.items() if not any(n in text for n in needs))


class MarkdownRenderer:
    """Python-Markdown instances, reset between documents (they keep state): the full one,
    and lighter ones for texts that cannot use all it has, made on first need."""

    def __init__(self) -> None:
        import markdown  # imported when a body is first rendered: most rebuilds render none

        self._markdown = markdown
        self._full: markdown.Markdown | None = None  # made when a text first needs it
        self._light: dict[frozenset[str], markdown.Markdown] = {}

    def instance(self, text: str) -> markdown.Markdown:
        if needs_extra(text):
            if self._full is None:
                self._full = self._make(full=True)
            return self._full
        unused = unused_inline_patterns(text)
        md = self._light.get(unused)
        if md is None:
            md = self._light[unused] = self._make(full=False)
            for name in unused:
                if name in md.inlinePatterns:
                    md.inlinePatterns.deregister(name)
        return md

    def _make(self, full: bool) -> markdown.Markdown:
        """With ``extra`` (``full``) and ``sane_lists``, given as instances: by name, the first one
        a process makes looks through every installed package's entry points (20 ms)."""
        from markdown.extensions.extra import ExtraExtension
        from markdown.extensions.sane_lists import SaneListExtension

        extensions = [ExtraExtension(), SaneListExtension()] if full else [SaneListExtension()]
        return self._markdown.Markdown(extensions=extensions, output_format="html")

    def unsafe(self, text: str) -> str:
        """Python-Markdown's HTML, not yet sanitised (what the build state keeps: HTML read back
        from there is sanitised on use, so a tampered cache cannot add a script)."""
        # The page title is the only h1: a "# Heading" in a body becomes an h2.
        return _H1.sub(r"<\1h2", self.instance(text).reset().convert(text))

    def __call__(self, text: str) -> str:
        return sanitize(self.unsafe(text))


_RENDERER: list[MarkdownRenderer] = []


def markdown_unsafe(text: str) -> str:
    """:meth:`MarkdownRenderer.unsafe` with this process's renderer (made on first use)."""
    if not _RENDERER:
        _RENDERER.append(MarkdownRenderer())
    return _RENDERER[0].unsafe(text)

