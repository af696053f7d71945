"""What templates (and the catalogue script) know of a processed picture.

An :class:`ImageView` carries the variants of one picture (WebP sources and
a JPEG or PNG fallback, narrowest first), its intrinsic size for the
``width``/``height`` attributes, and its alt text in the page's language.
The ``picture()`` macro in ``partials/picture.html`` turns it into markup.
Paths are from the output root; templates pass them through ``url()``.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Mapping

from ..model import ProcessedImage, Site, Variant

if TYPE_CHECKING:
    from .views import Text

__all__ = ["CARD_SIZES", "LOGO_HEIGHT", "ImageView", "SiteImagesView", "image_view",
           "site_images_view"]

CARD_SIZES = "(min-width: 74rem) 17.25rem, (min-width: 36rem) 23rem, 7.5rem"
"""How wide a card picture is shown (style.css: a 7.5rem thumbnail on phones,
then a grid of columns of at least 15rem in a page at most 72rem wide)."""

LOGO_HEIGHT = 40
"""CSS pixels; the header shows the logo at this height."""

_SRC_WIDTH = 800
"""``src`` (for browsers without ``srcset``) is the fallback closest above this width."""


@dataclass(frozen=True, slots=True)
class ImageView:
    src: str  # a JPEG/PNG variant about 800 px wide, from the output root
    alt: Text | str  # in the page's language, a fallback marked; "" for the logo
    width: int  # intrinsic size of the largest variant: no layout shift
    height: int
    sources: tuple[Variant, ...] = ()  # WebP, narrowest first
    fallbacks: tuple[Variant, ...] = ()  # JPEG (or PNG for transparent pictures), narrowest first
    illustration: bool = False  # a drawing, not a photo: captioned so on the page, labelled on cards

    @property
    def type(self) -> str:
        """MIME type of the fallback."""
        return "image/png" if self.fallbacks and self.fallbacks[0].format == "png" else "image/jpeg"

    @property
    def srcset(self) -> str:
        """The fallback variants as a ``srcset`` of paths from the output root."""
        return ", ".join(f"{v.path} {v.width}w" for v in self.fallbacks)

    @property
    def webp_srcset(self) -> str:
        return ", ".join(f"{v.path} {v.width}w" for v in self.sources)

    @property
    def sizes(self) -> str:
        """The ``sizes`` of the card grid, where covers are shown most; the
        ``picture()`` macro takes its own ``sizes`` for other places."""
        return CARD_SIZES

    @property
    def largest(self) -> Variant:
        """The widest fallback: for ``og:image`` and downloads."""
        return self.fallbacks[-1]

    def data(self, sizes: str | None = CARD_SIZES) -> dict[str, Any]:
        """A JSON-able description for scripts: paths from the output root."""
        found: dict[str, Any] = {"src": self.src, "srcset": self.srcset, "width": self.width,
                                 "height": self.height, "type": self.type}
        if self.sources:
            found["webp"] = self.webp_srcset
        if self.illustration:
            found["illustration"] = True
        if sizes:
            found["sizes"] = sizes
        return found


def image_view(processed: ProcessedImage, alt: Text | str, illustration: bool = False) -> ImageView:
    sources = tuple(v for v in processed.variants if v.format == "webp")
    fallbacks = tuple(v for v in processed.variants if v.format in ("jpeg", "png"))
    src = next((v for v in fallbacks if v.width >= _SRC_WIDTH), fallbacks[-1])
    return ImageView(src.path, alt, processed.width, processed.height, sources, fallbacks, illustration)


@dataclass(frozen=True, slots=True)
class SiteImagesView:
    """The site's own pictures, the same on every page (the Jinja global ``site_images``)."""

    logo: ImageView | None = None  # alt is empty: the site title beside it names the link
    logo_width: int = LOGO_HEIGHT  # CSS width at LOGO_HEIGHT, from the logo's aspect ratio
    icons: Mapping[str, Variant] = field(default_factory=dict)  # ico, apple, 192, 512
    share: Variant | None = None  # og:image: a JPEG or PNG about 1200 px wide


def site_images_view(site: Site) -> SiteImagesView:
    images = site.images
    logo = image_view(images.logo, "") if images.logo else None
    icons: dict[str, Variant] = {}
    for variant in images.icons.variants if images.icons else ():
        key = {"ico": "ico"}.get(variant.format) or ("apple" if variant.width == 180 else str(variant.width))
        icons[key] = variant
    share = None
    if images.share:
        share = max((v for v in images.share.variants if v.format in ("jpeg", "png")),
                    key=lambda v: v.width)
    return SiteImagesView(
        logo=logo,
        logo_width=round(LOGO_HEIGHT * logo.width / logo.height) if logo else LOGO_HEIGHT,
        icons=icons, share=share,
    )
