"""Building the example catalogue and small sites, and inspecting the files."""
from __future__ import annotations

import hashlib
import re
import unicodedata
from pathlib import Path
from urllib.parse import unquote, urlsplit

import yaml

from conftest import REPO, product
from html_tools import read_page
from ocop_site.vntext import vi_sort_key

LANGS = ("vi", "en")
BASE_URL = "https://ocop-site.github.io/ocop-site/"
"""The example's base_url (site.yaml)."""


def _example_products() -> dict[str, dict]:
    """slug -> front matter of the example's Vietnamese product files."""
    found = {}
    for path in sorted((REPO / "content" / "products").glob("*/index.md")):
        front = path.read_text(encoding="utf-8").split("---")[1]
        data = yaml.safe_load(front)
        if not data.get("draft"):
            found[data.get("slug", path.parent.name)] = data
    return found


def _prefix(lang: str) -> str:
    return "" if lang == "vi" else f"{lang}/"


def test_every_page_exists_in_every_language(example_output: Path):
    products = _example_products()
    assert len(products) >= 20
    site = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))
    for lang in LANGS:
        root = example_output / _prefix(lang)
        assert (root / "index.html").is_file()
        for slug in products:
            assert (root / "products" / slug / "index.html").is_file(), (lang, slug)
        for facet in ("district", "group", "stars"):
            assert (root / facet / "index.html").is_file()
        for key in site["districts"]:
            assert (root / "district" / key / "index.html").is_file()
        for stars in ("3", "4", "5"):
            assert (root / "stars" / stars / "index.html").is_file()
        assert (root / "about" / "index.html").is_file()


def test_every_relative_link_resolves_to_a_file_and_nothing_loads_from_another_host(example_output: Path):
    # 404.html links from the site's path on its host: tests/test_share.py checks it
    pages = sorted(p for p in example_output.rglob("*.html") if p != example_output / "404.html")
    assert len(pages) > 70
    checked = 0
    for page in pages:
        parsed = read_page(page)
        for attr, link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme in ("http", "https"):
                assert attr == "href" and "rel=\"canonical\"" not in link, f"{page}: loads {link}"
                continue
            if parts.scheme in ("mailto", "tel") or link.startswith("#"):
                continue
            assert not parts.scheme and not link.startswith("/"), f"{page}: {link} is not relative"
            target = (page.parent / unquote(parts.path)).resolve()
            assert target.is_file(), f"{page.relative_to(example_output)}: broken link {link}"
            assert target.is_relative_to(example_output.resolve())
            checked += 1
    assert checked > 1000


def test_links_point_at_files_not_folders(example_output: Path):
    for page in example_output.rglob("*.html"):
        for attr, link in read_page(page).links:
            if attr == "href" and not urlsplit(link).scheme and not link.startswith("#"):
                assert not link.endswith("/"), f"{page}: {link} points at a folder"


def test_each_page_has_lang_title_description_and_alternates(example_output: Path):
    for lang in LANGS:
        for page in (example_output / _prefix(lang)).glob("products/*/index.html"):
            parsed = read_page(page)
            assert parsed.html_lang == lang
            assert parsed.title.strip()
            assert parsed.meta.get("description", "").strip()
            assert set(parsed.alternates) == {*LANGS, "x-default"}
            # with base_url, alternates are absolute: the site's address + the page's folder
            assert parsed.alternates[lang] == BASE_URL + page.parent.relative_to(example_output).as_posix() + "/"
            other = "en" if lang == "vi" else "vi"
            target = example_output / _prefix(other) / page.relative_to(example_output / _prefix(lang))
            assert parsed.alternates[other] == BASE_URL + target.parent.relative_to(example_output).as_posix() + "/"
            assert parsed.alternates["x-default"] == parsed.alternates["vi"]


def test_one_product_is_counted_in_the_singular(example_output: Path):
    """Star, group and producer indexes and a producer's page count "1 product", not "1 products"."""
    pages = sorted((example_output / "en").rglob("*.html"))
    assert not [p.relative_to(example_output).as_posix() for p in pages
                if re.search(r"(?<![\d.,])1 products", p.read_text(encoding="utf-8"))]
    assert "<span class=\"count\">1 product</span>" in (example_output / "en/stars/index.html").read_text(encoding="utf-8")
    assert ">1 product<" in (example_output / "en/producers/index.html").read_text(encoding="utf-8")


