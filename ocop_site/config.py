"""``site.yaml`` -> :class:`SiteConfig`, with every mistake reported at its line.

The top-level settings are read here; the blocks with settings of their own in
:mod:`~ocop_site.config_images` (``images``, ``logo``, ``share_image``),
:mod:`~ocop_site.config_contact` and :mod:`~ocop_site.config_tables` (``provinces``,
``districts``, ``groups``), with texts read by :mod:`~ocop_site.config_text` and unknown
settings found by :mod:`~ocop_site.config_keys`.
"""
from __future__ import annotations

import re
from typing import Any, Mapping
from urllib.parse import quote, urlsplit, urlunsplit

from .config_contact import EMAIL, parse_contact
from .config_images import image_settings, leaves_folder, site_image
from .config_keys import unknown_settings
from .config_tables import named_table, unknown_province
from .config_text import localized
from .errors import SiteError, error, warning
from .frontmatter import Parsed
from .model import Localized, Named, SiteConfig
from .vntext import is_slug

__all__ = ["OFFICIAL_GROUPS", "PRODUCER_TYPES", "EMAIL", "parse_config", "localized", "leaves_folder"]

OFFICIAL_GROUPS: Mapping[str, Mapping[str, str]] = {
    "thuc-pham": {"vi": "Thực phẩm", "en": "Food"},
    "do-uong": {"vi": "Đồ uống", "en": "Drinks"},
    "duoc-lieu": {"vi": "Dược liệu và sản phẩm từ dược liệu", "en": "Herbal products"},
    "thu-cong-my-nghe": {"vi": "Hàng thủ công mỹ nghệ", "en": "Handicrafts"},
    "sinh-vat-canh": {"vi": "Sinh vật cảnh", "en": "Ornamental plants and animals"},
    "du-lich": {
        "vi": "Dịch vụ du lịch cộng đồng, du lịch sinh thái và điểm du lịch",
        "en": "Community tourism and ecotourism",
    },
}
"""The six groups of Decision 148/QĐ-TTg (2023); ``site.yaml`` may rename or extend them."""

PRODUCER_TYPES = ("htx", "doanh-nghiep", "to-hop-tac", "ho-kinh-doanh")

_LANG_RE = re.compile(r"^[a-z]{2,3}(-[A-Za-z0-9]+)?$")
_KNOWN_KEYS = ("title", "description", "languages", "theme", "base_url", "district_label",
               "provinces", "districts", "groups", "images", "logo", "share_image", "contact", "sources")


def _base_url(value: Any, path: str, line: int | None, problems: list[SiteError]) -> str | None:
    """``base_url: https://example.org/ocop/``: where the site is published, an absolute http(s)
    address without query or fragment; normalised to end with ``/``."""
    if value is None:
        return None
    try:
        parts = urlsplit(value.strip()) if isinstance(value, str) else None
    except ValueError:  # such as an unclosed [ of an IPv6 address
        parts = None
    if (parts is None or parts.scheme not in ("http", "https") or not parts.hostname
            or parts.query or parts.fragment or any(c.isspace() for c in value.strip())):
        problems.append(error(path, line, "base_url: expected the address the site is published at, "
                              "starting with http:// or https://, such as https://example.org/ocop/"))
        return None
    return urlunsplit((parts.scheme, parts.netloc.lower(), quote(parts.path.rstrip("/"), safe="/%") + "/", "", ""))


def parse_config(parsed: Parsed | None, path: str) -> tuple[SiteConfig | None, list[SiteError]]:
    """Validate the data of ``site.yaml``."""
    problems: list[SiteError] = []
    if parsed is None:
        return None, problems
    data = parsed.data if parsed.data is not None else {}
    if not isinstance(data, dict):
        return None, [error(path, 1, "site.yaml must be a set of 'key: value' settings")]
    line = parsed.lines.get
    unknown_settings(data, _KNOWN_KEYS, parsed, path, problems)

    raw_langs = data.get("languages", ["vi"])
    if (not isinstance(raw_langs, list) or not raw_langs
            or not all(isinstance(x, str) and _LANG_RE.match(x) for x in raw_langs)):
        problems.append(error(path, line("languages"), "languages: expected a list of "
                              "language codes such as [vi, en]; the first is the default"))
        return None, problems
    languages = tuple(raw_langs)
    if len(set(languages)) != len(languages):
        problems.append(error(path, line("languages"), "languages: a language is listed twice"))

    title = localized(data.get("title", "OCOP"), languages, path, line("title"), "title", problems)
    description = localized(data.get("description", ""), languages, path, line("description"),
                            "description", problems) if data.get("description") else None
    label = (localized(data["district_label"], languages, path, line("district_label"),
                       "district_label", problems) if data.get("district_label") else None)

    theme = data.get("theme", "default")
    if not isinstance(theme, str) or not is_slug(theme):
        problems.append(error(path, line("theme"), "theme: expected a theme folder name"))
        theme = "default"
    base_url = _base_url(data.get("base_url"), path, line("base_url"), problems)
    if data.get("base_url") is None:  # left out, or left empty
        problems.append(warning(path, None, "base_url is not set: sitemap.xml, QR codes and absolute "
                                "share links are left out (set it to the address the site is published at, "
                                "such as https://example.org/ocop/)"))

    provinces = named_table(data.get("provinces"), "provinces", languages, parsed, path, problems)
    districts = named_table(data.get("districts"), "districts", languages, parsed, path,
                            problems, with_province=True, described={})
    if not districts and not data.get("sources"):  # a province's areas may all come from its sources
        problems.append(error(path, line("districts") or 1, "districts: list at least one "
                              "district (area) with its names, e.g. 'kien-thuy: {{vi: Kiến Thụy}}'"))
    written = data.get("provinces")
    if written is None or isinstance(written, dict):  # a table of another shape has its own error
        named = {str(key) for key in written or ()}  # a province whose names are wrong has its own error too
        for district in districts.values():
            if district.province is not None and district.province not in named:
                unknown_province(district, provinces, line(f"districts.{district.key}.province"), path, problems)

    groups = {key: Named(key, Localized({lang: names.get(lang, names["en"]) for lang in languages},
                                        languages[0]))
              for key, names in OFFICIAL_GROUPS.items()}
    groups.update(named_table(data.get("groups"), "groups", languages, parsed, path, problems, described=groups))

    images = image_settings(data.get("images"), parsed, path, problems)
    logo = site_image(data, "logo", parsed, path, problems)
    share_image = site_image(data, "share_image", parsed, path, problems)
    contact = parse_contact(data.get("contact"), languages, parsed, path, problems)

    if any(not p.is_warning for p in problems) or title is None:
        return None, problems
    return SiteConfig(
        title=title,
        description=description or Localized({languages[0]: ""}, languages[0]),
        languages=languages,
        theme=theme,
        base_url=base_url,
        district_label=label,
        provinces=provinces,
        districts=districts,
        groups=groups,
        images=images,
        logo=logo,
        share_image=share_image,
        contact=contact,
    ), problems
