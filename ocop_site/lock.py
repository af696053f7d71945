"""One build of a site at a time: a lock file in the site's ``.cache/``.

Two builds of one site at once would race to replace the same output and
state. The second one waits for the first (``on_wait`` is told once); the
operating system releases the lock when the holder exits, even when it is
killed, so a crashed build never leaves the site locked.
"""
from __future__ import annotations

import os
import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Callable, Iterator

__all__ = ["site_lock"]


def _try_lock(fd: int, blocking: bool) -> bool:
    if sys.platform == "win32":  # pragma: no cover - Windows
        import msvcrt

        try:
            msvcrt.locking(fd, msvcrt.LK_LOCK if blocking else msvcrt.LK_NBLCK, 1)
            return True
        except OSError:
            return False
    import fcntl

    try:
        fcntl.flock(fd, fcntl.LOCK_EX | (0 if blocking else fcntl.LOCK_NB))
        return True
    except BlockingIOError:
        return False


@contextmanager
def site_lock(site_dir: Path, on_wait: Callable[[], None] | None = None) -> Iterator[None]:
    """Hold the site's build lock; without a writable ``.cache/`` there is nothing to lock."""
    try:
        folder = site_dir / ".cache"
        folder.mkdir(exist_ok=True)
        fd = os.open(folder / "build.lock", os.O_RDWR | os.O_CREAT, 0o644)
    except OSError:
        yield
        return
    try:
        if not _try_lock(fd, blocking=False):
            if on_wait is not None:
                on_wait()
            _try_lock(fd, blocking=True)
        yield
    finally:
        os.close(fd)  # closing releases the lock
