"""Search engines and sharing: sitemap.xml, robots.txt, 404.html, canonical and hreflang links,
Open Graph and Twitter tags, schema.org JSON-LD, price_vnd, and a site without base_url."""
from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from typing import Iterator
from urllib.parse import unquote, urlsplit

import html5lib
import pytest
import yaml
from PIL import Image

from conftest import MINIMAL_SITE_YAML, REPO, product
from hosting import hosted
from html_tools import read_page

BASE_URL = "https://ocop-site.github.io/ocop-site/"
PRINTOUT = re.compile(r"(^|/)(cards|brochure)/index\.html$|/card/index\.html$")
"""Booth cards, the card sheet and the brochure: pages to print, not for search engines."""


def listed_pages(output: Path) -> list[Path]:
    """The pages the sitemap lists: every index.html but the printouts."""
    return sorted(p for p in output.rglob("index.html") if not PRINTOUT.search(p.relative_to(output).as_posix()))
"""The example's base_url (site.yaml)."""
SM = "{http://www.sitemaps.org/schemas/sitemap/0.9}"
XHTML = "{http://www.w3.org/1999/xhtml}"
LANGS = ("vi", "en")


class Head(HTMLParser):
    """What a page's head tells machines: meta properties and names (each a list), canonical,
    hreflang links and JSON-LD blocks."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.meta: dict[str, list[str]] = {}
        self.canonical: list[str] = []
        self.hreflang: dict[str, str] = {}
        self.json_ld: list[str] = []
        self._script: list[str] | None = None
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "meta" and ("property" in a or "name" in a):
            self.meta.setdefault(a.get("property") or a["name"], []).append(a.get("content", ""))
        elif tag == "link" and a.get("rel") == "canonical":
            self.canonical.append(a["href"])
        elif tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            assert a["hreflang"] not in self.hreflang
            self.hreflang[a["hreflang"]] = a["href"]
        elif tag == "script" and a.get("type") == "application/ld+json":
            self._script = []

    def handle_data(self, data: str) -> None:
        if self._script is not None:
            self._script.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "script" and self._script is not None:
            self.json_ld.append("".join(self._script))
            self._script = None

    def one(self, key: str) -> str:
        values = self.meta.get(key, [])
        assert len(values) == 1, (key, values)
        return values[0]


def head(path: Path) -> Head:
    return Head(path.read_text(encoding="utf-8"))


def public(path: Path, root: Path) -> str:
    """The absolute address of an output file, as the site gives it (a page's folder)."""
    rel = path.relative_to(root).as_posix()
    return BASE_URL + (rel[:-len("index.html")] if rel.endswith("index.html") else rel)


def output_file(url: str, root: Path) -> Path:
    """The output file an absolute address of the site stands for."""
    assert url.startswith(BASE_URL), url
    rel = unquote(url[len(BASE_URL):])
    return root / (rel + "index.html" if rel == "" or rel.endswith("/") else rel)


def _example_products() -> dict[str, dict]:
    found = {}
    for path in sorted((REPO / "content" / "products").glob("*/index.md")):
        data = yaml.safe_load(path.read_text(encoding="utf-8").split("---")[1])
        if not data.get("draft"):
            found[data.get("slug", path.parent.name)] = data
    return found


# -- sitemap.xml and robots.txt -----------------------------------------------------------------

def test_sitemap_lists_exactly_every_page_with_absolute_hreflang_alternates(example_output: Path):
    tree = ET.parse(example_output / "sitemap.xml")  # well-formed XML, or this raises
    assert tree.getroot().tag == f"{SM}urlset"
    urls = tree.getroot().findall(f"{SM}url")
    locs = [u.findtext(f"{SM}loc") for u in urls]
    pages = listed_pages(example_output)
    assert len(pages) > 70
    assert len(locs) == len(set(locs))
    assert set(locs) == {public(p, example_output) for p in pages}  # every page, nothing else
    assert not any("404" in loc for loc in locs)
    for url, loc in zip(urls, locs):
        links = url.findall(f"{XHTML}link")
        alternates = {link.get("hreflang"): link.get("href") for link in links}
        assert len(links) == 3 and set(alternates) == {"vi", "en", "x-default"}
        assert all(link.get("rel") == "alternate" for link in links)
        assert alternates["x-default"] == alternates["vi"]
        own = "en" if loc.startswith(BASE_URL + "en/") else "vi"
        assert alternates[own] == loc
        for href in alternates.values():
            assert href in locs and output_file(href, example_output).is_file()
        other = alternates["en" if own == "vi" else "vi"]
        assert (output_file(other, example_output).relative_to(example_output).as_posix().removeprefix("en/")
                == output_file(loc, example_output).relative_to(example_output).as_posix().removeprefix("en/"))


def test_robots_txt_points_at_the_sitemap(example_output: Path):
    lines = (example_output / "robots.txt").read_text(encoding="utf-8").splitlines()
    assert "User-agent: *" in lines
    assert [line for line in lines if line.startswith("Sitemap:")] == [f"Sitemap: {BASE_URL}sitemap.xml"]


def test_the_printouts_are_kept_from_search_engines(make_site, cli, monkeypatch):
    """The sitemap leaves out the printouts (booth cards, card sheets, brochures and, in a large
    catalogue, their lists of areas), which repeat the product pages for paper, and they carry
    robots noindex, as 404.html does; every other page is in the sitemap and may be indexed."""
    from ocop_site.render import printouts

    monkeypatch.setattr(printouts, "PRINT_SPLIT", 2)  # a card sheet and a brochure per area, and their lists
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + f"base_url: {BASE_URL}\n",
                      "content/products/mat-ong.md": product("Mật ong"),
                      "content/products/gao.md": product("Gạo", district="thach-that"),
                      "content/products/che.md": product("Chè")})
    assert cli("build", str(site))[0] == 0
    out = site / "output"
    listed = {output_file(loc.text or "", out) for loc in ET.parse(out / "sitemap.xml").getroot().iter(f"{SM}loc")}
    pages = set(out.rglob("*.html"))
    printed = {p for p in pages if re.search(r"(^|/)(cards|brochure)/|/card/index\.html$",
                                             p.relative_to(out).as_posix())}
    assert {out / "cards/index.html", out / "en/brochure/kien-thuy/index.html",
            out / "products/gao/card/index.html"} <= printed
    noindex = {p for p in pages if head(p).meta.get("robots") == ["noindex"]}
    assert noindex == printed | {out / "404.html"}
    assert listed == pages - noindex


