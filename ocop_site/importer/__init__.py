"""``ocop-site import``: a spreadsheet's product list into product bundles.

:mod:`.read` reads the rows of an ``.xlsx``, ``.ods`` or ``.csv`` file, :mod:`.rows` finds
the header and turns each row into field values (with :mod:`.columns`), and :mod:`.write`
creates or edits the product files. Every problem of a run is collected and told with its
cell (``danh-sach.xlsx:Sheet1!D12: error: …``); with any error nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import SiteError, SiteErrors
from ..scaffold import site_config
from .cells import Converter
from .headers import catalogue_csv_columns
from .read import read_table
from .rows import product_rows, read_map
from .write import Change, apply, not_in_sheet, plan_changes

__all__ = ["ImportReport", "import_products"]


@dataclass(frozen=True)
class ImportReport:
    changes: list[Change]  # one per product row, in the sheet's order
    warnings: list[SiteError]

    def count(self, kind: str) -> int:
        return sum(change.kind == kind for change in self.changes)


def import_products(file: Path, site_dir: Path, sheet: str | None = None, map_file: Path | None = None,
                    dry_run: bool = False) -> ImportReport:
    """Import ``file`` into the site at ``site_dir``; raises :class:`SiteErrors` (with the
    warnings) when anything is wrong, and then writes nothing."""
    config = site_config(site_dir)
    mapping = {**catalogue_csv_columns(config.languages),
               **(read_map(map_file, str(map_file)) if map_file is not None else {})}
    table = read_table(file, str(file), sheet)
    problems = list(table.notes)
    rows = product_rows(table, mapping, Converter(config, problems), problems)
    changes = plan_changes(site_dir, rows, problems)
    problems += not_in_sheet(site_dir, rows, str(file))
    if any(not p.is_warning for p in problems):
        raise SiteErrors(problems)
    if not dry_run:
        apply(changes)
    return ImportReport(changes, problems)
