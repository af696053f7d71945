"""All products and pages of a site: checked, modelled, and taken from the build state when
their files did not change.

A product (or page) is a *document set*: its default-language file and its
translations. For each set whose files' size and modification time are
unchanged, the result of checking it and building its model is taken from
the build state (:mod:`memo`): nothing of it is read or parsed. The others
are read, checked and modelled (in worker processes when there are many; each
result goes through the same JSON form as a kept one, so both give the same
values), and their results kept for the next build. What involves several
sets (slugs) or the day of the build (expired certificates, a year of recognition
still to come) is checked every time.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from .build_model import bodies_of, page_of, product_of
from .documents import DocumentSet, group_documents
from .errors import SiteError
from .images import docset_image_refs
from .load import DocumentFile, read_document
from .memo import DocsetResult, decode, encode, memo_key
from .model import Page, Product, SiteConfig, expiry
from .plan import digest
from .sources import Sources
from . import stories
from .validate import SlugClaim, check_docset, check_slugs, expiry_warning, year_error
from .workers import default_workers, frozen_heap, process_context, worker_started

__all__ = ["Content", "load_content", "PARALLEL_MIN_FILES"]

PARALLEL_MIN_FILES = 400
"""Fewer files to read than this are read in this process: starting workers costs more."""
_CHUNK = 64


@dataclass(frozen=True)
class Content:
    results: list[DocsetResult]
    problems: list[SiteError]  # every error and warning of the content
    file_hashes: dict[str, str]  # content file -> content hash (files that could be read)
    bodies: dict[str, str]  # body digest -> Markdown, of the files read in this build
    memos: dict[str, str] = field(default_factory=dict)  # memo key -> result (and story records), new in this build
    memo_keys: set[str] = field(default_factory=set)  # every memo (and story record) in use
    parsed: int = 0  # files parsed in this build
    by_key: dict[str, DocsetResult] = field(default_factory=dict)  # the results under their memo keys

    @property
    def products(self) -> list[Product]:
        return [r.product for r in self.results if r.product is not None]

    @property
    def pages(self) -> list[Page]:
        return [r.page for r in self.results if r.page is not None]


def _certificate(docset: DocumentSet) -> tuple[dict[Any, Any], Callable[[str], int]] | None:
    """A product's certificate as written, and the line of one of its fields (else of the
    certificate); None without one."""
    doc = docset.default
    front = doc.front if doc else None
    cert = front.data.get("certificate") if front else None
    if front is None or not isinstance(cert, dict):
        return None
    lines = front.lines
    return cert, lambda key: lines.get(key) or lines.get("certificate") or 1


def _expiry(docset: DocumentSet) -> tuple[dt.date, int] | None:
    """The last valid day of a product's certificate, and the line to warn at when it passed."""
    found = _certificate(docset)
    if found is None:
        return None
    cert, line = found
    date, expires = cert.get("date"), cert.get("expires")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        date = None
    if not isinstance(expires, dt.date) or isinstance(expires, dt.datetime):
        expires = None
    last = expiry(date, expires)
    return None if last is None else (last, line("certificate.expires" if expires is not None else "certificate.date"))


def _year(docset: DocumentSet) -> tuple[int, int] | None:
    """A certificate known only by its year (no date): the year, and its line."""
    found = _certificate(docset)
    if found is None or found[0].get("date") is not None:
        return None
    year = found[0].get("year")
    if not isinstance(year, int) or isinstance(year, bool):
        return None
    return year, found[1]("certificate.year")


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
        year=_year(docset) if published else None,
    )


def _bundle_digest(file: DocumentFile) -> str:
    return digest(*sorted(file.bundle_files), "->", *sorted(file.outside_links))


_Loaded = tuple[list[tuple[int, int, str] | None], str, dict[str, str], dict[str, str]]
"""Per document set: (size, mtime, hash) of each file read (None: unreadable), its memo, its bodies,
its product files' story records (:mod:`stories`)."""


