"""What one document set gives, and its JSON form kept in the build state.

Checking a product and building its model depend only on its files, its
folder and ``site.yaml`` (:func:`ocop_site.validate.check_docset`), so the
result is kept under a digest of exactly those (:func:`memo_key`); a build
that finds it reads, parses and checks nothing of that product again.

A memo comes from ``.cache/``, which may have been damaged or tampered
with, so :func:`decode` checks the type of every value and refuses a
picture path that leaves the product's folder; anything odd gives None,
and the product is read again from its files.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Callable

from .config import leaves_folder
from .errors import SiteError
from .images import ImageRef
from .model import Certificate, Image, Localized, Page, Producer, Product
from .plan import digest

__all__ = ["DocsetResult", "memo_key", "encode", "decode"]


@dataclass(frozen=True, slots=True)
class DocsetResult:
    """One product or page: its problems, its model (when it passed), its pictures."""

    kind: str  # product or page
    path: str  # the default-language file
    slug: str
    slug_line: int  # of its 'slug' field, or 1: where a duplicate slug is reported
    published: bool  # has a default file and is not a draft
    problems: tuple[SiteError, ...]  # errors and warnings that do not depend on the date
    product: Product | None = None  # None when it has errors, is a draft, or is a page
    page: Page | None = None
    images: tuple[ImageRef, ...] = ()  # pictures to process, even when there are errors
    expiry: tuple[dt.date, int] | None = None  # its certificate's last day, and the line to warn at
    year: tuple[int, int] | None = None  # a certificate known only by its year: the year, and its line


def memo_key(program: str, config: str, kind: str, files: list[tuple[str, str]], bundle: str) -> str:
    """``files``: (path, content hash) of the set's files, in any order; ``bundle``: a digest of its
    folder's listing."""
    return "docset:" + digest(program, config, kind, bundle, *(part for f in sorted(files) for part in f))


class _Bad(Exception):
    pass


def _check(ok: bool) -> None:
    if not ok:
        raise _Bad


def _s(value: Any) -> str:
    _check(isinstance(value, str))
    return value


def _os(value: Any) -> str | None:
    return None if value is None else _s(value)


def _i(value: Any) -> int:
    _check(isinstance(value, int) and not isinstance(value, bool))
    return value


def _oi(value: Any) -> int | None:
    return None if value is None else _i(value)


def _date(value: Any) -> dt.date | None:
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(_s(value))
    except ValueError:
        raise _Bad from None


def _list(value: Any, item: Callable[[Any], Any]) -> tuple[Any, ...]:
    _check(type(value) is list)
    return tuple(item(v) for v in value)


def _strings(value: Any) -> tuple[str, ...]:
    _check(type(value) is list and all(type(v) is str for v in value))
    return tuple(value)


def _map(value: Any) -> dict[str, str]:
    _check(type(value) is dict and all(type(k) is str and type(v) is str for k, v in value.items()))
    return value  # type: ignore[no-any-return]


def _localized(value: Any) -> Localized:
    _check(type(value) is list and len(value) == 2 and type(value[1]) is str)
    return Localized(_map(value[0]), value[1])


def _error(value: Any) -> SiteError:
    _check(isinstance(value, list) and len(value) == 6 and value[3] in ("error", "warning"))
    args = value[5]
    _check(isinstance(args, list) and all(isinstance(a, list) and len(a) == 2 for a in args))
    return SiteError(_s(value[0]), _oi(value[1]), _s(value[2]), value[3], _s(value[4]),
                     tuple((_s(name), _s(text)) for name, text in args))


def _ref(bundle: str | None) -> Callable[[Any], ImageRef]:
    def decode_ref(value: Any) -> ImageRef:
        _check(isinstance(value, list) and len(value) == 5 and value[4] == "photo" and bundle is not None)
        path, name = _s(value[0]), _s(value[3])
        _check(not leaves_folder(name) and path == f"{bundle}/{name}")
        return ImageRef(path, _s(value[1]), _oi(value[2]), name, "photo")
    return decode_ref


def _image(bundle: str | None) -> Callable[[Any], Image]:
    def decode_image(value: Any) -> Image:
        _check(isinstance(value, list) and len(value) == 5 and bundle is not None and isinstance(value[4], bool))
        src, path = _s(value[0]), _s(value[3])
        _check(not leaves_folder(src) and path == f"{bundle}/{src}")
        return Image(src, None if value[1] is None else _localized(value[1]), _oi(value[2]), path, value[4])
    return decode_image


def _producer(value: Any) -> Producer | None:
    if value is None:
        return None
    _check(isinstance(value, list) and len(value) == 7)
    return Producer(*(_os(v) for v in value))


def _certificate(value: Any) -> Certificate | None:
    if value is None:
        return None
    _check(isinstance(value, list) and len(value) == 5)
    return Certificate(_os(value[0]), _date(value[1]), _os(value[2]), _date(value[3]), _oi(value[4]))


