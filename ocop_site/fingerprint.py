"""Whether anything a build reads changed since the last successful build, without reading it.

The fingerprint is a digest of the size and modification time of every file
in the site folder (but the output, ``.cache/`` and dot-folders such as
``.git/``), in the source sites it takes products from, and in the default theme, of this program, of the output folder,
and of how many of the site's certificates have expired on the build date or
expire within :data:`~ocop_site.model.EXPIRING_MONTHS` of it (the only ways
the date shows in the output). A build that succeeded stores it, taken
before it read anything, with -1 for the modification time of a file modified in the last
seconds before it (such a file could change again unseen, so it always counts as changed).
The next build compares: equal, no file modified in the last seconds, and every output file
as that build left it, means there is nothing to do, which at twenty thousand products saves
planning a hundred thousand artifacts. When only products' stories changed, the fingerprint
with the changed files as the build state last read them tells that nothing else did
(:mod:`story_edit`). Anything else takes the normal incremental path, which is always
correct; this only decides when it can be skipped.
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

__all__ = ["site_fingerprint", "site_files", "watched", "file_stats", "trusted", "as_trusted",
           "fingerprint_of", "FileStat"]


def site_files(root: Path, skip: set[Path]) -> Iterator[tuple[str, int, int]]:
    """(path, size, mtime in ns) of every regular file under ``root``."""
    skipped = {os.fspath(folder) for folder in skip}  # compared as strings: a catalogue of
    pending = [os.fspath(root)]  # product folders has thousands, and the preview polls them
    while pending:
        folder = pending.pop()
        try:
            entries = list(os.scandir(folder))
        except OSError:
            continue
        for entry in entries:
            try:
                if entry.is_dir(follow_symlinks=False):
                    if not entry.name.startswith(".") and entry.path not in skipped:
                        pending.append(entry.path)
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


FileStat = tuple[str, int, int]
"""(path, size, modification time in ns) of a file."""


def file_stats(site_dir: Path, output: Path, sources: Iterable[Path] = ()) -> list[FileStat]:
    """Every file a build of ``site_dir`` into ``output`` reads (the site, ``sources``: the
    source sites' folders, the default theme), folder by folder, in path order."""
    roots, skip = watched(site_dir, output, tuple(sources))
    return [stat for root in roots for stat in sorted(site_files(root, skip))]


def _limit() -> float:
    return (dt.datetime.now().timestamp() - RACY_SECONDS) * 1e9


def trusted(stats: Iterable[FileStat]) -> bool:
    """Whether no file was modified too recently for its modification time to be trusted."""
    limit = _limit()
    return all(mtime <= limit for _, _, mtime in stats)


def as_trusted(stats: Iterable[FileStat]) -> list[FileStat]:
    """``stats`` with -1 for the modification time of each file modified too recently for it to
    be trusted, as the build state records such a file (:mod:`sources`): what a build records,
    so that such a file always counts as changed next time."""
    limit = _limit()
    return [(path, size, mtime if mtime <= limit else -1) for path, size, mtime in stats]


def fingerprint_of(stats: Iterable[FileStat], output: Path) -> str:
    """The fingerprint of a build into ``output`` of the files ``stats`` (:func:`file_stats`)
    by this program."""
    return digest(program_digest(), str(output.resolve()), *(f"{path}|{size}|{mtime}" for path, size, mtime in stats))


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
