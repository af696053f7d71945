"""The statistics page of each language (``statistics/index.html``): products by area, group,
stars, producer type and certificate standing, with the certificates expiring soon and
expired (:mod:`ocop_site.render.statistics`), linked from every page's footer."""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..plan import Artifact, Made, PlanContext, producer
from ..render.pages import PageSpec
from ..render.statistics import STATISTICS_PARTS, statistics_input
from .pages import page_inputs

TEMPLATE = "statistics.html"


def statistics_spec(lang: str) -> PageSpec:
    """The statistics page of ``lang``."""
    return PageSpec(lang, "statistics", TEMPLATE, STATISTICS_PARTS)


def _page(spec: PageSpec, made: Made) -> bytes:
    return made.context.renderer.page(spec)


@producer("statistics")
def statistics(ctx: PlanContext) -> Iterable[Artifact]:
    site = ctx.site
    figures = statistics_input(site)
    for lang in site.config.languages:
        spec = statistics_spec(lang)
        yield Artifact(spec.path(site.config.default_language), TEMPLATE,
                       (*page_inputs(site, lang), f"template:{TEMPLATE}", figures),
                       partial(_page, spec))
