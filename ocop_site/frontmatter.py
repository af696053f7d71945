"""Split a Markdown file into YAML front matter and body, keeping line numbers.

The front matter is parsed once, with PyYAML's C loader where it is
installed (the largest cost on big catalogues was pure-Python YAML). Every
key, nested keys and list items included, keeps the 1-based line it sits
on, so validation can point editors at the exact line to fix.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Iterator, Mapping

import yaml

from .errors import SiteError, error

try:  # pragma: no cover - depends on how PyYAML was built
    _SafeLoader: Any = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _SafeLoader = yaml.SafeLoader


class _Loader(_SafeLoader):
    """The safe loader, but digits written after a leading ``0`` or ``+`` are text, as written: a
    phone number (``02253123456``, ``+84912345678``), a certificate number (``012``). YAML 1.1
    reads the first as an octal number (313304878), drops the ``+`` and the leading zeros, or
    makes ``0912.345678`` a fraction; no field wants such a number."""

    yaml_implicit_resolvers = {first: list(found) for first, found in _SafeLoader.yaml_implicit_resolvers.items()}


for _first in "0+-":
    _Loader.yaml_implicit_resolvers.setdefault(_first, []).insert(
        0, ("tag:yaml.org,2002:str", re.compile(r"^(?:[-+]?0|\+)[0-9][0-9_.]*$")))

__all__ = ["Parsed", "parse_yaml", "split_front_matter", "split_text"]


@dataclass(frozen=True, slots=True)
class Parsed:
    """YAML data plus the line of every key path (``"producer.type"``, ``"images.0"``)."""

    data: Any
    lines: Mapping[str, int]


MAX_DEPTH = 50
"""Front matter and site.yaml nest at most this deep; a product needs three levels."""

_RISKY = re.compile(r"[&*\[{]|^ {40,}|(?:- ){10}", re.MULTILINE)
"""What deep nesting or aliases need: a text without any is composed without a first scan."""


def _key_lines(node: yaml.Node, offset: int, prefix: str, out: dict[str, int],
               problems: list[tuple[int, str, int]]) -> None:
    """The line of every key path; a key given twice in one mapping is a problem (YAML would
    silently keep the last one, and an editor's first value would be lost)."""
    if isinstance(node, yaml.MappingNode):
        seen: dict[object, int] = {}
        for key_node, value_node in node.value:
            path = f"{prefix}{key_node.value}"
            line = key_node.start_mark.line + offset
            key = (key_node.tag, key_node.value)
            if isinstance(key_node, yaml.ScalarNode) and key in seen:
                problems.append((line, path, seen[key]))  # (line, key path, its first line)
            seen.setdefault(key, line)
            out.setdefault(path, line)
            _key_lines(value_node, offset, path + ".", out, problems)
    elif isinstance(node, yaml.SequenceNode):
        for index, item in enumerate(node.value):
            path = f"{prefix}{index}"
            out.setdefault(path, item.start_mark.line + offset)
            _key_lines(item, offset, path + ".", out, problems)


def _scan(text: str, path: str, first_line: int) -> SiteError | None:
    """Refuse anchors and aliases (one short file could expand to gigabytes: "billion laughs")
    and nesting deeper than :data:`MAX_DEPTH`, from libyaml's event stream, which reads
    iteratively: composing nodes recurses, and a hundred thousand '[' would crash it."""
    depth = 0
    loader = _Loader(text)
    try:
        while loader.check_event():
            event = loader.get_event()
            line = event.start_mark.line + first_line
            if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
                return error(path, line, "YAML anchors and aliases (& and *) are not allowed: write each value out")
            if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
                depth += 1
                if depth > MAX_DEPTH:
                    return error(path, line, "nested more than {depth} levels deep: simplify this value",
                                 depth=MAX_DEPTH)
            elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
                depth -= 1
    except yaml.YAMLError:
        return None  # composing reports it, with its line
    finally:
        loader.dispose()
    return None


def _invalid(path: str, line: int, problem: str, text: str) -> SiteError:
    """PyYAML's ``problem`` at ``line``, with a plain-words hint for the mistakes editors make most
    (``text``: the text of the line)."""
    if "nesting depth" in problem:  # PyYAML 6.0.4 and later refuse deep nesting themselves
        return error(path, line, "nested more than {depth} levels deep: simplify this value", depth=MAX_DEPTH)
    if "\t" in text or "tab" in problem:
        return error(path, line, "invalid YAML: {detail} (indent with spaces, not tabs)", detail=problem)
    if "flow" in problem or "mapping values are not allowed" in problem:
        return error(path, line, "invalid YAML: {detail} (check the indentation, and put text that contains "
                     "': ' or starts with [ {{ * & ! | > % @ in quotes)", detail=problem)
    return error(path, line, "invalid YAML: {detail}", detail=problem)


def _scalars(node: yaml.Node) -> Iterator[yaml.ScalarNode]:
    stack = [node]
    while stack:
        current = stack.pop()
        if isinstance(current, yaml.ScalarNode):
            yield current
        elif isinstance(current, yaml.SequenceNode):
            stack.extend(reversed(current.value))
        elif isinstance(current, yaml.MappingNode):
            stack.extend(n for pair in reversed(current.value) for n in reversed(pair))


def _unconstructable(node: yaml.Node, loader: Any, path: str, first_line: int) -> SiteError:
    """The value PyYAML could not turn into data (an impossible date such as 2023-02-30)."""
    for scalar in _scalars(node):
        loader.constructed_objects, loader.recursive_objects = {}, {}
        try:
            loader.construct_object(scalar, deep=True)
        except (ValueError, OverflowError, TypeError, yaml.YAMLError) as exc:
            line = scalar.start_mark.line + first_line
            if scalar.tag.endswith(":timestamp"):
                return error(path, line, "'{value}' is not a date this program can read ({detail}); "
                             "write dates as YYYY-MM-DD with a real day and month", value=scalar.value, detail=exc)
            return error(path, line, "'{value}' is not a value this program can read ({detail}); "
                         "write dates as YYYY-MM-DD with a real day and month", value=scalar.value, detail=exc)
    return error(path, first_line, "invalid YAML: a value cannot be read")


def parse_yaml(text: str, path: str, first_line: int = 1) -> tuple[Parsed | None, list[SiteError]]:
    """Parse one YAML document whose first line is ``first_line`` of ``path``."""
    if _RISKY.search(text):
        refused = _scan(text, path, first_line)
        if refused is not None:
            return None, [refused]
    loader = _Loader(text)
    node = None
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except RecursionError:
        return None, [error(path, first_line, "nested more than {depth} levels deep: simplify it", depth=MAX_DEPTH)]
    except (ValueError, OverflowError, TypeError) as exc:
        if node is None:
            return None, [error(path, first_line, "invalid YAML: {detail}", detail=exc)]
        return None, [_unconstructable(node, loader, path, first_line)]
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + first_line if mark is not None else first_line
        problem = " ".join(filter(None, [exc.context, exc.problem]))
        text_lines = text.split("\n")
        shown = text_lines[mark.line] if mark is not None and mark.line < len(text_lines) else ""
        return None, [_invalid(path, line, problem, shown)]
    except yaml.YAMLError as exc:
        return None, [error(path, first_line, "invalid YAML: {detail}", detail=exc)]
    finally:
        loader.dispose()
    lines: dict[str, int] = {}
    twice: list[tuple[int, str, int]] = []
    if node is not None:
        _key_lines(node, first_line, "", lines, twice)
    if twice:
        return None, [error(path, line, "'{field}' is given twice (lines {first} and {line}): keep one",
                            field=key, first=first, line=line) for line, key, first in twice]
    return Parsed(data, lines), []


def split_front_matter(
    text: str, path: str
) -> tuple[Parsed | None, str, int, list[SiteError]]:
    """Return (front matter, body, body's first line, errors)."""
    found = split_text(text)
    if found is None:
        if text.split("\n", 1)[0].strip() != "---":
            return None, text, 1, [
                error(path, 1, "missing front matter: the file must start with a '---' line, "
                      "then YAML fields, then another '---' line")
            ]
        return None, "", text.count("\n") + 1, [
            error(path, 1, "front matter is not closed: add a '---' line after the fields")
        ]
    front, body, body_line = found
    parsed, problems = parse_yaml(front[front.index("\n") + 1:front.rindex("\n")], path, first_line=2)
    if parsed is not None and parsed.data is None:  # only comments, or nothing: no fields
        parsed = Parsed({}, parsed.lines)
    if parsed is not None and not isinstance(parsed.data, dict):
        return None, body, body_line, [
            error(path, 2, "front matter must be a set of 'key: value' fields")
        ]
    return parsed, body, body_line, problems


def split_text(text: str) -> tuple[str, str, int] | None:
    """(the front matter with its two ``---`` lines, the body, the body's first line), without
    parsing anything; None when ``text`` has no closed front matter. A file's fields depend on
    the first part only."""
    lines = text.split("\n")
    if lines[0].strip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].strip() in ("---", "..."):
            return "\n".join(lines[:index + 1]), "\n".join(lines[index + 1:]), index + 2
    return None
