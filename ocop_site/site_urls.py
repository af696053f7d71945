"""Absolute public URLs, from ``site.yaml``'s ``base_url``.

Links between pages stay relative (see :mod:`ocop_site.render.paths`); an
absolute URL is only for what leaves the site: a QR code, a canonical link.
"""
from __future__ import annotations

__all__ = ["absolute_url"]


def absolute_url(base_url: str, path: str) -> str:
    """The public URL of ``path`` (from the output root) under ``base_url`` (ending in "/"):
    a page's trailing ``index.html`` is dropped, as a host serves the folder."""
    return base_url + path.removesuffix("index.html")
