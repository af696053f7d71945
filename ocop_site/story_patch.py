"""What a story edit changes in the pages already built: found without loading the site.

The edit an editor makes most is to a product's story: a typo, a sentence, a paragraph. A story
shows on its product's own pages and nowhere else (cards, listings, data scripts, open data,
feeds and printouts show the fields of the front matter), so when every file changed since the
last successful build is a product file whose front matter is, byte for byte, what that build
read, the new output is the old one with each changed story's HTML replaced on the pages that
show it. This module finds those pages and their new bytes without loading or planning the
site, for :mod:`story_edit` (the command line's build) and :mod:`serve` (the preview) to put in
place: what it reads and makes grows with the stories changed; what it checks (the size and time
of every file, source and output) is what a build with nothing changed checks.

It patches only when it can tell that the result is what a full build gives:

- what the last successful build recorded of its files (:mod:`fingerprint`) describes every
  file but the changed ones, as the state last read them, and every output file is as it wrote it;
- the state's record of the files read is the one that build left (a check, a preview or a failed
  build since may have recorded a file's new bytes under a size and time that cannot tell them apart);
- each changed file is a product file of this site (not of a source site) whose front matter has
  the digest kept for it (:mod:`stories`); its old and new stories are not blank (a blank one
  changes what the page shows around it) and the new one passes the story checks;
- the theme's templates are the default theme's (:func:`~ocop_site.theme.own_templates`), which
  show a story once, as its HTML;
- each page to patch holds the bytes the last build wrote, with the old story's HTML exactly once.

Anything else gives None, and the normal incremental build runs, which is always right. A
patched page's record gets an input digest no plan gives (:data:`PATCHED`), so the next full
build makes it again (and finds the same bytes), whatever it is asked to show.
"""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Mapping

from . import stories
from .bodies import body_fragment, markdown_in_time
from .errors import SiteError, SiteErrors
from .fingerprint import FileStat
from .fragments import FragmentStore
from .frontmatter import split_text
from .markup import markdown_unsafe, sanitize
from .parsed import decode_text, front_hash
from .plan import InputTable, program_digest
from .render.paths import page_path, product_parts
from .sources import Sources, StatRecord, content_hash, records_digest
from .state import ArtifactRecord, BuildState
from .theme import own_templates
from .validate.story import story_problems

__all__ = ["find_patch", "StoryPatch", "PATCHED", "MOST_FILES"]

PATCHED = "patched"
"""The input digest of a patched page's record: no plan gives it, so a full build makes it again."""
MOST_FILES = 1000
"""More changed files than this are left to the normal build (which reads them all too). Files
saved in the two seconds before a build always count as changed (:mod:`sources`): right after
a fresh clone and a first build, every one of them, each read again to see that it was not."""


@dataclass(frozen=True, slots=True)
class _Changed:
    path: str
    stat: os.stat_result  # taken before reading
    hash: str  # of the bytes read
    body: str
    old: stories.StoryRecord | None  # as kept for the file as the state knew it
    new: stories.StoryRecord | None  # None: the same bytes as before



@dataclass(frozen=True)
class StoryPatch:
    """What patching the changed stories gives (:func:`find_patch`)."""

    known: dict[str, StatRecord]  # the build state's record of the files read, before this build
    built: Mapping[str, ArtifactRecord]  # the output's files, as the last build recorded them
    edits: dict[str, _Changed]  # the files that changed, by path
    pages: dict[str, bytes | None]  # page -> its new bytes (None: they did not change)
    made: dict[str, str]  # story digest -> the new story's HTML, not yet sanitised, as it is kept

    def sources(self) -> dict[str, StatRecord]:
        """The state's record of the files read, with the changed ones as read now."""
        read = Sources()
        for edit in self.edits.values():
            read.remember(Path(edit.path), edit.stat.st_size, edit.stat.st_mtime_ns, edit.hash)
        return {**self.known, **read.seen()}

    def fragments(self) -> dict[str, str]:
        """What the state keeps of the new stories: their HTML and their files' records."""
        table = InputTable({"version": program_digest()})
        kept = {body_fragment(key).digest(table): html for key, html in self.made.items()}
        kept.update({stories.story_key(edit.path, edit.hash): stories.encode(edit.new)
                     for edit in self.edits.values() if edit.new is not None})
        return kept

    def stats(self, stats: list[FileStat]) -> list[FileStat]:
        """``stats`` with the changed files as :meth:`sources` records them: what to fingerprint."""
        sources = self.sources()
        return [(path, *sources[path][:2]) if path in self.edits else (path, size, mtime)
                for path, size, mtime in stats]



