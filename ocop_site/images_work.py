"""One source picture -> its web variants: the worker side of the image pipeline.

:func:`process` runs in a worker process (in-process for a single image). It
reads the file, refuses what is not a safe image, decodes it, turns it
upright (EXIF orientation), converts it to sRGB, drops every piece of
metadata (EXIF, GPS, XMP, ICC: none is copied), resizes it to each width
(never upscaling) and encodes WebP plus a JPEG fallback (PNG when the
picture has real transparency), then stores the result in the cache. What
is wrong with an editor's file comes back as a message; the caller adds
the product file and line.

Decisions:

- Animated GIF/WebP/PNG: the first frame is used, with a warning. A
  catalogue shows still pictures, and a moving product photo is rare
  enough that refusing the whole build for it would not serve editors.
- CMYK, 16-bit, palette and greyscale pictures are converted, not refused.
- Pictures over ``images.max_megapixels`` are refused from their header,
  before a pixel is decoded; Pillow's own decompression-bomb check stays on
  as a second guard. Each image also has a time limit.
"""
from __future__ import annotations

import hashlib
import io
import math
import signal
import struct
import threading
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from PIL import Image, ImageCms, ImageOps, UnidentifiedImageError, features

from .images_cache import CacheEntry, write_entry
from .model import Variant

__all__ = ["Job", "Outcome", "BadImage", "process", "PURPOSES", "TIME_LIMIT_SECONDS"]

PURPOSES = ("photo", "logo", "share", "icons")
TIME_LIMIT_SECONDS = 120
"""A phone photo takes well under a second; anything slower is refused, not waited for."""

