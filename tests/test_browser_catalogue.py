"""The home page's filters and search, in Debian's chromium, opened from file://.

Every page is opened offline (``browser.offline_page``: any non-file request
or console error fails the test). Expected product lists come from the static
facet pages' ``data-product`` attributes and from the data script, read with
Python, never from the script under test.
"""
from __future__ import annotations

import json
import unicodedata
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from browser import new_offline_page
from conftest import REPO, product, today
from search_rule import matches

from ocop_site.build import load_site
from ocop_site.vntext import fold, vi_sort_key

FACETS = ("district", "group", "stars")
CARDS = "[data-catalogue] .cards > li"
NFD = lambda text: unicodedata.normalize("NFD", text)  # noqa: E731


def strings(lang: str) -> dict[str, str]:
    return yaml.safe_load((REPO / "themes" / "default" / "i18n" / f"{lang}.yaml").read_text(encoding="utf-8"))


class _Cards(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.slugs: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        slug = dict(attrs).get("data-product")
        if slug:
            self.slugs.append(slug)


def cards_on(path: Path) -> list[str]:
    parser = _Cards()
    parser.feed(path.read_text(encoding="utf-8"))
    return parser.slugs


def static_lists(root: Path) -> dict[tuple[str, str], list[str]]:
    """(facet, value) -> the products its static page lists, in page order."""
    return {(facet, folder.name): cards_on(folder / "index.html")
            for facet in FACETS for folder in sorted((root / facet).iterdir()) if folder.is_dir()}


def data_records(path: Path) -> list[dict]:
    text = path.read_text(encoding="utf-8")
    data = json.loads(text[text.index("=") + 1:-2])
    rows = [dict(zip(data["fields"], row)) for row in data["products"]]
    for row in rows:
        row["district_name"] = data["districts"][row["district"]]["name"]
        row["district_key"] = data["districts"][row["district"]]["key"]
    return rows


def searchable(site_dir: Path, lang: str) -> dict[str, tuple[str, ...]]:
    """slug -> (name, producer, commune, summary, district, Vietnamese name) in one
    language, from the content."""
    site = load_site(site_dir, today()).site
    assert site is not None
    return {p.slug: (p.name(lang), p.producer.name or "" if p.producer else "", p.commune(lang),
                     p.summary(lang), site.config.districts[p.district].name(lang), p.name("vi"))
            for p in site.products}


def search_oracle(texts: dict[str, tuple[str, ...]], query: str) -> set[str]:
    """Products whose fields match every word of the query (the Python twin, search_rule.py)."""
    return {slug for slug, fields in texts.items() if matches(query, *fields)}


def provinces_of_districts() -> dict[str, str]:
    config = yaml.safe_load((REPO / "site.yaml").read_text(encoding="utf-8"))
    return {key: value["province"] for key, value in config["districts"].items()}


def shown(page) -> list[str]:
    return page.eval_on_selector_all(CARDS, "els => els.map(e => e.dataset.product)")


def in_order(order: list[str], keep: set[str]) -> list[str]:
    return [slug for slug in order if slug in keep]


def box(facet: str, value: str) -> str:
    return f'[data-controls] input[name="{facet}"][value="{value}"]'


# --- the folding rule -------------------------------------------------------

def test_javascript_fold_gives_the_shared_table_answers(example_output, offline_page):
    cases = json.loads((Path(__file__).parent / "fold_cases.json").read_text(encoding="utf-8"))
    page = offline_page.open(example_output / "index.html")
    folded = page.evaluate("cases => cases.map(c => window.ocopCatalogue.fold(c.input))", cases)
    assert folded == [case["folded"] for case in cases]


def test_javascript_search_rule_gives_the_shared_table_answers(example_output, offline_page):
    cases = json.loads((Path(__file__).parent / "search_cases.json").read_text(encoding="utf-8"))
    page = offline_page.open(example_output / "index.html")
    answers = page.evaluate("cases => cases.map(c => window.ocopCatalogue.matches(c.query, c.text))", cases)
    assert {c["query"] + " in " + c["text"]: a for c, a in zip(cases, answers)} == \
        {c["query"] + " in " + c["text"]: c["match"] for c in cases}


def test_search_matches_words_not_their_insides(example_output, offline_page):
    """Issue 12: trà found thị trấn and trải nghiệm; mat ong found "mật mía … Phương"."""
    rows = searchable(example_output.parent, "vi")
    page = offline_page.open(example_output / "index.html")
    cases = {
        "trà": {"tra-hoa-vang", "tra-hoa-vang-dong-trung-tui-loc"},
        "tra": {"tra-hoa-vang", "tra-hoa-vang-dong-trung-tui-loc", "kho-ca-chot", "du-lich-lang-nghe-thach-that"},
        "mat ong": {"mat-ong-bac-ha-dong-van", "mat-ong-dai-hop", "mat-ong-dong-trung-ha-thao"},
    }
    for query, expected in cases.items():
        page.fill("#catalogue-q", query)
        assert set(shown(page)) == search_oracle(rows, query) == expected, query
    for typed in ("t", "tr", "trà", "tràn"):  # tràn: no such word, nothing found
        page.fill("#catalogue-q", typed)
        assert set(shown(page)) == search_oracle(rows, typed), typed


# --- filters ----------------------------------------------------------------

@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_filter_value_shows_exactly_its_static_page_products(example_output, offline_page, lang):
    root = example_output if lang == "vi" else example_output / "en"
    lists = static_lists(root)
    page = offline_page.open(root / "index.html")
    everything = cards_on(root / "index.html")
    assert shown(page) == everything
    for (facet, value), expected in lists.items():
        page.check(box(facet, value))
        assert shown(page) == expected, (facet, value)
        assert page.evaluate("location.hash") == f"#{facet}={value}"
        page.uncheck(box(facet, value))
    assert shown(page) == everything


def test_filters_combine_or_within_a_facet_and_and_across_facets(example_output, offline_page):
    lists = static_lists(example_output)
    order = cards_on(example_output / "index.html")
    page = offline_page.open(example_output / "index.html")
    combos = [
        [("district", "luc-nam"), ("group", "duoc-lieu")],
        [("district", "kien-thuy"), ("district", "luc-nam"), ("stars", "4")],
        [("stars", "3"), ("stars", "4"), ("group", "thuc-pham"), ("district", "tan-hung")],
        [("group", "thu-cong-my-nghe"), ("group", "do-uong"), ("stars", "3")],
    ]
    for combo in combos:
        expected = set(order)
        for facet in FACETS:
            values = [v for f, v in combo if f == facet]
            if values:
                expected &= set().union(*(lists[(facet, v)] for v in values))
        for facet, value in combo:
            page.check(box(facet, value))
        assert shown(page) == in_order(order, expected), combo
        assert expected, combo
        page.click("[data-controls] [data-clear]")
        assert shown(page) == order


def test_option_counts_show_results_under_the_other_facets(example_output, offline_page):
    lists = static_lists(example_output)
    order = cards_on(example_output / "index.html")
    page = offline_page.open(example_output / "index.html", "district=luc-nam&stars=3")
    counts = page.eval_on_selector_all(
        "[data-controls] input[type=checkbox]",
        "els => els.map(i => [i.name, i.value, i.closest('label').querySelector('[data-count]').textContent])")
    chosen = {"district": {"luc-nam"}, "stars": {"3"}}

    def matching(facet: str) -> set[str]:
        found = set(order)
        for other, values in chosen.items():
            if other != facet:
                found &= set().union(*(lists[(other, v)] for v in values))
        return found

    provinces = provinces_of_districts()
    for facet, value, count in counts:
        if facet == "province":
            expected = set().union(*(lists[("district", d)] for d, p in provinces.items() if p == value))
            expected &= matching("district") & set().union(*(lists[("district", v)] for v in chosen["district"]))
        else:
            expected = set(lists[(facet, value)]) & matching(facet)
        assert int(count) == len(expected), (facet, value)
    assert page.text_content("[data-result-count]") == f"{len(shown(page))} / {len(order)} sản phẩm"


def test_province_filter_shows_the_products_of_its_districts(example_output, offline_page):
    lists = static_lists(example_output)
    order = cards_on(example_output / "index.html")
    page = offline_page.open(example_output / "index.html")
    provinces = provinces_of_districts()
    for province in sorted(set(provinces.values())):
        page.check(box("province", province))
        expected = set().union(*(lists[("district", d)] for d, p in provinces.items() if p == province))
        assert shown(page) == in_order(order, expected)
        page.uncheck(box("province", province))


# --- search -----------------------------------------------------------------

def test_search_ignores_case_diacritics_and_normal_form(example_output, offline_page):
    rows = searchable(example_output.parent, "vi")
    page = offline_page.open(example_output / "index.html")
    honey = search_oracle(rows, "mat ong")
    assert "mat-ong-dai-hop" in honey
    for query in ("mat ong", "MẬT ONG", "mật ong", NFD("mật ong"), NFD("MẬT ONG")):
        page.fill("#catalogue-q", query)
        assert set(shown(page)) == honey, query
    cordyceps = search_oracle(rows, "dong trung")
    assert {"dong-trung-ha-thao-kho", "ruou-dong-trung-ha-thao", "mat-ong-dong-trung-ha-thao",
            "nam-dong-trung-ha-thao-truong-sinh", "tra-hoa-vang-dong-trung-tui-loc"} <= cordyceps
    for query in ("dong trung", "đông trùng", NFD("ĐÔNG TRÙNG")):
        page.fill("#catalogue-q", query)
        assert set(shown(page)) == cordyceps, query
    page.fill("#catalogue-q", "dai hop")
    assert shown(page)[0] == "mat-ong-dai-hop"
    assert set(shown(page)) == search_oracle(rows, "dai hop")


def test_search_matches_producer_commune_district_and_summary(example_output, offline_page):
    rows = searchable(example_output.parent, "vi")
    page = offline_page.open(example_output / "index.html")
    honey = rows["mat-ong-dai-hop"]
    banh = rows["banh-mat-thanh-lam"]
    for query in (banh[1], "xa dai hop", "kien thuy", fold(honey[3]).split(",")[0]):
        page.fill("#catalogue-q", query)
        assert set(shown(page)) == search_oracle(rows, query) != set(), query


def test_results_update_as_you_type_and_combine_with_filters(example_output, offline_page):
    rows = searchable(example_output.parent, "vi")
    lists = static_lists(example_output)
    page = offline_page.open(example_output / "index.html")
    page.focus("#catalogue-q")
    for typed in ("m", "ma", "mat", "mat ", "mat o", "mat on", "mat ong"):
        page.keyboard.type(typed[-1])
        assert set(shown(page)) == search_oracle(rows, typed), typed
    page.check(box("district", "luc-nam"))
    expected = search_oracle(rows, "mat ong") & set(lists[("district", "luc-nam")])
    assert set(shown(page)) == expected == {"mat-ong-dong-trung-ha-thao"}
    assert page.evaluate("location.hash") == "#district=luc-nam&q=mat%20ong"


def test_toned_query_lists_exact_tone_matches_first_and_names_before_summaries(make_site, cli, offline_page):
    site = make_site({
        "content/products/mat-na-nghe.md": product("Mặt nạ nghệ", group="duoc-lieu",
                                                   extra="summary: Sản phẩm làm đẹp từ củ nghệ.\n"),
        "content/products/mat-ong-rung.md": product("Mật ong rừng", extra="summary: Sản phẩm của rừng.\n"),
        "content/products/banh-quy.md": product("Bánh quy", extra="summary: Bánh nướng với mật ong.\n"),
        "content/products/mam-tom.md": product("Mắm tôm", extra="summary: Đặc sản vùng biển.\n"),
    })
    assert cli("build", str(site))[0] == 0
    page = offline_page.open(site / "output" / "index.html")
    assert shown(page) == ["banh-quy", "mam-tom", "mat-na-nghe", "mat-ong-rung"]  # Vietnamese order
    cases = {
        "mật": ["mat-ong-rung", "mat-na-nghe", "banh-quy"],  # exact name, folded name, summary
        NFD("mật"): ["mat-ong-rung", "mat-na-nghe", "banh-quy"],
        "MẶT": ["mat-na-nghe", "mat-ong-rung", "banh-quy"],
        "mat": ["mat-na-nghe", "mat-ong-rung", "banh-quy"],  # no marks typed: names, in name order
        "rừng": ["mat-ong-rung"],
        "mật ong": ["mat-ong-rung", "banh-quy"],
        "mat ong": ["mat-ong-rung", "banh-quy"],
    }
    for query, expected in cases.items():
        page.fill("#catalogue-q", query)
        assert shown(page) == expected, query
    assert page.text_content('#catalogue-sort option[value="name"]') == strings("vi")["sort_relevance"]


# --- URL hash ---------------------------------------------------------------

def test_hash_url_restores_the_view(example_output, offline_page):
    lists = static_lists(example_output)
    order = cards_on(example_output / "index.html")
    page = offline_page.open(example_output / "index.html", "district=kien-thuy&stars=4")
    assert shown(page) == in_order(order, set(lists[("district", "kien-thuy")]) & set(lists[("stars", "4")]))
    assert page.is_checked(box("district", "kien-thuy")) and page.is_checked(box("stars", "4"))
    assert not page.is_checked(box("stars", "3"))
    rows = searchable(example_output.parent, "vi")
    page = offline_page.open(example_output / "index.html", "q=m%E1%BA%ADt+ong&sort=stars&group=thuc-pham,do-uong")
    assert page.input_value("#catalogue-q") == "mật ong"
    assert page.input_value("#catalogue-sort") == "stars"
    expected = search_oracle(rows, "mat ong") & (set(lists[("group", "thuc-pham")]) | set(lists[("group", "do-uong")]))
    assert set(shown(page)) == expected
    page = offline_page.open(example_output / "index.html", "district=nowhere&stars=9,4&junk")
    assert shown(page) == lists[("stars", "4")]


def test_hash_changes_by_hand_or_link_update_the_view_at_once(example_output, offline_page):
    lists = static_lists(example_output)
    page = offline_page.open(example_output / "index.html")
    page.evaluate("location.hash = 'group=do-uong'")
    page.wait_for_function("() => document.querySelector('input[value=\"do-uong\"]').checked")
    assert shown(page) == lists[("group", "do-uong")]
    page.evaluate("""() => { const a = document.createElement('a'); a.id = 'go'; a.href = '#stars=5';
                             a.textContent = 'go'; document.body.prepend(a); }""")
    page.click("#go")
    page.wait_for_function("() => document.querySelector('input[name=stars][value=\"5\"]').checked")
    assert shown(page) == lists[("stars", "5")]
    assert not page.is_checked(box("group", "do-uong"))


def test_back_and_forward_walk_through_filter_states(example_output, offline_page):
    lists = static_lists(example_output)
    order = cards_on(example_output / "index.html")
    page = offline_page.open(example_output / "index.html")
    page.check(box("district", "luc-nam"))
    page.check(box("stars", "4"))
    page.focus("#catalogue-q")
    page.keyboard.type("trà")  # one history entry for the whole word
    both = in_order(order, set(lists[("district", "luc-nam")]) & set(lists[("stars", "4")]))

    def back_to(hash_: str, direction: str = "back") -> None:
        page.evaluate(f"history.{direction}()")
        page.wait_for_function("h => location.hash === h", arg=hash_)

    back_to("#district=luc-nam&stars=4")
    assert page.input_value("#catalogue-q") == "" and shown(page) == both
    back_to("#district=luc-nam")
    assert shown(page) == lists[("district", "luc-nam")]
    assert not page.is_checked(box("stars", "4"))
    back_to("")
    assert shown(page) == order
    back_to("#district=luc-nam", "forward")
    back_to("#district=luc-nam&stars=4", "forward")
    assert shown(page) == both and page.is_checked(box("stars", "4"))


# --- sorting, empty results, English ---------------------------------------

def test_sort_by_name_stars_and_area(example_output, offline_page):
    rows = data_records(example_output / "catalogue-data.js")
    order = cards_on(example_output / "index.html")
    position = {slug: i for i, slug in enumerate(order)}
    by_slug = {r["slug"]: r for r in rows}
    assert order == sorted(order, key=lambda s: (vi_sort_key(by_slug[s]["name"]), s))
    page = offline_page.open(example_output / "index.html")
    page.select_option("#catalogue-sort", "stars")
    assert shown(page) == sorted(order, key=lambda s: (-by_slug[s]["stars"], position[s]))
    assert page.evaluate("location.hash") == "#sort=stars"
    page.select_option("#catalogue-sort", "area")
    assert shown(page) == sorted(order, key=lambda s: (vi_sort_key(by_slug[s]["district_name"]), position[s]))
    page.check(box("stars", "3"))
    three = [s for s in order if by_slug[s]["stars"] == 3]
    assert shown(page) == sorted(three, key=lambda s: (vi_sort_key(by_slug[s]["district_name"]), position[s]))
    assert shown(page)[0] == "tho-cam-dong-van"  # Đồng Văn: đ sorts after d, before k
    page.select_option("#catalogue-sort", "name")
    assert shown(page) == static_lists(example_output)[("stars", "3")]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_no_result_says_so_in_the_page_language_and_offers_to_clear(example_output, offline_page, lang):
    home = example_output / ("index.html" if lang == "vi" else "en/index.html")
    order = cards_on(home)
    page = offline_page.open(home, "district=dong-van&group=do-uong")
    assert shown(page) == []
    assert page.is_visible("[data-empty]")
    assert page.text_content("[data-empty] p") == strings(lang)["no_results"]
    page.click("[data-empty] button")
    assert shown(page) == order and page.evaluate("location.hash") == ""
    page.fill("#catalogue-q", "xyzzy")
    assert shown(page) == [] and page.is_visible("[data-empty]")
    expected = strings(lang)["results_count"].format(count=0, total=len(order))
    assert page.text_content("[data-result-count]") == expected
    page.click("[data-empty] button")
    assert page.input_value("#catalogue-q") == "" and shown(page) == order
    assert page.evaluate("document.activeElement.id") == "catalogue-q"
    assert not page.is_visible("[data-empty]")


def test_english_catalogue_filters_and_searches_like_the_vietnamese_one(example_output, offline_page):
    root = example_output / "en"
    rows = searchable(example_output.parent, "en")
    lists = static_lists(root)
    page = offline_page.open(root / "index.html", "stars=4&district=kien-thuy")
    expected = in_order(cards_on(root / "index.html"), set(lists[("stars", "4")]) & set(lists[("district", "kien-thuy")]))
    assert shown(page) == expected
    assert page.text_content("[data-heading]") == "Results"
    page.click("[data-controls] [data-clear]")
    page.fill("#catalogue-q", "honey")
    assert "mat-ong-dai-hop" in shown(page) and set(shown(page)) == search_oracle(rows, "honey")
    # a buyer may type the Vietnamese name on the English page
    page.fill("#catalogue-q", "mật ong đại hợp")
    assert shown(page) == ["mat-ong-dai-hop"]
    page.fill("#catalogue-q", "nem chua")
    assert set(shown(page)) == search_oracle(rows, "nem chua") == {"nem-chua-tu-thuy"}
    page.fill("#catalogue-q", "Đại Hợp")
    assert shown(page)[0] == "mat-ong-dai-hop"
    link = page.get_attribute(f'{CARDS}[data-product="mat-ong-dai-hop"] a', "href")
    assert link == "../en/products/mat-ong-dai-hop/index.html"
    page.click(f'{CARDS}[data-product="mat-ong-dai-hop"] a')
    assert page.url == (root / "products" / "mat-ong-dai-hop" / "index.html").as_uri()


# --- markup, progressive enhancement, accessibility -------------------------

NORMALIZE = """(node) => {
  const norm = (n) => n.nodeType === 3
    ? (n.textContent.trim() ? n.textContent.replace(/\\s+/g, ' ').trim() : null)
    : [n.tagName, Array.from(n.attributes).map(a => [a.name, a.value]).sort(),
       Array.from(n.childNodes).map(norm).filter(x => x !== null)];
  return JSON.stringify(norm(node));
}"""


def assert_script_cards_match(page, home: Path) -> None:
    """Each card the script builds is the server's card, attribute for attribute."""
    for index, slug in enumerate(cards_on(home)):
        server = page.eval_on_selector(f'{CARDS}[data-product="{slug}"]', NORMALIZE)
        built = page.evaluate(f"([slug, eager]) => ({NORMALIZE})(window.ocopCatalogue.card(slug, eager))",
                              [slug, index < 4])
        assert built == server, slug


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_script_cards_match_the_server_rendered_cards(example_output, offline_page, lang):
    home = example_output / ("index.html" if lang == "vi" else "en/index.html")
    assert_script_cards_match(offline_page.open(home), home)


def test_without_javascript_the_home_lists_every_product_and_the_facet_links(example_output, browser):
    context, offline = new_offline_page(browser, java_script_enabled=False)
    try:
        page = offline.open(example_output / "index.html")
        assert len(shown(page)) == len(list((REPO / "content" / "products").iterdir()))
        assert not page.is_visible("[data-controls]")
        assert page.is_visible("[data-browse]")
        assert page.locator('[data-browse] a[href="district/kien-thuy/index.html"]').count() == 1
        assert not offline.problems()
    finally:
        context.close()


def test_controls_are_labelled_announced_and_keyboard_usable(example_output, offline_page):
    page = offline_page.open(example_output / "index.html")
    unlabelled = page.evaluate("""() => Array.from(document.querySelectorAll('[data-controls] input, [data-controls] select'))
        .filter(el => !el.labels.length).map(el => el.outerHTML)""")
    assert unlabelled == []
    assert page.eval_on_selector_all("[data-controls] fieldset", "fs => fs.every(f => f.querySelector('legend'))")
    assert page.get_attribute("[data-result-count]", "aria-live") == "polite"
    page.focus("#catalogue-q")
    page.keyboard.type("mat")
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "catalogue-sort"
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.tagName") == "SUMMARY"
    page.keyboard.press("Tab")
    page.keyboard.press("Space")
    first = page.evaluate("[document.activeElement.name, document.activeElement.value, document.activeElement.checked]")
    assert first[2] is True
    assert page.evaluate("getComputedStyle(document.activeElement).outlineStyle") != "none"
    assert page.evaluate("location.hash") == f"#{first[0]}={first[1]}&q=mat"


def test_large_catalogue_shows_cards_a_page_at_a_time(make_site, cli, offline_page, tmp_path):
    count = 130
    site = make_site({f"content/products/mat-ong-{i:03}.md": product(f"Mật ong số {i:03}", stars=3 + i % 3)
                      for i in range(count)})
    assert cli("build", str(site))[0] == 0
    page = offline_page.open(site / "output" / "index.html")
    assert len(shown(page)) == 60
    assert page.is_visible("[data-show-more]") and not page.is_visible("[data-first-page]")
    page.click("[data-show-more] button")
    assert len(shown(page)) == 120
    focused = page.evaluate("document.activeElement.closest('li').dataset.product")
    assert focused == shown(page)[60]
    built = page.eval_on_selector(f'{CARDS}:nth-child(61)', "li => [li.querySelector('a').href, li.querySelector('img').src]")
    for url in built:
        assert Path(url.removeprefix("file://")).is_file(), url
    page.click("[data-show-more] button")
    assert len(shown(page)) == count and not page.is_visible("[data-show-more]")
    page.check(box("stars", "5"))
    assert len(shown(page)) == sum(1 for i in range(count) if i % 3 == 2)


def test_script_cards_match_server_cards_with_responsive_photos(make_site, cli, offline_page):
    import io

    from PIL import Image

    picture = io.BytesIO()
    Image.new("RGB", (1200, 900), (200, 150, 40)).save(picture, "JPEG")
    site = make_site({
        "content/products/mat-ong/index.md": product("Mật ong Đại Hợp", extra="images: [anh.jpg]\n"),
        "content/products/mat-ong/anh.jpg": picture.getvalue(),
        "content/products/mat-ong/index.en.md": "---\nname: Dai Hop honey\n---\n",
        "content/products/gao.md": product("Gạo ruộng rươi", stars=3),
    })
    assert cli("build", str(site))[0] == 0
    for home in (site / "output" / "index.html", site / "output" / "en" / "index.html"):
        page = offline_page.open(home)
        assert_script_cards_match(page, home)
        urls = page.evaluate("""() => { const li = window.ocopCatalogue.card('mat-ong', false);
            document.body.appendChild(li);
            const img = li.querySelector('img'), source = li.querySelector('source');
            const all = [img.src, ...img.srcset.split(', '), ...(source ? source.srcset.split(', ') : [])];
            li.remove();
            return all.map(s => new URL(s.split(' ')[0], document.baseURI).href); }""")
        assert len(urls) > 2
        for url in urls:
            assert Path(url.removeprefix("file://")).is_file(), url


def test_phone_width_folds_the_filters_away_without_horizontal_scrolling(example_output, browser):
    context, offline = new_offline_page(browser, viewport={"width": 360, "height": 740}, is_mobile=True,
                                        has_touch=True)
    try:
        page = offline.open(example_output / "index.html")
        assert page.is_visible("#catalogue-q") and not page.is_visible(box("district", "luc-nam"))
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page.click("[data-filters] summary")
        page.check(box("district", "luc-nam"))
        assert shown(page) == static_lists(example_output)[("district", "luc-nam")]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        page = offline.open(example_output / "index.html", "stars=5")
        assert page.is_visible(box("stars", "5"))  # a view with filters keeps them open
        assert not offline.problems(), offline.problems()
    finally:
        context.close()


def test_script_writes_numbers_as_the_server_does(example_output, offline_page):
    """Counts are formatted by Babel in the pages and by Intl in the script: they must agree."""
    from ocop_site.render.pages import number_formatter, translator

    page = offline_page.open(example_output / "index.html")
    for lang in ("vi", "en"):
        for value in (7, 1234, 10000, 1234567):
            script = page.evaluate("([lang, n]) => new Intl.NumberFormat(lang).format(n)", [lang, value])
            assert script == number_formatter(lang)(value), (lang, value)
    t = translator({"products_count": "{count} sản phẩm"}, number_formatter("vi"))
    assert t("products_count", count=10000) == "10.000 sản phẩm"


def test_language_link_keeps_the_current_view(example_output, offline_page):
    page = offline_page.open(example_output / "index.html", "district=kien-thuy&stars=4")
    vietnamese = shown(page)
    page.fill("#catalogue-q", "mat ong")
    kept = shown(page)
    assert kept and set(kept) <= set(vietnamese)
    with page.expect_navigation():
        page.click('a[hreflang="en"]')
    assert page.url == (example_output / "en" / "index.html").as_uri() + "#district=kien-thuy&stars=4&q=mat%20ong"
    assert sorted(shown(page)) == sorted(kept)
    assert page.is_checked(box("district", "kien-thuy")) and page.input_value("#catalogue-q") == "mat ong"
    page.click("[data-controls] [data-clear]")
    assert page.get_attribute('a[hreflang="vi"]', "href") == "../index.html"
