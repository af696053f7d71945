"""The problems of one document, each reported at the line of the front-matter key it is about.

:class:`Checker` holds the checks every kind of document shares: unknown keys (with the
field they likely mean), text that cannot be shown, a required field left out, and a value
that is not one of a field's choices.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Iterable

from ..documents import RawDocument
from ..errors import SiteError, error, warning
from ..suggest import near_miss
from ..vntext import text_problem

__all__ = ["Checker", "Unknown"]


class Checker:
    """Collects problems for one document; ``line(key)`` finds the key's line."""

    def __init__(self, doc: RawDocument, problems: list[SiteError]) -> None:
        self.doc = doc
        self.problems = problems
        self.data: dict[str, Any] = doc.front.data if doc.front else {}

    def line(self, key: str) -> int:
        lines = self.doc.front.lines if self.doc.front else {}
        return lines.get(key) or lines.get(key.rsplit(".", 1)[0]) or 1

    def fail(self, key: str, message: str, /, **values: object) -> None:
        """An error at ``key``'s line; ``message`` is a literal template, as for :func:`error`."""
        self.problems.append(error(self.doc.path, self.line(key), message, **values))

    def warn(self, key: str, message: str, kind: str = "", /, **values: object) -> None:
        self.problems.append(warning(self.doc.path, self.line(key), message, kind, **values))

    def unknown_keys(self, data: dict[str, Any], allowed: tuple[str, ...], prefix: str = "") -> None:
        for key in data:
            if key not in allowed:
                field, near = f"{prefix}{key}", near_miss(str(key), allowed)
                if near:
                    self.fail(field, "unknown field '{field}' (did you mean '{suggestion}'?); allowed: {allowed}",
                              field=field, suggestion=f"{prefix}{near}", allowed=", ".join(allowed))
                else:
                    self.fail(field, "unknown field '{field}' (allowed: {allowed})", field=field,
                              allowed=", ".join(allowed))

    def text(self, key: str, required: bool = False, data: dict[str, Any] | None = None,
             prefix: str = "") -> None:
        value = (self.data if data is None else data).get(key)
        field = f"{prefix}{key}"
        if value is None:
            if required:
                self.fail(field, "missing required field '{field}'", field=field)
            return
        problem = text_problem(value)
        if problem:
            self.fail(field, "'{field}' contains a character that cannot be shown ({char}): remove it",
                      field=field, char=problem)
        elif problem is not None:
            self.fail(field, "'{field}' must be text", field=field)

    def unknown_choice(self, key: str, allowed: Iterable[str]) -> Unknown | None:
        """The value of the required field ``key`` when it is not one of ``allowed`` (a missing
        field is reported here)."""
        value = self.data.get(key)
        options = list(allowed)
        if value is None:
            self.fail(key, "missing required field '{field}' (one of: {allowed})", field=key,
                      allowed=", ".join(options))
            return None
        if isinstance(value, (list, dict)):
            self.fail(key, "'{field}' must be one key, not a list or fields (allowed: {allowed})", field=key,
                      allowed=", ".join(options))
            return None
        if isinstance(value, bool):  # YAML reads yes, no, on, off, true and false so
            self.fail(key, "'{field}' must be one key, not yes or no (YAML reads yes, no, on, off, true and false "
                      "as yes or no: put a key spelled so in quotes); allowed: {allowed}", field=key,
                      allowed=", ".join(options))
            return None
        if str(value) in options:
            return None
        return Unknown(str(value), near_miss(str(value), options), ", ".join(options))


@dataclass(frozen=True, slots=True)
class Unknown:
    """A value that is not one of a field's choices, the choice it likely means, and all of them."""

    value: str
    suggestion: str | None
    allowed: str
