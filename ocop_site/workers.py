"""How worker processes are started, for the image pipeline and page rendering."""
from __future__ import annotations

import gc
import os
import signal
import sys
import threading
from contextlib import contextmanager
from typing import TYPE_CHECKING, Callable, Iterator, Mapping, TypeVar

if TYPE_CHECKING:
    import multiprocessing.context

__all__ = ["process_context", "default_workers", "worker_started", "frozen_heap", "collector_paused", "freeze_before_fork",
           "time_limit", "release_memory", "in_parts", "IN_PARTS_MIN_ITEMS"]

IN_PARTS_MIN_ITEMS = 2000
"""Fewer items are done in this process by :func:`in_parts`: starting workers would cost more
than it saves."""

_K = TypeVar("_K")
_V = TypeVar("_V")
_R = TypeVar("_R")

_PR_SET_PDEATHSIG = 1


def process_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, no other thread): fast, shares memory, re-imports nothing.

    Otherwise forkserver (or spawn), which start clean workers that import
    this package again, as a forked copy of a threaded process could hang.
    """
    import multiprocessing  # only when workers are started

    methods = multiprocessing.get_all_start_methods()
    if sys.platform.startswith("linux") and threading.active_count() == 1 and "fork" in methods:
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context("forkserver" if "forkserver" in methods else "spawn")


def default_workers() -> int:
    """One worker per core this process may run on."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # not on Linux
        return max(1, os.cpu_count() or 1)


@contextmanager
def time_limit(seconds: float, error: Exception) -> Iterator[None]:
    """Raise ``error`` in the code inside if it runs longer than ``seconds`` (on the main thread
    of a process: build workers and command-line builds; elsewhere there is no limit)."""
    if not hasattr(signal, "setitimer") or threading.current_thread() is not threading.main_thread():
        yield
        return

    def expired(signum: int, frame: object) -> None:
        raise error

    previous = signal.signal(signal.SIGALRM, expired)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


@contextmanager
def frozen_heap(before_fork: bool = False) -> Iterator[None]:
    """Keep every object made so far out of the garbage collector's reach while the inside runs.

    A build makes millions of short-lived objects while the site model and the plan stay
    alive throughout; the collector's full passes would walk them all again and again. A
    forked worker's collector would also write to every object it inherited: time spent in
    every worker, and pages of memory copied that were meant to be shared (``before_fork``:
    collect the garbage first, so none of it is shared). Python's gc.freeze() exists for
    this; the objects are handed back to the collector afterwards, so a long-running
    preview server does not keep each build's leftovers for ever. The collector runs inside
    (even within :func:`collector_paused`): pages rendered there leave garbage.
    """
    enabled = gc.isenabled()
    if before_fork:
        freeze_before_fork()
    else:
        gc.freeze()
    gc.enable()  # inside, garbage is made (pages rendered): collected, as the frozen objects are not walked
    try:
        yield
    finally:
        gc.unfreeze()
        if not enabled:
            gc.disable()


@contextmanager
def collector_paused() -> Iterator[None]:
    """No automatic garbage collection inside (also as a decorator): loading and planning make
    hundreds of thousands of objects that all live on, and each full pass of the collector
    walks every one made so far without finding anything to free (a third of an edit's
    rebuild at 20,000 products). The few cycles made inside are freed by a later pass."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def freeze_before_fork() -> None:
    """Inside :func:`frozen_heap`: collect, then freeze what lives now, for workers forked next."""
    gc.collect()
    gc.freeze()


def release_memory() -> None:
    """Give the memory freed so far back to the system. C's allocator keeps freed blocks for
    reuse; after a worker put a whole-catalogue file together (tens of megabytes of entries,
    parsed and joined), that would stay its own for the rest of its life (glibc only; elsewhere
    nothing is done)."""
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        ctypes.CDLL(None).malloc_trim(0)
    except (OSError, AttributeError):  # not glibc
        return


def worker_started() -> None:
    """Run first in every worker: leave Ctrl-C to the parent, and die with it.

    On Linux the kernel kills the worker when its parent dies (even by
    ``kill -9``), so no orphan keeps rendering; elsewhere the pool's own
    shutdown ends the workers.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    gc.enable()  # a worker forked while loading (collector_paused) collects its own garbage
    if sys.platform.startswith("linux"):
        import ctypes

        try:
            ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except (OSError, AttributeError):  # pragma: no cover - a libc without prctl
            return
        if os.getppid() == 1:  # the parent died before prctl took effect
            os._exit(1)


def in_parts(func: Callable[[Mapping[_K, _V]], dict[_K, _R]], items: Mapping[_K, _V], workers: int,
             initializer: Callable[[], None] = worker_started) -> dict[_K, _R]:
    """``func`` over ``items`` cut into ``workers`` parts, each in a worker process, and their
    results merged (with one worker or fewer than :data:`IN_PARTS_MIN_ITEMS` items, ``func``
    over all of them here). A worker that dies raises ``BrokenProcessPool`` (or ``OSError``):
    the caller decides what to do instead."""
    if workers < 2 or len(items) < IN_PARTS_MIN_ITEMS:
        return func(items)
    from concurrent.futures import ProcessPoolExecutor

    pairs = list(items.items())
    size = -(-len(pairs) // workers)
    parts = [dict(pairs[start:start + size]) for start in range(0, len(pairs), size)]
    found: dict[_K, _R] = {}
    with ProcessPoolExecutor(len(parts), process_context(), initializer) as pool:
        for part in pool.map(func, parts):
            found.update(part)
    return found
