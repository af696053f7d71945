"""What templates see: the model, put into one language.

Each view is a frozen value. Text that had to fall back to the default
language is a :class:`Text` whose ``fallback`` is set, so templates can mark
it with ``lang="vi"`` and a "not yet translated" note.

A :class:`Catalogue` holds what the pages of one language share: the
products in Vietnamese alphabetical order of their name in that language,
the facets with their counts, the free pages. A product's view is made only
when a page or card that shows it is made, so an incremental build that
remakes a few pages does not pay for twenty thousand views.
"""
from __future__ import annotations

import datetime as dt
import functools
from collections import Counter
from dataclasses import dataclass, replace
from typing import Mapping

from markupsafe import escape

from ..model import FACETS, Localized, Maker, Page, Producer, Product, Site
from ..vntext import vi_sort_key
from .image_views import ImageView, image_view
from ..site_urls import absolute_url
from .paths import page_path, qr_path

__all__ = ["Text", "FacetValue", "Facet", "ProducerView", "ContactView", "MakerView", "CertificateView", "ProductView", "PageView",
           "Catalogue", "catalogue_for", "text_in", "format_date"]


@dataclass(frozen=True, slots=True)
class Text:
    """A text in one language; ``fallback`` when it is not the page's language."""

    value: str
    lang: str
    fallback: bool
    is_html: bool = False

    def __str__(self) -> str:
        return self.value

    def __html__(self) -> str:
        return self.value if self.is_html else str(escape(self.value))

    def __bool__(self) -> bool:
        return bool(self.value)


def text_in(localized: Localized, lang: str, is_html: bool = False) -> Text:
    value, found = localized.get(lang)
    return Text(value, found, found != lang and bool(value), is_html)


@dataclass(frozen=True, slots=True)
class FacetValue:
    facet: str  # "district", "group" or "stars"
    key: str
    name: str
    count: int
    path: str  # the facet value's page
    province: str = ""  # districts: the province's name, if site.yaml gives one
    description: Text | None = None  # districts and groups: site.yaml's description, if any


@dataclass(frozen=True, slots=True)
class Facet:
    key: str
    label: str
    path: str  # the facet's index page
    values: tuple[FacetValue, ...]

    def value(self, key: str) -> FacetValue:
        return next(v for v in self.values if v.key == key)


@dataclass(frozen=True, slots=True)
class ProducerView:
    name: str | None
    type: str | None  # key
    type_label: str | None
    address: str | None
    phone: str | None
    email: str | None
    website: str | None
    path: str | None = None  # the producer's page, when it has a name


@dataclass(frozen=True, slots=True)
class ContactView:
    """``site.yaml``'s ``contact`` in one language: whom to ask about a product whose producer
    gives no phone, e-mail or website."""

    office: Text
    note: Text | None
    phone: str | None
    email: str | None
    website: str | None


@dataclass(frozen=True, slots=True)
class MakerView:
    """A producer's page: the producer, and how many products name it."""

    slug: str
    path: str
    producer: ProducerView
    count: int


@dataclass(frozen=True, slots=True)
class CertificateView:
    number: str | None
    issuer: str | None
    date: str | None  # formatted for the page's language
    expires: str | None
    expires_iso: str | None
    valid: bool | None  # on the build date; None when no expiry is known


@dataclass(frozen=True, slots=True)
class ProductView:
    slug: str
    path: str
    name: Text
    summary: Text
    commune: Text
    body: Text  # HTML; empty except on the product's own page
    translated: bool  # the product has its own file in this language
    district: FacetValue
    province: str | None
    group: FacetValue
    stars: int
    stars_value: FacetValue
    producer: ProducerView | None
    certificate: CertificateView | None
    price: str | None
    images: tuple[ImageView, ...]  # those the image pipeline processed, in listed order
    placeholder: str  # path of the group's placeholder picture
    tags: tuple[str, ...]
    url: str | None = None  # the page's public address, when site.yaml has base_url
    qr: str | None = None  # then also its QR code (an SVG encoding url), from the output root
    contact: ContactView | None = None  # site.yaml's contact, when the producer gives no way to reach it

    @property
    def cover(self) -> ImageView | None:
        return self.images[0] if self.images else None


@dataclass(frozen=True, slots=True)
class PageView:
    slug: str
    path: str
    title: Text
    summary: Text
    body: Text  # HTML; empty except on the page itself


@functools.lru_cache(maxsize=4096)
def format_date(day: dt.date | None, lang: str) -> str | None:
    """A day as the language writes it in full (``15 tháng 1, 2026``)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, "long", locale=lang.replace("-", "_")) if day else None


def _facets(site: Site, lang: str, strings: Mapping[str, str]) -> tuple[Facet, ...]:
    config, default = site.config, site.config.default_language
    counts = Counter((facet, product.facet_value(facet)) for product in site.products for facet in FACETS)
    names = {
        "district": [(k, d.name(lang)) for k, d in config.districts.items()],
        "group": [(k, g.name(lang)) for k, g in config.groups.items()],
        "stars": [(str(n), strings.get(f"stars_{n}", f"{n}★")) for n in (5, 4, 3)],
    }
    names["district"].sort(key=lambda kv: (vi_sort_key(kv[1]), kv[0]))
    labels = {
        "district": config.district_label(lang) if config.district_label else strings.get("district", "District"),
        "group": strings.get("group", "Group"),
        "stars": strings.get("stars", "Stars"),
    }
    named = {"district": config.districts, "group": config.groups}

    def value(facet: str, key: str, name: str) -> FacetValue:
        item = named[facet].get(key) if facet in named else None
        province = config.provinces.get(item.province) if item and item.province else None
        return FacetValue(facet, key, name, counts[(facet, key)], page_path(lang, default, facet, key),
                          province.name(lang) if province else "",
                          text_in(item.description, lang) if item and item.description else None)

    return tuple(
        Facet(facet, labels[facet], page_path(lang, default, facet), tuple(
            value(facet, key, name) for key, name in names[facet] if counts[(facet, key)]
        ))
        for facet in FACETS
    )


class Catalogue:
    """Everything of one language that pages share; product views are made on demand."""

    def __init__(self, site: Site, lang: str, placeholders: Mapping[str, str]) -> None:
        self.site = site
        self.lang = lang
        self.strings: Mapping[str, str] = site.ui.get(lang, {})
        self.placeholders = placeholders
        self.facets = _facets(site, lang, self.strings)
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
            counts: dict[str, int] = {}
            districts = self.site.config.districts
            for product in self.site.products:
                province = districts[product.district].province
                if province is not None:
                    counts[province] = counts.get(province, 0) + 1
            self._filters = self.facets
            if len(counts) >= 2:
                names = [(key, self.site.config.provinces[key].name(self.lang)) for key in counts]
                names.sort(key=lambda kv: (vi_sort_key(kv[1]), kv[0]))
                facet = Facet("province", self.strings.get("province", "Province"), "", tuple(
                    FacetValue("province", key, name, counts[key], "") for key, name in names))
                self._filters = (facet, *self.facets)
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
                expires=format_date(cert.expires, lang),
                expires_iso=cert.expires.isoformat() if cert.expires else None,
                valid=cert.is_valid_on(site.today),
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