def test_a_large_site_gets_a_sitemap_index(make_site, cli, monkeypatch):
    from ocop_site.outputs import sitemap

    monkeypatch.setattr(sitemap, "MAX_URLS", 10)
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "base_url: https://ocop.example.vn/\n",
                      **{f"content/products/sp-{i}.md": product(f"Sản phẩm {i}") for i in range(6)}})
    code, _, err = cli("build", str(site))
    assert code == 0, err
    out = site / "output"
    index = ET.parse(out / "sitemap.xml").getroot()
    assert index.tag == f"{SM}sitemapindex"
    parts = [s.findtext(f"{SM}loc") for s in index.findall(f"{SM}sitemap")]
    assert len(parts) > 1
    locs = []
    for part in parts:
        assert part.startswith("https://ocop.example.vn/sitemaps/")
        urls = ET.parse(out / part.removeprefix("https://ocop.example.vn/")).getroot().findall(f"{SM}url")
        assert 0 < len(urls) <= 10
        locs += [u.findtext(f"{SM}loc") for u in urls]
    assert len(locs) == len(set(locs)) == len(listed_pages(out))


# -- canonical, hreflang, Open Graph and Twitter tags ------------------------------------------

def test_every_page_has_canonical_open_graph_and_twitter_tags(example_output: Path):
    pages = sorted(example_output.rglob("*.html"))
    for page in pages:
        rel = page.relative_to(example_output).as_posix()
        h = head(page)
        lang = "en" if rel.startswith("en/") else "vi"
        for key in ("og:title", "og:description", "og:type", "og:site_name", "twitter:title",
                    "twitter:description"):
            assert h.one(key).strip(), (rel, key)
        assert h.one("og:locale") == {"vi": "vi_VN", "en": "en_US"}[lang]
        is_product = re.fullmatch(r"products/[^/]+/index\.html", rel.removeprefix("en/")) is not None
        assert h.one("og:type") == ("product" if is_product else "website"), rel
        # every page of the example has a picture to show: a cover, or the logo
        image = h.one("og:image")
        assert image.startswith(BASE_URL), rel
        with Image.open(output_file(image, example_output)) as picture:
            assert picture.size == (int(h.one("og:image:width")), int(h.one("og:image:height"))), rel
        assert h.one("twitter:image") == image
        assert h.one("twitter:card") in ("summary", "summary_large_image")
        if rel == "404.html":
            assert h.canonical == [] and "og:url" not in h.meta and h.hreflang == {}
            assert h.one("robots") == "noindex"
            continue
        assert h.meta["og:locale:alternate"] == [{"vi": "en_US", "en": "vi_VN"}[lang]]
        assert h.canonical == [public(page, example_output)], rel
        assert h.one("og:url") == h.canonical[0]
        assert set(h.hreflang) == {"vi", "en", "x-default"}
        assert h.hreflang[lang] == h.canonical[0] and h.hreflang["x-default"] == h.hreflang["vi"]
        assert all(output_file(href, example_output).is_file() for href in h.hreflang.values())


