"""The data script of each language (``catalogue-data.js``), read by the home page's filters
and search; assembled from one record per product, each made once and kept in the build state.
Records read back from there are parsed (:func:`checked_records`) before they go into the
script, and any that is not a record is made again, so a tampered cache cannot put code in it."""
from __future__ import annotations

from functools import partial
from typing import Iterable, Iterator, Mapping

from ..plan import Artifact, Fragment, Group, Made, PlanContext, producer
from ..render.catalogue_data import checked_records, data_path


def _record(lang: str, slug: str, made: Made) -> str:
    return made.context.renderer.record(lang, slug)


def _script(lang: str, names: tuple[str, ...], made: Made) -> bytes:
    renderer = made.context.renderer
    records = [made.fragments[name] for name in names]
    slugs = [name.rsplit(":", 1)[1] for name in names]
    for bad in [] if made.trusted else checked_records(records, slugs):
        records[bad] = renderer.record(lang, slugs[bad])
    return renderer.data_script(lang, records)


def _records(names: Mapping[str, Mapping[str, str]], slug: str) -> Iterator[Fragment]:
    for lang, by_slug in names.items():
        yield Fragment(by_slug[slug], (f"={lang}", "site.yaml", f"product:{slug}"),
                       partial(_record, lang, slug), persist=True, group=slug)


@producer("catalogue-data")
def catalogue_data(ctx: PlanContext) -> Iterable[Artifact | Group]:
    languages = ctx.site.config.languages
    # the records' names, by language and slug: one string each, in their group and in the script
    names = {lang: {slug: f"record:{lang}:{slug}" for slug in ctx.renderer.catalogue(lang).order} for lang in languages}
    shared = ("site.yaml", *(f"={lang}" for lang in languages))
    for product in ctx.site.products:
        yield Group(f"records:{product.slug}", shared, (f"product:{product.slug}",),
                    partial(_records, names, product.slug))
    for lang in languages:
        needs = tuple(names[lang].values())
        yield Artifact(data_path(lang, ctx.site.config.default_language), "catalogue data",
                       (f"={lang}", "site.yaml", f"strings:{lang}", "static-list"),
                       partial(_script, lang, needs), needs=needs)
