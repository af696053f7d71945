"""What a worker does with a chunk of the plan: make its fragments, then its artifacts, and
say what became of each (:func:`make_chunk`). The engine (:mod:`ocop_site.engine`) decides
what to make, cuts it into chunks and runs them here, in forked workers or in its own
process; fragments go to the stores, files to the sink's writer.
"""
from __future__ import annotations

from collections import ChainMap
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from .errors import SiteError, SiteErrors, error
from .fragments import FragmentStore
from .plan import Artifact, Fragment, Made
from .scratch import ScratchStore
from .sink import Writer
from .sources import content_hash
from .workers import release_memory

__all__ = ["SHARED", "Result", "make_chunk", "BORROWED"]

BORROWED = 4096
"""Fragments from the stores a worker holds at once. An artifact that needs more (a
whole-catalogue file) borrows them this many at a time, in the order it reads them
(:class:`_InBatches`)."""


SHARED: dict[str, Any] = {}
"""What a chunk is made with, set by :func:`ocop_site.engine.run_plan` before its workers are
forked (they inherit it) and cleared after: fragments, artifacts, the sink's writer, the stores…"""

_Made = tuple[str, str, int, int, bytes | None]  # path, hash, size, mtime_ns, bytes for the parent
_Same = tuple[str, str, int, int]  # path, hash, size, mtime_ns: made, but the sink holds these bytes
Result = tuple[str, str] | _Made | _Same | SiteError
"""(name, text) of a fragment; an artifact written; one found identical to what the sink
holds, so not written; or an error."""


def _make_artifact(artifact: Artifact, made: Made) -> _Made | _Same | SiteError | list[SiteError]:
    writer: Writer = SHARED["writer"]
    try:
        data = artifact.make(made)
    except SiteErrors as exc:
        return list(exc.problems)
    raw = data.read_bytes() if isinstance(data, Path) else data
    digest = content_hash(raw)
    before = SHARED["same_as"].get(artifact.path)
    if before is not None and before.hash == digest:
        return (artifact.path, digest, before.size, before.mtime_ns)
    held = writer.unchanged(artifact.path, raw) if before is None else None
    if held is not None:
        return (artifact.path, digest, *held)
    if not writer.in_worker:
        return (artifact.path, digest, len(raw), 0, writer.pack(raw))
    try:
        size, mtime = writer.write(artifact.path, data)
    except OSError as exc:
        return error(writer.place, None, "cannot write: {detail}", detail=exc.strerror or exc)
    return (artifact.path, digest, size, mtime, None)


class _Unavailable(Exception):
    """A fragment a whole-catalogue file reads could be neither borrowed nor made (its own
    error is reported): the file is not made."""


class _InBatches(Mapping[str, str]):
    """The fragments of an artifact that needs more than :data:`BORROWED` (``catalogue.json``
    reads one entry per product), borrowed that many at a time from where its first read
    falls in ``needs``, each batch let go for the next: read in order, as the whole-catalogue
    files read them, every fragment is borrowed once, and a worker never holds all of them.
    ``held``: fragments this worker holds anyway (made here, sent by the parent); ``fetch``:
    names -> the texts the stores have of them; ``make``: a fragment no store gave, made
    here, or None when it cannot be."""

    def __init__(self, needs: Sequence[str], held: Mapping[str, str],
                 fetch: Callable[[Sequence[str]], Mapping[str, str]], make: Callable[[str], str | None]) -> None:
        self._needs = needs
        self._at = {name: index for index, name in enumerate(needs)}
        self._held = held
        self._fetch = fetch
        self._make = make
        self._batch: Mapping[str, str] = {}

    def __getitem__(self, name: str) -> str:
        found = self._held.get(name)
        if found is None:
            found = self._batch.get(name)
        if found is None:
            start = self._at[name]
            self._batch = {}  # let go before the next is read
            self._batch = self._fetch(self._needs[start:start + BORROWED])
            found = self._batch.get(name)
        if found is None:
            found = self._make(name)
        if found is None:
            raise _Unavailable(name)
        return found

    def __iter__(self) -> Iterator[str]:
        return iter(self._needs)

    def __len__(self) -> int:
        return len(self._needs)


