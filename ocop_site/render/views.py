"""What templates see: the model, put into one language.

Each view is a frozen value. Text that had to fall back to the default
language is a :class:`Text` whose ``fallback`` is set, so templates can mark
it with ``lang="vi"`` and a "not yet translated" note.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Mapping

from babel.dates import format_date
from markupsafe import escape

from ..model import FACETS, Localized, Product, Site
from ..vntext import vi_sort_key
from .image_views import CARD_SIZES, ImageView, SiteImagesView, image_view, site_images_view

__all__ = ["Text", "FacetValue", "Facet", "ImageView", "SiteImagesView", "CARD_SIZES",
           "site_images_view", "ProductView", "PageView",
           "Catalogue", "catalogue_for", "page_path"]


def page_path(lang: str, default_lang: str, *parts: str) -> str:
    """Output path of a page: ``products/x/index.html``, or ``en/products/x/index.html``."""
    prefix = () if lang == default_lang else (lang,)
    return "/".join((*prefix, *parts, "index.html"))


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


def _text(localized: Localized, lang: str, is_html: bool = False) -> Text:
    value, found = localized.get(lang)
    return Text(value, found, found != lang and bool(value), is_html)


@dataclass(frozen=True, slots=True)
class FacetValue:
    facet: str  # "district", "group" or "stars"
    key: str
    name: str
    count: int
    path: str  # the facet value's page


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


@dataclass(frozen=True, slots=True)
class CertificateView:
    number: str | None
    issuer: str | None
    date: str | None  # formatted for the page's language
    expires: str | None
    expires_iso: str | None
    valid: bool | None  # at build time; None when no expiry is known
    checked_on: str  # the build date, formatted


@dataclass(frozen=True, slots=True)
class ProductView:
    slug: str
    path: str
    name: Text
    summary: Text
    commune: Text
    body: Text
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

    @property
    def cover(self) -> ImageView | None:
        return self.images[0] if self.images else None


@dataclass(frozen=True, slots=True)
class PageView:
    slug: str
    path: str
    title: Text
    summary: Text
    body: Text


@dataclass(frozen=True, slots=True)
class Catalogue:
    """Everything of one language that pages share, computed once per language."""

    lang: str
    strings: Mapping[str, str]
    products: tuple[ProductView, ...]  # in Vietnamese alphabetical order of the name
    facets: tuple[Facet, ...]
    pages: tuple[PageView, ...]
    by_slug: Mapping[str, ProductView]  # the same products, for lookups

    def facet(self, key: str) -> Facet:
        return next(f for f in self.facets if f.key == key)

    def product(self, slug: str) -> ProductView:
        return self.by_slug[slug]

    def page(self, slug: str) -> PageView:
        return next(p for p in self.pages if p.slug == slug)


def _format_date(day: dt.date | None, lang: str) -> str | None:
    return format_date(day, "long", locale=lang.replace("-", "_")) if day else None


def _facets(site: Site, lang: str, strings: Mapping[str, str]) -> tuple[Facet, ...]:
    config, default = site.config, site.config.default_language
    counts: dict[tuple[str, str], int] = {}
    for product in site.products:
        for facet in FACETS:
            key = (facet, product.facet_value(facet))
            counts[key] = counts.get(key, 0) + 1
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
    return tuple(
        Facet(facet, labels[facet], page_path(lang, default, facet), tuple(
            FacetValue(facet, key, name, counts[(facet, key)], page_path(lang, default, facet, key))
            for key, name in names[facet] if counts.get((facet, key))
        ))
        for facet in FACETS
    )


def _product_view(product: Product, site: Site, lang: str, strings: Mapping[str, str],
                  facets: Mapping[str, Facet], placeholder: str) -> ProductView:
    config = site.config
    district = config.districts[product.district]
    producer = product.producer
    cert = product.certificate
    name = _text(product.name, lang)
    return ProductView(
        slug=product.slug,
        path=page_path(lang, config.default_language, "products", product.slug),
        name=name,
        summary=_text(product.summary, lang),
        commune=_text(product.commune, lang),
        body=_text(product.body_html, lang, is_html=True),
        translated=lang in product.translations,
        district=facets["district"].value(product.district),
        province=config.provinces[district.province].name(lang) if district.province else None,
        group=facets["group"].value(product.group),
        stars=product.stars,
        stars_value=facets["stars"].value(str(product.stars)),
        producer=ProducerView(
            name=producer.name, type=producer.type,
            type_label=strings.get(f"producer_{producer.type}") if producer.type else None,
            address=producer.address, phone=producer.phone, email=producer.email,
            website=producer.website,
        ) if producer else None,
        certificate=CertificateView(
            number=cert.number, issuer=cert.issuer, date=_format_date(cert.date, lang),
            expires=_format_date(cert.expires, lang),
            expires_iso=cert.expires.isoformat() if cert.expires else None,
            valid=cert.is_valid_on(site.today),
            checked_on=_format_date(site.today, lang) or "",
        ) if cert else None,
        price=product.price,
        images=tuple(
            image_view(site.images.photos[image.path], _text(image.alt, lang) if image.alt else name)
            for image in product.images if image.path in site.images.photos
        ),
        placeholder=placeholder,
        tags=product.tags,
    )


def catalogue_for(site: Site, lang: str, placeholders: Mapping[str, str]) -> Catalogue:
    """The per-language views; ``placeholders`` maps group key -> picture path."""
    strings = site.ui.get(lang, {})
    facets = _facets(site, lang, strings)
    by_key = {f.key: f for f in facets}
    products = [
        _product_view(p, site, lang, strings, by_key, placeholders.get(p.group, placeholders[""]))
        for p in site.products
    ]
    products.sort(key=lambda v: (vi_sort_key(v.name.value), v.slug))
    pages = tuple(
        PageView(page.slug, page_path(lang, site.config.default_language, page.slug),
                 _text(page.title, lang), _text(page.summary, lang),
                 _text(page.body_html, lang, is_html=True))
        for page in sorted(site.pages, key=lambda p: (vi_sort_key(p.title(lang)), p.slug))
    )
    return Catalogue(lang, strings, tuple(products), facets, pages, {p.slug: p for p in products})
