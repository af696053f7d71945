"""Check raw documents against the content contract; report every problem.

Validation never stops at the first mistake: it returns all errors and
warnings of a run, each at the line of the offending key. Model building
runs only on documents that passed, so it can trust types and references.

:func:`check_docset` checks one product or page (a default-language file
and its translations) on its own: its result depends on nothing but those
files, their folder and ``site.yaml``, so it is kept in the build state with
the product's model. What involves other files (:func:`check_slugs`) or the
day of the build (:func:`expiry_warning`) is checked on every build.
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any, Iterable

from .config import PRODUCER_TYPES, leaves_folder
from .documents import DocumentSet, RawDocument
from .errors import SiteError, error, warning
from .model import SiteConfig, expiry
from .vntext import UNSHOWABLE, is_slug, text_problem

__all__ = ["check_docset", "check_slugs", "expiry_warning", "text_problem", "RESERVED_SLUGS", "MAX_TEXT_DEPTH"]

PRODUCT_FIELDS = ("name", "slug", "district", "group", "stars", "commune", "summary", "producer",
                  "certificate", "price", "images", "tags", "draft")
PRODUCT_TRANSLATABLE = ("name", "summary", "commune", "images")  # images: the alt texts only
PAGE_FIELDS = ("title", "slug", "summary", "draft")
PAGE_TRANSLATABLE = ("title", "summary")
PRODUCER_FIELDS = ("name", "type", "address", "phone", "email", "website")
CERTIFICATE_FIELDS = ("number", "date", "issuer", "expires")
RESERVED_SLUGS = frozenset({"products", "district", "group", "stars", "static", "index", "images", "page",
                            "cards", "brochure"})

_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
MAX_TEXT_DEPTH = 50
"""A story's lists, quotes and brackets nest at most this deep: Python-Markdown recurses on them."""


def _too_deep(body: str) -> int | None:
    """The line (from 0) where a story nests too deeply, or None."""
    brackets = 0
    for number, line in enumerate(body.split("\n")):
        stripped = line.lstrip(" \t")
        indent = len(line.expandtabs(4)) - len(stripped)
        quotes = stripped[:len(stripped) - len(stripped.lstrip("> "))].count(">")
        brackets += line.count("[") - line.count("\\[") - line.count("]")
        if indent // 4 > MAX_TEXT_DEPTH or quotes > MAX_TEXT_DEPTH or brackets > MAX_TEXT_DEPTH:
            return number
    return None


class _Checker:
    """Collects problems for one document; ``line(key)`` finds the key's line."""

    def __init__(self, doc: RawDocument, problems: list[SiteError]) -> None:
        self.doc = doc
        self.problems = problems
        self.data: dict[str, Any] = doc.front.data if doc.front else {}

    def line(self, key: str) -> int:
        lines = self.doc.front.lines if self.doc.front else {}
        return lines.get(key) or lines.get(key.rsplit(".", 1)[0]) or 1

    def error(self, key: str, message: str) -> None:
        self.problems.append(error(self.doc.path, self.line(key), message))

    def warn(self, key: str, message: str, kind: str = "") -> None:
        self.problems.append(warning(self.doc.path, self.line(key), message, kind))

    def unknown_keys(self, data: dict[str, Any], allowed: tuple[str, ...], prefix: str = "") -> None:
        for key in data:
            if key not in allowed:
                self.error(f"{prefix}{key}", f"unknown field '{prefix}{key}' (allowed: {', '.join(allowed)})")

    def text(self, key: str, required: bool = False, data: dict[str, Any] | None = None,
             prefix: str = "") -> None:
        value = (self.data if data is None else data).get(key)
        if value is None:
            if required:
                self.error(f"{prefix}{key}", f"missing required field '{prefix}{key}'")
            return
        problem = text_problem(value)
        if problem:
            self.error(f"{prefix}{key}", f"'{prefix}{key}' {problem}")

    def body(self) -> None:
        """The story: shown as it is written, and nested no deeper than Markdown can take."""
        body = self.doc.body
        bad = UNSHOWABLE.search(body)
        if bad:
            line = self.doc.body_line + body.count("\n", 0, bad.start())
            self.problems.append(error(self.doc.path, line, f"the text contains a character that cannot be "
                                       f"shown (U+{ord(bad.group()):04X}): remove it"))
        deep = _too_deep(body)
        if deep is not None:
            self.problems.append(error(self.doc.path, self.doc.body_line, "the text is nested too deeply "
                                       f"(lists, quotes or brackets more than {MAX_TEXT_DEPTH} levels): simplify it"))

    def one_of(self, key: str, allowed: Iterable[str], what: str, required: bool = True) -> None:
        value = self.data.get(key)
        options = list(allowed)
        if value is None:
            if required:
                self.error(key, f"missing required field '{key}' (one of: {', '.join(options)})")
        elif str(value) not in options:
            self.error(key, f"unknown {what} '{value}' (allowed: {', '.join(options)})")


