"""Turns the model into bytes: pages, product cards, data records and data scripts.

One :class:`Renderer` serves a whole build (and, inherited, every worker
process); per-language views are made once and kept. Each method is a pure
function of the site and its arguments. A template mistake raises
:class:`SiteErrors` with the template's file and line.
"""
from __future__ import annotations

import re
from pathlib import Path
from typing import Mapping, Sequence

import jinja2

from ..errors import SiteErrors
from ..model import Site
from ..plan import digest
from ..theme import Theme
from .catalogue import Catalogue
from .catalogue_data import DataTables, catalogue_script, data_tables, product_record
from .env import make_environment, template_error
from .image_views import site_images_view
from .context import not_found_context, page_context
from .pages import PageSpec, number_formatter, page_specs, translator
from .paths import ROOT

__all__ = ["Renderer", "TEMPLATE_ERRORS", "CARD"]

TEMPLATE_ERRORS = (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError, IndexError,
                   ZeroDivisionError, RecursionError)
"""What a mistaken template can raise while rendering."""

CARD = "partials/card.html"
"""The template of a product's card on listings."""
_NOT_FOUND = "404.html"
_REFERENCE = re.compile(r"""\{%[-+]?\s*(?:extends|include|import|from)\s+(?:(["'])(.+?)\1)?""")
"""A template's reference to another: a quoted name, or (no name) an expression."""


class Renderer:
    def __init__(self, site: Site, theme: Theme, site_dir: Path, placeholders: Mapping[str, str]) -> None:
        self.site = site
        self.theme = theme
        self.site_dir = site_dir
        self.placeholders = placeholders
        self.env = make_environment(theme)
        self.env.globals["site_images"] = site_images_view(site)
        self._catalogues: dict[str, Catalogue] = {}
        self._tables: dict[str, DataTables] = {}
        self._template_digests: dict[str, str] = {}

    def catalogue(self, lang: str) -> Catalogue:
        if lang not in self._catalogues:
            self._catalogues[lang] = Catalogue(self.site, lang, self.placeholders)
        return self._catalogues[lang]

    def tables(self, lang: str) -> DataTables:
        if lang not in self._tables:
            self._tables[lang] = data_tables(self.site, lang, self.placeholders)
        return self._tables[lang]

    def specs(self, lang: str) -> list[PageSpec]:
        return page_specs(self.site, self.catalogue(lang))

    def _render(self, template: str, shown: str, context: Mapping[str, object]) -> str:
        try:
            return self.env.get_template(template).render(context)
        except TEMPLATE_ERRORS as exc:
            raise SiteErrors([template_error(exc, self.site_dir, shown)]) from None

    def page(self, spec: PageSpec, cards: Sequence[str] = (), body_html: str = "") -> bytes:
        catalogue = self.catalogue(spec.lang)
        path = spec.path(self.site.config.default_language)
        try:
            context = page_context(self.site, catalogue, spec, cards, body_html)
        except TEMPLATE_ERRORS as exc:  # a UI string with a bad {placeholder}
            raise SiteErrors([template_error(exc, self.site_dir, path)]) from None
        return self._render(spec.template, path, context.as_dict()).encode("utf-8")

    def not_found(self) -> bytes:
        """``404.html``, in the default language (see :func:`not_found_context`)."""
        context = not_found_context(self.site, self.catalogue(self.site.config.default_language))
        return self._render(_NOT_FOUND, _NOT_FOUND, context.as_dict()).encode("utf-8")

    def card(self, lang: str, slug: str) -> str:
        """A product's card (``partials/card.html``) with :data:`ROOT` before every path."""
        return self.product_part(CARD, lang, slug)

    def product_part(self, template: str, lang: str, slug: str) -> str:
        """A piece of a product that several pages show (``partials/card.html``,
        ``partials/booth_card.html``…): the template gets ``p``, ``lang``, ``default_lang``,
        ``url``, ``t``, ``num`` and ``eager``; :data:`ROOT` stands before every path."""
        catalogue = self.catalogue(lang)
        num = number_formatter(lang)
        return self._render(template, f"{template} of {slug}", {
            "p": catalogue.product(slug), "lang": lang, "default_lang": self.site.config.default_language,
            "url": lambda target: ROOT + target, "t": translator(catalogue.strings, num), "num": num,
            "eager": False,
        })

    def record(self, lang: str, slug: str) -> str:
        return product_record(self.site, self.catalogue(lang), slug, self.tables(lang))

    def data_script(self, lang: str, records: Sequence[str]) -> bytes:
        return catalogue_script(lang, self.site.config.default_language, self.tables(lang), records)

    def template_digest(self, name: str) -> str:
        """The template as the theme resolves it, with every template it extends, includes or
        imports (all of the theme's templates when a name is only known at run time)."""
        if name not in self._template_digests:
            self._template_digests[name] = self._closure_digest(name)
        return self._template_digests[name]

    def _closure_digest(self, name: str) -> str:
        seen: dict[str, str] = {}
        pending = [name]
        while pending:
            current = pending.pop()
            if current in seen:
                continue
            try:
                source, _, _ = self.env.loader.get_source(self.env, current)  # type: ignore[union-attr]
            except jinja2.TemplateNotFound:
                seen[current] = "missing"
                continue
            seen[current] = source
            for match in _REFERENCE.finditer(source):
                if match.group(2) is None:  # a name only known when rendering: count them all
                    pending += self.env.list_templates()
                else:
                    pending.append(match.group(2))
        return digest(*(part for key in sorted(seen) for part in (key, seen[key])))
