"""One content file, parsed: front matter, body and problems, as a JSON record.

Parsing (UTF-8, NFC, front matter, YAML with a line for every key) is the
costly part of reading a catalogue, so the result is kept in the build
state's parse cache under the file's content hash. Fresh parses go through
the same JSON record as cached ones, so both give exactly the same values.

YAML values that JSON lacks are tagged: a JSON object in a record is always
``{"t": tag, "v": value}`` (``date``, ``datetime``, ``map`` — a mapping as
pairs, since YAML keys need not be text — or ``other`` for the rare
``!!binary`` and ``!!set`` values, kept as an :class:`Opaque` stand-in that
validation refuses like any value of the wrong type). A record read from
the cache is untrusted: :func:`decode_record` checks its every part and
returns None for anything malformed, which makes the loader parse again.
"""
from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

from .errors import SiteError
from .frontmatter import Parsed, split_front_matter
from .vntext import nfc

__all__ = ["ParsedFile", "Opaque", "parse_file", "decode_record", "decode_text", "PARSE_VERSION"]

PARSE_VERSION = 1
"""Bump when parsing changes what a record holds; older records are parsed again."""


@dataclass(frozen=True, slots=True)
class Opaque:
    """A YAML value of a type no field accepts (binary data, a set)."""

    type: str
    text: str

    def __repr__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class ParsedFile:
    front: Parsed | None
    body: str
    body_line: int
    problems: tuple[tuple[int | None, str], ...]  # (line, message): errors in the file itself

    def errors(self, path: str) -> list[SiteError]:
        return [SiteError(path, line, message) for line, message in self.problems]


def decode_text(raw: bytes) -> str | tuple[int, str]:
    """UTF-8 (with or without BOM) -> NFC text with ``\\n`` line ends; or (line, why not)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1, "file is not UTF-8 text: save it as UTF-8"
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def _encode(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, dt.datetime):
        return {"t": "datetime", "v": value.isoformat()}
    if isinstance(value, dt.date):
        return {"t": "date", "v": value.isoformat()}
    if isinstance(value, (list, tuple)):
        return [_encode(item) for item in value]
    if isinstance(value, dict):
        return {"t": "map", "v": [[_encode(k), _encode(v)] for k, v in value.items()]}
    text = repr(sorted(value, key=repr)) if isinstance(value, (set, frozenset)) else repr(value)
    return {"t": "other", "v": [type(value).__name__, text]}


class _Malformed(Exception):
    pass


def _decode(value: Any, depth: int = 0) -> Any:
    if depth > 200:
        raise _Malformed
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, list):
        return [_decode(item, depth + 1) for item in value]
    if not isinstance(value, dict) or set(value) != {"t", "v"}:
        raise _Malformed
    tag, inner = value["t"], value["v"]
    try:
        if tag == "date" and isinstance(inner, str):
            return dt.date.fromisoformat(inner)
        if tag == "datetime" and isinstance(inner, str):
            return dt.datetime.fromisoformat(inner)
    except ValueError:
        raise _Malformed from None
    if tag == "map" and isinstance(inner, list):
        out = {}
        for pair in inner:
            if not isinstance(pair, list) or len(pair) != 2:
                raise _Malformed
            key = _decode(pair[0], depth + 1)
            if isinstance(key, (list, dict)):
                raise _Malformed
            out[key] = _decode(pair[1], depth + 1)
        return out
    if tag == "other" and isinstance(inner, list) and len(inner) == 2 and all(isinstance(s, str) for s in inner):
        return Opaque(inner[0], inner[1])
    raise _Malformed


def parse_file(raw: bytes, shown: str) -> str:
    """Parse a content file's bytes; the JSON record :func:`decode_record` reads."""
    text = decode_text(raw)
    if isinstance(text, tuple):
        front, body, body_line = None, "", 1
        problems = [[text[0], text[1]]]
    else:
        front, body, body_line, errors = split_front_matter(text, shown)
        problems = [[e.line, e.message] for e in errors]
    return json.dumps({
        "version": PARSE_VERSION,
        "front": None if front is None else _encode(front.data),
        "lines": None if front is None else dict(front.lines),
        "body": body, "body_line": body_line, "problems": problems,
    }, ensure_ascii=False, separators=(",", ":"))


def decode_record(text: str) -> ParsedFile | None:
    """The record of :func:`parse_file`, or None when it is not one (a damaged cache)."""
    try:
        record = json.loads(text)
        if not isinstance(record, dict) or record.get("version") != PARSE_VERSION:
            return None
        body, body_line, problems = record["body"], record["body_line"], record["problems"]
        lines = record["lines"]
        front = None
        if record["front"] is not None:
            data = _decode(record["front"])
            if not isinstance(data, dict) or not isinstance(lines, dict) or not all(
                    isinstance(k, str) and isinstance(v, int) for k, v in lines.items()):
                return None
            front = Parsed(data, lines)
        if not (isinstance(body, str) and isinstance(body_line, int) and isinstance(problems, list)):
            return None
        found: list[tuple[int | None, str]] = []
        for item in problems:
            if not (isinstance(item, list) and len(item) == 2 and isinstance(item[1], str)
                    and (item[0] is None or isinstance(item[0], int))):
                return None
            found.append((item[0], item[1]))
        return ParsedFile(front, body, body_line, tuple(found))
    except (ValueError, KeyError, TypeError, RecursionError, _Malformed):
        return None
