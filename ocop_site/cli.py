"""The ``ocop-site`` command: the only place that maps errors to exit codes."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .build import build
from .errors import SiteError, SiteErrors

__all__ = ["main"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"'{text}' is not a date written YYYY-MM-DD") from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a whole number of at least 1")
    return int(text)


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="ocop-site",
        description="Build a static, multilingual catalogue of OCOP products from Markdown files.",
    )
    parser.add_argument("--version", action="version", version=f"ocop-site {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    def site_command(name: str, help_text: str, description: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=description)
        sub.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR",
                         help="folder holding site.yaml and content/ (default: the current folder)")
        sub.add_argument("--jobs", "-j", type=_positive, default=None, metavar="N",
                         help="worker processes for images and pages (default: one per core)")
        sub.add_argument("--date", type=_date, default=None, metavar="YYYY-MM-DD",
                         help="judge certificate expiry as of this day instead of today "
                              "(for reproducible builds)")
        return sub

    build_cmd = site_command(
        "build", "build the site into output/",
        "Check the content, then write the catalogue into SITE_DIR/output/. A failed build "
        "leaves the previous output untouched.")
    build_cmd.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                           help="write here instead of SITE_DIR/output/")
    check_cmd = site_command(
        "check", "check the content without writing the site",
        "Validate everything 'build' would (content, site.yaml, images, templates) and list "
        "every problem as path:line. Nothing is written to the output folder; processed "
        "images go to the cache (.cache/), so the next build is quick. Exit status 0 when "
        "clean, 1 when there are errors.")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    return parser


def _print(problems: Sequence[SiteError]) -> None:
    for problem in problems:
        print(problem, file=sys.stderr)


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    site_dir: Path = args.site_dir
    today = args.date or dt.date.today()
    if not site_dir.is_dir():
        print(f"{site_dir}: error: no such folder", file=sys.stderr)
        return 1
    try:
        if args.command == "check":
            report = build(site_dir, site_dir / "output", today, check_only=True, workers=args.jobs)
            _print(report.warnings)
            warnings = len(report.warnings)
            print(f"ok: {report.products} products, {report.pages} pages checked, {warnings} warning(s)")
            return 1 if args.strict and warnings else 0
        output = args.output if args.output is not None else site_dir / "output"
        report = build(site_dir, output, today, workers=args.jobs)
    except SiteErrors as exc:
        _print(exc.problems)
        errors = sum(not p.is_warning for p in exc.problems)
        print(f"{errors} error(s): nothing was written" if args.command == "build"
              else f"{errors} error(s)", file=sys.stderr)
        return 1
    _print(report.warnings)
    print(f"built {report.products} products in {report.languages} languages: "
          f"{report.pages} pages, {report.files} files in {output}; images: "
          f"{report.images_processed} processed, {report.images_reused} from cache "
          f"({report.seconds:.2f} s)")
    return 0
