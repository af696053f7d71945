"""The pipeline: load -> validate -> model -> plan -> make -> write.

:func:`load_site` reads and checks everything and builds the model;
:func:`build_loaded` turns a loaded site into artifacts in a sink (an
output folder, memory, a zip file); :func:`build` does both for the command
line, with the site's lock and build state. All data is gathered and checked
before anything is made; nothing in the output changes until every artifact
was made without error.
"""
from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Callable, Mapping

from .aggregate import join_sources, source_folders
from .build_model import site_of
from .config import parse_config
from .errors import SiteError, SiteErrors, sort_problems
from .fingerprint import FileStat, as_trusted, file_stats, fingerprint_of, site_fingerprint, trusted
from .fragments import FragmentStore
from .kept_files import site_kept_files
from .load import load_site_yaml
from .lock import site_lock
from .model import ImageSettings, Site
from .plan import PlanMemo, program_digest
from .built_files import lost_files
from .output_folder import FolderSink
from .sink import NullSink, Sink
from .sources import Sources, StatRecord, records_digest
from .state import BuildState, state_path
from .story_edit import patch_stories
from .theme import Theme, find_theme, load_strings
from .user_key import cache_key
from .workers import collector_paused, default_workers

if TYPE_CHECKING:
    from .bodies import BodyStore
    from .content import Content
    from .engine import Plan
    from .images import ImageRef, ImageRun

# Loading the content, planning and making (Jinja, the renderer, the engine, images) are
# imported where they are first used: a build with nothing to make, or one that only patches
# stories (story_edit), never needs them.

__all__ = ["LoadedSite", "BuildReport", "load_site", "build_loaded", "build", "make_plan"]


@dataclass(frozen=True)
class LoadedSite:
    site_dir: Path
    today: dt.date
    site: Site | None  # None when there are errors
    theme: Theme | None
    problems: tuple[SiteError, ...]  # errors and warnings, in file order
    image_refs: tuple[ImageRef, ...] = ()  # pictures to process, even when there are errors
    image_settings: ImageSettings = ImageSettings()
    sources: Sources = field(default_factory=Sources)  # hashes of every file read
    content: Content | None = None  # what loading the products and pages gave
    config_hash: str = ""  # of site.yaml and its sources' (:mod:`aggregate`)
    source_folders: tuple[Path, ...] = ()  # the sites it takes products from, resolved

    @property
    def errors(self) -> list[SiteError]:
        return [p for p in self.problems if not p.is_warning]


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


@collector_paused()
def load_site(site_dir: Path, today: dt.date, state: BuildState | None = None,
              workers: int | None = None, fresh: bool = False, known: Content | None = None) -> LoadedSite:
    """Read and check everything; the model is built only when nothing is wrong.
    ``fresh``: take nothing from the build state (every file is read and checked again);
    ``known``: the content of an earlier load, whose unchanged products are taken as they are."""
    from .content import load_content
    from .images import site_image_refs

    sources = Sources(state.sources() if state and not fresh else None)
    parsed, problems = load_site_yaml(site_dir)
    if not (site_dir / "site.yaml").is_file():
        return LoadedSite(site_dir, today, None, None, tuple(problems), sources=sources)
    config, found = parse_config(parsed, "site.yaml")
    problems += found
    joined = join_sources(site_dir, parsed, config, sources)
    problems += joined.problems
    config, scanned = joined.config, joined.scanned
    if config is None:
        return LoadedSite(site_dir, today, None, None, tuple(sort_problems([*problems, *scanned[1]])),
                          sources=sources, source_folders=joined.folders)
    content = load_content(scanned, config, joined.config_hash, program_digest(), sources,
                           today, state.fragments if state and not fresh else lambda keys: {}, workers,
                           known.by_key if known is not None else None)
    problems += content.problems
    theme, found = find_theme(site_dir, config.theme, parsed.lines.get("theme") if parsed else None)
    problems += found
    refs = tuple(ref for r in content.results for ref in r.images) + site_image_refs(config)

    def loaded(site: Site | None) -> LoadedSite:
        return LoadedSite(site_dir, today, site, theme, tuple(sort_problems(problems)), refs, config.images,
                          sources, content, joined.config_hash, joined.folders)

    if theme is None or any(not p.is_warning for p in problems):
        return loaded(None)
    strings, found = load_strings(theme, site_dir, config.languages)
    problems += found
    return loaded(site_of(config, content.products, content.pages, today, strings))


