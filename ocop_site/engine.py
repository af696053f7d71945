"""Run an artifact plan: make what changed, on every core, into a sink.

1. The planner gave every fragment and artifact a digest of its declared
   inputs (:func:`ocop_site.build.make_plan`); an artifact's is combined
   here with the digests of the fragments it needs.
2. An artifact whose digest equals the last build's, and which is still in
   the sink as that build left it, is kept as it is. The others are *to make*.
3. The fragments those need are taken from the fragment store when they
   were kept there, and made otherwise. The first wave makes, group by
   group (a product's body, cards, records and pages together, so its views
   are made once), every fragment and every artifact that needs nothing
   from another group; the second wave makes the rest (listings, data
   scripts). A chunk of a wave is made by
   :func:`ocop_site.making.make_chunk`, in forked worker processes when
   there is enough work; workers write the fragments they make to the store
   (kept between builds) or to the build's scratch file
   (:mod:`ocop_site.scratch`: the others), and read those they need from
   there, so large results do not travel through the parent. Workers are
   forked anew for every segment of a wave (:data:`SEGMENT_ITEMS`,
   :data:`SECOND_WAVE_SEGMENT_ITEMS`). The
   output is byte-identical whatever the number of workers.
4. An artifact whose new bytes equal what the sink already holds is not
   written again (its file keeps its modification time).

Errors of every artifact are collected; the sink is committed only when
there are none, and the caller writes the build state after that.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterator, Sequence

from .errors import SiteError, SiteErrors, error
from .fragments import FragmentStore
from .messages import N_
from .plan import Artifact, Fragment, InputTable, PlanContext, digest
from .making import SHARED, Result, make_chunk
from .progress import progress
from .scratch import ScratchStore
from .sink import Sink
from .state import ArtifactRecord
from .workers import collector_paused, freeze_before_fork, frozen_heap, process_context, worker_started

__all__ = ["Plan", "RunResult", "run_plan", "PARALLEL_MIN_ITEMS", "PROGRESS_MIN_ITEMS"]

PARALLEL_MIN_ITEMS = 400
"""Less work than this is done in this process: starting workers costs more than it saves."""
PROGRESS_MIN_ITEMS = 2000
"""A progress bar (on a terminal) only for builds long enough to wait for."""
_CHUNK = 256
SEGMENT_ITEMS = 25_000
"""Workers are forked anew after about this many items. A forked worker shares the parent's
memory until it writes to it, and CPython writes a reference count into every object it
reads: a worker that went through the whole catalogue would end with a private copy of the
whole parent (330 MB each at 20,000 products). Made in plan order, a segment's products lie
together in memory, so each worker copies only its segment's part."""
SECOND_WAVE_SEGMENT_ITEMS = 8_000
"""The same for the second wave, whose items (listings, producer pages, whole-catalogue files)
each read products from all over the catalogue, so that its workers copy the parent sooner.
At 20,000 products, forking them anew every 8,000 items instead of 25,000 brought the peak
(all processes) from 990 to 940 MB, in the same time."""


@dataclass
class Plan:
    artifacts: list[Artifact]
    fragments: dict[str, Fragment]
    inputs: InputTable
    declared: list[str]  # per artifact: the digest of its declared inputs and path
    fragment_declared: dict[str, str]  # per fragment: the digest of its declared inputs and name
    context: PlanContext  # what the items' make functions read (:attr:`Made.context`)


@dataclass
class RunResult:
    records: dict[str, ArtifactRecord]  # every artifact, as the sink now holds it
    written: set[str]  # artifacts whose bytes were written in this run
    made: int = 0  # artifacts made (written or found unchanged); the others' inputs did not change
    restored: int = 0  # artifacts the sink had lost and put back as they were (written too)
    persist_used: set[str] = field(default_factory=set)  # digests of every fragment in use the store keeps
    problems: list[SiteError] = field(default_factory=list)


