"""The statistics page of each language: the counts officials report, as tables with a bar
drawn in each row, the certificates expiring soon and expired, linked from every footer."""
from __future__ import annotations

import json
import posixpath
from collections import Counter
from pathlib import Path

import html5lib
import pytest

from browser import new_offline_page
from conftest import product
from pdf_tools import A4, pdf, pdf_pages, pdf_text

SVG = "{http://www.w3.org/2000/svg}"
STATS = {"vi": "statistics/index.html", "en": "en/statistics/index.html"}


def _parse(path: Path):
    return html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)


def _text(element) -> str:
    return " ".join("".join(element.itertext()).split())


def _tables(path: Path) -> dict[str, list[list[str]]]:
    """Each table's caption -> its body rows as cell texts (header cell first)."""
    found = {}
    for table in _parse(path).iter("table"):
        rows = [[_text(cell) for cell in row if cell.tag in ("th", "td")]
                for body in table.iter("tbody") for row in body.iter("tr")]
        found[_text(table.find("caption"))] = rows
    return found


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_statistics_count_products_by_area_group_stars_and_producer(example_output: Path, lang):
    data = json.loads((example_output / "catalogue.json").read_text(encoding="utf-8"))
    products = data["products"]
    tables = _tables(example_output / STATS[lang])
    area, group, stars, producer, certificates = list(tables)[:5]
    names = {d["key"]: d["name"][lang] for d in data["districts"]}
    by_area = Counter(p["district"] for p in products)
    assert {row[0]: int(row[1]) for row in tables[area]} == {names[k]: by_area[k] for k in names}
    counts = [int(row[1]) for row in tables[area]]
    assert counts == sorted(counts, reverse=True)
    groups = {g["key"]: g["name"][lang] for g in data["groups"]}
    by_group = Counter(p["group"] for p in products)
    assert {row[0]: int(row[1]) for row in tables[group]} == {groups[k]: by_group[k] for k in groups}
    by_stars = Counter(p["stars"] for p in products)
    assert [int(row[1]) for row in tables[stars]] == [by_stars[5], by_stars[4], by_stars[3]]
    by_type = Counter((p["producer"] or {}).get("type") for p in products)
    assert sum(int(row[1]) for row in tables[producer]) == len(products) == 21
    assert int(tables[producer][-1][1]) == by_type[None]  # "not given" comes last
    standing = Counter((p["certificate"] or {}).get("status", "unknown") for p in products)
    assert [int(row[1]) for row in tables[certificates]] == [standing[k] for k in ("valid", "expiring", "expired",
                                                                                  "unknown")]
    assert all(row[2].endswith("%") for table in list(tables.values())[:5] for row in table)


def test_charts_are_tables_with_captions_and_headers_and_hidden_bars(example_output: Path):
    document = _parse(example_output / STATS["vi"])
    tables = list(document.iter("table"))
    assert len(tables) == 7  # five charts, the certificates expiring soon and the expired ones (one each in the example)
    for table in tables:
        assert table.find("caption") is not None and table.find("caption").find("h2") is not None
        assert all(th.get("scope") in ("col", "row") for th in table.iter("th"))
    bars = list(document.iter(f"{SVG}svg"))
    assert bars and all(svg.get("aria-hidden") == "true" for svg in bars)
    fills = [float(rect.get("width").rstrip("%")) for rect in document.iter(f"{SVG}rect") if rect.get("class") == "bar-fill"]
    assert max(fills) == 100.0 and min(fills) > 0


