"""Content files as read, and the grouping of a default-language file with its translations."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from typing import Iterable

from .frontmatter import Parsed
from .vntext import is_slug

__all__ = ["RawDocument", "DocumentSet", "group_documents"]


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One Markdown file, parsed but not yet checked."""

    path: str  # relative to the site folder, "/"-separated: used in messages
    kind: str  # "product" or "page"
    name_slug: str  # slug taken from the folder or file name
    lang: str | None  # language suffix ("en" for index.en.md); None for the default file
    bundle: str | None  # the product's folder (relative), None for single-file products
    bundle_files: frozenset[str]  # regular files inside the bundle, relative to it
    default_path: str  # the default-language file this one belongs to (itself if default)
    front: Parsed | None
    body: str
    body_line: int
    outside_links: frozenset[str] = frozenset()  # symlinks in the bundle that lead out of it
    hash: str = ""  # content hash of the file's bytes
    front_hash: str = ""  # of its front matter (:func:`~ocop_site.parsed.front_hash`); "" when not closed


@dataclass(frozen=True, slots=True)
class DocumentSet:
    """A default-language file and its translations."""

    default: RawDocument | None
    translations: tuple[RawDocument, ...]

    @property
    def slug(self) -> str:
        doc = self.default or self.translations[0]
        front = doc.front.data if doc.front else {}
        slug = front.get("slug") if isinstance(front, dict) else None
        return slug if isinstance(slug, str) and is_slug(slug) else doc.name_slug

    @property
    def is_draft(self) -> bool:
        return bool(self.default and self.default.front and self.default.front.data.get("draft") is True)

    @property
    def files(self) -> tuple[RawDocument, ...]:
        return tuple(d for d in (self.default, *self.translations) if d is not None)


def group_documents(docs: Iterable[RawDocument]) -> list[DocumentSet]:
    """Pair each default-language file with its translations, in path order."""
    by_default: dict[str, list[RawDocument]] = defaultdict(list)
    for doc in docs:
        by_default[doc.default_path].append(doc)
    sets = []
    for key in sorted(by_default):
        group = by_default[key]
        default = next((d for d in group if d.lang is None), None)
        translations = tuple(sorted((d for d in group if d.lang is not None), key=lambda d: d.path))
        sets.append(DocumentSet(default, translations))
    return sets
