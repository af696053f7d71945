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
from .catalogue import Catalogue
from .views import FacetValue

__all__ = ["BOOTH_CARD", "BROCHURE_ENTRY", "PRINT_SPLIT", "BrochureArea", "BrochureSection", "split_by_area",
           "printed_slugs", "brochure_slugs", "brochure_areas"]

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


PRINT_SPLIT = 500
"""Above this many products, the card sheet and the brochure are one page per area (a
province's brochure in one page would be tens of megabytes: no browser prints that), and
``cards/index.html`` and ``brochure/index.html`` list the areas."""


def split_by_area(catalogue: Catalogue) -> bool:
    return len(catalogue.order) > PRINT_SPLIT


def printed_slugs(catalogue: Catalogue, area: str | None) -> list[str]:
    """The card sheet's products: all, or one area's, in name order."""
    return list(catalogue.order) if area is None else catalogue.listing("district", area)


def _sections(catalogue: Catalogue, area: str | None = None) -> list[tuple[FacetValue, list[tuple[FacetValue, list[str]]]]]:
    groups = catalogue.facet("group")
    found = []
    for district in catalogue.facet("district").values:
        if area is not None and district.key != area:
            continue
        by_group: dict[str, list[str]] = {}  # in name order, as the area's listing is
        for slug in catalogue.listing("district", district.key):
            by_group.setdefault(catalogue.model(slug).facet_value("group"), []).append(slug)
        found.append((district, [(group, by_group[group.key]) for group in groups.values if group.key in by_group]))
    return found


def brochure_slugs(catalogue: Catalogue, area: str | None = None) -> list[str]:
    """The brochure's products (all, or one area's) in the order it prints them."""
    return [slug for _, sections in _sections(catalogue, area) for _, slugs in sections for slug in slugs]


def brochure_areas(site: Site, catalogue: Catalogue, entries: Sequence[Markup],
                   area: str | None = None) -> tuple[BrochureArea, ...]:
    """The brochure's chapters (all, or one area's); ``entries``: each product's entry, in
    :func:`brochure_slugs` order."""
    districts = site.config.districts
    found, start = [], 0
    for district, groups in _sections(catalogue, area):
        anchor = f"area-{district.key}"
        sections = []
        for group, slugs in groups:
            sections.append(BrochureSection(f"{anchor}--{group.key}", group,
                                            tuple(entries[start:start + len(slugs)])))
            start += len(slugs)
        found.append(BrochureArea(anchor, district, districts[district.key].province or "", tuple(sections)))
    return tuple(found)
