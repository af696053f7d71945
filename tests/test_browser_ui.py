"""The catalogue's layout and its filter aids in Debian's chromium, from file:// (issue 12).

The header's browse bar in the centred column with the current section marked,
the removable chips of the active filters, options that would give nothing
disabled, and the phone's "show the results" button."""
from __future__ import annotations

import re

import pytest
from browser import new_offline_page


def header_edges(page) -> dict[str, float]:
    return page.evaluate("""() => {
        const left = (s) => document.querySelector(s).getBoundingClientRect().left;
        const text = document.querySelector('.facet-nav a');
        const pad = parseFloat(getComputedStyle(text).paddingLeft);
        return { brand: left('.brand'), main: left('main h1'), nav: text.getBoundingClientRect().left + pad };
    }""")


@pytest.mark.parametrize("width", [1280, 1920, 390])
def test_browse_bar_lines_up_with_the_centred_column(example_output, browser, width):
    context, offline = new_offline_page(browser, viewport={"width": width, "height": 800})
    try:
        for path in ("index.html", "district/kien-thuy/index.html", "en/stars/index.html"):
            edges = header_edges(offline.open(example_output / path))
            assert abs(edges["nav"] - edges["brand"]) <= 1 and abs(edges["brand"] - edges["main"]) <= 1, (path, edges)
            if width > 1200:
                assert edges["brand"] > 50, edges  # centred, not against the window's edge
        assert not offline.problems()
    finally:
        context.close()


def current(html: str) -> list[tuple[str, str]]:
    """(link text, aria-current) of the browse bar's marked links."""
    nav = re.search(r'<nav class="facet-nav".*?</nav>', html, re.S).group(0)
    return re.findall(r'aria-current="(\w+)">([^<]+)<', nav)


def test_browse_bar_marks_the_current_section(example_output):
    def page(path: str) -> list[tuple[str, str]]:
        return current((example_output / path).read_text(encoding="utf-8"))
    assert page("index.html") == [("page", "Tất cả sản phẩm")]
    assert page("district/index.html") == [("page", "Khu vực")]
    assert page("district/kien-thuy/index.html") == [("true", "Khu vực")]
    assert page("group/thuc-pham/index.html") == [("true", "Nhóm sản phẩm")]
    assert page("stars/index.html") == [("page", "Hạng sao")]
    assert page("en/stars/4/index.html") == [("true", "Star rating")]
    assert page("products/mat-ong-dai-hop/index.html") == []


# --- stars --------------------------------------------------------------------

def stars_badges(html: str) -> list[tuple[str, str]]:
    """(shown glyphs, text alternative) of each star badge."""
    return re.findall(r'<p class="stars stars-\d"><span aria-hidden="true">([★☆]+)</span>'
                      r'<span class="visually-hidden">([^<]+)</span></p>', html)


def test_stars_show_the_five_star_scale_with_a_text_alternative(example_output):
    product = (example_output / "products" / "mat-ong-dai-hop" / "index.html").read_text(encoding="utf-8")
    assert stars_badges(product) == [("★★★★☆", "OCOP 4/5 sao")]
    assert '<span class="stars stars-4" aria-hidden="true">★★★★☆</span> <a href="../../stars/4/index.html">4 sao</a>' in product
    english = (example_output / "en" / "stars" / "3" / "index.html").read_text(encoding="utf-8")
    assert set(stars_badges(english)) == {("★★★☆☆", "OCOP 3 of 5 stars")}
    home = (example_output / "index.html").read_text(encoding="utf-8")
    assert {alt for _, alt in stars_badges(home)} == {"OCOP 3/5 sao", "OCOP 4/5 sao", "OCOP 5/5 sao"}
    assert all(len(glyphs) == 5 for glyphs, _ in stars_badges(home))


def test_script_cards_show_the_scale_too(example_output, offline_page):
    page = offline_page.open(example_output / "en" / "index.html")
    badge = page.evaluate("() => { const li = window.ocopCatalogue.card('mat-ong-dai-hop', false);"
                          " return [li.querySelector('.stars [aria-hidden]').textContent,"
                          " li.querySelector('.stars .visually-hidden').textContent]; }")
    assert badge == ["★★★★☆", "OCOP 4 of 5 stars"]


def test_star_index_explains_the_levels_and_star_pages_link_to_it(example_output):
    for prefix, title, five in (("", "Hạng sao OCOP nghĩa là gì?", "có thể cạnh tranh quốc tế"),
                                ("en/", "What do OCOP stars mean?", "can compete internationally")):
        index = (example_output / prefix / "stars" / "index.html").read_text(encoding="utf-8")
        section = re.search(r'<section class="stars-scale" id="stars-meaning".*?</section>', index, re.S).group(0)
        assert title in section and five in section and "148/QĐ-TTg" in section
        assert [int(n) for n in re.findall(r'class="stars stars-(\d)"', section)] == [5, 4, 3]
        level = (example_output / prefix / "stars" / "4" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)+(en/)?stars/index.html#stars-meaning"', level)
        product = (example_output / prefix / "products" / "mat-ong-dai-hop" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)+(en/)?stars/index.html#stars-meaning"', product)
