"""``robots.txt``: every page may be crawled.

The smallest output kind, and the model for new ones: a module in this
package, a function registered with :func:`~ocop_site.plan.producer` that
yields artifacts, each with its path, what it is made from, the inputs its
bytes depend on and how to make them. Nothing else in the program changes.
"""
from __future__ import annotations

from typing import Iterable

from ..plan import Artifact, Made, PlanContext, producer


def _robots(made: Made) -> bytes:
    return b"User-agent: *\nAllow: /\n"


@producer("robots")
def robots(ctx: PlanContext) -> Iterable[Artifact]:
    yield Artifact("robots.txt", "site.yaml", (), _robots)
