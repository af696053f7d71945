"""``site.yaml`` -> :class:`SiteConfig`, with every mistake reported at its line."""
from __future__ import annotations

import re
from typing import Any, Mapping
from urllib.parse import quote, urlsplit, urlunsplit

from .config_tables import named_table, unknown_province
from .config_text import localized
from .errors import SiteError, error, warning
from .frontmatter import Parsed
from .model import Contact, Image, ImageSettings, Localized, Named, SiteConfig
from .suggest import near_miss
from .vntext import is_slug, nfc, text_problem

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
_IMAGE_KEYS = ("widths", "quality", "max_megapixels")
_CONTACT_KEYS = ("office", "note", "phone", "email", "website")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_MAX_MEGAPIXELS = 178
"""Pillow refuses anything over twice its ``MAX_IMAGE_PIXELS`` (about 179 MP) as a likely bomb."""


def leaves_folder(src: str) -> bool:
    """True for a path that does not stay inside the folder it is written relative to:
    absolute (``/x``, ``C:x``, ``\\x``) or climbing out with ``..``."""
    path = src.replace("\\", "/")
    return path.startswith("/") or bool(re.match(r"^[A-Za-z]:", path)) or ".." in path.split("/")


def _int_in(value: Any, low: int, high: int) -> bool:
    return isinstance(value, int) and not isinstance(value, bool) and low <= value <= high


def _image_settings(data: Any, parsed: Parsed, path: str, problems: list[SiteError]) -> ImageSettings:
    """``images: {widths: [400, 800, 1600], quality: 80, max_megapixels: 100}``, all optional."""
    default = ImageSettings()
    if data is None:
        return default
    line = parsed.lines.get
    if not isinstance(data, dict):
        problems.append(error(path, line("images"), "images: expected settings such as "
                              "'widths: [400, 800, 1600]' and 'quality: 80'"))
        return default
    for key in data:
        if key not in _IMAGE_KEYS:
            problems.append(error(path, line(f"images.{key}"), "images: unknown setting '{key}' (known: {known})",
                                  key=key, known=", ".join(_IMAGE_KEYS)))
    widths = data.get("widths", list(default.widths))
    if (not isinstance(widths, list) or not widths or len(widths) > 8
            or not all(_int_in(w, 16, 8192) for w in widths) or len(set(widths)) != len(widths)):
        problems.append(error(path, line("images.widths"), "images.widths: expected a list of up to 8 "
                              "different widths in pixels between 16 and 8192, e.g. [400, 800, 1600]"))
        widths = list(default.widths)
    quality = data.get("quality", default.quality)
    if not _int_in(quality, 1, 100):
        problems.append(error(path, line("images.quality"), "images.quality: expected a whole number "
                              "from 1 to 100 (80 is a good balance of size and sharpness)"))
        quality = default.quality
    megapixels = data.get("max_megapixels", default.max_megapixels)
    if not _int_in(megapixels, 1, _MAX_MEGAPIXELS):
        problems.append(error(path, line("images.max_megapixels"), "images.max_megapixels: expected "
                              "a whole number from 1 to {most}", most=_MAX_MEGAPIXELS))
        megapixels = default.max_megapixels
    return ImageSettings(tuple(sorted(widths)), quality, megapixels)


def _site_image(data: Any, key: str, parsed: Parsed, path: str, problems: list[SiteError]) -> Image | None:
    """``logo: assets/logo.png``: a file inside the site folder (checked for existence later)."""
    value = data.get(key)
    if value is None:
        return None
    line = parsed.lines.get(key)
    if not isinstance(value, str) or not value.strip():
        problems.append(error(path, line, "{field}: expected a file path such as 'assets/{field}.png'", field=key))
        return None
    src = value.strip().replace("\\", "/")
    if leaves_folder(src):
        problems.append(error(path, line, "{field}: '{value}' must be a file inside the site folder, "
                              "written relative to it (e.g. 'assets/{field}.png')", field=key, value=value))
        return None
    if src.lower().endswith(".svg"):
        problems.append(error(path, line, "{field}: '{value}' is an SVG; the image pipeline needs a "
                              "PNG or JPEG (for a logo, at least 512×512 pixels). To replace the theme's "
                              "SVG instead, put it at themes/<theme>/static/logo.svg", field=key, value=value))
        return None
    return Image(src=src, alt=None, line=line, path="/".join(p for p in src.split("/") if p not in ("", ".")))


