"""The catalogue data script of one language, for the home page's filters and search.

The home page loads ``catalogue-data.js`` (``en/catalogue-data.js`` for
English, beside each language's home) with a plain ``<script src>``: no
``fetch``, no modules, so it works from ``file://`` (a USB stick at a trade
fair). It sets ``window.ocopCatalogueData`` to a compact, deterministic
object (sorted keys, no spaces, no timestamps) holding per product only what
cards, filters and search need: the texts that search alone uses (producer,
commune, summary) are there only folded. The theme's ``catalogue.js`` reads it.

Products are arrays whose columns ``fields`` names, in Vietnamese
alphabetical order of the name; ``district`` and ``group`` are indexes into
the ``districts`` and ``groups`` tables; ``cover`` describes the card
picture; values most covers share are stored once, in ``cover_defaults``.
``search`` is the product's name, producer, commune and summary folded by
:func:`ocop_site.vntext.fold` and joined by ``|``; the script folds the
query with its JavaScript twin. Trailing empty columns are left out.
"""
from __future__ import annotations

import json
from collections import Counter
from typing import Any

from ..model import Site
from ..vntext import fold, nfc, vi_sort_key
from .views import Catalogue, Facet, FacetValue, ProductView, page_path

__all__ = ["HOME_PAGE_SIZE", "FIELDS", "data_path", "filter_facets", "search_text",
           "catalogue_data", "catalogue_script"]

HOME_PAGE_SIZE = 60
"""Cards per page: the no-JavaScript home lists this many (all when there are
no more), and the script renders matching cards this many at a time."""

FIELDS = ("slug", "name", "stars", "district", "group", "search", "name_lang", "cover")
"""The columns of a product record in the data file."""

GLOBAL = "ocopCatalogueData"


def data_path(lang: str, default_lang: str) -> str:
    """Where a language's data script goes, from the output root: beside its home page."""
    return page_path(lang, default_lang).replace("index.html", "catalogue-data.js")


def _province_of(site: Site, district: str) -> str | None:
    return site.config.districts[district].province


def filter_facets(site: Site, catalogue: Catalogue) -> tuple[Facet, ...]:
    """The facets the home page's filter form offers.

    District, group and stars; before them province, when the catalogue's
    products come from more than one province. Province has no pages of its
    own, so its Facet and values have the path ``""``.
    """
    counts: dict[str, int] = {}
    for product in catalogue.products:
        province = _province_of(site, product.district.key)
        if province is not None:
            counts[province] = counts.get(province, 0) + 1
    if len(counts) < 2:
        return catalogue.facets
    names = [(key, site.config.provinces[key].name(catalogue.lang)) for key in counts]
    names.sort(key=lambda kv: (vi_sort_key(kv[1]), kv[0]))
    facet = Facet("province", catalogue.strings.get("province", "Province"), "", tuple(
        FacetValue("province", key, name, counts[key], "") for key, name in names))
    return (facet, *catalogue.facets)


def _pattern(srcset: str) -> tuple[str, list[int]] | None:
    """``a-400.jpg 400w, a-800.jpg 800w`` -> (``a-{w}.jpg``, [400, 800]), when every
    candidate is one path with its width in it; None otherwise."""
    pattern, widths = None, []
    for candidate in srcset.split(",") if "{" not in srcset else ():
        path, _, descriptor = candidate.strip().rpartition(" ")
        width = descriptor[:-1]
        if not (descriptor.endswith("w") and width.isdigit() and width in path):
            return None
        head, _, tail = path.rpartition(width)
        if pattern not in (None, head + "{w}" + tail):
            return None
        pattern = head + "{w}" + tail
        widths.append(int(width))
    if pattern is None or srcset != ", ".join(f"{pattern.replace('{w}', str(w))} {w}w" for w in widths):
        return None  # the script could not rebuild it exactly
    return pattern, widths


