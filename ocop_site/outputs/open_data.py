"""Open data: ``catalogue.json`` (the whole catalogue, for a province to aggregate; its shape
is the JSON Schema shipped in the package, ``ocop_site/schemas/catalogue.schema.json``) and
``catalogue.csv`` (one row per product, for a spreadsheet), made by
:mod:`ocop_site.render.open_data` and :mod:`ocop_site.render.open_data_csv`.

Each product's entry in both files is a fragment made once in the product's worker and kept
in the build state, so that after one product changed, the two files are put together again
from what was kept instead of being written anew from every product.
"""
from __future__ import annotations

from functools import partial
from typing import Callable, Iterable, Iterator, Mapping

from ..model import Maker, Product, Site
from ..plan import Artifact, Fragment, Group, Made, PlanContext, producer
from ..render.open_data import catalogue_json, makers_of_products, producer_entry, product_entry
from ..render.open_data_csv import catalogue_csv, csv_line, csv_order

def _entry(write: Callable[[Site, Product, Mapping[str, str]], str], product: Product, makers: Mapping[str, str],
           made: Made) -> str:
    return write(made.context.site, product, makers)


def _producer(maker: Maker, made: Made) -> str:
    return producer_entry(made.context.site, maker)


def _file(write: Callable[..., bytes], lists: tuple[tuple[str, ...], ...], made: Made) -> bytes:
    """The file from its entries, read one by one as it is written (they are borrowed in
    batches: :class:`ocop_site.making._InBatches`)."""
    return write(made.context.site, *((made.fragments[name] for name in names) for names in lists),
                 check=not made.trusted)


def _entries(product: Product, inputs: tuple[str, ...], makers: Mapping[str, str]) -> Iterator[Fragment]:
    for kind, write in (("json", product_entry), ("csv", csv_line)):
        yield Fragment(f"{kind}:{product.slug}", inputs, partial(_entry, write, product, makers),
                       persist=True, group=product.slug)


@producer("open-data")
def open_data(ctx: PlanContext) -> Iterable[Artifact | Fragment | Group]:
    site = ctx.site
    makers = makers_of_products(site)
    for product in site.products:
        standing = product.certificate.standing_on(site.today) if product.certificate else ""
        page = makers.get(product.slug, "")
        own = (f"product:{product.slug}", f"=standing {standing}", f"=producer page {page}")
        yield Group(f"open-data:{product.slug}", ("site.yaml",), own,
                    partial(_entries, product, ("site.yaml", *own), {product.slug: page} if page else {}))
    for maker in site.makers:
        yield Fragment(f"json-producer:{maker.slug}", ("site.yaml", f"={maker}"),
                       partial(_producer, maker), persist=True)
    files: dict[str, tuple[Callable[..., bytes], tuple[tuple[str, ...], ...]]] = {
        "catalogue.json": (catalogue_json, (tuple(f"json:{p.slug}" for p in site.products),
                                            tuple(f"json-producer:{m.slug}" for m in site.makers))),
        "catalogue.csv": (catalogue_csv, (tuple(f"csv:{p.slug}" for p in csv_order(site)),)),
    }
    for name, (write, lists) in files.items():
        yield Artifact(name, "site.yaml", ("site.yaml",), partial(_file, write, lists),
                       needs=tuple(n for names in lists for n in names))
