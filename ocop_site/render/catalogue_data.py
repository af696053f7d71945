"""The catalogue data script of one language, for the home page's filters and search.

The home page loads ``catalogue-data.js`` (``en/catalogue-data.js`` for
English, beside each language's home) with a plain ``<script src>``: no
``fetch``, no modules, so it works from ``file://`` (a USB stick at a trade
fair). It sets ``window.ocopCatalogueData`` to a compact, deterministic
object (sorted keys, no spaces, no timestamps) holding per product only what
cards, filters and search need. The theme's ``catalogue.js`` reads it.

Products are arrays whose columns ``fields`` names, in Vietnamese
alphabetical order of the name; ``district`` and ``group`` are indexes into
the ``districts`` and ``groups`` tables, which list every area and group of
``site.yaml`` (so a product's record depends on nothing but the product and
``site.yaml``, and is made once and cached: :func:`product_record`);
``cover`` describes the card picture, leaving out what ``cover_defaults``
says. ``search`` is the product's name, producer, commune and summary as
words (lower case, NFC, anything but letters, marks and digits made one space),
joined by ``|``: the script folds them (with the JavaScript twin of
:func:`ocop_site.vntext.fold`) and keeps their marks, so that a word typed with
marks (trà) finds tràn but not trấn. Trailing empty columns are left out.
"""
from __future__ import annotations

import json
import unicodedata
from dataclasses import dataclass
from typing import Any, Mapping, Sequence

from ..fragments import kept_json
from ..model import Site
from ..vntext import nfc, vi_sort_key
from .catalogue import Catalogue
from .image_views import CARD_SIZES
from .paths import PAGE_SIZE, page_path
from .views import ProductView

__all__ = ["FIELDS", "DataTables", "data_path", "search_text", "search_words", "data_tables", "product_record", "checked_records",
           "catalogue_script"]

FIELDS = ("slug", "name", "stars", "district", "group", "search", "name_lang", "cover")
"""The columns of a product record in the data file."""

GLOBAL = "ocopCatalogueData"
_PRODUCTS = "\x00products\x00"  # where the records go in the script's JSON


def data_path(lang: str, default_lang: str) -> str:
    """Where a language's data script goes, from the output root: beside its home page."""
    return page_path(lang, default_lang).replace("index.html", "catalogue-data.js")


def _dumps(value: Any) -> str:
    """Compact, deterministic JSON that is also a valid JavaScript literal in any engine."""
    text = json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return text.replace("\u2028", "\\u2028").replace("\u2029", "\\u2029")


@dataclass(frozen=True, slots=True)
class DataTables:
    """The lookup tables of one language's data script, and each key's index in them."""

    json: Mapping[str, Any]
    district_index: Mapping[str, int]
    group_index: Mapping[str, int]


def data_tables(site: Site, lang: str, placeholders: Mapping[str, str]) -> DataTables:
    """The lookup tables of one language, from ``site.yaml`` (and the label of illustrated
    covers, from the theme's strings): provinces and areas in Vietnamese alphabetical order of
    their names, groups in ``site.yaml``'s order."""
    config = site.config

    def by_name(table: Mapping[str, Any]) -> list[str]:
        return sorted(table, key=lambda k: (vi_sort_key(table[k].name(lang)), k))

    provinces = by_name(config.provinces)
    province_index = {key: i for i, key in enumerate(provinces)}
    districts = by_name(config.districts)
    tables = {
        "provinces": [{"key": k, "name": config.provinces[k].name(lang)} for k in provinces],
        "districts": [
            {"key": k, "name": config.districts[k].name(lang),
             "province": province_index.get(config.districts[k].province or "", -1)}
            for k in districts
        ],
        "groups": [{"key": k, "name": g.name(lang), "placeholder": placeholders.get(k, placeholders[""])}
                   for k, g in config.groups.items()],
        "cover_defaults": {"sizes": CARD_SIZES, "w": list(config.images.widths)},
        "illustration": site.ui.get(lang, {}).get("illustration", "Illustration"),  # a card's label
    }
    return DataTables(tables, {k: i for i, k in enumerate(districts)},
                      {k: i for i, k in enumerate(config.groups)})


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