def _loc(value: Localized | None) -> list[Any] | None:
    return None if value is None else [dict(value.values), value.default]


def _iso(day: dt.date | None) -> str | None:
    return None if day is None else day.isoformat()


def _price(value: Any) -> int | None:
    price = _oi(value)
    _check(price is None or price > 0)
    return price


def _encode_product(p: Product) -> dict[str, Any]:
    return {
        "slug": p.slug, "source": p.source, "bundle": p.bundle, "name": _loc(p.name),
        "summary": _loc(p.summary), "commune": _loc(p.commune), "body": _loc(p.body),
        "district": p.district, "group": p.group, "stars": p.stars,
        "producer": None if p.producer is None else [p.producer.name, p.producer.type, p.producer.address,
                                                      p.producer.phone, p.producer.email, p.producer.website,
                                                      p.producer.slug],
        "certificate": None if p.certificate is None else [
            p.certificate.number, _iso(p.certificate.date), p.certificate.issuer, _iso(p.certificate.expires),
            p.certificate.year],
        "price": p.price, "images": [[i.src, _loc(i.alt), i.line, i.path, i.illustration] for i in p.images],
        "tags": list(p.tags), "translations": sorted(p.translations), "files": list(p.files),
        "body_files": dict(p.body_files), "price_vnd": p.price_vnd,
    }


def _decode_product(d: Any) -> Product:
    _check(isinstance(d, dict))
    bundle = _os(d["bundle"])
    return Product(
        slug=_s(d["slug"]), source=_s(d["source"]), bundle=bundle, name=_localized(d["name"]),
        summary=_localized(d["summary"]), commune=_localized(d["commune"]), body=_localized(d["body"]),
        district=_s(d["district"]), group=_s(d["group"]), stars=_i(d["stars"]),
        producer=_producer(d["producer"]), certificate=_certificate(d["certificate"]), price=_os(d["price"]),
        images=_list(d["images"], _image(bundle)), tags=_strings(d["tags"]),
        translations=frozenset(_strings(d["translations"])), files=_strings(d["files"]),
        body_files=_map(d["body_files"]), price_vnd=_price(d["price_vnd"]),
    )


def _encode_page(p: Page) -> dict[str, Any]:
    return {"slug": p.slug, "source": p.source, "title": _loc(p.title), "summary": _loc(p.summary),
            "body": _loc(p.body), "translations": sorted(p.translations), "files": list(p.files),
            "body_files": dict(p.body_files)}


def _decode_page(d: Any) -> Page:
    _check(isinstance(d, dict))
    return Page(slug=_s(d["slug"]), source=_s(d["source"]), title=_localized(d["title"]),
                summary=_localized(d["summary"]), body=_localized(d["body"]),
                translations=frozenset(_strings(d["translations"])), files=_strings(d["files"]),
                body_files=_map(d["body_files"]))


def encode(result: DocsetResult) -> str:
    return json.dumps({
        "kind": result.kind, "path": result.path, "slug": result.slug, "slug_line": result.slug_line,
        "published": result.published,
        "problems": [[p.path, p.line, p.template, p.severity, p.kind, p.args] for p in result.problems],
        "product": None if result.product is None else _encode_product(result.product),
        "page": None if result.page is None else _encode_page(result.page),
        "images": [[r.path, r.shown, r.line, r.name, r.purpose] for r in result.images],
        "expiry": None if result.expiry is None else [result.expiry[0].isoformat(), result.expiry[1]],
        "year": None if result.year is None else list(result.year),
    }, ensure_ascii=False, separators=(",", ":"))


def decode(text: str, bundle: str | None) -> DocsetResult | None:
    """The result :func:`encode` wrote, or None when the text is not one (a damaged cache).
    ``bundle``: the product's folder as the scan found it; every picture must be in it."""
    try:
        d = json.loads(text)
        _check(isinstance(d, dict) and d.get("kind") in ("product", "page")
               and isinstance(d.get("published"), bool))
        expiry = d["expiry"]
        _check(expiry is None or (isinstance(expiry, list) and len(expiry) == 2 and expiry[0] is not None))
        year = d["year"]
        _check(year is None or (isinstance(year, list) and len(year) == 2))
        product = None if d["product"] is None else _decode_product(d["product"])
        _check(product is None or product.bundle == bundle)
        return DocsetResult(
            kind=d["kind"], path=_s(d["path"]), slug=_s(d["slug"]), slug_line=_i(d["slug_line"]),
            published=d["published"], problems=_list(d["problems"], _error), product=product,
            page=None if d["page"] is None else _decode_page(d["page"]),
            images=_list(d["images"], _ref(bundle)),
            expiry=None if expiry is None else (_date(expiry[0]) or dt.date.min, _i(expiry[1])),
            year=None if year is None else (_i(year[0]), _i(year[1])),
        )
    except (_Bad, ValueError, KeyError, TypeError, IndexError, RecursionError):
        return None