def _check_images(c: _Checker, images: Any) -> None:
    if not isinstance(images, list):
        c.error("images", "'images' must be a list of file names")
        return
    for index, item in enumerate(images):
        key = f"images.{index}"
        src = item.get("src") if isinstance(item, dict) else item
        if isinstance(item, dict):
            c.unknown_keys(item, ("src", "alt"), prefix=f"{key}.")
            c.text("alt", data=item, prefix=f"{key}.")
        if not isinstance(src, str) or not src.strip():
            c.error(key, "each image must be a file name, or a mapping with 'src' and 'alt'")
        elif leaves_folder(src):
            c.error(key, f"image '{src}' must be a file inside the product's folder")
        elif c.doc.bundle is None:
            c.error(key, f"image '{src}': a single-file product has no folder for images; "
                    f"move it to content/products/{c.doc.name_slug}/index.md with its images beside it")
        elif src in c.doc.outside_links:
            c.error(key, f"image '{src}' is a link to a file outside the product's folder; "
                    f"copy the picture itself into {c.doc.bundle}/")
        elif src not in c.doc.bundle_files:
            c.error(key, f"image '{src}' not found in {c.doc.bundle}/")


def _check_producer(c: _Checker, producer: Any) -> None:
    if not isinstance(producer, dict):
        c.error("producer", "'producer' must hold fields such as 'name' and 'type'")
        return
    c.unknown_keys(producer, PRODUCER_FIELDS, prefix="producer.")
    for key in ("name", "address", "phone", "email", "website"):
        c.text(key, data=producer, prefix="producer.")
    kind = producer.get("type")
    if kind is not None and kind not in PRODUCER_TYPES:
        c.error("producer.type", f"unknown producer type '{kind}' (allowed: {', '.join(PRODUCER_TYPES)})")
    email = producer.get("email")
    if isinstance(email, str) and not _EMAIL.match(email):
        c.error("producer.email", f"'{email}' is not an e-mail address")
    website = producer.get("website")
    if isinstance(website, str) and not re.match(r"^https?://\S+$", website):
        c.error("producer.website", "producer.website must start with http:// or https://")


def _check_certificate(c: _Checker, cert: Any) -> None:
    if not isinstance(cert, dict):
        c.error("certificate", "'certificate' must hold fields such as 'number' and 'date'")
        return
    c.unknown_keys(cert, CERTIFICATE_FIELDS, prefix="certificate.")
    c.text("number", data=cert, prefix="certificate.")
    c.text("issuer", data=cert, prefix="certificate.")
    for key in ("date", "expires"):
        value = cert.get(key)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            c.error(f"certificate.{key}", f"certificate.{key} must be a date written YYYY-MM-DD")
    date, expires = cert.get("date"), cert.get("expires")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        date = None
    if isinstance(expires, dt.date) and not isinstance(expires, dt.datetime) and date and expires < date:
        c.error("certificate.expires", "certificate.expires is before certificate.date")
    elif date and "expires" not in cert and expiry(date, None) is None:
        c.error("certificate.date", "certificate.date is too far in the future to be real")


def _check_product(c: _Checker, config: SiteConfig) -> None:
    data = c.data
    c.unknown_keys(data, PRODUCT_FIELDS)
    c.text("name", required=True)
    for key in ("commune", "summary", "price"):
        c.text(key)
    c.one_of("district", config.districts, "district")
    c.one_of("group", config.groups, "group")
    stars = data.get("stars")
    if stars is None:
        c.error("stars", "missing required field 'stars' (3, 4 or 5)")
    elif isinstance(stars, bool) or not isinstance(stars, int) or stars not in (3, 4, 5):
        c.error("stars", f"stars must be 3, 4 or 5 (OCOP certifies only these), not {stars!r}")
    if "producer" in data:
        _check_producer(c, data["producer"])
    if "certificate" in data:
        _check_certificate(c, data["certificate"])
    if "images" in data:
        _check_images(c, data["images"])
    elif not data.get("draft"):
        c.warn("name", "product has no images: a placeholder is shown", "no-images")
    tags = data.get("tags")
    if tags is not None and not (isinstance(tags, list) and all(text_problem(t) is None for t in tags)):
        c.error("tags", "'tags' must be a list of words")


def _check_common(c: _Checker) -> None:
    if "draft" in c.data and not isinstance(c.data["draft"], bool):
        c.error("draft", "'draft' must be true or false")
    slug = c.data.get("slug")
    if slug is not None and not (isinstance(slug, str) and is_slug(slug)):
        c.error("slug", f"slug '{slug}' must be lowercase letters, digits and hyphens, e.g. 'mat-ong-dai-hop'")


