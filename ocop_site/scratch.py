"""Fragments one build's workers pass to each other, in a temporary file.

A worker that makes a product's card, booth card or brochure entry writes it
here when the build state cannot keep it (no cache key, ``--clean``: see
:mod:`ocop_site.fragments`); the worker that makes a listing, a producer's page or a printed sheet
later reads the ones it needs. So these fragments never travel through the
parent process, which would otherwise hold every one of them (a quarter of a
gigabyte at 20,000 products) and hand them to a second set of forked
workers. Unlike the fragments kept between builds (:mod:`ocop_site.fragments`),
nothing here outlives the build that wrote it, so nothing read from it comes
from elsewhere: the file is made empty by each build, under the site's lock,
and removed when the build ends (a build killed meanwhile leaves it for the
next one to remove).
"""
from __future__ import annotations

import os
import sqlite3
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from .fragments import FragmentStore

__all__ = ["ScratchStore"]

_PREFIX = "scratch-"


class ScratchStore:
    """A temporary file read and written as a :class:`~ocop_site.fragments.FragmentStore`, which
    every worker opens for itself."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self._owner = os.getpid()
        self._store = FragmentStore(path)

    @staticmethod
    def remove_left_over(folder: Path | None) -> None:
        """Remove what builds killed before left in ``folder`` (the build state's): a build
        holds the site's lock, so no other build is using one."""
        if folder is None:
            return
        for stale in folder.glob(f"{_PREFIX}*.sqlite"):
            try:
                stale.unlink(missing_ok=True)
            except OSError:
                pass

    @classmethod
    def open(cls, folder: Path | None) -> ScratchStore | None:
        """A new empty store in ``folder`` (the build state's); None when none can be made
        (the fragments then go through the parent, as without workers)."""
        if folder is None:
            return None
        path = None
        try:
            handle, name = tempfile.mkstemp(prefix=_PREFIX, suffix=".sqlite", dir=folder)
            os.close(handle)
            path = Path(name)
            with sqlite3.connect(path) as db:
                db.execute("CREATE TABLE fragments (digest TEXT PRIMARY KEY, data TEXT)")
            db.close()
            return cls(path)
        except (OSError, sqlite3.Error):
            if path is not None:
                path.unlink(missing_ok=True)
            return None

    def put(self, items: Mapping[str, str]) -> bool:
        """Store ``items`` (digest -> text); False when they could not be stored."""
        return self._store.put(items)

    def get(self, digests: Iterable[str]) -> dict[str, str]:
        """The texts of those of ``digests`` that were stored."""
        return self._store.get(digests)

    def close(self) -> None:
        """Close this process's connection; in the process that made the store, remove it."""
        self._store.close()
        if os.getpid() == self._owner:
            self.path.unlink(missing_ok=True)
