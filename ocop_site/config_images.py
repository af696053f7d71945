"""The pictures ``site.yaml`` sets: how product images are resized (``images:``), and the
site's own images (``logo:``, ``share_image:``), files inside the site folder."""
from __future__ import annotations

import re
from typing import Any

from .config_keys import unknown_block_settings
from .errors import SiteError, error, message
from .frontmatter import Parsed
from .model import Image, ImageSettings

__all__ = ["image_settings", "site_image", "leaves_folder"]

_IMAGE_KEYS = ("widths", "quality", "max_megapixels")
_MAX_MEGAPIXELS = 178
"""Pillow refuses anything over twice its ``MAX_IMAGE_PIXELS`` (about 179 MP) as a likely bomb."""


def leaves_folder(src: str) -> bool:
    """True for a path that does not stay inside the folder it is written relative to:
    absolute (``/x``, ``C:x``, ``\\x``) or climbing out with ``..``."""
    path = src.replace("\\", "/")
    return path.startswith("/") or bool(re.match(r"^[A-Za-z]:", path)) or ".." in path.split("/")


def _int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def image_settings(data: Any, parsed: Parsed, path: str, problems: list[SiteError]) -> ImageSettings:
    """``images: {widths: [400, 800, 1600], quality: 80, max_megapixels: 100}``, all optional."""
    default = ImageSettings()
    if data is None:
        return default
    line = parsed.lines.get
    if not isinstance(data, dict):
        problems.append(error(path, line("images"), "images: expected settings such as "
                              "'widths: [400, 800, 1600]' and 'quality: 80'"))
        return default
    unknown_block_settings(data, "images", _IMAGE_KEYS,
                           message("images: unknown setting '{key}' (known: {known})"), parsed, path, problems)
    widths = data.get("widths", list(default.widths))
    if (not isinstance(widths, list) or not widths or len(widths) > 8
            or not all(_int_in(w, 16, 8192) for w in widths) or len(set(widths)) != len(widths)):
        problems.append(error(path, line("images.widths"), "images.widths: expected a list of up to 8 "
                              "different widths in pixels between 16 and 8192, e.g. [400, 800, 1600]"))
        widths = list(default.widths)
    quality = data.get("quality", default.quality)
    if not _int_in(quality, 1, 100):
        problems.append(error(path, line("images.quality"), "images.quality: expected a whole number "
                              "from 1 to 100 (80 is a good balance of size and sharpness)"))
        quality = default.quality
    megapixels = data.get("max_megapixels", default.max_megapixels)
    if not _int_in(megapixels, 1, _MAX_MEGAPIXELS):
        problems.append(error(path, line("images.max_megapixels"), "images.max_megapixels: expected "
                              "a whole number from 1 to {most}", most=_MAX_MEGAPIXELS))
        megapixels = default.max_megapixels
    return ImageSettings(tuple(sorted(widths)), quality, megapixels)


def site_image(data: Any, key: str, parsed: Parsed, path: str, problems: list[SiteError]) -> Image | None:
    """``logo: assets/logo.png``: a file inside the site folder (checked for existence later)."""
    value = data.get(key)
    if value is None:
        return None
    line = parsed.lines.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(error(path, line, "{field}: expected a file path such as 'assets/{field}.png'", field=key))
        return None
    src = value.strip().replace("\\", "/")
    if leaves_folder(src):
        problems.append(error(path, line, "{field}: '{value}' must be a file inside the site folder, "
                              "written relative to it (e.g. 'assets/{field}.png')", field=key, value=value))
        return None
    if src.lower().endswith(".svg"):
        problems.append(error(path, line, "{field}: '{value}' is an SVG; the image pipeline needs a "
                              "PNG or JPEG (for a logo, at least 512×512 pixels). To replace the theme's "
                              "SVG instead, put it at themes/<theme>/static/logo.svg", field=key, value=value))
        return None
    return Image(src=src, alt=None, line=line, path="/".join(p for p in src.split("/") if p not in ("", ".")))