def _check_translation(c: _Checker, default: RawDocument, fields: tuple[str, ...],
                       translatable: tuple[str, ...]) -> None:
    base = default.front.data if default.front else {}
    c.unknown_keys(c.data, fields)
    for key, value in c.data.items():
        if key in fields and key not in translatable and value != base.get(key):
            c.error(key, f"'{key}' cannot differ in a translation: set it once in {default.path}")
    if "images" in c.data:
        own, theirs = c.data["images"], base.get("images")
        srcs = [i.get("src") if isinstance(i, dict) else i for i in own] if isinstance(own, list) else None
        base_srcs = [i.get("src") if isinstance(i, dict) else i for i in theirs] if isinstance(theirs, list) else None
        if srcs != base_srcs:
            c.error("images", f"a translation may only change the images' 'alt' texts; "
                    f"list the same files as {default.path}")
    for key in translatable:
        if key != "images":
            c.text(key)
    own = c.data.get("images")
    for index, item in enumerate(own if isinstance(own, list) else ()):
        if isinstance(item, dict):
            c.text("alt", data=item, prefix=f"images.{index}.")


def check_docset(docset: DocumentSet, config: SiteConfig) -> list[SiteError]:
    """Every problem of one product or page that does not involve another file or the date."""
    problems: list[SiteError] = []
    languages = config.languages
    default = docset.default
    for doc in docset.translations:
        c = _Checker(doc, problems)
        if doc.lang not in languages:
            problems.append(error(doc.path, 1, f"translation for unknown language '{doc.lang}' "
                                  f"(site languages: {', '.join(languages)})"))
        elif doc.lang == languages[0]:
            problems.append(error(doc.path, 1, f"'{doc.lang}' is the default language: "
                                  f"name this file {doc.default_path}"))
        elif default is None:
            problems.append(error(doc.path, 1, "translation without a default-language file: "
                                  f"add {doc.default_path}"))
        elif doc.front is not None and default.front is not None:
            kind_fields = (PRODUCT_FIELDS, PRODUCT_TRANSLATABLE) if doc.kind == "product" \
                else (PAGE_FIELDS, PAGE_TRANSLATABLE)
            _check_translation(c, default, *kind_fields)
    for doc in docset.files:
        if doc.front is not None:
            _Checker(doc, problems).body()
    if default is None or default.front is None:
        return problems
    c = _Checker(default, problems)
    _check_common(c)
    if not docset.slug and "slug" not in c.data:
        name = default.path.rsplit("/", 2)[-2] if default.path.endswith("/index.md") else \
            default.path.rsplit("/", 1)[-1][:-3]
        c.error("slug", f"no web address can be made from the name '{name}': add a 'slug:' field in "
                "Latin letters, e.g. 'slug: tra-xanh'")
    if default.kind == "product":
        _check_product(c, config)
    else:
        c.unknown_keys(c.data, PAGE_FIELDS)
        c.text("title", required=True)
        c.text("summary")
    if not docset.is_draft and default.kind == "product":
        present = {d.lang for d in docset.translations}
        missing = [lang for lang in languages[1:] if lang not in present]
        if missing:
            c.warn("name", f"no translation for {', '.join(missing)}: the {languages[0]} text is shown",
                   "no-translation")
    return problems


@dataclass(frozen=True, slots=True)
class SlugClaim:
    """A published product or page and where its slug comes from."""

    kind: str  # product or page
    slug: str
    path: str  # its default-language file
    line: int  # of its 'slug' field, or 1


def check_slugs(claims: Iterable[SlugClaim], languages: tuple[str, ...]) -> list[SiteError]:
    """Two products (or two pages) with one slug; a page taking a name the site uses itself."""
    problems: list[SiteError] = []
    reserved = RESERVED_SLUGS | set(languages)
    first: dict[tuple[str, str], str] = {}
    for claim in sorted(claims, key=lambda c: c.path):
        if claim.kind == "page" and claim.slug in reserved:
            problems.append(error(claim.path, claim.line, f"page slug '{claim.slug}' is reserved for the "
                                  "catalogue's own pages; choose another"))
        owner = first.setdefault((claim.kind, claim.slug), claim.path)
        if owner != claim.path:
            problems.append(error(claim.path, claim.line, f"duplicate slug '{claim.slug}': {owner} already "
                                  "uses it (set a different 'slug' in one of them)"))
    return problems


def expiry_warning(path: str, line: int, expires: dt.date, today: dt.date) -> SiteError | None:
    """The one problem that depends on the day of the build."""
    if expires >= today:
        return None
    return warning(path, line, f"certificate expired on {expires.isoformat()}", "certificate-expired")
