"""``ocop-site serve``: the catalogue in the browser, rebuilt and reloaded on every save.

The site is built into memory by a :class:`~ocop_site.preview.Preview` and served by the
livereload package. Everything in the site folder is watched (``content/``, ``themes/``,
``assets/``, ``site.yaml``; not ``output/`` or ``.cache/``): a save rebuilds and reloads the
open pages. The reload script is added by the server to the pages it serves; ``build`` output
never contains it.

A content or template mistake never stops the server: the terminal prints
its ``path:line: error:`` lines, and every page shows them until the file is
fixed (the next save rebuilds and reloads by itself).

This is the one place that reports an error and carries on.
"""
from __future__ import annotations

import errno
import logging
import socket
import threading
import time
import webbrowser
from pathlib import Path
from typing import Callable, Sequence

from livereload import Server
from livereload.handlers import LiveReloadHandler
from livereload.watcher import Watcher
from tornado.ioloop import IOLoop

from .errors import SiteError
from .fingerprint import site_files, watched
from .messages import _, _n, file_count, language_count, number, product_count
from .preview import Preview

__all__ = ["serve", "PortInUse", "free_port"]

class PortInUse(Exception):
    """The port is taken; ``suggestion`` is a free one nearby."""

    def __init__(self, port: int, suggestion: int) -> None:
        super().__init__(port)
        self.port = port
        self.suggestion = suggestion


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