def test_facet_pages_list_exactly_the_right_products(example_output: Path):
    products = _example_products()
    for lang in LANGS:
        root = example_output / _prefix(lang)
        for facet, field in (("district", "district"), ("group", "group"), ("stars", "stars")):
            values = {str(p[field]) for p in products.values()}
            for value in values:
                listed = read_page(root / facet / value / "index.html").products
                expected = {slug for slug, p in products.items() if str(p[field]) == value}
                assert sorted(listed) == sorted(expected), (lang, facet, value)
                assert len(listed) == len(set(listed))
        home = read_page(root / "index.html").products
        assert sorted(home) == sorted(products)


def test_untranslated_product_falls_back_to_vietnamese_text_with_a_note(example_output: Path):
    untranslated = [p.parent.name for p in (REPO / "content" / "products").glob("*/index.md")
                    if not (p.parent / "index.en.md").exists()]
    assert len(untranslated) >= 2
    for slug in untranslated:
        page = example_output / "en" / "products" / slug / "index.html"
        html = page.read_text(encoding="utf-8")
        parsed = read_page(page)
        assert parsed.html_lang == "en"
        assert ("h1", "vi") in parsed.lang_elements
        assert "has not been translated yet" in html
        vi_name = _example_products()[slug]["name"]
        assert vi_name in parsed.title
    translated = example_output / "en" / "products" / "mat-ong-dai-hop" / "index.html"
    assert "has not been translated yet" not in translated.read_text(encoding="utf-8")


def test_lists_sort_in_vietnamese_alphabetical_order(example_output: Path):
    products = _example_products()
    listed = read_page(example_output / "index.html").products
    names = [products[slug]["name"] for slug in listed]
    assert names == sorted(names, key=vi_sort_key)
    # Đ sorts after D, not before A and not mixed with D
    d_positions = [i for i, n in enumerate(names) if n.startswith("D")]
    dj_positions = [i for i, n in enumerate(names) if n.startswith("Đ")]
    assert d_positions and dj_positions and max(d_positions) < min(dj_positions)


def test_output_is_byte_identical_across_builds(make_site, cli, tmp_path):
    site = make_site({"content/products/mat-ong/index.md": product("Mật ong Đại Hợp"),
                      "content/products/gao.md": product("Gạo ruộng rươi", stars=3)})
    assert cli("build", str(site), "--output", str(tmp_path / "a"))[0] == 0
    assert cli("build", str(site), "--output", str(tmp_path / "b"))[0] == 0

    def digest(root: Path) -> dict[str, str]:
        return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
                for p in sorted(root.rglob("*")) if p.is_file()}
    assert digest(tmp_path / "a") == digest(tmp_path / "b")


def test_decomposed_text_is_stored_composed(make_site, cli):
    nfd_name = unicodedata.normalize("NFD", "Mật ong Đại Hợp")
    site = make_site({"content/products/mat-ong-dai-hop/index.md": product(nfd_name)})
    assert cli("build", str(site))[0] == 0
    html = (site / "output" / "products" / "mat-ong-dai-hop" / "index.html").read_text(encoding="utf-8")
    assert "Mật ong Đại Hợp" in html
    assert unicodedata.is_normalized("NFC", html)


def test_slug_comes_from_folder_or_file_name_unless_front_matter_sets_it(make_site, cli):
    site = make_site({
        "content/products/Mật ong Đại Hợp/index.md": product("Mật ong"),
        "content/products/gao.md": product("Gạo"),
        "content/products/ca.md": product("Cá kho", extra="slug: ca-kho-lang-chai\n"),
    })
    assert cli("build", str(site))[0] == 0
    out = site / "output" / "products"
    assert sorted(p.name for p in out.iterdir()) == ["ca-kho-lang-chai", "gao", "mat-ong-dai-hop"]


