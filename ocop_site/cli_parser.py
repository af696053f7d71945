"""The ``ocop-site`` command line's commands, options and their help texts (in the editor's
language: build the parser while :func:`ocop_site.messages.speaking` is in effect). What each
command does, and its exit codes, are :mod:`ocop_site.cli`'s."""
from __future__ import annotations

import argparse
import datetime as dt
from pathlib import Path

from . import __version__
from .messages import LANGUAGES, _

__all__ = ["make_parser"]


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("'{text}' is not a date written YYYY-MM-DD", text=text)) from None


def _positive(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(_("'{text}' is not a whole number of at least 1", text=text))
    return int(text)


def make_parser() -> argparse.ArgumentParser:
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
          "in the browser until fixed. The first build starts from the files 'build' left in "
          "output/, which are only read, never written. Ctrl-C stops."))
    serve_cmd.add_argument("--port", "-p", type=_port, default=8000, help=_("port to listen on (default: 8000)"))
    serve_cmd.add_argument("--host", default="127.0.0.1",
                           help=_("address to listen on (default: 127.0.0.1, this computer only; "
                                  "0.0.0.0 lets other computers on the network see the preview)"))
    serve_cmd.add_argument("--open", action="store_true", help=_("open the site in the web browser"))
    serve_cmd.add_argument("--output", "-o", type=Path, default=None, metavar="DIR",
                           help=_("where 'build' writes the site, if not SITE_DIR/output/ (read, never written)"))
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


def _port(text: str) -> int:
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(_("'{text}' is not a port number (1 to 65535)", text=text))
    return int(text)
