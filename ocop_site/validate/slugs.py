"""Slugs across the site: two products (or two pages) with one slug, a page taking a name the site uses."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Iterable

from ..errors import SiteError, error

__all__ = ["RESERVED_SLUGS", "SlugClaim", "check_slugs"]

RESERVED_SLUGS = frozenset({"products", "district", "group", "stars", "static", "index", "images", "page",
                            "producers", "statistics", "cards", "brochure"})


@dataclass(frozen=True, slots=True)
class SlugClaim:
    """A published product or page and where its slug comes from."""

    kind: str  # product or page
    slug: str
    path: str  # its default-language file
    line: int  # of its 'slug' field, or 1


def check_slugs(claims: Iterable[SlugClaim], languages: tuple[str, ...]) -> list[SiteError]:
    """Two products (or two pages) with one slug; a page taking a name the site uses itself."""
    problems: list[SiteError] = []
    reserved = RESERVED_SLUGS | set(languages)
    first: dict[tuple[str, str], str] = {}
    for claim in sorted(claims, key=lambda c: c.path):
        if claim.kind == "page" and claim.slug in reserved:
            problems.append(error(claim.path, claim.line, "page slug '{slug}' is reserved for the "
                                  "catalogue's own pages; choose another", slug=claim.slug))
        owner = first.setdefault((claim.kind, claim.slug), claim.path)
        if owner != claim.path:
            problems.append(error(claim.path, claim.line, "duplicate slug '{slug}': {owner} already "
                                  "uses it (set a different 'slug' in one of them)", slug=claim.slug, owner=owner))
    return problems
