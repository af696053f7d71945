"""Markdown bodies, fetched only when one is rendered.

The model holds a digest per body (:func:`ocop_site.build_model.body_key`);
most builds render few bodies, so their texts are not loaded with the model.
A :class:`BodyStore` finds a text in the files read by this build, else in
the build state's parse cache (by the content hash of the file it is in),
else by reading that file again; in each case the text's digest must match,
so a file edited while the site is being built is noticed, not published
half-old. Forked worker processes open their own read-only connection.
"""
from __future__ import annotations

import os
import sqlite3
from pathlib import Path
from typing import Mapping

from .build_model import body_key
from .errors import SiteErrors, error
from .parsed import decode_record, parse_file

__all__ = ["BodyStore"]


class BodyStore:
    def __init__(self, site_dir: Path, fresh: Mapping[str, str], file_hashes: Mapping[str, str],
                 state: Path | None) -> None:
        self.site_dir = site_dir
        self.fresh = dict(fresh)  # digest -> text, for the files parsed in this build
        self.file_hashes = file_hashes  # content file -> content hash
        self.state = state
        self._db: tuple[int, sqlite3.Connection] | None = None

    def _cached(self, path: str) -> str | None:
        digest = self.file_hashes.get(path)
        if self.state is None or digest is None or not self.state.exists():
            return None
        try:
            if self._db is None or self._db[0] != os.getpid():
                self._db = (os.getpid(), sqlite3.connect(f"{self.state.as_uri()}?mode=ro", uri=True))
            row = self._db[1].execute("SELECT data FROM parsed WHERE hash = ?", (digest,)).fetchone()
        except sqlite3.Error:
            return None
        record = decode_record(row[0]) if row and isinstance(row[0], str) else None
        return record.body if record else None

    def text(self, key: str, path: str) -> str:
        """The body with digest ``key``, from the content file ``path`` (relative to the site)."""
        found = self.fresh.get(key)
        if found is None:
            found = self._cached(path)
        if found is None or body_key(found) != key:
            try:
                record = decode_record(parse_file((self.site_dir / path).read_bytes(), path))
            except OSError as exc:
                raise SiteErrors([error(path, None, f"cannot read file: {exc.strerror or exc}")]) from None
            found = record.body if record else None
        if found is None or body_key(found) != key:
            raise SiteErrors([error(path, None, "changed while the site was being built: build again")])
        return found
