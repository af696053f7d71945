"""What the build state keeps of each product file for a build after only stories changed
(:mod:`~ocop_site.story_edit`): the digest of its front matter, its story's, and, for a
product's default-language file, the product's slug.

A record is kept under the file's path and content hash (:func:`story_key`), and each of its
parts is a function of those two alone (a product's slug is its default file's ``slug`` field,
else the name of its file or folder), so a record found is always right. It comes from
``.cache/`` like everything there, so :func:`decode` checks its shape.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass

from .build_model import body_key
from .documents import RawDocument
from .plan import digest

__all__ = ["StoryRecord", "story_key", "record_of", "story_of", "encode", "decode"]

_HEX = re.compile(r"^[0-9a-f]{32}$")


@dataclass(frozen=True, slots=True)
class StoryRecord:
    front: str  # the front matter's digest (:func:`~ocop_site.parsed.front_hash`)
    story: str  # the story's (:func:`~ocop_site.build_model.body_key`); "" when blank: a translation's falls back
    slug: str  # the product's, for its default-language file; "" for a translation


def story_key(path: str, file_hash: str) -> str:
    """Where the record of the file at ``path`` (absolute) with content hash ``file_hash`` is kept."""
    return "story:" + digest(path, file_hash)


def story_of(body: str) -> str:
    return body_key(body) if body.strip() else ""


def record_of(doc: RawDocument, slug: str) -> StoryRecord:
    """``doc``'s record (``slug``: of its document set)."""
    return StoryRecord(doc.front_hash, story_of(doc.body), slug if doc.lang is None else "")


def encode(record: StoryRecord) -> str:
    return json.dumps([record.front, record.story, record.slug])


def decode(text: str | None) -> StoryRecord | None:
    """A kept record, or None when it is missing or not of the shape :func:`encode` gives."""
    try:
        front, story, slug = json.loads(text or "")
    except (ValueError, TypeError):
        return None
    if not all(isinstance(part, str) for part in (front, story, slug)) or not _HEX.match(front) \
            or not (story == "" or _HEX.match(story)):
        return None
    return StoryRecord(front, story, slug)
