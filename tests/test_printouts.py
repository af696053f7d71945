"""QR codes, booth cards, the card sheet and the brochure: built for every product, readable
by a QR reader, and printed by Chromium on the right paper without splitting a product."""
from __future__ import annotations

import io
import math
import posixpath
import re
from pathlib import Path

import zxingcpp
from PIL import Image

from browser import new_offline_page
from conftest import MINIMAL_SITE_YAML, product
from pdf_tools import A4, A6, pdf, pdf_pages, pdf_text

BASE_URL = "https://ocop-site.github.io/ocop-site/"


def slugs(output: Path) -> list[str]:
    return sorted(p.parent.name for p in (output / "products").glob("*/index.html"))


# -- QR codes -----------------------------------------------------------------------------------

def test_every_qr_code_decodes_to_its_product_page_in_its_language(browser, example_output: Path):
    """The SVG we ship, drawn by Chromium, read back by zxing-cpp: exactly the product's URL."""
    # large enough that every module is several whole pixels (crispEdges rounds them)
    context, offline = new_offline_page(browser, viewport={"width": 400, "height": 400})
    try:
        found = {}
        for slug in slugs(example_output):
            for prefix in ("", "en/"):
                page = offline.open(example_output / prefix / "products" / slug / "qr.svg")
                image = Image.open(io.BytesIO(page.screenshot()))
                found[prefix + slug] = [r.text for r in zxingcpp.read_barcodes(image)]
        assert found == {prefix + slug: [f"{BASE_URL}{prefix}products/{slug}/"]
                         for slug in slugs(example_output) for prefix in ("", "en/")}
    finally:
        context.close()


def test_qr_codes_show_on_product_pages_booth_cards_and_the_brochure(example_output: Path):
    brochure = (example_output / "brochure" / "index.html").read_text(encoding="utf-8")
    sheet = (example_output / "en" / "cards" / "index.html").read_text(encoding="utf-8")
    for slug in slugs(example_output):
        url = f"{BASE_URL}en/products/{slug}/"
        page = (example_output / "en" / "products" / slug / "index.html").read_text(encoding="utf-8")
        card = (example_output / "en" / "products" / slug / "card" / "index.html").read_text(encoding="utf-8")
        alt = f'alt="QR code that opens the product&#39;s page: {url}"'
        assert f'<img src="../../../en/products/{slug}/qr.svg" {alt}' in page
        assert f'<img src="../../../../en/products/{slug}/qr.svg" {alt}' in card
        assert f'src="../../en/products/{slug}/qr.svg" {alt}' in sheet
        assert f'src="../products/{slug}/qr.svg" alt="Mã QR mở trang sản phẩm: {BASE_URL}products/{slug}/"' \
            in brochure


def test_without_base_url_there_are_no_qr_codes_but_the_printouts_are_made(make_site, cli):
    site = make_site({"content/products/mat-ong.md": product("Mật ong", extra="price: 100.000 ₫\n")})
    code, _, _ = cli("build", str(site))
    assert code == 0
    output = site / "output"
    assert not list(output.rglob("qr.svg"))
    for path in ("products/mat-ong/card/index.html", "en/products/mat-ong/card/index.html",
                 "cards/index.html", "brochure/index.html", "en/brochure/index.html"):
        html = (output / path).read_text(encoding="utf-8")
        assert "qr" not in html.lower().replace("qr_", ""), path
        assert "Mật ong" in html and "100.000 ₫" in html, path


# -- booth cards and the sheet --------------------------------------------------------------------

def test_every_product_has_a_booth_card_in_every_language(example_output: Path):
    for slug in slugs(example_output):
        for prefix, meaning in (("", "90–100 điểm: chất lượng quốc gia|70–89 điểm: chất lượng tốt|"
                                     "50–69 điểm: sản phẩm đặc trưng"),
                                ("en/", "90–100 points: national quality|70–89 points: good quality|"
                                        "50–69 points: distinctive")):
            html = (example_output / prefix / "products" / slug / "card" / "index.html").read_text(encoding="utf-8")
            assert html.count('<article class="booth-card"') == 1
            assert re.search(f"</strong> – ({meaning})", html), (prefix, slug)  # stars with their meaning
        page = (example_output / "products" / slug / "index.html").read_text(encoding="utf-8")
        assert f'<a href="../../products/{slug}/card/index.html">' in page
    for prefix in ("", "en/"):
        sheet = (example_output / prefix / "cards" / "index.html").read_text(encoding="utf-8")
        assert re.findall(r'<article class="booth-card" data-product="([^"]+)"', sheet).__len__() == \
            len(slugs(example_output))
        assert sheet.count('class="crop-marks"') == math.ceil(len(slugs(example_output)) / 4)


