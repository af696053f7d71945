"""The catalogue as open data: one plain record per product, for ``catalogue.json``,
``catalogue.csv`` and the feeds.

A record holds every public front-matter field of a published product (drafts
are not in the model), its certificate with its standing on the build date
(``valid``, ``expiring``, ``expired`` or ``unknown``: see
:meth:`ocop_site.model.Certificate.standing_on`), its pictures and its page in
every language, as paths from the output root and, when ``site.yaml`` has
``base_url``, as absolute URLs. The shape is described by the JSON Schema
``ocop_site/schemas/catalogue.schema.json``; a change that could break a
reader of it raises :data:`SCHEMA_VERSION`.
"""
from __future__ import annotations

import json
from typing import Any, Mapping

from ..model import Localized, Named, Product, Site
from ..plan import digest
from ..vntext import nfc, vi_sort_key
from .paths import page_path

__all__ = ["SCHEMA_VERSION", "product_record", "catalogue_document", "catalogue_json", "standings_input",
           "page_url"]

SCHEMA_VERSION = 1
"""Raised when a field is renamed or removed or changes meaning; new fields keep it."""


def _text(value: str | None) -> str | None:
    return None if value is None else nfc(value)


def _localized(value: Localized | None, languages: tuple[str, ...]) -> dict[str, str]:
    """The text in each language that has it (never a fallback)."""
    if value is None:
        return {}
    return {lang: nfc(value.values[lang]) for lang in languages if value.values.get(lang)}


def page_url(site: Site, path: str) -> str | None:
    """The absolute URL of a page (``…/index.html`` dropped, as in canonical links), or None
    without ``base_url``."""
    base = site.config.base_url
    return base + path.removesuffix("index.html") if base else None


def _named(items: Mapping[str, Named], site: Site, with_province: bool = False) -> list[dict[str, Any]]:
    languages = site.config.languages
    default = site.config.default_language
    ordered = sorted(items.values(), key=lambda n: (vi_sort_key(n.name(default)), n.key))
    return [{"key": n.key, "name": _localized(n.name, languages),
             **({"province": n.province} if with_province else {})} for n in ordered]


def _images(site: Site, product: Product) -> list[dict[str, Any]]:
    languages, base = site.config.languages, site.config.base_url
    found = []
    for image in product.images:
        processed = site.images.photos.get(image.path)
        if processed is None:  # the pipeline could not make it: no picture to point at
            continue
        largest = [v for v in processed.variants if v.format in ("jpeg", "png")][-1]
        found.append({"src": nfc(image.src), "alt": _localized(image.alt, languages), "path": largest.path,
                      "url": base + largest.path if base else None,
                      "width": largest.width, "height": largest.height})
    return found


def product_record(site: Site, product: Product) -> dict[str, Any]:
    """Everything public about one product, as JSON-able values."""
    config = site.config
    languages, default = config.languages, config.default_language
    producer, cert = product.producer, product.certificate
    pages = {}
    for lang in languages:
        path = page_path(lang, default, "products", product.slug)
        pages[lang] = {"path": path, "url": page_url(site, path)}
    return {
        "slug": product.slug,
        "name": _localized(product.name, languages),
        "summary": _localized(product.summary, languages),
        "commune": _localized(product.commune, languages),
        "district": product.district,
        "province": config.districts[product.district].province,
        "group": product.group,
        "stars": product.stars,
        "producer": None if producer is None else {
            key: _text(getattr(producer, key)) for key in ("name", "type", "address", "phone", "email", "website")},
        "certificate": None if cert is None else {
            "number": _text(cert.number), "issuer": _text(cert.issuer),
            "date": cert.date.isoformat() if cert.date else None,
            "expires": cert.expires.isoformat() if cert.expires else None,
            "status": cert.standing_on(site.today),
        },
        "price": _text(product.price),
        "tags": [nfc(tag) for tag in product.tags],
        "images": _images(site, product),
        "pages": pages,
        "translated": {lang: lang in product.translations for lang in languages},
    }


def catalogue_document(site: Site) -> dict[str, Any]:
    """The whole of ``catalogue.json``: the site, its places and groups, every product."""
    config = site.config
    languages = config.languages
    groups = [{"key": g.key, "name": _localized(g.name, languages)} for g in config.groups.values()]
    return {
        "schema_version": SCHEMA_VERSION,
        "site": {
            "title": _localized(config.title, languages),
            "description": _localized(config.description, languages),
            "languages": list(languages),
            "default_language": config.default_language,
            "base_url": config.base_url,
            "district_label": _localized(config.district_label, languages) or None,
        },
        "provinces": _named(config.provinces, site),
        "districts": _named(config.districts, site, with_province=True),
        "groups": groups,
        "products": [product_record(site, p) for p in site.products],
    }


def catalogue_json(site: Site) -> bytes:
    """``catalogue.json``: sorted keys, one space of indent, UTF-8 as written (not ``\\u`` escapes)."""
    return (json.dumps(catalogue_document(site), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def standings_input(site: Site) -> str:
    """An input value (``=…``) that changes when any certificate's standing on the build date does."""
    return "=" + digest(*(f"{p.slug}:{p.certificate.standing_on(site.today)}"
                          for p in site.products if p.certificate))
