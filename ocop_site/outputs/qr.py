"""QR codes: ``products/<slug>/qr.svg`` per product and language, encoding the page's public URL.

A visitor at a trade fair scans the code on a booth card or in the
brochure and lands on the product's page in the language of the print. The
code is an SVG file (drawn at build time with zxing-cpp, scaled by the page that
shows it), so the product page, its booth card, the card sheet and the
brochure share one cacheable file. It needs an absolute address, so it is
only made when ``site.yaml`` sets ``base_url``; without it there is no QR code
anywhere (``check`` says so once).
"""
from __future__ import annotations

import re
from functools import partial
from typing import Iterable

import zxingcpp

from ..plan import Artifact, Made, PlanContext, producer
from ..render.paths import page_path, qr_path
from ..site_urls import absolute_url

__all__ = ["qr_svg"]


QUIET_ZONE = 4
"""Modules of white around the code, as the standard asks."""
_DARK = re.compile(b"\\x00+")


def qr_svg(url: str) -> bytes:
    """An SVG QR code of ``url``: error correction M (a smudged or creased print still reads),
    the standard quiet zone, black on white, sized by its viewBox only. zxing-cpp encodes it
    (in C++, with the standard's choice of mask: a fifteenth of the time segno takes); each
    row's runs of dark modules become one path."""
    barcode = zxingcpp.create_barcode(url, zxingcpp.BarcodeFormat.QRCode, ec_level="M")
    image = memoryview(barcode.to_image(scale=1, add_quiet_zones=False))  # type: ignore[arg-type]
    size = len(image)  # rows: the code is square
    pixels = image.tobytes()  # one byte a module: 0 dark, 255 light
    runs = []
    for y in range(size):
        for run in _DARK.finditer(pixels, y * size, (y + 1) * size):
            x, width = run.start() - y * size + QUIET_ZONE, run.end() - run.start()
            runs.append(f"M{x} {y + QUIET_ZONE}h{width}v1h-{width}z")
    full = size + 2 * QUIET_ZONE
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {full} {full}" shape-rendering="crispEdges">'
            f'<rect width="{full}" height="{full}" fill="#fff"/><path fill="#000" d="{"".join(runs)}"/></svg>\n'
            ).encode("ascii")


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
            assert url is not None  # there is a base_url
            yield Artifact(qr_path(lang, default, product.slug), product.source, (f"={url}",),
                           partial(_make, url), group=product.slug)