def _cover(product: ProductView) -> dict[str, Any] | None:
    """The card picture as the script needs it, paths from the output root:
    ``src``, ``srcset``, ``sizes``, ``width``, ``height`` and ``webp`` (the
    WebP ``srcset``), as far as the image view has them (``ImageView.data()``).
    A ``srcset`` of one path in several widths is shortened to a pattern
    (``images/ab12-{w}.webp``) and the widths ``w``."""
    cover = product.cover
    if cover is None:
        return None
    found = cover.data()
    found.pop("type", None)  # the card's <source> is always WebP; the <img> needs no type
    for key in ("srcset", "webp"):
        short = _pattern(found.get(key) or "")
        if short and found.setdefault("w", short[1]) == short[1]:
            found[key] = short[0]
    return found


def _hoist(records: list[list[Any]], keys: tuple[str, ...]) -> dict[str, Any]:
    """Move the most common value of each cover key out of the records, to be stored once."""
    covers = [r[-1] for r in records if len(r) == len(FIELDS) and r[-1]]
    shared: dict[str, Any] = {}
    for key in keys:
        common = Counter(json.dumps(c[key]) for c in covers if key in c).most_common(1)
        if common:
            shared[key] = json.loads(common[0][0])
            for cover in covers:
                if cover.get(key) == shared[key]:
                    del cover[key]
    return shared


def search_text(product: ProductView, original_name: str = "") -> str:
    """What search looks in: name, producer, commune and summary, folded, ``|`` between.

    ``original_name``: the default-language name of a translated product, kept
    beside its translated name, so a buyer typing "mật ong" on the English page
    still finds "Dai Hop honey"."""
    producer = (product.producer.name or "") if product.producer else ""
    name = product.name.value
    if original_name and original_name != name:
        name = f"{name} {original_name}"
    texts = (name, producer, product.commune.value, product.summary.value)
    return "|".join(fold(nfc(text)).replace("|", " ") for text in texts)


def _record(product: ProductView, districts: dict[str, int], groups: dict[str, int],
            original_name: str) -> list[Any]:
    record: list[Any] = [
        product.slug, nfc(product.name.value), product.stars, districts[product.district.key],
        groups[product.group.key], search_text(product, original_name),
        product.name.lang if product.name.fallback else "", _cover(product),
    ]
    while record[-1] in ("", None):
        record.pop()
    return record


def catalogue_data(site: Site, catalogue: Catalogue) -> dict[str, Any]:
    """The data of one language, as a JSON-ready value."""
    lang, default = catalogue.lang, site.config.default_language
    district_values = catalogue.facet("district").values
    provinces = sorted({p for v in district_values if (p := _province_of(site, v.key))},
                       key=lambda k: (vi_sort_key(site.config.provinces[k].name(lang)), k))
    province_index = {key: i for i, key in enumerate(provinces)}
    districts = {v.key: i for i, v in enumerate(district_values)}
    groups = {v.key: i for i, v in enumerate(catalogue.facet("group").values)}
    placeholders = {p.group.key: p.placeholder for p in catalogue.products}
    originals = {p.slug: p.name(default) for p in site.products} if lang != default else {}
    products = [_record(p, districts, groups, originals.get(p.slug, "")) for p in catalogue.products]
    cover_defaults = _hoist(products, ("sizes", "w"))
    return {
        "version": 1,
        "lang": lang,
        "page_size": HOME_PAGE_SIZE,
        "product_path": page_path(lang, default, "products", "{slug}"),
        "fields": list(FIELDS),
        "provinces": [{"key": k, "name": site.config.provinces[k].name(lang)} for k in provinces],
        "districts": [
            {"key": v.key, "name": v.name, "fold": fold(v.name),
             "province": province_index.get(_province_of(site, v.key) or "", -1)}
            for v in district_values
        ],
        "groups": [{"key": v.key, "name": v.name, "placeholder": placeholders[v.key]}
                   for v in catalogue.facet("group").values],
        "products": products,
        **({"cover_defaults": cover_defaults} if cover_defaults else {}),
    }


def catalogue_script(site: Site, catalogue: Catalogue) -> bytes:
    """The data script: ``window.ocopCatalogueData={…};``, UTF-8, same input -> same bytes."""
    text = json.dumps(catalogue_data(site, catalogue), ensure_ascii=False, sort_keys=True,
                      separators=(",", ":"))
    return f"window.{GLOBAL}={text};\n".encode("utf-8")