def _placeholders(static: Mapping[str, Path], site: Site) -> dict[str, str]:
    fallback = "static/placeholders/default.svg"
    found = {"": fallback}
    for group in site.config.groups:
        name = f"placeholders/{group}.svg"
        found[group] = f"static/{name}" if name in static else fallback
    return found


@collector_paused()
def make_plan(site: Site, theme: Theme, site_dir: Path, images: ImageRun, sources: Sources,
              file_hashes: Mapping[str, str], bodies: BodyStore, config_hash: str,
              memo: PlanMemo | None = None) -> Plan:
    """Every artifact and fragment of the site, from every registered output kind
    (``config_hash``: of site.yaml and its sources', :attr:`LoadedSite.config_hash`; ``memo``:
    the last plan's groups, whose items are taken as they were when their inputs did not change)."""
    from .engine import Plan
    from .inputs import build_inputs
    from .plan import PlanContext, plan_items, producers
    from .render.renderer import Renderer

    static = theme.static_files()
    renderer = Renderer(site, theme, site_dir, _placeholders(static, site))
    inputs = build_inputs(site, renderer, images, sources, config_hash, file_hashes, static)
    context = PlanContext(site, theme, site_dir, renderer, inputs, images, bodies, static)
    planned = plan_items((item for _, make in producers() for item in make(context)), inputs, memo)
    return Plan(planned.artifacts, planned.fragments, inputs, planned.declared, planned.fragment_declared, context)


@collector_paused()  # but while artifacts are made: engine.run_plan's frozen_heap
def build_loaded(loaded: LoadedSite, sink: Sink, state: BuildState | None = None, workers: int | None = None,
                 full: bool = False, save_artifacts: Path | None = None, fingerprint: str | None = None,
                 fragments: FragmentStore | None = None, memo: PlanMemo | None = None) -> BuildReport:
    """Make the site's artifacts into ``sink`` and commit it; ``full``: make every artifact,
    whatever the state says. ``save_artifacts``: the output folder the state describes;
    ``fingerprint``: of the input files as the build began (:func:`~ocop_site.fingerprint.fingerprint_of`), to record
    (None with ``save_artifacts``: a file was too recent to trust, and the last record is forgotten);
    ``fragments``: where fragments are kept (default: the state's file, else memory); ``memo``:
    the last plan's groups (:func:`make_plan`)."""
    from .bodies import BodyStore
    from .engine import run_plan
    from .images import process_images, prune_cache
    from .markup import markdown_unsafe

    started = time.perf_counter()
    site_dir = loaded.site_dir
    workers = workers or default_workers()
    images = process_images(loaded.image_refs, loaded.image_settings, site_dir, workers, loaded.sources)
    warnings = tuple(sort_problems([*loaded.problems, *images.warnings]))
    result = None
    report: BuildReport | None = None
    store = fragments if fragments is not None else \
        FragmentStore(state.database if state else None, fresh=full, key=cache_key())
    try:
        if loaded.errors or loaded.site is None or loaded.theme is None:
            raise SiteErrors(sort_problems([*loaded.problems, *images.problems]))
        site = replace(loaded.site, images=images.images)
        content = loaded.content
        assert content is not None
        bodies = BodyStore(site_dir, content.bodies)
        plan = make_plan(site, loaded.theme, site_dir, images, loaded.sources, content.file_hashes, bodies,
                         loaded.config_hash, memo)
        result = run_plan(plan, sink, store, markdown_unsafe, workers, full)
        if images.errors or result.problems:
            raise SiteErrors([*warnings, *sort_problems(set([*images.errors, *result.problems]))])
        sink.commit(result.records, result.written)
        report = BuildReport(
            products=len(site.products), languages=site.config.languages,
            pages=sum(a.path.endswith(".html") for a in plan.artifacts), files=len(plan.artifacts),
            seconds=time.perf_counter() - started, warnings=warnings,
            images_processed=images.processed, images_reused=images.reused,
            made=result.made, restored=result.restored, written=len(result.written), parsed=content.parsed,
        )
    except BaseException:
        sink.abort()
        raise
    finally:
        if state is not None and loaded.content is not None:
            content = loaded.content
            seen = loaded.sources.seen()
            state.save(sources=seen,
                       fragments=content.memos,
                       keep_fragments=content.memo_keys | result.persist_used if result else None,
                       output=save_artifacts if report else None,
                       artifacts=result.records if report and result else None,
                       last_build=_build_record(report, save_artifacts, fingerprint, content, loaded.today, seen))
        if fragments is None:
            store.close()
    if save_artifacts is not None:
        prune_cache(site_dir, images)
    assert report is not None
    return report


