"""``catalogue.csv``: one row per product, for a spreadsheet (columns:
:func:`ocop_site.render.open_data.csv_columns`, documented in the README)."""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..model import Site
from ..plan import Artifact, Made, PlanContext, producer
from ..render.open_data import catalogue_csv, standings_input


def _make(site: Site, made: Made) -> bytes:
    return catalogue_csv(site)


@producer("catalogue-csv")
def catalogue(ctx: PlanContext) -> Iterable[Artifact]:
    site = ctx.site
    yield Artifact("catalogue.csv", "site.yaml",
                   ("site.yaml", *(f"product:{p.slug}" for p in site.products), standings_input(site)),
                   partial(_make, site))
