"""A translation's front matter: only the translatable fields may differ from the default-language file."""
from __future__ import annotations

from typing import Any

from ..documents import RawDocument
from .checker import Checker
from .images import image_src

__all__ = ["check_translation"]


def _sources(images: Any) -> list[Any] | None:
    """The file names an ``images`` field lists, in order; None when it is not a list."""
    return [image_src(item) for item in images] if isinstance(images, list) else None


def check_translation(c: Checker, default: RawDocument, fields: tuple[str, ...],
                      translatable: tuple[str, ...]) -> None:
    base = default.front.data if default.front else {}
    c.unknown_keys(c.data, fields)
    for key, value in c.data.items():
        if key in fields and key not in translatable and value != base.get(key):
            c.fail(key, "'{field}' cannot differ in a translation: set it once in {path}", field=key,
                   path=default.path)
    if "images" in c.data:
        srcs, base_srcs = _sources(c.data["images"]), _sources(base.get("images"))
        if srcs != base_srcs:
            c.fail("images", "a translation may only change the images' 'alt' texts; "
                   "list the same files as {path}", path=default.path)
    for key in translatable:
        if key != "images":
            c.text(key)
    own, base_images = c.data.get("images"), base.get("images")
    for index, item in enumerate(own if isinstance(own, list) else ()):
        if isinstance(item, dict):
            c.text("alt", data=item, prefix=f"images.{index}.")
            theirs = base_images[index] if srcs == base_srcs and isinstance(base_images, list) else None
            if "illustration" in item and item["illustration"] != (
                    theirs.get("illustration", False) if isinstance(theirs, dict) else False):
                c.fail(f"images.{index}.illustration", "'{field}' cannot differ in a translation: set it once "
                       "in {path}", field=f"images.{index}.illustration", path=default.path)
