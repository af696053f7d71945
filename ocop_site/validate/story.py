"""The story below the front matter: shown as it is written, and nested no deeper than Markdown
(which recurses on lists, quotes and brackets) and the HTML cleaner (whose time grows fast with
nested tags) can take."""
from __future__ import annotations

import re

from ..documents import RawDocument
from ..errors import SiteError, error
from ..vntext import UNSHOWABLE

__all__ = ["MAX_TEXT_DEPTH", "check_story", "story_problems"]

MAX_TEXT_DEPTH = 50
"""A story's lists, quotes, brackets and HTML tags nest at most this deep."""

_LIST_MARKERS = re.compile(r"(?:(?:\d{1,9}[.)]|[-*+])(?:[ \t]+|$))+")
"""List items opened on one line (``1. 1. 1. a``, ``- - - a``): each one a level deeper."""
_TAG = re.compile(r"<(/?)([A-Za-z][A-Za-z0-9-]*)[^<>]*?(/?)>")
_UNNESTED_TAGS = frozenset("area base br col embed hr img input link meta source track wbr "
                           "p li dt dd tr td th thead tbody tfoot option optgroup colgroup caption "
                           "rb rt rp".split())
"""Tags that never hold another level (void elements) or that the next one closes (optional ends)."""


def _tag_depth(line: str, depth: int) -> tuple[int, int]:
    """The nesting depth of HTML tags after ``line`` (``depth`` before it), and the deepest within."""
    deepest = depth
    for closing, name, self_closing in _TAG.findall(line):
        if self_closing or name.lower() in _UNNESTED_TAGS:
            continue
        depth = max(0, depth - 1) if closing else depth + 1
        deepest = max(deepest, depth)
    return depth, deepest


def _too_deep(body: str) -> int | None:
    """The line (from 0) where a story nests too deeply, or None."""
    brackets = tags = 0
    for number, line in enumerate(body.split("\n")):
        stripped = line.lstrip(" \t")
        indent = len(line.expandtabs(4)) - len(stripped)
        quotes = stripped[:len(stripped) - len(stripped.lstrip("> "))].count(">")
        markers = _LIST_MARKERS.match(stripped.lstrip("> "))
        items = len(markers.group().split()) if markers else 0
        brackets += line.count("[") - line.count("\\[") - line.count("]")
        tags, deepest = _tag_depth(line, tags) if "<" in line else (tags, tags)
        if max(indent // 4 + items, quotes, brackets, deepest) > MAX_TEXT_DEPTH:
            return number
    return None


def check_story(doc: RawDocument, problems: list[SiteError]) -> None:
    """Adds to ``problems`` a character of ``doc``'s story that cannot be shown, at its line, and
    a story nested too deeply."""
    problems += story_problems(doc.path, doc.body, doc.body_line)


def story_problems(path: str, body: str, body_line: int) -> list[SiteError]:
    """What :func:`check_story` finds in the story ``body`` of ``path``, starting at ``body_line``."""
    problems = []
    bad = UNSHOWABLE.search(body)
    if bad:
        line = body_line + body.count("\n", 0, bad.start())
        problems.append(error(path, line, "the text contains a character that cannot be "
                              "shown ({char}): remove it", char=f"U+{ord(bad.group()):04X}"))
    deep = _too_deep(body)
    if deep is not None:
        problems.append(error(path, body_line + deep, "the text is nested too deeply "
                              "(lists, quotes, brackets or HTML tags more than {depth} levels): simplify it",
                              depth=MAX_TEXT_DEPTH))
    return problems
