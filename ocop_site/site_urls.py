"""Absolute addresses of the published site, from ``site.yaml``'s ``base_url``.

Pages link to each other relatively (see :mod:`ocop_site.render.paths`), so
the output works from any folder. What leaves the site needs absolute
addresses: canonical and ``hreflang`` links, ``sitemap.xml``, Open Graph and
JSON-LD, QR codes. They exist only when ``base_url`` is set; without it,
:func:`absolute_url` gives None and ``check`` warns once (see :mod:`config`).
"""
from __future__ import annotations

from urllib.parse import quote, urlsplit

from .model import SiteConfig

__all__ = ["absolute_url", "public_path", "root_path"]


def public_path(path: str) -> str:
    """A path from the output root as the site's address shows it: a page's ``index.html`` is
    left off (``products/x/index.html`` -> ``products/x/``, ``index.html`` -> ``""``); other
    files keep their name. Characters an address cannot hold are %-escaped."""
    shown = path[:-len("index.html")] if path == "index.html" or path.endswith("/index.html") else path
    return quote(shown, safe="/")


def absolute_url(config: SiteConfig, path: str) -> str | None:
    """The absolute address of ``path`` (from the output root, as :func:`public_path` shows it),
    or None without ``base_url``: ``absolute_url(config, "products/x/index.html")`` ->
    ``https://example.org/ocop/products/x/``."""
    return config.base_url + public_path(path) if config.base_url else None


def root_path(config: SiteConfig) -> str | None:
    """The path of ``base_url`` on its host, ending with ``/`` (``/ocop/``; ``/`` at the top of a
    host), for links that must work from any depth (``404.html``); None without ``base_url``."""
    return urlsplit(config.base_url).path if config.base_url else None
