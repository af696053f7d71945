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

from ..config import EMAIL, PRODUCER_TYPES, leaves_folder
from ..documents import DocumentSet, RawDocument
from ..errors import SiteError, error, warning
from ..model import SiteConfig, expiry
from ..file_names import windows_reserved
from ..suggest import image_near_miss, near_miss
from ..vntext import UNSHOWABLE, is_slug, text_problem

__all__ = ["check_docset", "check_slugs", "expiry_warning", "text_problem", "RESERVED_SLUGS", "MAX_TEXT_DEPTH"]

PRODUCT_FIELDS = ("name", "slug", "district", "group", "stars", "commune", "summary", "producer",
                  "certificate", "price", "price_vnd", "images", "tags", "draft")
PRODUCT_TRANSLATABLE = ("name", "summary", "commune", "images")  # images: the alt texts only
PAGE_FIELDS = ("title", "slug", "summary", "draft")
PAGE_TRANSLATABLE = ("title", "summary")
PRODUCER_FIELDS = ("name", "slug", "type", "address", "phone", "email", "website")
CERTIFICATE_FIELDS = ("number", "date", "issuer", "expires")
RESERVED_SLUGS = frozenset({"products", "district", "group", "stars", "static", "index", "images", "page",
                            "producers", "statistics", "cards", "brochure"})

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

    def fail(self, key: str, message: str, /, **values: object) -> None:
        """An error at ``key``'s line; ``message`` is a literal template, as for :func:`error`."""
        self.problems.append(error(self.doc.path, self.line(key), message, **values))

    def warn(self, key: str, message: str, kind: str = "", /, **values: object) -> None:
        self.problems.append(warning(self.doc.path, self.line(key), message, kind, **values))

    def unknown_keys(self, data: dict[str, Any], allowed: tuple[str, ...], prefix: str = "") -> None:
        for key in data:
            if key not in allowed:
                field, near = f"{prefix}{key}", near_miss(str(key), allowed)
                if near:
                    self.fail(field, "unknown field '{field}' (did you mean '{suggestion}'?); allowed: {allowed}",
                              field=field, suggestion=f"{prefix}{near}", allowed=", ".join(allowed))
                else:
                    self.fail(field, "unknown field '{field}' (allowed: {allowed})", field=field,
                              allowed=", ".join(allowed))

    def text(self, key: str, required: bool = False, data: dict[str, Any] | None = None,
             prefix: str = "") -> None:
        value = (self.data if data is None else data).get(key)
        field = f"{prefix}{key}"
        if value is None:
            if required:
                self.fail(field, "missing required field '{field}'", field=field)
            return
        problem = text_problem(value)
        if problem:
            self.fail(field, "'{field}' contains a character that cannot be shown ({char}): remove it",
                      field=field, char=problem)
        elif problem is not None:
            self.fail(field, "'{field}' must be text", field=field)

    def body(self) -> None:
        """The story: shown as it is written, and nested no deeper than Markdown can take."""
        body = self.doc.body
        bad = UNSHOWABLE.search(body)
        if bad:
            line = self.doc.body_line + body.count("\n", 0, bad.start())
            self.problems.append(error(self.doc.path, line, "the text contains a character that cannot be "
                                       "shown ({char}): remove it", char=f"U+{ord(bad.group()):04X}"))
        deep = _too_deep(body)
        if deep is not None:
            self.problems.append(error(self.doc.path, self.doc.body_line, "the text is nested too deeply "
                                       "(lists, quotes or brackets more than {depth} levels): simplify it",
                                       depth=MAX_TEXT_DEPTH))

    def unknown_choice(self, key: str, allowed: Iterable[str]) -> _Unknown | None:
        """The value of the required field ``key`` when it is not one of ``allowed`` (a missing
        field is reported here)."""
        value = self.data.get(key)
        options = list(allowed)
        if value is None:
            self.fail(key, "missing required field '{field}' (one of: {allowed})", field=key,
                      allowed=", ".join(options))
            return None
        if str(value) in options:
            return None
        return _Unknown(str(value), near_miss(str(value), options), ", ".join(options))


@dataclass(frozen=True, slots=True)
class _Unknown:
    """A value that is not one of a field's choices, the choice it likely means, and all of them."""

    value: str
    suggestion: str | None
    allowed: str


