"""The ``ocop-site`` command: the only place that maps errors to exit codes."""
from __future__ import annotations

import argparse
import datetime as dt
import os
import signal
import sys
from pathlib import Path
from typing import Sequence

from .build import BuildReport, build
from .errors import SiteError, SiteErrors, summarize
from .cli_parser import make_parser
from .messages import (_, _n, choose_language, file_count, language_count, language_flag, number, page_count,
                       product_count, speaking)

__all__ = ["main"]

INTERRUPTED = 130
"""Exit status after Ctrl-C, as shells report a process ended by SIGINT."""


def _import(args: argparse.Namespace) -> int:
    from .importer import import_products

    try:
        report = import_products(args.file, args.site_dir, args.sheet, args.map_file, args.dry_run)
    except SiteErrors as exc:
        _print(exc.problems, verbose=True)
        errors = sum(not p.is_warning for p in exc.problems)
        print(_n("{count} error: nothing was written", "{count} errors: nothing was written", errors),
              file=sys.stderr)
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


def _print(problems: Sequence[SiteError], verbose: bool) -> None:
    for line in summarize(problems, verbose, _, number):
        print(line, file=sys.stderr)


def _summary(report: BuildReport, output: Path) -> str:
    return _("built {products} in {languages}: {pages}, {files} in {output} "
             "({made} made, {restored} restored, {written} written); images: {processed} processed, {reused} from cache "
             "({seconds} s)",
             products=product_count(report.products), languages=language_count(len(report.languages)),
             pages=page_count(report.pages), files=file_count(report.files), output=output,
             made=number(report.made), restored=number(report.restored), written=number(report.written),
             processed=number(report.images_processed), reused=number(report.images_reused),
             seconds=number(report.seconds, 2))


def _serve(site_dir: Path, args: argparse.Namespace) -> int:
    from .preview import Preview
    from .serve import PortInUse, serve

    def say(line: str) -> None:
        print(line, flush=True)

    preview = Preview(site_dir, lambda: args.date or dt.date.today(), args.jobs, args.output)
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


def _interrupted_once(signum: int, frame: object) -> None:
    """Ctrl-C: stop, and ignore the next ones, so that a second press while the command cleans up
    (the staging folder, the server's threads) neither cuts that short nor prints a traceback."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    raise KeyboardInterrupt


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line in the editor's language (:mod:`ocop_site.messages`); with no
    ``argv``, as the process's own command (its Ctrl-C handled by :func:`_interrupted_once`)."""
    if argv is None and signal.getsignal(signal.SIGINT) is signal.default_int_handler:
        signal.signal(signal.SIGINT, _interrupted_once)
    arguments = sys.argv[1:] if argv is None else list(argv)
    with speaking(choose_language(language_flag(arguments), os.environ)):
        args = make_parser().parse_args(arguments)
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
            print(_("ok: {products}, {pages} checked, {warnings}", products=product_count(report.products),
                    pages=page_count(report.pages),
                    warnings=_n("{count} warning", "{count} warnings", warnings)))
            return 1 if args.strict and warnings else 0
        report = build(site_dir, output, today, workers=args.jobs, clean=getattr(args, "clean", False),
                       on_wait=waiting)
        if args.command == "bundle":
            from .bundle import bundle_name, write_bundle

            packed = write_bundle(output, args.output or Path(bundle_name(today)), report.languages)
    except SiteErrors as exc:
        _print(exc.problems, args.verbose)
        errors = sum(not p.is_warning for p in exc.problems)
        print(_n("{count} error: nothing was written", "{count} errors: nothing was written", errors)
              if args.command != "check" else _n("{count} error", "{count} errors", errors), file=sys.stderr)
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