def _contact(data: Any, languages: tuple[str, ...], parsed: Parsed, path: str,
             problems: list[SiteError]) -> Contact | None:
    """``contact: {office: …, note: …, phone: …, email: …, website: …}``: whom buyers can ask
    about a product whose producer gives no phone, e-mail or website; only ``office`` is needed."""
    if data is None:
        return None
    line = parsed.lines.get
    if not isinstance(data, dict):
        problems.append(error(path, line("contact"), "contact: expected settings such as 'office: …' "
                              "(whom buyers can ask) and optional 'note', 'phone', 'email' and 'website'"))
        return None
    count = len(problems)
    for key in data:
        if key not in _CONTACT_KEYS:
            problems.append(error(path, line(f"contact.{key}"), "contact: unknown setting '{key}' (known: {known})",
                                  key=key, known=", ".join(_CONTACT_KEYS)))
    office = None
    if data.get("office") is None:
        problems.append(error(path, line("contact"), "contact.office: missing: name the office buyers can ask, "
                              "such as the commune's economic office"))
    else:
        office = localized(data["office"], languages, path, line("contact.office"), "contact.office", problems)
    note = (localized(data["note"], languages, path, line("contact.note"), "contact.note", problems)
            if data.get("note") is not None else None)
    found: dict[str, str | None] = {}
    for key in ("phone", "email", "website"):
        value = data.get(key)
        if value is None:
            found[key] = None
            continue
        problem = text_problem(value)
        if problem is not None:
            problems.append(error(path, line(f"contact.{key}"), "contact.{key}: expected text, such as {example}",
                                  key=key, example={"phone": "'0225 3 123 456'", "email": "ocop@example.gov.vn",
                                                    "website": "https://example.gov.vn/"}[key]))
            continue
        found[key] = nfc(str(value)).strip()
    if found.get("email") and not EMAIL.match(found["email"] or ""):
        problems.append(error(path, line("contact.email"), "contact.email: '{email}' is not an e-mail address",
                              email=found["email"]))
    if found.get("website") and not (found["website"] or "").startswith(("http://", "https://")):
        problems.append(error(path, line("contact.website"), "contact.website must start with http:// or https://"))
    if len(problems) > count or office is None:
        return None
    return Contact(office, note, found["phone"], found["email"], found["website"])


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
    for key in data:
        if key not in _KNOWN_KEYS:
            known, near = ", ".join(_KNOWN_KEYS), near_miss(str(key), _KNOWN_KEYS)
            if near:
                problems.append(error(path, line(str(key)), "unknown setting '{key}' (did you mean "
                                      "'{suggestion}'?); known: {known}", key=key, suggestion=near, known=known))
            else:
                problems.append(error(path, line(str(key)), "unknown setting '{key}' (known: {known})", key=key,
                                      known=known))

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
    for district in districts.values():
        if district.province is not None and district.province not in provinces:
            unknown_province(district, provinces, line(f"districts.{district.key}.province"), path, problems)

    groups = {key: Named(key, Localized({lang: names.get(lang, names["en"]) for lang in languages},
                                        languages[0]))
              for key, names in OFFICIAL_GROUPS.items()}
    groups.update(named_table(data.get("groups"), "groups", languages, parsed, path, problems, described=groups))

    images = _image_settings(data.get("images"), parsed, path, problems)
    logo = _site_image(data, "logo", parsed, path, problems)
    share_image = _site_image(data, "share_image", parsed, path, problems)
    contact = _contact(data.get("contact"), languages, parsed, path, problems)

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
