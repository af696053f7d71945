"""Lighthouse scores of the example catalogue, served on 127.0.0.1 as a host would serve it.

Builds the repository's example into a temporary folder, serves it over HTTP, and runs
Lighthouse (the npm package, with Debian's chromium) on the home, a facet page and a product
page, in both languages, as a phone (Lighthouse's default, throttled) and as a desktop. Prints
performance, cumulative layout shift, accessibility, best practices and SEO for each.

    python bench/bench_lighthouse.py                      # 12 runs: 3 pages x 2 languages x 2 forms
    python bench/bench_lighthouse.py --pages 1 --forms mobile
    LIGHTHOUSE=/path/to/node_modules/.bin/lighthouse python bench/bench_lighthouse.py

Lighthouse is found as ``$LIGHTHOUSE``, else on PATH, else through ``npx --yes lighthouse@12``
(which fetches it from the npm registry once). Targets (issue 12): performance >= 95,
CLS < 0.1, accessibility, best practices and SEO 100.
"""
from __future__ import annotations

import argparse
import datetime as dt
import functools
import json
import os
import shutil
import subprocess
import sys
import tempfile
import threading
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from ocop_site.cli import main as ocop_site  # noqa: E402

PAGES = ("index.html", "district/kien-thuy/index.html", "products/mat-ong-dai-hop/index.html")
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")
CHROMIUM = os.environ.get("CHROME_PATH", "/usr/bin/chromium")


def lighthouse_command() -> list[str]:
    found = os.environ.get("LIGHTHOUSE") or shutil.which("lighthouse")
    return [found] if found else ["npx", "--yes", "lighthouse@12"]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


def serve(root: Path) -> tuple[ThreadingHTTPServer, str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_address[1]}/"


def audit(url: str, form: str, workdir: Path) -> dict[str, float]:
    report = workdir / "report.json"
    command = [*lighthouse_command(), url, "--quiet", "--output=json", f"--output-path={report}",
               f"--only-categories={','.join(CATEGORIES)}", f"--chrome-path={CHROMIUM}",
               "--chrome-flags=--headless=new --no-sandbox --disable-dev-shm-usage"]
    if form == "desktop":
        command.append("--preset=desktop")
    subprocess.run(command, check=True, capture_output=True, timeout=300, env={**os.environ, "CHROME_PATH": CHROMIUM})
    data = json.loads(report.read_text(encoding="utf-8"))
    scores = {name: round(100 * (data["categories"][name]["score"] or 0)) for name in CATEGORIES}
    scores["cls"] = data["audits"]["cumulative-layout-shift"]["numericValue"]
    return scores


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--pages", type=int, default=len(PAGES), help="how many of the three pages")
    parser.add_argument("--forms", default="mobile,desktop", help="mobile, desktop or both (comma-separated)")
    parser.add_argument("--langs", default="vi,en")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ocop-lighthouse-") as tmp:
        work = Path(tmp)
        site = work / "site"
        site.mkdir()
        for name in ("site.yaml", "content", "assets"):
            (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, site / name)
        if ocop_site(["build", str(site), "--date", dt.date.today().isoformat()]) != 0:
            return 1
        server, base = serve(site / "output")
        try:
            print(f"{'page':44} {'form':8} {'perf':>5} {'CLS':>6} {'a11y':>5} {'best':>5} {'SEO':>5}")
            for lang in args.langs.split(","):
                for page in PAGES[:args.pages]:
                    path = page if lang == "vi" else f"{lang}/{page}"
                    for form in args.forms.split(","):
                        s = audit(base + path, form, work)
                        print(f"{path:44} {form:8} {s['performance']:5} {s['cls']:6.3f} {s['accessibility']:5} "
                              f"{s['best-practices']:5} {s['seo']:5}", flush=True)
        finally:
            server.shutdown()
    return 0


if __name__ == "__main__":
    sys.exit(main())
