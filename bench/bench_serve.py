"""Save-to-screen latency of ``ocop-site serve`` against ``hugo server``, on the same catalogue.

    python bench/bench_serve.py 5000 --edits 5
    python bench/bench_serve.py example          # the example catalogue of this repository

Both servers run side by side on the same catalogue (the Hugo one made by
``bench/hugo_site.py``), each with a product page open in headless
chromium. Each round edits that product's text for one server, then the
other, and times from just before the file is written until the open page
shows the new text (the server noticed the save, rebuilt, told the page to
reload, and the page loaded again). Hugo runs as users get it (``hugo
server``: fast render mode, pages in memory). It also times start-up: from
launching each server until the page first loads; with ``--built``, the
catalogue was built with ``ocop-site build`` first (not timed), whose
``output/`` the preview starts from. Medians and the ratio
ocop-site / Hugo are printed; the machines are shared and noisy, so only
ratios measured in one run mean anything.
"""
from __future__ import annotations

import argparse
import os
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "tests"))
from browser import launch  # noqa: E402
from compare_hugo import DATE, hugo_binary  # noqa: E402
from hugo_site import product_files, make_hugo_site  # noqa: E402
from make_catalogue import make_catalogue  # noqa: E402


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_served(url: str, process: subprocess.Popen, timeout: float = 600) -> float:
    """Seconds until ``url`` answers 200."""
    started = time.perf_counter()
    while time.perf_counter() - started < timeout:
        if process.poll() is not None:
            sys.exit(f"the server stopped (exit {process.returncode})")
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                if response.status == 200:
                    return time.perf_counter() - started
        except OSError:
            pass
        time.sleep(0.05)
    sys.exit(f"{url} was not served within {timeout} s")


class Server:
    """A server process with a chromium page on one product."""

    def __init__(self, name: str, command: list[str], cwd: Path, url: str, source: Path) -> None:
        self.name, self.url, self.source = name, url, source
        self.original = source.read_text(encoding="utf-8")
        launched = time.perf_counter()
        self.process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                                        start_new_session=True)
        _wait_served(url, self.process)
        self.startup = time.perf_counter() - launched
        self.latencies: list[float] = []
        self.page: Any = None

    def edit(self, marker: str) -> None:
        """Write the marker into the product's text and wait until the open page shows it."""
        front, end, story = self.original.partition("\n---\n")
        text = front + end + story.replace("được", f"được {marker}", 1)
        assert text != self.original, f"{self.source}'s story has no 'được' to edit"
        started = time.perf_counter()
        self.source.write_text(text, encoding="utf-8")
        self.page.wait_for_function("m => document.body && document.body.innerText.includes(m)",
                                    arg=marker, timeout=120_000)
        self.latencies.append(time.perf_counter() - started)

    def stop(self) -> None:
        self.source.write_text(self.original, encoding="utf-8")
        if self.process.poll() is None:
            os.killpg(self.process.pid, signal.SIGINT)
            try:
                self.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)


def _catalogue(which: str, base: Path) -> Path:
    if which == "example":
        site = base / "ocop-serve-example"
        if site.exists():
            shutil.rmtree(site)
        site.mkdir(parents=True)
        shutil.copy(HERE.parent / "site.yaml", site / "site.yaml")
        for name in ("content", "assets"):
            shutil.copytree(HERE.parent / name, site / name)
        return site
    site = base / f"ocop-serve-{int(which)}"
    if not (site / "site.yaml").exists():
        make_catalogue(site, int(which))
    return site


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("catalogue", help="a number of synthetic products, or 'example'")
    parser.add_argument("--edits", type=int, default=5, help="edits timed for each server")
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--built", action="store_true",
                        help="build the catalogue first (not timed): the preview starts from its output/")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    base = args.workdir or Path("/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir())
    base.mkdir(parents=True, exist_ok=True)
    site = _catalogue(args.catalogue, base)
    hugo_dir = base / f"{site.name}-hugo"
    make_hugo_site(site, hugo_dir)
    products = product_files(site)
    slug = next(s for s, langs in sorted(products.items())  # edited in its story, not in a comment
                if "được" in langs["vi"].read_text(encoding="utf-8").partition("\n---\n")[2])
    for folder in (".cache", "output"):
        shutil.rmtree(site / folder, ignore_errors=True)
    if args.built:
        subprocess.run([sys.executable, "-m", "ocop_site", "build", str(site), "--date", DATE], check=True,
                       stdout=subprocess.DEVNULL)
    ocop_port, hugo_port = _free_port(), _free_port()
    servers = [
        Server("ocop-site", [sys.executable, "-m", "ocop_site", "serve", str(site), "--port", str(ocop_port),
                             "--date", DATE],
               site, f"http://127.0.0.1:{ocop_port}/products/{slug}/index.html", products[slug]["vi"]),
        Server("Hugo", [hugo_binary(), "server", "--port", str(hugo_port), "--bind", "127.0.0.1",
                        "--quiet"],
               hugo_dir, f"http://127.0.0.1:{hugo_port}/products/{slug}/",
               hugo_dir / "content" / "products" / f"{slug}.md"),
    ]
    try:
        with sync_playwright() as playwright:
            browser = launch(playwright)
            for server in servers:
                server.page = browser.new_page()
                server.page.goto(server.url)
                server.page.wait_for_timeout(1500)  # both reload scripts connected
            for round_ in range(args.edits):
                for server in servers:
                    time.sleep(1.0)  # a later modification time than the last save, settled servers
                    server.edit(f"(lần sửa {round_ + 1} của {server.name})")
                print(f"edit {round_ + 1}: " + ", ".join(f"{s.name} {s.latencies[-1]:.2f} s" for s in servers),
                      file=sys.stderr)
            browser.close()
    finally:
        for server in servers:
            server.stop()
    ocop, hugo = servers
    print(f"\n{args.catalogue} catalogue ({len(products)} products), {args.edits} edits each, medians")
    print(f"{'':<26}{'ocop-site':>10}{'Hugo':>8}{'ratio':>8}")
    rows = [("start-up to first page", ocop.startup, hugo.startup),
            ("save to page reloaded", statistics.median(ocop.latencies), statistics.median(hugo.latencies))]
    for label, ours, theirs in rows:
        print(f"{label:<26}{ours:>9.2f}s{theirs:>7.2f}s{ours / theirs:>7.2f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
