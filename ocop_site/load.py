"""Read the site folder: ``site.yaml`` and the Markdown files under ``content/``.

This is one of the few modules that touch the disk. :func:`scan_documents`
finds the content files without reading them; :func:`read_document` reads
and parses one (:mod:`ocop_site.content` decides which need reading, and
spreads them over worker processes). Text is NFC-normalised as it is read.
What comes out is plain data (:class:`RawDocument`) that validation and
model building handle without further I/O.
"""
from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .documents import RawDocument
from .errors import SiteError, error, warning
from .frontmatter import Parsed, parse_yaml
from .parsed import ParsedFile, decode_text, parse_document
from .sources import content_hash
from .vntext import slugify

__all__ = ["DocumentFile", "read_text", "load_site_yaml", "scan_documents", "read_document",
           "MAX_CONTENT_BYTES"]

MAX_CONTENT_BYTES = 1_000_000
"""A product or page file is at most this big: a product story is a few kilobytes."""

_LANG_SUFFIX = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")


@dataclass(frozen=True, slots=True)
class DocumentFile:
    """A content file found by the scan, not yet read."""

    path: Path
    shown: str  # relative to the site folder, "/"-separated
    kind: str  # "product" or "page"
    name_slug: str
    lang: str | None
    default_path: str
    bundle: str | None = None
    bundle_files: frozenset[str] = frozenset()
    outside_links: frozenset[str] = frozenset()
    link_out: bool = False  # a link to a file outside its product's folder: not read


def read_text(path: Path, shown: str) -> tuple[str | None, list[SiteError]]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, [error(shown, None, "cannot read file: {detail}", detail=exc.strerror or exc)]
    text = decode_text(raw, shown)
    if isinstance(text, SiteError):
        return None, [text]
    return text, []