def find_patch(state: BuildState, stats: list[FileStat], site_dir: Path, languages: tuple[str, ...],
               built: Callable[[], Mapping[str, ArtifactRecord] | None], page: Callable[[str], bytes | None],
               store: FragmentStore, as_before: Callable[[list[FileStat]], bool], read: str) -> StoryPatch | None:
    """The pages to patch, or None when this cannot be done (see the module). ``stats``: the
    files now (:func:`~ocop_site.fingerprint.file_stats`); ``languages``: the site's, the
    default first; ``built``: the records of the output's files as built, whose bytes ``page``
    gives, or None when the output no longer holds them (asked last: the cheaper checks come
    first, as most edits are not to stories only); ``store``:
    where the stories' HTML is kept; ``as_before``: whether the files, with the changed ones as
    the state last read them, are those the pages were built from; ``read``: the digest
    (:func:`~ocop_site.sources.records_digest`) of what the build of those pages recorded of the
    files it read (a check, a preview or a failed build since may have recorded other bytes)."""
    known = state.sources()
    if records_digest(known) != read:
        return None
    changed = {path: (size, mtime) for path, size, mtime in stats
               if path in known and known[path][:2] != (size, mtime)}
    if not changed or len(changed) > MOST_FILES or not languages or own_templates(site_dir):
        return None
    if not as_before([(path, *known[path][:2]) if path in changed else (path, size, mtime)
                      for path, size, mtime in stats]):
        return None
    present = {path for path, _, _ in stats}
    found = _read(changed, known, present, f"{site_dir.resolve() / 'content' / 'products'}{os.sep}", state)
    if found is None:
        return None
    edits, kept_stories = found
    pages = _pages(edits, kept_stories, present, languages)
    records = None if pages is None else built()
    if pages is None or records is None:
        return None
    patched = _patched(pages, edits, records, page, store, state)
    return None if patched is None else StoryPatch(known, records, edits, *patched)



def _read(changed: Mapping[str, tuple[int, int]], known: Mapping[str, tuple[int, int, str]], present: set[str],
          products: str, state: BuildState) -> tuple[dict[str, _Changed], dict[str, stories.StoryRecord]] | None:
    """The changed files, read and checked (``products``: the folder of the site's own products,
    with a separator); with the records kept of every file of their products as the state knew
    them (by path). A file whose bytes did not change may be any file."""
    read: dict[str, tuple[os.stat_result, bytes, str]] = {}
    for path in changed:
        try:
            st = os.stat(path)
            if (st.st_size, st.st_mtime_ns) != changed[path]:
                return None  # changing as we read
            data = Path(path).read_bytes()
        except OSError:
            return None
        read[path] = st, data, content_hash(data)
    edited = [path for path, (_, _, digest) in read.items() if digest != known[path][2]]
    if not all(path.startswith(products) and path.endswith(".md") for path in edited):
        return None
    wanted = {}
    for path in edited:  # with its product's other files: which pages show each story
        default = _default_path(path)
        for other in [default, *(p for p in present if p.startswith(default[:-3] + ".") and p.endswith(".md"))]:
            if other in known:
                wanted[other] = stories.story_key(other, known[other][2])
    values = state.fragments(wanted.values())
    kept = {path: record for path, key in wanted.items() if (record := stories.decode(values.get(key)))}
    edits: dict[str, _Changed] = {}
    for path, (st, data, digest) in read.items():
        old = kept.get(path)
        if path not in edited:
            edits[path] = _Changed(path, st, digest, "", old, None)
            continue
        text = decode_text(data, path)
        if isinstance(text, SiteError) or old is None or (split := split_text(text)) is None:
            return None
        _, body, body_line = split
        new = stories.StoryRecord(front_hash(text, body), stories.story_of(body), old.slug)
        if new.front != old.front or not old.story or not new.story or story_problems(path, body, body_line):
            return None
        edits[path] = _Changed(path, st, digest, body, old, new)
    return edits, kept


