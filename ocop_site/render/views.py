"""What templates see: the model's values, put into one language.

Each view is a frozen value. Text that had to fall back to the default
language is a :class:`Text` whose ``fallback`` is set, so templates can mark
it with ``lang="vi"`` and a "not yet translated" note. The
:class:`~.catalogue.Catalogue` of a language makes these views.
"""
from __future__ import annotations

from dataclasses import dataclass

from markupsafe import escape

from ..model import Localized
from .image_views import ImageView

__all__ = ["Text", "FacetValue", "Facet", "ProducerView", "ContactView", "MakerView", "CertificateView", "ProductView", "PageView",
           "text_in"]


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
    year: int | None  # of recognition, when only the year is known (no date)
    expires: str | None
    expires_iso: str | None
    valid: bool | None  # on the build date; None when no expiry is known
    # valid, expiring (within six months) or expired on the build date, as the statistics and the
    # open data say (Certificate.standing_on); None when no expiry is known
    standing: str | None = None


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
