"""HTML pages of every language: home (paginated), products, facet indexes, facet values
(paginated) and free pages; plus the fragments they share: product cards and rendered bodies.

A card is rendered once per product and language and reused on the home
and on the three facet pages that list the product. A Markdown body is
rendered once per distinct text (an untranslated product's English page
shows its Vietnamese body) and kept in the build state; since that state may
come from elsewhere, the HTML is kept unsanitised and sanitised on every use.
Cards are not kept: nothing could check one read back (a theme may make them
any HTML), and rendering one is cheap.
"""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..bodies import BodyStore
from ..errors import SiteErrors, error
from ..markup import sanitize
from ..model import Page, Product, Site
from ..plan import Artifact, Fragment, Made, PlanContext, digest, producer
from ..render.pages import PageSpec, listing_slugs
from ..render.renderer import Renderer
from ..validate.story import MAX_TEXT_DEPTH
from ..workers import time_limit


def page_inputs(site: Site, lang: str) -> tuple[str, ...]:
    """What every page of ``lang`` depends on: the frame (title, logo, strings, footer)."""
    return ("site.yaml", f"strings:{lang}", f"pages:{lang}", "images:site", f"=producers {bool(site.makers)}")


def _card_name(lang: str, slug: str) -> str:
    return f"card:{lang}:{slug}"


def render_page(renderer: Renderer, spec: PageSpec, cards: tuple[str, ...], body: str | None,
                made: Made) -> bytes:
    # a body's HTML may come from the build state, which is not trusted: sanitised here, always
    return renderer.page(spec, [made.fragments[name] for name in cards],
                         sanitize(made.fragments[body]) if body else "")


MARKDOWN_SECONDS = 10
"""A story takes milliseconds to render; one that takes longer is refused, not waited for."""


class _TooSlow(Exception):
    pass


def _markdown(bodies: BodyStore, key: str, path: str, made: Made) -> str:
    text = bodies.text(key, path)
    try:
        with time_limit(MARKDOWN_SECONDS, _TooSlow()):
            return made.markdown(text)
    except _TooSlow:
        raise SiteErrors([error(path, None, "the text could not be turned into a page in {seconds} s: simplify it",
                                seconds=MARKDOWN_SECONDS)]) from None
    except RecursionError:  # nested in a way check_story does not foresee
        raise SiteErrors([error(path, None, "the text is nested too deeply (lists, quotes, brackets or HTML tags "
                                "more than {depth} levels): simplify it", depth=MAX_TEXT_DEPTH)]) from None


def _card(renderer: Renderer, lang: str, slug: str, made: Made) -> str:
    return renderer.card(lang, slug)


def _body(item: Product | Page, lang: str, bodies: BodyStore, fragments: dict[str, Fragment],
          group: str) -> str | None:
    """The name of the HTML fragment of the body in ``lang`` (or its fallback), added to ``fragments``."""
    key, found = item.body.get(lang)
    if not key:
        return None
    name = f"md:{key}"
    if name not in fragments:
        fragments[name] = Fragment(name, (f"={name}",), partial(_markdown, bodies, key, item.body_files[found]),
                                   persist=True, group=group)
    return name


@producer("pages")
def pages(ctx: PlanContext) -> Iterable[Artifact | Fragment]:
    site, renderer = ctx.site, ctx.renderer
    default = site.config.default_language
    bodies: dict[str, Fragment] = {}
    for lang in site.config.languages:
        catalogue = renderer.catalogue(lang)
        common = page_inputs(site, lang)
        counts = "=" + digest(*(f"{f.key}:{v.key}:{v.count}" for f in catalogue.facets for v in f.values))
        makers = "=" + digest(*(f"{m.slug}:{m.producer}:{m.count}" for m in catalogue.makers))
        cards_of = {slug: _card_name(lang, slug) for slug in catalogue.order}  # one string each, on every listing
        for slug, name in cards_of.items():
            yield Fragment(name, (f"={lang}", "site.yaml", f"strings:{lang}", "static-list",
                                                    "template:partials/card.html", f"product:{slug}"),
                           partial(_card, renderer, lang, slug), group=slug, signed=True)
        for spec in renderer.specs(lang):
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
            elif spec.kind == "product":
                product = catalogue.model(spec.parts[1])
                source = product.source
                status = product.certificate.standing_on(site.today) if product.certificate else "none"
                inputs += (f"product:{product.slug}", "static-list", f"=certificate {status}",
                           f"=producer {catalogue.maker_path(product.slug)}")
                group = product.slug
                body = _body(product, lang, ctx.bodies, bodies, group)
            else:
                page = next(p for p in site.pages if p.slug == spec.parts[0])
                source = page.source
                inputs += (f"page:{page.slug}",)
                group = f"page:{page.slug}"
                body = _body(page, lang, ctx.bodies, bodies, group)
            yield Artifact(spec.path(default), source, inputs, partial(render_page, renderer, spec, cards, body),
                           needs=cards + ((body,) if body else ()), group=group)
    yield from bodies.values()
