"""The catalogue's layout and its filter aids in Debian's chromium, from file:// (issue 12).

The header's browse bar in the centred column with the current section marked,
the removable chips of the active filters, options that would give nothing
disabled, the phone's "show the results" button, filter lists that do not scroll
inside the panel, and the product page's facts before its other pictures and story on a
phone."""
from __future__ import annotations

import io
import re

import pytest
from browser import new_offline_page

from conftest import product


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


@pytest.mark.parametrize("width", [390, 1280])
def test_a_facet_pages_count_starts_no_line_with_its_separator(example_output, browser, width):
    """A facet value's heading, "Khu vực: Kiến Thụy · 4 sản phẩm": on a phone the count has a
    line of its own, with no "·" to start it; on a wide screen it follows the name, after one."""
    context, offline = new_offline_page(browser, viewport={"width": width, "height": 800})
    try:
        for path in ("district/kien-thuy/index.html", "en/group/thuc-pham/index.html"):
            found = offline.open(example_output / path).evaluate("""() => {
                const box = (s) => document.querySelector(s).getBoundingClientRect();
                const sep = document.querySelector('.facet-head .count-sep');
                return { name: box('.facet-head h1 .facet-label'), count: box('.facet-head h1 .count'),
                         sep: getComputedStyle(sep).display };
            }""")
            if width < 500:
                assert found["sep"] == "none" and found["count"]["top"] >= found["name"]["bottom"] - 1, found
            else:
                assert found["sep"] == "inline" and found["count"]["top"] < found["name"]["bottom"], found
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
    assert '<span class="stars stars-4" aria-hidden="true">★★★★☆</span> <a href="../../stars/4/index.html">4/5 sao</a>' in product
    english_product = (example_output / "en/products/mat-ong-dai-hop/index.html").read_text(encoding="utf-8")
    assert '★★★★☆</span> <a href="../../../en/stars/4/index.html">4/5 stars</a>' in english_product
    booth = (example_output / "products/mat-ong-dai-hop/card/index.html").read_text(encoding="utf-8")
    assert '★★★★☆</span> <strong>4/5 sao</strong>' in booth  # the printed card names the scale too
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
    for prefix, title, five in (("", "Hạng sao OCOP nghĩa là gì?", "chất lượng quốc gia, có thể xuất khẩu"),
                                ("en/", "What do OCOP stars mean?", "national quality, ready to export")):
        index = (example_output / prefix / "stars" / "index.html").read_text(encoding="utf-8")
        section = re.search(r'<section class="stars-scale" id="stars-meaning".*?</section>', index, re.S).group(0)
        assert title in section and five in section and "148/QĐ-TTg" in section
        assert [int(n) for n in re.findall(r'class="stars stars-(\d)"', section)] == [5, 4, 3]
        assert re.findall(r'</span> (\d/5) (?:sao|stars)</dt>', section) == ["5/5", "4/5", "3/5"]
        level = (example_output / prefix / "stars" / "4" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)+(en/)?stars/index.html#stars-meaning"', level)
        product = (example_output / prefix / "products" / "mat-ong-dai-hop" / "index.html").read_text(encoding="utf-8")
        assert re.search(r'href="(\.\./)+(en/)?stars/index.html#stars-meaning"', product)


# --- active filter chips, options that would give nothing, the phone's results button ---

CARDS = "[data-catalogue] .cards > li"


def box(facet: str, value: str) -> str:
    return f'[data-controls] input[name="{facet}"][value="{value}"]'


def chips(page) -> list[str]:
    """The accessible names of the chips, in order (only while the row is shown)."""
    return page.evaluate("""() => {
        const row = document.querySelector('[data-chips]');
        return row.hidden ? [] : Array.from(row.querySelectorAll('button'), (b) => b.textContent.replace('×', '').trim());
    }""")


