"""What is wrong with the values given to ``ocop-site new`` on its command line.

Every problem is an error at the option that was given (``--district: error: …``), and each
says what would do: the allowed keys, the nearest one when a key or a name was mistyped.
"""
from __future__ import annotations

from typing import Mapping

from ..errors import SiteError, error
from ..model import SiteConfig
from ..suggest import near_miss
from ..vntext import text_problem

__all__ = ["name_problem", "choice_problems"]


def name_problem(option: str, name: str) -> SiteError | None:
    """The error of ``option`` when ``name`` cannot be one line of text on a page, else None."""
    if text_problem(name) is not None or any(ch in name for ch in "\n\r\x85\u2028\u2029"):
        return error(option, None, "'{name}' cannot be a name: it is empty or has a character "
                     "that cannot be shown (such as a line break)", name=name)
    return None


def _suggest(value: str, names: Mapping[str, str]) -> str | None:
    """The key of ``names`` (key -> name) closest to ``value``, typed as a key or as a name."""
    by_name = {name: key for key, name in names.items()}
    close = near_miss(value, [*names, *by_name])
    return close if close in names else by_name.get(close or "")


def choice_problems(config: SiteConfig, district: str | None, group: str | None,
                    stars: int | None) -> list[SiteError]:
    """What is wrong with a new product's area, group and stars (each error says what would do)."""
    default = config.default_language
    problems = []
    areas = {k: v.name(default) for k, v in config.districts.items()}
    groups = {k: v.name(default) for k, v in config.groups.items()}
    if district is None:
        problems.append(error("--district", None, "give the product's area (one of: {allowed})",
                              allowed=", ".join(sorted(areas)) or "-"))
    elif district not in areas:
        near = _suggest(district, areas)
        problems.append(
            error("--district", None, "unknown area '{value}' in site.yaml (allowed: {allowed})",
                  value=district, allowed=", ".join(sorted(areas)) or "-") if near is None else
            error("--district", None, "unknown area '{value}': did you mean '{near}'? (allowed: {allowed})",
                  value=district, near=near, allowed=", ".join(sorted(areas))))
    if group is None:
        problems.append(error("--group", None, "give the product's group (one of: {allowed})",
                              allowed=", ".join(sorted(groups))))
    elif group not in groups:
        near = _suggest(group, groups)
        problems.append(
            error("--group", None, "unknown group '{value}' (allowed: {allowed})",
                  value=group, allowed=", ".join(sorted(groups))) if near is None else
            error("--group", None, "unknown group '{value}': did you mean '{near}'? (allowed: {allowed})",
                  value=group, near=near, allowed=", ".join(sorted(groups))))
    if stars is None:
        problems.append(error("--stars", None, "give the product's stars: 3, 4 or 5"))
    elif stars not in (3, 4, 5):
        problems.append(error("--stars", None, "stars must be 3, 4 or 5 (OCOP certifies only these), not {stars}",
                              stars=stars))
    return problems
