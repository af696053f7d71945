"""What a page tells search engines and link previews: Open Graph and Twitter card tags
(:class:`Share`), and schema.org JSON-LD (a ``Product`` on product pages, ``WebSite`` and
``Organization`` on the home).

Addresses are absolute when ``site.yaml`` has ``base_url`` (:mod:`ocop_site.site_urls`);
without it, ``og:url`` and ``og:image`` are left out (Open Graph has no relative addresses)
and JSON-LD links are relative to the page, which JSON-LD resolves against the page's address.
JSON-LD is written inside a ``<script>`` element, so :func:`json_ld` escapes every character
that could end it or start a comment there.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from typing import Any, Callable

from markupsafe import Markup

from ..model import Product, Site, SiteConfig, Variant
from ..site_urls import absolute_url
from .image_views import ImageView
from .views import ProductView

__all__ = ["Share", "ShareImage", "og_locale", "json_ld", "product_json_ld", "home_json_ld", "award",
           "share_image"]

_LOCALES = {"vi": "vi_VN", "en": "en_US", "fr": "fr_FR", "de": "de_DE", "zh": "zh_CN", "ja": "ja_JP",
            "ko": "ko_KR", "th": "th_TH", "km": "km_KH", "lo": "lo_LA", "ru": "ru_RU", "es": "es_ES"}


def og_locale(lang: str) -> str:
    """``og:locale`` of a language code: ``vi`` -> ``vi_VN``, ``pt-BR`` -> ``pt_BR``."""
    if "-" in lang:
        base, region = lang.split("-", 1)
        return f"{base}_{region.upper()}"
    return _LOCALES.get(lang, lang)


@dataclass(frozen=True, slots=True)
class ShareImage:
    url: str  # absolute
    width: int
    height: int
    alt: str
    large: bool  # a photo or share picture (summary_large_image), not a logo (summary)


@dataclass(frozen=True, slots=True)
class Share:
    """Open Graph and Twitter card values of one page (the ``share`` template variable)."""

    title: str  # og:title: the page's own name, without the site's
    description: str
    type: str  # og:type: "product" on product pages, else "website"
    url: str | None  # og:url: the canonical address; None without base_url
    site_name: str
    locale: str  # og:locale: vi_VN
    locale_alternates: tuple[str, ...]  # the other languages'
    image: ShareImage | None  # None without base_url (og:image must be absolute)

    @property
    def card(self) -> str:
        """``twitter:card``: a large picture for a photo, else the small summary."""
        return "summary_large_image" if self.image and self.image.large else "summary"


_UNSAFE = re.compile("[<>&\u2028\u2029]")


def json_ld(data: Any) -> Markup:
    """``data`` as JSON to put inside ``<script type="application/ld+json">``: ``<``, ``>``,
    ``&``, U+2028 and U+2029 are written as ``\\u003c`` and so on, so no text can close the
    element (``</script``) or open a comment (``<!--``); JSON reads them back as they were."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return Markup(_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text))


def award(product: Product, t: Callable[..., str]) -> str:
    """The OCOP certificate as a schema.org ``award``: "OCOP 4 sao (2023)", "OCOP 4 stars (2023)"."""
    year = product.certificate.year if product.certificate else None
    if year is None:
        return t("ocop_award", stars=product.stars)
    return t("ocop_award_year", stars=product.stars, year=str(year))


def _organization(name: str, **more: str | None) -> dict[str, Any]:
    found: dict[str, Any] = {"@type": "Organization", "name": name}
    found.update((key, value) for key, value in more.items() if value)
    return found


def _property(key: str, name: str, value: Any, **more: Any) -> dict[str, Any]:
    return {"@type": "PropertyValue", "propertyID": key, "name": name, "value": value, **more}


def product_json_ld(model: Product, view: ProductView, t: Callable[..., str],
                    address: Callable[[str], str], description: str) -> dict[str, Any]:
    """A schema.org ``Product``; ``address(path)``: a path from the output root as an address
    (absolute with ``base_url``, else relative to the page). Never a rating or a review: the
    catalogue has none, and OCOP stars are a certificate, not a rating."""
    page = address(view.path)
    images = [address(image.largest.path) for image in view.images] or [address(view.placeholder)]
    data: dict[str, Any] = {
        "@context": "https://schema.org", "@type": "Product", "@id": f"{page}#product",
        "name": str(view.name), "description": description, "image": images, "url": page,
        "category": view.group.name,
    }
    producer = view.producer
    if producer and producer.name:
        data["brand"] = _organization(producer.name)
        data["manufacturer"] = _organization(producer.name, address=producer.address, telephone=producer.phone,
                                             email=producer.email, url=producer.website)
    data["countryOfOrigin"] = "VN"
    data["award"] = award(model, t)
    properties = [_property("ocop-stars", t("stars"), model.stars, minValue=3, maxValue=5)]
    cert = model.certificate
    if cert:
        for key, label, value in (("number", "certificate_number", cert.number),
                                  ("date", "certificate_date", cert.date and cert.date.isoformat()),
                                  ("issuer", "certificate_issuer", cert.issuer),
                                  ("expires", "certificate_expires", cert.expires and cert.expires.isoformat())):
            if value:
                properties.append(_property(f"ocop-certificate-{key}", f"{t('certificate')}: {t(label)}", value))
    data["additionalProperty"] = properties
    if model.price_vnd is not None:
        data["offers"] = {"@type": "Offer", "price": model.price_vnd, "priceCurrency": "VND", "url": page}
    return data


def home_json_ld(site: Site, lang: str, address: Callable[[str], str], description: str,
                 logo: ImageView | None) -> dict[str, Any]:
    """The site as a schema.org ``WebSite`` published by an ``Organization`` (the catalogue's
    publisher, named after the site)."""
    config = site.config
    home = address("index.html" if lang == config.default_language else f"{lang}/index.html")
    root = address("index.html")
    organization = {"@type": "Organization", "@id": f"{root}#organization",
                    "name": config.title(config.default_language), "url": root}
    if logo:
        organization["logo"] = address(logo.largest.path)
    website: dict[str, Any] = {"@type": "WebSite", "@id": f"{home}#website", "name": config.title(lang),
                               "url": home, "inLanguage": lang, "publisher": {"@id": organization["@id"]}}
    if description:
        website["description"] = description
    return {"@context": "https://schema.org", "@graph": [website, organization]}


def share_image(config: SiteConfig, cover: ImageView | None, share: Variant | None, logo: ImageView | None,
                alt: str) -> ShareImage | None:
    """The picture a shared link shows: the product's cover, else the site's ``share_image``,
    else its logo; None without ``base_url`` (``og:image`` must be absolute)."""
    if cover is not None:
        found, large = cover.largest, True
    elif share is not None:
        found, large = share, True
    elif logo is not None:
        found, large = logo.largest, False
    else:
        return None
    url = absolute_url(config, found.path)
    return ShareImage(url, found.width, found.height, alt, large) if url else None
