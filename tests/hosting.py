"""A static web host for tests: a built output served over HTTP under a subpath, with its
``404.html`` for every missing file, as GitHub Pages and most hosts do."""
from __future__ import annotations

import contextlib
import functools
import http.server
import shutil
import threading
from pathlib import Path
from typing import Iterator


class _Host(http.server.SimpleHTTPRequestHandler):
    prefix = ""

    def log_message(self, *args: object) -> None:
        pass

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        if code != 404:
            return super().send_error(code, message, explain)
        body = (Path(self.directory) / self.prefix / "404.html").read_bytes()
        self.send_response(404)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)


@contextlib.contextmanager
def hosted(output: Path, work: Path, prefix: str = "ocop-site") -> Iterator[str]:
    """``output`` copied to ``work/<prefix>/`` and served; yields ``http://127.0.0.1:<port>/<prefix>/``."""
    shutil.copytree(output, work / prefix)
    handler = type("Host", (_Host,), {"prefix": prefix})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(work)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/{prefix}/"
    finally:
        server.shutdown()
        server.server_close()
