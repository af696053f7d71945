"""The image pipeline: every picture the site lists -> resized, cached, content-hashed files.

:func:`image_refs` lists the pictures (product photos that passed
validation, and the site's logo and share image); :func:`process_images`
hashes each source, takes what the cache already has, processes the rest
in parallel (``images_work``) and returns a :class:`ImageRun`: the
:class:`SiteImages` the views read, the files to copy into the output,
and every problem as a ``path:line`` error at the image's entry. A rebuild
with unchanged pictures decodes none of them.

Output names are ``images/<key12>-<width>.<ext>``: the key covers the
source bytes and settings, so a URL's content never changes and can be
cached forever. They are shared by all languages.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Iterable, Iterator, Mapping

from .documents import DocumentSet
from .errors import Message, SiteError, error, message, sort_problems
from .images_cache import CacheEntry, cache_key, entry_dir, fingerprint, prune, read_entry
from .messages import N_
from .progress import progress

if TYPE_CHECKING:  # Pillow is imported only when there are pictures to process
    from tqdm import tqdm  # type: ignore[import-untyped]

    from .images_work import Job, Outcome
from .model import ImageSettings, ProcessedImage, SiteConfig, SiteImages
from .sources import Sources
from .workers import default_workers, process_context, worker_started

__all__ = ["ImageRef", "ImageRun", "docset_image_refs", "site_image_refs", "process_images", "prune_cache", "cache_root",
           "LOGO_WIDTHS", "SHARE_WIDTHS", "PROGRESS_MIN"]

LOGO_WIDTHS = (80, 160, 320, 480)
"""The header shows the logo 40 px high: 2× and 3× of square to wide logos."""
SHARE_WIDTHS = (1200,)
"""The size social networks ask for (1200×630 for a link preview)."""
PROGRESS_MIN = 12
"""Fewer images than this finish too quickly for a progress bar to help."""


@dataclass(frozen=True, slots=True)
class ImageRef:
    """One use of a picture, and where to point when it is wrong."""

    path: str  # the file, relative to the site folder
    shown: str  # the file that lists it: a product's index.md or site.yaml
    line: int | None
    name: str  # as written there
    purpose: str  # photo, logo, share or icons

    @property
    def field(self) -> str:
        """The site.yaml setting that names a site picture."""
        return "share_image" if self.purpose == "share" else "logo"


@dataclass(frozen=True, slots=True)
class ImageRun:
    images: SiteImages
    files: Mapping[str, Path]  # output path -> cached file to copy there
    problems: tuple[SiteError, ...]  # errors and warnings
    processed: int  # pictures decoded in this run
    reused: int  # pictures taken from the cache
    keys: frozenset[str] = field(default_factory=frozenset)  # cache entries in use
    by_path: Mapping[str, str] = field(default_factory=dict)  # "path purpose" -> cache key, for digests

    @property
    def errors(self) -> list[SiteError]:
        return [p for p in self.problems if not p.is_warning]

    @property
    def warnings(self) -> list[SiteError]:
        return [p for p in self.problems if p.is_warning]


def docset_image_refs(docset: DocumentSet) -> tuple[ImageRef, ...]:
    """The photos of a product to process: those whose entry passed validation.

    An entry that failed validation (missing file, a path leading out of the
    folder) already has its error; the other pictures are still checked, so
    one run reports every problem.
    """
    doc = docset.default
    if doc is None or doc.kind != "product" or doc.front is None or doc.bundle is None \
            or docset.is_draft or not isinstance(doc.front.data.get("images"), list):
        return ()
    refs = []
    for index, item in enumerate(doc.front.data["images"]):
        src = item.get("src") if isinstance(item, dict) else item
        if isinstance(src, str) and src in doc.bundle_files and src not in doc.outside_links:
            refs.append(ImageRef(f"{doc.bundle}/{src}", doc.path, doc.front.lines.get(f"images.{index}"),
                                 src, "photo"))
    return tuple(refs)


def site_image_refs(config: SiteConfig) -> tuple[ImageRef, ...]:
    """The site's logo (its header picture and its favicon set) and share image."""
    refs = []
    if config.logo is not None:
        logo = config.logo
        refs.append(ImageRef(logo.path, "site.yaml", logo.line, logo.src, "logo"))
        refs.append(ImageRef(logo.path, "site.yaml", logo.line, logo.src, "icons"))
    if config.share_image is not None:
        share = config.share_image
        refs.append(ImageRef(share.path, "site.yaml", share.line, share.src, "share"))
    return tuple(refs)


def cache_root(site_dir: Path) -> Path:
    return site_dir / ".cache" / "images"


def _widths(purpose: str, settings: ImageSettings) -> tuple[int, ...]:
    return {"logo": LOGO_WIDTHS, "share": SHARE_WIDTHS, "icons": (512,)}.get(purpose, settings.widths)


def _read(site_dir: Path, ref: ImageRef, sources: Sources) -> tuple[Path, str] | SiteError:
    """(the file, its content hash), or why it cannot be used. An unchanged file is not read."""
    path = site_dir / ref.path
    photo = ref.purpose == "photo"
    try:
        real = path.resolve(strict=True)
    except (OSError, RuntimeError):
        if photo:
            return error(ref.shown, ref.line, "image '{name}' not found", name=ref.name)
        return error(ref.shown, ref.line, "{field} '{name}' not found in the site folder", field=ref.field,
                     name=ref.name)
    # a photo must stay in its product's folder (beside the file listing it), a logo in the site
    inside = site_dir / ref.shown.rsplit("/", 1)[0] if photo else site_dir
    if not real.is_relative_to(inside.resolve()):
        if photo:
            return error(ref.shown, ref.line, "image '{name}' is a link to a file outside the product's folder: "
                         "copy the picture itself into it", name=ref.name)
        return error(ref.shown, ref.line, "{field} '{name}' is a link to a file outside the site folder: "
                     "copy the picture itself into it", field=ref.field, name=ref.name)
    try:
        return real, sources.hash(real)
    except OSError as exc:
        return error(ref.shown, ref.line, "image '{name}' cannot be read: {detail}", name=ref.name,
                     detail=exc.strerror or exc)


