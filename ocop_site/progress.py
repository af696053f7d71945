"""Progress bars on a terminal (tqdm), for the long parts of a build: images and pages.

Nothing is shown when stderr is not a terminal (CI, a pipe) or when the work
is too short to wait for. The bar has no monitor thread: a second thread
would keep worker processes from being forked.
"""
from __future__ import annotations

import functools
import sys
from typing import Any

from .messages import translator

__all__ = ["progress"]


@functools.lru_cache(maxsize=None)
def _bar_class() -> type:
    from tqdm import tqdm  # type: ignore[import-untyped]  # imported when a bar is first needed

    class Bar(tqdm):  # type: ignore[misc]
        monitor_interval = 0

    return Bar


def progress(total: int, desc: str, unit: str, minimum: int) -> Any:
    """A tqdm bar on stderr when it is a terminal and ``total`` reaches ``minimum``; ``desc`` and
    ``unit`` are English texts marked for the catalogue, shown in the editor's language."""
    translate = translator()
    return _bar_class()(total=total, desc=translate(desc), unit=translate(unit), file=sys.stderr, leave=False, dynamic_ncols=True,
                        mininterval=0.25, disable=None if total >= minimum else True)
