"""Rows into product bundles: new ones created, existing ones edited in place.

An existing product's front matter is edited as text, not dumped again: only the values of
the fields the sheet fills change (each replaced where it stands, or added after its
mapping's last line, or at the end of the front matter), so comments, key order, quoting,
other fields, line endings and the body stay byte for byte. Every edit is checked by
parsing the result: the fields the sheet fills hold its values, every other value is as
it was. A product whose fields already hold the sheet's values is not written at all.
"""
from __future__ import annotations

import datetime as dt
import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ..errors import SiteError, error, warning
from ..frontmatter import split_front_matter
from ..scaffold.existing_products import PRODUCTS, product_files
from ..scaffold.yaml_values import scalar
from ..vntext import nfc
from .headers import FIELDS, REQUIRED
from .rows import Row

__all__ = ["Change", "plan_changes", "apply", "not_in_sheet"]


@dataclass(frozen=True)
class Change:
    """What importing one row does to its product file."""

    path: Path
    shown: str  # the path relative to the site folder
    kind: str  # "created", "updated" or "unchanged"
    fields: tuple[str, ...] = ()  # the fields that change (for "updated")
    text: str | None = None  # the file's new text (None when unchanged)


def _yaml(value: Any) -> str:
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, int):
        return str(value)
    return scalar(value)


def _get(data: Any, name: str) -> Any:
    for part in name.split("."):
        data = data.get(part) if isinstance(data, dict) else None
    return nfc(data) if isinstance(data, str) else data


def _new_text(row: Row) -> str:
    lines = ["---"]
    done: set[str] = set()
    for name in FIELDS:
        if name not in row.values or name == "slug":
            continue
        top, _, sub = name.partition(".")
        if not sub:
            lines.append(f"{name}: {_yaml(row.values[name])}")
        elif top not in done:
            done.add(top)
            lines.append(f"{top}:")
            lines += [f"  {n.partition('.')[2]}: {_yaml(v)}" for n, v in _fields(row, top)]
    return "\n".join([*lines, "---", ""])


def _fields(row: Row, top: str) -> list[tuple[str, Any]]:
    return [(name, row.values[name]) for name in FIELDS if name.startswith(f"{top}.") and name in row.values]


class _Unsafe(Exception):
    """The front matter is shaped in a way this module does not edit."""


def _pairs(node: yaml.Node | None) -> dict[str, tuple[yaml.Node, yaml.Node]]:
    if node is None:
        return {}
    if not isinstance(node, yaml.MappingNode) or node.flow_style:
        raise _Unsafe
    return {str(key.value): (key, value) for key, value in node.value}


def _line_end(text: str, index: int) -> int:
    """The index just after the line break that ends the line holding ``index``."""
    if index > 0 and text[index - 1] == "\n":
        return index
    found = text.find("\n", index)
    return len(text) if found < 0 else found + 1


def _edit(front: str, changed: list[tuple[str, Any]], newline: str) -> str:
    """``front`` (the YAML between the ``---`` lines) with ``changed`` fields set."""
    root = _pairs(yaml.compose(front, Loader=yaml.SafeLoader))
    edits: dict[tuple[int, int], str] = {}  # (start, end) -> text; insertions have start == end

    def put(start: int, end: int, text: str) -> None:
        edits[(start, end)] = edits.get((start, end), "") + text

    def replace(node: yaml.Node, value: Any) -> None:
        start, end = node.start_mark.index, node.end_mark.index
        old = front[start:end]
        trailing = old[len(old.rstrip("\r\n")):]  # a block scalar's own line breaks
        put(start, end, ("" if start < end else " ") + _yaml(value) + trailing)

    tops: dict[str, list[tuple[str, Any]]] = {}
    for name, value in changed:
        top, _, sub = name.partition(".")
        tops.setdefault(top, []).append((sub, value))
    for top, items in tops.items():
        if top in root and not items[0][0]:
            replace(root[top][1], items[0][1])
        elif top in root:
            value_node = root[top][1]
            if isinstance(value_node, yaml.ScalarNode) and value_node.value == "" and not value_node.style:
                put(value_node.start_mark.index, value_node.end_mark.index,  # "producer:" with nothing yet
                    "".join(f"{newline}  {sub}: {_yaml(value)}" for sub, value in items))
                continue
            inner = _pairs(value_node) if isinstance(value_node, yaml.MappingNode) else None
            if not inner:
                raise _Unsafe
            indent = " " * next(iter(inner.values()))[0].start_mark.column
            last = _line_end(front, max(v.end_mark.index for _, v in inner.values()))
            for sub, value in items:
                if sub in inner:
                    replace(inner[sub][1], value)
                else:
                    put(last, last, f"{indent}{sub}: {_yaml(value)}{newline}")
        elif items[0][0]:  # the front matter ends with a line break (the closing --- starts a line)
            put(len(front), len(front), f"{top}:{newline}" + "".join(
                f"  {sub}: {_yaml(value)}{newline}" for sub, value in items))
        else:
            put(len(front), len(front), f"{top}: {_yaml(items[0][1])}{newline}")
    result = front
    for (start, end), text in sorted(edits.items(), key=lambda item: item[0], reverse=True):
        result = result[:start] + text + result[end:]
    return result


