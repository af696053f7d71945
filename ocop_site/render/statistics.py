"""The figures of the statistics page (``statistics/index.html``), as of the build date.

The page does not print that date: it would change every day, and so would
the page (the build date changes only what a certificate's standing shows);
each listed certificate shows its own last day instead.

Products counted by area, group, stars, producer type and certificate standing,
and the certificates expiring within :data:`~ocop_site.model.EXPIRING_MONTHS`
and already expired: what district officials report upward every year. Each
count is a :class:`Bar` whose ``percent`` (of the largest count) the template
draws as an SVG bar inside the data table, so the table is the chart's text.
Rows go by count, largest first, ties in Vietnamese alphabetical order (a
producer type not given comes last); stars go 5, 4, 3, certificates valid,
expiring, expired, unknown. Areas and groups of ``site.yaml`` without
products are listed with 0: a report says so too.
"""
from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass
from typing import Callable, Iterable

from ..model import Product, Site
from ..plan import digest
from ..vntext import vi_sort_key
from .catalogue import Catalogue
from .paths import page_path
from .views import Text, text_in

__all__ = ["Bar", "Chart", "CertificateRow", "Statistics", "statistics_of", "statistics_input", "PRODUCER_TYPES",
           "STATISTICS_PARTS"]

STATISTICS_PARTS = ("statistics",)
"""Where the page goes in each language: ``statistics/index.html``, ``en/statistics/index.html``."""

PRODUCER_TYPES = ("htx", "doanh-nghiep", "to-hop-tac", "ho-kinh-doanh")


@dataclass(frozen=True, slots=True)
class Bar:
    label: str
    count: int
    percent: float  # of the largest count in the chart: the bar's length
    share: int  # whole per cent of all products
    path: str | None = None  # the page listing these products, when there is one


@dataclass(frozen=True, slots=True)
class Chart:
    key: str  # district, group, stars, producer, certificate
    title: str
    label: str  # the column heading of the categories
    bars: tuple[Bar, ...]
    total: int


@dataclass(frozen=True, slots=True)
class CertificateRow:
    name: Text
    path: str
    district: str
    stars: int
    number: str | None
    expires: str  # formatted in the page's language
    expires_iso: str


@dataclass(frozen=True, slots=True)
class Statistics:
    total: int
    charts: tuple[Chart, ...]
    expiring: tuple[CertificateRow, ...]  # soonest first
    expired: tuple[CertificateRow, ...]  # most recently expired first


def _chart(key: str, title: str, label: str, counts: Iterable[tuple[str, int, str | None]], total: int,
           by_count: bool = True, last: tuple[tuple[str, int, str | None], ...] = ()) -> Chart:
    rows = list(counts)
    if by_count:
        rows.sort(key=lambda r: (-r[1], vi_sort_key(r[0])))
    rows += last
    top = max((r[1] for r in rows), default=0) or 1
    return Chart(key, title, label, tuple(
        Bar(name, count, round(100 * count / top, 1), round(100 * count / total) if total else 0, path)
        for name, count, path in rows), total)


def statistics_input(site: Site) -> str:
    """An input value (``=…``) of all that :func:`statistics_of` reads of the products (so that
    editing a product's story or pictures does not make the page again)."""
    today = site.today
    return "=" + digest(*(
        f"{p.slug}|{p.district}|{p.group}|{p.stars}|{p.producer.type if p.producer else None}|{p.name}|"
        f"{(p.certificate.number, p.certificate.expires, p.certificate.standing_on(today)) if p.certificate else None}"
        for p in site.products))


def statistics_of(site: Site, catalogue: Catalogue, t: Callable[..., str],
                  format_date: Callable[[dt.date, str], str | None]) -> Statistics:
    """The page's figures in ``catalogue``'s language; ``t``: its UI strings."""
    lang, config = catalogue.lang, site.config
    products = site.products
    total = len(products)
    today = site.today
    facets = {f.key: f for f in catalogue.facets}

    def facet_rows(facet: str, keys: Iterable[str], name: Callable[[str], str]) -> list[tuple[str, int, str | None]]:
        counts = Counter(p.facet_value(facet) for p in products)
        values = {v.key: v for v in facets[facet].values}
        return [(name(k), counts[k], values[k].path if k in values else None) for k in keys]

    producers = Counter((p.producer.type if p.producer and p.producer.type else "") for p in products)
    standing = Counter(p.certificate.standing_on(today) if p.certificate else "unknown" for p in products)
    charts = (
        _chart("district", facets["district"].label, facets["district"].label,
               facet_rows("district", config.districts, lambda k: config.districts[k].name(lang)), total),
        _chart("group", facets["group"].label, facets["group"].label,
               facet_rows("group", config.groups, lambda k: config.groups[k].name(lang)), total),
        _chart("stars", facets["stars"].label, facets["stars"].label,
               facet_rows("stars", ("5", "4", "3"), lambda k: t(f"stars_{k}")), total, by_count=False),
        _chart("producer", t("stats_producer_type"), t("producer_type"),
               [(t(f"producer_{k}"), producers[k], None) for k in PRODUCER_TYPES], total,
               last=((t("stats_not_given"), producers[""], None),) if producers[""] else ()),
        _chart("certificate", t("stats_certificates"), t("stats_status"),
               [(t(f"stats_status_{k}"), standing[k], None) for k in ("valid", "expiring", "expired", "unknown")
                if standing[k] or k != "unknown"], total, by_count=False),
    )

    def row(product: Product) -> CertificateRow:
        cert = product.certificate
        assert cert is not None and cert.expires is not None
        return CertificateRow(text_in(product.name, lang), page_path(lang, config.default_language, "products",
                                                                      product.slug),
                              config.districts[product.district].name(lang), product.stars, cert.number,
                              format_date(cert.expires, lang) or "", cert.expires.isoformat())

    def by_expiry(status: str, newest_first: bool) -> tuple[CertificateRow, ...]:
        chosen = [(p.certificate.expires, p) for p in products
                  if p.certificate and p.certificate.expires and p.certificate.standing_on(today) == status]
        chosen.sort(key=lambda e: (vi_sort_key(e[1].name(lang)), e[1].slug))
        chosen.sort(key=lambda e: e[0], reverse=newest_first)  # stable: names stay in order within a day
        return tuple(row(p) for _, p in chosen)

    return Statistics(total, charts, by_expiry("expiring", False), by_expiry("expired", True))
