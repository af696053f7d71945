"""Render every page and data script of a site, on every core when it pays.

Rendering is a pure function of (site, language, page), so pages can be
rendered in any process in any order; results come back in the fixed order
of :func:`page_specs`, and the output is byte-identical whatever the number
of workers. On Linux, workers are forked and share the site copy-on-write:
only page numbers go out and HTML comes back; elsewhere each worker gets the
site once. Small sites render in this process.
"""
from __future__ import annotations

from concurrent.futures import ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping

import jinja2

from ..errors import SiteError, error
from ..model import Site
from ..theme import Theme
from ..workers import default_workers, process_context
from .catalogue_data import catalogue_script, data_path
from .env import make_environment, template_error
from .pages import PageSpec, page_context, page_specs
from .views import Catalogue, catalogue_for, site_images_view

__all__ = ["PageRenderer", "plan", "render_pages", "PARALLEL_MIN_PAGES"]

PARALLEL_MIN_PAGES = 600
"""Below this many pages, starting workers costs more than it saves."""
_CHUNK = 250  # pages per task: few enough round trips, small enough to balance two cores



class PageRenderer:
    """Renders the pages of one site; per-language views are made once and kept."""

    def __init__(self, site: Site, theme: Theme, site_dir: Path, placeholders: Mapping[str, str]) -> None:
        self.site = site
        self.theme = theme
        self.site_dir = site_dir
        self.placeholders = placeholders
        self.env = make_environment(theme)
        self.env.globals["site_images"] = site_images_view(site)
        self.specs = {lang: page_specs(site, lang) for lang in site.config.languages}
        self._catalogues: dict[str, Catalogue] = {}

    def catalogue(self, lang: str) -> Catalogue:
        if lang not in self._catalogues:
            self._catalogues[lang] = catalogue_for(self.site, lang, self.placeholders)
        return self._catalogues[lang]

    def page(self, spec: PageSpec) -> tuple[str, bytes] | SiteError:
        path = spec.path(self.site.config.default_language)
        try:
            context = page_context(self.site, self.catalogue(spec.lang), spec)
            html = self.env.get_template(spec.template).render(context.as_dict())
        except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
            return template_error(exc, self.site_dir, path)
        return path, html.encode("utf-8")

    def pages(self, lang: str, start: int, stop: int) -> list[tuple[str, bytes] | SiteError]:
        return [self.page(spec) for spec in self.specs[lang][start:stop]]

    def data_script(self, lang: str) -> tuple[str, bytes]:
        site = self.site
        return (data_path(lang, site.config.default_language),
                catalogue_script(site, self.catalogue(lang)))


_worker: dict[str, PageRenderer] = {}
"""This worker's renderer: inherited from the parent when forked, else made by _start_worker."""


def _start_worker(site: Site, theme: Theme, site_dir: Path, placeholders: Mapping[str, str]) -> None:
    _worker["renderer"] = PageRenderer(site, theme, site_dir, placeholders)


def _render_chunk(lang: str, start: int, stop: int) -> list[tuple[str, bytes] | SiteError]:
    return _worker["renderer"].pages(lang, start, stop)


def plan(renderer: PageRenderer, workers: int | None = None) -> int:
    """How many processes will render: 1 (this one) for small sites."""
    total = sum(len(specs) for specs in renderer.specs.values())
    wanted = workers or default_workers()
    return wanted if wanted > 1 and total >= PARALLEL_MIN_PAGES else 1


def render_pages(renderer: PageRenderer, workers: int | None = None
                 ) -> Iterator[tuple[str, bytes] | SiteError]:
    """Every page, then each language's data script, in a fixed order."""
    languages = renderer.site.config.languages
    processes = plan(renderer, workers)
    if processes == 1:
        for lang in languages:
            yield from renderer.pages(lang, 0, len(renderer.specs[lang]))
            yield renderer.data_script(lang)
        return
    context = process_context()
    initializer: Callable[..., None] | None = None
    initargs: tuple[Any, ...] = ()
    if context.get_start_method() == "fork":
        for lang in languages:
            renderer.catalogue(lang)  # once, before the fork: every worker inherits it
        _worker["renderer"] = renderer
    else:
        initializer, initargs = _start_worker, (renderer.site, renderer.theme, renderer.site_dir,
                                                renderer.placeholders)
    try:
        with ProcessPoolExecutor(processes, context, initializer, initargs) as pool:
            tasks = {lang: [pool.submit(_render_chunk, lang, start, start + _CHUNK)
                            for start in range(0, len(renderer.specs[lang]), _CHUNK)]
                     for lang in languages}
            for lang in languages:
                for task in tasks[lang]:
                    yield from task.result()
                yield renderer.data_script(lang)
    except BrokenProcessPool:
        yield error("output", None, "a page-rendering worker stopped unexpectedly (out of memory?); "
                    "run the build again with fewer workers (--jobs 1)")
    finally:
        _worker.clear()
