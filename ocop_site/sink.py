"""Where a build's artifacts go: an output folder (:mod:`output_folder`), memory, a zip
file, or nowhere (``check``).

Every sink refuses an artifact path that is absolute, climbs with ``..`` or
is otherwise not a plain relative path, and two artifacts that claim one
path (two products whose slugs fold alike, such as ``Đào`` and ``Dao``).
"""
from __future__ import annotations

import os
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Iterator, Mapping

from .artifact_paths import unsafe_path
from .errors import SiteError, SiteErrors, error
from .state import ArtifactRecord

__all__ = ["Sink", "MemorySink", "ZipSink", "NullSink", "Writer", "unsafe_path"]


class Writer:
    """Makes one artifact's bytes land; runs in worker processes when the sink is a folder."""

    in_worker = False  # False: workers send the bytes back and the build calls Sink.put
    place = "output"  # what a failed write is reported against

    def write(self, path: str, data: bytes | Path) -> tuple[int, int]:
        """Write; return (size, modification time in ns) of what was written."""
        raise NotImplementedError

    def pack(self, data: bytes) -> bytes:
        """What a worker sends back of an artifact's bytes for :meth:`Sink.put` (``in_worker``
        False): the bytes, or what the sink holds of them (the preview's are compressed)."""
        return data

    def unchanged(self, path: str, data: bytes) -> tuple[int, int] | None:
        """(size, mtime) of the file the sink already holds at ``path`` when it has these
        very bytes (the build state did not know); None otherwise."""
        return None


class Sink:
    """The base of every sink: path claims, and what the last build left there."""

    def __init__(self) -> None:
        self._claims: dict[str, str] = {}

    def claim(self, path: str, source: str) -> SiteError | None:
        """Reserve ``path`` for an artifact made from ``source``; the error names both sources."""
        why = unsafe_path(path)
        if why == "absolute":
            return error(source, None, "output path '{path}' is not a relative path", path=path)
        if why == "parts":
            return error(source, None, "output path '{path}' has an empty, '.' or '..' part", path=path)
        first = self._claims.setdefault(path, source)
        if first != source:
            return error(source, None, "'{path}' would be written twice, from {first} and from "
                         "{source}: give one of them a different 'slug'", path=path, first=first, source=source)
        return None

    def previous(self) -> Mapping[str, ArtifactRecord]:
        """What the last build recorded of the artifacts still in the sink."""
        return {}

    def intact(self, path: str, record: ArtifactRecord) -> bool:
        """Whether the artifact is still there as ``record`` says the last build left it."""
        return False

    def restore(self, wanted: Mapping[str, ArtifactRecord], workers: int = 1) -> dict[str, tuple[int, int]]:
        """Put back, as they were, artifacts the sink lost but kept a copy of (path -> what the
        last build recorded), with up to ``workers`` processes; (size, mtime) of those it put
        back, to commit like new ones."""
        return {}

    def writer(self) -> Writer:
        return Writer()  # the workers send the bytes back; the build puts them here

    def put(self, path: str, data: bytes) -> None:
        """Take an artifact's bytes, as its writer packed them (:meth:`Writer.pack`)."""
        raise NotImplementedError

    def commit(self, records: Mapping[str, ArtifactRecord], written: Iterable[str]) -> None:
        """Every artifact was made: make the sink hold exactly ``records``."""

    def abort(self) -> None:
        """The build failed: leave the sink as it was."""


_LEVEL = 1
"""zlib's fastest: the preview's pages take a third to a quarter of their size (at 20,000
products 1.3 GB of files would be held), and each is read back in microseconds."""


def _compress(data: bytes) -> bytes:
    return zlib.compress(data, _LEVEL)


class _Compress(Writer):
    pack = staticmethod(_compress)  # a module's function: sent to workers by name


