"""A table's header row, its columns' fields, and one :class:`Row` of field values per product.

The header is the first row where at least two cells are known column titles (merged title
rows and blank rows above it are skipped). ``--map MAP.yaml`` names other titles::

    Tên SP: name            # column title: field (see FIELDS)
    Cơ sở sản xuất: producer.name
    Ghi chú: ~              # ~ (or -): leave this column out, without a warning
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Mapping

from ..errors import SiteError, SiteErrors, error, warning
from ..frontmatter import parse_yaml
from ..suggest import near_miss
from ..vntext import slugify
from .cells import Converter
from .headers import FIELDS, IGNORED, builtin_field, folded_title
from .read import Table, column_letters

__all__ = ["Row", "read_map", "product_rows"]

HEADER_SEARCH = 50
"""The header row is looked for in this many first rows."""

_DATES = ("certificate.date", "certificate.year")


@dataclass
class Row:
    """One product of the sheet: its fields' values and the cell each came from."""

    number: int  # the sheet's row number, from 1
    slug: str
    name_cell: str
    values: dict[str, Any] = field(default_factory=dict)  # field -> value, only cells that hold one
    cells: dict[str, str] = field(default_factory=dict)  # field -> cell, for every non-empty cell


def read_map(path: Path, shown: str) -> dict[str, str | None]:
    """``--map``: folded column title -> field, or None to leave the column out."""
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        reason = exc.strerror if isinstance(exc, OSError) else "not UTF-8 text"
        raise SiteErrors([error(shown, None, "cannot read: {reason}", reason=reason or exc)]) from None
    parsed, problems = parse_yaml(text, shown)
    if parsed is None:
        raise SiteErrors(problems)
    if not isinstance(parsed.data, dict):
        raise SiteErrors([error(shown, 1, "expected lines 'column title: field', e.g. 'Tên SP: name'")])
    mapping: dict[str, str | None] = {}
    for title, target in parsed.data.items():
        line = parsed.lines.get(str(title))
        if target in (None, "-"):
            mapping[folded_title(title)] = None
        elif target in FIELDS:
            mapping[folded_title(title)] = target
        else:
            near = near_miss(str(target), FIELDS)
            if near:
                problems.append(error(shown, line, "unknown field '{field}' (did you mean '{suggestion}'?); "
                                      "fields: {allowed}", field=target, suggestion=near, allowed=", ".join(FIELDS)))
            else:
                problems.append(error(shown, line, "unknown field '{field}' (fields: {allowed}, or ~ to leave the "
                                      "column out)", field=target, allowed=", ".join(FIELDS)))
    if problems:
        raise SiteErrors(problems)
    return mapping


def _field(title: str, mapping: Mapping[str, str | None]) -> str | None:
    return mapping[title] if title in mapping else builtin_field(title)


def _header(table: Table, mapping: Mapping[str, str | None]) -> int:
    for number, row in enumerate(table.rows[:HEADER_SEARCH]):
        titles = [folded_title(v) for v in row if v is not None]
        if sum(_field(t, mapping) is not None for t in titles) >= 2:
            return number
    raise SiteErrors([error(table.where, None, "no header row: none of the first {rows} rows has two known "
                            "column titles such as 'Tên sản phẩm' and 'Hạng sao' (or map yours with --map)",
                            rows=HEADER_SEARCH)])


def _columns(table: Table, header: int, mapping: Mapping[str, str | None],
             problems: list[SiteError]) -> dict[int, str]:
    """column index -> field; unknown titles are warned about, a field given twice is an error."""
    columns: dict[int, str] = {}
    first: dict[str, int] = {}
    for column, value in enumerate(table.rows[header]):
        if value is None:
            continue
        title = folded_title(value)
        name = _field(title, mapping)
        cell = table.cell(header, column)
        if name is None:
            if title not in IGNORED and title not in mapping:
                problems.append(warning(cell, None, "column \"{title}\" is not imported (no field has this title; "
                                        "--map can name its field)", title=value))
        elif name in first:
            problems.append(error(cell, None, "column \"{title}\" fills {field}, as column {other} already does: "
                                  "keep one, or map one to another field with --map", title=value, field=name,
                                  other=column_letters(first[name])))
        else:
            first[name] = column
            columns[column] = name
    if "name" not in first:
        problems.append(error(table.cell(header, 0), None, "no column of product names (titled \"Tên sản phẩm\" "
                              "or \"name\", or mapped with --map)"))
    return columns


def product_rows(table: Table, mapping: Mapping[str, str | None], convert: Converter,
                 problems: list[SiteError]) -> list[Row]:
    """The products of the table, each with the values of its non-empty cells."""
    header = _header(table, mapping)
    columns = _columns(table, header, mapping, problems)
    rows: list[Row] = []
    name_column = next((c for c, f in columns.items() if f == "name"), 0)
    for number in range(header + 1, len(table.rows)):
        cells = table.rows[number]
        present = {c: cells[c] for c in columns if c < len(cells) and cells[c] is not None}
        if not present:
            continue  # blank, or only a row number or a note
        row = Row(number + 1, "", table.cell(number, name_column))
        for column, value in present.items():
            name, cell = columns[column], table.cell(number, column)
            converted = convert.convert(name, value, cell)
            if name in _DATES and converted is not None:  # a date or a year, whichever column holds it
                name = "certificate.date" if isinstance(converted, dt.date) else "certificate.year"
            if converted is not None:
                row.values[name] = converted
            row.cells[name] = cell
        number_text = row.values.get("certificate.number")
        if isinstance(number_text, str) and "certificate.date" not in row.values:
            cited, date = convert.number_and_date(number_text)
            if date is not None:
                row.values["certificate.number"], row.values["certificate.date"] = cited, date
                row.cells["certificate.date"] = row.cells["certificate.number"]
        _date_and_year(row, problems)
        if "name" not in row.values:
            if "name" in columns.values() and name_column not in present:  # else its problem is told
                problems.append(error(row.name_cell, None, "this row has no product name"))
            continue
        row.slug = row.values.get("slug") or slugify(row.values["name"])
        if not row.slug:
            problems.append(error(row.name_cell, None, "no web address can be made from the name \"{name}\": "
                                  "add a 'slug' column", name=row.values["name"]))
            continue
        rows.append(row)
    _duplicates(rows, problems)
    return rows


def _date_and_year(row: Row, problems: list[SiteError]) -> None:
    """A row with the decision's date and a year: the year is the date's (and left out), or an error."""
    date, year = row.values.get("certificate.date"), row.values.get("certificate.year")
    if not isinstance(date, dt.date) or year is None:
        return
    if year == date.year:
        del row.values["certificate.year"]
    else:
        problems.append(error(row.cells["certificate.year"], None, "the year {year} is not the year of the "
                              "certificate's date {date} ({cell})", year=str(year), date=date.strftime("%d/%m/%Y"),
                              cell=row.cells["certificate.date"]))


def _duplicates(rows: list[Row], problems: list[SiteError]) -> None:
    seen: dict[str, Row] = {}
    for row in rows:
        other = seen.setdefault(row.slug, row)
        if other is not row:
            problems.append(error(row.name_cell, None, "\"{name}\" has the same web address '{slug}' as "
                                  "\"{other_name}\" in {other}: give one a different name, or a 'slug' column",
                                  name=row.values["name"], slug=row.slug, other_name=other.values["name"],
                                  other=other.name_cell))