def test_chips_follow_the_checkboxes_and_the_url_and_remove_their_filter(example_output, offline_page):
    page = offline_page.open(example_output / "index.html")
    assert chips(page) == [] and page.is_hidden("[data-chips]")
    page.check(box("stars", "4"))
    page.check(box("district", "kien-thuy"))
    assert chips(page) == ["Bỏ lọc: Kiến Thụy", "Bỏ lọc: 4 sao"]  # the form's order, not the clicks'
    assert page.get_by_role("button", name="Bỏ lọc: Kiến Thụy").is_visible()
    assert page.get_by_role("group", name="Bộ lọc đang chọn").is_visible()
    assert page.evaluate("location.hash") == "#district=kien-thuy&stars=4"
    page.get_by_role("button", name="Bỏ lọc: Kiến Thụy").click()
    assert not page.is_checked(box("district", "kien-thuy"))
    assert page.evaluate("location.hash") == "#stars=4"
    assert chips(page) == ["Bỏ lọc: 4 sao"]
    assert page.evaluate("document.activeElement.textContent").startswith("Bỏ lọc: 4 sao")  # focus stays in the row
    four = set(page.eval_on_selector_all(CARDS, "els => els.map(e => e.dataset.stars)"))
    assert four == {"4"}
    page.keyboard.press("Enter")  # the focused chip, by keyboard
    assert chips(page) == [] and page.evaluate("document.activeElement.id") == "catalogue-q"
    assert not page.is_checked(box("stars", "4"))
    page.go_back()  # back to #stars=4: the chip comes back with the checkbox
    assert chips(page) == ["Bỏ lọc: 4 sao"] and page.is_checked(box("stars", "4"))


def test_chips_open_from_a_link_in_english(example_output, offline_page):
    page = offline_page.open(example_output / "en" / "index.html", "group=thuc-pham,do-uong&stars=5")
    assert chips(page) == ["Remove filter: Food", "Remove filter: Drinks", "Remove filter: 5 stars"]
    page.get_by_role("button", name="Remove filter: 5 stars").click()
    assert page.evaluate("location.hash") == "#group=thuc-pham,do-uong"


def test_options_that_would_give_nothing_are_disabled_unless_checked(example_output, offline_page):
    page = offline_page.open(example_output / "index.html")
    assert page.eval_on_selector_all("[data-controls] input[type=checkbox]:disabled", "els => els.length") == 0
    page.check(box("district", "kien-thuy"))
    state = page.eval_on_selector_all("[data-controls] input[type=checkbox]", """els => els.map(e => [e.name, e.value,
        e.disabled, e.checked, Number(e.closest('label').querySelector('[data-count]').textContent)])""")
    zero = [(name, value) for name, value, disabled, checked, count in state if count == 0]
    assert ("group", "do-uong") in zero and ("stars", "4") not in zero
    assert all(disabled == (count == 0 and not checked) for _, _, disabled, checked, count in state)
    page.click(box("group", "do-uong"), force=True)  # a click on a disabled option does nothing
    assert not page.is_checked(box("group", "do-uong")) and page.evaluate("location.hash") == "#district=kien-thuy"
    # checked options that give nothing (a link to an empty view) stay enabled, to be unticked
    page = offline_page.open(example_output / "index.html", "district=kien-thuy&group=do-uong")
    assert page.is_visible("[data-empty]")
    assert page.is_enabled(box("group", "do-uong")) and page.is_enabled(box("district", "kien-thuy"))
    page.uncheck(box("group", "do-uong"))
    assert page.is_disabled(box("group", "do-uong"))


