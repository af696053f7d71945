"""One source picture -> its web variants: the worker side of the image pipeline.

:func:`process` runs in a worker process (in-process for a single image). It
reads the file, decodes it safely (``images_decode``: upright, sRGB, no
metadata at all: EXIF, GPS, XMP and ICC are never copied), resizes it to
each width (never upscaling) and encodes WebP plus a JPEG fallback (PNG when
the picture has real transparency), then stores the result in the cache.
What is wrong with an editor's file comes back as a message; the caller adds
the product file and line. Each picture has a time limit, so none can hang
a build.
"""
from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from .errors import Message, message
from .images_cache import CacheEntry, write_entry
from .images_decode import DECODE_ERRORS, BadImage, decode
from .model import Variant
from .sources import content_hash
from .workers import time_limit

__all__ = ["Job", "Outcome", "process", "PURPOSES", "TIME_LIMIT_SECONDS"]

PURPOSES = ("photo", "logo", "share", "icons")
TIME_LIMIT_SECONDS = 120
"""A phone photo takes well under a second; anything slower is refused, not waited for."""
_ICON_SIZES = (512, 192, 180)


@dataclass(frozen=True, slots=True)
class Job:
    source: str  # absolute path of the file
    digest: str  # content hash of its bytes when the build read them (sources.content_hash)
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
    error: Message | None = None  # why, with ``{name}`` left for where the picture is listed


def _scale_for(job: Job, size: tuple[int, int]) -> float:
    """How much the upright picture will shrink at most (1: not at all)."""
    width, height = size
    if job.purpose == "icons":
        return min(1.0, _ICON_SIZES[0] / max(width, height))
    return min(1.0, job.widths[-1] / width)


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


def _icons(image: Image.Image, job: Job) -> tuple[dict[str, bytes], CacheEntry, list[Message]]:
    """favicon.ico (16, 32, 48), apple-touch-icon.png (180, opaque), icon-192/512.png."""
    notes = []
    if max(image.size) < _ICON_SIZES[0]:
        notes.append(message("logo '{name}' is only {width}×{height} pixels: the icons made from it will be "
                             "blurry (use a square logo of at least 512×512)", width=image.width, height=image.height))
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
        return Outcome(job.key, None, message("image '{name}' cannot be read: {detail}", detail=exc.strerror or exc))
    if content_hash(data) != job.digest:
        return Outcome(job.key, None, message("image '{name}' changed while the site was being built: build again"))
    try:
        with time_limit(TIME_LIMIT_SECONDS, BadImage(message("image '{name}' took longer than {seconds} s to "
                                                             "decode: check that it is an ordinary photo",
                                                             seconds=TIME_LIMIT_SECONDS))):
            image, notes = decode(data, job.source, job.max_pixels, lambda size: _scale_for(job, size))
            if job.purpose == "icons":
                files, entry, more = _icons(image, job)
                notes += more
            else:
                files, entry = _variants(image, job)
    except BadImage as exc:
        return Outcome(job.key, None, exc.problem)
    except Image.DecompressionBombError:
        return Outcome(job.key, None, message("image '{name}' is too large to decode safely (a damaged or "
                                              "hostile file?)"))
    except DECODE_ERRORS as exc:
        detail = str(exc) or type(exc).__name__
        if "truncated" in detail or isinstance(exc, EOFError):
            return Outcome(job.key, None, message("image '{name}' is not a readable image (the file is cut "
                                                  "short: {detail})", detail=detail))
        return Outcome(job.key, None, message("image '{name}' is not a readable image ({detail})", detail=detail))
    entry = CacheEntry(entry.width, entry.height, entry.files, tuple(notes))
    try:
        write_entry(Path(job.cache), job.key, files, entry)
    except OSError as exc:
        return Outcome(job.key, None, message("image '{name}' could not be stored in the image cache: {detail}",
                                              detail=exc))
    return Outcome(job.key, entry)
