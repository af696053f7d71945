"""The catalogue as immutable values: what every later stage reads.

Nothing here knows about files, YAML, Markdown or Jinja. Translatable text
is stored per language in :class:`Localized`; :meth:`Localized.get` falls
back to the default language and says so, which is how untranslated
products stay visible with a marked fallback.
"""
from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from typing import Mapping

__all__ = [
    "Localized", "Named", "Contact", "SiteConfig", "Image", "ImageSettings", "Variant", "ProcessedImage",
    "SiteImages", "Producer", "Maker", "Certificate", "Product", "Page", "Site", "FACETS",
    "CERTIFICATE_MONTHS", "EXPIRING_MONTHS", "FIRST_YEAR", "add_months", "expiry", "expiring_until",
]

FACETS = ("district", "group", "stars")
"""The facets every product has, in navigation order; each has its own pages."""

CERTIFICATE_MONTHS = 36
"""An OCOP certificate is valid 36 months from its decision date."""

FIRST_YEAR = 2018
"""Decision 490/QĐ-TTg started OCOP in 2018: no certificate was issued earlier."""

EXPIRING_MONTHS = 6
"""A valid certificate whose last day is at most this many months after the build date is
"expiring soon" (the statistics page, the open data): time to apply for re-assessment."""


def add_months(day: dt.date, months: int) -> dt.date | None:
    """``day`` plus whole months, clamped to the month's last day (31 Jan + 1 = 28/29 Feb);
    None past the last year a date can have (9999)."""
    year, month = divmod(day.month - 1 + months, 12)
    year += day.year
    if not dt.MINYEAR <= year <= dt.MAXYEAR:
        return None
    month += 1
    return dt.date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def expiry(date: dt.date | None, expires: dt.date | None) -> dt.date | None:
    """A certificate's last valid day: as written, else :data:`CERTIFICATE_MONTHS` after its date."""
    if expires is not None:
        return expires
    return add_months(date, CERTIFICATE_MONTHS) if date else None


def expiring_until(today: dt.date) -> dt.date:
    """The last day on which a certificate still valid on ``today`` counts as expiring soon."""
    return add_months(today, EXPIRING_MONTHS) or dt.date.max


@dataclass(frozen=True, slots=True)
class Localized:
    """One text in several languages; ``values`` always holds the default language."""

    values: Mapping[str, str]
    default: str

    def get(self, lang: str) -> tuple[str, str]:
        """Return (text, language the text is in)."""
        if lang in self.values:
            return self.values[lang], lang
        return self.values.get(self.default, ""), self.default

    def __call__(self, lang: str) -> str:
        return self.get(lang)[0]


@dataclass(frozen=True, slots=True)
class Named:
    """A key with a name per language: a district, province or group."""

    key: str
    name: Localized
    province: str | None = None  # districts only
    description: Localized | None = None  # districts and groups: a short text for their pages


@dataclass(frozen=True, slots=True)
class ImageSettings:
    """``images:`` in ``site.yaml``: how product photos are resized and encoded."""

    widths: tuple[int, ...] = (400, 800, 1600)  # ascending; never upscaled
    quality: int = 80  # WebP and JPEG, 1-100
    max_megapixels: int = 100  # larger images are refused before they are decoded


@dataclass(frozen=True, slots=True)
class Image:
    src: str  # as written: inside the product bundle (or, for site images, the site folder)
    alt: Localized | None
    line: int | None = None  # of the entry in the default-language file (or site.yaml)
    path: str = ""  # the file, relative to the site folder, "/"-separated
    illustration: bool = False  # a drawing, not a photo of the product: pages caption it so


@dataclass(frozen=True, slots=True)
class Contact:
    """``contact:`` in ``site.yaml``: who a buyer can turn to when a product names no way to
    reach its producer (usually the area's OCOP office), shown in its place."""

    office: Localized  # who: an office or role, never a person's private number
    note: Localized | None = None  # how, in a sentence
    phone: str | None = None
    email: str | None = None
    website: str | None = None


@dataclass(frozen=True, slots=True)
class SiteConfig:
    """``site.yaml``, validated."""

    title: Localized
    description: Localized
    languages: tuple[str, ...]
    theme: str
    base_url: str | None
    district_label: Localized | None
    provinces: Mapping[str, Named]
    districts: Mapping[str, Named]
    groups: Mapping[str, Named]
    images: ImageSettings = ImageSettings()
    logo: Image | None = None  # a raster logo: header picture and favicon set
    share_image: Image | None = None  # og:image, when base_url is set
    contact: Contact | None = None  # shown on products whose producer gives no phone, e-mail or website

    @property
    def default_language(self) -> str:
        return self.languages[0]


