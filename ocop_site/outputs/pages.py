"""HTML pages of every language: home (paginated), products, facet indexes, facet values
(paginated) and free pages; plus the fragments they share: product cards and rendered bodies.

A card is rendered once per product and language and reused on the home
and on the three facet pages that list the product. A Markdown body is
rendered once per distinct text (an untranslated product's English page
shows its Vietnamese body) and kept in the build state.
"""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..inputs import markdown_key
from ..model import Localized
from ..plan import Artifact, Fragment, Made, PlanContext, digest, producer
from ..render.pages import PageSpec, listing_slugs
from ..render.renderer import Renderer


def _card_name(lang: str, slug: str) -> str:
    return f"card:{lang}:{slug}"


def _page(renderer: Renderer, spec: PageSpec, cards: tuple[str, ...], body: str | None, made: Made) -> bytes:
    return renderer.page(spec, [made.fragments[name] for name in cards],
                         made.fragments[body] if body else "")


def _markdown(text: str, made: Made) -> str:
    return made.markdown(text)


def _card(renderer: Renderer, lang: str, slug: str, made: Made) -> str:
    return renderer.card(lang, slug)


def _body(localized: Localized, lang: str, fragments: dict[str, Fragment]) -> str | None:
    """The name of the body's HTML fragment in ``lang`` (or its fallback), added to ``fragments``."""
    text = localized.get(lang)[0]
    if not text.strip():
        return None
    name = f"md:{markdown_key(text)}"
    if name not in fragments:
        fragments[name] = Fragment(name, (f"={name}",), partial(_markdown, text), persist=True)
    return name


@producer("pages")
def pages(ctx: PlanContext) -> Iterable[Artifact | Fragment]:
    site, renderer = ctx.site, ctx.renderer
    default = site.config.default_language
    bodies: dict[str, Fragment] = {}
    for lang in site.config.languages:
        catalogue = renderer.catalogue(lang)
        common = ("site.yaml", f"strings:{lang}", f"pages:{lang}", "images:site")
        counts = "=" + digest(*(f"{f.key}:{v.key}:{v.count}" for f in catalogue.facets for v in f.values))
        for slug in catalogue.order:
            yield Fragment(_card_name(lang, slug), (f"={lang}", "site.yaml", f"strings:{lang}", "static-list",
                                                    "template:partials/card.html", f"product:{slug}"),
                           partial(_card, renderer, lang, slug))
        for spec in renderer.specs(lang):
            inputs = (*common, f"template:{spec.template}")
            cards: tuple[str, ...] = ()
            body = None
            source = spec.template
            if spec.kind in ("home", "facet_value"):
                cards = tuple(_card_name(lang, s) for s in listing_slugs(catalogue, spec))
                inputs += (counts, f"={spec.number}/{spec.count}")
            elif spec.kind == "facet_index":
                inputs += (counts,)
            elif spec.kind == "product":
                product = catalogue.model(spec.parts[1])
                source = product.source
                status = product.certificate.status_on(site.today) if product.certificate else "none"
                inputs += (f"product:{product.slug}", "static-list", f"=certificate {status}")
                body = _body(product.body, lang, bodies)
            else:
                page = next(p for p in site.pages if p.slug == spec.parts[0])
                source = page.source
                inputs += (f"page:{page.slug}",)
                body = _body(page.body, lang, bodies)
            yield Artifact(spec.path(default), source, inputs, partial(_page, renderer, spec, cards, body),
                           needs=cards + ((body,) if body else ()))
    yield from bodies.values()