def _check_images(c: _Checker, images: Any) -> None:
    if not isinstance(images, list):
        c.fail("images", "'images' must be a list of file names")
        return
    for index, item in enumerate(images):
        key = f"images.{index}"
        src = item.get("src") if isinstance(item, dict) else item
        if isinstance(item, dict):
            c.unknown_keys(item, ("src", "alt", "illustration"), prefix=f"{key}.")
            c.text("alt", data=item, prefix=f"{key}.")
            if not isinstance(item.get("illustration", False), bool):
                c.fail(f"{key}.illustration", "{field} must be true (a drawing, not a photo of the product) "
                       "or false", field=f"{key}.illustration")
        if not isinstance(src, str) or not src.strip():
            c.fail(key, "each image must be a file name, or a mapping with 'src' and 'alt'")
        elif leaves_folder(src):
            c.fail(key, "image '{src}' must be a file inside the product's folder", src=src)
        elif c.doc.bundle is None:
            c.fail(key, "image '{src}': a single-file product has no folder for images; "
                   "move it to content/products/{name}/index.md with its images beside it",
                   src=src, name=c.doc.name_slug)
        elif src in c.doc.outside_links:
            c.fail(key, "image '{src}' is a link to a file outside the product's folder; "
                   "copy the picture itself into {folder}/", src=src, folder=c.doc.bundle)
        elif src not in c.doc.bundle_files:
            near = image_near_miss(src, c.doc.bundle_files)
            if near:
                c.fail(key, "image '{src}' not found in {folder}/ (did you mean '{suggestion}'?)",
                       src=src, folder=c.doc.bundle, suggestion=near)
            else:
                c.fail(key, "image '{src}' not found in {folder}/", src=src, folder=c.doc.bundle)


def _check_producer(c: _Checker, producer: Any) -> None:
    if not isinstance(producer, dict):
        c.fail("producer", "'producer' must hold fields such as 'name' and 'type'")
        return
    c.unknown_keys(producer, PRODUCER_FIELDS, prefix="producer.")
    for key in ("name", "address", "phone", "email", "website"):
        c.text(key, data=producer, prefix="producer.")
    kind = producer.get("type")
    if kind is not None and kind not in PRODUCER_TYPES:
        allowed, near = ", ".join(PRODUCER_TYPES), near_miss(str(kind), PRODUCER_TYPES)
        if near:
            c.fail("producer.type", "unknown producer type '{value}' (did you mean '{suggestion}'?); "
                   "allowed: {allowed}", value=kind, suggestion=near, allowed=allowed)
        else:
            c.fail("producer.type", "unknown producer type '{value}' (allowed: {allowed})", value=kind,
                   allowed=allowed)
    email = producer.get("email")
    if isinstance(email, str) and not EMAIL.match(email):
        c.fail("producer.email", "'{email}' is not an e-mail address", email=email)
    website = producer.get("website")
    if isinstance(website, str) and not re.match(r"^https?://\S+$", website):
        c.fail("producer.website", "producer.website must start with http:// or https://")
    slug = producer.get("slug")
    if slug is not None and not (isinstance(slug, str) and is_slug(slug)):
        c.fail("producer.slug", "producer.slug '{slug}' must be lowercase letters, digits and hyphens, "
               "e.g. 'htx-mat-ong-dai-hop'", slug=slug)


def _check_certificate(c: _Checker, cert: Any) -> None:
    if not isinstance(cert, dict):
        c.fail("certificate", "'certificate' must hold fields such as 'number' and 'date'")
        return
    c.unknown_keys(cert, CERTIFICATE_FIELDS, prefix="certificate.")
    c.text("number", data=cert, prefix="certificate.")
    c.text("issuer", data=cert, prefix="certificate.")
    for key in ("date", "expires"):
        value = cert.get(key)
        if value is not None and (not isinstance(value, dt.date) or isinstance(value, dt.datetime)):
            c.fail(f"certificate.{key}", "{field} must be a date written YYYY-MM-DD", field=f"certificate.{key}")
    date, expires = cert.get("date"), cert.get("expires")
    if not isinstance(date, dt.date) or isinstance(date, dt.datetime):
        date = None
    if isinstance(expires, dt.date) and not isinstance(expires, dt.datetime) and date and expires < date:
        c.fail("certificate.expires", "certificate.expires is before certificate.date")
    elif date and "expires" not in cert and expiry(date, None) is None:
        c.fail("certificate.date", "certificate.date is too far in the future to be real")


def _check_place(c: _Checker, config: SiteConfig) -> None:
    """The product's district (area) and group: keys of site.yaml, or the official groups."""
    district = c.unknown_choice("district", config.districts)
    if district and district.suggestion:
        c.fail("district", "unknown district '{value}' (did you mean '{suggestion}'?); allowed: {allowed}",
               value=district.value, suggestion=district.suggestion, allowed=district.allowed)
    elif district:
        c.fail("district", "unknown district '{value}' (allowed: {allowed})", value=district.value,
               allowed=district.allowed)
    group = c.unknown_choice("group", config.groups)
    if group and group.suggestion:
        c.fail("group", "unknown group '{value}' (did you mean '{suggestion}'?); allowed: {allowed}",
               value=group.value, suggestion=group.suggestion, allowed=group.allowed)
    elif group:
        c.fail("group", "unknown group '{value}' (allowed: {allowed})", value=group.value, allowed=group.allowed)