def test_translation_overrides_only_translatable_fields(make_site, cli):
    site = make_site({
        "content/products/mat-ong/index.md": product(
            "Mật ong", extra="summary: Mật ong rừng.\ncommune: xã Đại Hợp\n", body="Thân bài."),
        "content/products/mat-ong/index.en.md": "---\nname: Honey\n---\nEnglish body.\n",
    })
    assert cli("build", str(site))[0] == 0
    en = (site / "output" / "en" / "products" / "mat-ong" / "index.html").read_text(encoding="utf-8")
    assert "<h1>Honey</h1>" in en and "English body." in en
    # summary and commune were not translated: shown in Vietnamese, marked so
    assert '<p class="lead" lang="vi">Mật ong rừng.</p>' in en
    assert '<span lang="vi">xã Đại Hợp</span>' in en
    assert "has not been translated yet" not in en


def test_drafts_are_left_out(make_site, cli):
    site = make_site({
        "content/products/a.md": product("Sản phẩm A"),
        "content/products/b.md": product("Sản phẩm B", extra="draft: true\n"),
    })
    assert cli("build", str(site))[0] == 0
    assert not (site / "output" / "products" / "b").exists()
    assert "data-product=\"b\"" not in (site / "output" / "index.html").read_text(encoding="utf-8")


def test_text_is_escaped(make_site, cli):
    site = make_site({"content/products/x.md": product(
        '"<script>alert(1)</script>"', body="<script>alert(2)</script> <b onclick=\"x()\">đậm</b>")})
    assert cli("build", str(site))[0] == 0
    html = (site / "output" / "products" / "x" / "index.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "onclick" not in html
    assert "&lt;script&gt;alert(1)" in html and "<b>đậm</b>" in html


def test_product_without_image_shows_the_group_placeholder(make_site, cli):
    site = make_site({"content/products/x.md": product("Trà", group="duoc-lieu")})
    assert cli("build", str(site))[0] == 0
    page = site / "output" / "products" / "x" / "index.html"
    srcs = [v for a, v in read_page(page).links if a == "src" and "placeholders" in v]
    assert srcs == ["../../static/placeholders/duoc-lieu.svg"]
    assert (page.parent / srcs[0]).resolve().is_file()


def test_certificate_validity_is_judged_at_build_time(make_site, cli):
    cert = "certificate:\n  number: '123/QĐ-UBND'\n  date: 2022-01-10\n"
    site = make_site({"content/products/x.md": product("Trà hoa vàng", extra=cert)})
    page = site / "output" / "products" / "x" / "index.html"
    code, _, err = cli("build", str(site), "--date", "2024-06-01")
    html = page.read_text(encoding="utf-8")
    assert code == 0 and "Còn hiệu lực" in html and "10 tháng 1, 2025" in html  # 36 months
    code, _, err = cli("build", str(site), "--date", "2025-01-11")
    assert code == 0 and "Đã hết hạn" in page.read_text(encoding="utf-8")
    assert "content/products/x.md:8: warning: certificate expired on 2025-01-10" in err


def test_a_certificate_in_its_last_six_months_is_marked_expiring_soon(make_site, cli):
    """The product page says what the statistics page says (Certificate.standing_on): valid, then
    expiring soon with its last day in its last six months, then expired."""
    cert = "certificate:\n  date: 2024-05-20\n"
    site = make_site({"content/products/x.md": product("Cá kho", extra=cert)})
    pages = {"vi": site / "output/products/x/index.html", "en": site / "output/en/products/x/index.html"}

    def status(day: str) -> dict[str, list[str]]:
        assert cli("build", str(site), "--date", day)[0] == 0
        return {lang: re.findall(r'<p class="cert-status ([a-z]+)">([^<]*)</p>', path.read_text(encoding="utf-8"))
                for lang, path in pages.items()}

    assert status("2026-11-19") == {"vi": [("valid", "Còn hiệu lực")], "en": [("valid", "Valid")]}
    expiring = {"vi": [("expiring", "Sắp hết hạn (20 tháng 5, 2027)")],
                "en": [("expiring", "Expiring soon (May 20, 2027)")]}
    assert status("2026-11-20") == expiring  # six months before its last day
    assert status("2027-05-20") == expiring  # its last day
    assert "hết hạn trong vòng 6 tháng" in pages["vi"].read_text(encoding="utf-8")
    assert status("2027-05-21") == {"vi": [("expired", "Đã hết hạn")], "en": [("expired", "Expired")]}


def test_site_can_override_a_template_and_a_static_file(make_site, cli):
    site = make_site({
        "content/products/x.md": product("Mật ong"),
        "themes/default/templates/partials/stars.html":
            '<p class="my-stars">{{ p.stars }} sao</p>\n',
        "themes/default/static/style.css": "body { color: red }\n",
    })
    assert cli("build", str(site))[0] == 0
    out = site / "output"
    assert '<p class="my-stars">4 sao</p>' in (out / "products" / "x" / "index.html").read_text(encoding="utf-8")
    assert (out / "static" / "style.css").read_text() == "body { color: red }\n"
    # everything not overridden falls back to the default theme, file by file
    assert (out / "static" / "placeholders" / "thuc-pham.svg").is_file()
    assert "site-header" in (out / "index.html").read_text(encoding="utf-8")


def test_site_can_override_ui_strings_key_by_key(make_site, cli):
    site = make_site({"content/products/x.md": product("Mật ong"),
                      "themes/default/i18n/en.yaml": "all_products: Everything we make\n"})
    assert cli("build", str(site))[0] == 0
    en = (site / "output" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Everything we make" in en and "Star rating" in en


def test_district_facet_can_be_relabelled_as_area(make_site, cli):
    from conftest import MINIMAL_SITE_YAML
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "district_label: {vi: Khu vực, en: Area}\n",
                      "content/products/x.md": product("Mật ong")})
    assert cli("build", str(site))[0] == 0
    assert "<h1>Area</h1>" in (site / "output" / "en" / "district" / "index.html").read_text(encoding="utf-8")


