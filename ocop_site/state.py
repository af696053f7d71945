"""The build state: what the last build read, checked, made and wrote.

It lives in ``SITE_DIR/.cache/state.sqlite`` (the standard library's SQLite:
one file, partial updates, atomic commits) and holds

- ``sources``: size, modification time and content hash of every file read,
  so unchanged files need not be read again (:mod:`sources`);
- ``fragments``: results that are costly to make and reused, by the digest of
  their inputs: each product's checked model (:mod:`memo`), Markdown bodies
  as HTML, the products' records in the catalogue data;
- ``artifacts``: per output file, the digest of its inputs and the hash,
  size and modification time of the bytes written, so a build re-makes only
  what changed and rewrites only files whose bytes changed.

The state is an optimisation, never a source of truth: deleting ``.cache/``
is always safe. It may come from a shared CI cache or a colleague's zip, so
nothing read from it is trusted: a file SQLite cannot read, a row of the
wrong shape or a state written by another version is discarded, and the
build starts clean. It is written last, after the output, so a build killed
half-way leaves a state that describes the previous output, and the next
build repairs what changed since.
"""
from __future__ import annotations

import json
import os
import re
import sqlite3
from pathlib import Path
from typing import Any, Callable, Iterable, Iterator, Mapping, NamedTuple

from . import __version__
from .artifact_paths import plain_only
from .sources import StatRecord

__all__ = ["BuildState", "ArtifactRecord", "state_path", "SCHEMA"]

SCHEMA = "2"
"""Bump when a table's meaning changes; an older state is then discarded."""

_HEX = re.compile(r"^[0-9a-f]{16,64}$")
_BATCH = 500  # SQLite allows 999 parameters per statement in old versions

_TABLES = """
CREATE TABLE IF NOT EXISTS meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS sources(path TEXT PRIMARY KEY, size INTEGER NOT NULL,
                                   mtime INTEGER NOT NULL, hash TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS fragments(digest TEXT PRIMARY KEY, data TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS artifacts(path TEXT PRIMARY KEY, digest TEXT NOT NULL, hash TEXT NOT NULL,
                                     size INTEGER NOT NULL, mtime INTEGER NOT NULL);
"""


class ArtifactRecord(NamedTuple):
    """(A tuple: a whole output's records, read back at every build, are made and compared quickly.)"""

    digest: str  # of the inputs
    hash: str  # of the bytes written
    size: int
    mtime_ns: int  # of the file as written, to tell whether someone changed it since


def state_path(site_dir: Path) -> Path:
    return site_dir / ".cache" / "state.sqlite"


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _chunks(items: list[str]) -> Iterator[list[str]]:
    for start in range(0, len(items), _BATCH):
        yield items[start:start + _BATCH]


