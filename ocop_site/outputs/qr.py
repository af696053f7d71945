"""QR codes: ``products/<slug>/qr.svg`` per product and language, encoding the page's public URL.

A visitor at a trade fair scans the code on a booth card or in the
brochure and lands on the product's page in the language of the print. The
code is an SVG file (drawn at build time by segno, scaled by the page that
shows it), so the product page, its booth card, the card sheet and the
brochure share one cacheable file. It needs an absolute address, so it is
only made when ``site.yaml`` sets ``base_url``; without it there is no QR code
anywhere (``check`` says so once).
"""
from __future__ import annotations

import io
from functools import partial
from typing import Iterable

import segno

from ..plan import Artifact, Made, PlanContext, producer
from ..render.paths import page_path, qr_path
from ..site_urls import absolute_url

__all__ = ["qr_svg"]


def qr_svg(url: str) -> bytes:
    """An SVG QR code of ``url``: error correction M (a smudged or creased print still reads),
    the standard four-module quiet zone, black on white, sized by its viewBox only."""
    buffer = io.BytesIO()
    segno.make_qr(url, error="m").save(buffer, kind="svg", xmldecl=False, omitsize=True, border=4,
                                       dark="#000", light="#fff", svgclass=None, lineclass=None)
    return buffer.getvalue().rstrip(b"\n") + b"\n"


def _make(url: str, made: Made) -> bytes:
    return qr_svg(url)


@producer("qr")
def qr_codes(ctx: PlanContext) -> Iterable[Artifact]:
    config = ctx.site.config
    if not config.base_url:
        return
    default = config.default_language
    for lang in config.languages:
        for product in ctx.site.products:
            url = absolute_url(config, page_path(lang, default, "products", product.slug))
            yield Artifact(qr_path(lang, default, product.slug), product.source, (f"={url}",),
                           partial(_make, url), group=product.slug)
