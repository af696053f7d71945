"""Output files kept in ``.cache/files/`` so that a lost output folder is restored, not rebuilt.

Each file the output holds is also linked (a hard link: no second copy on disk) under a name
that is a keyed hash (:mod:`user_key`) of its path, the digest of its inputs and the hash of its
bytes.
When the output folder is deleted but ``.cache/`` is kept (a fresh CI checkout with a cached
``.cache/``, a copy of the site), a build whose artifact has the digest the state recorded
links the kept file back instead of making it again: every byte is hashed and must be what
the state says, and the name proves that this user's own build made those bytes from those
inputs for that path. A ``.cache/`` from someone else (another key), a file changed in place, a link or
anything odd is not used; the artifact is made again. The folder names the key its files were kept
with (a keyed hash, in ``.key``): kept with another key (a CI run without ``OCOP_SITE_CACHE_KEY``
gets a new key each time), they could never be used nor forgotten, so they are deleted.
From the first change of a build's update until its build state is saved, ``.unsettled`` says
that the state may not name every kept file (a build killed in between): the next update then
deletes the kept files that the output does not hold (no other link to them).

Kept files are only an optimisation: a failed link (the output on another disk, a file
system without hard links) turns keeping off for the build.
"""
from __future__ import annotations

import errno
import gc
import hashlib
import os
import shutil
import stat
from functools import partial
from pathlib import Path
from typing import Mapping

from .sources import content_hash
from .state import ArtifactRecord, state_path
from .user_key import cache_key
from .workers import in_parts, worker_started

__all__ = ["KeptFiles", "site_kept_files"]

_NOFOLLOW = getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_BINARY", 0)
_KEY_FILE = ".key"
"""In the folder: which key named its files (a keyed hash of a constant, which tells nothing of the key)."""
_UNSETTLED = ".unsettled"
"""In the folder: an update began and no build state recorded it yet."""