_FORMATS = ["JPEG", "PNG", "WEBP", "GIF", "TIFF", "BMP"] + (["AVIF"] if features.check("avif") else [])
_HEIF_BRANDS = {b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1"}
_ORIENTATION = 0x0112
_DECODE_ERRORS = (OSError, SyntaxError, ValueError, EOFError, struct.error, MemoryError,
                  Image.DecompressionBombError, ImageCms.PyCMSError)
"""What Pillow's decoders raise on a damaged or hostile file (its fuzzing tests accept these;
anything else is a Pillow bug and is left to surface)."""
_ICON_SIZES = (512, 192, 180)


class BadImage(Exception):
    """A problem with the editor's file; the message follows "image 'x.jpg' "."""


@dataclass(frozen=True, slots=True)
class Job:
    source: str  # absolute path of the file
    digest: str  # SHA-256 of its bytes when the build read them
    key: str  # cache key: digest and settings
    purpose: str  # photo, logo, share or icons
    widths: tuple[int, ...]  # ascending
    quality: int
    max_pixels: int
    cache: str  # the cache root


@dataclass(frozen=True, slots=True)
class Outcome:
    key: str
    entry: CacheEntry | None  # None when the image was refused
    error: str | None = None


@contextmanager
def _time_limit(seconds: float) -> Iterator[None]:
    """Interrupt a decoder that runs too long (worker processes run jobs on their main thread)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise BadImage(f"took longer than {seconds} s to decode: check that it is an ordinary photo")

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _check_size(size: tuple[int, int], max_pixels: int) -> None:
    width, height = size
    if width < 1 or height < 1:
        raise BadImage(f"is not a readable image (it claims to be {width}×{height} pixels)")
    if width * height > max_pixels:
        raise BadImage(f"is too large: {width}×{height} pixels is {width * height / 1e6:.0f} megapixels, "
                       f"over the limit of {max_pixels // 1_000_000} (images.max_megapixels in site.yaml); "
                       "make it smaller before adding it")


def _open_heif(data: bytes, max_pixels: int) -> Image.Image:
    try:
        import pillow_heif
    except ImportError:
        raise BadImage("is a HEIC photo, which this installation cannot read: export it as JPEG "
                       "(on an iPhone: Settings › Camera › Formats › Most Compatible)") from None
    try:
        heif = pillow_heif.open_heif(io.BytesIO(data), convert_hdr_to_8bit=True)
        _check_size(heif.size, max_pixels)
        return heif.to_pillow()  # libheif applies the rotation and resets EXIF orientation
    except (ValueError, RuntimeError, OSError) as exc:
        raise BadImage(f"is not a readable image (damaged HEIC file: {exc}); export it as JPEG") from None


def _open(data: bytes, max_pixels: int, name: str) -> Image.Image:
    """Identify the picture and check its size from the header; nothing is decoded yet."""
    if not data:
        raise BadImage("is not a readable image (the file is empty)")
    if data[4:8] == b"ftyp" and data[8:12] in _HEIF_BRANDS:
        return _open_heif(data, max_pixels)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)  # our own limit decides
            image = Image.open(io.BytesIO(data), formats=_FORMATS)
    except Image.DecompressionBombError:
        limit = 2 * (Image.MAX_IMAGE_PIXELS or 0) // 1_000_000
        raise BadImage(f"is too large: over {limit} megapixels, far beyond any photo "
                       "(a damaged or hostile file?)") from None
    except UnidentifiedImageError:
        if name.lower().endswith(".svg") or data.lstrip()[:5] in (b"<svg ", b"<?xml"):
            raise BadImage("is an SVG drawing: export it as PNG or JPEG") from None
        raise BadImage("is not a readable image (not a JPEG, PNG, WebP, GIF, HEIC, TIFF or BMP "
                       "picture)") from None
    _check_size(image.size, max_pixels)
    return image


def _orientation(image: Image.Image) -> tuple[int, str | None]:
    try:
        value = image.getexif().get(_ORIENTATION, 1)
    except _DECODE_ERRORS:
        return 1, "has damaged EXIF data: its orientation is ignored, check that it is upright"
    return (value if isinstance(value, int) and 1 <= value <= 8 else 1), None


def _scale_for(job: Job, size: tuple[int, int]) -> float:
    """How much the upright picture will shrink at most (1: not at all)."""
    width, height = size
    if job.purpose == "icons":
        return min(1.0, _ICON_SIZES[0] / max(width, height))
    return min(1.0, job.widths[-1] / width)


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


def _decode(data: bytes, job: Job) -> tuple[Image.Image, list[str]]:
    """The upright, sRGB picture at (at most) its largest output size, and warnings."""
    notes: list[str] = []
    image = _open(data, job.max_pixels, job.source)
    if image.format != "MPO" and getattr(image, "is_animated", False):  # MPO: a photo + its preview
        notes.append("is animated: only its first frame is shown")
        image.seek(0)
    jpeg = image.format in ("JPEG", "MPO")
    if jpeg:  # JPEG's EXIF is in its header; elsewhere reading it may decode the picture
        orientation, note = _orientation(image)
        upright = image.size[::-1] if orientation >= 5 else image.size
        scale = _scale_for(job, upright)
        if scale < 0.5:  # let libjpeg decode at 1/2, 1/4 or 1/8 of the size: much faster
            image.draft(None, (math.ceil(image.width * scale), math.ceil(image.height * scale)))
    icc = image.info.get("icc_profile")
    image.load()
    if not jpeg:
        orientation, note = _orientation(image)
        upright = image.size[::-1] if orientation >= 5 else image.size
        scale = _scale_for(job, upright)
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


def _encode(image: Image.Image, fmt: str, quality: int) -> bytes:
    buffer = io.BytesIO()
    if fmt == "webp":
        image.save(buffer, "WEBP", quality=quality, method=4)
    elif fmt == "jpeg":
        image.save(buffer, "JPEG", quality=quality, optimize=True, progressive=True, subsampling="4:2:0")
    else:
        image.save(buffer, "PNG", compress_level=9)
    return buffer.getvalue()


def _widths(width: int, wanted: tuple[int, ...]) -> list[int]:
    """The output widths: those below the picture's width, plus its own width as the largest."""
    return sorted({w for w in wanted if w < width} | {min(width, wanted[-1])})


def _variants(image: Image.Image, job: Job) -> tuple[dict[str, bytes], CacheEntry]:
    width, height = image.size
    fallback = "png" if image.mode == "RGBA" else "jpeg"
    prefix = f"images/{job.key[:12]}"
    files: dict[str, bytes] = {}
    variants: list[tuple[str, Variant]] = []
    current = image
    for w in reversed(_widths(width, job.widths)):  # largest first; each from the one above
        h = max(1, round(w * height / width))
        if current.size != (w, h):
            current = current.resize((w, h), Image.Resampling.LANCZOS)
        for fmt in ("webp", fallback):
            ext = "jpg" if fmt == "jpeg" else fmt
            name = f"{w}.{ext}"
            files[name] = _encode(current, fmt, job.quality)
            variants.append((name, Variant(f"{prefix}-{w}.{ext}", w, h, fmt)))
    variants.sort(key=lambda item: (item[1].format, item[1].width))
    largest = max(v.width for _, v in variants)
    return files, CacheEntry(largest, max(v.height for _, v in variants if v.width == largest),
                             tuple(variants))


def _icons(image: Image.Image, job: Job) -> tuple[dict[str, bytes], CacheEntry, list[str]]:
    """favicon.ico (16, 32, 48), apple-touch-icon.png (180, opaque), icon-192/512.png."""
    notes = []
    if max(image.size) < _ICON_SIZES[0]:
        notes.append(f"is only {image.width}×{image.height} pixels: the icons made from it will be "
                     "blurry (use a square logo of at least 512×512)")
    side = max(image.size)
    square = Image.new("RGBA", (side, side), (0, 0, 0, 0))
    square.paste(image.convert("RGBA"), ((side - image.width) // 2, (side - image.height) // 2))
    files: dict[str, bytes] = {}
    variants: list[tuple[str, Variant]] = []
    prefix = f"images/{job.key[:12]}"
    for size in _ICON_SIZES:
        icon = square.resize((size, size), Image.Resampling.LANCZOS)
        if size == 180:  # iOS paints transparency black: give it a white ground
            ground = Image.new("RGB", (size, size), (255, 255, 255))
            ground.paste(icon, mask=icon.getchannel("A"))
            files["apple-touch-icon.png"] = _encode(ground, "png", job.quality)
            variants.append(("apple-touch-icon.png", Variant("apple-touch-icon.png", size, size, "png")))
        else:
            files[f"icon-{size}.png"] = _encode(icon, "png", job.quality)
            variants.append((f"icon-{size}.png", Variant(f"{prefix}-icon-{size}.png", size, size, "png")))
    buffer = io.BytesIO()
    square.resize((256, 256), Image.Resampling.LANCZOS).save(
        buffer, "ICO", sizes=[(16, 16), (32, 32), (48, 48)])
    files["favicon.ico"] = buffer.getvalue()
    variants.append(("favicon.ico", Variant("favicon.ico", 48, 48, "ico")))
    variants.sort(key=lambda item: (item[1].format, item[1].width))
    return files, CacheEntry(_ICON_SIZES[0], _ICON_SIZES[0], tuple(variants)), notes


def process(job: Job) -> Outcome:
    """Process one source into the cache; never raises for a bad picture."""
    try:
        data = Path(job.source).read_bytes()
    except OSError as exc:
        return Outcome(job.key, None, f"cannot be read: {exc.strerror or exc}")
    if hashlib.sha256(data).hexdigest() != job.digest:
        return Outcome(job.key, None, "changed while the site was being built: build again")
    try:
        with _time_limit(TIME_LIMIT_SECONDS):
            image, notes = _decode(data, job)
            if job.purpose == "icons":
                files, entry, more = _icons(image, job)
                notes += more
            else:
                files, entry = _variants(image, job)
    except BadImage as exc:
        return Outcome(job.key, None, str(exc))
    except Image.DecompressionBombError:
        return Outcome(job.key, None, "is too large to decode safely (a damaged or hostile file?)")
    except _DECODE_ERRORS as exc:
        detail = str(exc) or type(exc).__name__
        if "truncated" in detail or isinstance(exc, EOFError):
            detail = f"the file is cut short: {detail}"
        return Outcome(job.key, None, f"is not a readable image ({detail})")
    entry = CacheEntry(entry.width, entry.height, entry.files, tuple(notes))
    try:
        write_entry(Path(job.cache), job.key, files, entry)
    except OSError as exc:
        return Outcome(job.key, None, f"could not be stored in the image cache: {exc}")
    return Outcome(job.key, entry)
