"""Refresh the message catalogues after messages change in the code::

    python -m ocop_site.catalogues          # extract, merge into the .po, compile the .mo
    python -m ocop_site.catalogues --check  # exit 1 if anything is stale or untranslated

Messages are found with Babel where the code writes them: the English template of
``error(path, line, "...")``, ``warning(path, line, "...")`` and ``message("...")``, and
the text of ``_("...")`` and ``N_("...")``, and both forms of ``_n("...", "...", count)``. New messages are merged into
``locale/vi/LC_MESSAGES/ocop_site.po`` with an empty translation, messages no longer in the
code are dropped, and the ``.mo`` the program reads is compiled from it. The files are
written without dates, so the same messages give the same bytes.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
from pathlib import Path
from typing import Sequence

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.mofile import read_mo, write_mo
from babel.messages.pofile import read_po, write_po

from .messages import DOMAIN, LOCALE_DIR

__all__ = ["KEYWORDS", "extract", "merged", "po_bytes", "mo_bytes", "main"]

PACKAGE = Path(__file__).resolve().parent
KEYWORDS = {"_": None, "_n": (1, 2), "N_": None, "message": None, "error": (3,), "warning": (3,), "fail": (2,),
            "warn": (2,)}
"""Babel keywords: the function, and which of its arguments is the message (None: the first)."""

TRANSLATED = ("vi",)
_EPOCH = dt.datetime(2025, 1, 1, tzinfo=dt.timezone.utc)


def extract() -> Catalog:
    """Every message the code writes, with where it is written."""
    catalog = Catalog(project="ocop-site", domain=DOMAIN, fuzzy=False)
    found = extract_from_dir(str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS,
                             comment_tags=("TRANSLATORS:",), strip_comment_tags=True)
    for filename, line, text, comments, context in found:
        if text:
            catalog.add(text, locations=[(f"ocop_site/{filename}", line)], auto_comments=comments,
                        context=context)
    return catalog


def po_path(lang: str) -> Path:
    return LOCALE_DIR / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def merged(template: Catalog, lang: str) -> Catalog:
    """``lang``'s catalogue with exactly the messages of ``template``: translations kept, new
    messages untranslated, messages gone from the code removed."""
    path = po_path(lang)
    if path.exists():
        with path.open("rb") as handle:
            catalog = read_po(handle, locale=lang, domain=DOMAIN)
    else:
        catalog = Catalog(locale=lang, domain=DOMAIN, project="ocop-site", fuzzy=False)
    catalog.update(template, no_fuzzy_matching=True, update_header_comment=False)
    catalog.obsolete.clear()
    return catalog


_HEADER = """\
# Vietnamese messages of ocop-site's command line.
# Refreshed by `python -m ocop_site.catalogues`: fill in each empty msgstr, keep every {name}
# exactly as it is, and leave field names, file names and commands in English.
#"""


def _undated(catalog: Catalog) -> Catalog:
    catalog.creation_date = catalog.revision_date = _EPOCH
    catalog.header_comment = _HEADER
    catalog.version = "1"
    catalog.last_translator = catalog.language_team = "ocop-site"
    catalog.msgid_bugs_address = ""
    return catalog


def po_bytes(catalog: Catalog) -> bytes:
    """The .po file's bytes; without Babel's version, so that any Babel writes the same file."""
    buffer = io.BytesIO()
    write_po(buffer, _undated(catalog), width=100, sort_output=True, include_previous=False,
             include_lineno=False)
    return re.sub(rb'"Generated-By: [^"]*"\n', b"", buffer.getvalue())


def mo_bytes(catalog: Catalog) -> bytes:
    buffer = io.BytesIO()
    write_mo(buffer, _undated(catalog), use_fuzzy=False)
    return buffer.getvalue()


def translations(mo: bytes) -> dict[str, str]:
    """What a compiled catalogue translates, without its header (which names Babel's version)."""
    return {str(m.id): str(m.string) for m in read_mo(io.BytesIO(mo)) if m.id}


def _same(path: Path, data: bytes) -> bool:
    on_disk = path.read_bytes()
    return on_disk == data or (path.suffix == ".mo" and translations(on_disk) == translations(data))


def untranslated(catalog: Catalog) -> list[str]:
    return sorted(str(m.id) for m in catalog if m.id and not _translated(m.string))


def _translated(string: str | Sequence[str] | None) -> bool:
    """Whether a message's translation is there: its text, or every plural form of it."""
    if string is None or isinstance(string, str):
        return bool(string)
    return bool(string) and all(string)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m ocop_site.catalogues", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--check", action="store_true",
                        help="change nothing; exit 1 if a catalogue is stale or has untranslated messages")
    args = parser.parse_args(argv)
    template = extract()
    stale = False
    for lang in TRANSLATED:
        catalog = merged(template, lang)
        po, mo = po_bytes(catalog), mo_bytes(catalog)
        files = {po_path(lang): po, po_path(lang).with_suffix(".mo"): mo}
        for path, data in files.items():
            if path.exists() and _same(path, data):
                continue
            stale = True
            if args.check:
                print(f"{path}: stale: run python -m ocop_site.catalogues", file=sys.stderr)
            else:
                path.parent.mkdir(parents=True, exist_ok=True)
                path.write_bytes(data)
                print(f"wrote {path}")
        missing = untranslated(catalog)
        for text in missing:
            print(f"{po_path(lang)}: untranslated: {text!r}", file=sys.stderr)
        stale = stale or bool(missing)
    return 1 if args.check and stale else 0


if __name__ == "__main__":
    sys.exit(main())