def test_free_pages_are_rendered_and_linked_from_the_footer(example_output: Path):
    about = example_output / "about" / "index.html"
    assert "minh hoạ" in about.read_text(encoding="utf-8")
    for lang in LANGS:
        home = example_output / _prefix(lang) / "index.html"
        links = {(home.parent / v).resolve() for a, v in read_page(home).links if a == "href"}
        assert (example_output / _prefix(lang) / "about" / "index.html").resolve() in links


def test_example_logo_goes_through_the_image_pipeline(example_output: Path):
    from PIL import Image

    with Image.open(example_output / "favicon.ico") as icon:
        assert {(16, 16), (32, 32), (48, 48)} <= set(icon.info["sizes"])
    assert Image.open(example_output / "apple-touch-icon.png").size == (180, 180)
    for lang in LANGS:
        home = example_output / _prefix(lang) / "index.html"
        html = home.read_text(encoding="utf-8")
        assert 'rel="apple-touch-icon"' in html and 'class="brand-mark"' in html
        icons = [v for a, v in read_page(home).links if v.endswith(("favicon.ico", "apple-touch-icon.png"))]
        assert len(icons) == 2
        assert all((home.parent / v).resolve().is_file() for v in icons)


def test_a_file_saved_with_old_mac_line_endings_builds(make_site, cli):
    site = make_site({"content/products/x.md": product("Mật ong", extra="summary: Ngon\n").replace("\n", "\r")})
    code, _, err = cli("build", str(site))
    assert code == 0, err
    assert "Ngon" in (site / "output" / "products" / "x" / "index.html").read_text(encoding="utf-8")


def test_line_and_paragraph_separators_cannot_break_the_data_script(make_site, cli):
    site = make_site({"content/products/x.md": product('"Mật\\u2028ong\\u2029Đại Hợp"')})
    assert cli("build", str(site))[0] == 0
    script = (site / "output" / "catalogue-data.js").read_text(encoding="utf-8")
    assert "\u2028" not in script and "\u2029" not in script
    assert "Mật\\u2028ong\\u2029Đại Hợp" in script
