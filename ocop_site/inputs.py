"""What each input name of the artifact plan hashes to, for one build.

See :mod:`ocop_site.plan` for the names. Everything here is a digest of
content already in memory (file hashes from :mod:`sources`, the model, the
image pipeline's cache keys), so planning a build of twenty thousand
products reads no file again.
"""
from __future__ import annotations

import json
from pathlib import Path
from typing import Mapping

from .images import ImageRun
from .model import Site
from .plan import InputTable, digest, program_digest
from .render.renderer import Renderer
from .sources import Sources

__all__ = ["build_inputs"]


def _strings(strings: Mapping[str, str]) -> str:
    return digest(json.dumps(dict(sorted(strings.items())), ensure_ascii=False))


def build_inputs(site: Site, renderer: Renderer, images: ImageRun, sources: Sources, config_hash: str,
                 file_hashes: Mapping[str, str], static: Mapping[str, Path]) -> InputTable:
    """The input table of a build. ``config_hash``: of site.yaml (and its sources' site.yaml, which
    it takes areas from); ``file_hashes``: content files (relative path -> hash)."""
    config = site.config
    table = InputTable(resolvers={"template": renderer.template_digest})
    table.add("version", program_digest())
    table.add("site.yaml", config_hash)
    for name, path in static.items():
        table.add(f"static:{name}", sources.hash(path))
    table.add("static-list", digest(*static))
    table.add("images:site", digest(*(f"{key}={value}" for key, value in sorted(images.by_path.items())
                                      if not key.endswith(" photo"))))
    for lang in config.languages:
        table.add(f"strings:{lang}", _strings(site.ui.get(lang, {})))
        catalogue = renderer.catalogue(lang)
        table.add(f"pages:{lang}", digest(*(f"{p.slug}|{p.title.value}|{p.title.lang}" for p in catalogue.pages)))
    for product in site.products:
        parts = [part for path in product.files for part in (path, file_hashes[path])]
        parts += [images.by_path.get(f"{image.path} photo", "") for image in product.images]
        table.add(f"product:{product.slug}", digest(*parts))
    for page in site.pages:
        table.add(f"page:{page.slug}", digest(*(part for path in page.files for part in (path, file_hashes[path]))))
    return table