@dataclass(frozen=True, slots=True)
class Producer:
    name: str | None = None
    type: str | None = None  # htx, doanh-nghiep, to-hop-tac, ho-kinh-doanh
    address: str | None = None
    phone: str | None = None
    email: str | None = None
    website: str | None = None
    slug: str | None = None  # its 'producer.slug': joins products whose names are written differently



@dataclass(frozen=True, slots=True)
class Maker:
    """A producer with a page of its own: what its products say of it (for each field, the
    first product in slug order that gives it) and its products."""

    slug: str  # of its page: producers/<slug>/
    producer: Producer
    products: tuple[str, ...]  # slugs, in slug order


@dataclass(frozen=True, slots=True)
class Certificate:
    number: str | None
    date: dt.date | None
    issuer: str | None
    expires: dt.date | None  # date + 36 months unless the front matter says otherwise
    year: int | None  # of recognition: the date's, or 'certificate.year' when only the year is known

    def is_valid_on(self, today: dt.date) -> bool | None:
        """None when the expiry date is unknown."""
        return None if self.expires is None else today <= self.expires

    def status_on(self, today: dt.date) -> str:
        """``valid``, ``expired`` or ``unknown``: all a page shows of the build date."""
        valid = self.is_valid_on(today)
        return "unknown" if valid is None else "valid" if valid else "expired"

    def standing_on(self, today: dt.date) -> str:
        """:meth:`status_on`, with ``expiring`` for a valid certificate whose last day is at
        most :data:`EXPIRING_MONTHS` away (``valid``, ``expiring``, ``expired`` or ``unknown``)."""
        status = self.status_on(today)
        if status == "valid" and self.expires is not None and self.expires <= expiring_until(today):
            return "expiring"
        return status


@dataclass(frozen=True, slots=True)
class Product:
    slug: str
    source: str  # the default-language file, relative to the site, for messages
    bundle: str | None  # folder holding the product's images, relative to the site
    name: Localized
    summary: Localized
    commune: Localized
    body: Localized  # digests of the Markdown bodies (text from a BodyStore), by language
    district: str
    group: str
    stars: int
    producer: Producer | None
    certificate: Certificate | None
    price: str | None
    images: tuple[Image, ...]
    tags: tuple[str, ...]
    translations: frozenset[str]  # languages with their own file, default included
    files: tuple[str, ...] = ()  # the default-language file and its translations, relative to the site
    body_files: Mapping[str, str] = field(default_factory=dict)  # language -> the file its body is in
    price_vnd: int | None = None  # for machines (schema.org Offer): whole đồng; ``price`` is for people

    def facet_value(self, facet: str) -> str:
        if facet == "district":
            return self.district
        return self.group if facet == "group" else str(self.stars)


@dataclass(frozen=True, slots=True)
class Page:
    """A free page such as "about"."""

    slug: str
    source: str
    title: Localized
    summary: Localized
    body: Localized  # digests of the Markdown bodies, as for Product
    translations: frozenset[str]
    files: tuple[str, ...] = ()
    body_files: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Variant:
    """One encoded size of an image, as written to the output."""

    path: str  # from the output root: images/<hash12>-800.webp
    width: int
    height: int
    format: str  # webp, jpeg, png or ico


@dataclass(frozen=True, slots=True)
class ProcessedImage:
    """An image after the pipeline: upright, sRGB, without metadata, in several sizes."""

    source: str  # the source file, relative to the site folder
    width: int  # of the largest variant: the intrinsic size templates announce
    height: int
    variants: tuple[Variant, ...]  # sorted by (format, width)


@dataclass(frozen=True, slots=True)
class SiteImages:
    """What the image pipeline made; an image that failed is absent."""

    photos: Mapping[str, ProcessedImage] = field(default_factory=dict)  # by Image.path
    logo: ProcessedImage | None = None
    icons: ProcessedImage | None = None  # favicon set made from the logo
    share: ProcessedImage | None = None


@dataclass(frozen=True, slots=True)
class Site:
    config: SiteConfig
    products: tuple[Product, ...]  # in slug order; views sort per language
    pages: tuple[Page, ...]
    today: dt.date
    ui: Mapping[str, Mapping[str, str]] = field(default_factory=dict)  # lang -> key -> text
    images: SiteImages = field(default_factory=SiteImages)
    makers: tuple[Maker, ...] = ()  # producers named by products, in slug order
