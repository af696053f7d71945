"""Whether anything a build reads changed since the last successful build, without reading it.

The fingerprint is a digest of the size and modification time of every file
in the site folder (but the output, ``.cache/`` and dot-folders such as
``.git/``), in the source sites it takes products from, and in the default theme, of this program, of the output folder,
and of how many of the site's certificates have expired on the build date or
expire within :data:`~ocop_site.model.EXPIRING_MONTHS` of it (the only ways
the date shows in the output). A build stores it, taken
before it read anything, when it succeeded and no file was modified in the
last seconds before it (such a file could change again unseen). The next
build compares: equal, and every output file as that build left it, means
there is nothing to do, which at twenty thousand products saves planning a
hundred thousand artifacts. Anything else takes the normal incremental path,
which is always correct; this only decides when it can be skipped.
"""
from __future__ import annotations

import bisect
import datetime as dt
import os
from pathlib import Path
from typing import Iterable, Iterator

from .model import expiring_until
from .plan import digest, program_digest
from .sources import RACY_SECONDS
from .theme import default_theme_dir

__all__ = ["site_fingerprint", "site_files", "watched"]


def site_files(root: Path, skip: set[Path]) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime in ns) of every regular file under ``root``."""
    pending = [root]
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith(".") and Path(entry.path) not in skip:
                        pending.append(Path(entry.path))
                else:
                    st = entry.stat()  # follows links: a linked file's content counts
                    yield entry.path, st.st_size, st.st_mtime_ns
            except OSError:
                yield entry.path, -1, -1


def watched(site_dir: Path, output: Path, sources: Iterable[Path] = ()) -> tuple[list[Path], set[Path]]:
    """(the folders whose files a build reads, the folders under them it does not): the site
    folder, the source sites it takes products from (:mod:`aggregate`) and the default theme;
    not the output, nor any of them's ``.cache/`` and ``output/``."""
    site = site_dir.resolve()
    roots = [site, *sources]
    skip = {output.resolve(), site / ".cache", *(p for s in sources for p in (s, s / ".cache", s / "output"))}
    return [*roots, default_theme_dir()], skip


def files_fingerprint(site_dir: Path, output: Path, sources: Iterable[Path] = ()) -> str | None:
    """The fingerprint of the files a build of ``site_dir`` into ``output`` reads (the program,
    the site, the default theme, ``sources``: the source sites' folders). None when a file was
    modified too recently for its modification time to be trusted."""
    roots, skip = watched(site_dir, output, tuple(sources))
    limit = dt.datetime.now().timestamp() - RACY_SECONDS
    parts = [program_digest(), str(output.resolve())]
    for root in roots:
        for path, size, mtime in sorted(site_files(root, skip)):
            if mtime > limit * 1e9:
                return None
            parts.append(f"{path}|{size}|{mtime}")
    return digest(*parts)


def site_fingerprint(files: str, today: dt.date, expiries: Iterable[str], years: Iterable[int]) -> str:
    """The fingerprint of a build on ``today`` of the files ``files`` fingerprints, whose
    certificates' last valid days (ISO dates) are ``expiries`` and whose certificates known
    only by their year were recognised in ``years``: what it shows of the day is which
    certificates have expired and which expire within six months, and what it checks of it
    is that no such year is still to come."""
    dates = sorted(expiries)
    return digest(files, f"expired={bisect.bisect_left(dates, today.isoformat())}",
                  f"expiring={bisect.bisect_right(dates, expiring_until(today).isoformat())}",
                  f"later={sum(year > today.year for year in years)}")
