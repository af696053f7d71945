"""The pipeline: load -> validate -> model -> render -> write.

All data is gathered and checked before anything is rendered; all pages
are rendered into a staging folder before the old output is replaced.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Iterator, Mapping

from .build_model import build_site
from .config import parse_config
from .errors import SiteError, SiteErrors, sort_problems
from .images import ImageRef, image_refs, process_images, prune_cache
from .load import load_documents, load_site_yaml
from .model import ImageSettings, Site
from .render.run import PageRenderer, render_pages
from .theme import Theme, find_theme, load_strings
from .validate import validate
from .write import Staging

__all__ = ["Loaded", "load", "render", "build", "BuildReport"]


@dataclass(frozen=True, slots=True)
class Loaded:
    site: Site | None  # None when there are errors
    theme: Theme | None
    problems: tuple[SiteError, ...]  # errors and warnings, in file order
    image_refs: tuple[ImageRef, ...] = ()  # pictures to process, even when there are errors
    image_settings: ImageSettings = ImageSettings()

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
    images_processed: int = 0  # pictures decoded and resized in this run
    images_reused: int = 0  # pictures taken from the cache as they were


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
    if config is None:
        return Loaded(None, theme, tuple(sort_problems(problems)))
    refs = image_refs(docs, config)
    if theme is None or any(not p.is_warning for p in problems):
        return Loaded(None, theme, tuple(sort_problems(problems)), refs, config.images)
    strings, found = load_strings(theme, site_dir, config.languages)
    problems += found
    site = build_site(docs, config, today, strings)
    return Loaded(site, theme, tuple(sort_problems(problems)), refs, config.images)


def _placeholders(static: dict[str, Path], site: Site) -> dict[str, str]:
    fallback = "static/placeholders/default.svg"
    found = {"": fallback}
    for group in site.config.groups:
        name = f"placeholders/{group}.svg"
        found[group] = f"static/{name}" if name in static else fallback
    return found


def render(site: Site, theme: Theme, site_dir: Path, images: Mapping[str, Path] | None = None,
           workers: int | None = None) -> Iterator[tuple[str, bytes | Path] | SiteError]:
    """Every output file: rendered pages, catalogue data scripts, theme static files, and the
    processed images (``images``: output path -> cached file, copied as it is).
    ``workers``: processes that render pages (default: one per core)."""
    static = theme.static_files()
    renderer = PageRenderer(site, theme, site_dir, _placeholders(static, site))
    yield from render_pages(renderer, workers)
    for name, source in static.items():
        yield f"static/{name}", source.read_bytes()
    yield from (images or {}).items()


def build(site_dir: Path, output: Path, today: dt.date, check_only: bool = False,
          workers: int | None = None) -> BuildReport:
    """Build into ``output`` (or, with ``check_only``, render without writing).

    ``workers``: processes for images and pages (default: one per core).
    """
    started = time.perf_counter()
    loaded = load(site_dir, today)
    images = process_images(loaded.image_refs, loaded.image_settings, site_dir, workers)
    warnings = tuple(sort_problems([*loaded.problems, *images.warnings]))
    if loaded.errors or loaded.site is None or loaded.theme is None:
        raise SiteErrors(sort_problems([*loaded.problems, *images.problems]))
    site = replace(loaded.site, images=images.images)
    staging = None if check_only else Staging(output, site_dir)
    problems: list[SiteError] = list(images.errors)  # pages still render, to report every error
    pages = files = 0
    try:
        for item in render(site, loaded.theme, site_dir, images.files, workers):
            if isinstance(item, SiteError):
                problems.append(item)
                continue
            path, data = item
            files += 1
            pages += path.endswith(".html")
            if staging is not None and not problems:
                if isinstance(data, Path):
                    staging.copy(path, data)
                else:
                    staging.write(path, data)
        if problems:
            raise SiteErrors([*warnings, *sort_problems(set(problems))])
        if staging is not None:
            staging.commit()
            prune_cache(site_dir, images)
    finally:
        if staging is not None and staging.root.exists():
            staging.rollback()
    return BuildReport(len(site.products), len(site.config.languages), pages, files,
                       time.perf_counter() - started, warnings, images.processed, images.reused)
