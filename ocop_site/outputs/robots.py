"""``robots.txt``: every page may be crawled; with ``base_url``, where the sitemap is.

The smallest output kind, and the model for new ones: a module in this
package, a function registered with :func:`~ocop_site.plan.producer` that
yields artifacts, each with its path, what it is made from, the inputs its
bytes depend on and how to make them. Nothing else in the program changes.
"""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..plan import Artifact, Made, PlanContext, producer
from ..site_urls import absolute_url
from .sitemap import SITEMAP


def _robots(sitemap: str | None, made: Made) -> bytes:
    text = "User-agent: *\nAllow: /\n"
    if sitemap:
        text += f"\nSitemap: {sitemap}\n"
    return text.encode("utf-8")


@producer("robots")
def robots(ctx: PlanContext) -> Iterable[Artifact]:
    yield Artifact("robots.txt", "site.yaml", ("site.yaml",), partial(_robots, absolute_url(ctx.site.config, SITEMAP)))