def test_a_booth_card_prints_on_one_a6_page(browser, example_output: Path, tmp_path: Path):
    context, offline = new_offline_page(browser)
    try:
        for path in ("products/mat-ong-dai-hop/card/index.html", "en/products/kho-ca-chot/card/index.html"):
            offline.open(example_output / path)
            printed = pdf(offline.page, tmp_path / "card.pdf")
            assert pdf_pages(printed) == [A6], path
        assert offline.problems() == []
    finally:
        context.close()


def test_the_card_sheet_prints_four_cards_to_each_a4_page_with_crop_marks(browser, example_output: Path,
                                                                          tmp_path: Path):
    count = len(slugs(example_output))
    context, offline = new_offline_page(browser)
    try:
        page = offline.open(example_output / "cards" / "index.html")
        names = page.eval_on_selector_all(".booth-name", "nodes => nodes.map(n => n.textContent.trim())")
        printed = pdf(page, tmp_path / "cards.pdf")
        assert offline.problems() == []
    finally:
        context.close()
    assert pdf_pages(printed) == [A4] * math.ceil(count / 4)
    texts = pdf_text(printed)
    for number, text in enumerate(texts):
        assert [name for name in names if name.replace(" ", "") in text] == names[4 * number:4 * number + 4], number


# -- the brochure ---------------------------------------------------------------------------------

def entry_words(page) -> list[tuple[str, str]]:
    """Each shown entry's product and its printed text (its body, white space removed)."""
    page.emulate_media(media="print")
    return page.eval_on_selector_all(".entry:not([hidden])", """nodes => nodes.map(n =>
        [n.dataset.product, n.querySelector('.entry-body').innerText.replace(/\\s+/g, '')])""")


def test_the_brochure_has_every_product_and_prints_none_across_two_pages(browser, example_output: Path,
                                                                        tmp_path: Path):
    html = (example_output / "brochure" / "index.html").read_text(encoding="utf-8")
    assert sorted(re.findall(r'<article class="entry" data-product="([^"]+)"', html)) == slugs(example_output)
    context, offline = new_offline_page(browser)
    try:
        page = offline.open(example_output / "en" / "brochure" / "index.html")
        entries = entry_words(page)
        areas = page.eval_on_selector_all(".brochure-area h2", "nodes => nodes.map(n => n.textContent.trim())")
        printed = pdf(page, tmp_path / "brochure.pdf")
        assert offline.problems() == []
    finally:
        context.close()
    sizes = pdf_pages(printed)
    texts = pdf_text(printed)
    assert set(sizes) == {A4}
    assert len(sizes) >= 2 + len(areas)  # a cover, the contents, then each area from a new page
    assert all(text.strip() for text in texts)  # no blank page
    for area in areas:
        assert any(text.startswith("".join(area.split())) for text in texts[2:]), area
    split = [slug for slug, words in entries if not any(words in text for text in texts)]
    assert len(entries) == len(slugs(example_output)) and split == []


def test_the_brochure_honours_the_catalogue_filter_hash(browser, example_output: Path, tmp_path: Path):
    html = (example_output / "brochure" / "index.html").read_text(encoding="utf-8")
    every = re.findall(r'data-product="([^"]+)" data-district="([^"]+)" data-group="[^"]+" data-stars="(\d)"',
                       html)
    wanted = sorted(slug for slug, district, stars in every if district == "kien-thuy" and stars in "45")
    assert 0 < len(wanted) < len(every)
    context, offline = new_offline_page(browser)
    try:
        page = offline.open(example_output / "brochure" / "index.html", "district=kien-thuy&stars=4,5")
        shown = sorted(slug for slug, _ in entry_words(page))
        toc = page.eval_on_selector_all(".brochure-toc li[data-area]:not([hidden]) > a",
                                        "nodes => nodes.map(n => n.textContent)")
        status = page.locator("[data-filtered] span").text_content()
        filtered = pdf(page, tmp_path / "filtered.pdf")
        page.evaluate("location.hash = 'q=' + encodeURIComponent('MẬT ONG')")
        honey = sorted(slug for slug, _ in entry_words(page))
        page.evaluate("location.hash = ''")
        everything = sorted(slug for slug, _ in entry_words(page))
        assert offline.problems() == []
    finally:
        context.close()
    assert shown == wanted
    assert toc == ["Kiến Thụy"]
    assert status == f"Đang lọc: {len(wanted)} trong {len(every)} sản phẩm."
    assert len(pdf_pages(filtered)) == 3  # cover, contents, one area
    keys = dict(re.findall(r'data-product="([^"]+)"[^>]* data-search="([^"]*)"', html))
    assert honey == sorted(slug for slug, key in keys.items() if "mat" in key and "ong" in key)
    assert 0 < len(honey) < len(everything) == len(every)