def _chunks(groups: Sequence[Sequence[Any]], workers: int) -> list[list[Any]]:
    """Whole groups packed into chunks of about the same size, enough to keep every worker busy."""
    total = sum(len(g) for g in groups)
    size = max(1, min(_CHUNK, total // (workers * 8) or 1))
    chunks: list[list[Any]] = [[]]
    for group in groups:
        if chunks[-1] and len(chunks[-1]) + len(group) > size:
            chunks.append([])
        chunks[-1].extend(group)
    return [c for c in chunks if c]


class _Makers:
    """Where chunks are made: this process, or forked workers, replaced every segment."""

    def __init__(self, workers: int, total: int) -> None:
        # fork or nothing: workers inherit what they make pages from (decided once: not another
        # start method for a later segment, should a thread of the last one's pool linger)
        self._context = process_context() if workers > 1 and total >= PARALLEL_MIN_ITEMS else None
        parallel = self._context is not None and self._context.get_start_method() == "fork"
        self.workers = workers if parallel else 1

    def run(self, groups: Sequence[Sequence[Any]], bar: Any, segment_items: int) -> Iterator[Result]:
        """Make ``groups``, forking workers anew about every ``segment_items`` items."""
        chunks = _chunks(groups, self.workers)
        if self.workers == 1:
            for chunk in chunks:
                yield from make_chunk(chunk)
                bar.update(len(chunk))
            return
        for segment in _segments(chunks, segment_items):
            yield from self._run_segment(segment, bar)

    def _run_segment(self, chunks: list[list[Any]], bar: Any) -> Iterator[Result]:
        """Chunks made by workers forked for them (they inherit what came back before)."""
        from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
        from concurrent.futures.process import BrokenProcessPool

        freeze_before_fork()  # run_plan's frozen_heap gives the objects back when it ends
        pool = ProcessPoolExecutor(self.workers, self._context, worker_started)
        try:
            pending: set[Future[list[Any]]] = set()
            sizes: dict[Future[list[Any]], int] = {}
            for chunk in chunks:
                future = pool.submit(make_chunk, chunk)
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


def _segments(chunks: list[list[Any]], size: int) -> Iterator[list[list[Any]]]:
    """Consecutive runs of about ``size`` items."""
    segment: list[list[Any]] = []
    items = 0
    for chunk in chunks:
        segment.append(chunk)
        items += len(chunk)
        if items >= size:
            yield segment
            segment, items = [], 0
    if segment:
        yield segment


def _progress(total: int) -> Any:
    return progress(total, N_("pages"), N_("file"), PROGRESS_MIN_ITEMS)


def _waves(plan: Plan, todo: Sequence[int], to_make: set[str]
           ) -> tuple[list[list[tuple[str, int | str]]], list[int]]:
    """Groups of the first wave (each group's fragments, then its artifacts that need nothing
    from another group) and the artifacts of the second wave (they need other groups' work)."""
    groups: dict[str, list[tuple[str, int | str]]] = {}
    group_of: dict[str, str] = {}
    for name, fragment in plan.fragments.items():
        if name in to_make:
            group_of[name] = fragment.group or name
            groups.setdefault(group_of[name], []).append(("f", name))
    second: list[int] = []
    for index in todo:
        artifact = plan.artifacts[index]
        group = artifact.group or artifact.path
        if all(group_of.get(n, group) == group for n in artifact.needs):
            groups.setdefault(group, []).append(("a", index))
        else:
            second.append(index)
    return list(groups.values()), second


@dataclass
class _Decision:
    """What a run makes: ``todo`` artifacts (indexes), in two waves of items; the others are
    already in ``result.records``."""

    result: RunResult
    fragment_digest: dict[str, str]
    digests: list[str]
    same_as: dict[str, ArtifactRecord]  # what the sink holds, as the state says
    first: list[list[tuple[str, int | str]]] = field(default_factory=list)
    second: list[int] = field(default_factory=list)


@collector_paused()  # hundreds of thousands of digests, all kept: nothing for the collector to find
def _decide(plan: Plan, sink: Sink, store: FragmentStore, full: bool, workers: int) -> _Decision:
    problems: list[SiteError] = []
    for artifact in plan.artifacts:
        claim = sink.claim(artifact.path, artifact.source)
        if claim is not None:
            problems.append(claim)
    if problems:
        return _Decision(RunResult({}, set(), problems=problems), {}, [], {})

    fragment_digest = plan.fragment_declared
    digests = [digest(declared, *(fragment_digest[n] for n in a.needs)) if a.needs else declared
               for declared, a in zip(plan.declared, plan.artifacts)]
    previous = sink.previous()
    records: dict[str, ArtifactRecord] = {}
    todo: list[int] = []
    same_as: dict[str, ArtifactRecord] = {}
    lost: dict[str, int] = {}  # unchanged, but no longer in the sink as it was written
    for index, artifact in enumerate(plan.artifacts):
        before = previous.get(artifact.path)
        if before is None:
            todo.append(index)
            continue
        intact = sink.intact(artifact.path, before)
        if not full and before.digest == digests[index]:
            if intact:
                records[artifact.path] = before
            else:
                lost[artifact.path] = index
            continue
        if intact:
            same_as[artifact.path] = before
        todo.append(index)
    restored = sink.restore({path: previous[path] for path in lost}, workers)
    for path, (size, mtime) in restored.items():
        before = previous[path]
        records[path] = ArtifactRecord(before.digest, before.hash, size, mtime)
    if len(restored) < len(lost):
        todo = sorted([*todo, *(index for path, index in lost.items() if path not in restored)])
    result = RunResult(records, set(restored), made=len(todo), restored=len(restored))

    needed = {name for i in todo for name in plan.artifacts[i].needs}
    kept = store.has(fragment_digest[n] for n in needed if store.keeps(plan.fragments[n]))
    result.persist_used = {fragment_digest[n] for n, f in plan.fragments.items() if store.keeps(f)}
    first, second = _waves(plan, todo, {n for n in needed if fragment_digest[n] not in kept})
    return _Decision(result, fragment_digest, digests, same_as, first, second)


def run_plan(plan: Plan, sink: Sink, store: FragmentStore, markdown: Callable[[str], str], workers: int,
             full: bool = False) -> RunResult:
    """Make what changed into ``sink`` (``full``: everything); ``store``: fragments kept between
    builds. The sink is not committed here."""
    decision = _decide(plan, sink, store, full, workers)
    result, fragment_digest, digests = decision.result, decision.fragment_digest, decision.digests
    if result.problems:
        return result
    first, second, same_as = decision.first, decision.second, decision.same_as
    records = result.records
    problems: list[SiteError] = []
    values: dict[str, str] = {}  # fragments made in this run, when workers send them back
    SHARED.update(context=plan.context, fragments=plan.fragments, artifacts=plan.artifacts, writer=sink.writer(),
                   same_as=same_as, values=values, markdown=markdown, store=store,
                   fragment_digest=fragment_digest)
    by_path = {a.path: i for i, a in enumerate(plan.artifacts)}
    total = sum(map(len, first)) + len(second)
    makers = _Makers(workers, total)
    # workers pass fragments not kept between builds to each other through a file of this build's
    scratch_folder = store.path.parent if store.path else None
    ScratchStore.remove_left_over(scratch_folder)
    SHARED["scratch"] = ScratchStore.open(scratch_folder) if makers.workers > 1 else None
    try:
        with frozen_heap(), _progress(total) as bar:
            for wave, segment_items in ((first, SEGMENT_ITEMS),
                                        ([[("a", i)] for i in second], SECOND_WAVE_SEGMENT_ITEMS)):
                for item in makers.run(wave, bar, segment_items):
                    if isinstance(item, SiteError):
                        problems.append(item)
                    elif len(item) == 2:
                        name, text = item
                        values[name] = text
                        if store.keeps(plan.fragments[name]):
                            store.put({fragment_digest[name]: text}, plan.fragments[name].signed)
                    elif len(item) == 4:
                        path, digest, size, mtime = item
                        records[path] = ArtifactRecord(digests[by_path[path]], digest, size, mtime)
                    else:
                        path, digest, size, mtime, raw = item
                        if raw is not None:
                            sink.put(path, raw)
                        records[path] = ArtifactRecord(digests[by_path[path]], digest, size, mtime)
                        result.written.add(path)
                wave.clear()  # before the next wave's workers are forked: they would inherit it
                if problems:
                    break
    finally:
        if SHARED.get("scratch") is not None:
            SHARED["scratch"].close()
        SHARED.clear()
    result.problems = problems
    result.records = {a.path: records[a.path] for a in plan.artifacts if a.path in records}
    return result
