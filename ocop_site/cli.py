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
    bundle_cmd = site_command(
        "bundle", "build, then pack the site into one zip file for USB sticks",
        "Build the site into SITE_DIR/output/, then pack it into ocop-catalogue-YYYY-MM-DD.zip: the "
        "site in a folder, with MO-TRANG-NAY.html and START-HERE.html beside it. Unzipped on any "
        "disk, the catalogue works in a browser with no network. The same input gives the same zip.")
    bundle_cmd.add_argument("--output", "-o", type=Path, default=None, metavar="FILE",
                            help="the zip file to write (default: ocop-catalogue-<date>.zip here)")
    _new_commands(commands)
    return parser


def _new_commands(commands: argparse._SubParsersAction) -> None:
    new_cmd = commands.add_parser("new", help="start a new product, translation or site",
                                  description="Create the files of a new product, of a product's "
                                              "translation, or of a whole new site. Nothing is ever overwritten.")
    kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    product = kinds.add_parser(
        "product", help="a new product (or, with --lang, a translation of one)",
        description="Create content/products/<slug>/index.md with the given fields filled in and every "
                    "other field as a comment to fill in. With --lang, add that language's translation "
                    "file beside the product NAME instead (--district, --group and --stars are not needed).")
    product.add_argument("name", metavar="NAME", help="the product's name, e.g. \"Mật ong Đại Hợp\"")
    product.add_argument("--district", "-d", metavar="KEY", help="its area: a key of 'districts' in site.yaml")
    product.add_argument("--group", "-g", metavar="KEY", help="its product group, e.g. thuc-pham")
    product.add_argument("--stars", "-s", type=int, metavar="N", help="its OCOP stars: 3, 4 or 5")
    product.add_argument("--lang", "-l", metavar="LANG", help="add the translation into LANG of product NAME")
    product.add_argument("--name", dest="translated_name", metavar="TEXT",
                         help="with --lang: the product's name in that language")
    product.add_argument("--site", type=Path, default=Path("."), metavar="SITE_DIR",
                         help="the site folder (default: the current folder)")
    site = kinds.add_parser(
        "site", help="a new site that builds at once",
        description="Create a site in FOLDER: site.yaml with one area, a sample product in Vietnamese "
                    "and English, an about page, a .gitignore and a README for its editors.")
    site.add_argument("folder", type=Path, metavar="FOLDER", help="where to create it")
    site.add_argument("--area", default="Khu vực mẫu", help="the first area's name (default: Khu vực mẫu)")
    site.add_argument("--province", default="Tỉnh mẫu", help="its province (default: Tỉnh mẫu)")


def _new(args: argparse.Namespace) -> int:
    from .scaffold import create, new_product, new_site, new_translation, site_config

    if args.kind == "site":
        root = args.folder
        for path in create(new_site(root, args.area, args.province)):
            print(f"created {path}")
        print(f"next: ocop-site serve {root} --open")
        return 0
    root = args.site
    config = site_config(root)
    if args.lang:
        files = new_translation(root, config, args.name, args.lang, args.translated_name)
    else:
        files = new_product(root, config, args.name, args.district, args.group, args.stars)
    for path in create(files, root):
        print(f"created {path}")
    return 0


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
    if args.command == "new":
        try:
            return _new(args)
        except SiteErrors as exc:
            _print(exc.problems, verbose=True)
            return 1
        except OSError as exc:
            print(f"{exc.filename}: error: {exc.strerror}", file=sys.stderr)
            return 1
    site_dir: Path = args.site_dir
    today = args.date or dt.date.today()
    if not site_dir.is_dir():
        print(f"{site_dir}: error: no such folder", file=sys.stderr)
        return 1

    def waiting() -> None:
        print("waiting for another build of this site to finish…", file=sys.stderr)

    if args.command == "serve":
        return _serve(site_dir, args)
    output = args.output if args.command == "build" and args.output is not None else site_dir / "output"
    try:
        if args.command == "check":
            report = build(site_dir, output, today, check_only=True, workers=args.jobs, on_wait=waiting)
            _print(report.warnings, args.verbose)
            warnings = len(report.warnings)
            print(f"ok: {report.products} products, {report.pages} pages checked, {warnings} warning(s)")
            return 1 if args.strict and warnings else 0
        report = build(site_dir, output, today, workers=args.jobs, clean=getattr(args, "clean", False),
                       on_wait=waiting)
        if args.command == "bundle":
            from .bundle import bundle_name, write_bundle

            packed = write_bundle(output, args.output or Path(bundle_name(today)))
    except SiteErrors as exc:
        _print(exc.problems, args.verbose)
        errors = sum(not p.is_warning for p in exc.problems)
        print(f"{errors} error(s): nothing was written" if args.command != "check"
              else f"{errors} error(s)", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print("interrupted: the output is as it was before this build", file=sys.stderr)
        return INTERRUPTED
    _print(report.warnings, args.verbose)
    print(_summary(report, output))
    if args.command == "bundle":
        print(f"wrote {packed.path}: {packed.size / 1e6:.1f} MB, {packed.files} files; unzip it and open "
              f"MO-TRANG-NAY.html (or START-HERE.html)")
    return 0
