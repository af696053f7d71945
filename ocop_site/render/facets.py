"""The facets of one language: each facet's values, their names, counts and pages.

District, group and stars have pages of their own, in the order pages list
them: districts by their Vietnamese-sorted name, groups in the configuration's
order, stars from five down. A value no product has is left out. The home
page's filter form may add province, which has no pages.
"""
from __future__ import annotations

from collections import Counter
from typing import Mapping

from ..model import FACETS, Site
from ..vntext import vi_sort_key
from .paths import page_path
from .views import Facet, FacetValue, text_in

__all__ = ["facets_of", "filter_facets"]


def facets_of(site: Site, lang: str, strings: Mapping[str, str]) -> tuple[Facet, ...]:
    """District, group and stars in ``lang``; ``strings`` are the language's UI strings."""
    config, default = site.config, site.config.default_language
    counts = Counter((facet, product.facet_value(facet)) for product in site.products for facet in FACETS)
    names = {
        "district": [(k, d.name(lang)) for k, d in config.districts.items()],
        "group": [(k, g.name(lang)) for k, g in config.groups.items()],
        "stars": [(str(n), strings.get(f"stars_{n}", f"{n}★")) for n in (5, 4, 3)],
    }
    names["district"].sort(key=lambda kv: (vi_sort_key(kv[1]), kv[0]))
    labels = {
        "district": config.district_label(lang) if config.district_label else strings.get("district", "District"),
        "group": strings.get("group", "Group"),
        "stars": strings.get("stars", "Stars"),
    }
    named = {"district": config.districts, "group": config.groups}

    def value(facet: str, key: str, name: str) -> FacetValue:
        item = named[facet].get(key) if facet in named else None
        province = config.provinces.get(item.province) if item and item.province else None
        return FacetValue(facet, key, name, counts[(facet, key)], page_path(lang, default, facet, key),
                          province.name(lang) if province else "",
                          text_in(item.description, lang) if item and item.description else None)

    return tuple(
        Facet(facet, labels[facet], page_path(lang, default, facet), tuple(
            value(facet, key, name) for key, name in names[facet] if counts[(facet, key)]
        ))
        for facet in FACETS
    )


def filter_facets(site: Site, lang: str, strings: Mapping[str, str],
                  facets: tuple[Facet, ...]) -> tuple[Facet, ...]:
    """The facets the home page's filter form offers: ``facets`` (district, group and stars),
    led by province when the products come from more than one province (province has no pages
    of its own, so its Facet and values have the path ``""``)."""
    counts: dict[str, int] = {}
    districts = site.config.districts
    for product in site.products:
        province = districts[product.district].province
        if province is not None:
            counts[province] = counts.get(province, 0) + 1
    if len(counts) < 2:
        return facets
    names = [(key, site.config.provinces[key].name(lang)) for key in counts]
    names.sort(key=lambda kv: (vi_sort_key(kv[1]), kv[0]))
    facet = Facet("province", strings.get("province", "Province"), "", tuple(
        FacetValue("province", key, name, counts[key], "") for key, name in names))
    return (facet, *facets)
