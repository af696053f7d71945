"""A province catalogue from several sites: ``sources:`` in ``site.yaml``.

A site may list other ocop-site folders (each area's own site, for example a
git submodule of its repository)::

    sources:
      - sources/kien-thuy
      - sources/an-lao

The site built then holds the union of their provinces, areas (districts),
groups and products (and so their producers), plus its own content. Only
those are taken from a source: its title, languages, theme, logo, base_url
and free pages stay its own, the site built uses its own. A source may list
sources of its own (a province of former districts, each of communes): they
are taken too, each folder once; a site that leads back to one listing it is
an error (a cycle).

Every path of a source's files is shown relative to the site built
(``sources/kien-thuy/content/products/x/index.md``), and that same path finds
the file from the site built's folder: messages, image lookups, bodies read
again and the build state all work as for local content, so the incremental
engine tracks a source's files like the site's own. A key (province, area,
group) that two sites define differently, and a slug two products use, are
errors naming both files.

This module only resolves the sources and merges what they give;
:func:`ocop_site.build.load_site` hands the result to the usual pipeline.
"""
from __future__ import annotations

import posixpath
from dataclasses import dataclass, replace
from pathlib import Path

from .config import parse_config
from .errors import SiteError, error
from .frontmatter import Parsed
from .load import DocumentFile, load_site_yaml, scan_documents
from .model import Localized, Named, SiteConfig
from .plan import digest
from .sources import Sources

__all__ = ["Joined", "join_sources", "source_folders"]

_TABLES = ("provinces", "districts", "groups")


@dataclass(frozen=True)
class Joined:
    """The site with its sources: what :func:`load_site` goes on with."""

    config: SiteConfig | None  # merged; None when the site's own site.yaml has errors
    scanned: tuple[list[DocumentFile], list[SiteError]]  # the site's content files and its sources' products
    problems: list[SiteError]  # of the sources: their site.yaml, the listing, the merge
    config_hash: str  # of every site.yaml read: what the model's shared parts depend on
    folders: tuple[Path, ...] = ()  # the source folders, resolved, in listing order


@dataclass(frozen=True, slots=True)
class _Source:
    prefix: str  # its folder relative to the site built, "/"-separated, ending with "/"
    folder: Path  # resolved
    parsed: Parsed | None
    config: SiteConfig | None


def _listed(parsed: Parsed | None, shown: str) -> tuple[list[tuple[str, int | None]], list[SiteError]]:
    """The folders a site.yaml lists under ``sources:``, as written, with their lines."""
    data = parsed.data if parsed is not None and isinstance(parsed.data, dict) else {}
    value = data.get("sources")
    if value is None:
        return [], []
    line = parsed.lines.get("sources") if parsed is not None else None
    wrong = [i for i, item in enumerate(value) if not (isinstance(item, str) and item.strip())] \
        if isinstance(value, list) else []
    if not isinstance(value, list) or wrong:
        if wrong and parsed is not None:  # at the first entry that is not a folder
            line = parsed.lines.get(f"sources.{wrong[0]}") or line
        return [], [error(shown, line, "sources: expected a list of site folders, written relative to "
                          "this site.yaml's folder (for example 'sources/kien-thuy')")]
    return [(item.strip(), (parsed.lines.get(f"sources.{i}") if parsed else None) or line)
            for i, item in enumerate(value)], []


def _resolve(site_dir: Path, parsed: Parsed | None, prefix: str, chain: tuple[Path, ...],
             found: dict[Path, _Source], problems: list[SiteError]) -> None:
    """Add the sources ``parsed`` lists (the site.yaml of the folder at ``prefix``, ``chain``:
    it and the sites that led to it), depth first, each folder once."""
    shown = f"{prefix}site.yaml"
    listed, problems_here = _listed(parsed, shown)
    problems += problems_here
    for written, line in listed:
        rel = written.replace("\\", "/").rstrip("/") or "."
        folder = site_dir / prefix / rel
        if not folder.is_dir():
            problems.append(error(shown, line, "sources: folder '{folder}' not found (a source is written "
                                  "relative to this site.yaml's folder)", folder=written))
            continue
        if not (folder / "site.yaml").is_file():
            problems.append(error(shown, line, "sources: '{folder}' is not a site folder: it has no site.yaml",
                                  folder=written))
            continue
        real = folder.resolve()
        if real in chain:
            problems.append(error(shown, line, "sources: '{folder}' leads back to a site that lists it "
                                  "(a cycle): remove it", folder=written))
            continue
        if real in found:  # listed twice, or by two sites: taken once
            continue
        child = posixpath.normpath(posixpath.join(prefix, rel)) + "/"
        child_parsed, child_problems = load_site_yaml(real, f"{child}site.yaml")
        config, config_problems = parse_config(child_parsed, f"{child}site.yaml")
        # what a source says of its own publishing (base_url, …) is not the site built's concern
        problems += child_problems + [p for p in config_problems if not p.is_warning]
        found[real] = _Source(child, real, child_parsed, config)
        _resolve(site_dir, child_parsed, child, (*chain, real), found, problems)


