"""HTML pages of every language: home (paginated), products, facet indexes, facet values
(paginated) and free pages; plus the fragments they share: product cards and rendered bodies.

A card is rendered once per product and language and reused on the home
and on the three facet pages that list the product. A Markdown body is
rendered once per distinct text (an untranslated product's English page
shows its Vietnamese body) and kept in the build state; since that state may
come from elsewhere, the HTML is kept unsanitised and sanitised on every use.
Cards are not kept: nothing could check one read back (a theme may make them
any HTML), and rendering one is cheap. A product's cards, pages and bodies
are one :class:`~ocop_site.plan.Group`.
"""
from __future__ import annotations

from functools import partial
from typing import Iterable, Iterator, Mapping, NamedTuple

from ..bodies import body_fragment
from ..markup import sanitize
from ..model import Page, Product, Site
from ..plan import Artifact, Fragment, Group, Made, PlanContext, digest, producer
from ..render.pages import PageSpec, listing_slugs, product_spec
from ..render.renderer import CARD


def page_inputs(site: Site, lang: str) -> tuple[str, ...]:
    """What every page of ``lang`` depends on: the frame (title, logo, strings, footer)."""
    return ("site.yaml", f"strings:{lang}", f"pages:{lang}", "images:site", f"=producers {bool(site.makers)}")


def part_inputs(template: str, lang: str) -> tuple[str, ...]:
    """What a piece of a product rendered with ``template`` in ``lang`` (a card, a booth card…)
    depends on besides the product (:meth:`Renderer.product_part`)."""
    return (f"={lang}", "site.yaml", f"strings:{lang}", "static-list", f"template:{template}")


def _card_name(lang: str, slug: str) -> str:
    return f"card:{lang}:{slug}"


def render_page(spec: PageSpec, cards: tuple[str, ...], body: str | None, made: Made) -> bytes:
    # a body's HTML may come from the build state, which is not trusted: sanitised here, always
    return made.context.renderer.page(spec, [made.fragments[name] for name in cards],
                                      sanitize(made.fragments[body]) if body else "")


def _card(lang: str, slug: str, made: Made) -> str:
    return made.context.renderer.card(lang, slug)


def _body(item: Product | Page, lang: str, fragments: dict[str, Fragment], group: str) -> str | None:
    """The name of the HTML fragment of the body in ``lang`` (or its fallback), added to ``fragments``."""
    key, found = item.body.get(lang)
    if not key:
        return None
    fragment = body_fragment(key, item.body_files[found], group)
    fragments.setdefault(fragment.name, fragment)
    return fragment.name


class _Frames(NamedTuple):
    """The inputs all products' cards and pages of one language share, and the cards' names."""

    card: tuple[str, ...]
    page: tuple[str, ...]
    cards: Mapping[str, str]  # product slug -> its card's name: one string each, on every listing


def _frames(ctx: PlanContext, lang: str) -> _Frames:
    return _Frames(part_inputs(CARD, lang),
                   (*page_inputs(ctx.site, lang), f"template:{product_spec(lang, '').template}", "static-list"),
                   {slug: _card_name(lang, slug) for slug in ctx.renderer.catalogue(lang).order})


def _own_inputs(ctx: PlanContext, lang: str, product: Product) -> tuple[str, ...]:
    """What a product's page in ``lang`` depends on besides its frame and body (a fragment)."""
    status = product.certificate.standing_on(ctx.site.today) if product.certificate else "none"
    return (f"product:{product.slug}", f"=certificate {status}",
            f"=producer {ctx.renderer.catalogue(lang).maker_path(product.slug)}")


def _product(ctx: PlanContext, product: Product, frames: Mapping[str, _Frames]) -> Iterator[Artifact | Fragment]:
    """A product's cards and pages in every language, and the fragments of its bodies."""
    slug = product.slug
    default = ctx.site.config.default_language
    bodies: dict[str, Fragment] = {}
    for lang, frame in frames.items():
        yield Fragment(frame.cards[slug], (*frame.card, f"product:{slug}"), partial(_card, lang, slug),
                       group=slug, signed=True)
        spec = product_spec(lang, slug)
        body = _body(product, lang, bodies, slug)
        yield Artifact(spec.path(default), product.source, (*frame.page, *_own_inputs(ctx, lang, product)),
                       partial(render_page, spec, (), body), needs=(body,) if body else (), group=slug)
    yield from bodies.values()


def _product_group(ctx: PlanContext, product: Product, frames: Mapping[str, _Frames], shared: tuple[str, ...]
                   ) -> Group:
    own = [name for lang in frames for name in _own_inputs(ctx, lang, product)]
    own += [f"=md:{key}" for key in product.body.values.values() if key]
    return Group(f"pages:{product.slug}", shared, tuple(own), partial(_product, ctx, product, frames))


@producer("pages")
def pages(ctx: PlanContext) -> Iterable[Artifact | Fragment | Group]:
    site, renderer = ctx.site, ctx.renderer
    default = site.config.default_language
    bodies: dict[str, Fragment] = {}
    frames = {lang: _frames(ctx, lang) for lang in site.config.languages}
    shared = tuple(dict.fromkeys(name for frame in frames.values() for name in (*frame.card, *frame.page)))
    for product in site.products:
        yield _product_group(ctx, product, frames, shared)
    for lang in site.config.languages:
        catalogue = renderer.catalogue(lang)
        common = page_inputs(site, lang)
        counts = "=" + digest(*(f"{f.key}:{v.key}:{v.count}" for f in catalogue.facets for v in f.values))
        makers = "=" + digest(*(f"{m.slug}:{m.producer}:{m.count}" for m in catalogue.makers))
        cards_of = frames[lang].cards
        for spec in renderer.specs(lang):
            if spec.kind == "product":  # in its product's group
                continue
            inputs = (*common, f"template:{spec.template}")
            cards: tuple[str, ...] = ()
            body = None
            source = spec.template
            group = ""
            if spec.kind in ("home", "facet_value"):
                cards = tuple(cards_of[s] for s in listing_slugs(catalogue, spec))
                inputs += (counts, f"={spec.number}/{spec.count}")
            elif spec.kind == "facet_index":
                inputs += (counts,)
            elif spec.kind == "producer_index":
                inputs += (makers,)
            elif spec.kind == "producer":
                maker = catalogue.maker(spec.parts[1])
                cards = tuple(cards_of[s] for s in listing_slugs(catalogue, spec))
                inputs += (f"={maker}",)
                group = f"producer:{maker.slug}"
            else:
                page = next(p for p in site.pages if p.slug == spec.parts[0])
                source = page.source
                inputs += (f"page:{page.slug}",)
                group = f"page:{page.slug}"
                body = _body(page, lang, bodies, group)
            yield Artifact(spec.path(default), source, inputs, partial(render_page, spec, cards, body),
                           needs=cards + ((body,) if body else ()), group=group)
    yield from bodies.values()
