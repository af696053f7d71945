"""``ocop-site bundle``: the built catalogue as one zip file, for USB sticks and trade fairs.

The site is built into its output folder as usual (incrementally), then
every file that build owns (its manifest) is packed, streamed from disk, into
``ocop-catalogue-<date>.zip``: the site in a folder, and beside it
``MO-TRANG-NAY.html`` and ``START-HERE.html``, which open the catalogue's home
in Vietnamese and in English when the site has that language, else in its
default language (a site in Vietnamese only opens its Vietnamese home from
both). Entries are sorted, every timestamp and mode is fixed and the
compression level too, so the same input gives the same bytes.
Every name is checked to be safe on Windows and on FAT32 sticks before
anything is written: no reserved names (``CON``, ``aux.html``…) or
characters, no trailing dot or space, no two names that differ only by
case, no path of 200 characters or more.
"""
from __future__ import annotations

import datetime as dt
import os
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import SiteError, SiteErrors, error
from .file_names import windows_reserved
from .output_folder import read_manifest
from .render.paths import page_path

__all__ = ["Bundle", "bundle_name", "write_bundle", "FOLDER"]

FOLDER = "ocop-catalogue"
"""The folder inside the zip that holds the site."""

MAX_PATH = 200
"""Longest path inside the zip: a stick's own folder and Windows' 260-character limit leave room."""

_DATE = (2020, 1, 1, 0, 0, 0)
_BAD_CHARS = re.compile(r'[<>:"\\|?*\x00-\x1f]')

_LAUNCHER = """<!DOCTYPE html>
<html lang="{lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="refresh" content="0; url={target}">
<title>{title}</title>
</head>
<body>
<p><a href="{target}">{text}</a></p>
</body>
</html>
"""
_LAUNCHERS = {
    "MO-TRANG-NAY.html": ("vi", "Danh mục sản phẩm OCOP", "Mở danh mục sản phẩm OCOP"),
    "START-HERE.html": ("en", "OCOP product catalogue", "Open the OCOP product catalogue"),
}
"""Each launcher: the language it is written in (and opens, when the site has it), its title and link."""


@dataclass(frozen=True, slots=True)
class Bundle:
    path: Path
    files: int  # the site's files in it
    size: int  # bytes of the zip


def bundle_name(today: dt.date) -> str:
    return f"ocop-catalogue-{today.isoformat()}.zip"


def _name_problem(name: str, shown: str) -> SiteError | None:
    """Why a file of the site would not survive a Windows or FAT32 disk, or None."""
    full = f"{FOLDER}/{name}"
    if len(full) >= MAX_PATH:
        return error(shown, None, "the path in the bundle is {length} characters long: Windows and USB "
                     "sticks need paths under {limit}", length=len(full), limit=MAX_PATH)
    for part in name.split("/"):
        if windows_reserved(part):
            return error(shown, None, "'{part}' is a name Windows reserves: rename the product or page",
                         part=part)
        if _BAD_CHARS.search(part):
            return error(shown, None, "'{part}' has a character Windows does not allow in file names",
                         part=part)
        if part.endswith((".", " ")):
            return error(shown, None, "'{part}' ends in a dot or a space, which Windows drops", part=part)
    return None


def _check_names(names: list[str], output: Path) -> list[SiteError]:
    problems = []
    seen: dict[str, str] = {}
    for name in names:
        shown = str(output / name)
        found = _name_problem(name, shown)
        if found is not None:
            problems.append(found)
        other = seen.setdefault(name.casefold(), name)
        if other != name:
            problems.append(error(shown, None, "differs from '{other}' only by capital letters: "
                                  "Windows and USB sticks would keep only one", other=other))
    return problems


def _home(lang: str, languages: tuple[str, ...]) -> str:
    """The home page a launcher in ``lang`` opens: that language's when the site has it, else
    the default language's (the site's root ``index.html``)."""
    default = languages[0]
    return page_path(lang if lang in languages else default, default)


def _launchers(languages: tuple[str, ...]) -> dict[str, bytes]:
    return {name: _LAUNCHER.format(lang=lang, target=f"{FOLDER}/{_home(lang, languages)}", title=title,
                                   text=text).encode()
            for name, (lang, title, text) in _LAUNCHERS.items()}


def write_bundle(output: Path, target: Path, languages: tuple[str, ...]) -> Bundle:
    """Pack the site built in ``output`` into ``target`` (replaced as a whole, never half-written);
    ``languages``: the site's, the default first (the launchers open their homes)."""
    owned = read_manifest(output)
    if not owned:
        raise SiteErrors([error(str(output), None, "no built site here to pack: build it first")])
    names = sorted(owned)
    problems = _check_names(names, output)
    if problems:
        raise SiteErrors(problems)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as archive:
            for name, data in sorted(_launchers(languages).items()):
                archive.writestr(_info(name), data)
            for name in names:
                with open(output / name, "rb") as source, archive.open(_info(f"{FOLDER}/{name}"), "w") as sink:
                    while chunk := source.read(1 << 20):
                        sink.write(chunk)
        os.replace(tmp, target)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise SiteErrors([error(str(exc.filename or target), None, "cannot write the bundle: {reason}",
                                reason=exc.strerror or str(exc))]) from None
    return Bundle(target, len(names), target.stat().st_size)


def _info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, _DATE)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    info.create_system = 3  # the same bytes whichever system packs it
    return info