def _explicit(parsed: Parsed | None, table: str) -> set[str]:
    data = parsed.data if parsed is not None and isinstance(parsed.data, dict) else {}
    value = data.get(table)
    return {str(key) for key in value} if isinstance(value, dict) else set()


def _joined(first: Named, other: Named, languages: tuple[str, ...]) -> Named | None:
    """One key defined in two sites: both definitions together, or None when they disagree
    (a name in a language both give, or the province of an area)."""
    a, b = first.name.values, other.name.values
    if any(a[lang] != b[lang] for lang in a.keys() & b.keys()):
        return None
    if first.province is not None and other.province is not None and first.province != other.province:
        return None
    names = {lang: text for lang, text in {**b, **a}.items() if lang in languages}
    return Named(first.key, Localized(names, first.name.default), first.province or other.province)


def _merge(config: SiteConfig, parsed: Parsed | None, sources: list[_Source],
           problems: list[SiteError]) -> SiteConfig:
    """The site's config with every source's provinces, areas and groups added."""
    default, languages = config.default_language, config.languages
    lines = parsed.lines if parsed is not None else {}
    merged: dict[str, dict[str, Named]] = {}
    where: dict[str, dict[str, str]] = {}  # table -> key -> "file:line" of its first definition
    for table in _TABLES:
        merged[table] = dict(getattr(config, table))
        own = _explicit(parsed, table) if table == "groups" else merged[table]  # not the official defaults
        where[table] = {key: f"site.yaml:{lines.get(f'{table}.{key}', 1)}" for key in own}
    for source in sources:
        if source.config is None:
            continue
        shown = f"{source.prefix}site.yaml"
        lines = source.parsed.lines if source.parsed is not None else {}
        if source.config.default_language != default:
            problems.append(error(shown, lines.get("languages"), "languages: a source's default language must "
                                  "be the one of the site that lists it ('{lang}'), not '{other}'",
                                  lang=default, other=source.config.default_language))
        for table in _TABLES:
            explicit = _explicit(source.parsed, table)
            for key, named in getattr(source.config, table).items():
                if table == "groups" and key not in explicit:
                    continue  # an official group it did not rename
                line = lines.get(f"{table}.{key}")
                if key not in where[table]:
                    names = {lang: text for lang, text in named.name.values.items() if lang in languages}
                    merged[table][key] = replace(named, name=Localized(names, default))
                    where[table][key] = f"{shown}:{line}" if line else shown
                    continue
                together = _joined(merged[table][key], named, languages)
                if together is None:
                    problems.append(error(shown, line, "{field}: defined differently in {other}: the sites "
                                          "of one catalogue must agree on each key's names",
                                          field=f"{table}.{key}", other=where[table][key]))
                else:
                    merged[table][key] = together
    return replace(config, provinces=merged["provinces"], districts=merged["districts"], groups=merged["groups"])


def join_sources(site_dir: Path, parsed: Parsed | None, config: SiteConfig | None, sources: Sources) -> Joined:
    """The site at ``site_dir`` (its parsed site.yaml and its config, None after errors) with
    every site it lists under ``sources:``; ``sources``: the build's file hashes."""
    problems: list[SiteError] = []
    found: dict[Path, _Source] = {}
    _resolve(site_dir, parsed, "", (site_dir.resolve(),), found, problems)
    own = scan_documents(site_dir)
    hashes = [sources.hash(site_dir / "site.yaml")]
    if not found:
        return Joined(config, own, problems, hashes[0])
    files, scan_problems = list(own[0]), [p for p in own[1] if p.path != "content/products"]  # may be empty
    for source in found.values():
        more, more_problems = scan_documents(source.folder, source.prefix, pages=False)
        files += more
        scan_problems += more_problems
        hashes += [source.prefix, sources.hash(source.folder / "site.yaml")]
    merged = None if config is None else _merge(config, parsed, list(found.values()), problems)
    return Joined(merged, (files, scan_problems), problems, digest(*hashes), tuple(found))



def source_folders(site_dir: Path) -> tuple[Path, ...]:
    """The folders of the sites that ``site_dir`` takes products from, as its site.yaml files
    list them now (a few small files read; problems are left for the build to report): what
    the "nothing changed" fingerprint must cover."""
    parsed, _ = load_site_yaml(site_dir)
    found: dict[Path, _Source] = {}
    _resolve(site_dir, parsed, "", (site_dir.resolve(),), found, [])
    return tuple(found)
