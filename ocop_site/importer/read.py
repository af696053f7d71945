"""The rows of a spreadsheet (``.xlsx``, ``.xls``, ``.ods``) or a CSV file, cell by cell.

Spreadsheets are read with python-calamine (one reader, written in Rust, for Excel's and
LibreOffice's formats alike: openpyxl reads no ``.ods``). A CSV file's encoding is detected,
never guessed silently: a byte order mark first (UTF-8, or the UTF-16 that Excel's
"Unicode text" writes), else strict UTF-8, else Windows-1258 (Excel's "CSV" on a Vietnamese
Windows), said in a warning. Its delimiter is the one of ``,`` ``;`` and tab that the
first lines use consistently. Every text is NFC: Windows-1258 writes most tones as
combining marks.

A cell is named the way spreadsheet programs name it, after its file and sheet:
``danh-sach.xlsx:Sheet1!D12``; a CSV file has no sheet: ``danh-sach.csv!D12`` (a row number,
not a line number: a quoted cell may hold line breaks).
"""
from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..errors import SiteError, SiteErrors, error, warning
from ..suggest import near_miss
from ..vntext import nfc

__all__ = ["Table", "read_table", "column_letters", "SPREADSHEETS"]

SPREADSHEETS = (".xlsx", ".xlsm", ".xls", ".ods")
MAX_BYTES = 50_000_000
"""A larger file is refused: a province's list is a few megabytes."""


@dataclass(frozen=True)
class Table:
    """The rows of one sheet; ``rows[0]`` is the sheet's row 1, ``rows[r][c]`` a cell's value
    (text, int, float, date or None)."""

    where: str  # "danh-sach.xlsx:Sheet1", or "danh-sach.csv"
    rows: list[list[Any]]
    notes: list[SiteError] = field(default_factory=list)  # warnings about the reading

    def cell(self, row: int, column: int) -> str:
        """``danh-sach.xlsx:Sheet1!D12`` for ``rows[11][3]``."""
        return f"{self.where}!{column_letters(column)}{row + 1}"


def column_letters(column: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA."""
    letters = ""
    column += 1
    while column:
        column, rest = divmod(column - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def _value(value: Any) -> Any:
    """A cell's value: text in NFC without surrounding spaces, whole floats as ints, None for empty."""
    if isinstance(value, str):
        text = nfc(value).strip()
        return text or None
    if isinstance(value, float) and value.is_integer():
        return int(value)
    if isinstance(value, dt.datetime) and value.time() == dt.time():
        return value.date()
    return value


def read_table(path: Path, shown: str, sheet: str | None = None) -> Table:
    """The rows of ``path`` (``shown`` names it in messages), or :class:`SiteErrors`."""
    suffix = path.suffix.lower()
    if suffix not in (*SPREADSHEETS, ".csv", ".txt", ".tsv"):
        raise SiteErrors([error(shown, None, "cannot import this kind of file: give an .xlsx, .ods or .csv file")])
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise SiteErrors([error(shown, None, "cannot read: {reason}", reason=exc.strerror or exc)]) from None
    if size > MAX_BYTES:
        raise SiteErrors([error(shown, None, "the file is larger than {size} MB: split it", size=MAX_BYTES // 1_000_000)])
    if suffix in SPREADSHEETS:
        return _spreadsheet(path, shown, sheet)
    if sheet is not None:
        raise SiteErrors([error(shown, None, "--sheet is for spreadsheets: a CSV file has one table")])
    return _csv(path.read_bytes(), shown)


def _spreadsheet(path: Path, shown: str, sheet: str | None) -> Table:
    from python_calamine import CalamineWorkbook

    try:
        book = CalamineWorkbook.from_path(str(path))
        names = list(book.sheet_names)
        if sheet is None:
            name = names[0]
        elif sheet in names:
            name = sheet
        else:
            near = near_miss(sheet, names)
            if near:
                raise SiteErrors([error(shown, None, "no sheet '{sheet}' (did you mean '{suggestion}'?); "
                                        "sheets: {sheets}", sheet=sheet, suggestion=near, sheets=", ".join(names))])
            raise SiteErrors([error(shown, None, "no sheet '{sheet}' (sheets: {sheets})", sheet=sheet,
                                    sheets=", ".join(names))])
        rows = book.get_sheet_by_name(name).to_python(skip_empty_area=False)
    except SiteErrors:
        raise
    except Exception as exc:  # calamine raises its own error types for damaged files
        raise SiteErrors([error(shown, None, "cannot read this spreadsheet ({reason}): save it again "
                                "from Excel or LibreOffice as .xlsx", reason=str(exc) or type(exc).__name__)]) from None
    return Table(f"{shown}:{name}", [[_value(v) for v in row] for row in rows])


def _decode(data: bytes, shown: str) -> tuple[str, list[SiteError]]:
    """The text of a CSV file, and a warning when it was not UTF-8."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8):].decode("utf-8", errors="strict"), []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return data.decode("utf-16"), []
    try:
        return data.decode("utf-8"), []
    except UnicodeDecodeError:
        pass
    try:
        text = data.decode("cp1258")
    except UnicodeDecodeError:
        raise SiteErrors([error(shown, None, "the file is neither UTF-8 nor Windows-1258 text: save it "
                                "from Excel as \"CSV UTF-8\"")]) from None
    return text, [warning(shown, None, "not UTF-8: read as Windows-1258 (Excel's CSV on Vietnamese "
                          "Windows); if letters look wrong, save it as \"CSV UTF-8\"")]


def _delimiter(text: str) -> str:
    sample = "\n".join(text.splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=",;\t").delimiter
    except csv.Error:  # a title row above the header confuses the sniffer: count instead
        return max(",;\t", key=sample.count)


def _csv(data: bytes, shown: str) -> Table:
    try:
        text, notes = _decode(data, shown)
    except UnicodeDecodeError:
        raise SiteErrors([error(shown, None, "the file starts like UTF-8 or UTF-16 text but is not: save it "
                                "from Excel as \"CSV UTF-8\"")]) from None
    try:
        rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=_delimiter(text)))
    except csv.Error as exc:
        raise SiteErrors([error(shown, None, "cannot read this CSV file: {reason}", reason=exc)]) from None
    return Table(shown, [[_value(v) for v in row] for row in rows], notes)
