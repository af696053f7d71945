"""How worker processes are started, for the image pipeline and page rendering."""
from __future__ import annotations

import multiprocessing
import multiprocessing.context
import os
import sys
import threading

__all__ = ["process_context", "default_workers"]


def process_context() -> multiprocessing.context.BaseContext:
    """fork where it is safe (Linux, no other thread): fast, shares memory, re-imports nothing.

    Otherwise forkserver (or spawn), which start clean workers that import
    this package again, as a forked copy of a threaded process could hang.
    """
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
