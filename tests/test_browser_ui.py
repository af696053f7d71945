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