class KeptFiles:
    def __init__(self, folder: Path, key: bytes, wipe: bool = False) -> None:
        """``wipe``: forget what the folder holds (the state that named it is gone)."""
        self.folder = folder
        self._key = key
        self._signature = hashlib.blake2b(b"ocop-site kept files", key=key, digest_size=16).hexdigest()
        if folder.is_symlink():  # never written through
            wipe = True
            folder.unlink(missing_ok=True)
        if folder.is_dir() and (wipe or _read(folder / _KEY_FILE) != self._signature):
            shutil.rmtree(folder, ignore_errors=True)
        self.complete = folder.is_dir()  # holds what the last build kept
        self.usable = True
        self._shards: set[str] = set()
        self._unsettled = self.complete and os.path.lexists(folder / _UNSETTLED)  # files no state names

    def _where(self, path: str, record: ArtifactRecord) -> str:
        name = hashlib.blake2b(f"{path}\x1f{record.digest}\x1f{record.hash}".encode("utf-8", "surrogatepass"),
                               key=self._key, digest_size=20).hexdigest()
        return f"{self.folder}{os.sep}{name[:2]}{os.sep}{name[2:]}"

    def restore(self, root: Path, wanted: Mapping[str, ArtifactRecord], workers: int = 1
                ) -> dict[str, tuple[int, int]]:
        """Link the kept files of ``wanted`` (path -> record) into the folder ``root``; (size,
        mtime) of those that were kept as recorded. Many files are shared among ``workers``
        processes (hashing them is most of the work)."""
        if not self.complete or not wanted:
            return {}
        from concurrent.futures.process import BrokenProcessPool

        try:
            return in_parts(partial(self._restore, root), wanted, workers, _worker_started)
        except (BrokenProcessPool, OSError):  # a worker died: those files are made instead
            for path in wanted:
                _remove(_join(root, path))
            return {}

    def _restore(self, root: Path, wanted: Mapping[str, ArtifactRecord]) -> dict[str, tuple[int, int]]:
        found = {}
        folders: set[str] = set()
        for path, record in wanted.items():
            target = _join(root, path)
            folder = os.path.dirname(target)
            kept = self._where(path, record)
            try:
                if not stat.S_ISREG(os.lstat(kept).st_mode):  # a link, a folder: never followed
                    continue
                if folder not in folders:
                    os.makedirs(folder, exist_ok=True)
                    folders.add(folder)
                os.link(kept, target)
            except OSError:
                continue
            held = _verified(target, record)
            if held is not None:
                found[path] = held
                continue
            _remove(target)  # what the artifact's maker would otherwise write through
        return found

    def update(self, output: Path, before: Mapping[str, ArtifactRecord], after: Mapping[str, ArtifactRecord]
               ) -> None:
        """After a commit: keep the output's new files (all of them when the folder was not
        complete), forget those it no longer holds."""
        new = [(path, record) for path, record in after.items()
               if not self.complete or before.get(path) != record]
        gone = {path: record for path, record in before.items() if after.get(path) != record
                and (path not in after or self._where(path, after[path]) != self._where(path, record))}
        if not (new or gone or self._unsettled):
            return
        self._mark()
        self.forget(gone)
        for path, record in new:
            if not self.usable:
                return
            self._keep(_join(output, path), self._where(path, record))
        if self._unsettled:
            self._sweep()

    def settled(self) -> None:
        """The build state now names what the folder keeps."""
        _remove(str(self.folder / _UNSETTLED))

    def _keep(self, source: str, kept: str) -> None:
        shard = os.path.dirname(kept)
        try:
            if shard not in self._shards:
                os.makedirs(shard, exist_ok=True)
                if not stat.S_ISDIR(os.lstat(shard).st_mode):  # a link planted in .cache/
                    self.usable = False
                    return
                self._shards.add(shard)
            try:
                os.link(source, kept)
            except FileExistsError:  # kept already, unless it is other bytes (changed in place)
                held, made = os.lstat(kept), os.stat(source)
                if (held.st_ino, held.st_dev) != (made.st_ino, made.st_dev):
                    spare = f"{kept}.new"
                    if os.path.lexists(spare):
                        os.unlink(spare)
                    os.link(source, spare)
                    os.replace(spare, kept)
        except OSError:  # another disk, no hard links there, a full or read-only disk
            self.usable = False

    def _mark(self) -> None:
        """Before the first change: mark the folder unsettled and, when it is new, name the key
        its files are kept with (a link planted in its place is replaced, not written through)."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            if not stat.S_ISDIR(os.lstat(self.folder).st_mode):
                raise OSError(errno.ENOTDIR, "not a folder", str(self.folder))
            _replace(self.folder / _UNSETTLED, "")
            if not self.complete:
                _replace(self.folder / _KEY_FILE, self._signature)
        except OSError:
            self.usable = False

    def _sweep(self) -> None:
        """Delete the kept files the output does not hold: after an update, every file the
        output holds is linked here, so one with no other link is kept for nothing."""
        for shard in os.scandir(self.folder):
            if not shard.is_dir(follow_symlinks=False):
                continue
            for entry in os.scandir(shard.path):
                try:
                    if os.lstat(entry.path).st_nlink < 2:  # (a DirEntry's is 0 on Windows)
                        os.unlink(entry.path)
                except OSError:
                    pass

    def forget(self, records: Mapping[str, ArtifactRecord]) -> None:
        """Forget the kept files of ``records`` (path -> record)."""
        for path, record in records.items():
            try:
                os.unlink(self._where(path, record))
            except OSError:
                pass


def _verified(path: str, record: ArtifactRecord) -> tuple[int, int] | None:
    """(size, mtime) of the file at ``path`` when it is an ordinary file with the bytes of
    ``record``."""
    try:
        fd = os.open(path, os.O_RDONLY | _NOFOLLOW)
    except OSError:
        return None
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode) or st.st_size != record.size:
            return None
        data = bytearray()
        while len(data) < st.st_size:
            chunk = os.read(fd, st.st_size - len(data))
            if not chunk:
                return None
            data += chunk
        return (st.st_size, st.st_mtime_ns) if content_hash(bytes(data)) == record.hash else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _replace(path: Path, text: str) -> None:
    """Write ``path`` anew, through a file of its own (never through a link planted there)."""
    spare = path.with_name(f"{path.name}.new")
    spare.unlink(missing_ok=True)
    with open(spare, "x", encoding="ascii") as file:
        file.write(text)
    os.replace(spare, path)


def _read(path: Path) -> str | None:
    try:
        return path.read_text(encoding="ascii") if stat.S_ISREG(os.lstat(path).st_mode) else None
    except (OSError, ValueError):
        return None


def _worker_started() -> None:
    worker_started()
    gc.disable()  # short-lived: a collection would walk (and copy) every object inherited from the build


def _remove(path: str) -> None:
    try:
        os.unlink(path)
    except OSError:
        pass


def _join(folder: Path, path: str) -> str:
    """``folder``/``path`` (an artifact's path, "/"-separated) as a string: cheaper than a Path
    for a hundred thousand files."""
    return f"{folder}/{path}" if os.sep == "/" else os.path.join(folder, *path.split("/"))


def site_kept_files(site_dir: Path, wipe: bool) -> KeptFiles | None:
    """The output's files kept in the site's ``.cache/`` (``wipe``: the state does not know what
    they are); None when the user has no cache key."""
    key = cache_key()
    return KeptFiles(state_path(site_dir).parent / "files", key, wipe) if key else None
