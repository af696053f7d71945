"""All products and pages of a site: checked, modelled, and taken from the build state when
their files did not change.

A product (or page) is a *document set*: its default-language file and its
translations. For each set whose files' size and modification time are
unchanged, the result of checking it and building its model is taken from
the build state (:mod:`memo`): nothing of it is read or parsed. The others
are read (their parse from the parse cache when only a sibling changed),
checked and modelled, and their results kept for the next build. What
involves several sets (slugs) or the day of the build (expired
certificates) is checked every time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Callable, Iterable, Mapping

from .build_model import bodies_of, page_of, product_of
from .documents import DocumentSet, group_documents
from .errors import SiteError
from .images import docset_image_refs
from .load import DocumentFile, read_documents
from .memo import DocsetResult, decode, encode, memo_key
from .model import Page, Product, SiteConfig, expiry
from .plan import digest
from .sources import Sources
from .validate import SlugClaim, check_docset, check_slugs, expiry_warning

__all__ = ["Content", "load_content"]


@dataclass(frozen=True)
class Content:
    results: list[DocsetResult]
    problems: list[SiteError]  # every error and warning of the content
    file_hashes: dict[str, str]  # content file -> content hash ("" when it could not be read)
    bodies: dict[str, str]  # body digest -> Markdown, of the files read in this build
    new_records: dict[str, str] = field(default_factory=dict)  # parse cache additions
    memos: dict[str, str] = field(default_factory=dict)  # memo key -> result, new in this build
    memo_keys: set[str] = field(default_factory=set)  # every memo in use
    parsed: int = 0  # files parsed in this build

    @property
    def products(self) -> list[Product]:
        return [r.product for r in self.results if r.product is not None]

    @property
    def pages(self) -> list[Page]:
        return [r.page for r in self.results if r.page is not None]


def _expiry(docset: DocumentSet) -> tuple[dt.date, int] | None:
    """The last valid day of a product's certificate, and the line to warn at when it passed."""
    doc = docset.default
    cert = doc.front.data.get("certificate") if doc and doc.front else None
    if not isinstance(cert, dict) or doc is None or doc.front is None:
        return None
    date, expires = cert.get("date"), cert.get("expires")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        date = None
    if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
        expires = None
    last = expiry(date, expires)
    key = "certificate.expires" if expires is not None else "certificate.date"
    return None if last is None else (last, doc.front.lines.get(key) or doc.front.lines.get("certificate") or 1)


def _result(docset: DocumentSet, config: SiteConfig, problems: list[SiteError]) -> DocsetResult:
    """Check one document set and, when it passed and is published, build its model."""
    problems = problems + check_docset(docset, config)
    default = docset.default
    first = default or docset.translations[0]
    published = default is not None and default.front is not None and not docset.is_draft
    failed = any(not p.is_warning for p in problems)
    ok = published and not failed
    return DocsetResult(
        kind=first.kind, path=first.default_path, slug=docset.slug,
        slug_line=(default.front.lines.get("slug") or 1) if default and default.front else 1,
        published=published, problems=tuple(problems),
        product=product_of(docset, config.languages) if ok and first.kind == "product" else None,
        page=page_of(docset, config.languages) if ok and first.kind == "page" else None,
        images=docset_image_refs(docset),
        expiry=_expiry(docset) if published else None,
    )


def _bundle_digest(file: DocumentFile) -> str:
    return digest(*sorted(file.bundle_files), "->", *sorted(file.outside_links))


def load_content(scanned: tuple[list[DocumentFile], list[SiteError]], config: SiteConfig,
                 config_hash: str, program: str, sources: Sources, today: dt.date,
                 memos: Callable[[Iterable[str]], Mapping[str, str]] = lambda keys: {},
                 parsed: Callable[[Iterable[str]], Mapping[str, str]] = lambda hashes: {},
                 workers: int | None = None) -> Content:
    """Every document set of the scanned files (:func:`load.scan_documents`); ``memos`` and
    ``parsed`` look results and parses up in the build state."""
    files, problems = scanned
    groups: dict[str, list[DocumentFile]] = {}
    for file in files:
        groups.setdefault(file.default_path, []).append(file)
    hashes = {file.shown: sources.known_hash(file.path) for file in files}
    keys: dict[str, str] = {}
    for default_path, members in groups.items():
        if all(hashes[f.shown] for f in members):
            keys[default_path] = memo_key(program, config_hash, members[0].kind,
                                          [(f.shown, hashes[f.shown] or "") for f in members],
                                          _bundle_digest(members[0]))
    stored = memos(set(keys.values())) if keys else {}
    results: dict[str, DocsetResult] = {}
    for default_path, key in keys.items():
        text = stored.get(key)
        found = decode(text, groups[default_path][0].bundle) if text is not None else None
        if found is not None:
            results[default_path] = found
    missing = [f for path, members in groups.items() if path not in results for f in members]
    loaded = read_documents(missing, sources, parsed, workers)
    file_problems: dict[str, list[SiteError]] = {}
    for problem in loaded.problems:
        file_problems.setdefault(problem.path, []).append(problem)
    new_memos: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for docset in group_documents(loaded.docs):
        own = [p for doc in docset.files for p in file_problems.get(doc.path, [])]
        result = _result(docset, config, own)
        first = docset.files[0]
        results[first.default_path] = result
        if all(doc.hash for doc in docset.files):
            key = memo_key(program, config_hash, first.kind, [(d.path, d.hash) for d in docset.files],
                           _bundle_digest(groups[first.default_path][0]))
            keys[first.default_path] = key
            new_memos[key] = encode(result)
        if result.product is not None or result.page is not None:
            bodies.update(bodies_of(docset))
    ordered = [results[path] for path in sorted(results)]
    problems = problems + [p for r in ordered for p in r.problems]
    problems += check_slugs((SlugClaim(r.kind, r.slug, r.path, r.slug_line) for r in ordered if r.published),
                            config.languages)
    for r in ordered:
        warned = expiry_warning(r.path, r.expiry[1], r.expiry[0], today) if r.expiry else None
        if warned is not None:
            problems.append(warned)
    file_hashes = {shown: h for shown, h in hashes.items() if h}
    file_hashes.update({doc.path: doc.hash for doc in loaded.docs})
    return Content(ordered, problems, file_hashes, bodies, loaded.new_records, new_memos,
                   set(keys.values()), loaded.parsed)
