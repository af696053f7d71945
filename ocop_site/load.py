"""Read the site folder: ``site.yaml``, ``content/`` and theme strings.

This is one of the few modules that touch the disk. Each file is read and
parsed exactly once; text is NFC-normalised as it is read. What comes out
is plain data (:class:`RawDocument`) that validation and model building
handle without further I/O.
"""
from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError, error, warning
from .frontmatter import Parsed, parse_yaml, split_front_matter
from .vntext import nfc, slugify

__all__ = ["RawDocument", "read_text", "load_site_yaml", "load_documents"]

_LANG_SUFFIX = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")


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


def read_text(path: Path, shown: str) -> tuple[str | None, list[SiteError]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(shown, None, f"cannot read file: {exc.strerror}")]
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        return None, [error(shown, line, "file is not UTF-8 text: save it as UTF-8")]
    return nfc(text.replace("\r\n", "\n")), []


def load_site_yaml(site_dir: Path) -> tuple[Parsed | None, list[SiteError]]:
    path = site_dir / "site.yaml"
    if not path.is_file():
        return None, [error("site.yaml", None, f"no site.yaml in {site_dir}: "
                            "run this command in a site folder or pass its path")]
    text, problems = read_text(path, "site.yaml")
    if text is None:
        return None, problems
    return parse_yaml(text, "site.yaml")


def _split_name(filename: str) -> tuple[str, str | None]:
    """``mat-ong.en.md`` -> (``mat-ong``, ``en``); ``mat-ong.md`` -> (``mat-ong``, None)."""
    stem = filename[:-3]
    base, dot, suffix = stem.rpartition(".")
    if dot and base and _LANG_SUFFIX.match(suffix):
        return base, suffix
    return stem, None


def _bundle_files(folder: Path) -> tuple[frozenset[str], frozenset[str]]:
    """(regular files inside a bundle, symlinks in it that lead out of it).

    A link out of the product's folder is never published, so a link to
    ``~/secret.jpg`` cannot leak a file; validation names it as an error.
    """
    root = folder.resolve()
    found: set[str] = set()
    outside: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(folder):
        dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
        for name in filenames:
            full = Path(dirpath) / name
            try:
                real = full.resolve()
            except (OSError, RuntimeError):  # a symlink loop
                continue
            if not real.is_relative_to(root):
                outside.add(full.relative_to(folder).as_posix())
            elif real.is_file():
                found.add(full.relative_to(folder).as_posix())
    return frozenset(found), frozenset(outside)


def _parse_document(
    site_dir: Path, file: Path, kind: str, name_slug: str, lang: str | None,
    bundle: Path | None, bundle_files: frozenset[str], outside_links: frozenset[str] = frozenset(),
) -> tuple[RawDocument | None, list[SiteError]]:
    shown = file.relative_to(site_dir).as_posix()
    text, problems = read_text(file, shown)
    if text is None:
        return None, problems
    front, body, body_line, problems = split_front_matter(text, shown)
    default_name = "index.md" if bundle else f"{_split_name(file.name)[0]}.md"
    return RawDocument(
        path=shown, kind=kind, name_slug=name_slug, lang=lang,
        default_path=(file.parent / default_name).relative_to(site_dir).as_posix(),
        bundle=bundle.relative_to(site_dir).as_posix() if bundle else None,
        bundle_files=bundle_files, front=front, body=body, body_line=body_line,
        outside_links=outside_links,
    ), problems


def _visible(entries: list[Path]) -> list[Path]:
    return sorted(p for p in entries if not p.name.startswith((".", "_")))


def load_documents(site_dir: Path) -> tuple[list[RawDocument], list[SiteError]]:
    """Every product and page file under ``content/``, in a stable order."""
    docs: list[RawDocument] = []
    problems: list[SiteError] = []

    def add(result: tuple[RawDocument | None, list[SiteError]]) -> None:
        doc, found = result
        problems.extend(found)
        if doc is not None:
            docs.append(doc)

    products = site_dir / "content" / "products"
    if products.is_dir():
        for entry in _visible(list(products.iterdir())):
            shown = entry.relative_to(site_dir).as_posix()
            if entry.is_dir():
                files, outside = _bundle_files(entry)
                for name in sorted(files):
                    if "/" in name or not name.endswith(".md"):
                        continue
                    stem, lang = _split_name(name)
                    if stem != "index":
                        problems.append(warning(f"{shown}/{name}", None, "ignored: a product "
                                                "folder's text goes in index.md (index.en.md …)"))
                        continue
                    add(_parse_document(site_dir, entry / name, "product", slugify(entry.name),
                                        lang, entry, files, outside))
            elif entry.suffix == ".md":
                stem, lang = _split_name(entry.name)
                add(_parse_document(site_dir, entry, "product", slugify(stem), lang,
                                    None, frozenset()))
    else:
        problems.append(warning("content/products", None, "no products folder: the catalogue is empty"))

    pages = site_dir / "content" / "pages"
    if pages.is_dir():
        for entry in _visible(list(pages.iterdir())):
            if entry.is_file() and entry.suffix == ".md":
                stem, lang = _split_name(entry.name)
                add(_parse_document(site_dir, entry, "page", slugify(stem), lang, None, frozenset()))
    return docs, problems
