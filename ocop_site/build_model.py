"""Validated documents -> the immutable model: a :class:`Product` or :class:`Page` per
document set, and the :class:`Site` that holds them.

Runs only on content that passed :func:`validate.check_docset`, so it trusts
field types and references. Translations are laid over the default file
field by field; what a translation leaves out stays in the default language.
A body is kept as the digest of its Markdown (:func:`body_key`); the text
itself waits in a :class:`~ocop_site.bodies.BodyStore` until it is rendered.
"""
from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import replace
from typing import Any, Iterable, Mapping

from .documents import DocumentSet, RawDocument
from .model import Certificate, Image, Localized, Maker, Page, Producer, Product, Site, SiteConfig, expiry
from .file_names import windows_reserved
from .vntext import nfc, slugify, vi_sort_key

PRODUCER_PARTS = ("name", "type", "address", "phone", "email", "website", "slug")

__all__ = ["product_of", "page_of", "site_of", "makers_of", "body_key", "bodies_of"]


def body_key(text: str) -> str:
    """The digest that stands for a Markdown body in the model."""
    return hashlib.blake2b(text.encode("utf-8", "surrogatepass"), digest_size=16).hexdigest()


def _texts(docset: DocumentSet, key: str, default_lang: str) -> Localized:
    """One front-matter text in every language that has it."""
    values: dict[str, str] = {}
    for doc in (docset.default, *docset.translations):
        assert doc is not None and doc.front is not None
        value = doc.front.data.get(key)
        if value is not None:
            values[doc.lang or default_lang] = str(value).strip()
    return Localized(values, default_lang)


def _with_body(docset: DocumentSet) -> list[RawDocument]:
    """The files whose body counts: a translation with an empty body falls back to the default's."""
    return [doc for doc in docset.files if doc.body.strip() or doc.lang is None]


def _bodies(docset: DocumentSet, default_lang: str) -> tuple[Localized, dict[str, str]]:
    """(the bodies' digests by language, the file each comes from)."""
    docs = _with_body(docset)
    return (Localized({d.lang or default_lang: body_key(d.body) for d in docs}, default_lang),
            {d.lang or default_lang: d.path for d in docs})


def bodies_of(docset: DocumentSet) -> dict[str, str]:
    """digest -> Markdown text of every body of a document set."""
    return {body_key(d.body): d.body for d in _with_body(docset)}


def _images(docset: DocumentSet, default_lang: str) -> tuple[Image, ...]:
    def entries(doc: RawDocument) -> list[Any]:
        return list(doc.front.data.get("images") or []) if doc.front else []

    assert docset.default is not None
    base = entries(docset.default)
    images = []
    for index, item in enumerate(base):
        src = item["src"] if isinstance(item, dict) else item
        alts: dict[str, str] = {}
        for doc in (docset.default, *docset.translations):
            items = entries(doc)
            if index < len(items) and isinstance(items[index], dict) and items[index].get("alt"):
                alts[doc.lang or default_lang] = str(items[index]["alt"]).strip()
        alt = Localized(alts, default_lang) if default_lang in alts else None
        lines = docset.default.front.lines if docset.default.front else {}
        images.append(Image(src=src, alt=alt, line=lines.get(f"images.{index}"),
                            path=f"{docset.default.bundle}/{src}",
                            illustration=isinstance(item, dict) and item.get("illustration") is True))
    return tuple(images)


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value).strip()


def _producer(data: Any) -> Producer | None:
    if not data:
        return None
    return Producer(**{key: _optional_text(data, key) for key in PRODUCER_PARTS})


def _same_name(name: str) -> str:
    """A producer's name as products are matched by it: NFC, each run of spaces as one."""
    return " ".join(nfc(name).split())


