"""Open and decode an editor's picture safely: upright, sRGB, no metadata.

Decisions:

- Only JPEG, PNG, WebP, GIF, TIFF, BMP (AVIF where Pillow has it) and HEIC
  (with ``pillow-heif``) are opened: fewer parsers, fewer surprises.
- Pictures over ``images.max_megapixels`` are refused from their header,
  before a pixel is decoded; Pillow's own decompression-bomb check stays on
  as a second guard.
- Animated GIF/WebP/PNG: the first frame is used, with a warning. A
  catalogue shows still pictures, and a moving product photo is rare
  enough that refusing the whole build for it would not serve editors.
- CMYK, 16-bit, palette and greyscale pictures are converted, not refused;
  an embedded ICC profile is used to convert to sRGB (an unusable profile
  is ignored: the plain conversion is the best guess left).
- JPEGs are decoded at 1/2, 1/4 or 1/8 of their size when the largest
  output is that much smaller: a 12 MP photo decodes several times faster.
"""
from __future__ import annotations

import io
import math
import struct
import warnings
from typing import Callable

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

from .errors import Message, message

__all__ = ["BadImage", "DECODE_ERRORS", "decode"]

_FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP"] + (["AVIF"] if features.check("avif") else [])
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_ORIENTATION = 0x0112
DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, MemoryError,
                 Image.DecompressionBombError, ImageCms.PyCMSError)
"""What Pillow's decoders raise on a damaged or hostile file (its fuzzing tests accept these;
anything else is a Pillow bug and is left to surface)."""


class BadImage(Exception):
    """A problem with the editor's file; its message's ``{name}`` is filled where the picture is listed."""

    def __init__(self, problem: Message) -> None:
        super().__init__(problem)
        self.problem = problem


def _check_size(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise BadImage(message("image '{name}' is not a readable image (it claims to be {width}×{height} pixels)",
                               width=width, height=height))
    if width * height > max_pixels:
        raise BadImage(message("image '{name}' is too large: {width}×{height} pixels is {megapixels} megapixels, "
                               "over the limit of {limit} (images.max_megapixels in site.yaml); "
                               "make it smaller before adding it", width=width, height=height,
                               megapixels=f"{width * height / 1e6:.0f}", limit=max_pixels // 1_000_000))


def _open_heif(data: bytes, max_pixels: int) -> Image.Image:
    try:
        import pillow_heif
    except ImportError:
        raise BadImage(message("image '{name}' is a HEIC photo, which this installation cannot read: export it "
                               "as JPEG (on an iPhone: Settings › Camera › Formats › Most Compatible)")) from None
    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        _check_size(heif.size, max_pixels)
        return heif.to_pillow()  # libheif applies the rotation and resets EXIF orientation
    except (ValueError, RuntimeError, OSError) as exc:
        raise BadImage(message("image '{name}' is not a readable image (damaged HEIC file: {detail}); "
                               "export it as JPEG", detail=exc)) from None


def _open(data: bytes, max_pixels: int, name: str) -> Image.Image:
    """Identify the picture and check its size from the header; nothing is decoded yet."""
    if not data:
        raise BadImage(message("image '{name}' is not a readable image (the file is empty)"))
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return _open_heif(data, max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit decides
            image = Image.open(io.BytesIO(data), formats=_FORMATS)
    except Image.DecompressionBombError:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
        raise BadImage(message("image '{name}' is too large: over {limit} megapixels, far beyond any photo "
                               "(a damaged or hostile file?)", limit=limit)) from None
    except UnidentifiedImageError:
        if name.lower().endswith(".svg") or data.lstrip()[:5] in (b"<svg ", b"<?xml"):
            raise BadImage(message("image '{name}' is an SVG drawing: export it as PNG or JPEG")) from None
        raise BadImage(message("image '{name}' is not a readable image (not a JPEG, PNG, WebP, GIF, HEIC, TIFF "
                               "or BMP picture)")) from None
    _check_size(image.size, max_pixels)
    return image


def _orientation(image: Image.Image) -> tuple[int, Message | None]:
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except DECODE_ERRORS:
        return 1, message("image '{name}' has damaged EXIF data: its orientation is ignored, check that it "
                          "is upright")
    return (value if isinstance(value, int) and 1 <= value <= 8 else 1), None


def _resizable(image: Image.Image) -> Image.Image:
    """Any decoded mode -> L, LA, RGB, RGBA or CMYK, which resize and colour conversion handle."""
    mode = image.mode
    if mode in ("P", "PA"):
        transparent = mode == "PA" or "transparency" in image.info
        return image.convert("RGBA" if transparent else "RGB")
    if mode == "1":
        return image.convert("L")
    if mode.startswith("I;16") or mode == "I":
        return image.convert("I").point(lambda v: v / 257).convert("L")  # 16-bit -> 8-bit, scaled
    if mode in ("La", "RGBa"):
        return image.convert(mode.upper())
    if mode not in ("L", "LA", "RGB", "RGBA", "CMYK"):
        return image.convert("RGB")
    return image


_SRGB = ImageCms.createProfile("sRGB")


def _to_srgb(image: Image.Image, icc: bytes | None) -> Image.Image:
    target = "RGBA" if image.mode in ("LA", "RGBA") else "RGB"
    if icc and image.mode in ("RGB", "RGBA", "CMYK"):
        try:
            profile = ImageCms.ImageCmsProfile(io.BytesIO(icc))
            converted = ImageCms.profileToProfile(image, profile, _SRGB, outputMode=target,
                                                  renderingIntent=ImageCms.Intent.PERCEPTUAL)
            if converted is not None:
                return converted
        except (ImageCms.PyCMSError, OSError, ValueError, TypeError):
            pass  # an unusable profile: the plain conversion below is the best guess
    return image if image.mode == target else image.convert(target)


def decode(data: bytes, name: str, max_pixels: int, scale_for: Callable[[tuple[int, int]], float],
           ) -> tuple[Image.Image, list[Message]]:
    """The upright sRGB picture, shrunk by ``scale_for(upright size)`` (at most 1), and warnings."""
    notes: list[Message] = []
    image = _open(data, max_pixels, name)
    if image.format != "MPO" and getattr(image, "is_animated", False):  # MPO: a photo + its preview
        notes.append(message("image '{name}' is animated: only its first frame is shown"))
        image.seek(0)
    jpeg = image.format in ("JPEG", "MPO")
    if jpeg:  # JPEG's EXIF is in its header; elsewhere reading it may decode the picture
        orientation, note = _orientation(image)
        upright = image.size[::-1] if orientation >= 5 else image.size
        scale = scale_for(upright)
        if scale < 0.5:  # let libjpeg decode at 1/2, 1/4 or 1/8 of the size: much faster
            image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    icc = image.info.get("icc_profile")
    image.load()
    if not jpeg:
        orientation, note = _orientation(image)
        upright = image.size[::-1] if orientation >= 5 else image.size
        scale = scale_for(upright)
    if note:
        notes.append(note)
    if orientation != 1:
        image = ImageOps.exif_transpose(image)
    image = _resizable(image)
    if scale < 1.0:
        size = (max(1, round(upright[0] * scale)), max(1, round(upright[1] * scale)))
        image = image.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
    image = _to_srgb(image, icc if isinstance(icc, bytes) else None)
    if image.mode == "RGBA" and image.getchannel("A").getextrema() == (255, 255):
        image = image.convert("RGB")  # an opaque PNG: a JPEG fallback is far smaller
    image.info = {}  # nothing of the source's metadata may reach the output
    return image, notes
