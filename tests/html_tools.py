"""Small readers of built HTML, on the standard library's parser."""
from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path


class Page(HTMLParser):
    """Collects what tests look at: links, lang attributes, products, head tags."""

    def __init__(self, text: str) -> None:
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []  # (attribute, value)
        self.products: list[str] = []  # data-product, in document order
        self.html_lang: str | None = None
        self.title = ""
        self.meta: dict[str, str] = {}
        self.alternates: dict[str, str] = {}
        self.lang_elements: list[tuple[str, str]] = []  # (tag, lang) below <html>
        self._in_title = False
        self.text_parts: list[str] = []
        self.feed(text)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        if tag == "html":
            self.html_lang = a.get("lang")
        elif "lang" in a:
            self.lang_elements.append((tag, a["lang"]))
        if tag == "title":
            self._in_title = True
        if tag == "meta" and "name" in a:
            self.meta[a["name"]] = a.get("content", "")
        if tag == "link" and a.get("rel") == "alternate" and "hreflang" in a:
            self.alternates[a["hreflang"]] = a["href"]
        for attr in ("href", "src"):
            if attr in a:
                self.links.append((attr, a[attr]))
        if "srcset" in a:
            for candidate in a["srcset"].split(","):
                self.links.append(("srcset", candidate.strip().split(" ")[0]))
        if "data-product" in a:
            self.products.append(a["data-product"])

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.title += data
        self.text_parts.append(data)

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.text_parts).split())


def read_page(path: Path) -> Page:
    return Page(path.read_text(encoding="utf-8"))
