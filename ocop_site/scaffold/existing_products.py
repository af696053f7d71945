"""The products a site already has, found by their slug in ``content/products/``.

A product is a folder with an ``index.md`` (a bundle) or a single ``<slug>.md`` file;
translations (``index.en.md``, ``<slug>.en.md``) are not products of their own.
"""
from __future__ import annotations

from pathlib import Path

__all__ = ["PRODUCTS", "product_files"]

PRODUCTS = Path("content") / "products"


def product_files(site_dir: Path) -> dict[str, Path]:
    """slug (folder or file name) -> the product's default-language file."""
    found: dict[str, Path] = {}
    folder = site_dir / PRODUCTS
    if not folder.is_dir():
        return found
    for entry in sorted(folder.iterdir()):
        if entry.is_dir() and (entry / "index.md").is_file():
            found[entry.name] = entry / "index.md"
        elif entry.suffix == ".md" and entry.is_file() and "." not in entry.stem:
            found[entry.stem] = entry
    return found
