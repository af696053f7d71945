"""A product's ``images`` list: each picture a file in the product's own folder, with its alt text."""
from __future__ import annotations

from typing import Any

from ..config import leaves_folder
from ..suggest import image_near_miss
from .checker import Checker

__all__ = ["check_images", "image_src"]


def image_src(item: Any) -> Any:
    """The file name of one entry of ``images``: the entry itself, or its ``src``."""
    return item.get("src") if isinstance(item, dict) else item


def check_images(c: Checker, images: Any) -> None:
    if not isinstance(images, list):
        c.fail("images", "'images' must be a list of file names")
        return
    for index, item in enumerate(images):
        key = f"images.{index}"
        src = image_src(item)
        if isinstance(item, dict):
            c.unknown_keys(item, ("src", "alt", "illustration"), prefix=f"{key}.")
            c.text("alt", data=item, prefix=f"{key}.")
            if not isinstance(item.get("illustration", False), bool):
                c.fail(f"{key}.illustration", "{field} must be true (a drawing, not a photo of the product) "
                       "or false", field=f"{key}.illustration")
        if not isinstance(src, str) or not src.strip():
            c.fail(key, "each image must be a file name, or a mapping with 'src' and 'alt'")
        elif leaves_folder(src):
            c.fail(key, "image '{src}' must be a file inside the product's folder", src=src)
        elif c.doc.bundle is None:
            c.fail(key, "image '{src}': a single-file product has no folder for images; "
                   "move it to content/products/{name}/index.md with its images beside it",
                   src=src, name=c.doc.name_slug)
        elif src in c.doc.outside_links:
            c.fail(key, "image '{src}' is a link to a file outside the product's folder; "
                   "copy the picture itself into {folder}/", src=src, folder=c.doc.bundle)
        elif src not in c.doc.bundle_files:
            near = image_near_miss(src, c.doc.bundle_files)
            if near:
                c.fail(key, "image '{src}' not found in {folder}/ (did you mean '{suggestion}'?)",
                       src=src, folder=c.doc.bundle, suggestion=near)
            else:
                c.fail(key, "image '{src}' not found in {folder}/", src=src, folder=c.doc.bundle)
