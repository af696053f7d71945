"""The bad-input corpus: what editors (and hostile files) do, and the one line each gets.

Every case starts from a site that builds, changes it the way an editor
might, and must give exactly its expected ``path:line: error:`` lines (no
other error), exit status 1 from both ``check`` and ``build``, no traceback,
and leave the previous output byte for byte as it was. Cases that could
crash or exhaust a process (alias bombs, deep nesting, endless files) run in
a separate process with a time limit.
"""
from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PIL import Image

from conftest import MINIMAL_SITE_YAML, REPO, TODAY, write_tree
from ocop_site.cli import main

P = "content/products/mat-ong/index.md"
DEEP = "the text is nested too deeply (lists, quotes, brackets or HTML tags more than 50 levels): simplify it"
EN = "content/products/mat-ong/index.en.md"
PRODUCT = """\
---
name: Mật ong Đại Hợp
district: kien-thuy
group: thuc-pham
stars: 4
producer:
  name: HTX Đại Hợp
  type: htx
certificate:
  date: 2024-03-01
images:
  - src: hu.jpg
    alt: Hũ mật ong
---
Mật ong hoa nhãn.
"""
ENGLISH = """\
---
name: Dai Hop honey
images:
  - src: hu.jpg
    alt: A jar of honey
---
Longan-flower honey.
"""
PAGE = "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n"
PRICE_VND = ("price_vnd must be a whole number of đồng greater than 0, written without dots or spaces, such as 250000 "
             "(not {value}); 'price' holds the price as people read it")
SOURCES = ("sources: expected a list of site folders, written relative to this site.yaml's folder (for example "
           "'sources/kien-thuy')")


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 150, 40)).save(buffer, "JPEG")
    return buffer.getvalue()


BASE: dict[str, str | bytes] = {
    "site.yaml": MINIMAL_SITE_YAML, P: PRODUCT, EN: ENGLISH, "content/products/mat-ong/hu.jpg": _jpeg(),
    "content/products/gao.md": "---\nname: Gạo ruộng rươi\ndistrict: thach-that\ngroup: thuc-pham\nstars: 3\n---\n",
    "content/pages/about.md": PAGE,
}


@dataclass(frozen=True)
class Case:
    name: str  # what the editor did
    files: dict[str, str | bytes | None]  # written over the good site (None: deleted)
    errors: tuple[str, ...]  # every error line, exactly
    isolated: bool = False  # run in a separate process
    links: dict[str, str] = field(default_factory=dict)  # path -> where a symlink points


def product(old: str, new: str) -> dict[str, str | bytes | None]:
    assert old in PRODUCT, old
    return {P: PRODUCT.replace(old, new, 1)}


def pictures(old: str, new: str) -> dict[str, str | bytes | None]:
    """A change to the product's pictures, with a translation that lists none (it would have to
    list the same files, which is another error)."""
    return {**product(old, new), EN: "---\nname: Dai Hop honey\n---\nLonggan-flower honey.\n"}


def english(old: str, new: str) -> dict[str, str | bytes | None]:
    assert old in ENGLISH, old
    return {EN: ENGLISH.replace(old, new, 1)}


def site_yaml(extra: str) -> dict[str, str | bytes | None]:
    return {"site.yaml": MINIMAL_SITE_YAML + extra}


BOMB = "---\n" + "a0: &a0 [x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"a{i}: &a{i} [*a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}, *a{i-1}]\n"
    for i in range(1, 9)) + "name: Bom\ndistrict: kien-thuy\ngroup: thuc-pham\nstars: 4\n---\n"

