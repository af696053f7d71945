"""Fragments kept from one build to the next, by digest: rendered bodies, catalogue records,
open-data entries, and, when the user has a cache key (:mod:`ocop_site.user_key`), the
product cards, booth cards and brochure entries (without one they are passed within a build
only: :mod:`ocop_site.scratch`).

A fragment's digest covers everything it is made from, so a kept fragment is
right whenever its digest is asked for, and may be written the moment it is
made, even by a build that fails later. When the build state is a file,
worker processes open it themselves: they store what they make and read
what they need, and twenty thousand products' worth of HTML never travels
through the parent process. Without a file (a read-only site,
the preview server's memory), fragments live in this process's memory and
workers send them back; the preview server's store lasts from one build to the
next and keeps every fragment, cards included (nothing else can change them).

Anything read is untrusted (``.cache/`` may come from anywhere): a value that
is not text is taken as missing, and the fragment is made again. Cards, booth
cards and brochure entries are HTML that nothing could check: they are kept only
when the user has a key, signed (a keyed hash of their digest and text), and read
back only with this user's signature. The other values are kept as they are and
checked where they are used (sanitised, parsed); a signed value is never taken
for one of them.
"""
from __future__ import annotations

import hashlib
import hmac
import json
import os
import sqlite3
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

if TYPE_CHECKING:
    from .plan import Fragment

__all__ = ["FragmentStore", "kept_json"]

_BATCH = 500


_SIGNED = "\x01"  # starts a signed value: never the first character of text this program makes
_MAC = 32  # hex characters


class FragmentStore:
    def __init__(self, path: Path | None, fresh: bool = False, key: bytes | None = None,
                 lasting: bool = False) -> None:
        """``fresh`` (``--clean``): read nothing kept before; what this build makes is held in
        memory and written to the state when the store closes. ``key``: the user's cache key,
        to sign what is written and check what is read. ``lasting``: a store in this process's
        memory that serves many builds (the preview server's), which keeps signed fragments
        too: nothing outside this process can change them."""
        self.path = path if path is not None and path.exists() else None
        self.fresh = fresh
        self._key = key
        self._lasting = lasting and self.path is None
        self._memory: dict[str, str] = {}
        self._db: tuple[int, sqlite3.Connection] | None = None

    @property
    def in_memory(self) -> bool:
        """Whether all it holds was made by this program in this process's memory (there is no
        file: nothing was read back), so that nothing it gives needs checking."""
        return self.path is None

    def keeps(self, fragment: Fragment) -> bool:
        """Whether ``fragment`` is kept here between builds: ``persist`` ones always, ``signed``
        ones in a file with a key, written as they are made, or in a ``lasting`` store (not held
        in memory until a ``fresh`` store closes: every card of the site, for nothing)."""
        return fragment.persist or (fragment.signed and (self._lasting or self._key is not None
                                                         and self.path is not None and not self.fresh))

    def _sign(self, digest: str, text: str) -> str:
        assert self._key is not None
        return hashlib.blake2b(f"{digest}\x1f{text}".encode("utf-8", "surrogatepass"), key=self._key,
                               digest_size=_MAC // 2).hexdigest()

    def _stored(self, digest: str, text: str, signed: bool) -> str:
        return f"{_SIGNED}{self._sign(digest, text)}{text}" if signed else text

    def _read(self, digest: str, data: str, signed: bool) -> str | None:
        """The text of a value read from the file, or None when it cannot be trusted."""
        if not signed:
            return None if data.startswith(_SIGNED) else data
        if self._key is None:
            return None
        text = data[1 + _MAC:]
        if data.startswith(_SIGNED) and hmac.compare_digest(data[1:1 + _MAC], self._sign(digest, text)):
            return text
        return None

    def _connection(self) -> sqlite3.Connection | None:
        if self.path is None:
            return None
        if self._db is None or self._db[0] != os.getpid():  # a forked worker opens its own
            try:
                db = sqlite3.connect(self.path, timeout=60, isolation_level=None)
                db.execute("PRAGMA trusted_schema=OFF")
                db.execute("PRAGMA synchronous=OFF")  # a cache: no fsync per chunk; damage is discarded
            except sqlite3.Error:
                self.path = None
                return None
            self._db = (os.getpid(), db)
        return self._db[1]

    def _query(self, sql: str, keys: list[str]) -> list[tuple[object, ...]]:
        db = None if self.fresh else self._connection()
        rows: list[tuple[object, ...]] = []
        if db is None:
            return rows
        try:
            for start in range(0, len(keys), _BATCH):
                batch = keys[start:start + _BATCH]
                rows += db.execute(sql.format(marks=",".join("?" * len(batch))), batch).fetchall()
        except sqlite3.Error:
            return []
        return rows

    def has(self, digests: Iterable[str]) -> set[str]:
        wanted = sorted(set(digests))
        found = {d for d in wanted if d in self._memory}
        rows = self._query("SELECT digest FROM fragments WHERE digest IN ({marks})", wanted)
        return found | {row[0] for row in rows if isinstance(row[0], str)}

    def get(self, digests: Iterable[str], signed: bool = False) -> dict[str, str]:
        """The values of ``digests`` this store has (``signed``: of fragments it keeps signed)."""
        wanted = sorted(set(digests))
        found = {d: self._memory[d] for d in wanted if d in self._memory}
        rows = self._query("SELECT digest, data FROM fragments WHERE digest IN ({marks})",
                           [d for d in wanted if d not in found])
        for digest, data in rows:
            if isinstance(digest, str) and isinstance(data, str):
                text = self._read(digest, data, signed)
                if text is not None:
                    found[digest] = text
        return found

    def put(self, items: Mapping[str, str], signed: bool = False) -> bool:
        """Keep ``items`` (``signed``: values of fragments kept signed); False when they could
        only be kept in this process's memory (a worker must then send them to its parent)."""
        if not items:
            return True
        db = None if self.fresh else self._connection()
        if db is not None:
            try:
                db.execute("BEGIN IMMEDIATE")
                db.executemany("INSERT OR REPLACE INTO fragments VALUES (?, ?)",
                               ((digest, self._stored(digest, text, signed)) for digest, text in items.items()))
                db.execute("COMMIT")
                return True
            except sqlite3.Error:  # a cache we cannot write only costs time
                try:
                    db.execute("ROLLBACK")
                except sqlite3.Error:
                    pass
        self._memory.update(items)
        return False

    def close(self) -> None:
        if self.fresh and self._memory:
            self.fresh = False
            self.put(self._memory)
        if self._db is not None and self._db[0] == os.getpid():
            self._db[1].close()
        self._db = None


def kept_json(text: str) -> Any:
    """``text`` (JSON read back from the build state, so untrusted) parsed strictly: None when it
    is not JSON, or holds ``NaN`` or ``Infinity`` (which this program never writes)."""
    try:
        return json.loads(text, parse_constant=_no_constant)
    except (ValueError, RecursionError):
        return None


def _no_constant(name: str) -> None:
    raise ValueError(name)