def makers_of(products: Iterable[Product]) -> tuple[Maker, ...]:
    """The producers products name. Products name the same producer when they write the same
    name (NFC, spaces collapsed) or give the same 'producer.slug'; a 'producer.slug' also joins
    the producer whose name makes that slug. A page's slug is then the producer's 'slug', else its
    name's; when two producers would share one (or it is a name Windows keeps for a device), the
    later in Vietnamese order of their names get ``-2``, ``-3``…; the name shown is the one most
    of its products write."""
    groups: dict[tuple[str, str], list[Product]] = {}  # ("slug", s) or ("name", n) -> products
    for product in sorted(products, key=lambda p: p.slug):
        producer = product.producer
        name = _same_name(producer.name) if producer and producer.name else ""
        if producer is None or not (producer.slug or slugify(name)):
            continue
        key = ("slug", producer.slug) if producer.slug else ("name", name)
        groups.setdefault(key, []).append(product)
    for kind, name in [k for k in groups if k[0] == "name"]:
        forced = ("slug", slugify(name))
        if forced in groups:
            groups[forced] = sorted(groups[forced] + groups.pop((kind, name)), key=lambda p: p.slug)
    makers: list[Maker] = []
    taken: set[str] = set()

    def shown_name(members: list[Product]) -> str:
        names = Counter(_same_name(p.producer.name) for p in members if p.producer and p.producer.name)
        if len(names) == 1:  # most producers: one name
            return next(iter(names))
        return min(names, key=lambda n: (-names[n], vi_sort_key(n), n)) if names else ""

    shown = {key: shown_name(members) for key, members in groups.items()}
    ordered = sorted(groups.items(), key=lambda kv: (kv[0][0] == "name", vi_sort_key(shown[kv[0]]), kv[0]))
    for (kind, value), members in ordered:
        given = [p.producer for p in members if p.producer]
        merged = Producer(**{part: next((getattr(g, part) for g in given if getattr(g, part)), None)
                             for part in PRODUCER_PARTS})
        merged = replace(merged, name=shown[kind, value] or None, slug=value if kind == "slug" else None)
        base = value if kind == "slug" else slugify(value)
        slug, n = base, 1
        while slug in taken or windows_reserved(slug):  # "Con" would be producers/con/: not on Windows
            n += 1
            slug = f"{base}-{n}"
        taken.add(slug)
        makers.append(Maker(slug, merged, tuple(p.slug for p in members)))
    return tuple(sorted(makers, key=lambda m: m.slug))


def _certificate(data: Any) -> Certificate | None:
    if not data:
        return None
    date: dt.date | None = data.get("date")
    expires = expiry(date, data.get("expires"))
    return Certificate(number=_optional_text(data, "number"), date=date,
                       issuer=_optional_text(data, "issuer"), expires=expires,
                       year=date.year if date else data.get("year"))


def _published(docset: DocumentSet, languages: tuple[str, ...]) -> DocumentSet:
    """The document set without translations into languages the site does not have."""
    return DocumentSet(docset.default, tuple(d for d in docset.translations if d.lang in languages[1:]))


def product_of(docset: DocumentSet, languages: tuple[str, ...]) -> Product:
    """A product from its checked, published (not draft) document set."""
    docset = _published(docset, languages)
    lang = languages[0]
    doc = docset.default
    assert doc is not None and doc.front is not None
    data = doc.front.data
    body, body_files = _bodies(docset, lang)
    return Product(
        slug=docset.slug,
        source=doc.path,
        bundle=doc.bundle,
        name=_texts(docset, "name", lang),
        summary=_texts(docset, "summary", lang),
        commune=_texts(docset, "commune", lang),
        body=body,
        district=str(data["district"]),
        group=str(data["group"]),
        stars=int(data["stars"]),
        producer=_producer(data.get("producer")),
        certificate=_certificate(data.get("certificate")),
        price=_optional_text(data, "price"),
        images=_images(docset, lang),
        tags=tuple(nfc(str(t)).strip() for t in data.get("tags") or ()),
        translations=frozenset(d.lang or lang for d in docset.files),
        files=tuple(d.path for d in docset.files),
        body_files=body_files,
        price_vnd=data.get("price_vnd"),
    )


def page_of(docset: DocumentSet, languages: tuple[str, ...]) -> Page:
    """A free page from its checked, published document set."""
    docset = _published(docset, languages)
    lang = languages[0]
    assert docset.default is not None
    body, body_files = _bodies(docset, lang)
    return Page(
        slug=docset.slug,
        source=docset.default.path,
        title=_texts(docset, "title", lang),
        summary=_texts(docset, "summary", lang),
        body=body,
        translations=frozenset(d.lang or lang for d in docset.files),
        files=tuple(d.path for d in docset.files),
        body_files=body_files,
    )


def site_of(config: SiteConfig, products: Iterable[Product], pages: Iterable[Page], today: dt.date,
            ui: Mapping[str, Mapping[str, str]]) -> Site:
    """The whole catalogue, products and pages in slug order."""
    products = tuple(sorted(products, key=lambda p: p.slug))
    return Site(
        config=config,
        products=products,
        pages=tuple(sorted(pages, key=lambda p: p.slug)),
        today=today,
        ui=ui,
        makers=makers_of(products),
    )
