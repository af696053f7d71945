"""Printouts for trade fairs, per language: a booth card per product
(``products/<slug>/card/index.html``, A6), all booth cards four to an A4 sheet
(``cards/index.html``) and the brochure (``brochure/index.html``).

Each booth card and brochure entry is a fragment rendered once per product
and language (``partials/booth_card.html``, ``partials/brochure_entry.html``),
made in the product's worker and placed on the pages that print it, as
listing cards are. The QR codes they show are :mod:`ocop_site.outputs.qr`'s.
"""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..plan import Artifact, Fragment, Made, PlanContext, digest, producer
from ..render.pages import print_specs
from ..render.printouts import BOOTH_CARD, BROCHURE_ENTRY, brochure_slugs, printed_slugs
from ..render.renderer import Renderer
from .pages import page_inputs, render_page


def _part(renderer: Renderer, template: str, lang: str, slug: str, made: Made) -> str:
    return renderer.product_part(template, lang, slug)


@producer("printouts")
def printouts(ctx: PlanContext) -> Iterable[Artifact | Fragment]:
    renderer = ctx.renderer
    default = ctx.site.config.default_language
    for lang in ctx.site.config.languages:
        catalogue = renderer.catalogue(lang)
        names = {}
        for template, kind in ((BOOTH_CARD, "booth"), (BROCHURE_ENTRY, "entry")):
            for slug in catalogue.order:
                name = names[kind, slug] = f"{kind}:{lang}:{slug}"
                yield Fragment(name, (f"={lang}", "site.yaml", f"strings:{lang}", "static-list",
                                      f"template:{template}", f"product:{slug}"),
                               partial(_part, renderer, template, lang, slug), group=slug, signed=True)
        for spec in print_specs(catalogue):
            inputs = (*page_inputs(ctx.site, lang), f"template:{spec.template}")
            source, group = spec.template, ""
            if spec.kind == "booth_card":
                slug = spec.parts[1]
                needs: tuple[str, ...] = (names["booth", slug],)
                inputs += (f"product:{slug}", "static-list")
                source, group = catalogue.model(slug).source, slug
            elif spec.kind == "print_index":
                needs = ()
                inputs += ("=" + digest(*(f"{v.key}:{v.count}" for v in catalogue.facet("district").values)),)
            else:
                area = spec.parts[1] if len(spec.parts) > 1 else None
                needs = (tuple(names["booth", slug] for slug in printed_slugs(catalogue, area)) if spec.kind == "cards"
                         else tuple(names["entry", slug] for slug in brochure_slugs(catalogue, area)))
            yield Artifact(spec.path(default), source, inputs, partial(render_page, renderer, spec, needs, None),
                           needs=needs, group=group)
