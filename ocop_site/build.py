"""The pipeline: load -> validate -> model -> render -> write.

All data is gathered and checked before anything is rendered; all pages
are rendered into a staging folder before the old output is replaced.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import jinja2

from .build_model import build_site
from .config import parse_config
from .errors import SiteError, SiteErrors, sort_problems
from .load import load_documents, load_site_yaml
from .model import Site
from .render.env import make_environment, template_error
from .render.pages import page_context, page_specs
from .render.views import catalogue_for
from .theme import Theme, find_theme, load_strings
from .validate import validate
from .write import Staging

__all__ = ["Loaded", "load", "render", "build", "BuildReport"]


@dataclass(frozen=True, slots=True)
class Loaded:
    site: Site | None  # None when there are errors
    theme: Theme | None
    problems: tuple[SiteError, ...]  # errors and warnings, in file order

    @property
    def errors(self) -> list[SiteError]:
        return [p for p in self.problems if not p.is_warning]


@dataclass(frozen=True, slots=True)
class BuildReport:
    products: int
    languages: int
    pages: int
    files: int
    seconds: float
    warnings: tuple[SiteError, ...]


def load(site_dir: Path, today: dt.date) -> Loaded:
    """Read and check everything; the model is built only when nothing is wrong."""
    parsed, problems = load_site_yaml(site_dir)
    if not (site_dir / "site.yaml").is_file():
        return Loaded(None, None, tuple(problems))
    config, found = parse_config(parsed, "site.yaml")
    problems += found
    docs, found = load_documents(site_dir)
    problems += found
    theme = None
    if config is not None:
        problems += validate(docs, config, today)
        theme, found = find_theme(site_dir, config.theme)
        problems += found
    if config is None or theme is None or any(not p.is_warning for p in problems):
        return Loaded(None, theme, tuple(sort_problems(problems)))
    strings, found = load_strings(theme, site_dir, config.languages)
    problems += found
    site = build_site(docs, config, today, strings)
    return Loaded(site, theme, tuple(sort_problems(problems)))


def _placeholders(static: dict[str, Path], site: Site) -> dict[str, str]:
    fallback = "static/placeholders/default.svg"
    found = {"": fallback}
    for group in site.config.groups:
        name = f"placeholders/{group}.svg"
        found[group] = f"static/{name}" if name in static else fallback
    return found


def render(site: Site, theme: Theme, site_dir: Path) -> Iterator[tuple[str, bytes] | SiteError]:
    """Every output file: rendered pages, theme static files, product images."""
    env = make_environment(theme)
    static = theme.static_files()
    placeholders = _placeholders(static, site)
    default = site.config.default_language
    for lang in site.config.languages:
        catalogue = catalogue_for(site, lang, placeholders)
        for spec in page_specs(site, lang):
            path = spec.path(default)
            try:
                html = env.get_template(spec.template).render(page_context(site, catalogue, spec).as_dict())
            except (jinja2.TemplateError, TypeError, ValueError, KeyError, AttributeError) as exc:
                yield template_error(exc, site_dir, path)
                continue
            yield path, html.encode("utf-8")
    for name, source in static.items():
        yield f"static/{name}", source.read_bytes()
    for product in site.products:
        for image in product.images:
            assert product.bundle is not None
            yield f"products/{product.slug}/{image.src}", (site_dir / product.bundle / image.src).read_bytes()


def build(site_dir: Path, output: Path, today: dt.date, check_only: bool = False) -> BuildReport:
    """Build into ``output`` (or, with ``check_only``, render without writing)."""
    started = time.perf_counter()
    loaded = load(site_dir, today)
    if loaded.errors or loaded.site is None or loaded.theme is None:
        raise SiteErrors(loaded.problems)
    site = loaded.site
    staging = None if check_only else Staging(output, site_dir)
    problems: list[SiteError] = []
    pages = files = 0
    try:
        for item in render(site, loaded.theme, site_dir):
            if isinstance(item, SiteError):
                problems.append(item)
                continue
            path, data = item
            files += 1
            pages += path.endswith(".html")
            if staging is not None and not problems:
                staging.write(path, data)
        if problems:
            raise SiteErrors([*loaded.problems, *sort_problems(set(problems))])
        if staging is not None:
            staging.commit()
    finally:
        if staging is not None and staging.root.exists():
            staging.rollback()
    return BuildReport(len(site.products), len(site.config.languages), pages, files,
                       time.perf_counter() - started, loaded.problems)