class NullSink(Sink):
    """``check``: make what a build would make, keep nothing; the last build's records still
    tell which artifacts need no making."""

    def __init__(self, previous: Mapping[str, ArtifactRecord] | None = None) -> None:
        super().__init__()
        self._previous = previous or {}

    def previous(self) -> Mapping[str, ArtifactRecord]:
        return self._previous

    def intact(self, path: str, record: ArtifactRecord) -> bool:
        return True

    def put(self, path: str, data: bytes) -> None:
        pass


class _Unpacked(Mapping[str, bytes]):
    """Path -> bytes, of what is held compressed."""

    def __init__(self, packed: Mapping[str, bytes]) -> None:
        self._packed = packed

    def __getitem__(self, path: str) -> bytes:
        return zlib.decompress(self._packed[path])

    def __iter__(self) -> Iterator[str]:
        return iter(self._packed)

    def __len__(self) -> int:
        return len(self._packed)


@dataclass
class MemorySink(Sink):
    """The live-preview server's site: path -> bytes (:attr:`files`), kept from one build to the
    next. The bytes are held compressed, by the workers that made them."""

    records: dict[str, ArtifactRecord] = field(default_factory=dict)

    def __post_init__(self) -> None:
        Sink.__init__(self)
        self._packed: dict[str, bytes] = {}
        self._pending: dict[str, bytes] = {}
        self._seeded: set[str] = set()

    @property
    def files(self) -> Mapping[str, bytes]:
        return _Unpacked(self._packed)

    def previous(self) -> Mapping[str, ArtifactRecord]:
        return self.records

    def writer(self) -> Writer:
        return _Compress()

    def seed(self, files: Mapping[str, tuple[ArtifactRecord, bytes]]) -> None:
        """Hold ``files`` (path -> what a build recorded of it, and its bytes as :meth:`writer`
        packs them) as if a build of this sink had made them: the next build makes only what
        changed since."""
        self.records = {path: record for path, (record, _) in files.items()}
        self._packed = {path: data for path, (_, data) in files.items()}
        self._seeded = set(self._packed)

    def intact(self, path: str, record: ArtifactRecord) -> bool:
        return path in self._packed

    def put(self, path: str, data: bytes) -> None:
        self._pending[path] = data
        if path in self._seeded:
            # made again: the seeded bytes go now, not at the commit, so that a build that makes
            # everything holds one site, not two (if it fails, the next build makes the file again)
            self._seeded.discard(path)
            del self._packed[path]

    def commit(self, records: Mapping[str, ArtifactRecord], written: Iterable[str]) -> None:
        packed = {path: self._pending[path] if path in self._pending else self._packed[path] for path in records}
        self._packed, self.records, self._pending, self._seeded = packed, dict(records), {}, set()
        self._claims = {}

    def abort(self) -> None:
        self._pending = {}
        self._claims = {}


class ZipSink(Sink):
    """A zip file with sorted entries and fixed timestamps: the same input gives the same bytes."""

    DATE = (2020, 1, 1, 0, 0, 0)

    def __init__(self, target: Path, folder: str = "") -> None:
        super().__init__()
        self.target = target
        self.folder = folder.strip("/")
        self._files: dict[str, bytes] = {}

    def put(self, path: str, data: bytes) -> None:
        self._files[path] = data

    def commit(self, records: Mapping[str, ArtifactRecord], written: Iterable[str]) -> None:
        import zipfile

        tmp = self.target.with_name(f".{self.target.name}.tmp-{os.getpid()}")
        try:
            with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
                for path in sorted(self._files):
                    name = f"{self.folder}/{path}" if self.folder else path
                    info = zipfile.ZipInfo(name, self.DATE)
                    info.compress_type = zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    archive.writestr(info, self._files[path])
            os.replace(tmp, self.target)
        except OSError as exc:
            tmp.unlink(missing_ok=True)
            raise SiteErrors([error(str(self.target), None, "cannot write the zip file: {detail}",
                                    detail=exc.strerror or exc)]) from None