def test_a_product_shares_its_cover_at_its_real_size(example_output: Path):
    page = example_output / "products" / "mat-ong-dai-hop" / "index.html"
    h = head(page)
    assert h.one("og:title") == "Mật ong Đại Hợp"
    assert h.one("twitter:card") == "summary_large_image"
    figure = re.search(r'<figure class="cover">.*?<img src="([^"]+)"', page.read_text(encoding="utf-8"), re.S)
    assert Path(figure.group(1)).name.split("-")[0] == Path(h.one("og:image")).name.split("-")[0]
    assert h.one("og:image:alt") == "Hình vẽ minh hoạ một hũ mật ong trên nền tổ ong"
    # the home shows the logo: a small summary card, not a large picture
    assert head(example_output / "index.html").one("twitter:card") == "summary"


# -- JSON-LD -----------------------------------------------------------------------------------

def _json_ld(page: Path) -> list[dict]:
    return [json.loads(block) for block in head(page).json_ld]


def test_every_product_page_has_a_schema_org_product(example_output: Path):
    products = _example_products()
    for lang in LANGS:
        for slug, front in products.items():
            page = example_output / ("en" if lang == "en" else "") / "products" / slug / "index.html"
            [data] = _json_ld(page)
            assert data["@context"] == "https://schema.org" and data["@type"] == "Product"
            assert data["name"].strip() and data["description"].strip()
            assert data["url"] == head(page).canonical[0]
            assert data["image"] and all(output_file(i, example_output).is_file() for i in data["image"])
            assert data["countryOfOrigin"] == "VN"
            year = front.get("certificate", {}).get("date")
            word = "sao" if lang == "vi" else "stars"
            assert data["award"] == f"OCOP {front['stars']} {word}" + (f" ({year.year})" if year else "")
            properties = {p["propertyID"]: p for p in data["additionalProperty"]}
            assert all(p["@type"] == "PropertyValue" and p["name"] for p in properties.values())
            assert properties["ocop-stars"]["value"] == front["stars"]
            if year:
                assert properties["ocop-certificate-date"]["value"] == year.isoformat()
            producer = (front.get("producer") or {}).get("name")
            if producer:
                assert data["brand"] == {"@type": "Organization", "name": producer}
                assert data["manufacturer"]["@type"] == "Organization"
                assert data["manufacturer"]["name"] == producer
            else:
                assert "brand" not in data and "manufacturer" not in data
            assert "offers" not in data  # the example sets no price_vnd
            assert not {"aggregateRating", "review"} & set(data)


def test_the_home_has_a_website_and_its_organization(example_output: Path):
    for lang, home in (("vi", BASE_URL), ("en", BASE_URL + "en/")):
        [data] = _json_ld(example_output / ("en" if lang == "en" else "") / "index.html")
        website, organization = data["@graph"]
        assert website["@type"] == "WebSite" and website["url"] == home and website["inLanguage"] == lang
        assert website["name"] and website["description"]
        assert organization["@type"] == "Organization" and organization["url"] == BASE_URL
        assert website["publisher"] == {"@id": organization["@id"]}
        assert output_file(organization["logo"], example_output).is_file()
    assert _json_ld(example_output / "district" / "index.html") == []


HOSTILE = '</script><script>alert(1)</script><!-- & \u2028\u2029 </SCRIPT >'


