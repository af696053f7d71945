"""The Atom feed of each language: well-formed Atom, the products newest certificate first,
linked from every page's head, the same bytes whatever the day of the build."""
from __future__ import annotations

import json
import posixpath
import xml.etree.ElementTree as ET
from pathlib import Path
from urllib.parse import urlsplit

import html5lib
import pytest

from conftest import MINIMAL_SITE_YAML, product
from ocop_site.vntext import vi_sort_key

ATOM = "{http://www.w3.org/2005/Atom}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
FEEDS = {"vi": "feed.xml", "en": "en/feed.xml"}


def _feed(output: Path, lang: str) -> ET.Element:
    root = ET.fromstring((output / FEEDS[lang]).read_bytes())
    assert root.tag == f"{ATOM}feed" and root.get(XML_LANG) == lang
    return root


def _is_absolute_iri(value: str) -> bool:
    return bool(urlsplit(value).scheme) and " " not in value


def assert_is_atom(feed: ET.Element) -> None:
    """RFC 4287's required elements: feed id, title, updated and an author (here, on the feed);
    entry id, title, updated, and a link or content; ids absolute and unique; dates RFC 3339."""
    for tag in ("id", "title", "updated"):
        assert len(feed.findall(f"{ATOM}{tag}")) == 1, tag
    assert feed.find(f"{ATOM}author/{ATOM}name").text
    assert _is_absolute_iri(feed.findtext(f"{ATOM}id"))
    ids = [feed.findtext(f"{ATOM}id")]
    for entry in feed.findall(f"{ATOM}entry"):
        for tag in ("id", "title", "updated", "summary"):
            assert len(entry.findall(f"{ATOM}{tag}")) == 1, tag
            assert entry.findtext(f"{ATOM}{tag}").strip(), tag
        assert _is_absolute_iri(entry.findtext(f"{ATOM}id"))
        assert [link.get("rel") for link in entry.findall(f"{ATOM}link")] == ["alternate"]
        ids.append(entry.findtext(f"{ATOM}id"))
    assert len(ids) == len(set(ids))
    stamps = [e.text for e in feed.iter(f"{ATOM}updated")]
    assert all(len(s) == 25 and s[10] == "T" and s.endswith("+07:00") for s in stamps)
    assert feed.findtext(f"{ATOM}updated") == max(stamps)


def _entry_pages(output: Path, lang: str, feed: ET.Element) -> list[str]:
    """The pages the entries link to, from the output root (relative links resolved against the feed)."""
    folder = posixpath.dirname(FEEDS[lang])
    base = json.loads((output / "catalogue.json").read_text(encoding="utf-8"))["site"]["base_url"] or "\0"
    return [href.removeprefix(base) + "index.html" if href.startswith(base)
            else posixpath.normpath(posixpath.join(folder, href))
            for href in (e.find(f"{ATOM}link").get("href") for e in feed.findall(f"{ATOM}entry"))]


@pytest.mark.parametrize("lang", ["vi", "en"])
def test_each_language_has_an_atom_feed_of_every_product_newest_certificate_first(example_output: Path, lang):
    feed = _feed(example_output, lang)
    assert_is_atom(feed)
    data = json.loads((example_output / "catalogue.json").read_text(encoding="utf-8"))
    products = data["products"]

    def key(p):
        name = p["name"].get(lang, p["name"]["vi"])
        day = (p["certificate"] or {}).get("date") or "2018-05-07"
        return ("".join(chr(0x10FFFF - ord(c)) for c in day), vi_sort_key(name), p["slug"])

    expected = sorted(products, key=key)
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == len(products) == 21
    assert _entry_pages(example_output, lang, feed) == [p["pages"][lang]["path"] for p in expected]
    assert [e.findtext(f"{ATOM}title") for e in entries] == [p["name"].get(lang, p["name"]["vi"]) for p in expected]
    days = [e.findtext(f"{ATOM}updated")[:10] for e in entries]
    assert days == sorted(days, reverse=True)
    for path in _entry_pages(example_output, lang, feed):
        assert (example_output / path).is_file(), path


