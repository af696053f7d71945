"""The ``ocop-site`` command: the only place that maps errors to exit codes."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .build import BuildReport, build
from .errors import SiteError, SiteErrors, summarize
from .messages import LANGUAGES, _, choose_language, language_flag, number, speaking

__all__ = ["main"]

INTERRUPTED = 130
"""Exit status after Ctrl-C, as shells report a process ended by SIGINT."""


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a date written YYYY-MM-DD", text=text)) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("'{text}' is not a whole number of at least 1", text=text))
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocop-site",
        description=_("Build a static, multilingual catalogue of OCOP products from Markdown files."),
    )
    parser.add_argument("--version", action="version", version=f"ocop-site {__version__}",
                        help=_("show program's version number and exit"))
    lang_help = _("language of the messages (default: OCOP_SITE_LANG, else the system's language, else en)")
    parser.add_argument("--lang", choices=LANGUAGES, default=None, help=lang_help)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def site_command(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=description)
        sub.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR",
                         help=_("folder holding site.yaml and content/ (default: the current folder)"))
        sub.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                         help=_("worker processes for images and pages (default: one per core)"))
        sub.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD",
                         help=_("judge certificate expiry as of this day instead of today "
                                "(for reproducible builds)"))
        sub.add_argument("--verbose", "-v", action="store_true",
                         help=_("list every warning instead of one line per kind"))
        sub.add_argument("--lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
        return sub

    build_cmd = site_command(
        "build", _("build the site into output/"),
        _("Check the content, then write the catalogue into SITE_DIR/output/. Only files whose "
          "sources changed are made again, and only files whose bytes changed are written. A "
          "failed build leaves the previous output untouched."))
    build_cmd.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                           help=_("write here instead of SITE_DIR/output/"))
    build_cmd.add_argument("--clean", action="store_true",
                           help=_("make every file again, ignoring what the last build recorded in .cache/"))
    check_cmd = site_command(
        "check", _("check the content without writing the site"),
        _("Validate everything 'build' would (content, site.yaml, images, templates) and list "
          "every problem as path:line. Nothing is written to the output folder; processed "
          "images go to the cache (.cache/), so the next build is quick. Exit status 0 when "
          "clean, 1 when there are errors."))
    check_cmd.add_argument("--strict", action="store_true", help=_("treat warnings as errors"))
    return parser


def _print(problems: Sequence[SiteError], verbose: bool) -> None:
    for line in summarize(problems, verbose, _, number):
        print(line, file=sys.stderr)


def _summary(report: BuildReport, output: Path) -> str:
    return _("built {products} products in {languages} languages: {pages} pages, {files} files in {output} "
             "({made} made, {written} written); images: {processed} processed, {reused} from cache "
             "({seconds} s)",
             products=number(report.products), languages=number(report.languages), pages=number(report.pages),
             files=number(report.files), output=output, made=number(report.made), written=number(report.written),
             processed=number(report.images_processed), reused=number(report.images_reused),
             seconds=number(report.seconds, 2))


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in the editor's language (:mod:`ocop_site.messages`)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    with speaking(choose_language(language_flag(arguments), os.environ)):
        args = _parser().parse_args(arguments)
    with speaking(choose_language(args.lang, os.environ)):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    site_dir: Path = args.site_dir
    today = args.date or dt.date.today()
    if not site_dir.is_dir():
        print(f"{site_dir}: error: {_('no such folder')}", file=sys.stderr)
        return 1

    def waiting() -> None:
        print(_("waiting for another build of this site to finish…"), file=sys.stderr)

    output = args.output if getattr(args, "output", None) is not None else site_dir / "output"
    try:
        if args.command == "check":
            report = build(site_dir, output, today, check_only=True, workers=args.jobs, on_wait=waiting)
            _print(report.warnings, args.verbose)
            warnings = len(report.warnings)
            print(_("ok: {products} products, {pages} pages checked, {warnings} warning(s)",
                    products=number(report.products), pages=number(report.pages), warnings=number(warnings)))
            return 1 if args.strict and warnings else 0
        report = build(site_dir, output, today, workers=args.jobs, clean=args.clean, on_wait=waiting)
    except SiteErrors as exc:
        _print(exc.problems, args.verbose)
        errors = sum(not p.is_warning for p in exc.problems)
        print(_("{count} error(s): nothing was written", count=number(errors)) if args.command == "build"
              else _("{count} error(s)", count=number(errors)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("interrupted: the output is as it was before this build"), file=sys.stderr)
        return INTERRUPTED
    _print(report.warnings, args.verbose)
    print(_summary(report, output))
    return 0
