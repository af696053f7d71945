"""Building the one context each page's template gets (:class:`PageContext`, documented in
:mod:`ocop_site.render.page_context`): :func:`page_context` for a page of
:func:`~ocop_site.render.pages.page_specs`, :func:`not_found_context` for ``404.html``.
Rendering is a pure function of the site, the language, the page and the fragments it shows
(cards, body).
"""
from __future__ import annotations

from dataclasses import replace
from typing import Any, Sequence

from markupsafe import Markup

from ..model import Localized, Site
from ..site_urls import absolute_url, root_path
from .catalogue import Catalogue
from .catalogue_data import data_path
from .feed import feed_path
from .image_views import site_images_view
from .pages import Link, PageSpec, number_formatter, pager, translator
from .paths import at_depth, listing_path, page_path, relative_url, root_of
from .page_context import PageContext
from .printouts import brochure_areas
from .share import Share, home_json_ld, json_ld, og_locale, product_json_ld, share_image
from .statistics import STATISTICS_PARTS, statistics_of
from .dates import format_date
from .views import Text

__all__ = ["PageContext", "page_context", "not_found_context", "EAGER_CARDS"]

EAGER_CARDS = 4
"""The first cards of a listing load their pictures at once; the others lazily."""


def _cards(fragments: Sequence[str], path: str) -> tuple[Markup, ...]:
    """Card fragments placed on the page at ``path``; the first few load eagerly."""
    return tuple(Markup(at_depth(card if i >= EAGER_CARDS else card.replace(' loading="lazy"', ""), path))
                 for i, card in enumerate(fragments))


def _body(source: Localized, html: str, lang: str) -> Text:
    """A rendered body, marked as a fallback when its Markdown is not in the page's language."""
    found = source.get(lang)[1]
    return Text(html, found, found != lang and bool(html), True)


def page_context(site: Site, catalogue: Catalogue, spec: PageSpec, cards: Sequence[str] = (),
                 body_html: str = "") -> PageContext:
    """The context of one page; ``cards``: card fragments of a listing page (``render.cards``),
    ``body_html``: the product's or free page's body."""
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
    extra: dict[str, Any] = {"facets": catalogue.facets}
    title, description = site_title, site_description
    paged = f" – {t('page_of', page=spec.number, pages=spec.count)}" if spec.number > 1 else ""
    images = site_images_view(site)

    def address(target: str) -> str:
        """For JSON-LD: absolute with base_url, else relative to this page."""
        return absolute_url(config, target) or relative_url(target, path)

    name, og_type, cover, structured = site_title, "website", None, None
    if spec.kind == "home":
        extra.update(cards=_cards(cards, path), count=len(catalogue.order), pager=pager(spec, default),
                     product_count=len(catalogue.order), filters=catalogue.filters())
        if spec.number == 1:
            extra["catalogue_data"] = data_path(lang, default)
            crumbs = []
            structured = home_json_ld(site, lang, address, site_description, images.logo)
        else:
            name = f"{t('all_products')}{paged}"
            title = f"{name} – {site_title}"
            crumbs.append(Link(t("all_products"), None))
    elif spec.kind == "product":
        slug = spec.parts[1]
        product = replace(catalogue.product(slug), body=_body(catalogue.model(slug).body, body_html, lang))
        extra.update(product=product, facets=catalogue.nav_facets)
        title = f"{product.name} – {site_title}"
        description = str(product.summary) or t("product_description", name=product.name,
                                                   stars=product.stars, district=product.district.name)
        crumbs += [Link(product.group.name, product.group.path), Link(str(product.name), None)]
        name, og_type, cover = str(product.name), "product", product.cover
        structured = product_json_ld(catalogue.model(slug), product, t, address, description)
    elif spec.kind == "facet_index":
        facet = catalogue.facet(spec.parts[0])
        extra["facet"] = facet
        name = facet.label
        title = f"{name} – {site_title}"
        description = t("facet_index_description", facet=facet.label)
        crumbs.append(Link(facet.label, None))
    elif spec.kind == "facet_value":
        facet = catalogue.facet(spec.parts[0])
        value = facet.value(spec.parts[1])
        extra.update(facet=facet, value=value, cards=_cards(cards, path), count=value.count,
                     pager=pager(spec, default),
                     filter_link=f"{page_path(lang, default)}#{facet.key}={value.key}")
        name = f"{value.name}{paged}"
        title = f"{name} – {site_title}"
        description = t("facet_value_description", name=value.name, count=value.count)
        crumbs += [Link(facet.label, facet.path), Link(value.name, None)]
    elif spec.kind == "producer_index":
        extra["makers"] = catalogue.makers
        title = f"{t('producers')} – {site_title}"
        description = t("producers_description", count=len(catalogue.makers))
        crumbs.append(Link(t("producers"), None))
    elif spec.kind == "producer":
        maker = catalogue.maker(spec.parts[1])
        name = maker.producer.name or ""
        extra.update(maker=maker, cards=_cards(cards, path), count=maker.count, facets=catalogue.nav_facets)
        title = f"{name} – {site_title}"
        description = t("producer_description", name=name, count=maker.count)
        crumbs += [Link(t("producers"), page_path(lang, default, "producers")), Link(name, None)]
    elif spec.kind == "statistics":
        extra.update(statistics=statistics_of(site, catalogue, t, format_date), facets=catalogue.nav_facets)
        title = f"{t('statistics')} – {site_title}"
        description = t("stats_description")
        crumbs.append(Link(t("statistics"), None))
    elif spec.kind == "booth_card":
        product = catalogue.product(spec.parts[1])
        extra.update(product=product, cards=_cards(cards, path), facets=catalogue.nav_facets)
        title = f"{t('booth_card')}: {product.name} – {site_title}"
        description = t("booth_card_hint")
        crumbs += [Link(product.group.name, product.group.path), Link(str(product.name), product.path),
                   Link(t("booth_card"), None)]
    elif spec.kind in ("cards", "brochure", "print_index"):
        printout = spec.parts[0]  # cards or brochure
        label = t("booth_cards" if printout == "cards" else "brochure")
        area = catalogue.facet("district").value(spec.parts[1]) if len(spec.parts) > 1 else None
        extra["facets"] = catalogue.nav_facets
        if spec.kind == "print_index":
            extra.update(count=len(catalogue.order), printout=printout, print_areas=tuple(
                replace(v, path=page_path(lang, default, printout, v.key)) for v in catalogue.facet("district").values))
        else:
            placed = tuple(Markup(at_depth(card, path)) for card in cards)
            extra["count"] = len(cards)
            if spec.kind == "cards":
                extra["cards"] = placed
            else:
                extra["areas"] = brochure_areas(site, catalogue, placed, area.key if area else None)
        title = f"{label}{': ' + area.name if area else ''} – {site_title}"
        description = t("booth_cards_hint" if printout == "cards" else "brochure_hint")
        if area:
            crumbs += [Link(label, page_path(lang, default, printout)), Link(area.name, None)]
        else:
            crumbs.append(Link(label, None))
    else:
        page = catalogue.page(spec.parts[0])
        model = next(p for p in site.pages if p.slug == page.slug)
        extra.update(page=replace(page, body=_body(model.body, body_html, lang)), facets=catalogue.nav_facets)
        name = str(page.title)
        title = f"{name} – {site_title}"
        description = str(page.summary) or site_description
        crumbs.append(Link(str(page.title), None))
    canonical = absolute_url(config, path)
    versions = {other: listing_path(other, default, spec.parts, spec.number) for other in config.languages}
    return PageContext(
        lang=lang, default_lang=default, t=t, num=num,
        url=root_of(path).__add__,  # relative_url(target, path), called without a Python frame
        site_title=site_title, site_description=site_description,
        kind=spec.kind, title=title, description=description, path=path, home_path=home.path or "",
        canonical=canonical,
        alternates=tuple(Link(site.ui.get(other, {}).get("language_name", other), version, other)
                         for other, version in versions.items()),
        hreflang=tuple((code, absolute_url(config, version) or relative_url(version, path))
                       for code, version in (*versions.items(), ("x-default", versions[default]))),
        share=Share(name, description, og_type, canonical, site_title, og_locale(lang),
                    tuple(og_locale(other) for other in config.languages if other != lang),
                    share_image(config, cover, images.share, images.logo, str(cover.alt) if cover else site_title)),
        json_ld=json_ld(structured) if structured else None,
        breadcrumbs=tuple(crumbs), pages=catalogue.pages,
        **_frame_links(site, lang),
        **extra,
    )


