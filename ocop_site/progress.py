"""Progress bars on a terminal (tqdm), for the long parts of a build: images and pages.

Nothing is shown when stderr is not a terminal (CI, a pipe) or when the work
is too short to wait for. The bar has no monitor thread: a second thread
would keep worker processes from being forked.
"""
from __future__ import annotations

import sys

from tqdm import tqdm  # type: ignore[import-untyped]

__all__ = ["progress"]


class _Bar(tqdm):  # type: ignore[type-arg]
    monitor_interval = 0


def progress(total: int, desc: str, unit: str, minimum: int) -> tqdm:  # type: ignore[type-arg]
    """A bar on stderr when it is a terminal and ``total`` reaches ``minimum``."""
    return _Bar(total=total, desc=desc, unit=unit, file=sys.stderr, leave=False, dynamic_ncols=True,
                mininterval=0.25, disable=None if total >= minimum else True)
