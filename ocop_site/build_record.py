"""What a successful build records of itself, and the shortcuts that record allows.

A build into an output folder records its report, the fingerprint of the files it read
(:mod:`fingerprint`), the certificate dates the build day matters for, and a digest of the
build state's record of the files read. The next build compares: with nothing changed it
answers from that record (and puts back lost output files from ``.cache/files``); with only
products' stories changed it patches their pages (:mod:`story_edit`). Anything else is the
normal build (:mod:`build`).
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

from .built_files import lost_files
from .errors import SiteError
from .fingerprint import FileStat, site_fingerprint
from .kept_files import site_kept_files
from .output_folder import FolderSink, manifest_lists
from .sources import StatRecord, records_digest
from .state import BuildState
from .story_edit import patch_stories
from .workers import default_workers

if TYPE_CHECKING:
    from .content import Content

__all__ = ["BuildReport", "build_record", "last_report", "stories_patched", "unchanged"]


@dataclass(frozen=True, slots=True)
class BuildReport:
    products: int
    languages: tuple[str, ...]  # the site's language codes, the default first
    pages: int  # HTML pages the site has
    files: int  # files the site has
    seconds: float
    warnings: tuple[SiteError, ...]
    images_processed: int = 0  # pictures decoded and resized in this run
    images_reused: int = 0  # pictures taken from the cache as they were
    made: int = 0  # files made in this run (the others' inputs had not changed)
    restored: int = 0  # files lost from the output and put back from .cache/files
    written: int = 0  # files whose bytes changed and were written
    parsed: int = 0  # content files parsed in this run


def build_record(report: BuildReport | None, output: Path | None, files: str | None, content: Content,
                  today: dt.date, sources: Mapping[str, StatRecord]) -> dict[str, Any] | None:
    """What to record of a build (:meth:`BuildState.save`'s ``last_build``): None (keep the last
    record) when it wrote no output folder, ``{}`` (forget it) when no fingerprint was taken."""
    if report is None or output is None:
        return None
    return _last_build(report, files, content, today, sources) if files else {}


def _last_build(report: BuildReport, files: str, content: Content, today: dt.date,
                sources: Mapping[str, StatRecord]) -> dict[str, Any]:
    """What a successful build records about itself, for :func:`unchanged`; ``files``: the
    fingerprint of its files as it began; ``sources``: what it records of the files it read."""
    expiries = sorted({r.expiry[0].isoformat() for r in content.results if r.expiry})
    years = sorted({r.year[0] for r in content.results if r.year})
    return {"fingerprint": site_fingerprint(files, today, expiries, years),
            "expiries": expiries, "years": years, "sources": records_digest(sources),
            "report": [report.products, list(report.languages), report.pages, report.files,
                       report.images_processed + report.images_reused],
            "warnings": [[w.path, w.line, w.template, w.kind, w.args] for w in report.warnings]}


def last_report(state: BuildState, files: str, today: dt.date) -> BuildReport | None:
    """The last successful build's report when nothing changed since: the same files
    (``files``, their fingerprint now) and, on ``today``, the same certificates expired and
    expiring; None otherwise."""
    last = state.last_build() or {}
    try:
        if last.get("fingerprint") != site_fingerprint(files, today, last["expiries"], last["years"]):
            return None
    except (KeyError, TypeError, ValueError):  # no record, or a damaged or older one: build as usual
        return None
    return _recorded_report(last)


def _recorded_report(last: Mapping[str, Any]) -> BuildReport | None:
    """The report a successful build recorded (:func:`_last_build`), or None."""
    try:
        products, languages, pages, count, images = last["report"]
        warnings = tuple(SiteError(path, line, template, "warning", kind, tuple((n, v) for n, v in args))
                         for path, line, template, kind, args in last["warnings"])
        return BuildReport(products, tuple(languages), pages, count, 0.0, warnings, 0, images)
    except (KeyError, TypeError, ValueError):
        return None


def stories_patched(state: BuildState, stats: list[FileStat], output: Path, site_dir: Path, today: dt.date,
                     check_only: bool) -> BuildReport | None:
    """The last build's report, when only products' stories changed since and their pages
    were patched (:mod:`story_edit`); None when they could not be."""
    last = state.last_build() or {}
    report = _recorded_report(last)
    patched = None if report is None else patch_stories(state, last, stats, site_dir, output, today, check_only)
    if report is None or patched is None:
        return None
    return replace(report, made=0 if check_only else patched.pages, written=0 if check_only else patched.pages,
                   parsed=patched.parsed)


def unchanged(state: BuildState, report: BuildReport, output: Path, site_dir: Path, workers: int | None
               ) -> BuildReport | None:
    """``report``, the last build's, when ``output`` still holds what it made. Output files
    lost since (the output folder deleted, ``.cache/`` kept) are put back from
    ``.cache/files`` (:mod:`kept_files`) as that build made them; None when one cannot be, or
    when the output may hold files that build did not make (a later build, killed, moved them in)."""
    records = state.artifacts(output)
    lost = lost_files(output, records)
    if not lost:
        return report if records and manifest_lists(output, records) else None
    kept = site_kept_files(site_dir, wipe=False)
    if kept is None:
        return None
    sink = FolderSink(output, site_dir, records, kept)
    found = sink.restore(lost, workers or default_workers())
    if any(found.get(path) != (record.size, record.mtime_ns) for path, record in lost.items()):
        sink.abort()  # not all as they were: the normal path makes what is missing
        return None
    sink.commit(records, lost)
    kept.settled()  # the state names what the output and the kept files now hold
    return replace(report, restored=len(lost), written=len(lost))
