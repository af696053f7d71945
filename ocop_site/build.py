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
from typing import TYPE_CHECKING, Callable, Mapping

from .aggregate import join_sources, source_folders
from .build_model import site_of
from .config import parse_config
from .errors import SiteError, SiteErrors, sort_problems
from .fingerprint import as_trusted, file_stats, fingerprint_of, trusted
from .fragments import FragmentStore
from .kept_files import site_kept_files
from .load import load_site_yaml
from .lock import site_lock
from .model import ImageSettings, Site
from .plan import PlanMemo, program_digest
from .output_folder import FolderSink
from .sink import NullSink, Sink
from .sources import Sources
from .build_record import BuildReport, build_record, last_report, stories_patched, unchanged
from .state import BuildState, state_path
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
                       last_build=build_record(report, save_artifacts, fingerprint, content, loaded.today, seen))
        if fragments is None:
            store.close()
    if save_artifacts is not None:
        prune_cache(site_dir, images)
    assert report is not None
    return report


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
            last = None if clean or not trusted(stats) else last_report(state, fingerprint_of(stats, output), today)
            # a check of what the last build checked has its answer; a build also needs its output
            report = last if check_only or last is None else unchanged(state, last, output, site_dir, workers)
            if report is None and not clean:
                report = stories_patched(state, stats, output, site_dir, today, check_only)
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
