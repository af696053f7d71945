"""The views of one language that pages share, with product views made on demand.

A :class:`Catalogue` holds the products in Vietnamese alphabetical order of
their name in that language, the facets with their counts, the producers and
the free pages. A product's view is made only when a page or card that shows
it is made, so an incremental build that remakes a few pages does not pay for
twenty thousand views.
"""
from __future__ import annotations

from dataclasses import replace
from typing import Mapping

from ..model import FACETS, Maker, Page, Producer, Product, Site
from ..site_urls import absolute_url
from ..vntext import vi_sort_key
from .dates import format_date
from .facets import facets_of, filter_facets
from .image_views import image_view
from .paths import page_path, qr_path
from .views import (CertificateView, ContactView, Facet, MakerView, PageView, ProducerView, ProductView, Text,
                    text_in)

__all__ = ["Catalogue", "catalogue_for"]

_KEPT_VIEWS = 256
"""Product views kept for reuse. A product's card, printouts, record and page are made
together (one group of the plan), so the last few suffice; keeping all of them would grow a
worker by the views of every product it made."""


class Catalogue:
    """Everything of one language that pages share; product views are made on demand."""

    def __init__(self, site: Site, lang: str, placeholders: Mapping[str, str]) -> None:
        self.site = site
        self.lang = lang
        self.strings: Mapping[str, str] = site.ui.get(lang, {})
        self.placeholders = placeholders
        self.facets = facets_of(site, lang, self.strings)
        self.nav_facets = tuple(replace(f, values=()) for f in self.facets)
        self._by_slug: dict[str, Product] = {p.slug: p for p in site.products}
        self.order: tuple[str, ...] = tuple(
            p.slug for p in sorted(site.products, key=lambda p: (vi_sort_key(p.name(lang)), p.slug)))
        self.pages = tuple(self._page_view(page) for page in sorted(
            site.pages, key=lambda p: (vi_sort_key(p.title(lang)), p.slug)))
        self._views: dict[str, ProductView] = {}
        self._maker_of = {slug: maker.slug for maker in site.makers for slug in maker.products}
        self._makers = {maker.slug: maker for maker in site.makers}
        self.makers = tuple(sorted((self._maker_view(m) for m in site.makers),
                                   key=lambda v: (vi_sort_key(v.producer.name or ""), v.slug)))
        self._maker_views = {view.slug: view for view in self.makers}
        self._positions: dict[str, int] | None = None
        self._listings: dict[tuple[str, str], list[str]] | None = None
        contact = site.config.contact
        self.contact = ContactView(
            text_in(contact.office, lang), text_in(contact.note, lang) if contact.note else None,
            contact.phone, contact.email, contact.website) if contact else None
        self._filters: tuple[Facet, ...] | None = None

    def facet(self, key: str) -> Facet:
        return next(f for f in self.facets if f.key == key)

    def filters(self) -> tuple[Facet, ...]:
        """The facets the home page's filter form offers: district, group and stars, led by
        province when the products come from more than one province (province has no pages
        of its own, so its Facet and values have the path ``""``)."""
        if self._filters is None:
            self._filters = filter_facets(self.site, self.lang, self.strings, self.facets)
        return self._filters

    def model(self, slug: str) -> Product:
        return self._by_slug[slug]

    def listing(self, facet: str, key: str) -> list[str]:
        """Slugs of the products with this facet value, in name order."""
        if self._listings is None:
            self._listings = {}
            for slug in self.order:
                product = self._by_slug[slug]
                for name in FACETS:
                    self._listings.setdefault((name, product.facet_value(name)), []).append(slug)
        return self._listings.get((facet, key), [])

    def product(self, slug: str) -> ProductView:
        view = self._views.get(slug)
        if view is None:
            if len(self._views) >= _KEPT_VIEWS:  # the oldest: its product's pages are done
                del self._views[next(iter(self._views))]
            view = self._views[slug] = self._product_view(self._by_slug[slug])
        return view

    def maker(self, slug: str) -> MakerView:
        return self._maker_views[slug]

    def maker_listing(self, slug: str) -> list[str]:
        """Slugs of a producer's products, in name order."""
        if self._positions is None:
            self._positions = {s: i for i, s in enumerate(self.order)}
        return sorted(self._makers[slug].products, key=self._positions.__getitem__)

    def maker_path(self, product: str) -> str | None:
        """The page of the producer ``product`` names, if it has one."""
        maker = self._maker_of.get(product)
        return page_path(self.lang, self.site.config.default_language, "producers", maker) if maker else None

    def _producer_view(self, producer: Producer, path: str | None) -> ProducerView:
        return ProducerView(
            name=producer.name, type=producer.type,
            type_label=self.strings.get(f"producer_{producer.type}") if producer.type else None,
            address=producer.address, phone=producer.phone, email=producer.email,
            website=producer.website, path=path)

    def _maker_view(self, maker: Maker) -> MakerView:
        path = page_path(self.lang, self.site.config.default_language, "producers", maker.slug)
        return MakerView(maker.slug, path, self._producer_view(maker.producer, path), len(maker.products))

    def page(self, slug: str) -> PageView:
        return next(p for p in self.pages if p.slug == slug)

    def _page_view(self, page: Page) -> PageView:
        lang, default = self.lang, self.site.config.default_language
        return PageView(page.slug, page_path(lang, default, page.slug), text_in(page.title, lang),
                        text_in(page.summary, lang), Text("", lang, False, True))

    def _product_view(self, product: Product) -> ProductView:
        site, lang = self.site, self.lang
        config = site.config
        district = config.districts[product.district]
        producer = product.producer
        cert = product.certificate
        name = text_in(product.name, lang)
        facets = {f.key: f for f in self.facets}
        path = page_path(lang, config.default_language, "products", product.slug)
        return ProductView(
            slug=product.slug,
            path=path,
            name=name,
            summary=text_in(product.summary, lang),
            commune=text_in(product.commune, lang),
            body=Text("", lang, False, True),
            translated=lang in product.translations,
            district=facets["district"].value(product.district),
            province=config.provinces[district.province].name(lang) if district.province else None,
            group=facets["group"].value(product.group),
            stars=product.stars,
            stars_value=facets["stars"].value(str(product.stars)),
            producer=self._producer_view(producer, self.maker_path(product.slug)) if producer else None,
            certificate=CertificateView(
                number=cert.number, issuer=cert.issuer, date=format_date(cert.date, lang),
                year=None if cert.date else cert.year,
                expires=format_date(cert.expires, lang),
                expires_iso=cert.expires.isoformat() if cert.expires else None,
                valid=cert.is_valid_on(site.today),
                standing=None if cert.expires is None else cert.standing_on(site.today),
            ) if cert else None,
            price=product.price,
            images=tuple(
                image_view(site.images.photos[image.path], text_in(image.alt, lang) if image.alt else name,
                           image.illustration)
                for image in product.images if image.path in site.images.photos
            ),
            placeholder=self.placeholders.get(product.group, self.placeholders[""]),
            tags=product.tags,
            url=absolute_url(config, path),
            qr=qr_path(lang, config.default_language, product.slug) if config.base_url else None,
            contact=None if producer and (producer.phone or producer.email or producer.website) else self.contact,
        )


def catalogue_for(site: Site, lang: str, placeholders: Mapping[str, str]) -> Catalogue:
    """The views of one language; ``placeholders`` maps group key -> picture path ("" the default)."""
    return Catalogue(site, lang, placeholders)