@pytest.mark.parametrize("lang,label", [("vi", "Xem {} sản phẩm"), ("en", "Show {} products")])
def test_phone_shows_a_results_button_while_the_filters_are_in_view(example_output, browser, lang, label):
    context, offline = new_offline_page(browser, viewport={"width": 390, "height": 844})
    try:
        page = offline.open(example_output / ("en/index.html" if lang == "en" else "index.html"))
        page.click("[data-filters] > summary")  # folded away on phones until opened
        page.check(box("stars", "4"))  # the first list: the results are far below
        count = len(page.query_selector_all(CARDS))
        button = page.locator("[data-show-results]")
        assert button.text_content() == label.format(count)
        top, bottom = page.evaluate("""() => { const r = document.querySelector('[data-show-results]')
            .getBoundingClientRect(); return [r.top, r.bottom]; }""")
        assert 0 <= top and bottom <= 844  # in view, though the results are below the fold
        assert page.evaluate("document.querySelector('#catalogue-title').getBoundingClientRect().top") > 844
        button.click()
        assert page.evaluate("document.activeElement.id") == "catalogue-title"
        assert 0 <= page.evaluate("document.querySelector('#catalogue-title').getBoundingClientRect().top") < 844
        assert not offline.problems()
    finally:
        context.close()


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_short_filter_lists_do_not_scroll_inside_the_panel(example_output, browser, lang):
    """At 1280 x 800 every filter list but the areas' (which may be long: it scrolls, with a
    shadow at the edge) shows all its options: no list scrolls inside the panel, none is clipped."""
    context, offline = new_offline_page(browser, viewport={"width": 1280, "height": 800})
    try:
        page = offline.open(example_output / ("en/index.html" if lang == "en" else "index.html"))
        assert page.evaluate("document.querySelector('[data-filters]').open")
        lists = page.evaluate("""() => [...document.querySelectorAll('[data-controls] .filter')].map(f => {
            const ul = f.querySelector('ul'), last = ul.lastElementChild.getBoundingClientRect();
            return { key: f.className, scroll: ul.scrollHeight, client: ul.clientHeight,
                     overflow: getComputedStyle(ul).overflowY,
                     clipped: last.bottom > ul.getBoundingClientRect().bottom + 0.5 }; })""")
        assert {entry["key"] for entry in lists} >= {"filter filter-stars", "filter filter-group"}
        for entry in lists:
            if entry["key"] != "filter filter-district":
                assert entry["scroll"] <= entry["client"] and not entry["clipped"], entry
                assert entry["overflow"] == "visible", entry
        assert not offline.problems()
    finally:
        context.close()


def test_desktop_has_no_results_button(example_output, offline_page):
    page = offline_page.open(example_output / "index.html")
    page.set_viewport_size({"width": 1280, "height": 800})
    assert page.is_hidden("[data-show-results]")


# --- product page -------------------------------------------------------------

def boxes(page) -> dict[str, dict[str, float] | list[dict[str, float]] | None]:
    """Where the product page's parts are: the cover, the facts and the facts a buyer needs
    (stars, producer or contact, price), the other pictures and the story."""
    return page.evaluate("""() => {
        const box = (el) => { if (!el) return null; const r = el.getBoundingClientRect();
                              return { top: r.top + scrollY, bottom: r.bottom + scrollY }; };
        const facts = document.querySelector('.facts');
        const dt = (text) => [...facts.querySelectorAll('dt')].find(d => d.textContent.trim() === text);
        return {
            head_stars: box(document.querySelector('.product-head .stars')),
            cover: box(document.querySelector('.gallery .cover')),
            facts: box(facts),
            stars: box(dt(document.documentElement.lang === 'vi' ? 'Hạng sao' : 'Star rating')),
            who: box(facts.querySelector('.producer') || facts.querySelector('.office-contact')),
            price: box(dt(document.documentElement.lang === 'vi' ? 'Giá' : 'Price')),
            thumbs: [...document.querySelectorAll('.gallery .thumb')].map(box),
            story: box(document.querySelector('.product-text')),
            story_end: box(document.querySelector('.product-text').lastElementChild),
        };
    }""")


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_on_a_phone_the_facts_come_after_the_cover_and_before_the_other_pictures_and_story(
        example_output, browser, lang):
    context, offline = new_offline_page(browser, viewport={"width": 390, "height": 844})
    try:
        prefix = "en/" if lang == "en" else ""
        for slug in ("mat-ong-dai-hop", "tra-hoa-vang"):  # the office to ask; a producer
            b = boxes(offline.open(example_output / f"{prefix}products/{slug}/index.html"))
            assert b["head_stars"]["bottom"] <= b["cover"]["top"] < b["cover"]["bottom"] <= b["facts"]["top"], b
            assert b["stars"] and b["who"], b
            assert max(b["stars"]["bottom"], b["who"]["bottom"]) <= b["facts"]["bottom"] <= b["story"]["top"], b
            assert b["thumbs"] and all(b["facts"]["bottom"] <= t["top"] and t["bottom"] <= b["story"]["top"]
                                       for t in b["thumbs"]), b
        assert not offline.problems()
    finally:
        context.close()


def _jpeg(colour: tuple[int, int, int]) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (800, 600), colour).save(buffer, "JPEG")
    return buffer.getvalue()


