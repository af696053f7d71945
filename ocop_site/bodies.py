"""Markdown bodies, fetched only when one is rendered, and their HTML.

The model holds a digest per body (:func:`ocop_site.build_model.body_key`);
most builds render few bodies (the others' HTML is in the build state), so
their texts are not kept with the model. A :class:`BodyStore` has the texts
of the files read in this build, and reads any other file again when its
body is needed; either way the text's digest must match, so a file edited
while the site is being built is noticed, not published half-old.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Callable, Mapping

from .build_model import body_key
from .errors import SiteErrors, error
from .parsed import parse_document
from .plan import Fragment, Made
from .validate.story import MAX_TEXT_DEPTH
from .workers import time_limit

__all__ = ["BodyStore", "body_fragment", "markdown_in_time", "MARKDOWN_SECONDS"]


class BodyStore:
    def __init__(self, site_dir: Path, fresh: Mapping[str, str]) -> None:
        self.site_dir = site_dir
        self.fresh = dict(fresh)  # digest -> text, for the files read in this build

    def text(self, key: str, path: str) -> str:
        """The body with digest ``key``, from the content file ``path`` (relative to the site)."""
        found = self.fresh.get(key)
        if found is None:
            try:
                found = parse_document((self.site_dir / path).read_bytes(), path).body
            except OSError as exc:
                raise SiteErrors([error(path, None, "cannot read file: {detail}",
                                        detail=exc.strerror or exc)]) from None
        if body_key(found) != key:
            raise SiteErrors([error(path, None, "changed while the site was being built: build again")])
        return found


def body_fragment(key: str, path: str = "", group: str = "") -> Fragment:
    """The HTML of the body whose Markdown has the digest ``key`` (in the file ``path``): it
    depends on that text alone, and is kept in the build state (:mod:`~ocop_site.story_edit`
    finds a story's HTML there)."""
    name = f"md:{key}"
    return Fragment(name, (f"={name}",), partial(_markdown, key, path), persist=True, group=group)


MARKDOWN_SECONDS = 10
"""A story takes milliseconds to render; one that takes longer is refused, not waited for."""


class _TooSlow(Exception):
    pass


def _markdown(key: str, path: str, made: Made) -> str:
    return markdown_in_time(made.context.bodies.text(key, path), path, made.markdown)


def markdown_in_time(text: str, path: str, markdown: Callable[[str], str]) -> str:
    """``markdown(text)``, the story of ``path``; SiteErrors when it takes too long or nests too
    deeply."""
    try:
        with time_limit(MARKDOWN_SECONDS, _TooSlow()):
            return markdown(text)
    except _TooSlow:
        raise SiteErrors([error(path, None, "the text could not be turned into a page in {seconds} s: simplify it",
                                seconds=MARKDOWN_SECONDS)]) from None
    except RecursionError:  # nested in a way check_story does not foresee
        raise SiteErrors([error(path, None, "the text is nested too deeply (lists, quotes, brackets or HTML tags "
                                "more than {depth} levels): simplify it", depth=MAX_TEXT_DEPTH)]) from None
