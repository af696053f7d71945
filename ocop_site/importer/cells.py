"""Cell values to front matter values (column titles to fields: :mod:`.headers`).

Free text becomes a key folded (lower case, no diacritics, punctuation as hyphens): an area's
name (``Huyện Kiến Thụy``) a ``site.yaml`` district key, a group's or an official sub-group's
name a group key, ``HTX …`` a producer type.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Iterable, Mapping

from ..errors import SiteError, error
from ..model import FIRST_YEAR, SiteConfig
from ..render.open_data_csv import FORMULA_STARTS
from ..suggest import near_miss
from ..vntext import fold, is_slug, slugify, text_problem

__all__ = ["GROUP_NAMES", "Converter"]

GROUP_NAMES: Mapping[str, tuple[str, ...]] = {
    "thuc-pham": (
        "Thực phẩm", "Food",
        "Thực phẩm tươi sống", "Rau, củ, quả, hạt tươi", "Thịt, trứng, sữa tươi", "Thịt, thủy sản, trứng, sữa tươi",
        "Thực phẩm thô, sơ chế", "Gạo, ngũ cốc", "Gạo, ngũ cốc, hạt sơ chế khác",
        "Mật ong, sản phẩm từ mật ong, mật khác", "Mật ong, mật khác và nông sản thực phẩm khác",
        "Thực phẩm chế biến", "Đồ ăn nhanh", "Chế biến từ gạo, ngũ cốc", "Chế biến từ rau, củ, quả, hạt",
        "Chế biến từ thịt, trứng, sữa", "Chế biến từ thủy, hải sản", "Gia vị",
        "Chè", "Chè tươi, chế biến", "Sản phẩm khác từ chè", "Cà phê, ca cao", "Cà phê", "Ca cao",
        "Nông - thủy sản tươi sống", "Nông - thủy sản sơ chế", "Nông - thủy sản chế biến",
        "Mật ong", "Nông sản", "Thủy sản",
    ),
    "do-uong": (
        "Đồ uống", "Drinks",
        "Đồ uống có cồn", "Rượu trắng", "Đồ uống có cồn khác",
        "Đồ uống không cồn", "Nước khoáng, nước uống tinh khiết", "Đồ uống không cồn khác",
        "Rượu", "Nước giải khát", "Nước uống",
    ),
    "duoc-lieu": (
        "Dược liệu và sản phẩm từ dược liệu", "Herbal products", "Dược liệu", "Sản phẩm từ dược liệu", "Thảo dược",
        "Thực phẩm chức năng, thuốc dược liệu, thuốc y học cổ truyền",
        "Thực phẩm chức năng, thuốc dược liệu, thuốc từ dược liệu",
        "Thực phẩm chức năng", "Thuốc dược liệu", "Thuốc y học cổ truyền", "Thuốc từ dược liệu",
        "Mỹ phẩm có thành phần từ thảo dược", "Mỹ phẩm từ dược liệu", "Mỹ phẩm",
        "Tinh dầu và thảo dược khác", "Tinh dầu",
    ),
    "thu-cong-my-nghe": (
        "Hàng thủ công mỹ nghệ", "Handicrafts", "Thủ công mỹ nghệ", "Thủ công mỹ nghệ, trang trí",
        "Vải và may mặc", "Vải, may mặc", "Lưu niệm – nội thất – trang trí", "Lưu niệm, nội thất, trang trí",
        "Đồ gia dụng", "Dệt may", "Gốm sứ", "Mây tre đan", "Đồ gỗ",
    ),
    "sinh-vat-canh": (
        "Sinh vật cảnh", "Ornamental plants and animals", "Hoa", "Cây cảnh", "Hoa, cây cảnh", "Động vật cảnh",
        "Cá cảnh", "Chim cảnh",
    ),
    "du-lich": (
        "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch", "Community tourism and ecotourism",
        "Du lịch", "Dịch vụ du lịch", "Du lịch cộng đồng", "Du lịch sinh thái", "Điểm du lịch",
        "Dịch vụ du lịch nông thôn", "Dịch vụ du lịch nông thôn và bán hàng",
    ),
}
"""The names a product's group goes by, each group's own first: the official groups and
sub-groups of Decision 148/QĐ-TTg (2023), the sectors and sub-groups of the older Decision
1048/QĐ-TTg (2019, whose textile and souvenir sectors are handicrafts today), and the short
names lists use. Matched folded, so capitals, diacritics and punctuation do not matter."""

_PRODUCER_TYPES = {
    "htx": ("htx", "hop tac xa", "cooperative", "lien hiep htx", "lien hiep hop tac xa"),
    "doanh-nghiep": ("cong ty", "doanh nghiep", "cty", "dn", "dntn", "cong ty tnhh", "cong ty co phan", "tnhh",
                     "company", "enterprise"),
    "to-hop-tac": ("to hop tac", "tht", "cooperative group"),
    "ho-kinh-doanh": ("ho kinh doanh", "hkd", "ho san xuat", "ho san xuat kinh doanh", "ho gia dinh",
                      "household", "household business"),
}

_AREA_PREFIX = re.compile(r"^(?:huyen|quan|thi xa|thanh pho|tp|khu vuc|dac khu)\s+")
_CODE_PREFIX = re.compile(r"^(?:(?:nganh|nhom|phan nhom)\s+)?[0-9]+(?:\s+[0-9]+)*\s+")
_STARS = re.compile(r"^([0-9])\s*(?:sao|stars?)?$")
_DATE = re.compile(r"^([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})$")
_NUMBER_WITH_DATE = re.compile(r"^(.*?)[\s,;]+ngày\s+([0-9]{1,2}[/.-][0-9]{1,2}[/.-][0-9]{4})$", re.IGNORECASE)


def _keys_by_name(names: Mapping[str, Iterable[str]]) -> dict[str, str]:
    """Each key, and each of its names, folded -> the key (the first key to claim a name keeps it)."""
    found: dict[str, str] = {}
    for key, more in names.items():
        for name in (key, *more):
            found.setdefault(slugify(name), key)
    return found


class Converter:
    """Turns one cell's value into a field's value; problems go to ``problems`` with the cell."""

    def __init__(self, config: SiteConfig, problems: list[SiteError]) -> None:
        self.problems = problems
        default = config.default_language
        self.area_names = {key: district.name(default) for key, district in config.districts.items()}
        self.areas = _keys_by_name({key: [district.name(lang) for lang in config.languages]
                                    for key, district in config.districts.items()})
        self.group_names = {key: group.name(default) for key, group in config.groups.items()}
        self.groups = _keys_by_name({key: [group.name(lang) for lang in config.languages]
                                     for key, group in config.groups.items()})
        for name, key in _keys_by_name({k: GROUP_NAMES.get(k, ()) for k in config.groups}).items():
            self.groups.setdefault(name, key)  # the site's own names first, then the official ones
        self.types = {slugify(name): key for key, names in _PRODUCER_TYPES.items() for name in (key, *names)}

    def fail(self, cell: str, message: str, /, **values: object) -> None:
        self.problems.append(error(cell, None, message, **values))

    def convert(self, name: str, value: Any, cell: str) -> Any:
        """The value of field ``name`` from a cell's (not None) value; None after a problem."""
        if name == "stars":
            return self.stars(value, cell)
        if name in ("certificate.date", "certificate.year"):
            return self.date(value, cell)
        if name == "price_vnd":
            return self.whole_dong(value, cell)
        if name == "price" and isinstance(value, (int, float)) and not isinstance(value, bool):
            return f"{value:,.0f} ₫".replace(",", ".") if float(value).is_integer() else str(value)
        text = self.text(value, cell)
        if text is None:
            return None
        if name == "district":
            return self.key(text, cell, self.areas, self.area_names, _AREA_PREFIX, "area")
        if name == "group":
            return self.key(text, cell, self.groups, self.group_names, _CODE_PREFIX, "group")
        if name == "producer.type":
            return self.producer_type(text, cell)
        if name == "slug" and not is_slug(text):
            self.fail(cell, "slug '{slug}' must be lowercase letters, digits and hyphens, e.g. 'mat-ong-dai-hop'",
                      slug=text)
            return None
        return text

    def text(self, value: Any, cell: str) -> str | None:
        """One line of text: numbers written out, runs of spaces and line breaks as one space."""
        if isinstance(value, dt.date):
            value = value.isoformat()
        text = str(value)
        if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
            text = text[1:]  # catalogue.csv's guard against a spreadsheet running the text
        text = " ".join(text.split())
        problem = text_problem(text)
        if problem:
            self.fail(cell, "the cell contains a character that cannot be shown ({char}): remove it", char=problem)
            return None
        return text or None

    def whole_dong(self, value: Any, cell: str) -> int | None:
        """``250000``, ``250000.0``, ``"250000"`` -> 250000: the price a program reads."""
        if isinstance(value, (int, float)) and not isinstance(value, bool) and float(value).is_integer():
            amount: int | None = int(value)
        else:
            text = str(value).strip()
            amount = int(text) if text.isascii() and text.isdigit() else None
        if amount is None or amount <= 0:
            self.fail(cell, "price_vnd must be a whole number of đồng greater than 0, written without dots or "
                      "spaces, such as 250000 (not {value}); 'price' holds the price as people read it",
                      value=repr(value))
            return None
        return amount

    def stars(self, value: Any, cell: str) -> int | None:
        """``4``, ``4.0``, ``"4 sao"``, ``"★★★★"`` -> 4."""
        text = str(value).strip()
        stars: int | None = None
        if isinstance(value, (int, float)) and not isinstance(value, bool):
            stars = int(value) if float(value).is_integer() else None
        elif text and set(text) <= {"★", "☆", " "} and "★" in text:
            stars = text.count("★")
        else:
            match = _STARS.match(fold(text))
            stars = int(match.group(1)) if match else None
        if stars not in (3, 4, 5):
            self.fail(cell, "stars must be 3, 4 or 5, not \"{value}\"", value=text)
            return None
        return stars

    def date(self, value: Any, cell: str) -> dt.date | int | None:
        """A date cell, ``15/09/2023``, ``2023-09-15``; a year alone (``2023``) gives the year,
        from :data:`~ocop_site.model.FIRST_YEAR` to this year."""
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        text = str(value).strip()
        if re.fullmatch(r"[0-9]{4}", text):
            this_year = dt.date.today().year
            if not FIRST_YEAR <= int(text) <= this_year:
                self.fail(cell, "\"{value}\" is not a year of recognition: OCOP certificates are from {first} to "
                          "{this_year}", value=text, first=str(FIRST_YEAR), this_year=str(this_year))
                return None
            return int(text)
        try:
            match = _DATE.match(text)
            if match:
                return dt.date(int(match.group(3)), int(match.group(2)), int(match.group(1)))
            return dt.date.fromisoformat(text)
        except ValueError:
            self.fail(cell, "\"{value}\" is not a date: write it DD/MM/YYYY (or use a date cell)", value=text)
            return None

    @staticmethod
    def number_and_date(text: str) -> tuple[str, dt.date | None]:
        """``123/QĐ-UBND ngày 15/9/2023`` -> (``123/QĐ-UBND``, 2023-09-15), as decisions are often cited."""
        match = _NUMBER_WITH_DATE.match(text)
        if not match:
            return text, None
        day, month, year = map(int, re.split(r"[/.-]", match.group(2)))
        try:
            return match.group(1), dt.date(year, month, day)
        except ValueError:
            return text, None

    def key(self, text: str, cell: str, keys: Mapping[str, str], names: Mapping[str, str],
            prefix: re.Pattern[str], what: str) -> str | None:
        folded = " ".join(re.sub(r"[^a-z0-9]+", " ", fold(text)).split())
        for candidate in (folded, prefix.sub("", folded)):
            found = keys.get(slugify(candidate))
            if found:
                return found
        allowed = ", ".join(f"{name} ({key})" for key, name in names.items())
        near = near_miss(prefix.sub("", folded), list(keys))
        if what == "area":
            if near:
                self.fail(cell, "unknown area \"{value}\" (did you mean {suggestion}?); the areas of site.yaml: "
                          "{allowed}", value=text, suggestion=f"{names[keys[near]]} ({keys[near]})", allowed=allowed)
            else:
                self.fail(cell, "unknown area \"{value}\": add it to 'districts' in site.yaml, or write one "
                          "of: {allowed}", value=text, allowed=allowed)
        elif near:
            self.fail(cell, "unknown product group \"{value}\" (did you mean {suggestion}?); groups: {allowed}",
                      value=text, suggestion=f"{names[keys[near]]} ({keys[near]})", allowed=allowed)
        else:
            self.fail(cell, "unknown product group \"{value}\" (groups: {allowed})", value=text, allowed=allowed)
        return None

    def producer_type(self, text: str, cell: str) -> str | None:
        """``HTX``, ``Hợp tác xã``, ``Công ty TNHH``, ``Hộ kinh doanh``, ``Tổ hợp tác`` -> a type key."""
        words = slugify(text)
        for length in range(len(words.split("-")), 0, -1):  # the longest known beginning
            found = self.types.get("-".join(words.split("-")[:length]))
            if found:
                return found
        near = near_miss(text, list(self.types))
        allowed = "HTX, Công ty, Tổ hợp tác, Hộ kinh doanh"
        if near:
            self.fail(cell, "unknown producer type \"{value}\" (did you mean '{suggestion}'?); write one of: "
                      "{allowed}", value=text, suggestion=self.types[near], allowed=allowed)
        else:
            self.fail(cell, "unknown producer type \"{value}\" (write one of: {allowed})", value=text, allowed=allowed)
        return None