def load_site_yaml(site_dir: Path, shown: str = "site.yaml") -> tuple[Parsed | None, list[SiteError]]:
    """``shown``: the file's path in messages (a source site's is relative to the site built)."""
    path = site_dir / "site.yaml"
    if not path.is_file():
        return None, [error(shown, None, "no site.yaml in {folder}: "
                            "run this command in a site folder or pass its path", folder=site_dir)]
    text, problems = read_text(path, shown)
    if text is None:
        return None, problems
    return parse_yaml(text, shown)


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
    Only links need resolving: anything else found by walking the folder is in it.
    """
    root = folder.resolve()
    found: set[str] = set()
    outside: set[str] = set()
    pending = [("", folder)]
    while pending:
        prefix, current = pending.pop()
        try:
            entries = list(os.scandir(current))
        except OSError:
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            name = prefix + entry.name
            if entry.is_symlink():
                try:
                    real = Path(entry.path).resolve(strict=True)
                except (OSError, RuntimeError):  # a broken link or a loop
                    continue
                if not real.is_relative_to(root):
                    outside.add(name)
                elif real.is_file():
                    found.add(name)
            elif entry.is_dir(follow_symlinks=False):
                pending.append((name + "/", Path(entry.path)))
            elif entry.is_file(follow_symlinks=False):
                found.add(name)
    return frozenset(found), frozenset(outside)


def _visible(folder: Path) -> list[os.DirEntry[str]]:
    return sorted((e for e in os.scandir(folder) if not e.name.startswith((".", "_"))), key=lambda e: e.name)


def scan_documents(site_dir: Path, prefix: str = "",
                   pages: bool = True) -> tuple[list[DocumentFile], list[SiteError]]:
    """Every product and page file under ``content/``, in a stable order; nothing is read.
    ``prefix``: put before every path shown (a source site's folder, relative to the site built,
    ending with "/"), so that both messages and the files' lookups work from the site built;
    ``pages``: whether to scan ``content/pages/`` too."""
    found: list[DocumentFile] = []
    problems: list[SiteError] = []
    products = site_dir / "content" / "products"
    if products.is_dir():
        for entry in _visible(products):
            shown = f"{prefix}content/products/{entry.name}"
            if entry.is_dir():
                files, outside = _bundle_files(Path(entry.path))
                for name in sorted(outside):
                    if name.endswith(".md") and "/" not in name and _split_name(name)[0] == "index":
                        found.append(DocumentFile(Path(entry.path) / name, f"{shown}/{name}", "product",
                                                  slugify(entry.name), _split_name(name)[1], f"{shown}/index.md",
                                                  shown, files, outside, link_out=True))
                for name in sorted(files):
                    if "/" in name or not name.endswith(".md"):
                        continue
                    stem, lang = _split_name(name)
                    if stem != "index":
                        problems.append(warning(f"{shown}/{name}", None, "ignored: a product "
                                                "folder's text goes in index.md (index.en.md …)"))
                        continue
                    found.append(DocumentFile(Path(entry.path) / name, f"{shown}/{name}", "product",
                                              slugify(entry.name), lang, f"{shown}/index.md", shown,
                                              files, outside))
            elif entry.name.endswith(".md"):
                stem, lang = _split_name(entry.name)
                found.append(DocumentFile(Path(entry.path), shown, "product", slugify(stem), lang,
                                          f"{prefix}content/products/{stem}.md"))
    else:
        problems.append(warning(f"{prefix}content/products", None, "no products folder: the catalogue is empty"))
    folder = site_dir / "content" / "pages"
    if pages and folder.is_dir():
        for entry in _visible(folder):
            if entry.name.endswith(".md") and entry.is_file():
                stem, lang = _split_name(entry.name)
                found.append(DocumentFile(Path(entry.path), f"{prefix}content/pages/{entry.name}", "page",
                                          slugify(stem), lang, f"{prefix}content/pages/{stem}.md"))
    return found, problems


def _read(file: DocumentFile) -> tuple[bytes, os.stat_result] | SiteError:
    """The file's bytes and the stat taken before reading them, or why it is not read."""
    shown = file.shown
    if file.link_out:
        return error(shown, None, "is a link to a file outside the product's folder: copy the file itself here")
    try:
        st = file.path.stat()
        if not stat.S_ISREG(st.st_mode):
            return error(shown, None, "not a regular file: a content file must be an ordinary text file")
        if st.st_size > MAX_CONTENT_BYTES:
            return error(shown, None, "file is too large ({size} bytes; the limit is {limit}): "
                         "a product's text is a few kilobytes, pictures go beside it",
                         size=f"{st.st_size:,}", limit=f"{MAX_CONTENT_BYTES:,}")
        with open(file.path, "rb") as handle:
            raw = handle.read(MAX_CONTENT_BYTES + 1)
    except OSError as exc:
        return error(shown, None, "cannot read file: {detail}", detail=exc.strerror or exc)
    if len(raw) > MAX_CONTENT_BYTES:  # it grew while being read
        return error(shown, None, "file is too large (over {limit} bytes)", limit=f"{MAX_CONTENT_BYTES:,}")
    return raw, st


def read_document(file: DocumentFile) -> tuple[RawDocument, tuple[int, int] | None, list[SiteError]]:
    """Read and parse one content file: (the document, (size, mtime) of what was read, problems).

    A file that cannot be read still gives a document, without front matter and
    with an empty hash, so its translations are not reported as orphans.
    """
    read = _read(file)
    parsed = ParsedFile(None, "", 1, ()) if isinstance(read, SiteError) else parse_document(read[0], file.shown)
    doc = RawDocument(
        path=file.shown, kind=file.kind, name_slug=file.name_slug, lang=file.lang,
        bundle=file.bundle, bundle_files=file.bundle_files, default_path=file.default_path,
        front=parsed.front, body=parsed.body, body_line=parsed.body_line,
        outside_links=file.outside_links, hash="" if isinstance(read, SiteError) else content_hash(read[0]),
        front_hash=parsed.front_hash,
    )
    if isinstance(read, SiteError):
        return doc, None, [read]
    return doc, (read[1].st_size, read[1].st_mtime_ns), list(parsed.problems)
