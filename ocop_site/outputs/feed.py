"""The Atom feed of each language (``feed.xml``, ``en/feed.xml``): the newest OCOP products,
for feed readers; every page links to its language's feed (:mod:`ocop_site.render.feed`)."""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..plan import Artifact, Made, PlanContext, producer
from ..render.feed import atom_feed, feed_order, feed_path
from ..render.pages import number_formatter, translator


def _make(lang: str, made: Made) -> bytes:
    renderer = made.context.renderer
    strings = renderer.catalogue(lang).strings
    return atom_feed(renderer.site, lang, translator(strings, number_formatter(lang)))


@producer("feed")
def feeds(ctx: PlanContext) -> Iterable[Artifact]:
    site = ctx.site
    for lang in site.config.languages:
        shown = [p.slug for p in feed_order(site, lang)]  # the newest: only what they are matters
        yield Artifact(feed_path(lang, site.config.default_language), "site.yaml",
                       (f"={lang}", "site.yaml", f"strings:{lang}", f"={' '.join(shown)}",
                        *(f"product:{slug}" for slug in shown)), partial(_make, lang))