def _progress(total: int) -> tqdm:  # type: ignore[type-arg]
    return progress(total, N_("images"), N_("img"), PROGRESS_MIN)


_CRASHED = message("image '{name}' could not be processed: an image worker stopped unexpectedly (out of "
                   "memory?); make the picture smaller")


def _run(jobs: list[Job], workers: int) -> Iterator[Outcome]:
    """Outcomes in completion order; the caller keys them, so order never reaches the output."""
    from concurrent.futures import Future, ProcessPoolExecutor, as_completed
    from concurrent.futures.process import BrokenProcessPool

    from .images_work import Outcome, process

    if not jobs:
        return
    if len(jobs) == 1 or workers == 1:
        with _progress(len(jobs)) as bar:
            for job in jobs:
                yield process(job)
                bar.update()
        return
    pool = ProcessPoolExecutor(max_workers=min(workers, len(jobs)), mp_context=process_context(),
                               initializer=worker_started)
    done: set[str] = set()
    try:
        futures: dict[Future[Outcome], Job] = {pool.submit(process, job): job for job in jobs}
        with _progress(len(jobs)) as bar:  # after the workers started: its thread is not forked
            for future in as_completed(futures):
                try:
                    outcome = future.result()
                except BrokenProcessPool:
                    outcome = Outcome(futures[future].key, None, _CRASHED)
                done.add(outcome.key)
                bar.update()
                yield outcome
    except BrokenProcessPool:  # the pool broke before it took every job
        yield from (Outcome(job.key, None, _CRASHED) for job in jobs if job.key not in done)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def process_images(refs: Iterable[ImageRef], settings: ImageSettings, site_dir: Path,
                   workers: int | None = None, sources: Sources | None = None) -> ImageRun:
    """Process (or take from the cache) every picture in ``refs``; ``sources`` knows the
    hashes of unchanged files, so they are not read again."""
    from .images_work import Job

    root = cache_root(site_dir)
    sources = sources or Sources()
    problems: list[SiteError] = []
    keyed: dict[tuple[str, str], str] = {}  # (path, purpose) -> cache key
    users: dict[str, list[ImageRef]] = {}  # key -> every ref it serves
    jobs: dict[str, Job] = {}
    entries: dict[str, CacheEntry] = {}
    for ref in refs:
        found = _read(site_dir, ref, sources)
        if isinstance(found, SiteError):
            problems.append(found)
            continue
        real, digest = found
        widths = _widths(ref.purpose, settings)
        key = cache_key(digest, fingerprint(ref.purpose, widths, settings.quality))
        keyed[(ref.path, ref.purpose)] = key
        users.setdefault(key, []).append(ref)
        if key in entries or key in jobs:
            continue
        entry = read_entry(entry_dir(root, key))
        if entry is not None:
            entries[key] = entry
        else:
            jobs[key] = Job(str(real), digest, key, ref.purpose, widths, settings.quality,
                            settings.max_megapixels * 1_000_000, str(root))
    reused = len(entries)
    if jobs:
        try:
            root.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            return ImageRun(SiteImages(), {}, tuple([*dict.fromkeys(problems), error(
                str(root), None, "cannot create the image cache: {detail}", detail=exc.strerror or exc)]), 0, reused)
    failed: dict[str, Message] = {}
    for outcome in _run([jobs[k] for k in sorted(jobs)], workers or default_workers()):
        if outcome.entry is None:
            failed[outcome.key] = outcome.error or _CRASHED
        else:
            entries[outcome.key] = outcome.entry
    for key, problem in failed.items():
        problems += [problem.at(ref.shown, ref.line, "error", name=ref.name) for ref in users[key]]
    for key, entry in entries.items():
        problems += [note.at(ref.shown, ref.line, "warning", name=ref.name)
                     for ref in users[key] for note in entry.warnings]
    photos: dict[str, ProcessedImage] = {}
    site: dict[str, ProcessedImage] = {}
    files: dict[str, Path] = {}
    for (path, purpose), key in sorted(keyed.items()):
        entry = entries.get(key)
        if entry is None:
            continue
        processed = ProcessedImage(path, entry.width, entry.height, tuple(v for _, v in entry.files))
        if purpose == "photo":
            photos[path] = processed
        else:
            site[purpose] = processed
        folder = entry_dir(root, key)
        for name, variant in entry.files:
            files[variant.path] = folder / name
    images = SiteImages(photos=photos, logo=site.get("logo"), icons=site.get("icons"),
                        share=site.get("share"))
    unique = tuple(sort_problems(dict.fromkeys(problems)))  # logo and icons share one entry
    return ImageRun(images, dict(sorted(files.items())), unique, len(jobs), reused,
                    frozenset(entries), {f"{path} {purpose}": key for (path, purpose), key in keyed.items()})


def prune_cache(site_dir: Path, run: ImageRun) -> int:
    """After a successful build: drop cache entries that no picture of the site uses any more."""
    return prune(cache_root(site_dir), run.keys)