def test_price_and_producer_come_first_and_wide_screens_keep_the_pictures_together(make_site, cli, browser):
    """A product with a price, a producer to call, three pictures and a one-line story: on a
    phone the price and the producer come before the story; in two columns the facts, taller than
    the pictures and the story, stand beside them without opening a gap under the cover."""
    pictures = "images:\n  - a.jpg\n  - b.jpg\n  - c.jpg\n"
    site = make_site({
        "content/products/mat-ong/index.md": product("Mật ong", extra=(
            "commune: xã Đại Hợp\nproducer:\n  name: Hợp tác xã dịch vụ nông nghiệp và nuôi ong Đại Hợp\n"
            "  type: htx\n  phone: 0225 123 456\n  email: htx@example.vn\n  website: https://example.vn/\n"
            "  address: thôn Tân Hòa, xã Đại Hợp, huyện Kiến Thụy, thành phố Hải Phòng\n"
            "price: 250.000 ₫ / hũ 500 ml\ntags: [mật ong, đặc sản, quà biếu]\n"
            "certificate:\n  number: 123/QĐ-UBND\n  date: 2025-03-12\n  issuer: UBND huyện Kiến Thụy\n"
            + pictures), body="Một câu."),
        **{f"content/products/mat-ong/{name}.jpg": _jpeg(colour)
           for name, colour in (("a", (200, 150, 60)), ("b", (90, 120, 60)), ("c", (60, 90, 150)))},
    })
    code, _, err = cli("build", str(site))
    assert code == 0, err
    page_file = site / "output/products/mat-ong/index.html"
    context, offline = new_offline_page(browser, viewport={"width": 390, "height": 844})
    try:
        b = boxes(offline.open(page_file))
        assert b["price"] and b["who"] and b["price"]["bottom"] <= b["story"]["top"], b
        assert b["who"]["bottom"] <= b["story"]["top"] and b["facts"]["bottom"] <= b["thumbs"][0]["top"], b
        page = offline.page
        page.set_viewport_size({"width": 960, "height": 800})  # two columns from 56rem
        b = boxes(page)
        assert b["facts"]["bottom"] > b["story_end"]["bottom"] + 100, b  # the facts are the taller column
        assert 0 <= b["thumbs"][0]["top"] - b["cover"]["bottom"] <= 12, b  # no gap under the cover
        assert b["thumbs"][0]["bottom"] <= b["story"]["top"] <= b["thumbs"][0]["bottom"] + 40, b
        assert not offline.problems()
    finally:
        context.close()


# --- cards on a phone ---------------------------------------------------------

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_phone_cards_pictures_are_as_tall_as_their_text(example_output, browser, lang):
    """At 390 px a card is a picture beside its text: the picture fills the card's height however
    the name and the meta line wrap, so no blank strip shows under a thumbnail (the home page's
    cards come from the script, a facet page's from the HTML)."""
    context, offline = new_offline_page(browser, viewport={"width": 390, "height": 844})
    try:
        prefix = "en/" if lang == "en" else ""
        for path in ("index.html", "district/luc-nam/index.html"):
            page = offline.open(example_output / f"{prefix}{path}")
            page.evaluate("() => document.querySelectorAll('.card img').forEach(img => img.loading = 'eager')")
            page.wait_for_function("() => [...document.querySelectorAll('.card img')].every(img => img.complete)")
            cards = page.evaluate("""() => [...document.querySelectorAll('.card')].filter(c => c.offsetParent)
                .map(card => { const h = (s) => card.querySelector(s).getBoundingClientRect();
                    return { slug: card.dataset.product, card: card.getBoundingClientRect().height,
                             media: h('.card-media').height, img: h('.card-media img').height,
                             body: h('.card-body').height, left: h('.card-media').left,
                             text: h('.card-body').left }; })""")
            assert len(cards) >= 9, path
            heights = {round(c["body"]) for c in cards}
            assert len(heights) > 1, heights  # names of one and two lines: the case that matters
            for c in cards:
                assert c["left"] < c["text"], c  # side by side
                assert abs(c["img"] - c["body"]) <= 1 and abs(c["media"] - c["body"]) <= 1, (path, c)
        assert not offline.problems()
    finally:
        context.close()