def make_chunk(items: Sequence[tuple[str, int | str]]) -> list[Result]:
    """Make a chunk: ("f", name) fragments, then ("a", index) artifacts that may need them.
    Fragments go to the store; they come back as (name, text) only when the store cannot
    take them from this process."""
    fragments: Mapping[str, Fragment] = SHARED["fragments"]
    artifacts: Sequence[Artifact] = SHARED["artifacts"]
    store: FragmentStore = SHARED["store"]
    scratch: ScratchStore | None = SHARED["scratch"]  # None without workers
    digest_of: Mapping[str, str] = SHARED["fragment_digest"]
    local: dict[str, str] = {}  # made here
    borrowed: dict[str, str] = {}  # from the stores, for the next few artifacts
    available = ChainMap(local, borrowed, SHARED["values"])
    made = Made(SHARED["context"], available, SHARED["markdown"], store.in_memory)
    out: list[Result] = []
    keep: dict[bool, dict[str, str]] = {False: {}, True: {}}  # signed or not -> digest -> text
    passed: dict[str, str] = {}  # made for other workers, through the scratch store
    made_here = {key for _, key in items if isinstance(key, str)}
    artifact_keys = [key for _, key in items if isinstance(key, int)]
    position = 0

    def fetched(names: Mapping[str, str]) -> dict[str, str]:
        """Name -> text of the fragments ``names`` (digest -> name) that earlier builds kept or
        other workers passed on."""
        found: dict[str, str] = {}
        for signed in (False, True):
            wanted = [d for d, name in names.items() if fragments[name].signed is signed]
            found.update({names[d]: text for d, text in store.get(wanted, signed).items()})
        rest = [d for d in names if names[d] not in found]
        if scratch is not None and rest:
            found.update({names[d]: text for d, text in scratch.get(rest).items()})
        return found

    def borrow(keys: Sequence[int]) -> None:
        """Into ``borrowed``, instead of what it held: the fragments the artifacts ``keys`` need
        that the stores have, for as many of them as :data:`BORROWED` names allow (all of the
        first's, which needs no more): one query for many pages, and a bounded memory whatever
        the chunk."""
        borrowed.clear()
        names: dict[str, str] = {}  # digest -> name
        for key in keys:
            more = {digest_of[n]: n for n in artifacts[key].needs if n not in made_here and n not in available}
            if names and len(names) + len(more) > BORROWED:
                break
            names.update(more)
        borrowed.update(fetched(names))

    def made_again(name: str) -> str | None:
        """A fragment of a whole-catalogue file that no store gave (lost, signed by someone else,
        damaged), made here; None when it failed (here or earlier in this chunk: reported)."""
        return local[name] if name not in made_here and make_fragment(name) else None

    def make_whole(artifact: Artifact) -> None:
        """An artifact that needs more than :data:`BORROWED` fragments, borrowed in batches."""
        borrowed.clear()
        held = ChainMap(local, SHARED["values"])
        whole = _InBatches(artifact.needs, held, lambda names: fetched(
            {digest_of[n]: n for n in names if n not in held}), made_again)
        try:
            result = _make_artifact(artifact, Made(made.context, whole, made.markdown, made.trusted))
        except _Unavailable:
            return
        finally:
            release_memory()  # give back what its batches and bytes took
        out.extend(result) if isinstance(result, list) else out.append(result)

    def make_fragment(name: str) -> bool:
        try:
            local[name] = fragments[name].make(made)
        except SiteErrors as exc:
            out.extend(exc.problems)
            return False
        if store.keeps(fragments[name]):
            keep[fragments[name].signed][digest_of[name]] = local[name]
        elif scratch is not None:
            passed[digest_of[name]] = local[name]
        else:
            out.append((name, local[name]))  # not kept between builds: the parent passes it on
        return True

    for kind, key in items:
        if kind == "f":
            assert isinstance(key, str)
            make_fragment(key)
            continue
        assert isinstance(key, int)
        artifact = artifacts[key]
        if len(artifact.needs) > BORROWED:
            position += 1
            make_whole(artifact)
            continue
        if any(n not in available for n in artifact.needs):
            borrow(artifact_keys[position:])
        position += 1
        absent = [name for name in artifact.needs if name not in available]
        if any(name in made_here for name in absent):  # its own error is reported
            continue
        # the store had them but cannot give them now (signed by someone else, damaged): made here
        if not all([make_fragment(name) for name in absent]):
            continue
        result = _make_artifact(artifact, made)
        out.extend(result) if isinstance(result, list) else out.append(result)
    for signed, values in keep.items():
        if not store.put(values, signed):
            out.extend((name, local[name]) for name in local if digest_of[name] in values)
    if scratch is not None and not scratch.put(passed):
        out.extend((name, local[name]) for name in made_here if digest_of[name] in passed)
    return out
