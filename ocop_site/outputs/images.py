"""The processed pictures (``images/``, and the favicons at the top), copied from the image cache.

A cached file's name and folder carry the cache key, which covers the source
bytes and every setting, so the key is the artifact's only input.
"""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterable

from ..plan import Artifact, Made, PlanContext, producer


def _copy(path: Path, made: Made) -> Path:
    return path


@producer("images")
def images(ctx: PlanContext) -> Iterable[Artifact]:
    for output, cached in ctx.images.files.items():
        yield Artifact(output, "image cache", (f"={cached.parent.name}/{cached.name}",),
                       partial(_copy, cached))
