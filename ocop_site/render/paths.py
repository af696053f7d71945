"""Where each page goes in the output, and relative links between pages.

Every link is relative and ends in ``index.html``, so the same folder works
on any host, under any subpath and from ``file://``. Paths "from the output
root" (``products/x/index.html``) are turned into links from the current
page by :func:`relative_url`. Fragments rendered once and reused on pages
at different depths (product cards) write :data:`ROOT` before each path,
and :func:`at_depth` replaces it with the way back to the root of the page
they land on; validation refuses control characters in text, so the marker
cannot come from content.
"""
from __future__ import annotations

__all__ = ["ROOT", "page_path", "product_parts", "qr_path", "listing_path", "relative_url", "root_of", "at_depth", "page_count",
           "PAGE_SIZE"]

ROOT = "\x00"
"""Stands for "the way back to the output root" in fragments shared by pages of any depth."""

PAGE_SIZE = 60
"""Cards per listing page (home, facet values) and per "show more" of the catalogue script."""


def page_path(lang: str, default_lang: str, *parts: str) -> str:
    """Output path of a page: ``products/x/index.html``, or ``en/products/x/index.html``."""
    prefix = () if lang == default_lang else (lang,)
    return "/".join((*prefix, *parts, "index.html"))


def qr_path(lang: str, default_lang: str, slug: str) -> str:
    """The QR code of a product's page in one language: ``products/x/qr.svg``, ``en/products/x/qr.svg``."""
    return page_path(lang, default_lang, "products", slug).removesuffix("index.html") + "qr.svg"


def product_parts(slug: str) -> tuple[str, ...]:
    """Where a product's page is in every language (:func:`page_path`): ``products/<slug>``."""
    return ("products", slug)


def listing_path(lang: str, default_lang: str, parts: tuple[str, ...], number: int) -> str:
    """Page ``number`` (from 1) of a paginated listing: ``district/x/page/2/index.html``."""
    more = ("page", str(number)) if number > 1 else ()
    return page_path(lang, default_lang, *parts, *more)


def page_count(items: int) -> int:
    """Listing pages needed for ``items`` cards (at least one, even when empty)."""
    return max(1, -(-items // PAGE_SIZE))


def root_of(current: str) -> str:
    """The way back to the output root from the page at ``current``: ``""``, ``"../"``, …"""
    return "../" * current.count("/")


def relative_url(target: str, current: str) -> str:
    """A link from the page at ``current`` to ``target`` (both from the output root)."""
    return root_of(current) + target


def at_depth(fragment: str, current: str) -> str:
    """A shared fragment with its :data:`ROOT` markers made relative to ``current``."""
    return fragment.replace(ROOT, root_of(current))
