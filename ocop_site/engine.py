"""Run an artifact plan: make what changed, on every core, into a sink.

1. Every fragment and artifact gets a digest of its declared inputs (an
   artifact's includes the digests of the fragments it needs).
2. An artifact whose digest equals the last build's, and which is still in
   the sink as that build left it, is kept as it is. The others are *to make*.
3. The fragments those need are taken from the build state when they were
   kept there, and made otherwise (first wave), then the artifacts are made
   (second wave). Both waves run in worker processes when there is enough
   work; on Linux they are forked, so they share the site, the plan and the
   first wave's fragments without copying; the output is byte-identical
   whatever the number of workers.
4. An artifact whose new bytes equal what the sink already holds is not
   written again (its file keeps its modification time).

Errors of every artifact are collected; the sink is committed only when
there are none, and the caller writes the build state after that.
"""
from __future__ import annotations

import sys
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Callable, Iterator, Mapping, Sequence

from tqdm import tqdm  # type: ignore[import-untyped]

from .errors import SiteError, SiteErrors, error
from .plan import Artifact, Fragment, InputTable, Made
from .sink import Sink, Writer
from .sources import content_hash
from .state import ArtifactRecord
from .workers import process_context, worker_started

__all__ = ["Plan", "RunResult", "run_plan", "PARALLEL_MIN_ITEMS", "PROGRESS_MIN_ITEMS"]

PARALLEL_MIN_ITEMS = 400
"""Less work than this is done in this process: starting workers costs more than it saves."""
PROGRESS_MIN_ITEMS = 2000
"""A progress bar (on a terminal) only for builds long enough to wait for."""
_CHUNK = 48


@dataclass
class Plan:
    artifacts: list[Artifact]
    fragments: dict[str, Fragment]
    inputs: InputTable


@dataclass
class RunResult:
    records: dict[str, ArtifactRecord]  # every artifact, as the sink now holds it
    written: set[str]  # artifacts whose bytes were written in this run
    made: int = 0  # artifacts made (written or found unchanged)
    kept: int = 0  # artifacts not made at all: their inputs did not change
    fragments_made: int = 0
    persist: dict[str, str] = field(default_factory=dict)  # digest -> text of persistent fragments made
    persist_used: set[str] = field(default_factory=set)  # digests of every persistent fragment in use
    problems: list[SiteError] = field(default_factory=list)


# What forked workers inherit: set before a pool starts, cleared after.
_SHARED: dict[str, Any] = {}


def _make_fragments(names: Sequence[str]) -> list[tuple[str, str] | SiteError]:
    fragments: Mapping[str, Fragment] = _SHARED["fragments"]
    made = Made({}, _SHARED["markdown"])
    out: list[tuple[str, str] | SiteError] = []
    for name in names:
        try:
            out.append((name, fragments[name].make(made)))
        except SiteErrors as exc:
            out.extend(exc.problems)
    return out


_Made = tuple[str, str, int, int, bytes | None]  # path, hash, size, mtime_ns, bytes for the parent


def _make_artifacts(indices: Sequence[int]) -> list[_Made | SiteError | tuple[str]]:
    """Make artifacts; ``(path,)`` means "same bytes as the sink holds": nothing written."""
    artifacts: Sequence[Artifact] = _SHARED["artifacts"]
    writer: Writer = _SHARED["writer"]
    same_as: Mapping[str, str] = _SHARED["same_as"]
    made = Made(_SHARED["values"], _SHARED["markdown"])
    out: list[_Made | SiteError | tuple[str]] = []
    for index in indices:
        artifact = artifacts[index]
        try:
            data = artifact.make(made)
        except SiteErrors as exc:
            out.extend(exc.problems)
            continue
        raw = data.read_bytes() if isinstance(data, Path) else data
        digest = content_hash(raw)
        if same_as.get(artifact.path) == digest:
            out.append((artifact.path,))
        elif writer.in_worker:
            try:
                size, mtime = writer.write(artifact.path, data)
            except OSError as exc:
                out.append(error(str(exc.filename or artifact.path), None,
                                 f"cannot write: {exc.strerror or exc}"))
                continue
            out.append((artifact.path, digest, size, mtime, None))
        else:
            out.append((artifact.path, digest, len(raw), 0, raw))
    return out


