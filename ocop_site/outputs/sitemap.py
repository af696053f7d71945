"""``sitemap.xml``: every page of every language, with its other language versions.

Each ``<url>`` lists the page's versions as ``xhtml:link rel="alternate"
hreflang`` (every language, then ``x-default``: the default language), all
absolute addresses from ``base_url``. Without ``base_url`` there is no sitemap
(a sitemap needs absolute addresses; ``check`` says so once, see
:mod:`ocop_site.config`). Only real pages are listed: not ``404.html``, nor
anything that is not one of the renderer's pages. A sitemap holds at most
50,000 addresses; a larger site gets ``sitemap.xml`` as an index of
``sitemaps/sitemap-<n>.xml``.
"""
from __future__ import annotations

from functools import partial
from typing import Iterable, Sequence
from xml.sax.saxutils import escape, quoteattr

from ..model import SiteConfig
from ..plan import Artifact, Made, PlanContext, digest, producer
from ..render.paths import listing_path
from ..site_urls import absolute_url
from .statistics import statistics_spec

__all__ = ["SITEMAP", "MAX_URLS", "sitemap_entries"]

SITEMAP = "sitemap.xml"
MAX_URLS = 50_000
"""The sitemaps protocol's limit per file."""

_HEAD = '<?xml version="1.0" encoding="UTF-8"?>\n'
_URLSET = ('<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9" '
           'xmlns:xhtml="http://www.w3.org/1999/xhtml">\n')


def sitemap_entries(ctx: PlanContext) -> list[tuple[str, ...]]:
    """Every page as (its path, then the path of its version in each language), from the output root."""
    config = ctx.site.config
    default = config.default_language
    entries = []
    for lang in config.languages:
        for spec in (*ctx.renderer.specs(lang), statistics_spec(lang)):
            entries.append((spec.path(default), *(listing_path(other, default, spec.parts, spec.number)
                                                   for other in config.languages)))
    return entries


def _urlset(config: SiteConfig, entries: Sequence[tuple[str, ...]], made: Made) -> bytes:
    def url(path: str) -> str:
        found = absolute_url(config, path)
        assert found is not None
        return found

    codes = (*config.languages, "x-default")
    lines = [_HEAD, _URLSET]
    for path, *versions in entries:
        lines.append(f"<url>\n  <loc>{escape(url(path))}</loc>\n")
        for code, version in zip(codes, (*versions, versions[0])):
            lines.append(f'  <xhtml:link rel="alternate" hreflang="{code}" href={quoteattr(url(version))}/>\n')
        lines.append("</url>\n")
    lines.append("</urlset>\n")
    return "".join(lines).encode("utf-8")


def _index(config: SiteConfig, names: Sequence[str], made: Made) -> bytes:
    lines = [_HEAD, '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n']
    lines += [f"<sitemap><loc>{escape(absolute_url(config, name) or '')}</loc></sitemap>\n" for name in names]
    lines.append("</sitemapindex>\n")
    return "".join(lines).encode("utf-8")


@producer("sitemap")
def sitemap(ctx: PlanContext) -> Iterable[Artifact]:
    config = ctx.site.config
    if not config.base_url:
        return
    entries = sitemap_entries(ctx)
    chunks = [entries[start:start + MAX_URLS] for start in range(0, len(entries), MAX_URLS)]
    if len(chunks) == 1:
        yield Artifact(SITEMAP, "site.yaml", ("site.yaml", "=" + digest(*(e[0] for e in entries))),
                       partial(_urlset, config, entries))
        return
    names = [f"sitemaps/sitemap-{n}.xml" for n in range(1, len(chunks) + 1)]
    for name, chunk in zip(names, chunks):
        yield Artifact(name, "site.yaml", ("site.yaml", "=" + digest(*(e[0] for e in chunk))),
                       partial(_urlset, config, chunk))
    yield Artifact(SITEMAP, "site.yaml", ("site.yaml", f"={len(names)}"), partial(_index, config, names))
