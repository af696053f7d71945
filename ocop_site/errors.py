"""One error type for everything a user can get wrong.

A :class:`SiteError` prints as ``path:line: error: message``, the format
compilers and editors understand. Every stage collects errors instead of
raising the first one; :class:`SiteErrors` carries all of them to the
command line, which is the only place that turns them into an exit code.

A message is kept as its English template (a literal string: the gettext
message id, extracted by Babel) and the values for its ``{names}``; the
command line translates the template when it prints, in the editor's
language (:mod:`ocop_site.messages`). So errors made in worker processes or
kept in the build state are shown in whatever language the next run asks for.
The words ``error`` and ``warning`` are never translated: editors' tools look
for them.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable

from .messages import N_, fill

Translate = Callable[[str], str]
"""English message template -> the same template in the editor's language."""


def english(template: str) -> str:
    return template


@dataclass(frozen=True, slots=True)
class SiteError:
    """A problem in one file; ``line`` is 1-based, ``None`` when unknown."""

    path: str
    line: int | None
    template: str  # the English message with {names}: the gettext message id
    severity: str = "error"  # "error" or "warning"
    kind: str = ""  # for warnings that come by the hundred: a key of SUMMARIES
    args: tuple[tuple[str, str], ...] = ()  # the {names}' values: data, never translated

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    @property
    def message(self) -> str:
        """The message in English."""
        return self.text()

    def text(self, translate: Translate = english) -> str:
        """The message in the language ``translate`` gives."""
        return fill(translate(self.template), dict(self.args))

    def render(self, translate: Translate = english) -> str:
        """``path:line: error: message``."""
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.text(translate)}"

    def __str__(self) -> str:
        return self.render()


def _args(values: dict[str, object]) -> tuple[tuple[str, str], ...]:
    return tuple(sorted((name, str(value)) for name, value in values.items()))


@dataclass(frozen=True, slots=True)
class Message:
    """A message told before its file and line are known (an image worker's verdict on a
    picture): the English template and its values, as in :class:`SiteError`."""

    template: str
    args: tuple[tuple[str, str], ...] = ()

    def text(self, translate: Translate = english) -> str:
        return fill(translate(self.template), dict(self.args))

    def at(self, path: str, line: int | None, severity: str = "error", /, **values: object) -> SiteError:
        """The message as a problem of ``path``; ``values`` adds names known only there."""
        return SiteError(path, line, self.template, severity, "", _args({**dict(self.args), **values}))


def message(template: str, /, **values: object) -> Message:
    """A :class:`Message`; ``template`` is a literal English template, as for :func:`error`."""
    return Message(template, _args(values))


def error(path: str | Path, line: int | None, message: str, /, **values: object) -> SiteError:
    """An error; ``message`` is a literal English template, ``values`` fill its ``{names}``."""
    return SiteError(str(path), line, message, "error", "", _args(values))


def warning(path: str | Path, line: int | None, message: str, kind: str = "", /,
            **values: object) -> SiteError:
    """A warning; ``kind`` groups warnings that come by the hundred (a key of SUMMARIES)."""
    return SiteError(str(path), line, message, "warning", kind, _args(values))


SUMMARIES = {
    "no-images": N_("{count} products have no images: a placeholder is shown"),
    "no-translation": N_("{count} products are not translated into every language: their {lang} text is shown"),
    "certificate-expired": N_("{count} certificates have expired"),
}
"""One line for many warnings of a kind; ``{count}`` is filled in, other names from the kind's first warning."""

SUMMARY_FILES = 3
"""A summary names this many files; ``--verbose`` lists every warning instead."""


def _grouped(count: int) -> str:
    return f"{count:,}"


def summarize(warnings: Iterable[SiteError], verbose: bool = False, translate: Translate = english,
              number: Callable[[int], str] = _grouped) -> list[str]:
    """Warnings as lines to print: each one, or one line per kind when a kind has many;
    ``number`` writes the count of a kind."""
    items = list(warnings)
    by_kind: dict[str, list[SiteError]] = {}
    for item in items:
        if item.kind in SUMMARIES:
            by_kind.setdefault(item.kind, []).append(item)
    lines: list[str] = []
    done: set[str] = set()
    for item in items:
        group = by_kind.get(item.kind, [])
        if verbose or len(group) <= SUMMARY_FILES:
            lines.append(item.render(translate))
        elif item.kind not in done:
            done.add(item.kind)
            files = ", ".join(w.path for w in group[:SUMMARY_FILES])
            text = fill(translate(SUMMARIES[item.kind]), {**dict(group[0].args), "count": number(len(group))})
            more = translate(N_("--verbose lists all"))
            lines.append(f"warning: {text} ({files}, …; {more})")
    return lines


class SiteErrors(Exception):
    """Raised once, at the end of a stage, with every error it found."""

    def __init__(self, problems: Iterable[SiteError]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def sort_problems(problems: Iterable[SiteError]) -> list[SiteError]:
    """Errors in file order, so the report reads like the content tree."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
