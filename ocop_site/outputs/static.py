"""The theme's static files (``static/``): style sheet, script, pictures; copied as they are."""
from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Iterable

from ..plan import Artifact, Made, PlanContext, producer


def _copy(path: Path, made: Made) -> Path:
    return path


@producer("static")
def static(ctx: PlanContext) -> Iterable[Artifact]:
    for name, path in ctx.static.items():
        yield Artifact(f"static/{name}", f"themes/{ctx.theme.name}/static/{name}", (f"static:{name}",),
                       partial(_copy, path))