def test_json_ld_cannot_be_closed_by_any_text(make_site, cli):
    """A name with </script>, <!--, & and line separators stays inside the JSON-LD as data."""
    name = json.dumps(HOSTILE)
    site = make_site({
        "site.yaml": MINIMAL_SITE_YAML + "base_url: https://ocop.example.vn/\n",
        "content/products/sp.md": product(name, extra=f"slug: sp\nsummary: {name}\nproducer:\n  name: {name}\n"),
    })
    code, _, err = cli("build", str(site))
    assert code == 0, err
    page = site / "output" / "products" / "sp" / "index.html"
    text = page.read_text(encoding="utf-8")
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', text, re.S).group(1)
    assert not re.search(r"[<>&\u2028\u2029]", block)
    # parsed as a browser does: one JSON-LD script, no other script, the name intact
    document = html5lib.parse(text, treebuilder="etree", namespaceHTMLElements=False)
    scripts = [s for s in document.iter("script")]
    assert [s.get("type") for s in scripts] == ["application/ld+json"]
    data = json.loads(scripts[0].text)
    assert data["name"] == HOSTILE and data["description"] == HOSTILE
    assert data["brand"]["name"] == HOSTILE
    assert Head(text).one("og:title") == HOSTILE


def test_a_certificate_known_by_its_year_gives_the_award_its_year(make_site, cli):
    site = make_site({"content/products/mat-ong.md": product("Mật ong", extra="certificate:\n  year: 2023\n")})
    code, _, err = cli("build", str(site))
    assert code == 0, err
    [data] = _json_ld(site / "output" / "products" / "mat-ong" / "index.html")
    assert data["award"] == "OCOP 4 sao (2023)"
    assert [p["propertyID"] for p in data["additionalProperty"]] == ["ocop-stars"]  # no date is made up
    [english] = _json_ld(site / "output" / "en" / "products" / "mat-ong" / "index.html")
    assert english["award"] == "OCOP 4 stars (2023)"


# -- price_vnd -------------------------------------------------------------------------------------

def test_price_vnd_gives_an_offer(make_site, cli):
    site = make_site({
        "site.yaml": MINIMAL_SITE_YAML + "base_url: https://ocop.example.vn/\n",
        "content/products/mat-ong.md": product("Mật ong", extra="price: 250.000 ₫ / hũ\nprice_vnd: 250000\n"),
        "content/products/gao.md": product("Gạo", extra="price: liên hệ\n"),
    })
    code, _, err = cli("build", str(site))
    assert code == 0, err
    [data] = _json_ld(site / "output" / "products" / "mat-ong" / "index.html")
    assert data["offers"] == {"@type": "Offer", "price": 250000, "priceCurrency": "VND",
                              "url": "https://ocop.example.vn/products/mat-ong/"}
    assert "250.000 ₫ / hũ" in read_page(site / "output" / "products" / "mat-ong" / "index.html").text
    [english] = _json_ld(site / "output" / "en" / "products" / "mat-ong" / "index.html")
    assert english["offers"]["url"] == "https://ocop.example.vn/en/products/mat-ong/"
    [gao] = _json_ld(site / "output" / "products" / "gao" / "index.html")
    assert "offers" not in gao


@pytest.mark.parametrize("value", ["250.000", "'250000'", "true", "0", "-5", "2.5e5", "[250000]"])
def test_price_vnd_must_be_a_positive_whole_number(make_site, cli, value):
    site = make_site({"content/products/x.md": product("X", extra=f"price_vnd: {value}\n")})
    code, _, err = cli("check", str(site))
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == 1 and errors[0].startswith("content/products/x.md:6: error: price_vnd must be a whole "
                                                     "number of đồng greater than 0"), err


def test_price_vnd_cannot_differ_in_a_translation(make_site, cli):
    site = make_site({"content/products/x.md": product("X", extra="price_vnd: 100000\n"),
                      "content/products/x.en.md": "---\nname: X\nprice_vnd: 5\n---\n"})
    code, _, err = cli("check", str(site))
    assert code == 1 and "content/products/x.en.md:3: error: 'price_vnd' cannot differ in a translation" in err


# -- without base_url --------------------------------------------------------------------------

