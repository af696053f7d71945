"""``404.html``: the page a host shows for an address the site does not have.

Hosts (GitHub Pages, Netlify, nginx's ``error_page``, Apache's ``ErrorDocument``)
serve it at whatever depth the missing address has, so its links start at the
site's path on its host, taken from ``base_url`` (see
:func:`ocop_site.render.context.not_found_context`).
"""
from __future__ import annotations

from typing import Iterable

from ..plan import Artifact, Made, PlanContext, producer
from .pages import page_inputs


def _not_found(made: Made) -> bytes:
    return made.context.renderer.not_found()


@producer("not_found")
def not_found(ctx: PlanContext) -> Iterable[Artifact]:
    config = ctx.site.config
    default = config.default_language
    inputs = (*page_inputs(ctx.site, default), *(f"strings:{lang}" for lang in config.languages[1:]),
              "static-list", "template:404.html")
    yield Artifact("404.html", "404.html", inputs, _not_found)
