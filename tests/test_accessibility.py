"""axe-core finds no accessibility violation on the main kinds of page, in both languages."""
from __future__ import annotations

from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

from browser import new_offline_page
from hosting import hosted

PAGES = ["index.html", "district/index.html", "district/kien-thuy/index.html", "stars/index.html",
         "products/mat-ong-dai-hop/index.html", "products/banh-mat-thanh-lam/index.html",
         "products/ca-kho-lang-chai/index.html",  # a certificate expiring soon (the example's EXAMPLE_DAY)
         "about/index.html", "producers/index.html", "producers/to-hop-tac-banh-mat/index.html",
         "statistics/index.html", "products/mat-ong-dai-hop/card/index.html", "cards/index.html",
         "brochure/index.html"]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("lang", ["vi", "en"])
def test_pages_have_no_axe_violations(browser, example_output: Path, lang: str, width: int):
    axe = Axe()
    context, offline = new_offline_page(browser, viewport={"width": width, "height": 900})
    try:
        found = []
        for path in PAGES:
            page = offline.open(example_output / ("" if lang == "vi" else lang) / path)
            assert offline.problems() == [], path
            results = axe.run(page)
            offline.errors.clear()  # axe's own XHR for stylesheets is refused under file://
            found += [f"{path}: {v['id']}: {v['help']} ({len(v['nodes'])}× e.g. {v['nodes'][0]['html'][:120]})"
                      for v in results.response["violations"]]
        assert found == [], "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize("path", ["page/2/index.html", "en/district/kien-thuy/page/2/index.html"])
def test_paginated_listings_have_no_axe_violations(browser, paginated_output: Path, path: str):
    context, offline = new_offline_page(browser, viewport={"width": 390, "height": 900})
    try:
        results = Axe().run(offline.open(paginated_output / path))
        offline.errors.clear()
        assert [v["id"] for v in results.response["violations"]] == []
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_404_page_has_no_axe_violations(browser, example_output: Path, tmp_path: Path, width: int):
    """404.html links from the site's path on its host, so it is opened as a host serves it: over
    HTTP under /ocop-site/, for an address deep in the site."""
    context = browser.new_context(viewport={"width": width, "height": 900})
    try:
        with hosted(example_output, tmp_path / "host") as url:
            page = context.new_page()
            assert page.goto(url + "products/no/such/page/").status == 404
            results = Axe().run(page)
        found = [f"{v['id']}: {v['help']} ({v['nodes'][0]['html'][:120]})" for v in results.response["violations"]]
        assert found == [], "\n".join(found)
    finally:
        context.close()


@pytest.mark.parametrize("width", [390, 1280])
def test_filtered_home_with_chips_and_disabled_options_has_no_axe_violations(browser, example_output: Path, width: int):
    context, offline = new_offline_page(browser, viewport={"width": width, "height": 900})
    try:
        page = offline.open(example_output / "index.html", "district=kien-thuy&stars=4")
        page.wait_for_selector("[data-chips] button")
        if width < 600:
            page.click("[data-filters] > summary")  # the open filters and the results button
        results = Axe().run(page)
        offline.errors.clear()
        assert [v["id"] for v in results.response["violations"]] == []
    finally:
        context.close()


def test_axe_reports_a_real_violation(browser, tmp_path: Path):
    bad = tmp_path / "bad.html"
    bad.write_text('<!DOCTYPE html><html><head><title>x</title></head><body>'
                   '<img src="x.png"><input type="text"></body></html>', encoding="utf-8")
    context, offline = new_offline_page(browser)
    try:
        ids = {v["id"] for v in Axe().run(offline.open(bad)).response["violations"]}
        assert {"image-alt", "html-has-lang"} <= ids
    finally:
        context.close()