def _load_sets(groups: list[list[DocumentFile]], config: SiteConfig) -> list[_Loaded]:
    """Read, parse, check and model document sets; runs in worker processes for large sites."""
    out: list[_Loaded] = []
    for files in groups:
        reads = [read_document(file) for file in files]
        docset = group_documents(doc for doc, _, _ in reads)[0]
        result = _result(docset, config, [p for _, _, found in reads for p in found])
        stats = [(st[0], st[1], doc.hash) if st else None for doc, st, _ in reads]
        bodies = bodies_of(docset) if result.product is not None or result.page is not None else {}
        kept = {stories.story_key(str(file.path), doc.hash): stories.encode(stories.record_of(doc, docset.slug))
                for file, (doc, _, _) in zip(files, reads) if doc.kind == "product" and doc.hash and doc.front_hash}
        out.append((stats, encode(result), bodies, kept))
    return out


def _load_all(groups: list[list[DocumentFile]], config: SiteConfig, workers: int) -> Iterable[_Loaded]:
    files = sum(len(g) for g in groups)
    if files < PARALLEL_MIN_FILES or workers < 2:
        return _load_sets(groups, config)
    size = max(1, min(_CHUNK, len(groups) // (workers * 4) or 1))
    from concurrent.futures import ProcessPoolExecutor

    chunks = [groups[i:i + size] for i in range(0, len(groups), size)]
    with frozen_heap(before_fork=True), \
            ProcessPoolExecutor(min(workers, len(chunks)), process_context(), worker_started) as pool:
        return [item for result in pool.map(_load_sets, chunks, [config] * len(chunks)) for item in result]


def load_content(scanned: tuple[list[DocumentFile], list[SiteError]], config: SiteConfig,
                 config_hash: str, program: str, sources: Sources, today: dt.date,
                 memos: Callable[[Iterable[str]], Mapping[str, str]] = lambda keys: {},
                 workers: int | None = None, known: Mapping[str, DocsetResult] | None = None) -> Content:
    """Every document set of the scanned files (:func:`load.scan_documents`); ``memos`` looks
    results up in the build state; ``known``: results already decoded, by memo key (a server
    keeps the last build's, so that a rebuild decodes nothing it had)."""
    files, problems = scanned
    groups: dict[str, list[DocumentFile]] = {}
    for file in files:
        groups.setdefault(file.default_path, []).append(file)
    hashes = {file.shown: sources.known_hash(file.path) for file in files}

    def key_of(members: list[DocumentFile], found: Mapping[str, str | None]) -> str | None:
        if not all(found[f.shown] for f in members):
            return None
        return memo_key(program, config_hash, members[0].kind,
                        [(f.shown, found[f.shown] or "") for f in members], _bundle_digest(members[0]))

    keys = {path: key for path, members in groups.items() if (key := key_of(members, hashes))}
    known = known or {}
    results: dict[str, DocsetResult] = {path: known[key] for path, key in keys.items() if key in known}
    stored = memos({key for path, key in keys.items() if path not in results}) if keys else {}
    for default_path, key in keys.items():
        if default_path in results:
            continue
        text = stored.get(key)
        found = decode(text, groups[default_path][0].bundle) if text is not None else None
        if found is not None:
            results[default_path] = found
    missing = [members for path, members in groups.items() if path not in results]
    new_memos: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for members, (stats, memo, texts, kept) in zip(missing, _load_all(missing, config, workers or default_workers())):
        for file, st in zip(members, stats):
            hashes[file.shown] = st[2] if st else None
            if st:
                sources.remember(file.path, *st)
        result = decode(memo, members[0].bundle)
        assert result is not None, members[0].shown
        results[members[0].default_path] = result
        key = key_of(members, hashes)
        if key is not None:
            keys[members[0].default_path] = key
            new_memos[key] = memo
        bodies.update(texts)
        new_memos.update(kept)
    ordered = [results[path] for path in sorted(results)]
    problems = problems + [p for r in ordered for p in r.problems]
    problems += check_slugs((SlugClaim(r.kind, r.slug, r.path, r.slug_line) for r in ordered if r.published),
                            config.languages)
    for r in ordered:
        warned = expiry_warning(r.path, r.expiry[1], r.expiry[0], today) if r.expiry else None
        if warned is not None:
            problems.append(warned)
        later = year_error(r.path, r.year[1], r.year[0], today) if r.year else None
        if later is not None:
            problems.append(later)
    file_hashes = {shown: h for shown, h in hashes.items() if h}
    in_use = {*keys.values(), *(stories.story_key(str(f.path), h) for f in files if f.kind == "product"
                                 and (h := hashes.get(f.shown)))}
    return Content(ordered, problems, file_hashes, bodies, new_memos, in_use,
                   sum(len(m) for m in missing), {key: results[path] for path, key in keys.items()})
