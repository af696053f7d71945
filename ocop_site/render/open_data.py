"""The catalogue as open data: one plain record per product, for ``catalogue.json`` and
``catalogue.csv``.

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

import csv
import io
import json
from typing import Any, Mapping

from ..model import Localized, Maker, Named, Product, Site
from ..plan import digest
from ..vntext import nfc, vi_sort_key
from .paths import page_path

__all__ = ["SCHEMA_VERSION", "product_record", "catalogue_document", "catalogue_json", "standings_input",
           "page_url", "csv_columns", "csv_cell", "csv_row", "catalogue_csv", "FORMULA_STARTS"]

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


def _pages(site: Site, *parts: str) -> dict[str, dict[str, str | None]]:
    """A page in each language: its path from the site's root, and its URL."""
    config = site.config
    paths = {lang: page_path(lang, config.default_language, *parts) for lang in config.languages}
    return {lang: {"path": path, "url": page_url(site, path)} for lang, path in paths.items()}


def _makers(site: Site) -> dict[str, str]:
    """Product slug -> its producer's page slug."""
    return {slug: maker.slug for maker in site.makers for slug in maker.products}


def producer_record(site: Site, maker: Maker) -> dict[str, Any]:
    """A producer with a page: what its products say of it, its products and its pages."""
    producer = maker.producer
    return {
        "slug": maker.slug,
        **{key: _text(getattr(producer, key)) for key in ("name", "type", "address", "phone", "email", "website")},
        "products": list(maker.products),
        "pages": _pages(site, "producers", maker.slug),
    }


def product_record(site: Site, product: Product, makers: Mapping[str, str] | None = None) -> dict[str, Any]:
    """Everything public about one product, as JSON-able values; ``makers``: product slug ->
    its producer's page slug (:func:`_makers`, computed here when not given)."""
    makers = _makers(site) if makers is None else makers
    config = site.config
    languages = config.languages
    producer, cert = product.producer, product.certificate
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
        "producer_page": makers.get(product.slug),
        "certificate": None if cert is None else {
            "number": _text(cert.number), "issuer": _text(cert.issuer),
            "date": cert.date.isoformat() if cert.date else None,
            "expires": cert.expires.isoformat() if cert.expires else None,
            "status": cert.standing_on(site.today),
        },
        "price": _text(product.price),
        "tags": [nfc(tag) for tag in product.tags],
        "images": _images(site, product),
        "pages": _pages(site, "products", product.slug),
        "translated": {lang: lang in product.translations for lang in languages},
    }


def catalogue_document(site: Site) -> dict[str, Any]:
    """The whole of ``catalogue.json``: the site, its places and groups, every product."""
    config = site.config
    languages = config.languages
    groups = [{"key": g.key, "name": _localized(g.name, languages)} for g in config.groups.values()]
    makers = _makers(site)
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
        "products": [product_record(site, p, makers) for p in site.products],
        "producers": [producer_record(site, m) for m in site.makers],
    }


def catalogue_json(site: Site) -> bytes:
    """``catalogue.json``: sorted keys, one space of indent, UTF-8 as written (not ``\\u`` escapes)."""
    return (json.dumps(catalogue_document(site), ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode()


def standings_input(site: Site) -> str:
    """An input value (``=…``) that changes when any certificate's standing on the build date does."""
    return "=" + digest(*(f"{p.slug}:{p.certificate.standing_on(site.today)}"
                          for p in site.products if p.certificate))


def csv_columns(languages: tuple[str, ...]) -> list[str]:
    """The columns of ``catalogue.csv``: a text that has a version per language gets one column
    per language, suffixed ``_<lang>``, in ``site.yaml``'s order."""
    def each(name: str) -> list[str]:
        return [f"{name}_{lang}" for lang in languages]

    return ["slug", *each("name"), "stars", "group", *each("group_name"), "district", *each("district_name"),
            "province", *each("province_name"), *each("commune"), *each("summary"),
            "producer_name", "producer_type", "producer_address", "producer_phone", "producer_email",
            "producer_website", "certificate_number", "certificate_date", "certificate_issuer",
            "certificate_expires", "certificate_status", "price", "tags", "image", *each("page"),
            *each("translated")]


FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
"""A spreadsheet runs a cell starting with one of these as a formula (CSV injection)."""


def csv_cell(value: object) -> str:
    """A value as a cell: text that a spreadsheet would run as a formula gets a leading ``'``."""
    text = "" if value is None else "yes" if value is True else "no" if value is False else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_row(site: Site, record: Mapping[str, Any]) -> list[str]:
    """One product's row, in :func:`csv_columns` order."""
    config = site.config
    languages = config.languages
    district = config.districts[record["district"]]
    province = config.provinces.get(district.province or "")
    producer = record["producer"] or {}
    cert = record["certificate"] or {}
    cover = record["images"][0] if record["images"] else None

    def each(texts: Mapping[str, str]) -> list[str | None]:
        return [texts.get(lang) for lang in languages]

    def names(named: Named | None) -> list[str | None]:
        return [named.name(lang) if named else None for lang in languages]

    values = [record["slug"], *each(record["name"]), record["stars"],
              record["group"], *names(config.groups[record["group"]]),
              record["district"], *names(district), district.province, *names(province),
              *each(record["commune"]), *each(record["summary"]),
              *(producer.get(k) for k in ("name", "type", "address", "phone", "email", "website")),
              *(cert.get(k) for k in ("number", "date", "issuer", "expires", "status")),
              record["price"], "; ".join(record["tags"]),
              cover and (cover["url"] or cover["path"]),
              *(record["pages"][lang]["url"] or record["pages"][lang]["path"] for lang in languages),
              *(record["translated"][lang] for lang in languages)]
    return [csv_cell(nfc(v) if isinstance(v, str) else v) for v in values]


def catalogue_csv(site: Site) -> bytes:
    """``catalogue.csv``: UTF-8 with a byte order mark (so Excel on Windows reads Vietnamese),
    one row per product in Vietnamese alphabetical order of its name, quoted by :mod:`csv`."""
    default = site.config.default_language
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(csv_columns(site.config.languages))
    makers = _makers(site)
    for product in sorted(site.products, key=lambda p: (vi_sort_key(p.name(default)), p.slug)):
        writer.writerow(csv_row(site, product_record(site, product, makers)))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
