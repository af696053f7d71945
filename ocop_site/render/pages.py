"""Which pages the site has, and the one context each template gets.

:func:`page_specs` lists every page as a :class:`PageSpec` (URL, template,
what it shows) without touching Jinja, so URLs and facets can be tested on
their own. :func:`page_context` builds the documented :class:`PageContext`
for one page; rendering is a pure function of (site, language, page).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Callable, Mapping

from babel.numbers import format_decimal

from ..model import FACETS, Site
from .catalogue_data import HOME_PAGE_SIZE, data_path, filter_facets
from .views import Catalogue, Facet, FacetValue, PageView, ProductView, page_path

__all__ = ["PageSpec", "Link", "PageContext", "page_specs", "page_context"]


@dataclass(frozen=True, slots=True)
class PageSpec:
    """One output page. ``parts`` is the language-independent location."""

    lang: str
    kind: str  # home, product, facet_index, facet_value, page
    template: str
    parts: tuple[str, ...]  # () for home, ("products", slug), ("district", key), …

    def path(self, default_lang: str) -> str:
        return page_path(self.lang, default_lang, *self.parts)


@dataclass(frozen=True, slots=True)
class Link:
    label: str
    path: str | None  # None: the current page (last breadcrumb)
    lang: str | None = None  # hreflang of a language link


@dataclass(frozen=True, slots=True)
class PageContext:
    """Everything a template may use. Each field is a template variable.

    - ``lang``: the page's language code; ``t(key, **values)``: a UI string in
      it, placeholders filled (numbers formatted); ``num(n)``: a whole number as
      the language writes it (``10.000`` in vi).
    - ``url(path)``: a relative link from this page to a path from the
      output root (``"products/x/index.html"``, ``"static/style.css"``).
    - ``site_title``, ``site_description``; ``default_lang``.
    - ``kind``: home, product, facet_index, facet_value or page.
    - ``title`` (for ``<title>``), ``description`` (meta description).
    - ``home_path``: the home page of this language.
    - ``path``: this page, from the output root; ``canonical``: absolute URL
      when ``site.yaml`` has ``base_url``, else None.
    - ``alternates``: this page in every language (Link with ``lang``).
    - ``breadcrumbs``: Links from the home page to this one.
    - ``facets``: every Facet (district, group, stars) with its values.
    - ``pages``: free pages for the footer.
    - ``products``: the products this page lists (home, facet value). The
      home lists the first ``HOME_PAGE_SIZE`` (60) when there are more; the
      catalogue script shows the rest.
    - ``product_count`` (home): how many products the catalogue has.
    - ``filters`` (home): the facets of the filter form: district, group and
      stars, led by a province Facet (path ``""``: it has no pages) when the
      products come from more than one province.
    - ``catalogue_data`` (home): path of this language's data script
      (``catalogue-data.js``), read by ``static/catalogue.js``.
    - ``product``: the ProductView (product pages); ``facet``: the Facet
      (facet pages); ``value``: the FacetValue (facet value pages);
      ``page``: the PageView (free pages).
    """

    lang: str
    default_lang: str
    t: Callable[..., str]
    num: Callable[[int], str]
    url: Callable[[str], str]
    site_title: str
    site_description: str
    kind: str
    title: str
    description: str
    home_path: str
    path: str
    canonical: str | None
    alternates: tuple[Link, ...]
    breadcrumbs: tuple[Link, ...]
    facets: tuple[Facet, ...]
    pages: tuple[PageView, ...]
    products: tuple[ProductView, ...] = ()
    product: ProductView | None = None
    facet: Facet | None = None
    value: FacetValue | None = None
    page: PageView | None = None
    product_count: int = 0
    filters: tuple[Facet, ...] = ()
    catalogue_data: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def page_specs(site: Site, lang: str) -> list[PageSpec]:
    """Every page of one language, in a fixed order."""
    specs = [PageSpec(lang, "home", "home.html", ())]
    specs += [PageSpec(lang, "product", "product.html", ("products", p.slug)) for p in site.products]
    for facet in FACETS:
        specs.append(PageSpec(lang, "facet_index", "facet_index.html", (facet,)))
        values = sorted({p.facet_value(facet) for p in site.products})
        specs += [PageSpec(lang, "facet_value", "facet_value.html", (facet, v)) for v in values]
    specs += [PageSpec(lang, "page", "page.html", (p.slug,)) for p in site.pages]
    return specs


def relative_url(target: str, current: str) -> str:
    """A link from the page at ``current`` to ``target`` (both from the output root)."""
    return "../" * current.count("/") + target


def number_formatter(lang: str) -> Callable[[int], str]:
    """Whole numbers as the language writes them: ``10.000`` in vi, ``10,000`` in en."""
    locale = lang.replace("-", "_")
    return lambda value: format_decimal(value, locale=locale)


def translator(strings: Mapping[str, str], num: Callable[[int], str]) -> Callable[..., str]:
    """``t(key, **values)``: a UI string with its ``{placeholders}`` filled; numbers formatted."""
    def t(key: str, **values: Any) -> str:
        text = strings.get(key, key)
        if not values:
            return text
        return text.format(**{k: num(v) if isinstance(v, int) and not isinstance(v, bool) else v
                              for k, v in values.items()})
    return t


def page_context(site: Site, catalogue: Catalogue, spec: PageSpec) -> PageContext:
    config = site.config
    default = config.default_language
    lang = spec.lang
    path = spec.path(default)
    num = number_formatter(lang)
    t = translator(catalogue.strings, num)
    site_title = config.title(lang)
    site_description = config.description(lang)
    home = Link(t("home"), page_path(lang, default))
    crumbs: list[Link] = [home]
    extra: dict[str, Any] = {}
    title, description = site_title, site_description
    if spec.kind == "home":
        extra.update(products=catalogue.products[:HOME_PAGE_SIZE], product_count=len(catalogue.products),
                     filters=filter_facets(site, catalogue), catalogue_data=data_path(lang, default))
        crumbs = []
    elif spec.kind == "product":
        product = catalogue.product(spec.parts[1])
        extra["product"] = product
        title = f"{product.name} – {site_title}"
        description = str(product.summary) or t("product_description", name=product.name,
                                                   stars=product.stars, district=product.district.name)
        crumbs += [Link(product.group.name, product.group.path), Link(str(product.name), None)]
    elif spec.kind == "facet_index":
        facet = catalogue.facet(spec.parts[0])
        extra["facet"] = facet
        title = f"{facet.label} – {site_title}"
        description = t("facet_index_description", facet=facet.label)
        crumbs.append(Link(facet.label, None))
    elif spec.kind == "facet_value":
        facet = catalogue.facet(spec.parts[0])
        value = facet.value(spec.parts[1])
        extra.update(facet=facet, value=value, products=tuple(
            p for p in catalogue.products if getattr(p, "stars_value" if facet.key == "stars" else facet.key).key == value.key
        ))
        title = f"{value.name} – {site_title}"
        description = t("facet_value_description", name=value.name, count=value.count)
        crumbs += [Link(facet.label, facet.path), Link(value.name, None)]
    else:
        page = catalogue.page(spec.parts[0])
        extra["page"] = page
        title = f"{page.title} – {site_title}"
        description = str(page.summary) or site_description
        crumbs.append(Link(str(page.title), None))
    return PageContext(
        lang=lang, default_lang=default, t=t, num=num,
        url=lambda target: relative_url(target, path),
        site_title=site_title, site_description=site_description,
        kind=spec.kind, title=title, description=description, path=path, home_path=home.path or "",
        canonical=(config.base_url + path.removesuffix("index.html")) if config.base_url else None,
        alternates=tuple(Link(site.ui.get(other, {}).get("language_name", other),
                              page_path(other, default, *spec.parts), other)
                         for other in config.languages),
        breadcrumbs=tuple(crumbs), facets=catalogue.facets, pages=catalogue.pages,
        **extra,
    )
