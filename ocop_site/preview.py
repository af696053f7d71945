"""The site as ``ocop-site serve`` shows it: built into memory, rebuilt on demand, looked up by path.

The site is built with the incremental engine into memory (a
:class:`~ocop_site.sink.MemorySink`; ``output/`` is never touched). A rebuild keeps the previous
load's products, fragments and plan (:class:`~ocop_site.plan.PlanMemo`), so only what changed is
read, planned and made again; when only products' stories changed, their pages are patched
without loading the site (:mod:`~ocop_site.story_patch`, as ``build`` does).

The first build starts from the files the last ``ocop-site build`` left in the site's
``output/`` or ``--output`` folder (those still as it recorded them, read, never written), so that the preview of a
catalogue built before makes only what changed since, not every page.

After a content or template mistake every page shows its ``path:line: error:`` lines until
the file is fixed. Only the built files are served, by exact path: nothing from the disk, so
``..``, encoded slashes or links out of the folder have nothing to reach.
"""
from __future__ import annotations

import datetime as dt
import html
import mimetypes
import threading
import time
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable

from .aggregate import source_folders
from .build import BuildReport, build_loaded, load_site
from .built_files import read_intact
from .content import Content
from .errors import SiteError, SiteErrors
from .fingerprint import FileStat, as_trusted, file_stats, fingerprint_of
from .fragments import FragmentStore
from .lock import site_lock
from .messages import N_, spoken, translation
from .plan import PlanMemo
from .sink import MemorySink
from .sources import content_hash, records_digest
from .state import ArtifactRecord, BuildState, state_path
from .story_patch import PATCHED, find_patch
from .workers import default_workers

__all__ = ["Preview", "error_page"]

_TYPES = {".js": "text/javascript", ".webp": "image/webp", ".ico": "image/x-icon", ".svg": "image/svg+xml"}


