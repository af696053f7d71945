"""Which pages the site has: :func:`page_specs` lists every page as a :class:`PageSpec`
(URL, template, what it shows) without touching Jinja, so URLs, facets and pagination can be
tested on their own; :func:`print_specs` lists the printouts. What each page's template gets
is :mod:`ocop_site.render.context`.
"""
from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any, Callable, Mapping

from ..model import Site
from .catalogue import Catalogue
from .paths import PAGE_SIZE, listing_path, page_count, product_parts
from .printouts import split_by_area

__all__ = ["PageSpec", "Link", "Pager", "page_specs", "print_specs", "product_spec", "booth_card_spec",
           "listing_slugs", "number_formatter", "translator", "pager"]


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One output page. ``parts`` is the language-independent location."""

    lang: str
    kind: str  # home, product, facet_index, facet_value, page, producer_index, producer, statistics;
    # printouts: booth_card, cards, brochure
    template: str
    parts: tuple[str, ...]  # () for home, ("products", slug), ("district", key), …
    number: int = 1  # of a paginated listing (home, facet value)
    count: int = 1  # pages of that listing

    def path(self, default_lang: str) -> str:
        return listing_path(self.lang, default_lang, self.parts, self.number)


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    path: str | None  # None: the current page (last breadcrumb, current page number)
    lang: str | None = None  # hreflang of a language link


@dataclass(frozen=True, slots=True)
class Pager:
    """Where a paginated listing's page sits among its pages."""

    number: int  # this page, from 1
    count: int  # pages in all
    prev: str | None  # paths from the output root
    next: str | None
    links: tuple[Link, ...]  # numbered links: first, last and neighbours; None path = this page


def _listing(lang: str, kind: str, template: str, parts: tuple[str, ...], items: int) -> list[PageSpec]:
    count = page_count(items)
    return [PageSpec(lang, kind, template, parts, n, count) for n in range(1, count + 1)]


def product_spec(lang: str, slug: str) -> PageSpec:
    return PageSpec(lang, "product", "product.html", product_parts(slug))


def booth_card_spec(lang: str, slug: str) -> PageSpec:
    return PageSpec(lang, "booth_card", "booth_card.html", (*product_parts(slug), "card"))


def page_specs(site: Site, catalogue: Catalogue) -> list[PageSpec]:
    """Every page of one language, in a fixed order."""
    lang = catalogue.lang
    specs = _listing(lang, "home", "home.html", (), len(catalogue.order))
    specs += [product_spec(lang, slug) for slug in sorted(catalogue.order)]
    for facet in catalogue.facets:
        specs.append(PageSpec(lang, "facet_index", "facet_index.html", (facet.key,)))
        for value in sorted(facet.values, key=lambda v: v.key):
            specs += _listing(lang, "facet_value", "facet_value.html", (facet.key, value.key), value.count)
    specs += [PageSpec(lang, "page", "page.html", (p.slug,)) for p in sorted(site.pages, key=lambda p: p.slug)]
    if site.makers:
        specs.append(PageSpec(lang, "producer_index", "producers.html", ("producers",)))
        specs += [PageSpec(lang, "producer", "producer.html", ("producers", m.slug)) for m in site.makers]
    return specs


def print_specs(catalogue: Catalogue) -> list[PageSpec]:
    """Every printable page of one language: booth cards, the card sheet, the brochure."""
    lang = catalogue.lang
    specs = [booth_card_spec(lang, slug) for slug in sorted(catalogue.order)]
    if not split_by_area(catalogue):
        return [*specs, PageSpec(lang, "cards", "cards.html", ("cards",)),
                PageSpec(lang, "brochure", "brochure.html", ("brochure",))]
    for kind in ("cards", "brochure"):
        specs.append(PageSpec(lang, "print_index", "print_index.html", (kind,)))
        specs += [PageSpec(lang, kind, f"{kind}.html", (kind, v.key)) for v in catalogue.facet("district").values]
    return specs


def listing_slugs(catalogue: Catalogue, spec: PageSpec) -> list[str]:
    """The products a listing page shows, in order."""
    if spec.kind == "producer":
        return catalogue.maker_listing(spec.parts[1])
    everything = (catalogue.order if spec.kind == "home"
                  else catalogue.listing(spec.parts[0], spec.parts[1]))
    start = (spec.number - 1) * PAGE_SIZE
    return list(everything[start:start + PAGE_SIZE])


@functools.lru_cache(maxsize=None)
def number_formatter(lang: str) -> Callable[[int], str]:
    """Whole numbers as the language writes them: ``10.000`` in vi, ``10,000`` in en."""
    from babel.numbers import format_decimal

    locale = lang.replace("-", "_")
    return functools.lru_cache(maxsize=4096)(lambda value: format_decimal(value, locale=locale))


def translator(strings: Mapping[str, str], num: Callable[[int], str]) -> Callable[..., str]:
    """``t(key, **values)``: a UI string with its ``{placeholders}`` filled; numbers formatted."""
    def t(key: str, **values: Any) -> str:
        text = strings.get(key, key)
        if not values:
            return text
        return text.format(**{k: num(v) if isinstance(v, int) and not isinstance(v, bool) else v
                              for k, v in values.items()})
    return t


def pager(spec: PageSpec, default: str) -> Pager | None:
    """Where a paginated listing's page sits among its pages; None when it has one page."""
    if spec.count < 2:
        return None
    path = functools.partial(listing_path, spec.lang, default, spec.parts)
    shown = sorted({1, spec.count, *range(max(1, spec.number - 2), min(spec.count, spec.number + 2) + 1)})
    return Pager(spec.number, spec.count,
                 path(spec.number - 1) if spec.number > 1 else None,
                 path(spec.number + 1) if spec.number < spec.count else None,
                 tuple(Link(str(n), None if n == spec.number else path(n)) for n in shown))
