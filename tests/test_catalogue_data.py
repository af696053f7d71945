"""The per-language catalogue data script and the home page that loads it."""
from __future__ import annotations

import json
import re
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

from conftest import REPO, product, today

from ocop_site.build import load_site
from ocop_site.render.catalogue_data import FIELDS
from ocop_site.render.paths import PAGE_SIZE as HOME_PAGE_SIZE

PREFIX = "window.ocopCatalogueData="


def load_data(path: Path) -> dict:
    text = path.read_text(encoding="utf-8")
    assert text.startswith(PREFIX) and text.endswith(";\n")
    return json.loads(text[len(PREFIX):-2])


def records(data: dict) -> list[dict]:
    """Product records as dicts, with trimmed trailing columns filled in."""
    return [dict(zip(data["fields"], [*row, *[""] * (len(data["fields"]) - len(row))]))
            for row in data["products"]]


class _Cards(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.slugs: list[str] = []
        self.scripts: list[str] = []
        self.names: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if "data-product" in found:
            self.slugs.append(found["data-product"] or "")
        if tag == "script" and found.get("src"):
            self.scripts.append(found["src"] or "")
        if tag == "input" and found.get("type") == "checkbox":
            self.names.add(found.get("name") or "")


def parse_page(path: Path) -> _Cards:
    parser = _Cards()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser


def test_each_language_gets_a_data_script_beside_its_home_page(example_output):
    vi, en = load_data(example_output / "catalogue-data.js"), load_data(example_output / "en" / "catalogue-data.js")
    assert (vi["lang"], en["lang"]) == ("vi", "en")
    assert vi["product_path"] == "products/{slug}/index.html"
    assert en["product_path"] == "en/products/{slug}/index.html"
    assert vi["fields"] == en["fields"] == list(FIELDS)
    home = parse_page(example_output / "index.html")
    assert home.scripts == ["catalogue-data.js", "static/catalogue.js"]
    assert parse_page(example_output / "en" / "index.html").scripts == ["../en/catalogue-data.js", "../static/catalogue.js"]


def test_data_lists_every_product_in_home_page_order(example_output):
    for home, data in ((example_output / "index.html", example_output / "catalogue-data.js"),
                       (example_output / "en" / "index.html", example_output / "en" / "catalogue-data.js")):
        slugs = [r["slug"] for r in records(load_data(data))]
        assert slugs == parse_page(home).slugs
        assert len(slugs) == len(list((REPO / "content" / "products").iterdir()))


def test_search_column_is_the_words_of_name_producer_commune_and_summary(example_output):
    site = load_site(example_output.parent, today()).site
    assert site is not None
    for lang, path in (("vi", "catalogue-data.js"), ("en", "en/catalogue-data.js")):
        rows = {r["slug"]: r for r in records(load_data(example_output / path))}
        for item in site.products:
            producer = item.producer.name or "" if item.producer else ""
            # a translated name is searched together with the Vietnamese one
            name = item.name(lang) if item.name(lang) == item.name("vi") else f"{item.name(lang)} {item.name('vi')}"
            texts = (name, producer, item.commune(lang), item.summary(lang))
            assert rows[item.slug]["search"] == "|".join(" ".join(re.split(r"[^\w]+|_", unicodedata.normalize(
                "NFC", text).lower())).strip() for text in texts)
    data = load_data(example_output / "catalogue-data.js")
    honey = next(r for r in records(data) if r["slug"] == "mat-ong-dai-hop")
    assert honey["name"] == "Mật ong Đại Hợp"
    assert honey["search"].startswith("mật ong đại hợp||xã đại hợp|mật ong khai thác")
    assert all(re.fullmatch(r"[\w |]*", r["search"]) and "  " not in r["search"] for r in records(data))
    district = data["districts"][honey["district"]]
    assert (district["key"], district["name"]) == ("kien-thuy", "Kiến Thụy")
    assert data["provinces"][district["province"]]["key"] == "hai-phong"
    assert data["groups"][honey["group"]]["key"] == "thuc-pham"


def test_english_data_has_english_text_and_marks_vietnamese_fallbacks(example_output):
    data = load_data(example_output / "en" / "catalogue-data.js")
    rows = {r["slug"]: r for r in records(data)}
    assert rows["mat-ong-dai-hop"]["name"] == "Dai Hop honey"
    assert rows["mat-ong-dai-hop"]["name_lang"] == ""
    untranslated = rows["banh-mat-thanh-lam"]  # has no index.en.md
    assert untranslated["name"] == "Bánh mật Thanh Lâm" and untranslated["name_lang"] == "vi"
    assert {d["name"] for d in data["districts"]} >= {"Kien Thuy", "Dong Van"}


def test_data_is_compact_and_holds_no_page_bodies(example_output):
    text = (example_output / "catalogue-data.js").read_text(encoding="utf-8")
    body = text[len(PREFIX):-2]
    assert body == json.dumps(json.loads(body), ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    assert "<p>" not in text and "\\u" not in text  # no HTML bodies; UTF-8, not escapes
    assert len(text.encode("utf-8")) < 16_000


def test_same_site_gives_the_same_data_bytes(make_site, cli, tmp_path):
    site = make_site({
        "content/products/mat-ong.md": product("Mật ong Đại Hợp", extra="commune: xã Đại Hợp\n"),
        "content/products/gao.md": product("Gạo ruộng rươi", district="thach-that", stars=3),
    })
    outputs = [tmp_path / "one", tmp_path / "two"]
    for output in outputs:
        assert cli("build", str(site), "--output", str(output))[0] == 0
    for name in ("catalogue-data.js", "en/catalogue-data.js"):
        assert (outputs[0] / name).read_bytes() == (outputs[1] / name).read_bytes()


def test_province_filter_appears_only_with_products_from_several_provinces(make_site, cli, tmp_path):
    one = make_site({"content/products/a.md": product("Mật ong"),
                     "content/products/b.md": product("Gạo", stars=3)}, name="one")
    two = make_site({"content/products/a.md": product("Mật ong"),
                     "content/products/b.md": product("Gạo", district="thach-that")}, name="two")
    for site, expected in ((one, {"district", "group", "stars"}),
                           (two, {"province", "district", "group", "stars"})):
        assert cli("build", str(site))[0] == 0
        assert parse_page(site / "output" / "index.html").names == expected


def test_large_catalogue_home_lists_the_first_page_and_links_to_facet_pages(make_site, cli):
    count = HOME_PAGE_SIZE + 5
    site = make_site({f"content/products/san-pham-{i:03}.md": product(f"Sản phẩm {i:03}", stars=3 + i % 3)
                      for i in range(count)})
    assert cli("build", str(site))[0] == 0
    html = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert len(parse_page(site / "output" / "index.html").slugs) == HOME_PAGE_SIZE
    assert f"{HOME_PAGE_SIZE} trong số {count} sản phẩm" in html
    assert re.search(r'data-first-page>.*href="district/index.html"', html, re.S)
    assert len(load_data(site / "output" / "catalogue-data.js")["products"]) == count


def test_catalogue_script_uses_no_network_apis_and_stays_small():
    script = (REPO / "themes" / "default" / "static" / "catalogue.js").read_text(encoding="utf-8")
    for api in ("fetch(", "XMLHttpRequest", "import(", "innerHTML", "http://", "https://"):
        assert api not in script
    assert len(script.encode("utf-8")) < 22_000  # word search, chips, results button: issue 12


def test_cover_srcsets_are_stored_as_a_pattern_and_shared_values_once(make_site, cli):
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 150, 40)).save(picture, "JPEG")
    site = make_site({
        "content/products/mat-ong/index.md": product("Mật ong", extra="images: [anh.jpg]\n"),
        "content/products/mat-ong/anh.jpg": picture.getvalue(),
        "content/products/gao.md": product("Gạo", stars=3),
    })
    assert cli("build", str(site))[0] == 0
    data = load_data(site / "output" / "catalogue-data.js")
    rows = {r["slug"]: r for r in records(data)}
    assert rows["gao"]["cover"] == ""  # no photo: the script uses the group's placeholder
    cover = rows["mat-ong"]["cover"]
    assert "{w}" in cover["srcset"] and "{w}" in cover["webp"]
    assert set(data["cover_defaults"]) == {"sizes", "w"}
    home = (site / "output" / "index.html").read_text(encoding="utf-8")
    assert data["cover_defaults"]["w"] == [400, 800, 1600]  # images.widths of site.yaml
    assert cover["w"] == [400, 800, 1200]  # a 1200-pixel picture is never enlarged
    for width in cover.get("w", data["cover_defaults"]["w"]):
        expanded = cover["srcset"].replace("{w}", str(width))
        assert f"{expanded} {width}w" in home and (site / "output" / expanded).is_file()


def test_srcset_is_shortened_only_when_the_script_can_rebuild_it_exactly():
    from ocop_site.render.catalogue_data import _pattern

    assert _pattern("images/ab-400.jpg 400w, images/ab-800.jpg 800w") == ("images/ab-{w}.jpg", [400, 800])
    assert _pattern("images/a400-400.jpg 400w, images/a400-800.jpg 800w") == ("images/a400-{w}.jpg", [400, 800])
    for kept in ("images/a.jpg 1x, images/b.jpg 2x", "a-400.jpg 400w, b-800.jpg 800w",
                 "a-400.jpg 400w,a-800.jpg 800w", "", "a-{w}.jpg 400w"):
        assert _pattern(kept) is None, kept
