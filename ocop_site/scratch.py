"""Fragments one build's workers pass to each other, in a temporary file.

A worker that makes a product's card, booth card or brochure entry writes it
here; the worker that makes a listing, a producer's page or a printed sheet
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

__all__ = ["ScratchStore"]

_PREFIX = "scratch-"
_BATCH = 500


class ScratchStore:
    def __init__(self, path: Path) -> None:
        self.path = path
        self._owner = os.getpid()
        self._db: tuple[int, sqlite3.Connection] | None = None

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
        try:
            handle, name = tempfile.mkstemp(prefix=_PREFIX, suffix=".sqlite", dir=folder)
            os.close(handle)
            store = cls(Path(name))
            db = store._connection()
            if db is None:
                store.close()
                return None
            db.execute("CREATE TABLE fragments (digest TEXT PRIMARY KEY, data TEXT)")
            return store
        except (OSError, sqlite3.Error):
            return None

    def _connection(self) -> sqlite3.Connection | None:
        if self._db is None or self._db[0] != os.getpid():  # a forked worker opens its own
            try:
                db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                db.execute("PRAGMA trusted_schema=OFF")
                db.execute("PRAGMA journal_mode=OFF")  # nothing here needs to survive a crash
                db.execute("PRAGMA synchronous=OFF")
            except sqlite3.Error:
                return None
            self._db = (os.getpid(), db)
        return self._db[1]

    def put(self, items: Mapping[str, str]) -> bool:
        """Store ``items`` (digest -> text); False when they could not be stored."""
        if not items:
            return True
        db = self._connection()
        if db is None:
            return False
        try:
            db.execute("BEGIN IMMEDIATE")
            db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?)", items.items())
            db.execute("COMMIT")
            return True
        except sqlite3.Error:
            try:
                db.execute("ROLLBACK")
            except sqlite3.Error:
                pass
            return False

    def get(self, digests: Iterable[str]) -> dict[str, str]:
        """The texts of those of ``digests`` that were stored."""
        wanted = sorted(set(digests))
        db = self._connection() if wanted else None
        found: dict[str, str] = {}
        if db is None:
            return found
        try:
            for start in range(0, len(wanted), _BATCH):
                batch = wanted[start:start + _BATCH]
                rows = db.execute(f"SELECT digest, data FROM fragments WHERE digest IN ({','.join('?' * len(batch))})",
                                  batch).fetchall()
                found.update({d: text for d, text in rows if isinstance(d, str) and isinstance(text, str)})
        except sqlite3.Error:
            pass
        return found

    def close(self) -> None:
        """Close this process's connection; in the process that made the store, remove it."""
        if self._db is not None and self._db[0] == os.getpid():
            self._db[1].close()
        self._db = None
        if os.getpid() == self._owner:
            self.path.unlink(missing_ok=True)
