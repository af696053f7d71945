"""Column titles to product fields.

Titles are compared folded (lower case, no diacritics, punctuation as spaces), so
``TÊN SẢN PHẨM``, ``Tên sản phẩm (*)`` and ``ten san pham`` are one title.
"""
from __future__ import annotations

import re
from typing import Any, Mapping

from ..render.open_data_csv import csv_columns
from ..vntext import fold

__all__ = ["FIELDS", "REQUIRED", "HEADERS", "IGNORED", "folded_title", "builtin_field", "catalogue_csv_columns"]

FIELDS = ("name", "slug", "district", "group", "stars", "commune", "summary",
          "producer.name", "producer.type", "producer.address", "producer.phone", "producer.email",
          "producer.website", "certificate.number", "certificate.date", "certificate.year", "certificate.issuer",
          "price", "price_vnd")
"""What a column may fill: the product's front matter fields, in the README's order ("A product")."""

REQUIRED = ("name", "district", "group", "stars")

HEADERS: Mapping[str, tuple[str, ...]] = {
    "name": ("ten san pham", "san pham", "ten sp", "ten", "name", "product", "product name"),
    "slug": ("slug",),
    "district": ("huyen", "khu vuc", "quan huyen", "huyen thi xa thanh pho", "huyen thi xa", "dia ban",
                 "district", "area"),
    "group": ("nhom san pham", "nhom", "nganh", "nganh nhom", "phan nhom", "bo san pham", "group",
              "product group"),
    "stars": ("hang sao", "so sao", "sao", "xep hang", "hang", "ket qua xep hang", "stars", "star rating", "rating"),
    "commune": ("xa phuong", "xa", "phuong", "xa phuong thi tran", "xa phuong dac khu", "commune", "ward"),
    "summary": ("mo ta", "gioi thieu", "tom tat", "summary", "description"),
    "price": ("gia", "gia ban", "gia ban le", "gia vnd", "price"),
    "price_vnd": ("gia dong", "gia so", "price vnd"),
    "producer.name": ("chu the", "ten chu the", "chu the san xuat", "co so san xuat", "don vi san xuat",
                      "producer", "producer name"),
    "producer.type": ("loai hinh chu the", "loai hinh", "loai hinh to chuc", "producer type"),
    "producer.address": ("dia chi", "dia chi chu the", "address", "producer address"),
    "producer.phone": ("dien thoai", "so dien thoai", "sdt", "phone", "producer phone"),
    "producer.email": ("email", "e mail", "thu dien tu", "producer email"),
    "producer.website": ("website", "trang web", "producer website"),
    "certificate.number": ("so quyet dinh", "quyet dinh", "so qd", "quyet dinh cong nhan", "decision number",
                           "certificate number", "certificate"),
    "certificate.date": ("ngay cong nhan", "ngay quyet dinh", "certificate date", "decision date", "date"),
    "certificate.year": ("nam cong nhan", "nam", "certificate year", "year of recognition", "year"),
    "certificate.issuer": ("co quan cap", "co quan cong nhan", "don vi cong nhan", "issuer", "certificate issuer"),
}
"""Column titles (folded) each field is recognised by; ``--map`` adds others."""

IGNORED = frozenset({"stt", "tt", "so tt", "so thu tu", "no"})
"""Row numbers: never imported, never warned about."""


def folded_title(text: Any) -> str:
    """``Tên sản phẩm (*)`` -> ``ten san pham``; ``producer_name`` -> ``producer name``."""
    return " ".join(re.sub(r"[^a-z0-9]+", " ", fold(str(text))).split())


_BY_TITLE = {title: name for name, titles in HEADERS.items() for title in titles}


def builtin_field(title: str) -> str | None:
    return _BY_TITLE.get(title)


def catalogue_csv_columns(languages: tuple[str, ...]) -> dict[str, str | None]:
    """The columns of the ``catalogue.csv`` a build writes, as ``--map`` would name them, so
    that importing it changes nothing: the default language's texts fill their fields, and
    what the build works out (names of keys, other languages, pages, status) is left out."""
    texts = {f"{field}_{languages[0]}": field for field in ("name", "commune", "summary")}
    return {folded_title(column): texts.get(column) or builtin_field(folded_title(column))
            for column in csv_columns(languages)}
