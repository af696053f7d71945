"""The one context each page's template gets, :class:`PageContext`: every field a template
may use, documented in one place (built by :mod:`ocop_site.render.context`).
"""
from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Callable

from markupsafe import Markup

from .pages import Link, Pager
from .printouts import BrochureArea
from .share import Share
from .statistics import Statistics
from .views import Facet, FacetValue, MakerView, PageView, ProductView

__all__ = ["PageContext"]


@dataclass(frozen=True, slots=True)
class PageContext:
    """Everything a template may use. Each field is a template variable.

    - ``lang``: the page's language code; ``t(key, **values)``: a UI string in
      it, placeholders filled (numbers formatted), also the filter
      ``{{ 'key'|t(count=n) }}``; ``num(n)``: a whole number as the language
      writes it (``10.000`` in vi).
    - ``url(path)``: a relative link from this page to a path from the
      output root (``"products/x/index.html"``, ``"static/style.css"``), also
      the filter ``{{ path|url }}``. (The default theme uses the filters:
      Jinja calls filters directly, functions through a slower path.)
    - ``site_title``, ``site_description``; ``default_lang``.
    - ``kind``: home, product, facet_index, facet_value, page or statistics.
    - ``title`` (for ``<title>``), ``description`` (meta description).
    - ``home_path``: the home page of this language.
    - ``path``: this page, from the output root; ``canonical``: absolute URL
      when ``site.yaml`` has ``base_url``, else None.
    - ``alternates``: this page in every language (Link with ``lang``), for
      the language switcher; ``hreflang``: ``(code, href)`` for the head's
      ``<link rel="alternate" hreflang>``, every language then ``x-default``
      (the default language), absolute with ``base_url``, else relative.
    - ``share``: a :class:`~ocop_site.render.share.Share` (Open Graph and
      Twitter card values); ``json_ld``: the page's schema.org JSON-LD, escaped
      to sit inside ``<script type="application/ld+json">``, or None.
    - ``breadcrumbs``: Links from the home page to this one.
    - ``facets``: every Facet (district, group, stars). On the home, facet and
      listing pages with its values and their counts; on product and free
      pages only its label and path (values empty), so those pages do not
      change whenever another product is added.
    - ``pages``: free pages for the footer.
    - ``statistics_path``: this language's statistics page, for the footer.
    - ``statistics`` (statistics page): the figures, a Statistics
      (``ocop_site/render/statistics.py``).
    - ``feed``: this language's Atom feed (``feed.xml``), for the head's
      ``<link rel="alternate" type="application/atom+xml">``.
    - ``cards`` (home, facet value): the product cards of this listing page,
      ready to print (``partials/card.html``, rendered once per product and
      language); ``count``: products in the whole listing; ``pager``: a
      Pager when the listing has more than one page, else None.
    - ``product_count`` (home): how many products the catalogue has.
    - ``filters`` (home): the facets of the filter form: district, group and
      stars, led by a province Facet (path ``""``: it has no pages) when the
      products come from more than one province.
    - ``catalogue_data`` (first home page): path of this language's data
      script (``catalogue-data.js``), read by ``static/catalogue.js``.
    - ``filter_link`` (facet value): the home page filtered to this value
      (``index.html#district=kien-thuy``), to filter further.
    - ``producers_path``: the producers' index (footer link), None when no
      product names a producer.
    - ``makers`` (producer index): a MakerView per producer, in name order;
      ``maker`` (producer page): its MakerView, with ``cards`` of its products.
    - ``not_found`` (``404.html``): for each other language, a Link to its
      home with a line saying, in that language, that the page was not found.
    - Printouts (``render/printouts.py``): ``product`` and ``cards`` (booth_card: the
      product's ``partials/booth_card.html``), ``cards`` (cards: every booth card, in
      name order), ``areas`` (brochure: a BrochureArea per area, its BrochureSections by
      group, each with its ``partials/brochure_entry.html`` entries) and ``count`` (products).
      Above ``PRINT_SPLIT`` products the sheet and the brochure are one page per area
      (``cards/<area>/``, ``brochure/<area>/``), and ``cards/`` and ``brochure/`` are
      print_index pages: ``printout`` ("cards" or "brochure") and ``print_areas`` (a
      FacetValue per area, its path that area's page), ``count``.
    - ``product``: the ProductView (product pages, with its body); ``facet``:
      the Facet (facet pages); ``value``: the FacetValue (facet value pages);
      ``page``: the PageView (free pages, with its body).
    """

    lang: str
    default_lang: str
    t: Callable[..., str]
    num: Callable[[int], str]
    url: Callable[[str], str]
    site_title: str
    site_description: str
    kind: str
    title: str
    description: str
    home_path: str
    path: str
    canonical: str | None
    alternates: tuple[Link, ...]
    breadcrumbs: tuple[Link, ...]
    facets: tuple[Facet, ...]
    pages: tuple[PageView, ...]
    cards: tuple[Markup, ...] = ()
    count: int = 0
    pager: Pager | None = None
    product: ProductView | None = None
    facet: Facet | None = None
    value: FacetValue | None = None
    page: PageView | None = None
    product_count: int = 0
    filters: tuple[Facet, ...] = ()
    catalogue_data: str | None = None
    filter_link: str | None = None
    maker: MakerView | None = None
    makers: tuple[MakerView, ...] = ()
    producers_path: str | None = None
    hreflang: tuple[tuple[str, str], ...] = ()
    share: Share | None = None
    json_ld: Markup | None = None
    not_found: tuple[Link, ...] = ()
    feed: str = ""
    statistics_path: str = ""
    statistics: Statistics | None = None
    areas: tuple[BrochureArea, ...] = ()
    printout: str = ""
    print_areas: tuple[FacetValue, ...] = ()

    def as_dict(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}
