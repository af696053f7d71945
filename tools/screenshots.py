"""Screenshots of a built site, as a visitor sees it: python tools/screenshots.py [OUTPUT] [DEST].

Home, a facet page and a product page, in every language, at phone and desktop widths,
taken with Debian's headless chromium from file:// (no network).
"""
from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

PAGES = {"home": "index.html", "facet": "district/kien-thuy/index.html",
         "product": "products/mat-ong-dai-hop/index.html"}
WIDTHS = {"phone": (390, 844), "desktop": (1280, 900), "wide": (1920, 1080)}
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run"]


def main() -> None:
    output = Path(sys.argv[1] if len(sys.argv) > 1 else "output").resolve()
    dest = Path(sys.argv[2] if len(sys.argv) > 2 else "shots")
    dest.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path="/usr/bin/chromium", args=ARGS)
        for width_name, (width, height) in WIDTHS.items():
            page = browser.new_page(viewport={"width": width, "height": height})
            for lang in ("vi", "en"):
                for name, path in PAGES.items():
                    prefix = "" if lang == "vi" else f"{lang}/"
                    page.goto((output / prefix / path).as_uri())
                    # scroll through once, so lazy pictures and off-screen cards render
                    page.evaluate("""async () => {
                        for (let y = 0; y < document.body.scrollHeight; y += 600) {
                            window.scrollTo(0, y); await new Promise(r => setTimeout(r, 30));
                        }
                        window.scrollTo(0, 0);
                    }""")
                    page.wait_for_timeout(300)
                    shot = dest / f"{name}-{lang}-{width_name}.png"
                    page.screenshot(path=str(shot), full_page=True)
                    print(shot)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
