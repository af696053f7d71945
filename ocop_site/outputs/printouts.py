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
from typing import Iterable, Iterator, Mapping

from ..model import Product
from ..plan import Artifact, Fragment, Group, Made, PlanContext, digest, producer
from ..render.pages import booth_card_spec, print_specs
from ..render.printouts import BOOTH_CARD, BROCHURE_ENTRY, brochure_slugs, printed_slugs
from .pages import page_inputs, part_inputs, render_page

_PARTS = ((BOOTH_CARD, "booth"), (BROCHURE_ENTRY, "entry"))


def _part(template: str, lang: str, slug: str, made: Made) -> str:
    return made.context.renderer.product_part(template, lang, slug)


def _booth_card_inputs(ctx: PlanContext, lang: str) -> tuple[str, ...]:
    return (*page_inputs(ctx.site, lang), f"template:{booth_card_spec(lang, '').template}", "static-list")


def _product(ctx: PlanContext, product: Product, names: Mapping[tuple[str, str, str], str]
             ) -> Iterator[Artifact | Fragment]:
    """A product's booth card and brochure entry (fragments) and its booth card page, in every language."""
    slug = product.slug
    default = ctx.site.config.default_language
    for lang in ctx.site.config.languages:
        for template, kind in _PARTS:
            yield Fragment(names[kind, lang, slug], (*part_inputs(template, lang), f"product:{slug}"),
                           partial(_part, template, lang, slug), group=slug, signed=True)
        spec = booth_card_spec(lang, slug)
        needs = (names["booth", lang, slug],)
        yield Artifact(spec.path(default), product.source, (*_booth_card_inputs(ctx, lang), f"product:{slug}"),
                       partial(render_page, spec, needs, None), needs=needs, group=slug)


@producer("printouts")
def printouts(ctx: PlanContext) -> Iterable[Artifact | Fragment | Group]:
    renderer = ctx.renderer
    default = ctx.site.config.default_language
    shared = tuple(dict.fromkeys(name for lang in ctx.site.config.languages
                                 for name in (*(n for t, _ in _PARTS for n in part_inputs(t, lang)),
                                              *_booth_card_inputs(ctx, lang))))
    # the fragments' names: one string each, in their group and on every sheet that prints them
    names = {(kind, lang, slug): f"{kind}:{lang}:{slug}" for lang in ctx.site.config.languages
             for _, kind in _PARTS for slug in renderer.catalogue(lang).order}
    for product in ctx.site.products:
        yield Group(f"printouts:{product.slug}", shared, (f"product:{product.slug}",),
                    partial(_product, ctx, product, names))
    for lang in ctx.site.config.languages:
        catalogue = renderer.catalogue(lang)
        for spec in print_specs(catalogue):
            if spec.kind == "booth_card":  # in its product's group
                continue
            inputs = (*page_inputs(ctx.site, lang), f"template:{spec.template}")
            if spec.kind == "print_index":
                needs: tuple[str, ...] = ()
                inputs += ("=" + digest(*(f"{v.key}:{v.count}" for v in catalogue.facet("district").values)),)
            else:
                area = spec.parts[1] if len(spec.parts) > 1 else None
                kind, slugs = (("booth", printed_slugs(catalogue, area)) if spec.kind == "cards"
                               else ("entry", brochure_slugs(catalogue, area)))
                needs = tuple(names[kind, lang, slug] for slug in slugs)
            yield Artifact(spec.path(default), spec.template, inputs, partial(render_page, spec, needs, None),
                           needs=needs)
