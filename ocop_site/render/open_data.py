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
from ..vntext import nfc, vi_sort_key
from .paths import page_path

__all__ = ["SCHEMA_VERSION", "product_record", "catalogue_document", "product_entry", "producer_entry", "catalogue_json",
           "page_url", "csv_columns", "csv_cell", "csv_row", "csv_line", "csv_order",
           "catalogue_csv", "makers_of_products", "FORMULA_STARTS"]

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
            "expires": cert.expires.isoformat() if cert.expires else None,
            "status": cert.standing_on(site.today),
        },
        "price": _text(product.price),
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


def catalogue_json(site: Site, products: list[str], producers: list[str]) -> bytes:
    """``catalogue.json`` from every product's :func:`product_entry` (in the order of
    ``site.products``) and every producer's :func:`producer_entry` (``site.makers``). Entries
    read back from the build state may be damaged or tampered with: the document is parsed,
    and any entry that is not its product's or producer's is made again."""
    lists = {"products": products, "producers": producers}
    expected = {"products": [p.slug for p in site.products], "producers": [m.slug for m in site.makers]}
    marks = {key: f"\x00{key}" for key in lists}
    head = _json(catalogue_document(site, marks["products"], marks["producers"]))

    def document() -> str:
        text = head
        for key, entries in lists.items():
            text = text.replace(_json(marks[key]), "[\n" + ",\n".join(entries) + "\n ]" if entries else "[]", 1)
        return text + "\n"

    text = document()
    if _slugs(text) != expected:
        makers = makers_of_products(site)
        remake = {"products": lambda p: product_entry(site, p, makers), "producers": lambda m: producer_entry(site, m)}
        for key, items in (("products", site.products), ("producers", site.makers)):
            lists[key] = [entry if _slugs(f'{{"{key}": [{entry}]}}', key) == [item.slug] else remake[key](item)
                          for entry, item in zip(lists[key], items)]
        text = document()
    return text.encode()


def _slugs(text: str, only: str | None = None) -> Any:
    """The slugs of the products and producers of a catalogue document, if it parses as one
    (``only``: of that list alone)."""
    try:
        value = json.loads(text, parse_constant=_refuse)
    except (ValueError, RecursionError):
        return None
    found = {}
    for key in (only,) if only else ("products", "producers"):
        entries = value.get(key) if isinstance(value, dict) else None
        if not isinstance(entries, list) or not all(isinstance(e, dict) for e in entries):
            return None
        found[key] = [e.get("slug") for e in entries]
    return found[only] if only else found


def _refuse(name: str) -> None:
    raise ValueError(name)  # NaN, Infinity: never written here


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


def csv_line(site: Site, product: Product, makers: Mapping[str, str]) -> str:
    """A product's row of ``catalogue.csv`` as the file writes it (a cell may hold line
    breaks), made once per product and kept in the build state."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\r\n").writerow(csv_row(site, product_record(site, product, makers)))
    return buffer.getvalue()


def csv_order(site: Site) -> list[Product]:
    """The rows' order: Vietnamese alphabetical order of the product's name."""
    default = site.config.default_language
    return sorted(site.products, key=lambda p: (vi_sort_key(p.name(default)), p.slug))


def catalogue_csv(site: Site, lines: list[str]) -> bytes:
    """``catalogue.csv`` from each product's :func:`csv_line`, in :func:`csv_order`: UTF-8
    with a byte order mark (so Excel on Windows reads Vietnamese), quoted by :mod:`csv`.
    Lines read back from the build state may be damaged or tampered with: each must parse
    as one row of its product with no cell a spreadsheet would run (else it is made again)."""
    products = csv_order(site)
    width = len(csv_columns(site.config.languages))
    if not _csv_of(_csv_rows("".join(lines)), [p.slug for p in products], width):
        makers = makers_of_products(site)
        lines = [line if _csv_of(_csv_rows(line), [p.slug], width) else csv_line(site, p, makers)
                 for line, p in zip(lines, products)]
    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(csv_columns(site.config.languages))
    return ("\ufeff" + header.getvalue() + "".join(lines)).encode("utf-8")


def _csv_of(rows: list[list[str]] | None, slugs: list[str], width: int) -> bool:
    """Whether ``rows`` are one row of ``width`` cells per slug, led by it, and no cell is one a
    spreadsheet would run."""
    return (rows is not None and [r[0] if len(r) == width else None for r in rows] == slugs
            and not any(cell.startswith(FORMULA_STARTS) for row in rows for cell in row))


def _csv_rows(text: str) -> list[list[str]] | None:
    try:
        return list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error:
        return None