class Preview:
    """The site as last built, in memory, and the problems of the last build."""

    def __init__(self, site_dir: Path, today: Callable[[], dt.date], workers: int | None = None,
                 output: Path | None = None) -> None:
        self.site_dir = site_dir.resolve()  # as `build` has it: the build state names files so
        # (a relative one also kept a story's edit from being patched: story_patch)
        self.output = output or self.site_dir / "output"  # whose files the first build starts from
        self.language = spoken()  # the error page's: the editor's, as the server starts
        self.today = today
        self.workers = workers
        self.sink = MemorySink()
        self.store = FragmentStore(None, lasting=True)  # fragments kept in memory between rebuilds
        self.memo = PlanMemo()  # and the plan's groups
        self.errors: tuple[SiteError, ...] = ()  # of the last build: shown on every page until fixed
        self._content: Content | None = None
        self.sources: tuple[Path, ...] = ()  # the source sites the last load read, watched too
        self._lock = threading.Lock()
        self._built: tuple[str, dt.date, BuildReport, str] | None = None  # the files' fingerprint as
        # the last good build began, its day, its report, the digest of what it recorded of the files
        # it read: what a story's patch starts from (story_patch)

    def rebuild(self) -> tuple[BuildReport | None, tuple[SiteError, ...]]:
        """Build again; (the report, or None after errors; the errors and warnings)."""
        with self._lock, site_lock(self.site_dir):
            started = time.perf_counter()
            state = BuildState(state_path(self.site_dir))
            today = self.today()
            stats = file_stats(self.site_dir, self.output, source_folders(self.site_dir))
            built, self._built = self._built, None
            try:
                patched = self._patched(state, stats, today, built) if built is not None else None
                if patched is not None:
                    self._built = patched
                    return replace(patched[2], seconds=time.perf_counter() - started), patched[2].warnings
                if self._content is None and not self.sink.records:  # nothing built yet
                    self.sink.seed(read_intact(self.output, state.artifacts(self.output), self.sink.writer().pack,
                                               self.workers or default_workers()))
                loaded = load_site(self.site_dir, today, state, self.workers, known=self._content)
                self.sources = loaded.source_folders
                report = build_loaded(loaded, self.sink, state, self.workers, fragments=self.store, memo=self.memo)
            except SiteErrors as exc:
                self.errors = tuple(p for p in exc.problems if not p.is_warning)
                return None, exc.problems
            finally:
                state.close()
            self._content = loaded.content
            self.errors = ()
            self._built = (fingerprint_of(as_trusted(stats), self.output), today, report,
                           records_digest(loaded.sources.seen()))
            return report, report.warnings

    def _patched(self, state: BuildState, stats: list[FileStat], today: dt.date,
                 built: tuple[str, dt.date, BuildReport, str]) -> tuple[str, dt.date, BuildReport, str] | None:
        """When only products' stories changed since the last good build (on the same day), their
        pages patched in what is served (:mod:`story_patch`), and what the next patch starts from
        (as :attr:`_built`); else None."""
        files, day, report, read = built
        patch = None if day != today else find_patch(
            state, stats, self.site_dir, report.languages, lambda: self.sink.records, self.sink.files.get, self.store,
            lambda as_read: fingerprint_of(as_read, self.output) == files, read)
        if patch is None:
            return None
        records = dict(patch.built)
        written = [page for page, data in patch.pages.items() if data is not None]
        pack = self.sink.writer().pack
        for page in written:
            data = patch.pages[page]
            assert data is not None
            self.sink.put(page, pack(data))
            records[page] = ArtifactRecord(PATCHED, content_hash(data), len(data), 0)
        self.sink.commit(records, written)
        fragments, sources = patch.fragments(), patch.sources()
        self.store.put(fragments)
        state.save(sources=sources, fragments=fragments, keep_fragments=None)
        return (fingerprint_of(patch.stats(stats), self.output), today,
                replace(report, made=len(written), written=len(written), parsed=len(patch.edits)),
                records_digest(sources))

    def lookup(self, raw_path: str) -> tuple[int, str, bytes]:
        """(status, content type, body) for a request path, already percent-decoded."""
        path = _clean(raw_path)
        if path is None:
            return self._not_found()
        if self.errors and (path.endswith(".html") or path == ""):
            return 500, "text/html; charset=utf-8", error_page(self.errors, self.language)
        data = self.sink.files.get(path)
        if data is None:
            return self._not_found()
        kind = _TYPES.get(Path(path).suffix) or mimetypes.guess_type(path)[0] or "application/octet-stream"
        if kind.startswith("text/") or kind in ("image/svg+xml", "application/json"):
            kind += "; charset=utf-8"
        return 200, kind, data

    def _not_found(self) -> tuple[int, str, bytes]:
        """What a path that names no built file gets, in the editor's language."""
        return 404, "text/plain; charset=utf-8", (translation(self.language).gettext(N_("Not found")) + "\n").encode()

    def wsgi(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Iterable[bytes]:
        status, kind, body = self.lookup(environ.get("PATH_INFO", "/"))
        reasons = {200: "OK", 404: "Not Found", 500: "Build failed"}
        start_response(f"{status} {reasons[status]}", [("Content-Type", kind), ("Cache-Control", "no-store")])
        return [body]


def _clean(raw: str) -> str | None:
    """The built file a request path names ("" for the root), or None: a path that is not a
    plain path under the root (``..``, ``.``, empty parts, backslashes, NUL) names nothing."""
    path = raw.split("?", 1)[0]
    if not path.startswith("/") or "\\" in path or "\x00" in path:
        return None
    parts = path[1:].split("/")
    if parts[-1] == "":
        parts[-1] = "index.html"
    if any(part in ("", ".", "..") for part in parts):
        return None
    return "/".join(parts)


def error_page(errors: Iterable[SiteError], lang: str = "en") -> bytes:
    """The page every request gets while the site has errors, in ``lang``: each file, line and message."""
    translate = translation(lang).gettext
    heading = html.escape(translate(N_("The catalogue has errors")))
    advice = html.escape(translate(N_("Fix these lines and save the file: this page reloads by itself.")))
    items = "\n".join(f"<li><code>{html.escape(e.path)}{':' + str(e.line) if e.line else ''}</code> "
                      f"{html.escape(e.text(translate))}</li>" for e in errors)
    return f"""<!DOCTYPE html>
<html lang="{lang}">
<head><meta charset="utf-8"><title>{heading}</title>
<style>body{{font:16px/1.5 system-ui,sans-serif;margin:2rem;max-width:60rem}}code{{background:#f3ecdc;
padding:.1rem .3rem}}li{{margin:.5rem 0}}h1{{color:#9a2a17}}</style></head>
<body><h1>{heading}</h1>
<p>{advice}</p>
<ul>
{items}
</ul></body></html>
""".encode("utf-8")
