"""The catalogue as open data: one plain record per product, for ``catalogue.json`` and
``catalogue.csv``.

A record holds every public front-matter field of a published product (drafts
are not in the model), its certificate with its standing on the build date
(``valid``, ``expiring``, ``expired`` or ``unknown``: see
:meth:`ocop_site.model.Certificate.standing_on`), its pictures and its page in
every language, as paths from the output root and, when ``site.yaml`` has
``base_url``, as absolute URLs. The shape is described by the JSON Schema
``ocop_site/schemas/catalogue.schema.json``; a change that could break a
reader of it raises :data:`SCHEMA_VERSION`. The same records, one row each, make
``catalogue.csv`` (:mod:`ocop_site.render.open_data_csv`).
"""
from __future__ import annotations

import json
from typing import Any, Iterable, Mapping, Sequence

from ..fragments import kept_json
from ..model import Localized, Maker, Named, Product, Site
from ..vntext import nfc, vi_sort_key
from .paths import page_path

__all__ = ["SCHEMA_VERSION", "product_record", "producer_record", "catalogue_document", "product_entry",
           "producer_entry", "catalogue_json", "page_url", "makers_of_products"]

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


def makers_of_products(site: Site) -> dict[str, str]:
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
    its producer's page slug (:func:`makers_of_products`, computed here when not given)."""
    makers = makers_of_products(site) if makers is None else makers
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
            "year": cert.year,
            "expires": cert.expires.isoformat() if cert.expires else None,
            "status": cert.standing_on(site.today),
        },
        "price": _text(product.price),
        "price_vnd": product.price_vnd,
        "tags": [nfc(tag) for tag in product.tags],
        "images": _images(site, product),
        "pages": _pages(site, "products", product.slug),
        "translated": {lang: lang in product.translations for lang in languages},
    }


def catalogue_document(site: Site, products: list[Any] | str, producers: list[Any] | str) -> dict[str, Any]:
    """The whole of ``catalogue.json``: the site, its places and groups, every product and
    producer (their records, or texts standing in for them)."""
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
        "products": products,
        "producers": producers,
    }


def _json(value: Any) -> str:
    """As ``catalogue.json`` writes: sorted keys, one space of indent, UTF-8 as written (not
    ``\\u`` escapes)."""
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1)


def _entry(record: dict[str, Any]) -> str:
    return "  " + _json(record).replace("\n", "\n  ")  # indented for its place in a list of the document


def product_entry(site: Site, product: Product, makers: Mapping[str, str]) -> str:
    """A product's entry in ``catalogue.json``, as the document writes it, made once per
    product and kept in the build state."""
    return _entry(product_record(site, product, makers))


def producer_entry(site: Site, maker: Maker) -> str:
    """A producer's entry in ``catalogue.json``, as :func:`product_entry`."""
    return _entry(producer_record(site, maker))


def catalogue_json(site: Site, products: Iterable[str], producers: Iterable[str], check: bool = True) -> bytes:
    """``catalogue.json`` from every product's :func:`product_entry` (in the order of
    ``site.products``) and every producer's :func:`producer_entry` (``site.makers``). Entries
    read back from the build state may be damaged or tampered with: each must parse as one
    JSON object with its product's or producer's slug, else it is made again (entries that
    are whole values, joined by commas, make a well-formed list; ``check``: False when every
    entry was made in this process's memory). The document is put
    together as bytes, piece by piece: at twenty thousand products it is 32 MB."""
    makers: Mapping[str, str] | None = None

    def entry(text: str, item: Product | Maker) -> bytes:
        nonlocal makers
        if check and _slug_of(text) != item.slug:
            if isinstance(item, Maker):
                text = producer_entry(site, item)
            else:
                makers = makers if makers is not None else makers_of_products(site)
                text = product_entry(site, item, makers)
        return text.encode()

    lists: dict[str, tuple[Iterable[str], Sequence[Product | Maker]]] = {
        "products": (products, site.products), "producers": (producers, site.makers)}
    marks = {key: _json(f"\x00{key}") for key in lists}
    rest = _json(catalogue_document(site, "\x00products", "\x00producers")) + "\n"
    parts: list[bytes] = []
    for key in sorted(lists, key=lambda k: rest.index(marks[k])):
        before, rest = rest.split(marks[key], 1)
        entries, items = lists[key]
        parts.append(before.encode())
        parts += [b"[\n", b",\n".join(entry(text, item) for text, item in zip(entries, items, strict=True)),
                  b"\n ]"] if items else [b"[]"]
    parts.append(rest.encode())
    return b"".join(parts)


def _slug_of(entry: str) -> Any:
    """The slug of an entry of the document, if it parses as one JSON object."""
    value = kept_json(entry)
    return value.get("slug") if isinstance(value, dict) else None
