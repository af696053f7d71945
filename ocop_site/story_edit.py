"""A build after only products' stories changed: their pages patched in the output folder,
nothing else loaded (what to patch: :mod:`story_patch`), then the build state, as a build
would leave it.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Mapping

from .built_files import lost_files
from .fingerprint import FileStat, fingerprint_of, site_fingerprint
from .fragments import FragmentStore
from .kept_files import site_kept_files
from .output_folder import FolderSink
from .sources import content_hash, records_digest
from .state import ArtifactRecord, BuildState
from .story_patch import PATCHED, StoryPatch, find_patch

__all__ = ["patch_stories", "Patched"]


@dataclass(frozen=True, slots=True)
class Patched:
    pages: int  # pages whose bytes changed
    parsed: int  # files read



def patch_stories(state: BuildState, record: Mapping[str, Any], stats: list[FileStat], site_dir: Path,
                  output: Path, today: dt.date, check_only: bool = False) -> Patched | None:
    """Build ``site_dir`` into ``output`` by patching the pages of the stories that changed
    (``check_only``: only check them), or None when this cannot be done (see the module).
    ``record``: what the last successful build recorded (:func:`ocop_site.build._last_build`);
    ``stats``: the files now (:func:`~ocop_site.fingerprint.file_stats`)."""
    try:
        languages = tuple(str(lang) for lang in record["report"][1])
        expiries, years, fingerprint = list(record["expiries"]), list(record["years"]), record["fingerprint"]
        read = str(record["sources"])
    except (KeyError, TypeError, IndexError):
        return None

    def as_before(as_read: list[FileStat]) -> bool:
        return site_fingerprint(fingerprint_of(as_read, output), today, expiries, years) == fingerprint

    def page(path: str) -> bytes | None:
        try:
            return (output / path).read_bytes()
        except OSError:
            return None

    def built() -> Mapping[str, ArtifactRecord] | None:
        records = state.artifacts(output)
        return records if records and not lost_files(output, records) else None

    store = FragmentStore(state.database)
    try:
        patch = find_patch(state, stats, site_dir, languages, built, page, store, as_before, read)
    finally:
        store.close()
    if patch is None:
        return None
    if not check_only:
        _commit(state, record, stats, patch, site_dir, output, today)
    return Patched(sum(data is not None for data in patch.pages.values()), len(patch.edits))



def _commit(state: BuildState, record: Mapping[str, Any], stats: list[FileStat], patch: StoryPatch,
            site_dir: Path, output: Path, today: dt.date) -> None:
    """The patched pages into the output, then the state: the files as read, the stories' HTML
    and records, the pages' records, and what this build records of itself."""
    records = patch.built
    written = [page for page, data in patch.pages.items() if data is not None]
    sink = FolderSink(output, site_dir, records)
    after = dict(records)
    try:
        writer = sink.writer()
        for page in written:
            data = patch.pages[page]
            assert data is not None
            size, mtime = writer.write(page, data)
            after[page] = ArtifactRecord(PATCHED, content_hash(data), size, mtime)
        sink.commit(after, written)
    except BaseException:
        sink.abort()
        raise
    kept = site_kept_files(site_dir, wipe=False)
    if kept is not None and kept.complete:  # the pages written: the others' records did not change
        kept.update(output, {page: records[page] for page in written}, {page: after[page] for page in written})
    elif kept is not None:
        kept.update(output, records, after)
    sources = patch.sources()
    state.save(sources=sources, fragments=patch.fragments(), keep_fragments=None, output=output,
               artifacts=after, last_build={**record, "sources": records_digest(sources), "fingerprint": site_fingerprint(
                   fingerprint_of(patch.stats(stats), output), today, record["expiries"], record["years"])})
    if kept is not None:
        kept.settled()
