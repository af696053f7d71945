"""What the printable pages for trade fairs show: a booth card per product, the card sheet, the brochure.

:func:`~ocop_site.render.pages.print_specs` lists these pages; :func:`brochure_areas`
orders the brochure: by area, then product group, then name, which is also
its table of contents. The pieces they print (``partials/booth_card.html``,
``partials/brochure_entry.html``) are rendered once per product and
language and placed like listing cards.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Sequence

from markupsafe import Markup

from ..model import Site
from .views import Catalogue, FacetValue

__all__ = ["BOOTH_CARD", "BROCHURE_ENTRY", "BrochureArea", "BrochureSection", "brochure_slugs", "brochure_areas"]

BOOTH_CARD = "partials/booth_card.html"
BROCHURE_ENTRY = "partials/brochure_entry.html"


@dataclass(frozen=True, slots=True)
class BrochureSection:
    """The products of one product group in one area, in name order."""

    anchor: str  # the section's id: "area-kien-thuy--thuc-pham"
    group: FacetValue
    entries: tuple[Markup, ...]  # partials/brochure_entry.html of each product


@dataclass(frozen=True, slots=True)
class BrochureArea:
    """One area's chapter of the brochure, its product groups in the catalogue's order."""

    anchor: str  # "area-kien-thuy"
    district: FacetValue
    province: str  # the area's province key ("" when it has none), for the filter
    sections: tuple[BrochureSection, ...]


def _sections(catalogue: Catalogue) -> list[tuple[FacetValue, list[tuple[FacetValue, list[str]]]]]:
    groups = catalogue.facet("group")
    found = []
    for district in catalogue.facet("district").values:
        in_district = set(catalogue.listing("district", district.key))
        found.append((district, [(group, slugs) for group in groups.values if (slugs := [
            s for s in catalogue.listing("group", group.key) if s in in_district])]))
    return found


def brochure_slugs(catalogue: Catalogue) -> list[str]:
    """The brochure's products in the order it prints them."""
    return [slug for _, sections in _sections(catalogue) for _, slugs in sections for slug in slugs]


def brochure_areas(site: Site, catalogue: Catalogue, entries: Sequence[Markup]) -> tuple[BrochureArea, ...]:
    """The brochure's chapters; ``entries``: each product's entry, in :func:`brochure_slugs` order."""
    districts = site.config.districts
    found, start = [], 0
    for district, groups in _sections(catalogue):
        anchor = f"area-{district.key}"
        sections = []
        for group, slugs in groups:
            sections.append(BrochureSection(f"{anchor}--{group.key}", group,
                                            tuple(entries[start:start + len(slugs)])))
            start += len(slugs)
        found.append(BrochureArea(anchor, district, districts[district.key].province or "", tuple(sections)))
    return tuple(found)