def _default_path(path: str) -> str:
    """The default-language file of the product file ``path`` (``index.en.md`` -> ``index.md``)."""
    folder, _, name = path[:-3].rpartition(os.sep)
    base, dot, _ = name.rpartition(".")
    return f"{folder}{os.sep}{base}.md" if dot and base else path


def _pages(edits: Mapping[str, _Changed], kept: Mapping[str, stories.StoryRecord], present: set[str],
           languages: tuple[str, ...]) -> dict[str, str] | None:
    """Output page -> the changed file whose story it shows."""
    def now(path: str) -> stories.StoryRecord | None:
        edit = edits.get(path)
        return (edit.new or edit.old) if edit is not None else kept.get(path)

    pages: dict[str, str] = {}
    for path, edit in edits.items():
        if edit.new is None:
            continue
        default = _default_path(path)
        lang = None if default == path else path[len(default) - 2:-3]
        owner = now(default) if default in present else None
        if owner is None or not owner.slug or (lang is not None and lang not in languages[1:]):
            return None
        shown = [lang] if lang is not None else [languages[0]]
        for other in languages[1:] if lang is None else ():  # translations without a story show this one
            translation = f"{default[:-3]}.{other}.md"
            record = now(translation) if translation in present else None
            if translation in present and record is None:
                return None
            if record is None or not record.story:
                shown.append(other)
        for other in shown:
            page = page_path(other, languages[0], *product_parts(owner.slug))
            if page in pages:
                return None
            pages[page] = path
    return pages


def _patched(pages: Mapping[str, str], edits: Mapping[str, _Changed], records: Mapping[str, ArtifactRecord],
             page: Callable[[str], bytes | None], store: FragmentStore, state: BuildState
             ) -> tuple[dict[str, bytes | None], dict[str, str]] | None:
    """(page -> its new bytes, or None when they did not change; story digest -> the new
    stories' HTML, not yet sanitised, as it is kept), or None when a page is not as expected."""
    table = InputTable({"version": program_digest()})
    digests = {key: body_fragment(key).digest(table) for edit in edits.values() if edit.old and edit.new
               for key in (edit.old.story, edit.new.story)}
    kept = store.get(digests.values())
    missing = [digest for digest in digests.values() if digest not in kept]
    kept.update(state.fragments(missing) if missing else {})  # the preview's store: made by a build before it
    made: dict[str, str] = {}
    patched: dict[str, bytes | None] = {}
    for name, path in pages.items():
        edit = edits[path]
        assert edit.old is not None and edit.new is not None
        old, record, data = kept.get(digests[edit.old.story]), records.get(name), page(name)
        if old is None or record is None or data is None:
            return None
        try:
            if edit.new.story not in made:
                made[edit.new.story] = markdown_in_time(edit.body, path, markdown_unsafe)
        except SiteErrors:  # too slow, too deep: the normal build says so
            return None
        before, after = sanitize(old).encode("utf-8"), sanitize(made[edit.new.story]).encode("utf-8")
        if content_hash(data) != record.hash or data.count(before) != 1:
            return None
        patched[name] = data.replace(before, after) if after != before else None
    return patched, made
