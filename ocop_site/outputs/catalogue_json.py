"""``catalogue.json``: the whole catalogue as open data, for a province to aggregate.

One record per product (:mod:`ocop_site.render.open_data`), the site's areas,
provinces and groups; its shape is the JSON Schema shipped in the package
(``ocop_site/schemas/catalogue.schema.json``).
"""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..model import Site
from ..plan import Artifact, Made, PlanContext, producer
from ..render.open_data import catalogue_json, standings_input


def _make(site: Site, made: Made) -> bytes:
    return catalogue_json(site)


@producer("catalogue-json")
def catalogue(ctx: PlanContext) -> Iterable[Artifact]:
    site = ctx.site
    yield Artifact("catalogue.json", "site.yaml",
                   ("site.yaml", *(f"product:{p.slug}" for p in site.products), standings_input(site)),
                   partial(_make, site))
