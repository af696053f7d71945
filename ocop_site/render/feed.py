"""The Atom feed of one language (``feed.xml``, ``en/feed.xml``): the products, newest
certificate first.

Atom (RFC 4287) wants absolute IRIs as ids. With ``base_url`` each id is the
page's absolute URL and every link is absolute. Without it the links are
relative (a reader resolves them against the feed's own address, wherever it
is hosted) and the ids are ``urn:uuid:`` names derived from the site's title,
the language and the product's slug: stable as long as those are.

Nothing here reads the clock: an entry is dated by its certificate's decision
date (the day it became an OCOP product), a product without one by
:data:`OCOP_START`, and the feed by its newest entry; so the same sources give
the same bytes on any day.
"""
from __future__ import annotations

import datetime as dt
import uuid
from typing import Callable
from xml.sax.saxutils import escape, quoteattr

from ..model import Product, Site
from ..vntext import nfc, vi_sort_key
from .open_data import page_url
from .paths import page_path, relative_url
from .views import Text, text_in

__all__ = ["FEED_ENTRIES", "OCOP_START", "feed_path", "feed_order", "atom_feed"]

FEED_ENTRIES = 100
"""The newest products a feed lists (the whole catalogue is in ``catalogue.json``)."""

OCOP_START = dt.date(2018, 5, 7)
"""Decision 490/QĐ-TTg started the OCOP programme: no certificate is older. The date of an
entry whose certificate has no date."""

_ATOM = "http://www.w3.org/2005/Atom"


def feed_path(lang: str, default_lang: str) -> str:
    """Where a language's feed goes, from the output root: beside its home page."""
    return page_path(lang, default_lang).replace("index.html", "feed.xml")


def _day(product: Product) -> dt.date | None:
    return product.certificate.date if product.certificate else None


def feed_order(site: Site, lang: str) -> list[Product]:
    """The products of the feed: newest certificate first (undated last), then Vietnamese
    alphabetical order of the name in ``lang``, then slug; at most :data:`FEED_ENTRIES`."""
    ordered = sorted(site.products, key=lambda p: (-(_day(p) or dt.date.min).toordinal(),
                                                   vi_sort_key(p.name(lang)), p.slug))
    return ordered[:FEED_ENTRIES]


def _stamp(day: dt.date) -> str:
    """A day as an Atom date: its start in Vietnam (UTC+7)."""
    return f"{day.isoformat()}T00:00:00+07:00"


def _text(tag: str, value: str, lang: str | None = None) -> str:
    marked = f" xml:lang={quoteattr(lang)}" if lang else ""
    return f"<{tag}{marked}>{escape(nfc(value))}</{tag}>"


def atom_feed(site: Site, lang: str, t: Callable[..., str]) -> bytes:
    """The feed of ``lang``; ``t``: the language's UI strings (for a summary-less product)."""
    config = site.config
    default = config.default_language
    base = config.base_url
    here = feed_path(lang, default)

    folder = here.removesuffix("feed.xml")

    def link(path: str) -> str:
        if base:
            return page_url(site, path) or ""
        return path.removeprefix(folder) if folder and path.startswith(folder) else relative_url(path, here)

    def ident(path: str, name: str) -> str:
        if base:
            return link(path)
        return "urn:uuid:" + str(uuid.uuid5(uuid.NAMESPACE_URL, f"ocop-site:{config.title(default)}:{lang}:{name}"))

    products = feed_order(site, lang)
    updated = max((_day(p) or OCOP_START for p in products), default=OCOP_START)
    home = page_path(lang, default)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        f"<feed xmlns={quoteattr(_ATOM)} xml:lang={quoteattr(lang)}>",
        _text("title", config.title(lang)),
        *([_text("subtitle", config.description(lang))] if config.description(lang) else []),
        f"<id>{escape(ident(here, 'feed'))}</id>",
        f'<link rel="self" type="application/atom+xml" href={quoteattr(link(here))}/>',
        f'<link rel="alternate" type="text/html" href={quoteattr(link(home))}/>',
        f"<updated>{_stamp(updated)}</updated>",
        f"<author><name>{escape(nfc(config.title(lang)))}</name></author>",
        "<generator>ocop-site</generator>",
    ]
    for product in products:
        path = page_path(lang, default, "products", product.slug)
        name = text_in(product.name, lang)
        summary = text_in(product.summary, lang)
        district, group = config.districts[product.district], config.groups[product.group]
        if not summary:
            summary = Text(t("product_description", name=name.value, stars=product.stars,
                             district=district.name(lang)), lang, False)
        producer = product.producer.name if product.producer and product.producer.name else None
        lines += [
            "<entry>",
            _text("title", name.value, name.lang if name.fallback else None),
            f"<id>{escape(ident(path, product.slug))}</id>",
            f'<link rel="alternate" type="text/html" href={quoteattr(link(path))}/>',
            f"<updated>{_stamp(_day(product) or OCOP_START)}</updated>",
            _text("summary", summary.value, summary.lang if summary.fallback else None),
            *([f"<author><name>{escape(nfc(producer))}</name></author>"] if producer else []),
            f"<category term={quoteattr(product.group)} label={quoteattr(nfc(group.name(lang)))}/>",
            f"<category term={quoteattr(product.district)} label={quoteattr(nfc(district.name(lang)))}/>",
            f"<category term={quoteattr(f'stars-{product.stars}')} label={quoteattr(t(f'stars_{product.stars}'))}/>",
            "</entry>",
        ]
    lines.append("</feed>")
    return ("\n".join(lines) + "\n").encode("utf-8")
