"""Validated raw documents -> the immutable :class:`Site`.

Runs only on content that passed :func:`validate.validate`, so it trusts
field types and references. Translations are laid over the default file
field by field; what a translation leaves out stays in the default language.
"""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from .documents import DocumentSet, RawDocument, group_documents
from .model import Certificate, Image, Localized, Page, Producer, Product, Site, SiteConfig, expiry
from .vntext import nfc

__all__ = ["build_site"]


def _texts(docset: DocumentSet, key: str, default_lang: str) -> Localized:
    """One front-matter text in every language that has it."""
    values: dict[str, str] = {}
    for doc in (docset.default, *docset.translations):
        assert doc is not None and doc.front is not None
        value = doc.front.data.get(key)
        if value is not None:
            values[doc.lang or default_lang] = str(value).strip()
    return Localized(values, default_lang)


def _bodies(docset: DocumentSet, default_lang: str) -> Localized:
    """The Markdown bodies; a translation with an empty body falls back to the default's."""
    values = {}
    for doc in docset.files:
        if doc.body.strip() or doc.lang is None:
            values[doc.lang or default_lang] = doc.body
    return Localized(values, default_lang)


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
                            path=f"{docset.default.bundle}/{src}"))
    return tuple(images)


def _optional_text(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    return None if value is None else str(value).strip()


def _producer(data: Any) -> Producer | None:
    if not data:
        return None
    return Producer(**{key: _optional_text(data, key) for key in
                       ("name", "type", "address", "phone", "email", "website")})


def _certificate(data: Any) -> Certificate | None:
    if not data:
        return None
    date: dt.date | None = data.get("date")
    expires = expiry(date, data.get("expires"))
    return Certificate(number=_optional_text(data, "number"), date=date,
                       issuer=_optional_text(data, "issuer"), expires=expires)


def _product(docset: DocumentSet, lang: str) -> Product:
    doc = docset.default
    assert doc is not None and doc.front is not None
    data = doc.front.data
    return Product(
        slug=docset.slug,
        source=doc.path,
        bundle=doc.bundle,
        name=_texts(docset, "name", lang),
        summary=_texts(docset, "summary", lang),
        commune=_texts(docset, "commune", lang),
        body=_bodies(docset, lang),
        district=str(data["district"]),
        group=str(data["group"]),
        stars=int(data["stars"]),
        producer=_producer(data.get("producer")),
        certificate=_certificate(data.get("certificate")),
        price=_optional_text(data, "price"),
        images=_images(docset, lang),
        tags=tuple(nfc(str(t)) for t in data.get("tags") or ()),
        translations=frozenset(d.lang or lang for d in docset.files),
        files=tuple(d.path for d in docset.files),
    )


def _page(docset: DocumentSet, lang: str) -> Page:
    assert docset.default is not None
    return Page(
        slug=docset.slug,
        source=docset.default.path,
        title=_texts(docset, "title", lang),
        summary=_texts(docset, "summary", lang),
        body=_bodies(docset, lang),
        translations=frozenset(d.lang or lang for d in docset.files),
        files=tuple(d.path for d in docset.files),
    )


def build_site(docs: list[RawDocument], config: SiteConfig, today: dt.date,
               ui: Mapping[str, Mapping[str, str]]) -> Site:
    """The whole catalogue; drafts and their translations are left out."""
    lang = config.default_language
    products, pages = [], []
    for docset in group_documents(docs):
        if docset.default is None or docset.is_draft:
            continue
        translations = DocumentSet(docset.default, tuple(
            d for d in docset.translations if d.lang in config.languages[1:]))
        if docset.default.kind == "product":
            products.append(_product(translations, lang))
        else:
            pages.append(_page(translations, lang))
    return Site(
        config=config,
        products=tuple(sorted(products, key=lambda p: p.slug)),
        pages=tuple(sorted(pages, key=lambda p: p.slug)),
        today=today,
        ui=ui,
    )
