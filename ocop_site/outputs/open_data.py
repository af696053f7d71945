"""Open data: ``catalogue.json`` (the whole catalogue, for a province to aggregate; its shape
is the JSON Schema shipped in the package, ``ocop_site/schemas/catalogue.schema.json``) and
``catalogue.csv`` (one row per product, for a spreadsheet). Both are made by
:mod:`ocop_site.render.open_data` from every product and the certificates' standing.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterable

from ..model import Site
from ..plan import Artifact, Made, PlanContext, producer
from ..render.open_data import catalogue_csv, catalogue_json, standings_input

FILES: dict[str, Callable[[Site], bytes]] = {"catalogue.json": catalogue_json, "catalogue.csv": catalogue_csv}


def _make(write: Callable[[Site], bytes], site: Site, made: Made) -> bytes:
    return write(site)


@producer("open-data")
def open_data(ctx: PlanContext) -> Iterable[Artifact]:
    site = ctx.site
    inputs = ("site.yaml", *(f"product:{p.slug}" for p in site.products), standings_input(site))
    for name, write in FILES.items():
        yield Artifact(name, "site.yaml", inputs, partial(_make, write, site))
