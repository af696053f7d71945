"""Did you mean …? The likely intended name for a near miss.

Names are compared folded (lower case, without diacritics, any run of other
characters as one hyphen: ``Kiến Thụy`` and ``kien_thuy`` both become
``kien-thuy``), with :func:`difflib.get_close_matches`. A suggestion is a
value in a message; the message around it is translated.
"""
from __future__ import annotations

import difflib
import posixpath
from typing import Iterable

from .vntext import slugify

__all__ = ["near_miss", "image_near_miss"]

_CUTOFF = 0.75
"""How alike (0 to 1) a name must be to be suggested: ``distric``/``district`` are 0.93,
``kien-thuyy``/``kien-thuy`` 0.95, ``colour``/``slug`` 0.4."""


def _folded(name: str) -> str:
    return slugify(name) or name.lower()  # a name in another script folds to nothing


def near_miss(word: str, candidates: Iterable[str]) -> str | None:
    """The candidate ``word`` most likely meant, or None when none is close enough."""
    folded: dict[str, str] = {}
    for candidate in candidates:
        folded.setdefault(_folded(candidate), candidate)
    close = difflib.get_close_matches(_folded(word), list(folded), n=1, cutoff=_CUTOFF)
    return folded[close[0]] if close else None


def _stem(name: str) -> str:
    """A file's path without its extension, folded: ``Ảnh/Mật-Ong.JPEG`` -> ``anh/mat-ong``."""
    folder, base = posixpath.split(name)
    stem = base.rsplit(".", 1)[0] if "." in base.lstrip(".") else base
    return "/".join(_folded(part) for part in (folder, stem) if part)


def image_near_miss(src: str, files: Iterable[str]) -> str | None:
    """The file of ``files`` that ``src`` (not among them) names with another case or extension
    (``Anh.JPG``, ``anh.jpeg`` for ``anh.jpg``), else one whose name is close; text files are
    never suggested."""
    pictures = sorted(f for f in files if not f.lower().endswith(".md"))
    same = [f for f in pictures if _stem(f) == _stem(src)]
    if same:
        return same[0]
    return near_miss(src, pictures)
