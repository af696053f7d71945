"""The data script of each language (``catalogue-data.js``), read by the home page's filters
and search; assembled from one record per product, each made once and kept in the build state.
Records read back from there are parsed (:func:`checked_records`) before they go into the
script, and any that is not a record is made again, so a tampered cache cannot put code in it."""
from __future__ import annotations

from functools import partial
from typing import Iterable

from ..plan import Artifact, Fragment, Made, PlanContext, producer
from ..render.catalogue_data import checked_records, data_path
from ..render.renderer import Renderer


def _record(renderer: Renderer, lang: str, slug: str, made: Made) -> str:
    return renderer.record(lang, slug)


def _script(renderer: Renderer, lang: str, names: tuple[str, ...], made: Made) -> bytes:
    records = [made.fragments[name] for name in names]
    slugs = [name.rsplit(":", 1)[1] for name in names]
    for bad in checked_records(records, slugs):
        records[bad] = renderer.record(lang, slugs[bad])
    return renderer.data_script(lang, records)


@producer("catalogue-data")
def catalogue_data(ctx: PlanContext) -> Iterable[Artifact | Fragment]:
    renderer = ctx.renderer
    for lang in ctx.site.config.languages:
        names = []
        for slug in renderer.catalogue(lang).order:
            name = f"record:{lang}:{slug}"
            names.append(name)
            yield Fragment(name, (f"={lang}", "site.yaml", f"product:{slug}"),
                           partial(_record, renderer, lang, slug), persist=True, group=slug)
        yield Artifact(data_path(lang, ctx.site.config.default_language), "catalogue data",
                       (f"={lang}", "site.yaml", f"strings:{lang}", "static-list"),
                       partial(_script, renderer, lang, tuple(names)), needs=tuple(names))
