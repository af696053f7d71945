"""The files a build left in an output folder, as the build state recorded them: which are
still there as written, and their bytes.

A file is taken to be as the build wrote it when it is a regular file of the recorded size
and modification time, as rsync does, without reading it: the command line's build keeps
such files, puts back the others (:func:`lost_files`), and the preview starts from their
bytes (:func:`read_intact`).
"""
from __future__ import annotations

import os
import stat
from functools import partial
from pathlib import Path
from typing import Callable, Mapping

from .state import ArtifactRecord
from .workers import in_parts

__all__ = ["holds", "lost_files", "read_intact"]


def _as_recorded(st: os.stat_result, record: ArtifactRecord) -> bool:
    return stat.S_ISREG(st.st_mode) and st.st_size == record.size and st.st_mtime_ns == record.mtime_ns


def holds(prefix: str, path: str, record: ArtifactRecord) -> bool:
    """Whether ``prefix + path`` (``prefix``: the output folder and a separator) is as recorded."""
    try:
        return _as_recorded(os.stat(f"{prefix}{path}", follow_symlinks=False), record)
    except OSError:
        return False


def _prefix(output: Path) -> str:
    return f"{output.absolute()}{os.sep}"


def lost_files(output: Path, records: Mapping[str, ArtifactRecord]) -> dict[str, ArtifactRecord]:
    """The files of ``records`` that are not in ``output`` as recorded."""
    prefix = _prefix(output)
    return {path: record for path, record in records.items() if not holds(prefix, path, record)}


def _same(data: bytes) -> bytes:
    return data


def read_intact(output: Path, records: Mapping[str, ArtifactRecord], pack: Callable[[bytes], bytes] = _same,
                workers: int = 1) -> dict[str, tuple[ArtifactRecord, bytes]]:
    """The files of ``records`` that ``output`` still holds as recorded, with their bytes (each
    checked on the open file, so what is read is what was checked), as ``pack`` keeps them
    (the preview compresses each as it is read: a module's function, sent to ``workers``
    processes when there are many files: :func:`~ocop_site.workers.in_parts`); the others are
    left out."""
    from concurrent.futures.process import BrokenProcessPool

    try:
        return in_parts(partial(_read_intact, output, pack=pack), records, workers)
    except (BrokenProcessPool, OSError):  # a worker died: read here
        return _read_intact(output, records, pack)


def _read_intact(output: Path, records: Mapping[str, ArtifactRecord], pack: Callable[[bytes], bytes]
                 ) -> dict[str, tuple[ArtifactRecord, bytes]]:
    found: dict[str, tuple[ArtifactRecord, bytes]] = {}
    prefix = _prefix(output)
    for path, record in records.items():
        try:
            fd = os.open(f"{prefix}{path}", os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0))
        except OSError:
            continue
        try:
            if _as_recorded(os.fstat(fd), record):
                with os.fdopen(fd, "rb", closefd=False) as file:
                    data = file.read()
                if len(data) == record.size:
                    found[path] = (record, pack(data))
        except OSError:
            pass
        finally:
            os.close(fd)
    return found