def _check_product(c: _Checker, config: SiteConfig) -> None:
    data = c.data
    c.unknown_keys(data, PRODUCT_FIELDS)
    c.text("name", required=True)
    for key in ("commune", "summary", "price"):
        c.text(key)
    _check_place(c, config)
    stars = data.get("stars")
    if stars is None:
        c.fail("stars", "missing required field 'stars' (3, 4 or 5)")
    elif isinstance(stars, bool) or not isinstance(stars, int) or stars not in (3, 4, 5):
        c.fail("stars", "stars must be 3, 4 or 5 (OCOP certifies only these), not {value}", value=repr(stars))
    price_vnd = data.get("price_vnd")
    if price_vnd is not None and (isinstance(price_vnd, bool) or not isinstance(price_vnd, int) or price_vnd <= 0):
        c.fail("price_vnd", "price_vnd must be a whole number of đồng greater than 0, written without dots or "
               "spaces, such as 250000 (not {value}); 'price' holds the price as people read it",
               value=repr(price_vnd))
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
        c.fail("tags", "'tags' must be a list of words")


def _check_common(c: _Checker) -> None:
    if "draft" in c.data and not isinstance(c.data["draft"], bool):
        c.fail("draft", "'draft' must be true or false")
    slug = c.data.get("slug")
    if slug is not None and not (isinstance(slug, str) and is_slug(slug)):
        c.fail("slug", "slug '{slug}' must be lowercase letters, digits and hyphens, e.g. 'mat-ong-dai-hop'",
               slug=slug)


def _check_translation(c: _Checker, default: RawDocument, fields: tuple[str, ...],
                       translatable: tuple[str, ...]) -> None:
    base = default.front.data if default.front else {}
    c.unknown_keys(c.data, fields)
    for key, value in c.data.items():
        if key in fields and key not in translatable and value != base.get(key):
            c.fail(key, "'{field}' cannot differ in a translation: set it once in {path}", field=key,
                   path=default.path)
    if "images" in c.data:
        own, theirs = c.data["images"], base.get("images")
        srcs = [i.get("src") if isinstance(i, dict) else i for i in own] if isinstance(own, list) else None
        base_srcs = [i.get("src") if isinstance(i, dict) else i for i in theirs] if isinstance(theirs, list) else None
        if srcs != base_srcs:
            c.fail("images", "a translation may only change the images' 'alt' texts; "
                   "list the same files as {path}", path=default.path)
    for key in translatable:
        if key != "images":
            c.text(key)
    own = c.data.get("images")
    for index, item in enumerate(own if isinstance(own, list) else ()):
        if isinstance(item, dict):
            c.text("alt", data=item, prefix=f"images.{index}.")
            theirs = base.get("images")[index] if srcs == base_srcs else None
            if "illustration" in item and item["illustration"] != (
                    theirs.get("illustration", False) if isinstance(theirs, dict) else False):
                c.fail(f"images.{index}.illustration", "'{field}' cannot differ in a translation: set it once "
                       "in {path}", field=f"images.{index}.illustration", path=default.path)


def check_docset(docset: DocumentSet, config: SiteConfig) -> list[SiteError]:
    """Every problem of one product or page that does not involve another file or the date."""
    problems: list[SiteError] = []
    languages = config.languages
    default = docset.default
    for doc in docset.translations:
        c = _Checker(doc, problems)
        if doc.lang not in languages:
            problems.append(error(doc.path, 1, "translation for unknown language '{lang}' "
                                  "(site languages: {languages})", lang=doc.lang, languages=", ".join(languages)))
        elif doc.lang == languages[0]:
            problems.append(error(doc.path, 1, "'{lang}' is the default language: name this file {path}",
                                  lang=doc.lang, path=doc.default_path))
        elif default is None:
            problems.append(error(doc.path, 1, "translation without a default-language file: add {path}",
                                  path=doc.default_path))
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
        c.fail("slug", "no web address can be made from the name '{name}': add a 'slug:' field in "
               "Latin letters, e.g. 'slug: tra-xanh'", name=name)
    elif docset.slug and windows_reserved(docset.slug):
        c.fail("slug", "'{slug}' is a name Windows keeps for a device: a copy of the site on Windows or "
               "a USB stick could not hold its page; set another 'slug:'", slug=docset.slug)
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
            c.warn("name", "no translation for {missing}: the {lang} text is shown", "no-translation",
                   missing=", ".join(missing), lang=languages[0])
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
            problems.append(error(claim.path, claim.line, "page slug '{slug}' is reserved for the "
                                  "catalogue's own pages; choose another", slug=claim.slug))
        owner = first.setdefault((claim.kind, claim.slug), claim.path)
        if owner != claim.path:
            problems.append(error(claim.path, claim.line, "duplicate slug '{slug}': {owner} already "
                                  "uses it (set a different 'slug' in one of them)", slug=claim.slug, owner=owner))
    return problems


def expiry_warning(path: str, line: int, expires: dt.date, today: dt.date) -> SiteError | None:
    """The one problem that depends on the day of the build."""
    if expires >= today:
        return None
    return warning(path, line, "certificate expired on {date}", "certificate-expired", date=expires.isoformat())