CASES = [
    # -- the file itself ----------------------------------------------------------------------
    Case("forgot the front matter", {P: "Mật ong Đại Hợp\n"},
         (f"{P}:1: error: missing front matter: the file must start with a '---' line, then YAML fields, "
          "then another '---' line",)),
    Case("forgot the closing dashes", {P: "---\nname: Mật ong\n"},
         (f"{P}:1: error: front matter is not closed: add a '---' line after the fields",)),
    Case("wrote a list instead of fields", {P: "---\n- mật ong\n- 4 sao\n---\n"},
         (f"{P}:2: error: front matter must be a set of 'key: value' fields",)),
    Case("wrote a sentence instead of fields", {P: "---\nMật ong ngon\n---\n"},
         (f"{P}:2: error: front matter must be a set of 'key: value' fields",)),
    Case("indented with a tab", product("  type: htx", "\ttype: htx"),
         (f"{P}:8: error: invalid YAML: while scanning a plain scalar found a tab character that violates "
          "indentation (indent with spaces, not tabs)",)),
    Case("wrote a colon in an unquoted summary", product("stars: 4\n", "stars: 4\nsummary: Giá: 200.000 đồng\n"),
         (f"{P}:6: error: invalid YAML: mapping values are not allowed in this context (check the indentation, "
          "and put text that contains ': ' or starts with [ { * & ! | > % @ in quotes)",)),
    Case("typed the 30th of February", product("date: 2024-03-01", "date: 2023-02-30"),
         (f"{P}:10: error: '2023-02-30' is not a date this program can read (day is out of range for month); "
          "write dates as YYYY-MM-DD with a real day and month",)),
    Case("typed month 13", product("date: 2024-03-01", "date: 2023-13-01"),
         (f"{P}:10: error: '2023-13-01' is not a date this program can read (month must be in 1..12); "
          "write dates as YYYY-MM-DD with a real day and month",)),
    Case("typed year zero", product("date: 2024-03-01", "date: 0000-01-01"),
         (f"{P}:10: error: '0000-01-01' is not a date this program can read (year 0 is out of range); "
          "write dates as YYYY-MM-DD with a real day and month",)),
    Case("typed a certificate date in year 9999", product("date: 2024-03-01", "date: 9999-12-31"),
         (f"{P}:10: error: certificate.date is too far in the future to be real",)),
    Case("impossible date in a translation", {EN: ENGLISH.replace("name: Dai Hop honey", "name: Dai Hop honey\n"
                                                                  "summary: 2023-02-29")},
         (f"{EN}:3: error: '2023-02-29' is not a date this program can read (day is out of range for month); "
          "write dates as YYYY-MM-DD with a real day and month",)),
    Case("impossible date on a page", {"content/pages/about.md": "---\ntitle: Về\nsummary: 2023-04-31\n---\n"},
         ("content/pages/about.md:3: error: '2023-04-31' is not a date this program can read (day is out of "
          "range for month); write dates as YYYY-MM-DD with a real day and month",)),
    Case("impossible date in site.yaml", site_yaml("base_url: 2023-02-30\n"),
         ("site.yaml:11: error: '2023-02-30' is not a date this program can read (day is out of range for "
          "month); write dates as YYYY-MM-DD with a real day and month",)),
    Case("gave the stars twice", product("group: thuc-pham\n", "group: thuc-pham\nstars: 5\n"),
         (f"{P}:6: error: 'stars' is given twice (lines 5 and 6): keep one",)),
    Case("gave the producer's name twice", product("  type: htx\n", "  type: htx\n  name: Hộ ông Ba\n"),
         (f"{P}:9: error: 'producer.name' is given twice (lines 7 and 9): keep one",)),
    Case("gave the name twice in a translation", english("name: Dai Hop honey\n", "name: Dai Hop honey\nname: X\n"),
         (f"{EN}:3: error: 'name' is given twice (lines 2 and 3): keep one",)),
    Case("pasted a billion-laughs alias bomb", {P: BOMB},
         (f"{P}:2: error: YAML anchors and aliases (& and *) are not allowed: write each value out",),
         isolated=True),
    Case("pasted a recursive alias", {P: "---\nname: &t [a, *t]\n---\n"},
         (f"{P}:2: error: YAML anchors and aliases (& and *) are not allowed: write each value out",),
         isolated=True),
    Case("nested brackets a hundred thousand deep", {P: "---\nname: " + "[" * 100_000 + "\n---\n"},
         (f"{P}:2: error: nested more than 50 levels deep: simplify this value",), isolated=True),
    Case("used a Python object tag", product("stars: 4", "stars: !!python/object:os.system [ls]"),
         (f"{P}:5: error: invalid YAML: could not determine a constructor for the tag "
          "'tag:yaml.org,2002:python/object:os.system'",)),
    Case("saved a picture under a .md name", {P: b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe"},
         (f"{P}:1: error: file is not UTF-8 text: save it as UTF-8",)),
    Case("saved in the old Windows-1258 code page", {P: PRODUCT.replace("Mật ong Đại Hợp", "M\xe2t ong")
                                                     .encode("utf-8").replace(b"M\xc3\xa2t", b"M\xe2t")},
         (f"{P}:2: error: file is not UTF-8 text: save it as UTF-8",)),
    Case("made a product file a link to /dev/zero", {}, ("content/products/tra.md: error: not a regular file: "
                                                        "a content file must be an ordinary text file",),
         isolated=True, links={"content/products/tra.md": "/dev/zero"}),
    Case("made a product folder's text a link out of the folder", {P: None},
         (f"{P}: error: is a link to a file outside the product's folder: copy the file itself here",),
         links={P: "../gao.md"}),
    Case("pasted a whole book into a product", {P: PRODUCT + "x" * 1_100_000},
         (f"{P}: error: file is too large ({len((PRODUCT + 'x' * 1_100_000).encode()):,} bytes; the limit is "
          "1,000,000): a product's text is a few kilobytes, pictures go beside it",)),
    Case("wrote the story two hundred lists deep", {P: PRODUCT + "".join("  " * i + "- a\n" for i in range(200))},
         (f"{P}:116: error: {DEEP}",)),
    Case("wrote five thousand opening brackets in the story", {P: PRODUCT + "[" * 5000 + "\n"},
         (f"{P}:16: error: {DEEP}",)),
    Case("opened three thousand numbered lists on one line", {P: PRODUCT + "1. " * 3000 + "\n"},
         (f"{P}:16: error: {DEEP}",)),
    Case("pasted twenty-five thousand nested HTML boxes into the story", {P: PRODUCT + "<div>" * 25_000 + "\n"},
         (f"{P}:16: error: {DEEP}",)),
    Case("pasted HTML nested sixty deep, a tag a line", {P: PRODUCT + "<div>\n" * 60 + "a\n" + "</div>\n" * 60},
         (f"{P}:66: error: {DEEP}",)),
    # -- the fields ---------------------------------------------------------------------------
    Case("left out the name", product("name: Mật ong Đại Hợp\n", ""),
         (f"{P}:1: error: missing required field 'name'",)),
    Case("wrote the name as a list", product("name: Mật ong Đại Hợp", "name: [Mật, ong]"),
         (f"{P}:2: error: 'name' must be text",)),
    Case("wrote a name of invisible spaces", product("name: Mật ong Đại Hợp", 'name: "\u200b\u00a0\u200b"'),
         (f"{P}:2: error: 'name' must be text",)),
    Case("put a control character in the name", product("name: Mật ong Đại Hợp", 'name: "Mật\\x01ong"'),
         (f"{P}:2: error: 'name' contains a character that cannot be shown (U+0001): remove it",)),
    Case("mistyped the area", product("district: kien-thuy", "district: kien-thuyy"),
         (f"{P}:3: error: unknown district 'kien-thuyy' (did you mean 'kien-thuy'?); allowed: kien-thuy, "
          "thach-that",)),
    Case("used an area site.yaml does not have", product("district: kien-thuy", "district: ha-long"),
         (f"{P}:3: error: unknown district 'ha-long' (allowed: kien-thuy, thach-that)",)),
    Case("mistyped the group", product("group: thuc-pham", "group: thuc-pham-kho"),
         (f"{P}:4: error: unknown group 'thuc-pham-kho' (did you mean 'thuc-pham'?); allowed: thuc-pham, "
          "do-uong, duoc-lieu, thu-cong-my-nghe, sinh-vat-canh, du-lich",)),
    Case("gave six stars", product("stars: 4", "stars: 6"),
         (f"{P}:5: error: stars must be 3, 4 or 5 (OCOP certifies only these), not 6",)),
    Case("wrote the stars in quotes", product("stars: 4", 'stars: "4"'),
         (f"{P}:5: error: stars must be 3, 4 or 5 (OCOP certifies only these), not '4'",)),
    Case("wrote yes for the stars", product("stars: 4", "stars: yes"),
         (f"{P}:5: error: stars must be 3, 4 or 5 (OCOP certifies only these), not yes/no",)),
    Case("left out the stars", product("stars: 4\n", ""),
         (f"{P}:1: error: missing required field 'stars' (3, 4 or 5)",)),
    Case("wrote the commune as a list", product("stars: 4\n", "stars: 4\ncommune: [Đại Hợp]\n"),
         (f"{P}:6: error: 'commune' must be text",)),
    Case("wrote the summary as fields", product("stars: 4\n", "stars: 4\nsummary:\n  vi: Ngon\n"),
         (f"{P}:6: error: 'summary' must be text",)),
    Case("wrote the producer as one line", product("producer:\n  name: HTX Đại Hợp\n  type: htx\n",
                                                   "producer: HTX Đại Hợp\n"),
         (f"{P}:6: error: 'producer' must hold fields such as 'name' and 'type'",)),
    Case("gave an unknown producer type", product("type: htx", "type: hop-tac-xa"),
         (f"{P}:8: error: unknown producer type 'hop-tac-xa' (allowed: htx, doanh-nghiep, to-hop-tac, "
          "ho-kinh-doanh)",)),
    Case("mistyped the producer's e-mail", product("  type: htx\n", "  type: htx\n  email: htx.gmail.com\n"),
         (f"{P}:9: error: 'htx.gmail.com' is not an e-mail address",)),
    Case("gave a website without http", product("  type: htx\n", "  type: htx\n  website: www.htx.vn\n"),
         (f"{P}:9: error: producer.website must start with http:// or https://",)),
    Case("gave the producer an unknown field", product("  type: htx\n", "  type: htx\n  zalo: 0912\n"),
         (f"{P}:9: error: unknown field 'producer.zalo' (allowed: name, slug, type, address, phone, email, website)",)),
    Case("wrote the certificate as a list", product("certificate:\n  date: 2024-03-01\n", "certificate: [2024]\n"),
         (f"{P}:9: error: 'certificate' must hold fields such as 'number' and 'date'",)),
    Case("wrote the certificate date the French way", product("date: 2024-03-01", "date: 01/03/2024"),
         (f"{P}:10: error: certificate.date must be a date written YYYY-MM-DD",)),
    Case("put expiry before the certificate date", product("  date: 2024-03-01\n", "  date: 2024-03-01\n"
                                                           "  expires: 2020-01-01\n"),
         (f"{P}:11: error: certificate.expires is before certificate.date",)),
    Case("gave the certificate an unknown field", product("  date: 2024-03-01\n", "  date: 2024-03-01\n  so: 12\n"),
         (f"{P}:11: error: unknown field 'certificate.so' (allowed: number, date, year, issuer, expires)",)),
    Case("wrote a year of recognition before OCOP began", product("  date: 2024-03-01\n", "  year: 2017\n"),
         (f"{P}:10: error: certificate.year must be the year the certificate was issued, such as 2023 (OCOP "
          "began in 2018), not 2017",)),
    Case("wrote the year of recognition as text", product("  date: 2024-03-01\n", "  year: năm 2023\n"),
         (f"{P}:10: error: certificate.year must be the year the certificate was issued, such as 2023 (OCOP "
          "began in 2018), not 'năm 2023'",)),
    Case("wrote a year of recognition still to come", product("  date: 2024-03-01\n", "  year: 2027\n"),
         (f"{P}:10: error: certificate.year 2027 is after the year of the build (2026): write the year the "
          "certificate was issued",)),
    Case("wrote a year that is not the date's", product("  date: 2024-03-01\n", "  date: 2024-03-01\n  year: 2023\n"),
         (f"{P}:11: error: certificate.year 2023 is not the year of certificate.date (2024-03-01): leave the "
          "year out when the date is known",)),
    Case("wrote the price as a list", product("stars: 4\n", "stars: 4\nprice: [100, 200]\n"),
         (f"{P}:6: error: 'price' must be text",)),
    Case("wrote one picture name instead of a list", pictures("images:\n  - src: hu.jpg\n    alt: Hũ mật ong\n",
                                                             "images: hu.jpg\n"),
         (f"{P}:11: error: 'images' must be a list of file names",)),
    Case("listed a picture that is not there", pictures("src: hu.jpg", "src: hu-mat-ong.jpg"),
         (f"{P}:12: error: image 'hu-mat-ong.jpg' not found in content/products/mat-ong/",)),
    Case("pointed a picture outside the folder", pictures("src: hu.jpg", "src: ../gao/hu.jpg"),
         (f"{P}:12: error: image '../gao/hu.jpg' must be a file inside the product's folder",)),
    Case("pointed a picture at an absolute path", pictures("src: hu.jpg", "src: /etc/passwd"),
         (f"{P}:12: error: image '/etc/passwd' must be a file inside the product's folder",)),
    Case("wrote the alt text as a list", product("alt: Hũ mật ong", "alt: [1, 2]"),
         (f"{P}:13: error: 'images.0.alt' must be text",)),
    Case("gave a picture without its file name", pictures("  - src: hu.jpg\n    alt: Hũ mật ong\n", "  - alt: Hũ\n"),
         (f"{P}:12: error: each image must be a file name, or a mapping with 'src' and 'alt'",)),
    Case("renamed a text file to .jpg", {"content/products/mat-ong/hu.jpg": b"not a picture at all"},
         (f"{P}:12: error: image 'hu.jpg' is not a readable image (not a JPEG, PNG, WebP, GIF, HEIC, TIFF or "
          "BMP picture)",)),
    Case("wrote the tags as one word", product("stars: 4\n", "stars: 4\ntags: mật ong\n"),
         (f"{P}:6: error: 'tags' must be a list of words",)),
    Case("wrote yes in quotes for draft", product("stars: 4\n", 'stars: 4\ndraft: "yes"\n'),
         (f"{P}:6: error: 'draft' must be true or false",)),
    Case("wrote a slug with diacritics", product("stars: 4\n", "stars: 4\nslug: Mật Ong\n"),
         (f"{P}:6: error: slug 'Mật Ong' must be lowercase letters, digits and hyphens, e.g. 'mat-ong-dai-hop'",)),
    Case("wrote the slug as a list", product("stars: 4\n", "stars: 4\nslug: [mat-ong, mat-ong-dai-hop]\n"),
         (f"{P}:6: error: 'slug' must be text",)),
    Case("wrote the producer's slug as fields", product("  type: htx\n", "  type: htx\n  slug: {vi: htx-dai-hop}\n"),
         (f"{P}:9: error: 'producer.slug' must be text",)),
    Case("gave a product a name Windows keeps for a device", product("stars: 4\n", "stars: 4\nslug: aux\n"),
         (f"{P}:6: error: 'aux' is a name Windows keeps for a device: a copy of the site on Windows or a USB "
          "stick could not hold its page; set another 'slug:'",)),
    Case("mistyped a field name", product("district: kien-thuy", "distric: kien-thuy"),
         (f"{P}:1: error: missing required field 'district' (one of: kien-thuy, thach-that)",
          f"{P}:3: error: unknown field 'distric' (did you mean 'district'?); allowed: name, slug, district, "
          "group, stars, commune, summary, producer, certificate, price, price_vnd, images, tags, draft")),
    Case("wrote the area as a number", product("district: kien-thuy", "district: 12"),
         (f"{P}:3: error: unknown district '12' (allowed: kien-thuy, thach-that)",)),
    Case("answered yes where the area goes", product("district: kien-thuy", "district: yes"),
         (f"{P}:3: error: 'district' must be one key, not yes or no (YAML reads yes, no, on, off, true and false as "
          "yes or no: put a key spelled so in quotes); allowed: kien-thuy, thach-that",)),
    Case("wrote the area as a list", product("district: kien-thuy", "district: [kien-thuy]"),
         (f"{P}:3: error: 'district' must be one key, not a list or fields (allowed: kien-thuy, thach-that)",)),
    Case("wrote the area as fields", product("district: kien-thuy", "district: {tinh: hai-phong, huyen: kien-thuy}"),
         (f"{P}:3: error: 'district' must be one key, not a list or fields (allowed: kien-thuy, thach-that)",)),
    Case("listed two groups", product("group: thuc-pham", "group: [thuc-pham, do-uong]"),
         (f"{P}:4: error: 'group' must be one key, not a list or fields (allowed: thuc-pham, do-uong, duoc-lieu, "
          "thu-cong-my-nghe, sinh-vat-canh, du-lich)",)),
    Case("wrote the group as its names", product("group: thuc-pham", "group:\n  vi: Thực phẩm\n  en: Food"),
         (f"{P}:4: error: 'group' must be one key, not a list or fields (allowed: thuc-pham, do-uong, duoc-lieu, "
          "thu-cong-my-nghe, sinh-vat-canh, du-lich)",)),
    Case("wrote the group as a number", product("group: thuc-pham", "group: 7"),
         (f"{P}:4: error: unknown group '7' (allowed: thuc-pham, do-uong, duoc-lieu, thu-cong-my-nghe, "
          "sinh-vat-canh, du-lich)",)),
    Case("wrote the price in đồng with dots and a word", product("stars: 4\n", "stars: 4\nprice_vnd: 250.000 đồng\n"),
         (f"{P}:6: error: {PRICE_VND.format(value=repr('250.000 đồng'))}",)),
    Case("wrote the price in đồng with a leading zero", product("stars: 4\n", "stars: 4\nprice_vnd: 0250000\n"),
         (f"{P}:6: error: {PRICE_VND.format(value=repr('0250000'))}",)),
    Case("wrote a negative price in đồng", product("stars: 4\n", "stars: 4\nprice_vnd: -50000\n"),
         (f"{P}:6: error: {PRICE_VND.format(value='-50000')}",)),
    Case("wrote a price in đồng of nothing", product("stars: 4\n", "stars: 4\nprice_vnd: 0\n"),
         (f"{P}:6: error: {PRICE_VND.format(value='0')}",)),
    Case("wrote a price in đồng with a fraction", product("stars: 4\n", "stars: 4\nprice_vnd: 125000.5\n"),
         (f"{P}:6: error: {PRICE_VND.format(value='125000.5')}",)),
    Case("wrote yes for the price in đồng", product("stars: 4\n", "stars: 4\nprice_vnd: yes\n"),
         (f"{P}:6: error: {PRICE_VND.format(value='True')}",)),
    Case("listed two phone numbers for the producer", product("  type: htx\n", "  type: htx\n"
                                                              "  phone: [0912 345 678, 0225 3 123 456]\n"),
         (f"{P}:9: error: 'producer.phone' must be text",)),
    Case("wrote the producer's phone as fields", product("  type: htx\n", "  type: htx\n  phone:\n"
                                                         "    di-dong: 0912 345 678\n"),
         (f"{P}:9: error: 'producer.phone' must be text",)),
    Case("wrote the producer's address as a list of lines", product("  type: htx\n", "  type: htx\n  address:\n"
                                                                    "    - Thôn 3\n    - xã Đại Hợp\n"),
         (f"{P}:9: error: 'producer.address' must be text",)),
    Case("wrote the producer's address as fields", product("  type: htx\n", "  type: htx\n"
                                                           "  address: {xa: Đại Hợp, huyen: Kiến Thụy}\n"),
         (f"{P}:9: error: 'producer.address' must be text",)),
    Case("wrote the certificate number as a list", product("  date: 2024-03-01\n", "  date: 2024-03-01\n"
                                                           "  number: [12, 13]\n"),
         (f"{P}:11: error: 'certificate.number' must be text",)),
    Case("wrote the certificate number as fields", product("  date: 2024-03-01\n", "  date: 2024-03-01\n"
                                                           "  number: {so: 12, nam: 2024}\n"),
         (f"{P}:11: error: 'certificate.number' must be text",)),
    Case("wrote the certificate issuer as a list", product("  date: 2024-03-01\n", "  date: 2024-03-01\n"
                                                           "  issuer: [UBND huyện Kiến Thụy, Sở NN]\n"),
         (f"{P}:11: error: 'certificate.issuer' must be text",)),
    Case("wrote yes for the certificate issuer", product("  date: 2024-03-01\n", "  date: 2024-03-01\n"
                                                         "  issuer: yes\n"),
         (f"{P}:11: error: 'certificate.issuer' must be text",)),
    # -- translations -------------------------------------------------------------------------
    Case("changed the stars in a translation", english("name: Dai Hop honey\n", "name: Dai Hop honey\nstars: 5\n"),
         (f"{EN}:3: error: 'stars' cannot differ in a translation: set it once in {P}",)),
    Case("named a translation for a language the site lacks", {"content/products/mat-ong/index.fr.md": ENGLISH},
         ("content/products/mat-ong/index.fr.md:1: error: translation for unknown language 'fr' (site "
          "languages: vi, en)",)),
    Case("left a translation without its Vietnamese file", {"content/products/tra.en.md": "---\nname: Tea\n---\n"},
         ("content/products/tra.en.md:1: error: translation without a default-language file: add "
          "content/products/tra.md",)),
    Case("listed other pictures in a translation", english("src: hu.jpg", "src: khac.jpg"),
         (f"{EN}:3: error: a translation may only change the images' 'alt' texts; list the same files as {P}",)),
    Case("wrote a translation's alt text as a list", english("alt: A jar of honey", "alt: [1, 2]"),
         (f"{EN}:5: error: 'images.0.alt' must be text",)),
    Case("wrote a translation's summary as a list", english("name: Dai Hop honey\n", "name: Dai Hop honey\n"
                                                            "summary: [honey, longan]\n"),
         (f"{EN}:3: error: 'summary' must be text",)),
    # -- slugs ---------------------------------------------------------------------------------
    Case("gave two products one slug", {"content/products/gao.md": "---\nname: Gạo\nslug: mat-ong\ndistrict: "
                                                                   "thach-that\ngroup: thuc-pham\nstars: 3\n---\n"},
         ("content/products/mat-ong/index.md:1: error: duplicate slug 'mat-ong': content/products/gao.md already "
          "uses it (set a different 'slug' in one of them)",)),
    Case("named two folders Đào and Dao", {"content/products/Đào/index.md": PRODUCT.replace("images:\n  - src: "
                                           "hu.jpg\n    alt: Hũ mật ong\n", ""),
                                           "content/products/Dao/index.md": PRODUCT.replace("images:\n  - src: "
                                           "hu.jpg\n    alt: Hũ mật ong\n", "")},
         ("content/products/Đào/index.md:1: error: duplicate slug 'dao': content/products/Dao/index.md already "
          "uses it (set a different 'slug' in one of them)",)),
    Case("named a product folder in Chinese", {"content/products/中文/index.md": PRODUCT.replace(
        "images:\n  - src: hu.jpg\n    alt: Hũ mật ong\n", "")},
         ("content/products/中文/index.md:1: error: no web address can be made from the name '中文': add a "
          "'slug:' field in Latin letters, e.g. 'slug: tra-xanh'",)),
    Case("named a page file in Chinese", {"content/pages/中.md": PAGE},
         ("content/pages/中.md:1: error: no web address can be made from the name '中': add a 'slug:' field in "
          "Latin letters, e.g. 'slug: tra-xanh'",)),
    Case("named a page like a catalogue folder", {"content/pages/products.md": PAGE},
         ("content/pages/products.md:1: error: page slug 'products' is reserved for the catalogue's own pages; "
          "choose another",)),
    Case("left out a page's title", {"content/pages/about.md": "---\nsummary: Về\n---\n"},
         ("content/pages/about.md:1: error: missing required field 'title'",)),
    Case("wrote a page's title as a list", {"content/pages/about.md": "---\ntitle: [Giới, thiệu]\n---\nVề.\n"},
         ("content/pages/about.md:2: error: 'title' must be text",)),
    Case("wrote a page's title in both languages in one file", {"content/pages/about.md": "---\ntitle: {vi: Giới "
                                                               "thiệu, en: About}\n---\nVề.\n"},
         ("content/pages/about.md:2: error: 'title' must be text",)),
    Case("wrote yes for a page's title", {"content/pages/about.md": "---\ntitle: yes\n---\nVề.\n"},
         ("content/pages/about.md:2: error: 'title' must be text",)),
    Case("wrote a page's summary as a list", {"content/pages/about.md": "---\ntitle: Về\nsummary:\n  - Một\n"
                                                                       "  - Hai\n---\nVề.\n"},
         ("content/pages/about.md:3: error: 'summary' must be text",)),
    Case("wrote a page translation's title as a list", {"content/pages/about.en.md": "---\ntitle: [About, us]\n"
                                                                                    "---\nAbout.\n"},
         ("content/pages/about.en.md:2: error: 'title' must be text",)),
    # -- site.yaml ----------------------------------------------------------------------------
    Case("wrote site.yaml as a list", {"site.yaml": "- vi\n- en\n"},
         ("site.yaml:1: error: site.yaml must be a set of 'key: value' settings",)),
    Case("mistyped a setting in site.yaml", site_yaml("them: default\n"),
         ("site.yaml:11: error: unknown setting 'them' (did you mean 'theme'?); known: title, description, "
          "languages, theme, base_url, district_label, provinces, districts, groups, images, logo, share_image, "
          "contact, sources",)),
    Case("wrote the languages as one word", {"site.yaml": MINIMAL_SITE_YAML.replace("[vi, en]", "vi en")},
         ("site.yaml:4: error: languages: expected a list of language codes such as [vi, en]; the first is the "
          "default",)),
    Case("gave an area a key with capitals", site_yaml("groups:\n  Do-Uong: {vi: Đồ uống}\n"),
         ("site.yaml:12: error: groups: key 'Do-Uong' must be lowercase letters, digits and hyphens (for "
          "example 'kien-thuy')",)),
    Case("gave a group a name Windows keeps for a device", site_yaml("groups:\n  com1: {vi: Nhóm}\n"),
         ("site.yaml:12: error: groups: 'com1' is a name Windows keeps for a device: a copy of the site on "
          "Windows or a USB stick could not hold its pages; use another key",)),
    Case("gave an area an unknown province", {"site.yaml": MINIMAL_SITE_YAML.replace("province: ha-noi",
                                                                                     "province: ha-tay")},
         ("site.yaml:10: error: districts.thach-that: unknown province 'ha-tay' (known: ha-noi, hai-phong)",)),
    Case("wrote an area's province as a list", {"site.yaml": MINIMAL_SITE_YAML.replace("province: ha-noi",
                                                                                      "province: [ha-noi]")},
         ("site.yaml:10: error: 'districts.thach-that.province' must be one key of 'provinces', not a list or "
          "fields",)),
    Case("wrote an area's province as its names", {"site.yaml": MINIMAL_SITE_YAML.replace(
        "  thach-that: {vi: Thạch Thất, en: Thach That, province: ha-noi}\n",
        "  thach-that:\n    vi: Thạch Thất\n    province:\n      vi: Hà Nội\n")},
         ("site.yaml:12: error: 'districts.thach-that.province' must be one key of 'provinces', not a list or "
          "fields",)),
    Case("left the site title empty", {"site.yaml": MINIMAL_SITE_YAML.replace("vi: Sản phẩm OCOP thử", 'vi: ""')},
         ("site.yaml:1: error: title: the vi text must be text",)),
    Case("wrote the site description's Vietnamese text as a list", site_yaml("description:\n  vi: [Sản phẩm, OCOP]\n"
                                                                            "  en: OCOP products\n"),
         ("site.yaml:11: error: description: the vi text must be text",)),
    Case("wrote a province's names as a list", {"site.yaml": MINIMAL_SITE_YAML.replace(
        "ha-noi: {vi: Hà Nội, en: Hanoi}", "ha-noi: [Hà Nội, Hanoi]")},
         ("site.yaml:6: error: provinces.ha-noi: expected text or a mapping of language to text",)),
    Case("wrote the provinces as a list", {"site.yaml": MINIMAL_SITE_YAML.replace(
        "provinces:\n  ha-noi: {vi: Hà Nội, en: Hanoi}\n  hai-phong: {vi: Hải Phòng, en: Hai Phong}\n",
        "provinces: [ha-noi, hai-phong]\n")},
         ("site.yaml:5: error: 'provinces' must map keys to names",)),
    Case("set image quality to 200", site_yaml("images:\n  quality: 200\n"),
         ("site.yaml:12: error: images.quality: expected a whole number from 1 to 100 (80 is a good balance of "
          "size and sharpness)",)),
    Case("gave base_url without http", site_yaml("base_url: ocop.example.vn\n"),
         ("site.yaml:11: error: base_url: expected the address the site is published at, starting with "
          "http:// or https://, such as https://example.org/ocop/",)),
    Case("pointed the logo outside the site", site_yaml("logo: ../logo.png\n"),
         ("site.yaml:11: error: logo: '../logo.png' must be a file inside the site folder, written relative to it "
          "(e.g. 'assets/logo.png')",)),
    Case("gave an area twice in site.yaml", {"site.yaml": MINIMAL_SITE_YAML.replace(
        "districts:\n", "districts:\n  thach-that: {vi: Thạch Thất}\n")},
         ("site.yaml:11: error: 'districts.thach-that' is given twice (lines 9 and 11): keep one",)),
    Case("asked for a theme that is not there", site_yaml("theme: xanh\n"),
         ("site.yaml:11: error: theme 'xanh' not found: expected the folder {site}/themes/xanh",)),
    Case("wrote the site title as a list", {"site.yaml": MINIMAL_SITE_YAML.replace(
        "title:\n  vi: Sản phẩm OCOP thử\n  en: Test OCOP products\n", "title: [Sản phẩm OCOP, OCOP products]\n")},
         ("site.yaml:1: error: title: expected text or a mapping of language to text",)),
    Case("wrote the site description as a list", site_yaml("description:\n  - Sản phẩm\n  - OCOP\n"),
         ("site.yaml:11: error: description: expected text or a mapping of language to text",)),
    Case("wrote the site description as a number", site_yaml("description: 2024\n"),
         ("site.yaml:11: error: description: expected text or a mapping of language to text",)),
    Case("gave the site description in a language the site lacks", site_yaml("description: {vi: Danh mục, "
                                                                             "fr: Catalogue}\n"),
         ("site.yaml:11: error: description: unknown language 'fr' (site languages: vi, en)",)),
    Case("wrote the area label as a list", site_yaml("district_label: [Huyện, Quận]\n"),
         ("site.yaml:11: error: district_label: expected text or a mapping of language to text",)),
    Case("gave the area label only in English", site_yaml("district_label: {en: District}\n"),
         ("site.yaml:11: error: district_label: has no text in the default language 'vi': add one",)),
    Case("wrote the share image as a list", site_yaml("share_image: [chia-se.jpg, logo.png]\n"),
         ("site.yaml:11: error: share_image: expected a file path such as 'assets/share_image.png'",)),
    Case("wrote a number for the share image", site_yaml("share_image: 1200\n"),
         ("site.yaml:11: error: share_image: expected a file path such as 'assets/share_image.png'",)),
    Case("named a share image that is not there", site_yaml("share_image: assets/chia-se.jpg\n"),
         ("site.yaml:11: error: share_image 'assets/chia-se.jpg' not found in the site folder",)),
    Case("pointed the share image outside the site", site_yaml("share_image: ../chia-se.jpg\n"),
         ("site.yaml:11: error: share_image: '../chia-se.jpg' must be a file inside the site folder, written "
          "relative to it (e.g. 'assets/share_image.png')",)),
    Case("wrote the contact as one line", site_yaml("contact: Phòng Kinh tế huyện Kiến Thụy\n"),
         ("site.yaml:11: error: contact: expected settings such as 'office: …' (whom buyers can ask) and "
          "optional 'note', 'phone', 'email' and 'website'",)),
    Case("wrote the contact as a list", site_yaml("contact:\n  - Phòng Kinh tế\n  - 0225 3 123 456\n"),
         ("site.yaml:11: error: contact: expected settings such as 'office: …' (whom buyers can ask) and "
          "optional 'note', 'phone', 'email' and 'website'",)),
    Case("wrote the contact office as a list", site_yaml("contact:\n  office: [Phòng Kinh tế, UBND]\n"),
         ("site.yaml:12: error: contact.office: expected text or a mapping of language to text",)),
    Case("listed two phone numbers for the contact", site_yaml("contact:\n  office: Phòng Kinh tế\n"
                                                              "  phone: [0225 3 123 456, 0912 345 678]\n"),
         ("site.yaml:13: error: contact.phone: expected text, such as '0225 3 123 456'",)),
    Case("gave the contact an unknown setting", site_yaml("contact:\n  office: Phòng Kinh tế\n  zalo: 0912\n"),
         ("site.yaml:13: error: contact: unknown setting 'zalo' (known: office, note, phone, email, website)",)),
    Case("wrote the sources as one folder, not a list", site_yaml("sources: sources/kien-thuy\n"),
         (f"site.yaml:11: error: {SOURCES}",)),
    Case("wrote the sources as a mapping", site_yaml("sources: {kien-thuy: sources/kien-thuy}\n"),
         (f"site.yaml:11: error: {SOURCES}",)),
    Case("listed a source as fields", site_yaml("sources: [{path: sources/kien-thuy}]\n"),
         (f"site.yaml:11: error: {SOURCES}",)),
    Case("listed a source as fields, a line each", site_yaml("sources:\n  - sources/kien-thuy\n"
                                                           "  - path: sources/an-lao\n"),
         (f"site.yaml:13: error: {SOURCES}",)),
    Case("listed a source folder that is not there", site_yaml("sources: [sources/khong-co]\n"),
         ("site.yaml:11: error: sources: folder 'sources/khong-co' not found (a source is written relative to "
          "this site.yaml's folder)",)),
    # -- templates ----------------------------------------------------------------------------
    Case("broke a template's syntax", {"themes/default/templates/product.html": "{% extends 'base.html' %}\n"
                                       "{% block main %}\n{% if %}\n{% endblock %}\n"},
         ("themes/default/templates/product.html:3: error: template error: Expected an expression, got "
          "'end of statement block'",)),
    Case("used a missing field in a template", {"themes/default/templates/product.html": "{% extends 'base.html' %}"
                                                "\n{% block main %}\n{{ product.name.nope.deeper }}\n{% endblock %}\n"},
         ("themes/default/templates/product.html:3: error: template error: 'ocop_site.render.views.Text object' "
          "has no attribute 'nope'",)),
    Case("included a template that does not exist", {"themes/default/templates/product.html":
                                                     "{% extends 'base.html' %}\n{% block main %}\n"
                                                     "{% include 'khong-co.html' %}\n{% endblock %}\n"},
         ("themes/default/templates/product.html:3: error: template not found: khong-co.html",)),
    Case("wrote the UI strings as a list", {"themes/default/i18n/vi.yaml": "- home\n- about\n"},
         ("themes/default/i18n/vi.yaml:1: error: UI strings must be 'key: text' lines",)),
]


@pytest.fixture(scope="module")
def good_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    site = write_tree(tmp_path_factory.mktemp("good") / "site", dict(BASE))
    assert main(["build", str(site), "--date", TODAY]) == 0, "the base site builds"
    return site


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def _run(site: Path, command: str, isolated: bool, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    if isolated:
        result = subprocess.run([sys.executable, "-m", "ocop_site", command, str(site), "--date", TODAY],
                                capture_output=True, text=True, timeout=120,
                                env={**os.environ, "PYTHONPATH": str(REPO)})
        return result.returncode, result.stderr
    code = main([command, str(site), "--date", TODAY])
    return code, capsys.readouterr().err


def test_the_corpus_is_large_enough():
    assert len(CASES) >= 60
    assert len({c.name for c in CASES}) == len(CASES)


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_a_mistake_is_one_clear_line_and_changes_nothing(case, good_site, tmp_path, capsys):
    site = tmp_path / "site"
    shutil.copytree(good_site, site, symlinks=True)
    before = _tree(site / "output")
    for rel, content in case.files.items():
        path = site / rel
        if content is None:
            path.unlink(missing_ok=True)
            continue
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
    for rel, target in case.links.items():
        (site / rel).symlink_to(target)
    expected = sorted(line.replace("{site}", str(site)) for line in case.errors)
    for command in ("check", "build"):
        code, err = _run(site, command, case.isolated, capsys)
        assert code == 1, f"{command}: exit {code}\n{err}"
        assert "Traceback" not in err, err
        errors = sorted(line for line in err.splitlines() if ": error: " in line)
        assert errors == expected, f"{command}:\n" + "\n".join(errors)
    assert _tree(site / "output") == before
    assert not [p for p in site.iterdir() if p.name.startswith(".output.")]


def test_text_typed_decomposed_comes_out_composed(tmp_path):
    """Text typed decomposed (NFD: macOS, some Vietnamese keyboards) in a product's name, summary
    and story, a page and site.yaml builds, and every page holds it composed (NFC), as search,
    sorting and the data script expect."""
    def nfd(text: str) -> str:
        decomposed = unicodedata.normalize("NFD", text)
        assert decomposed != text
        return decomposed

    texts = {"name": "Mật ong rừng Đại Hợp", "summary": "Mật hoa nhãn vùng ven biển", "story": "Ong hút mật ở Kiến Thụy",
             "title": "Giới thiệu chương trình", "page": "Mỗi xã một sản phẩm", "site": "Sản phẩm OCOP Hải Phòng",
             "description": "Danh mục sản phẩm đạt chuẩn", "label": "Quận, huyện"}
    files = dict(BASE)
    files[P] = nfd(PRODUCT.replace("Mật ong Đại Hợp", texts["name"]).replace(
        "stars: 4\n", f"stars: 4\nsummary: {texts['summary']}\n").replace("Mật ong hoa nhãn.", texts["story"]))
    files["content/pages/about.md"] = nfd(f"---\ntitle: {texts['title']}\n---\n{texts['page']}.\n")
    files["site.yaml"] = nfd(MINIMAL_SITE_YAML.replace("Sản phẩm OCOP thử", texts["site"])
                             + f"description: {texts['description']}\ndistrict_label: {texts['label']}\n")
    site = write_tree(tmp_path / "site", files)
    assert main(["build", str(site), "--date", TODAY]) == 0
    output = site / "output"
    shown = ""
    for path in sorted(output.rglob("*")):
        if path.suffix in (".html", ".js", ".json", ".xml", ".csv", ".webmanifest"):
            text = path.read_text(encoding="utf-8")
            assert unicodedata.is_normalized("NFC", text), path
            shown += text
    product_page = (output / "products" / "mat-ong" / "index.html").read_text(encoding="utf-8")
    for key in ("name", "summary", "story", "site"):
        assert texts[key] in product_page, key
    about = (output / "about" / "index.html").read_text(encoding="utf-8")
    assert texts["title"] in about and texts["page"] in about
    for key in ("description", "label"):
        assert texts[key] in shown, key


def test_numbers_written_with_a_leading_zero_or_plus_are_shown_as_written(tmp_path):
    """A phone or certificate number is text: YAML 1.1 would read 02253123456 as an octal number
    (313304878), +84912345678 without its '+' and 0912.345678 as a fraction."""
    files = dict(BASE)
    files[P] = PRODUCT.replace("  type: htx\n", "  type: htx\n  phone: 02253123456\n").replace(
        "  date: 2024-03-01\n", "  date: 2024-03-01\n  number: 0012\n")
    files["content/products/gao.md"] = files["content/products/gao.md"].replace(
        "stars: 3\n", "stars: 3\nproducer:\n  name: Hộ ông Ba\n  phone: +84912345678\n")
    files["content/products/tra.md"] = "---\nname: Trà\ndistrict: kien-thuy\ngroup: do-uong\nstars: 3\n---\n"
    files["site.yaml"] = MINIMAL_SITE_YAML + "contact:\n  office: Phòng Kinh tế\n  phone: 0912.345678\n"
    site = write_tree(tmp_path / "site", files)
    assert main(["build", str(site), "--date", TODAY]) == 0
    page = site / "output" / "products"
    honey = (page / "mat-ong" / "index.html").read_text(encoding="utf-8")
    assert 'href="tel:02253123456"' in honey and "313304878" not in honey
    assert '"ocop-certificate-number","name":"Giấy chứng nhận OCOP: Số","value":"0012"' in honey
    assert 'href="tel:+84912345678"' in (page / "gao" / "index.html").read_text(encoding="utf-8")
    assert "0912.345678" in (page / "tra" / "index.html").read_text(encoding="utf-8")  # the site's contact
