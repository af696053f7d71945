"""The story below the front matter: shown as it is written, and nested no deeper than Markdown can take."""
from __future__ import annotations

from ..documents import RawDocument
from ..errors import SiteError, error
from ..vntext import UNSHOWABLE

__all__ = ["MAX_TEXT_DEPTH", "check_story"]

MAX_TEXT_DEPTH = 50
"""A story's lists, quotes and brackets nest at most this deep: Python-Markdown recurses on them."""


def _too_deep(body: str) -> int | None:
    """The line (from 0) where a story nests too deeply, or None."""
    brackets = 0
    for number, line in enumerate(body.split("\n")):
        stripped = line.lstrip(" \t")
        indent = len(line.expandtabs(4)) - len(stripped)
        quotes = stripped[:len(stripped) - len(stripped.lstrip("> "))].count(">")
        brackets += line.count("[") - line.count("\\[") - line.count("]")
        if indent // 4 > MAX_TEXT_DEPTH or quotes > MAX_TEXT_DEPTH or brackets > MAX_TEXT_DEPTH:
            return number
    return None


def check_story(doc: RawDocument, problems: list[SiteError]) -> None:
    """Adds to ``problems`` a character of ``doc``'s story that cannot be shown, at its line, and
    a story nested too deeply."""
    body = doc.body
    bad = UNSHOWABLE.search(body)
    if bad:
        line = doc.body_line + body.count("\n", 0, bad.start())
        problems.append(error(doc.path, line, "the text contains a character that cannot be "
                              "shown ({char}): remove it", char=f"U+{ord(bad.group()):04X}"))
    deep = _too_deep(body)
    if deep is not None:
        problems.append(error(doc.path, doc.body_line, "the text is nested too deeply "
                              "(lists, quotes or brackets more than {depth} levels): simplify it",
                              depth=MAX_TEXT_DEPTH))
