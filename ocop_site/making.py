"""What a worker does with a chunk of the plan: make its fragments, then its artifacts, and
say what became of each (:func:`make_chunk`). The engine (:mod:`ocop_site.engine`) decides
what to make, cuts it into chunks and runs them here, in forked workers or in its own
process; fragments go to the stores, files to the sink's writer.
"""
from __future__ import annotations

from collections import ChainMap
from pathlib import Path
from typing import Any, Mapping, Sequence

from .errors import SiteError, SiteErrors, error
from .fragments import FragmentStore
from .plan import Artifact, Fragment, Made
from .scratch import ScratchStore
from .sink import Writer
from .sources import content_hash
from .workers import release_memory

__all__ = ["SHARED", "Result", "make_chunk", "BORROWED"]

BORROWED = 4096
"""Fragments from the stores a worker holds at once, besides those one artifact needs."""


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
        return (artifact.path, digest, len(raw), 0, raw)
    try:
        size, mtime = writer.write(artifact.path, data)
    except OSError as exc:
        return error(writer.place, None, "cannot write: {detail}", detail=exc.strerror or exc)
    return (artifact.path, digest, size, mtime, None)


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
    made_here = {key for kind, key in items if kind == "f"}
    artifact_keys = [key for kind, key in items if kind == "a"]
    position = 0

    def borrow(keys: Sequence[int]) -> None:
        """Into ``borrowed``, instead of what it held: the fragments the artifacts ``keys`` need
        that earlier builds kept or other workers passed on, for as many of them as
        :data:`BORROWED` names allow (all of the first's): one query for many pages, and a
        bounded memory whatever the chunk."""
        borrowed.clear()
        names: dict[str, str] = {}  # digest -> name
        for key in keys:
            more = {digest_of[n]: n for n in artifacts[key].needs if n not in made_here and n not in available}
            if names and len(names) + len(more) > BORROWED:
                break
            names.update(more)
        for signed in (False, True):
            wanted = [d for d, name in names.items() if fragments[name].signed is signed]
            borrowed.update({names[d]: text for d, text in store.get(wanted, signed).items()})
        rest = [d for d in names if names[d] not in borrowed]
        if scratch is not None and rest:
            borrowed.update({names[d]: text for d, text in scratch.get(rest).items()})

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
        if len(artifact.needs) > BORROWED:  # a whole-catalogue file: give its memory back
            borrowed.clear()
            release_memory()
    for signed, values in keep.items():
        if not store.put(values, signed):
            out.extend((name, local[name]) for name in local if digest_of[name] in values)
    if scratch is not None and not scratch.put(passed):
        out.extend((name, local[name]) for name in made_here if digest_of[name] in passed)
    return out
