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
    parser.add_argument("--lang", dest="message_lang", choices=LANGUAGES, default=None, help=lang_help)
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
        sub.add_argument("--lang", dest="message_lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)
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
    serve_cmd = site_command(
        "serve", _("preview the site in the browser, rebuilt on every save"),
        _("Build the site in memory and serve it at http://HOST:PORT/. Every save under SITE_DIR "
          "rebuilds what changed and reloads the open pages; errors are printed here and shown "
          "in the browser until fixed. output/ is not touched. Ctrl-C stops."))
    serve_cmd.add_argument("--port", "-p", type=_port, default=8000, help=_("port to listen on (default: 8000)"))
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help=_("address to listen on (default: 127.0.0.1, this computer only; "
                                  "0.0.0.0 lets other computers on the network see the preview)"))
    serve_cmd.add_argument("--open", action="store_true", help=_("open the site in the web browser"))
    bundle_cmd = site_command(
        "bundle", _("build, then pack the site into one zip file for USB sticks"),
        _("Build the site into SITE_DIR/output/, then pack it into ocop-catalogue-YYYY-MM-DD.zip: the "
          "site in a folder, with MO-TRANG-NAY.html and START-HERE.html beside it. Unzipped on any "
          "disk, the catalogue works in a browser with no network. The same input gives the same zip."))
    bundle_cmd.add_argument("--output", "-o", type=Path, default=None, metavar="FILE",
                            help=_("the zip file to write (default: ocop-catalogue-<date>.zip here)"))
    _new_commands(commands)
    _import_command(commands, lang_help)
    return parser


def _import_command(commands: argparse._SubParsersAction, lang_help: str) -> None:
    cmd = commands.add_parser(
        "import", help=_("create or update products from a spreadsheet (.xlsx, .ods, .csv)"),
        description=_("Read a list of products (one row each) and write content/products/<slug>/index.md "
                      "for each row. Products already in the site keep everything the sheet does not fill "
                      "(body, pictures, translations, comments); an unchanged row writes nothing; nothing "
                      "is ever deleted. With any error, nothing is written."))
    cmd.add_argument("file", type=Path, metavar="FILE", help=_("the spreadsheet or CSV file"))
    cmd.add_argument("site_dir", nargs="?", default=".", type=Path, metavar="SITE_DIR",
                     help=_("folder holding site.yaml and content/ (default: the current folder)"))
    cmd.add_argument("--sheet", metavar="NAME", help=_("the sheet to read (default: the first)"))
    cmd.add_argument("--map", dest="map_file", type=Path, metavar="MAP.yaml",
                     help=_("a YAML file of 'column title: field' lines for titles not recognised"))
    cmd.add_argument("--dry-run", "-n", action="store_true", help=_("show what would change; write nothing"))
    cmd.add_argument("--lang", dest="message_lang", choices=LANGUAGES, default=argparse.SUPPRESS, help=lang_help)


def _import(args: argparse.Namespace) -> int:
    from .importer import import_products

    try:
        report = import_products(args.file, args.site_dir, args.sheet, args.map_file, args.dry_run)
    except SiteErrors as exc:
        _print(exc.problems, verbose=True)
        errors = sum(not p.is_warning for p in exc.problems)
        print(_("{count} error(s): nothing was written", count=number(errors)), file=sys.stderr)
        return 1
    except OSError as exc:
        print(_("{path}: error: {reason}", path=exc.filename, reason=exc.strerror), file=sys.stderr)
        return 1
    _print(report.warnings, verbose=True)
    for change in report.changes:
        fields = ", ".join(change.fields)
        if change.kind == "created":
            print(_("would create {path}", path=change.shown) if args.dry_run
                  else _("created {path}", path=change.shown))
        elif change.kind == "updated":
            print(_("would update {path}: {fields}", path=change.shown, fields=fields) if args.dry_run
                  else _("updated {path}: {fields}", path=change.shown, fields=fields))
    counts = {"rows": number(len(report.changes)), "created": number(report.count("created")),
              "updated": number(report.count("updated")), "unchanged": number(report.count("unchanged"))}
    if args.dry_run:
        print(_("dry run, nothing written: {rows} products, {created} to create, {updated} to update, "
                "{unchanged} unchanged", **counts))
    else:
        print(_("imported {rows} products: {created} created, {updated} updated, {unchanged} unchanged", **counts))
    return 0