@pytest.mark.parametrize("setting", ["", "base_url:\n"])
def test_without_base_url_one_warning_says_what_is_left_out(make_site, cli, setting):
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + setting,"content/products/x/index.md": product("X", extra="summary: Một câu.\n"),
                      "content/products/x/index.en.md": "---\nname: X en\n---\n"})
    expected = ("site.yaml: warning: base_url is not set: sitemap.xml, QR codes and absolute share links are "
                "left out (set it to the address the site is published at, such as https://example.org/ocop/)")
    for command in ("check", "build"):
        code, _, err = cli(command, str(site))
        assert code == 0, err
        assert [line for line in err.splitlines() if "warning" in line and "no images" not in line] == [expected]
    out = site / "output"
    assert not (out / "sitemap.xml").exists()
    assert "Sitemap" not in (out / "robots.txt").read_text()
    page = out / "products" / "x" / "index.html"
    h = head(page)
    assert h.canonical == [] and "og:url" not in h.meta and "og:image" not in h.meta
    assert h.one("twitter:card") == "summary" and h.one("og:title") == "X"
    assert h.hreflang == {"vi": "../../products/x/index.html", "en": "../../en/products/x/index.html",
                          "x-default": "../../products/x/index.html"}
    [data] = _json_ld(page)
    assert data["url"] == "../../products/x/index.html" and data["@id"] == data["url"] + "#product"
    assert all((page.parent / image).is_file() for image in data["image"])  # the placeholder, relative
    # 404.html: links relative to the output root, right when the site is at the top of its host
    links = [link for _, link in read_page(out / "404.html").links if not link.startswith(("#", "http"))]
    assert links and all((out / link).is_file() for link in links)


def test_base_url_is_normalised(make_site, cli):
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "base_url: https://OCOP.example.vn/danh-muc\n",
                      "content/products/x.md": product("X")})
    code, _, err = cli("build", str(site))
    assert code == 0 and "base_url" not in err, err
    assert head(site / "output" / "products" / "x" / "index.html").canonical == [
        "https://ocop.example.vn/danh-muc/products/x/"]
    assert 'href="/danh-muc/static/style.css"' in (site / "output" / "404.html").read_text()


@pytest.mark.parametrize("value", ["ftp://ocop.example.vn/", "https://", "https://x.vn/?a=1", "https://x.vn/#top",
                                   "https://x.vn/a b/", "'/ocop/'", "https://[::1"])
def test_base_url_must_be_an_absolute_web_address(make_site, cli, value):
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + f"base_url: {value}\n"})
    code, _, err = cli("check", str(site))
    line = MINIMAL_SITE_YAML.count("\n") + 1
    assert code == 1 and f"site.yaml:{line}: error: base_url: expected the address the site is published at" in err


# -- 404.html ----------------------------------------------------------------------------------

def test_404_links_work_from_any_depth(example_output: Path):
    """Root-relative links from base_url's path: each names a file of the output."""
    links = [link for _, link in read_page(example_output / "404.html").links if not link.startswith("#")]
    assert len(links) > 10
    for link in links:
        assert link.startswith("/ocop-site/"), link
        assert (example_output / unquote(link.removeprefix("/ocop-site/"))).is_file(), link


@pytest.fixture
def site_host(example_output: Path, tmp_path: Path) -> Iterator[str]:
    """The example output at http://127.0.0.1:<port>/ocop-site/, as GitHub Pages would serve it."""
    with hosted(example_output, tmp_path / "host") as url:
        yield url


def test_404_served_deep_in_the_site_loads_its_style_and_links(browser, site_host: str):
    context = browser.new_context()
    failed: list[str] = []
    try:
        page = context.new_page()
        page.on("response", lambda r: failed.append(r.url) if r.status >= 400 and "no/such" not in r.url else None)
        page.on("requestfailed", lambda r: failed.append(r.url))
        response = page.goto(site_host + "products/no/such/page/")
        assert response.status == 404
        assert page.locator("h1").inner_text() == "Không tìm thấy trang"
        page.wait_for_load_state("load")
        assert failed == []
        # the stylesheet applied: the skip link is moved off screen by style.css
        assert page.evaluate("getComputedStyle(document.querySelector('.skip-link')).position") == "absolute"
        hrefs = page.eval_on_selector_all("a[href]:not([href^='#'])", "els => els.map(e => e.href)")
        assert site_host + "index.html" in hrefs and site_host + "en/index.html" in hrefs
        for href in hrefs:
            assert urlsplit(href).path.startswith("/ocop-site/")
            assert context.request.get(href).status == 200, href
    finally:
        context.close()
