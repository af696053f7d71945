"""The ``ocop-site`` command: the only place that maps errors to exit codes."""
from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Sequence

from . import __version__
from .build import BuildReport, build
from .errors import SiteError, SiteErrors, summarize

__all__ = ["main"]

INTERRUPTED = 130
"""Exit status after Ctrl-C, as shells report a process ended by SIGINT."""


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
        sub.add_argument("--verbose", "-v", action="store_true",
                         help="list every warning instead of one line per kind")
        return sub

    build_cmd = site_command(
        "build", "build the site into output/",
        "Check the content, then write the catalogue into SITE_DIR/output/. Only files whose "
        "sources changed are made again, and only files whose bytes changed are written. A "
        "failed build leaves the previous output untouched.")
    build_cmd.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                           help="write here instead of SITE_DIR/output/")
    build_cmd.add_argument("--clean", action="store_true",
                           help="make every file again, ignoring what the last build recorded in .cache/")
    check_cmd = site_command(
        "check", "check the content without writing the site",
        "Validate everything 'build' would (content, site.yaml, images, templates) and list "
        "every problem as path:line. Nothing is written to the output folder; processed "
        "images go to the cache (.cache/), so the next build is quick. Exit status 0 when "
        "clean, 1 when there are errors.")
    check_cmd.add_argument("--strict", action="store_true", help="treat warnings as errors")
    serve_cmd = site_command(
        "serve", "preview the site in the browser, rebuilt on every save",
        "Build the site in memory and serve it at http://HOST:PORT/. Every save under SITE_DIR "
        "rebuilds what changed and reloads the open pages; errors are printed here and shown "
        "in the browser until fixed. output/ is not touched. Ctrl-C stops.")
    serve_cmd.add_argument("--port", "-p", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help="address to listen on (default: 127.0.0.1, this computer only; "
                                "0.0.0.0 lets other computers on the network see the preview)")
    serve_cmd.add_argument("--open", action="store_true", help="open the site in the web browser")
    return parser


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"'{text}' is not a port number (1 to 65535)")
    return int(text)


def _print(problems: Sequence[SiteError], verbose: bool, default_lang: str = "vi") -> None:
    for line in summarize(problems, verbose, lang=default_lang):
        print(line, file=sys.stderr)


def _summary(report: BuildReport, output: Path) -> str:
    return (f"built {report.products} products in {report.languages} languages: {report.pages} pages, "
            f"{report.files} files in {output} ({report.made} made, {report.written} written); images: "
            f"{report.images_processed} processed, {report.images_reused} from cache ({report.seconds:.2f} s)")


def _serve(site_dir: Path, args: argparse.Namespace) -> int:
    from .serve import PortInUse, Preview, serve

    def say(line: str) -> None:
        print(line, flush=True)

    preview = Preview(site_dir, lambda: args.date or dt.date.today(), args.jobs)
    try:
        serve(preview, args.host, args.port, args.open, say, lambda problems: _print(problems, args.verbose))
    except PortInUse as exc:
        print(f"error: port {exc.port} is in use: try --port {exc.suggestion}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"error: cannot serve on {args.host}:{args.port}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    print("stopped")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    args = _parser().parse_args(argv)
    site_dir: Path = args.site_dir
    today = args.date or dt.date.today()
    if not site_dir.is_dir():
        print(f"{site_dir}: error: no such folder", file=sys.stderr)
        return 1

    def waiting() -> None:
        print("waiting for another build of this site to finish…", file=sys.stderr)

    if args.command == "serve":
        return _serve(site_dir, args)
    output = args.output if getattr(args, "output", None) is not None else site_dir / "output"
    try:
        if args.command == "check":
            report = build(site_dir, output, today, check_only=True, workers=args.jobs, on_wait=waiting)
            _print(report.warnings, args.verbose)
            warnings = len(report.warnings)
            print(f"ok: {report.products} products, {report.pages} pages checked, {warnings} warning(s)")
            return 1 if args.strict and warnings else 0
        report = build(site_dir, output, today, workers=args.jobs, clean=args.clean, on_wait=waiting)
    except SiteErrors as exc:
        _print(exc.problems, args.verbose)
        errors = sum(not p.is_warning for p in exc.problems)
        print(f"{errors} error(s): nothing was written" if args.command == "build"
              else f"{errors} error(s)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the output is as it was before this build", file=sys.stderr)
        return INTERRUPTED
    _print(report.warnings, args.verbose)
    print(_summary(report, output))
    return 0