def test_an_untranslated_entry_is_marked_vietnamese(example_output: Path):
    feed = _feed(example_output, "en")
    entry = next(e for e in feed.findall(f"{ATOM}entry") if "banh-mat-thanh-lam" in e.find(f"{ATOM}link").get("href"))
    assert entry.find(f"{ATOM}title").get(XML_LANG) == "vi"
    assert entry.find(f"{ATOM}summary").get(XML_LANG) == "vi"


def test_every_page_links_to_its_languages_feed(example_output: Path):
    pages = sorted(example_output.rglob("*.html"))
    assert len(pages) > 50
    for page in pages:
        rel = page.relative_to(example_output).as_posix()
        document = html5lib.parse(page.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
        links = [link for link in document.iter("link") if link.get("type") == "application/atom+xml"]
        assert len(links) == 1 and links[0].get("rel") == "alternate" and links[0].get("title"), rel
        href = links[0].get("href")
        if rel == "404.html":  # served at any depth: its links start at the site's path on the host
            assert href == "/ocop-site/" + FEEDS["vi"]
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), href))
        assert target == FEEDS["en" if rel.startswith("en/") else "vi"], rel


def test_with_base_url_ids_and_links_are_the_pages_absolute_urls(make_site, cli):
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "base_url: https://ocop.example.vn/kt/\n",
                      "content/products/mat-ong.md": product("Mật ong", extra="certificate:\n  date: 2024-05-01\n"),
                      "content/products/gao.md": product("Gạo", extra="producer:\n  name: HTX Đại Hợp\n")})
    assert cli("build", str(site))[0] == 0
    feed = _feed(site / "output", "en")
    assert_is_atom(feed)
    assert feed.findtext(f"{ATOM}id") == "https://ocop.example.vn/kt/en/feed.xml"
    assert feed.find(f"{ATOM}link[@rel='self']").get("href") == "https://ocop.example.vn/kt/en/feed.xml"
    entries = feed.findall(f"{ATOM}entry")
    assert [e.findtext(f"{ATOM}id") for e in entries] == [
        "https://ocop.example.vn/kt/en/products/mat-ong/", "https://ocop.example.vn/kt/en/products/gao/"]
    assert [e.find(f"{ATOM}link").get("href") for e in entries] == [e.findtext(f"{ATOM}id") for e in entries]
    assert [e.findtext(f"{ATOM}updated") for e in entries] == ["2024-05-01T00:00:00+07:00",
                                                               "2018-05-07T00:00:00+07:00"]
    assert entries[1].findtext(f"{ATOM}author/{ATOM}name") == "HTX Đại Hợp"
    assert entries[0].find(f"{ATOM}author") is None  # no producer: the feed's author stands


def test_a_feed_does_not_change_with_the_day_of_the_build(make_site, cli):
    site = make_site({"content/products/a.md": product("Trà <b>&amp; \"hoa\"</b>",
                                                       extra="certificate:\n  date: 2023-03-01\n")})
    assert cli("build", str(site), "--date", "2026-01-15")[0] == 0
    first = (site / "output" / "feed.xml").read_bytes()
    assert cli("build", str(site), "--date", "2026-06-20", "--clean")[0] == 0
    assert (site / "output" / "feed.xml").read_bytes() == first
    assert _feed(site / "output", "vi").findtext(f"{ATOM}entry/{ATOM}title") == 'Trà <b>&amp; "hoa"</b>'


def test_a_large_catalogue_feeds_its_hundred_newest(paginated_output: Path):
    feed = _feed(paginated_output, "vi")
    assert_is_atom(feed)
    titles = [e.findtext(f"{ATOM}title") for e in feed.findall(f"{ATOM}entry")]
    assert titles == [f"Sản phẩm {i:03}" for i in range(100)]  # undated: Vietnamese name order