def _build_record(report: BuildReport | None, output: Path | None, files: str | None, content: Content,
                  today: dt.date, sources: Mapping[str, StatRecord]) -> dict[str, Any] | None:
    """What to record of a build (:meth:`BuildState.save`'s ``last_build``): None (keep the last
    record) when it wrote no output folder, ``{}`` (forget it) when no fingerprint was taken."""
    if report is None or output is None:
        return None
    return _last_build(report, files, content, today, sources) if files else {}


def _last_build(report: BuildReport, files: str, content: Content, today: dt.date,
                sources: Mapping[str, StatRecord]) -> dict[str, Any]:
    """What a successful build records about itself, for :func:`_unchanged`; ``files``: the
    fingerprint of its files as it began; ``sources``: what it records of the files it read."""
    expiries = sorted({r.expiry[0].isoformat() for r in content.results if r.expiry})
    years = sorted({r.year[0] for r in content.results if r.year})
    return {"fingerprint": site_fingerprint(files, today, expiries, years),
            "expiries": expiries, "years": years, "sources": records_digest(sources),
            "report": [report.products, list(report.languages), report.pages, report.files,
                       report.images_processed + report.images_reused],
            "warnings": [[w.path, w.line, w.template, w.kind, w.args] for w in report.warnings]}


def _last_report(state: BuildState, files: str, today: dt.date) -> BuildReport | None:
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


def _stories_patched(state: BuildState, stats: list[FileStat], output: Path, site_dir: Path, today: dt.date,
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


def _unchanged(state: BuildState, report: BuildReport, output: Path, site_dir: Path, workers: int | None
               ) -> BuildReport | None:
    """``report``, the last build's, when ``output`` still holds what it made. Output files
    lost since (the output folder deleted, ``.cache/`` kept) are put back from
    ``.cache/files`` (:mod:`kept_files`) as that build made them; None when one cannot be."""
    records = state.artifacts(output)
    lost = lost_files(output, records)
    if not lost:
        return report if records else None
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


@collector_paused()
def build(site_dir: Path, output: Path, today: dt.date, check_only: bool = False, workers: int | None = None,
          clean: bool = False, on_wait: Callable[[], None] | None = None) -> BuildReport:
    """Build into ``output`` (or, with ``check_only``, make everything but write nothing).

    ``workers``: processes for images and pages (default: one per core);
    ``clean``: ignore the build state and make every file; ``on_wait``:
    called once if another build of this site holds its lock.
    """
    started = time.perf_counter()
    site_dir = site_dir.resolve()  # the files' paths in the build state are those the fingerprint finds
    with site_lock(site_dir, on_wait):
        state = BuildState(state_path(site_dir))
        try:
            stats = file_stats(site_dir, output, source_folders(site_dir))
            recorded = as_trusted(stats)  # taken now: a file saved in the last seconds is not to be trusted
            last = None if clean or not trusted(stats) else _last_report(state, fingerprint_of(stats, output), today)
            # a check of what the last build checked has its answer; a build also needs its output
            report = last if check_only or last is None else _unchanged(state, last, output, site_dir, workers)
            if report is None and not clean:
                report = _stories_patched(state, stats, output, site_dir, today, check_only)
            if report is None:
                loaded = load_site(site_dir, today, state, workers, fresh=clean)
                previous = {} if clean else state.artifacts(output)
                kept = None if check_only else site_kept_files(site_dir, wipe=not previous)
                sink = NullSink(previous) if check_only else FolderSink(output, site_dir, previous, kept)
                report = build_loaded(loaded, sink, state, workers, clean, save_artifacts=None if check_only else output,
                                      fingerprint=None if check_only else fingerprint_of(recorded, output))
                if kept is not None:
                    kept.settled()  # build_loaded saved the state
        finally:
            state.close()
    return replace(report, seconds=time.perf_counter() - started)
