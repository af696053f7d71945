"""``ocop-site serve``: the catalogue in the browser, rebuilt and reloaded on every save.

The site is built with the incremental engine into memory (a
:class:`~ocop_site.sink.MemorySink`; ``output/`` is never touched) and served
by the livereload package. Everything in the site folder is watched
(``content/``, ``themes/``, ``assets/``, ``site.yaml``; not ``output/`` or
``.cache/``): a save rebuilds and reloads the open pages. The reload script
is added by the server to the pages it serves; ``build`` output never
contains it. A rebuild keeps the previous load's products, fragments and
plan (:class:`~ocop_site.plan.PlanMemo`), so only what changed is read,
planned and made again; when only products' stories changed, their pages are
patched without loading the site (:mod:`~ocop_site.story_edit`, as ``build`` does).

The first build starts from the files the last ``ocop-site build`` left in the site's
``output/`` or ``--output`` folder (those still as it recorded them, read, never written), so that the preview of a
catalogue built before makes only what changed since, not every page.

A content or template mistake never stops the server: the terminal prints
its ``path:line: error:`` lines, and every page shows them until the file is
fixed (the next save rebuilds and reloads by itself). Only the built files
are served, by exact path: nothing from the disk, so ``..``, encoded
slashes or links out of the folder have nothing to reach.

This is the one place that reports an error and carries on.
"""
from __future__ import annotations

import datetime as dt
import errno
import html
import logging
import mimetypes
import socket
import threading
import time
import webbrowser
from dataclasses import replace
from pathlib import Path
from typing import Any, Callable, Iterable, Sequence

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from .aggregate import source_folders
from .build import BuildReport, build_loaded, load_site
from .content import Content
from .errors import SiteError, SiteErrors
from .fingerprint import FileStat, as_trusted, file_stats, fingerprint_of, site_files, watched
from .fragments import FragmentStore
from .lock import site_lock
from .messages import N_, _, _n, file_count, language_count, number, product_count, spoken, translation
from .built_files import read_intact
from .plan import PlanMemo
from .sink import MemorySink
from .sources import content_hash, records_digest
from .state import ArtifactRecord, BuildState, state_path
from .story_edit import PATCHED, find_patch
from .workers import default_workers

__all__ = ["Preview", "serve", "PortInUse", "free_port"]

_TYPES = {".js": "text/javascript", ".webp": "image/webp", ".ico": "image/x-icon", ".svg": "image/svg+xml"}


class PortInUse(Exception):
    """The port is taken; ``suggestion`` is a free one nearby."""

    def __init__(self, port: int, suggestion: int) -> None:
        super().__init__(port)
        self.port = port
        self.suggestion = suggestion


class Preview:
    """The site as last built, in memory, and the problems of the last build."""

    def __init__(self, site_dir: Path, today: Callable[[], dt.date], workers: int | None = None,
                 output: Path | None = None) -> None:
        self.site_dir = site_dir.resolve()  # as `build` has it: the build state names files so
        # (a relative one also kept a story's edit from being patched: story_edit)
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
        # it read: what a story's patch starts from (story_edit)

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
        pages patched in what is served (:mod:`story_edit`), and what the next patch starts from
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


def free_port(host: str, start: int) -> int:
    """The first port from ``start`` that can be bound on ``host`` (``start`` if none of 50)."""
    for port in range(start, start + 50):
        if _bindable(host, port):
            return port
    return start


def _bindable(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
            return True
        except OSError as exc:
            if exc.errno != errno.EADDRINUSE:
                raise
            return False


class _SiteWatcher(Watcher):
    """What livereload's server polls, in place of its own watcher: a snapshot of the site
    folder (but the output folder, ``.cache/`` and dot-folders), of its source sites and of the default theme. On a
    change it rebuilds once, however many files changed, then reloads every open page as a
    whole (built file names differ from the sources', so livereload's own swapping of a
    changed stylesheet or picture cannot apply)."""

    def __init__(self, site_dir: Path, rebuild: Callable[[], None],
                 sources: Callable[[], tuple[Path, ...]], output: Path) -> None:
        super().__init__()
        self.site_dir = site_dir
        self.output = output  # where `build` writes (Preview.output): not a source
        self.sources = sources  # the source sites of the last build (:mod:`ocop_site.aggregate`)
        self.rebuild = rebuild
        self.seen = self.snapshot()

    def snapshot(self) -> frozenset[tuple[str, int, int]]:
        roots, skip = watched(self.site_dir, self.output, self.sources())
        return frozenset(f for root in roots for f in site_files(root, skip))

    def start(self, callback: Callable[[], None]) -> bool:
        """Poll by itself, waiting four times as long as a snapshot takes (at least 0.2 s),
        so that a large catalogue's polling never takes more than a fifth of a core."""
        loop = IOLoop.current()

        def tick() -> None:
            started = time.perf_counter()
            now = self.snapshot()
            took = time.perf_counter() - started
            if now != self.seen:
                self.rebuild()
                self.seen = now
                LiveReloadHandler.reload_waiters("*")
            loop.call_later(max(0.2, 4 * took), tick)

        loop.call_later(0.2, tick)
        return True

    def examine(self) -> tuple[None, None]:
        return None, None  # nothing for livereload's own polling: start() does it


class _Server(Server):
    """livereload's server, but silent: the editor's terminal shows only our lines."""

    def _setup_logging(self) -> None:
        for name in ("livereload", "tornado"):
            logging.getLogger(name).setLevel(logging.CRITICAL)


def serve(preview: Preview, host: str, port: int, open_browser: bool, say: Callable[[str], None],
          show: Callable[[Sequence[SiteError]], None]) -> None:
    """Build, then serve until Ctrl-C, rebuilding on every save. ``say`` prints a line for the
    editor, ``show`` a build's errors and warnings. Raises :class:`PortInUse` before building."""
    if not _bindable(host, port):
        raise PortInUse(port, free_port(host, port + 1))

    def rebuild() -> None:
        try:
            report, problems = preview.rebuild()
        except Exception as exc:  # a defect of ours: say so, keep serving the last good site
            say(_("error: the preview could not be rebuilt ({reason})", reason=f"{type(exc).__name__}: {exc}"))
            return
        show(problems)
        if report is None:
            say(_n("{count} error: the browser shows it until it is fixed",
                   "{count} errors: the browser shows them until they are fixed", len(preview.errors)))
        else:
            say(_("built {products} in {languages}: {made} made ({seconds} s)",
                  products=product_count(report.products), languages=language_count(len(report.languages)),
                  made=file_count(report.made), seconds=number(report.seconds, 2)))

    rebuild()
    watcher = _SiteWatcher(preview.site_dir, rebuild, lambda: preview.sources, preview.output)
    server = _Server(app=preview.wsgi, watcher=watcher)
    url = f"http://{f'[{host}]' if ':' in host else host}:{port}/"

    def listening() -> None:
        """Run by the server's loop once it listens (not before: the address must work when shown)."""
        say(_("serving {folder} at {url} (Ctrl-C stops)", folder=preview.site_dir, url=url))
        if open_browser:
            threading.Thread(target=webbrowser.open, args=(url,), daemon=True).start()

    IOLoop.current().add_callback(listening)
    server.serve(port=port, host=host, debug=False, live_css=False)