def _chunks(items: Sequence[Any], workers: int) -> list[Sequence[Any]]:
    size = max(1, min(_CHUNK, len(items) // (workers * 8) or 1))
    return [items[i:i + size] for i in range(0, len(items), size)]


def _run(task: Callable[[Sequence[Any]], list[Any]], items: Sequence[Any], workers: int,
         bar: tqdm) -> Iterator[Any]:
    """Results of ``task`` over ``items``, in this process or in forked workers."""
    if not items:
        return
    if workers < 2 or len(items) < PARALLEL_MIN_ITEMS or process_context().get_start_method() != "fork":
        for chunk in _chunks(items, 1):
            yield from task(chunk)
            bar.update(len(chunk))
        return
    pool = ProcessPoolExecutor(workers, process_context(), worker_started)
    try:
        pending: set[Future[list[Any]]] = set()
        sizes: dict[Future[list[Any]], int] = {}
        for chunk in _chunks(items, workers):
            future = pool.submit(task, chunk)
            sizes[future] = len(chunk)
            pending.add(future)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                yield from future.result()
                bar.update(sizes[future])
    except BrokenProcessPool:
        raise SiteErrors([error("output", None, "a worker process stopped unexpectedly (out of memory?); "
                                "build again with fewer workers (--jobs 1)")]) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _progress(total: int) -> tqdm:
    return tqdm(total=total, desc="pages", unit="file", file=sys.stderr, leave=False, dynamic_ncols=True,
                disable=None if total >= PROGRESS_MIN_ITEMS else True, mininterval=0.25)


def run_plan(plan: Plan, sink: Sink, stored: Callable[[set[str]], Mapping[str, str]],
             markdown: Callable[[str], str], workers: int, full: bool = False) -> RunResult:
    """Make what changed into ``sink`` (``full``: everything); ``stored``: persistent
    fragments by digest from the build state. The sink is not committed here."""
    inputs = plan.inputs
    problems: list[SiteError] = []
    for artifact in plan.artifacts:
        claim = sink.claim(artifact.path, artifact.source)
        if claim is not None:
            problems.append(claim)
    if problems:
        return RunResult({}, set(), problems=problems)

    fragment_digest = {name: inputs.digest(f.inputs) for name, f in plan.fragments.items()}
    digests = [inputs.digest(a.inputs, *(fragment_digest[n] for n in a.needs)) for a in plan.artifacts]
    previous = sink.previous()
    records: dict[str, ArtifactRecord] = {}
    todo: list[int] = []
    same_as: dict[str, str] = {}
    for index, artifact in enumerate(plan.artifacts):
        before = previous.get(artifact.path)
        intact = before is not None and sink.intact(artifact.path, before)
        if intact and not full and before is not None and before.digest == digests[index]:
            records[artifact.path] = before
            continue
        if intact and before is not None:
            same_as[artifact.path] = before.hash
        todo.append(index)
    result = RunResult(records, set(), made=len(todo), kept=len(plan.artifacts) - len(todo))

    needed = sorted({name for i in todo for name in plan.artifacts[i].needs})
    persistent = {fragment_digest[n]: n for n in needed if plan.fragments[n].persist}
    values: dict[str, str] = {}
    for found_digest, text in stored(set(persistent)).items():
        values[persistent[found_digest]] = text
    result.persist_used = {fragment_digest[n] for n, f in plan.fragments.items() if f.persist}
    to_make = [n for n in needed if n not in values]

    _SHARED.update(fragments=plan.fragments, artifacts=plan.artifacts, writer=sink.writer(),
                   same_as=same_as, values=values, markdown=markdown)
    try:
        with _progress(len(to_make) + len(todo)) as bar:
            for item in _run(_make_fragments, to_make, workers, bar):
                if isinstance(item, SiteError):
                    problems.append(item)
                    continue
                name, text = item
                values[name] = text
                if plan.fragments[name].persist:
                    result.persist[fragment_digest[name]] = text
            result.fragments_made = len(to_make)
            if problems:
                result.problems = problems
                return result
            by_path = {a.path: i for i, a in enumerate(plan.artifacts)}
            for item in _run(_make_artifacts, todo, workers, bar):
                if isinstance(item, SiteError):
                    problems.append(item)
                elif len(item) == 1:
                    records[item[0]] = replace(previous[item[0]], digest=digests[by_path[item[0]]])
                else:
                    path, digest, size, mtime, raw = item
                    if raw is not None:
                        size, mtime = sink.put(path, raw)
                    records[path] = ArtifactRecord(digests[by_path[path]], digest, size, mtime)
                    result.written.add(path)
    finally:
        _SHARED.clear()
    result.problems = problems
    result.records = {a.path: records[a.path] for a in plan.artifacts if a.path in records}
    return result