def _new_commands(commands: argparse._SubParsersAction) -> None:
    new_cmd = commands.add_parser("new", help=_("start a new product, translation or site"),
                                  description=_("Create the files of a new product, of a product's "
                                                "translation, or of a whole new site. Nothing is ever overwritten."))
    kinds = new_cmd.add_subparsers(dest="kind", required=True, metavar="KIND")
    product = kinds.add_parser(
        "product", help=_("a new product (or, with --lang, a translation of one)"),
        description=_("Create content/products/<slug>/index.md with the given fields filled in and every "
                      "other field as a comment to fill in. With --lang, add that language's translation "
                      "file beside the product NAME instead (--district, --group and --stars are not needed)."))
    product.add_argument("name", metavar="NAME", help=_("the product's name, e.g. \"Mật ong Đại Hợp\""))
    product.add_argument("--district", "-d", metavar="KEY", help=_("its area: a key of 'districts' in site.yaml"))
    product.add_argument("--group", "-g", metavar="KEY", help=_("its product group, e.g. thuc-pham"))
    product.add_argument("--stars", "-s", type=int, metavar="N", help=_("its OCOP stars: 3, 4 or 5"))
    product.add_argument("--lang", "-l", metavar="LANG", help=_("add the translation into LANG of product NAME"))
    product.add_argument("--name", dest="translated_name", metavar="TEXT",
                         help=_("with --lang: the product's name in that language"))
    product.add_argument("--site", type=Path, default=Path("."), metavar="SITE_DIR",
                         help=_("the site folder (default: the current folder)"))
    site = kinds.add_parser(
        "site", help=_("a new site that builds at once"),
        description=_("Create a site in FOLDER: site.yaml with one area, a sample product in Vietnamese "
                      "and English, an about page, a .gitignore and a README for its editors."))
    site.add_argument("folder", type=Path, metavar="FOLDER", help=_("where to create it"))
    site.add_argument("--area", default="Khu vực mẫu", help=_("the first area's name (default: Khu vực mẫu)"))
    site.add_argument("--province", default="Tỉnh mẫu", help=_("its province (default: Tỉnh mẫu)"))


def _new(args: argparse.Namespace) -> int:
    from .scaffold import create, new_product, new_site, new_translation, site_config

    if args.kind == "site":
        root = args.folder
        for path in create(new_site(root, args.area, args.province)):
            print(_("created {path}", path=path))
        print(_("next: ocop-site serve {folder} --open", folder=root))
        return 0
    root = args.site
    config = site_config(root)
    if args.lang:
        files = new_translation(root, config, args.name, args.lang, args.translated_name)
    else:
        files = new_product(root, config, args.name, args.district, args.group, args.stars)
    for path in create(files, root):
        print(_("created {path}", path=path))
    return 0


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(_("'{text}' is not a port number (1 to 65535)", text=text))
    return int(text)


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


def _serve(site_dir: Path, args: argparse.Namespace) -> int:
    from .serve import PortInUse, Preview, serve

    def say(line: str) -> None:
        print(line, flush=True)

    preview = Preview(site_dir, lambda: args.date or dt.date.today(), args.jobs)
    try:
        serve(preview, args.host, args.port, args.open, say, lambda problems: _print(problems, args.verbose))
    except PortInUse as exc:
        print(_("error: port {port} is in use: try --port {other}", port=exc.port, other=exc.suggestion),
              file=sys.stderr)
        return 1
    except OSError as exc:
        print(_("error: cannot serve on {host}:{port}: {reason}", host=args.host, port=args.port,
                reason=exc.strerror or exc), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        pass
    print(_("stopped"))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in the editor's language (:mod:`ocop_site.messages`)."""
    arguments = sys.argv[1:] if argv is None else list(argv)
    with speaking(choose_language(language_flag(arguments), os.environ)):
        args = _parser().parse_args(arguments)
    with speaking(choose_language(args.message_lang, os.environ)):
        return _main(args)


def _main(args: argparse.Namespace) -> int:
    if args.command == "import":
        return _import(args)
    if args.command == "new":
        try:
            return _new(args)
        except SiteErrors as exc:
            _print(exc.problems, verbose=True)
            return 1
        except OSError as exc:
            print(_("{path}: error: {reason}", path=exc.filename, reason=exc.strerror), file=sys.stderr)
            return 1
    site_dir: Path = args.site_dir
    today = args.date or dt.date.today()
    if not site_dir.is_dir():
        print(_("{path}: error: no such folder", path=site_dir), file=sys.stderr)
        return 1

    def waiting() -> None:
        print(_("waiting for another build of this site to finish…"), file=sys.stderr)

    if args.command == "serve":
        return _serve(site_dir, args)
    output = args.output if args.command == "build" and args.output is not None else site_dir / "output"
    try:
        if args.command == "check":
            report = build(site_dir, output, today, check_only=True, workers=args.jobs, on_wait=waiting)
            _print(report.warnings, args.verbose)
            warnings = len(report.warnings)
            print(_("ok: {products} products, {pages} pages checked, {warnings} warning(s)",
                    products=number(report.products), pages=number(report.pages), warnings=number(warnings)))
            return 1 if args.strict and warnings else 0
        report = build(site_dir, output, today, workers=args.jobs, clean=getattr(args, "clean", False),
                       on_wait=waiting)
        if args.command == "bundle":
            from .bundle import bundle_name, write_bundle

            packed = write_bundle(output, args.output or Path(bundle_name(today)))
    except SiteErrors as exc:
        _print(exc.problems, args.verbose)
        errors = sum(not p.is_warning for p in exc.problems)
        print(_("{count} error(s): nothing was written", count=number(errors)) if args.command != "check"
              else _("{count} error(s)", count=number(errors)), file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        print(_("interrupted: the output is as it was before this build"), file=sys.stderr)
        return INTERRUPTED
    _print(report.warnings, args.verbose)
    print(_summary(report, output))
    if args.command == "bundle":
        print(_("wrote {path}: {size} MB, {files} files; unzip it and open MO-TRANG-NAY.html "
                "(or START-HERE.html)", path=packed.path, size=number(packed.size / 1e6, 1),
                files=number(packed.files)))
    return 0
