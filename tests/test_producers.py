"""Producer pages: one per producer that products name, in every language, listing its products."""
from __future__ import annotations

import posixpath
import unicodedata
from pathlib import Path

from html_tools import read_page

from conftest import product


def _producer(name: str, more: str = "") -> str:
    return f"producer:\n  name: {name}\n{more}"


def _site(make_site):
    nfd = unicodedata.normalize("NFD", "HTX Mật ong Đại Hợp")
    return make_site({
        "content/products/mat-ong/index.md": product("Mật ong Đại Hợp", extra=_producer(
            "HTX Mật ong Đại Hợp", "  type: htx\n  phone: '0225 000 000'\n")),
        "content/products/sap-ong/index.md": product("Sáp ong", group="thuc-pham",
                                                     extra=_producer(f"'{nfd}  '")),
        "content/products/phan-hoa/index.md": product("Phấn hoa", extra=_producer(
            "HTX Đại Hợp (mật ong)", "  slug: htx-mat-ong-dai-hop\n")),
        "content/products/gao/index.md": product("Gạo nếp", district="thach-that",
                                                 extra=_producer("Hộ kinh doanh Lê Văn A")),
        "content/products/gao-te/index.md": product("Gạo tẻ", district="thach-that",
                                                    extra=_producer("hộ kinh doanh lê văn a")),
        "content/products/nem/index.md": product("Nem chua"),
    })


def _links(page: Path) -> list[str]:
    return [value for attribute, value in read_page(page).links if attribute == "href"]


def _targets(page: Path) -> set[str]:
    """Where the page's links lead, as paths of files."""
    return {posixpath.normpath((page.parent / h).as_posix()) for h in _links(page) if not h.startswith("#")}


def _cards(page: Path) -> set[str]:
    """The products whose cards a listing shows."""
    return set(read_page(page).products)


def test_a_producer_page_lists_its_products_in_both_languages(make_site, cli):
    site = _site(make_site)
    code, _, err = cli("build", str(site))
    assert code == 0, err
    out = site / "output"
    for prefix in ("", "en/"):
        page = out / f"{prefix}producers/htx-mat-ong-dai-hop/index.html"
        html = page.read_text(encoding="utf-8")
        assert "<h1 lang=\"vi\">HTX Mật ong Đại Hợp</h1>" in html
        assert "0225 000 000" in html  # details from the product that gives them
        assert _cards(page) == {"mat-ong", "sap-ong", "phan-hoa"}
    # case differs: another producer, whose page's slug is taken, so it gets -2
    first = out / "producers/ho-kinh-doanh-le-van-a/index.html"
    second = out / "producers/ho-kinh-doanh-le-van-a-2/index.html"
    assert {len(_cards(first)), len(_cards(second))} == {1}
    assert _cards(first) | _cards(second) == {"gao", "gao-te"}
    assert not (out / "producers/nem").exists()


def test_the_index_lists_every_producer_and_product_pages_link_there(make_site, cli):
    site = _site(make_site)
    assert cli("build", str(site))[0] == 0
    out = site / "output"
    for prefix in ("", "en/"):
        index = out / f"{prefix}producers/index.html"
        targets = {t for t in _targets(index) if "producers/" in t and not t.endswith("producers/index.html")}
        assert targets == {(out / f"{prefix}producers/{s}/index.html").as_posix() for s in
                           ("htx-mat-ong-dai-hop", "ho-kinh-doanh-le-van-a", "ho-kinh-doanh-le-van-a-2")}
        for target in targets:
            assert Path(target).is_file()
        producers = out / f"{prefix}producers"
        assert {f"{producers}/htx-mat-ong-dai-hop/index.html", f"{producers}/index.html"} <= _targets(
            out / f"{prefix}products/sap-ong/index.html")  # its producer, and the footer's link
        assert [t for t in _targets(out / f"{prefix}products/nem/index.html") if "/producers/" in t] == [
            f"{producers}/index.html"]


def test_no_producer_no_pages_and_no_footer_link(make_site, cli):
    site = make_site({"content/products/nem/index.md": product("Nem chua")})
    assert cli("build", str(site))[0] == 0
    out = site / "output"
    assert not (out / "producers").exists()
    assert "producers/" not in (out / "index.html").read_text(encoding="utf-8")


def test_a_bad_producer_slug_is_an_error_at_its_line(make_site, cli):
    site = make_site({"content/products/nem/index.md": product("Nem chua", extra=_producer(
        "Hộ Lê", "  slug: Hộ Lê\n"))})
    code, _, err = cli("check", str(site))
    assert code == 1
    assert ("content/products/nem/index.md:8: error: producer.slug 'Hộ Lê' must be lowercase letters, "
            "digits and hyphens") in err


def test_a_page_cannot_take_the_producers_address(make_site, cli):
    site = make_site({"content/products/nem/index.md": product("Nem chua"),
                      "content/pages/producers.md": "---\ntitle: Nhà sản xuất\n---\nx\n"})
    code, _, err = cli("check", str(site))
    assert code == 1
    assert "page slug 'producers' is reserved" in err


def test_the_example_has_producer_pages_that_link_back(example_output: Path):
    index = example_output / "producers" / "index.html"
    assert index.is_file()
    pages = sorted(p for p in (example_output / "producers").glob("*/index.html"))
    assert len(pages) >= 3
    for page in pages:
        assert _cards(page)
        for slug in _cards(page):
            assert page.as_posix() in _targets(example_output / "products" / slug / "index.html")


def test_catalogue_json_lists_producers_and_validates(make_site, cli):
    import json

    from test_open_data import VALIDATOR

    site = _site(make_site)
    assert cli("build", str(site))[0] == 0
    document = json.loads((site / "output" / "catalogue.json").read_text(encoding="utf-8"))
    VALIDATOR.validate(document)
    producers = {p["slug"]: p for p in document["producers"]}
    assert producers["htx-mat-ong-dai-hop"]["products"] == ["mat-ong", "phan-hoa", "sap-ong"]
    assert producers["htx-mat-ong-dai-hop"]["name"] == "HTX Mật ong Đại Hợp"
    assert producers["htx-mat-ong-dai-hop"]["pages"]["en"]["path"] == "en/producers/htx-mat-ong-dai-hop/index.html"
    pages = {p["slug"]: p["producer_page"] for p in document["products"]}
    assert pages == {"mat-ong": "htx-mat-ong-dai-hop", "sap-ong": "htx-mat-ong-dai-hop",
                     "phan-hoa": "htx-mat-ong-dai-hop", "gao": pages["gao"], "gao-te": pages["gao-te"], "nem": None}
    assert {pages["gao"], pages["gao-te"]} == {"ho-kinh-doanh-le-van-a", "ho-kinh-doanh-le-van-a-2"}


def test_a_producer_named_like_a_windows_device_gets_a_page_windows_can_hold(make_site, cli):
    site = make_site({"content/products/nem/index.md": product("Nem chua", extra=_producer("Con"))})
    assert cli("build", str(site))[0] == 0
    assert (site / "output" / "producers" / "con-2" / "index.html").is_file()
    assert not (site / "output" / "producers" / "con").exists()