def _cover(product: ProductView, defaults: Mapping[str, Any]) -> dict[str, Any] | None:
    """The card picture as the script needs it, paths from the output root:
    ``src``, ``srcset``, ``sizes``, ``width``, ``height`` and ``webp`` (the
    WebP ``srcset``), as far as the image view has them (``ImageView.data()``).
    A ``srcset`` of one path in several widths is shortened to a pattern
    (``images/ab12-{w}.webp``) and the widths ``w``. Values equal to
    ``defaults`` are left out."""
    cover = product.cover
    if cover is None:
        return None
    found = cover.data()
    found.pop("type", None)  # the card's <source> is always WebP; the <img> needs no type
    for key in ("srcset", "webp"):
        short = _pattern(found.get(key) or "")
        if short and found.setdefault("w", short[1]) == short[1]:
            found[key] = short[0]
    return {k: v for k, v in found.items() if defaults.get(k) != v}


def search_text(product: ProductView, original_name: str = "") -> str:
    """What search looks in: the words of name, producer, commune and summary, ``|`` between.

    ``original_name``: the default-language name of a translated product, kept
    beside its translated name, so a buyer typing "mật ong" on the English page
    still finds "Dai Hop honey"."""
    producer = (product.producer.name or "") if product.producer else ""
    name = product.name.value
    if original_name and original_name != name:
        name = f"{name} {original_name}"
    texts = (name, producer, product.commune.value, product.summary.value)
    return "|".join(search_words(text) for text in texts)


class _WordCharacters(dict[int, int]):
    """For ``str.translate``: a letter, mark or number stays, anything else becomes a space;
    each character's category is looked up once, then kept."""

    def __missing__(self, code: int) -> int:
        found = self[code] = code if unicodedata.category(chr(code))[0] in "LMN" else 32
        return found


_WORD_CHARACTERS = _WordCharacters()


def search_words(text: str) -> str:
    """``Mật ong (Đại-Hợp)`` -> ``mật ong đại hợp``: as catalogue.js splits words (letters,
    marks and numbers; anything else separates them)."""
    return " ".join(nfc(text).lower().translate(_WORD_CHARACTERS).split())


def product_record(site: Site, catalogue: Catalogue, slug: str, tables: DataTables) -> str:
    """One product's record in the data script of ``catalogue``'s language, as JSON text."""
    product = catalogue.product(slug)
    default = site.config.default_language
    original = catalogue.model(slug).name(default) if catalogue.lang != default else ""
    record: list[Any] = [
        product.slug, nfc(product.name.value), product.stars, tables.district_index[product.district.key],
        tables.group_index[product.group.key], search_text(product, original),
        product.name.lang if product.name.fallback else "", _cover(product, tables.json["cover_defaults"]),
    ]
    while record[-1] in ("", None, {}):
        record.pop()
    return _dumps(record)


def checked_records(records: Sequence[str], slugs: Sequence[str]) -> list[int]:
    """Which of ``records`` (JSON texts read back from the build state, which may be damaged
    or tampered with) are not :func:`product_record` texts of ``slugs``, in order: none when
    their list parses as JSON (so it is a JavaScript literal, never code) into one record
    per slug, each a list led by its slug. One parse of the whole list, as that is the usual
    case; the records one by one only when it fails."""
    text = "[" + ",".join(records) + "]"
    if "\u2028" not in text and "\u2029" not in text:
        values = kept_json(text)
        if (isinstance(values, list) and len(values) == len(slugs)
                and all(isinstance(v, list) and v and v[0] == s for v, s in zip(values, slugs))):
            return []
    return [i for i, (record, slug) in enumerate(zip(records, slugs)) if _bad_record(record, slug)]


def _bad_record(record: str, slug: str) -> bool:
    """Whether one record is not :func:`product_record`'s text for ``slug``."""
    if "\u2028" in record or "\u2029" in record:
        return True
    value = kept_json(record)
    return not (isinstance(value, list) and value and value[0] == slug)


def catalogue_script(lang: str, default_lang: str, tables: DataTables, records: Sequence[str]) -> bytes:
    """The data script: ``window.ocopCatalogueData={…};``, UTF-8, same input -> same bytes.
    ``records``: :func:`product_record` of every product, in name order."""
    data = {
        "version": 2, "lang": lang, "page_size": PAGE_SIZE,
        "product_path": page_path(lang, default_lang, "products", "{slug}"),
        "fields": list(FIELDS), **tables.json, "products": _PRODUCTS,
    }
    text = _dumps(data).replace(_dumps(_PRODUCTS), "[" + ",".join(records) + "]", 1)
    return f"window.{GLOBAL}={text};\n".encode("utf-8")