def test_expiring_and_expired_certificates_are_listed_with_links(make_site, cli):
    site = make_site({
        "content/products/con-han.md": product("Còn hạn", extra="certificate:\n  date: 2025-01-01\n"),
        "content/products/sap-het-b.md": product("Bánh sắp hết", extra="certificate:\n  date: 2023-07-01\n"
                                                                         "  number: 7/QĐ-UBND\n"),
        "content/products/sap-het-a.md": product("Áo sắp hết", district="thach-that",
                                                 extra="certificate:\n  date: 2023-03-01\n"),
        "content/products/het-han.md": product("Hết hạn", extra="certificate:\n  date: 2022-12-31\n"),
        "content/products/chi-nam.md": product("Chỉ năm", extra="certificate:\n  year: 2019\n"),
    })
    assert cli("build", str(site))[0] == 0
    output = site / "output"
    document = _parse(output / STATS["vi"])
    tables = _tables(output / STATS["vi"])
    expiring = next(rows for caption, rows in tables.items() if "6 tháng tới (2)" in caption)
    assert [row[0] for row in expiring] == ["Áo sắp hết", "Bánh sắp hết"]  # soonest first
    assert expiring[0][1:] == ["Thạch Thất", "4", "–", "1 tháng 3, 2026"]
    assert expiring[1][3] == "7/QĐ-UBND"
    expired = next(rows for caption, rows in tables.items() if "đã hết hạn (1)" in caption)
    assert [row[0] for row in expired] == ["Hết hạn"]
    # a certificate known only by its year (2019) has no known last day: neither expired nor expiring
    assert {row[0]: row[1] for row in list(tables.values())[4]} == {
        "Còn hiệu lực": "1", "Hết hạn trong 6 tháng tới": "2", "Đã hết hạn": "1", "Chưa rõ ngày": "1"}
    links = {_text(a): a.get("href") for a in document.iter("a")}
    assert links["Áo sắp hết"] == "../products/sap-het-a/index.html"
    assert (output / "statistics" / links["Áo sắp hết"]).resolve().is_file()
    # an (incremental) build on a later day moves them
    assert cli("build", str(site), "--date", "2026-03-02")[0] == 0
    tables = _tables(output / STATS["vi"])
    expired = next(rows for caption, rows in tables.items() if "đã hết hạn (2)" in caption)
    assert [row[0] for row in expired] == ["Áo sắp hết", "Hết hạn"]  # most recently expired first


def test_every_page_links_to_its_languages_statistics_in_the_footer(example_output: Path):
    for page in sorted(example_output.rglob("*.html")):
        rel = page.relative_to(example_output).as_posix()
        footer = next(_parse(page).iter("footer"))
        # 404.html is served at any depth: its links start at the site's path on the host
        folder = "/ocop-site" if rel == "404.html" else posixpath.dirname(rel)
        hrefs = [posixpath.normpath(posixpath.join(folder, a.get("href"))).removeprefix("/ocop-site/")
                 for a in footer.iter("a")]
        assert STATS["en" if rel.startswith("en/") else "vi"] in hrefs, rel


def test_statistics_link_the_open_data_and_switch_language(example_output: Path):
    document = _parse(example_output / STATS["en"])
    hrefs = {a.get("href") for a in document.iter("a")}
    assert {"../../catalogue.csv", "../../catalogue.json", "../../en/feed.xml", "../../statistics/index.html"} <= hrefs
    assert _text(next(document.iter("h1"))) == "Statistics"


def test_statistics_print_on_a4(browser, example_output: Path, tmp_path: Path):
    """Every printed page is A4 (Chromium's default paper is Letter), whatever the language,
    and the figures are all there."""
    context, offline = new_offline_page(browser)
    try:
        for lang, path in STATS.items():
            page = offline.open(example_output / path)
            printed = pdf(page, tmp_path / f"statistics-{lang}.pdf")
            sizes = pdf_pages(printed)
            assert sizes and set(sizes) == {A4}, (lang, sizes)
            text = "".join(pdf_text(printed))
            assert all("".join(caption.split()) in text for caption in _tables(example_output / path)), lang
        assert offline.problems() == []
    finally:
        context.close()


def test_a_free_page_cannot_take_the_statistics_address(make_site, cli):
    site = make_site({"content/products/a.md": product("A"),
                      "content/pages/statistics.md": "---\ntitle: Số liệu\n---\nx\n"})
    code, _, err = cli("build", str(site))
    assert code == 1
    assert "content/pages/statistics.md:1: error: page slug 'statistics' is reserved" in err