def _frame_links(site: Site, lang: str) -> dict[str, Any]:
    """The links every page's head and footer have: feed, statistics, producers."""
    default = site.config.default_language
    return {"feed": feed_path(lang, default), "statistics_path": page_path(lang, default, *STATISTICS_PARTS),
            "producers_path": page_path(lang, default, "producers") if site.makers else None}


def not_found_context(site: Site, catalogue: Catalogue) -> PageContext:
    """``404.html``, in the catalogue's language (the default). A host serves it for any
    missing address, at any depth, so its links cannot be relative to where it is: with
    ``base_url`` they start at its path on the host (``/ocop/static/style.css``); without
    it they are relative to the output root, right only when the site is at a host's top."""
    config = site.config
    default = config.default_language
    lang = catalogue.lang
    root = root_path(config)
    num = number_formatter(lang)
    t = translator(catalogue.strings, num)
    site_title = config.title(lang)
    images = site_images_view(site)
    title = t("not_found_title")
    return PageContext(
        lang=lang, default_lang=default, t=t, num=num,
        url=(lambda target: root + target) if root else (lambda target: target),
        site_title=site_title, site_description=config.description(lang),
        kind="not_found", title=f"{title} – {site_title}", description=t("not_found_text"),
        path="404.html", home_path=page_path(lang, default), canonical=None, alternates=(),
        breadcrumbs=(), facets=catalogue.nav_facets, pages=catalogue.pages,
        share=Share(title, t("not_found_text"), "website", None, site_title, og_locale(lang), (),
                    share_image(config, None, images.share, images.logo, site_title)),
        **_frame_links(site, lang),
        not_found=tuple(Link(site.ui.get(other, {}).get("not_found_line", "Page not found: go to the home page"),
                             page_path(other, default), other)
                        for other in config.languages if other != lang),
    )
