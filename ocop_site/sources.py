"""Content hashes of source files, without reading the ones that did not change.

Like rsync and Lektor's ``BuildState``, a file whose size and modification
time are what the last build recorded is taken as unchanged, and its
recorded hash is reused; only files that look changed are read and hashed.
A file modified within :data:`RACY_SECONDS` of the moment its stat was
taken could change again within the same clock tick without its stat
changing (git calls this "racily clean"), so such a stat is never trusted
next time: the file is hashed again.
"""
from __future__ import annotations

import hashlib
import os
import time
from pathlib import Path
from typing import Mapping

__all__ = ["Sources", "StatRecord", "content_hash", "records_digest", "RACY_SECONDS"]

RACY_SECONDS = 2.0

StatRecord = tuple[int, int, str]
"""(size, modification time in ns, content hash); mtime -1 means "hash again"."""


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


class Sources:
    """Hashes of the files a build reads, keyed by their absolute path."""

    def __init__(self, known: Mapping[str, StatRecord] | None = None) -> None:
        self._known = dict(known or {})
        self._seen: dict[str, StatRecord] = {}
        self._started_ns = time.time_ns()
        self.hashed = 0  # files read because they looked changed

    def remember(self, path: Path, size: int, mtime_ns: int, digest: str) -> None:
        """Record a file's hash, taken from bytes read after a stat that gave size and mtime."""
        racy = self._started_ns - mtime_ns < RACY_SECONDS * 1e9
        self._seen[str(path)] = (size, -1 if racy else mtime_ns, digest)

    def known_hash(self, path: Path, st: os.stat_result | None = None) -> str | None:
        """The recorded hash when the file's stat says it did not change, else None."""
        key = str(path)
        if key in self._seen:
            return self._seen[key][2]
        record = self._known.get(key)
        if record is None:
            return None
        if st is None:
            try:
                st = path.stat()
            except OSError:
                return None
        size, mtime, digest = record
        if mtime < 0 or size != st.st_size or mtime != st.st_mtime_ns:
            return None
        self.remember(path, st.st_size, st.st_mtime_ns, digest)
        return digest

    def record(self, path: Path, st: os.stat_result, data: bytes) -> str:
        """Hash bytes just read from ``path`` (with the stat taken before reading)."""
        digest = content_hash(data)
        self.hashed += 1
        self.remember(path, st.st_size, st.st_mtime_ns, digest)
        return digest

    def hash(self, path: Path) -> str:
        """The file's content hash, reading it only when it looks changed. Raises OSError."""
        st = path.stat()
        found = self.known_hash(path, st)
        if found is not None:
            return found
        return self.record(path, st, path.read_bytes())

    def seen(self) -> dict[str, StatRecord]:
        """What to store for the next build: every file this build looked at."""
        return dict(self._seen)


def records_digest(records: Mapping[str, StatRecord]) -> str:
    """A digest of what a build state holds of the files read (:meth:`Sources.seen`): equal, and
    no other build, check or preview has recorded files since."""
    text = "\n".join(f"{path}\x1f{size}\x1f{mtime}\x1f{digest}" for path, (size, mtime, digest) in sorted(records.items()))
    return content_hash(text.encode("utf-8", "surrogatepass"))