def _flat(data: Any, prefix: str = "") -> dict[str, Any]:
    if not isinstance(data, dict):
        return {prefix.rstrip("."): data} if prefix else {}
    out: dict[str, Any] = {}
    for key, value in data.items():
        if isinstance(value, dict) and prefix == "":
            out.update(_flat(value, f"{key}."))
        else:
            out[f"{prefix}{key}"] = value
    return out


def _changed(data: Any, row: Row, shown: str, problems: list[SiteError]) -> list[tuple[str, Any]]:
    """The fields the sheet sets to another value. A year alone is the file's when its
    ``certificate.date`` is of that year (an error when not); a new date sets the year too
    when the file has one."""
    values = row.values
    date = values.get("certificate.date", _get(data, "certificate.date"))
    year = values.get("certificate.year")
    if isinstance(date, dt.date) and year not in (None, date.year):
        problems.append(error(row.cells["certificate.year"], None, "the year {year} is not the year of "
                              "certificate.date ({date}) in {file}: correct one of them", year=str(year),
                              date=date.isoformat(), file=shown))
        return []
    if isinstance(date, dt.date):
        values = {**values, "certificate.year": date.year} if _get(data, "certificate.year") is not None else {
            n: v for n, v in values.items() if n != "certificate.year"}
    return [(n, v) for n, v in values.items() if n != "slug" and _get(data, n) != v]


def _update(path: Path, shown: str, row: Row, problems: list[SiteError]) -> Change:
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        problems.append(error(shown, None, "cannot update: the file is not UTF-8 text"))
        return Change(path, shown, "unchanged")
    parsed, _body, _line, found = split_front_matter(text.removeprefix("\ufeff"), shown)
    if found or parsed is None:
        problems.extend(found)
        problems.append(error(shown, None, "cannot update this product from {cell} until its front matter is "
                              "fixed (ocop-site check)", cell=row.name_cell))
        return Change(path, shown, "unchanged")
    changed = _changed(parsed.data, row, shown, problems)
    if not changed:
        return Change(path, shown, "unchanged")
    names = tuple(name for name, _value in changed)
    start = re.match(r"\ufeff?---[ \t]*(\r?\n)", text)
    end = re.compile(r"^(?:---|\.\.\.)[ \t]*\r?$", re.MULTILINE).search(text, start.end()) if start else None
    try:
        if start is None or end is None:
            raise _Unsafe
        front = _edit(text[start.end():end.start()], changed, start.group(1))
        new_text = text[:start.end()] + front + text[end.start():]
        check, _b, _l, again = split_front_matter(new_text.removeprefix("\ufeff"), shown)
        before, after = _flat(parsed.data), _flat(check.data if check else None)
        if again or check is None or any(_get(check.data, n) != v for n, v in changed) or any(
                after.get(k) != v for k, v in before.items() if k not in names):
            raise _Unsafe
    except (_Unsafe, yaml.YAMLError):
        problems.append(error(shown, None, "cannot update {fields} here safely (the front matter is written "
                              "in an unusual shape): set them by hand from {cell}",
                              fields=", ".join(names), cell=row.name_cell))
        return Change(path, shown, "unchanged")
    return Change(path, shown, "updated", names, new_text)


def plan_changes(site_dir: Path, rows: list[Row], problems: list[SiteError]) -> list[Change]:
    """What importing ``rows`` would do to each product file (nothing is written here)."""
    existing = product_files(site_dir)
    changes = []
    for row in rows:
        path = existing.get(row.slug)
        if path is not None:
            changes.append(_update(path, path.relative_to(site_dir).as_posix(), row, problems))
            continue
        missing = [f for f in REQUIRED if f not in row.cells]  # a cell with a problem is told already
        if missing:
            problems.append(error(row.name_cell, None, "\"{name}\" is a new product: it needs {fields} (fill in "
                                  "the row, or add the columns)", name=row.values["name"], fields=", ".join(missing)))
            continue
        path = site_dir / PRODUCTS / row.slug / "index.md"
        changes.append(Change(path, path.relative_to(site_dir).as_posix(), "created", (), _new_text(row)))
    return changes


def not_in_sheet(site_dir: Path, rows: list[Row], file: str) -> list[SiteError]:
    """A warning for each product of the site that the sheet does not list (it is kept)."""
    listed = {row.slug for row in rows}
    return [warning(path.relative_to(site_dir).as_posix(), None, "not in {file}: kept (delete it by hand to "
                    "take it out of the catalogue)", file=file)
            for slug, path in product_files(site_dir).items() if slug not in listed]


def apply(changes: list[Change]) -> None:
    """Write each created or updated file whole: a temporary file beside it, then a rename."""
    for change in changes:
        if change.text is None:
            continue
        change.path.parent.mkdir(parents=True, exist_ok=True)
        temporary = change.path.with_name(f".{change.path.name}.importing")
        temporary.write_bytes(change.text.encode("utf-8"))
        os.replace(temporary, change.path)
