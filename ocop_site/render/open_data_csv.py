"""``catalogue.csv``: one row per product, from the records of
:mod:`ocop_site.render.open_data`, for a spreadsheet.

UTF-8 with a byte order mark (so Excel on Windows reads Vietnamese), quoted by
:mod:`csv`, columns in the documented order of :func:`csv_columns`, rows in
Vietnamese alphabetical order of the name; a cell a spreadsheet would run as a
formula gets a leading ``'`` (CSV injection).
"""
from __future__ import annotations

import csv
import io
from typing import Any, Iterable, Mapping

from ..model import Named, Product, Site
from ..vntext import nfc, vi_sort_key
from .open_data import makers_of_products, product_record

__all__ = ["FORMULA_STARTS", "csv_columns", "csv_cell", "csv_row", "csv_line", "csv_order", "catalogue_csv"]


def csv_columns(languages: tuple[str, ...]) -> list[str]:
    """The columns of ``catalogue.csv``: a text that has a version per language gets one column
    per language, suffixed ``_<lang>``, in ``site.yaml``'s order. New columns go at the end, so
    that a reader counting columns still finds the ones it knows."""
    def each(name: str) -> list[str]:
        return [f"{name}_{lang}" for lang in languages]

    return ["slug", *each("name"), "stars", "group", *each("group_name"), "district", *each("district_name"),
            "province", *each("province_name"), *each("commune"), *each("summary"),
            "producer_name", "producer_type", "producer_address", "producer_phone", "producer_email",
            "producer_website", "certificate_number", "certificate_date", "certificate_issuer",
            "certificate_expires", "certificate_status", "price", "tags", "image", *each("page"),
            *each("translated"), "price_vnd", "certificate_year"]


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
              *(record["translated"][lang] for lang in languages), record["price_vnd"], cert.get("year")]
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


def catalogue_csv(site: Site, lines: Iterable[str], check: bool = True) -> bytes:
    """``catalogue.csv`` from each product's :func:`csv_line`, in :func:`csv_order`: UTF-8
    with a byte order mark (so Excel on Windows reads Vietnamese), quoted by :mod:`csv`.
    Lines read back from the build state may be damaged or tampered with: each must be one
    whole row of its product with no cell a spreadsheet would run (else it is made again;
    ``check``: False when every line was made in this process's memory).
    Checked and joined line by line: a province's file is tens of megabytes."""
    products = csv_order(site)
    width = len(csv_columns(site.config.languages))
    makers: Mapping[str, str] | None = None

    def row(line: str, product: Product) -> bytes:
        nonlocal makers
        if check and not _one_row(line, product.slug, width):
            makers = makers if makers is not None else makers_of_products(site)
            line = csv_line(site, product, makers)
        return line.encode("utf-8")

    header = io.StringIO()
    csv.writer(header, lineterminator="\r\n").writerow(csv_columns(site.config.languages))
    return b"".join([("\ufeff" + header.getvalue()).encode("utf-8"),
                     *(row(line, product) for line, product in zip(lines, products, strict=True))])


def _one_row(line: str, slug: str, width: int) -> bool:
    """Whether ``line`` is one row of ``width`` cells led by ``slug``, none of which a
    spreadsheet would run, ending its record (strictly parsed: no quote left open), so that
    lines joined stay rows."""
    try:
        rows = list(csv.reader(io.StringIO(line, newline=""), strict=True))
    except csv.Error:
        return False
    return (line.endswith("\r\n") and len(rows) == 1 and len(rows[0]) == width and rows[0][0] == slug
            and not any(cell.startswith(FORMULA_STARTS) for cell in rows[0]))
