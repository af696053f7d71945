"""The image cache: ``SITE_DIR/.cache/images/<k2>/<key>/`` holds one image's variants.

A key is the SHA-256 of the source file's bytes and of everything that
shapes the output (widths, quality, purpose, pipeline and codec versions),
so an unchanged photo is never processed twice and an edited one always is.
An entry is written into a temporary folder and renamed into place, so an
interrupted build leaves either a whole entry or none. Deleting the cache
is always safe: it only costs a slower next build.
"""
from __future__ import annotations

import functools
import hashlib
import json
import os
import re
import shutil
import time
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Mapping

from .errors import Message
from .model import Variant

__all__ = ["PIPELINE_VERSION", "CacheEntry", "fingerprint", "cache_key", "entry_dir",
           "read_entry", "write_entry", "prune"]

PIPELINE_VERSION = "1"
"""Bump when a change to ``images_work`` changes any output byte."""

_META = "meta.json"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,80}$")
_ROOT_FILES = ("favicon.ico", "apple-touch-icon.png")
_FORMATS = ("webp", "jpeg", "png", "ico")


def _warning(value: object) -> Message:
    """A warning as :meth:`CacheEntry.to_json` wrote it: [template, [[name, value], …]]."""
    if not (isinstance(value, list) and len(value) == 2 and isinstance(value[0], str) and isinstance(value[1], list)
            and all(isinstance(a, list) and len(a) == 2 and all(isinstance(x, str) for x in a) for a in value[1])):
        raise ValueError("an odd warning")
    return Message(value[0], tuple((name, text) for name, text in value[1]))


def _size(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool) or not 0 < value <= 100_000:
        raise ValueError("an odd size")
    return value
_TMP = "tmp"
_STALE_TMP_SECONDS = 3600


@dataclass(frozen=True, slots=True)
class CacheEntry:
    """What processing one source produced: its variants and any warnings."""

    width: int  # of the largest variant
    height: int
    files: tuple[tuple[str, Variant], ...]  # (file name in the entry folder, where it goes)
    warnings: tuple[Message, ...] = ()  # with ``{name}`` left for where the picture is listed

    def to_json(self) -> str:
        return json.dumps({
            "width": self.width, "height": self.height,
            "warnings": [[w.template, [list(arg) for arg in w.args]] for w in self.warnings],
            "files": [{"file": name, "path": v.path, "width": v.width, "height": v.height,
                       "format": v.format} for name, v in self.files],
        }, sort_keys=True, indent=1)

    @staticmethod
    def from_json(text: str, key: str) -> CacheEntry:
        """The entry of ``key`` as :meth:`to_json` wrote it. The cache may come from anywhere,
        so every name and path is checked: a file name must be a plain name in the entry's
        folder, an output path one this pipeline writes for this key (so nothing is read from,
        or written to, anywhere else). Raises ValueError otherwise."""
        data = json.loads(text)
        files = []
        for f in data["files"]:
            name, path, fmt = f["file"], f["path"], f["format"]
            if not (isinstance(name, str) and _NAME.match(name) and isinstance(path, str)
                    and (path in _ROOT_FILES or path.startswith(f"images/{key[:12]}-") and _NAME.match(path[7:]))
                    and fmt in _FORMATS):
                raise ValueError("an odd cache entry")
            files.append((name, Variant(path, _size(f["width"]), _size(f["height"]), fmt)))
        return CacheEntry(width=_size(data["width"]), height=_size(data["height"]), files=tuple(files),
                          warnings=tuple(_warning(w) for w in data["warnings"]))


def _version(distribution: str) -> str | None:
    from importlib import metadata  # only when pictures are processed

    try:
        return metadata.version(distribution)
    except metadata.PackageNotFoundError:
        return None


@functools.lru_cache(maxsize=None)
def fingerprint(purpose: str, widths: tuple[int, ...], quality: int) -> str:
    """Everything besides the source bytes that decides the output bytes."""
    import PIL
    from PIL import features

    parts: dict[str, Any] = {
        "pipeline": PIPELINE_VERSION, "purpose": purpose, "widths": list(widths), "quality": quality,
        "pillow": PIL.__version__, "pillow-heif": _version("pillow-heif"),
        "codecs": {name: features.version(name) for name in ("webp", "jpg", "zlib", "littlecms2")},
    }
    return hashlib.sha256(json.dumps(parts, sort_keys=True).encode()).hexdigest()


def cache_key(digest: str, settings: str) -> str:
    return hashlib.sha256(f"{digest}:{settings}".encode()).hexdigest()


def entry_dir(root: Path, key: str) -> Path:
    return root / key[:2] / key


def read_entry(folder: Path) -> CacheEntry | None:
    """The entry in ``folder``, or None when it is missing, incomplete or odd (then it is
    made again)."""
    try:
        entry = CacheEntry.from_json((folder / _META).read_text(encoding="utf-8"), folder.name)
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None
    if not all((folder / name).is_file() and not (folder / name).is_symlink() for name, _ in entry.files):
        return None
    return entry


def write_entry(root: Path, key: str, files: Mapping[str, bytes], entry: CacheEntry) -> Path:
    """Write an entry atomically; a concurrent build that got there first wins."""
    final = entry_dir(root, key)
    tmp = root / _TMP / f"{key}.{os.getpid()}.{uuid.uuid4().hex[:8]}"
    tmp.mkdir(parents=True)
    try:
        for name, data in files.items():
            (tmp / name).write_bytes(data)
        (tmp / _META).write_text(entry.to_json(), encoding="utf-8")
        final.parent.mkdir(parents=True, exist_ok=True)
        if final.exists() and read_entry(final) is None:
            shutil.rmtree(final, ignore_errors=True)  # a damaged entry: replace it
        try:
            os.replace(tmp, final)
        except OSError:
            if read_entry(final) is None:
                raise
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return final


def prune(root: Path, keep: Iterable[str]) -> int:
    """Remove entries not in ``keep`` and stale temporary folders; return how many went.

    Runs after a build succeeded, so it never fails one: what it cannot
    read or remove stays for the next time.
    """
    wanted = set(keep)
    removed = 0
    try:
        shards = sorted(root.iterdir()) if root.is_dir() else []
        for shard in shards:
            if shard.name == _TMP:
                for tmp in shard.iterdir():
                    if time.time() - tmp.stat().st_mtime > _STALE_TMP_SECONDS:
                        shutil.rmtree(tmp, ignore_errors=True)
            elif len(shard.name) == 2 and shard.is_dir():
                for folder in shard.iterdir():
                    if len(folder.name) == 64 and folder.name not in wanted:
                        shutil.rmtree(folder, ignore_errors=True)
                        removed += 1
    except OSError:
        pass  # a cache we cannot tidy is still a valid cache
    return removed
