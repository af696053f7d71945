"""The keyed tables of ``site.yaml`` (``provinces:``, ``districts:``, ``groups:``): each key's
names per language, checked key by key."""
from __future__ import annotations

from typing import Any, Mapping

from .config_text import localized
from .errors import SiteError, error
from .file_names import windows_reserved
from .frontmatter import Parsed
from .model import Named
from .suggest import near_miss
from .vntext import is_slug

__all__ = ["named_table", "unknown_province"]


def named_table(
    data: Any, key: str, languages: tuple[str, ...], parsed: Parsed, path: str,
    problems: list[SiteError], with_province: bool = False, described: Mapping[str, Named] | None = None,
) -> dict[str, Named]:
    """``key``'s table: names per language (and ``province`` for districts). With
    ``described`` (the defaults, possibly none), an entry may also give a
    ``description``, and an entry that gives only that keeps its default names."""
    table: dict[str, Named] = {}
    if data is None:
        return table
    if not isinstance(data, dict):
        problems.append(error(path, parsed.lines.get(key), "'{field}' must map keys to names", field=key))
        return table
    for item_key, value in data.items():
        line = parsed.lines.get(f"{key}.{item_key}")
        item_key = str(item_key)
        if not is_slug(item_key):
            problems.append(error(path, line, "{field}: key '{key}' must be lowercase "
                                  "letters, digits and hyphens (for example 'kien-thuy')", field=key, key=item_key))
            continue
        if windows_reserved(item_key):
            problems.append(error(path, line, "{field}: '{key}' is a name Windows keeps for a device: a copy "
                                  "of the site on Windows or a USB stick could not hold its pages; use another key",
                                  field=key, key=item_key))
            continue
        province = description = None
        if with_province and isinstance(value, dict):
            value = dict(value)
            province = value.pop("province", None)
            if isinstance(province, (list, dict)):
                problems.append(error(path, parsed.lines.get(f"{key}.{item_key}.province", line),
                                      "'{field}' must be one key of 'provinces', not a list or fields",
                                      field=f"{key}.{item_key}.province"))
                province = None
            elif province is not None:
                province = str(province)
        if described is not None and isinstance(value, dict) and "description" in value:
            value = dict(value)
            field = f"{key}.{item_key}.description"
            description = localized(value.pop("description"), languages, path,
                                    parsed.lines.get(field, line), field, problems)
            if not value and item_key in described:
                table[item_key] = Named(item_key, described[item_key].name, province, description)
                continue
        name = localized(value, languages, path, line, f"{key}.{item_key}", problems)
        if name is not None:
            table[item_key] = Named(item_key, name, province, description)
    return table


def unknown_province(district: Named, provinces: Mapping[str, Named], line: int | None, path: str,
                     problems: list[SiteError]) -> None:
    """A district's ``province`` that the ``provinces`` table lacks, with the key it likely meant."""
    field, value = f"districts.{district.key}", district.province
    near = near_miss(str(value), provinces)
    if not provinces:
        problems.append(error(path, line, "{field}: unknown province '{province}' (known: none)", field=field,
                              province=value))
    elif near:
        problems.append(error(path, line, "{field}: unknown province '{province}' (did you mean '{suggestion}'?); "
                              "known: {known}", field=field, province=value, suggestion=near,
                              known=", ".join(provinces)))
    else:
        problems.append(error(path, line, "{field}: unknown province '{province}' (known: {known})", field=field,
                              province=value, known=", ".join(provinces)))