class BuildState:
    """An open state; every method survives a damaged database by forgetting it."""

    def __init__(self, path: Path | None) -> None:
        self.path = path
        self.discarded = False  # the file was unreadable or foreign and was started afresh
        self._db = self._connect()
        self._sources: dict[str, StatRecord] | None = None  # as read, so that saving writes only changes
        self._artifacts: dict[str, ArtifactRecord] = {}
        self._output: str | None = None

    # -- opening ---------------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        if self.path is None:
            return self._fresh(":memory:")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(self.path, isolation_level=None)
            db.execute("PRAGMA trusted_schema=OFF")
            db.execute("PRAGMA cell_size_check=ON")
            meta = dict(db.execute("SELECT key, value FROM meta").fetchall())
            if meta.get("schema") == SCHEMA and meta.get("version") == __version__:
                return db
            db.close()
        except sqlite3.DatabaseError:
            pass
        except OSError:  # the site folder is read-only: keep the state in memory
            return self._fresh(":memory:")
        self.discarded = self.path.exists()
        self._remove_files()
        try:
            return self._fresh(str(self.path))
        except (sqlite3.DatabaseError, OSError):
            return self._fresh(":memory:")

    def _remove_files(self) -> None:
        assert self.path is not None
        for suffix in ("", "-journal", "-wal", "-shm"):
            try:
                os.unlink(f"{self.path}{suffix}")
            except OSError:
                pass

    @staticmethod
    def _fresh(where: str) -> sqlite3.Connection:
        db = sqlite3.connect(where, isolation_level=None)
        db.execute("PRAGMA trusted_schema=OFF")
        db.executescript(_TABLES)
        db.executemany("INSERT OR REPLACE INTO meta VALUES (?, ?)",
                       [("schema", SCHEMA), ("version", __version__)])
        return db

    def _reset(self) -> None:
        """The database turned out damaged while reading: start again in memory for this run."""
        self.discarded = True
        try:
            self._db.close()
        except sqlite3.Error:
            pass
        if self.path is not None:
            self._remove_files()
        self._db = self._fresh(":memory:")
        if self.path is not None:
            try:
                self._db.close()
                self._db = self._fresh(str(self.path))
            except (sqlite3.DatabaseError, OSError):
                self._db = self._fresh(":memory:")

    @property
    def database(self) -> Path | None:
        """The state's file, when it is kept in one (else it lives in memory for this build)."""
        try:
            rows = self._db.execute("PRAGMA database_list").fetchall()
        except sqlite3.Error:
            return None
        return self.path if any(row[1] == "main" and row[2] for row in rows) else None

    def close(self) -> None:
        try:
            self._db.close()
        except sqlite3.Error:
            pass

    # -- reading ---------------------------------------------------------------------------
    def sources(self) -> dict[str, StatRecord]:
        try:
            rows = self._db.execute("SELECT path, size, mtime, hash FROM sources").fetchall()
        except sqlite3.DatabaseError:
            self._reset()
            return {}
        self._sources = {path: (size, mtime, digest) for path, size, mtime, digest in rows
                         if isinstance(path, str) and _is_int(size) and _is_int(mtime)
                         and isinstance(digest, str) and _HEX.match(digest)}
        return dict(self._sources)

    def artifacts(self, output: Path) -> dict[str, ArtifactRecord]:
        """What the last build wrote into ``output``: nothing when it wrote elsewhere, or when
        any record is odd (a path out of the output, a value of the wrong type)."""
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'output'").fetchone()
            if row is None or row[0] != str(output.resolve()):
                return {}
            odd = self._db.execute(
                "SELECT 1 FROM artifacts WHERE typeof(path) != 'text' OR typeof(digest) != 'text' OR "
                "typeof(hash) != 'text' OR typeof(size) != 'integer' OR typeof(mtime) != 'integer' LIMIT 1").fetchone()
            rows = self._db.execute("SELECT path, digest, hash, size, mtime FROM artifacts").fetchall()
        except sqlite3.DatabaseError:
            self._reset()
            return {}
        paths = [row[0] for row in rows]
        if odd is not None or len(plain_only(paths)) != len(paths):
            return {}  # tampered with: a path out of the output, a record the build would miss
        self._output = row[0]
        self._artifacts = dict(zip(paths, map(ArtifactRecord._make, (row[1:] for row in rows))))
        return dict(self._artifacts)

    def last_build(self) -> dict[str, Any] | None:
        """What the last successful build into an output folder recorded about itself
        (:mod:`fingerprint`), or None."""
        try:
            row = self._db.execute("SELECT value FROM meta WHERE key = 'last_build'").fetchone()
            found = json.loads(row[0]) if row else None
        except (sqlite3.DatabaseError, ValueError, TypeError):
            return None
        return found if isinstance(found, dict) else None

    def _lookup(self, table: str, column: str, keys: Iterable[str]) -> dict[str, str]:
        wanted = sorted(set(keys))
        found: dict[str, str] = {}
        try:
            for batch in _chunks(wanted):
                marks = ",".join("?" * len(batch))
                for key, data in self._db.execute(
                        f"SELECT {column}, data FROM {table} WHERE {column} IN ({marks})", batch):
                    if isinstance(key, str) and isinstance(data, str):
                        found[key] = data
        except sqlite3.DatabaseError:
            self._reset()
            return {}
        return found

    def fragments(self, digests: Iterable[str]) -> dict[str, str]:
        return self._lookup("fragments", "digest", digests)

    # -- writing ---------------------------------------------------------------------------
    def save(self, *, sources: Mapping[str, StatRecord], fragments: Mapping[str, str],
             keep_fragments: Iterable[str] | None, output: Path | None = None,
             artifacts: Mapping[str, ArtifactRecord] | None = None, last_build: Mapping[str, Any] | None = None
             ) -> None:
        """Record this build in one transaction. ``keep_fragments``: fragments still in use (the
        others go; None, after a build that stopped before planning: keep them all);
        ``artifacts`` with ``output``: what is now in the output (None: leave them as they are);
        ``last_build``: what a successful build says about itself (None: keep the last one's, as a
        check, a preview or a failed build leaves the output folder as that build made it; ``{}``:
        forget it, as a build that could not trust its files' fingerprint does)."""
        try:
            self._save(sources, fragments, keep_fragments, output, artifacts, last_build)
        except sqlite3.DatabaseError:
            self._reset()  # a cache we cannot write only costs the next build time

    def _save(self, sources: Mapping[str, StatRecord], fragments: Mapping[str, str],
              keep_fragments: Iterable[str] | None, output: Path | None,
              artifacts: Mapping[str, ArtifactRecord] | None, last_build: Mapping[str, Any] | None) -> None:
        db = self._db
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute("BEGIN IMMEDIATE")
        try:
            self._replace(db, "sources", "path", self._sources, sources,
                          lambda p, r: (p, r[0], r[1], r[2]))
            db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?)", fragments.items())
            if keep_fragments is not None:
                self._prune(db, "fragments", "digest", keep_fragments)
            if output is not None and artifacts is not None:
                place = str(output.resolve())
                before = self._artifacts if self._output == place else None
                self._replace(db, "artifacts", "path", before, artifacts,
                              lambda p, r: (p, r.digest, r.hash, r.size, r.mtime_ns))
                db.execute("INSERT OR REPLACE INTO meta VALUES ('output', ?)", (place,))
            if last_build is not None:
                db.execute("INSERT OR REPLACE INTO meta VALUES ('last_build', ?)",
                           (json.dumps(last_build, ensure_ascii=False),))
            db.execute("COMMIT")
        except BaseException:
            db.execute("ROLLBACK")
            raise
        self._sources = dict(sources)
        if output is not None and artifacts is not None:
            self._artifacts, self._output = dict(artifacts), str(output.resolve())

    @staticmethod
    def _replace(db: sqlite3.Connection, table: str, column: str, before: Mapping[str, object] | None,
                 after: Mapping[str, object], row: Callable[[str, Any], tuple[object, ...]]) -> None:
        """Make ``table`` hold ``after``, writing only what differs from ``before`` (None: unknown)."""
        if before is None:
            db.execute(f"DELETE FROM {table}")
            before = {}
        gone = [(key,) for key in before if key not in after]
        db.executemany(f"DELETE FROM {table} WHERE {column} = ?", gone)
        marks = ",".join("?" * (len(row("", next(iter(after.values())))) if after else 1))
        db.executemany(f"INSERT OR REPLACE INTO {table} VALUES ({marks})",
                       (row(key, value) for key, value in after.items()
                        if (old := before.get(key)) is not value and old != value))  # most are shared

    @staticmethod
    def _prune(db: sqlite3.Connection, table: str, column: str, keep: Iterable[str]) -> None:
        """Drop rows no longer used, when they have grown to half again what is used."""
        wanted = set(keep)
        (count,) = db.execute(f"SELECT count(*) FROM {table}").fetchone()
        if count <= len(wanted) * 3 // 2 + 1000:
            return
        db.execute("CREATE TEMP TABLE IF NOT EXISTS keep(key TEXT PRIMARY KEY)")
        db.execute("DELETE FROM keep")
        db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", ((k,) for k in wanted))
        db.execute(f"DELETE FROM {table} WHERE {column} NOT IN (SELECT key FROM keep)")
