"""A product's front matter in its default language: place, stars, price, producer, certificate, tags.

Its pictures are checked by :mod:`.images`; what every product and page shares (slug,
draft, story) by :mod:`.docset`.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any

from ..config import EMAIL, PRODUCER_TYPES
from ..model import FIRST_YEAR, SiteConfig, expiry
from ..suggest import near_miss
from ..vntext import is_slug, text_problem
from .checker import Checker
from .fields import CERTIFICATE_FIELDS, PRODUCER_FIELDS, PRODUCT_FIELDS
from .images import check_images

__all__ = ["check_product"]


def _is_date(value: Any) -> bool:
    """A date written YYYY-MM-DD (YAML reads a time of day as a datetime, which is not one)."""
    return isinstance(value, dt.date) and not isinstance(value, dt.datetime)


def _check_producer(c: Checker, producer: Any) -> None:
    if not isinstance(producer, dict):
        c.fail("producer", "'producer' must hold fields such as 'name' and 'type'")
        return
    c.unknown_keys(producer, PRODUCER_FIELDS, prefix="producer.")
    for key in ("name", "address", "phone", "email", "website"):
        c.text(key, data=producer, prefix="producer.")
    kind = producer.get("type")
    if kind is not None and kind not in PRODUCER_TYPES:
        allowed, near = ", ".join(PRODUCER_TYPES), near_miss(str(kind), PRODUCER_TYPES)
        if near:
            c.fail("producer.type", "unknown producer type '{value}' (did you mean '{suggestion}'?); "
                   "allowed: {allowed}", value=kind, suggestion=near, allowed=allowed)
        else:
            c.fail("producer.type", "unknown producer type '{value}' (allowed: {allowed})", value=kind,
                   allowed=allowed)
    email = producer.get("email")
    if isinstance(email, str) and not EMAIL.match(email):
        c.fail("producer.email", "'{email}' is not an e-mail address", email=email)
    website = producer.get("website")
    if isinstance(website, str) and not re.match(r"^https?://\S+$", website):
        c.fail("producer.website", "producer.website must start with http:// or https://")
    slug = producer.get("slug")
    if isinstance(slug, (list, dict)):
        c.fail("producer.slug", "'{field}' must be text", field="producer.slug")
    elif slug is not None and not (isinstance(slug, str) and is_slug(slug)):
        c.fail("producer.slug", "producer.slug '{slug}' must be lowercase letters, digits and hyphens, "
               "e.g. 'htx-mat-ong-dai-hop'", slug=slug)


def _check_certificate(c: Checker, cert: Any) -> None:
    if not isinstance(cert, dict):
        c.fail("certificate", "'certificate' must hold fields such as 'number' and 'date'")
        return
    c.unknown_keys(cert, CERTIFICATE_FIELDS, prefix="certificate.")
    c.text("number", data=cert, prefix="certificate.")
    c.text("issuer", data=cert, prefix="certificate.")
    for key in ("date", "expires"):
        value = cert.get(key)
        if value is not None and not _is_date(value):
            c.fail(f"certificate.{key}", "{field} must be a date written YYYY-MM-DD", field=f"certificate.{key}")
    date, expires = cert.get("date"), cert.get("expires")
    if not _is_date(date):
        date = None
    if _is_date(expires) and date and expires < date:
        c.fail("certificate.expires", "certificate.expires is before certificate.date")
    elif date and "expires" not in cert and expiry(date, None) is None:
        c.fail("certificate.date", "certificate.date is too far in the future to be real")
    _check_year(c, cert.get("year"), date)


def _check_year(c: Checker, year: Any, date: dt.date | None) -> None:
    """``certificate.year``: the year of recognition when its day is not known (a year still to
    come is an error of the build, :func:`~ocop_site.validate.year_error`)."""
    if year is None:
        return
    if isinstance(year, bool) or not isinstance(year, int) or year < FIRST_YEAR:
        c.fail("certificate.year", "certificate.year must be the year the certificate was issued, such as 2023 "
               "(OCOP began in {first}), not {value}", first=str(FIRST_YEAR), value=repr(year))
    elif date and year != date.year:
        c.fail("certificate.year", "certificate.year {year} is not the year of certificate.date ({date}): "
               "leave the year out when the date is known", year=str(year), date=date.isoformat())


def _check_place(c: Checker, config: SiteConfig) -> None:
    """The product's district (area) and group: keys of site.yaml, or the official groups."""
    district = c.unknown_choice("district", config.districts)
    if district and district.suggestion:
        c.fail("district", "unknown district '{value}' (did you mean '{suggestion}'?); allowed: {allowed}",
               value=district.value, suggestion=district.suggestion, allowed=district.allowed)
    elif district:
        c.fail("district", "unknown district '{value}' (allowed: {allowed})", value=district.value,
               allowed=district.allowed)
    group = c.unknown_choice("group", config.groups)
    if group and group.suggestion:
        c.fail("group", "unknown group '{value}' (did you mean '{suggestion}'?); allowed: {allowed}",
               value=group.value, suggestion=group.suggestion, allowed=group.allowed)
    elif group:
        c.fail("group", "unknown group '{value}' (allowed: {allowed})", value=group.value, allowed=group.allowed)


def check_product(c: Checker, config: SiteConfig) -> None:
    data = c.data
    c.unknown_keys(data, PRODUCT_FIELDS)
    c.text("name", required=True)
    for key in ("commune", "summary", "price"):
        c.text(key)
    _check_place(c, config)
    stars = data.get("stars")
    if stars is None:
        c.fail("stars", "missing required field 'stars' (3, 4 or 5)")
    elif isinstance(stars, bool) or not isinstance(stars, int) or stars not in (3, 4, 5):
        c.fail("stars", "stars must be 3, 4 or 5 (OCOP certifies only these), not {value}",
               value="yes/no" if isinstance(stars, bool) else repr(stars))  # YAML reads yes, no, on, off so
    price_vnd = data.get("price_vnd")
    if price_vnd is not None and (isinstance(price_vnd, bool) or not isinstance(price_vnd, int) or price_vnd <= 0):
        c.fail("price_vnd", "price_vnd must be a whole number of đồng greater than 0, written without dots or "
               "spaces, such as 250000 (not {value}); 'price' holds the price as people read it",
               value=repr(price_vnd))
    if "producer" in data:
        _check_producer(c, data["producer"])
    if "certificate" in data:
        _check_certificate(c, data["certificate"])
    if "images" in data:
        check_images(c, data["images"])
    elif not data.get("draft"):
        c.warn("name", "product has no images: a placeholder is shown", "no-images")
    tags = data.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(text_problem(t) is None for t in tags)):
        c.fail("tags", "'tags' must be a list of words")