def test_without_javascript_the_brochure_shows_everything(browser, example_output: Path):
    context, offline = new_offline_page(browser, java_script_enabled=False)
    try:
        page = offline.open(example_output / "brochure" / "index.html", "district=kien-thuy")
        assert page.locator(".entry:visible").count() == len(slugs(example_output))
    finally:
        context.close()


def test_tall_entries_move_whole_to_the_next_page(browser, make_site, cli, tmp_path: Path):
    """Entries tall enough that page breaks must fall inside some of them unless the CSS keeps
    each whole; the same check on a copy printed with ``break-inside: auto`` finds the split."""
    story = "Sản phẩm được làm thủ công theo cách truyền thống của làng nghề. " * 9
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + f"base_url: {BASE_URL}\n", **{
        f"content/products/sp-{n}.md": product(f"Sản phẩm số {n}", extra=f"summary: {story}\n"
                                               "producer:\n  name: HTX Đại Hợp\n  phone: 0225 123 456\n")
        for n in range(12)}})
    assert cli("build", str(site))[0] == 0
    splits = []
    context, offline = new_offline_page(browser)
    try:
        for css in ("", "@media print { .entry { break-inside: auto !important; } }"):
            page = offline.open(site / "output" / "brochure" / "index.html")
            if css:
                page.add_style_tag(content=css)
            entries = entry_words(page)
            texts = pdf_text(pdf(page, tmp_path / "tall.pdf"))
            splits.append([slug for slug, words in entries if not any(words in text for text in texts)])
        assert offline.problems() == []
    finally:
        context.close()
    assert splits[0] == [] and splits[1] != []


def test_a_large_catalogue_prints_one_area_at_a_time(browser, make_site, cli, monkeypatch):
    """Above PRINT_SPLIT products the card sheet and the brochure are a page per area; the
    index pages list the areas, and a filter hash naming one area opens that area's page."""
    from ocop_site.render import printouts

    monkeypatch.setattr(printouts, "PRINT_SPLIT", 3)
    files = {f"content/products/kt-{i}.md": product(f"Mật ong {i}", stars=4 + i % 2) for i in range(3)}
    files.update({f"content/products/tt-{i}.md": product(f"Gạo {i}", district="thach-that") for i in range(2)})
    site = make_site(files)
    assert cli("build", str(site))[0] == 0
    out = site / "output"
    for lang in ("", "en/"):
        for kind in ("cards", "brochure"):
            index = (out / f"{lang}{kind}/index.html").read_text(encoding="utf-8")
            assert 'data-product="' not in index
            links = [posixpath.normpath(posixpath.join(f"{lang}{kind}", href))
                     for href in re.findall(r'href="([^"]+)" data-area', index)]
            assert links == [f"{lang}{kind}/kien-thuy/index.html", f"{lang}{kind}/thach-that/index.html"]
            for area, count in (("kien-thuy", 3), ("thach-that", 2)):
                page = (out / f"{lang}{kind}/{area}/index.html").read_text(encoding="utf-8")
                products = re.findall(r'data-product="([^"]+)"', page)
                assert len(products) == count and all(p.startswith(area[:1] + "t-") for p in products), products
    context, offline = new_offline_page(browser)
    try:
        page = offline.open(out / "brochure" / "index.html", "district=kien-thuy&stars=5")
        page.wait_for_url(re.compile(r"/brochure/kien-thuy/index\.html#district=kien-thuy&stars=5$"))
        page.wait_for_function("document.querySelectorAll('.entry:not([hidden])').length === 1")
        assert offline.problems() == []
    finally:
        context.close()
