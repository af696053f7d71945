"""One error type for everything a user can get wrong.

A :class:`SiteError` prints as ``path:line: error: message``, the format
compilers and editors understand. Every stage collects errors instead of
raising the first one; :class:`SiteErrors` carries all of them to the
command line, which is the only place that turns them into an exit code.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Iterable


@dataclass(frozen=True, slots=True)
class SiteError:
    """A problem in one file; ``line`` is 1-based, ``None`` when unknown."""

    path: str
    line: int | None
    message: str
    severity: str = "error"  # "error" or "warning"
    kind: str = ""  # for warnings that come by the hundred: a key of SUMMARIES

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"


def error(path: str | Path, line: int | None, message: str) -> SiteError:
    return SiteError(str(path), line, message, "error")


def warning(path: str | Path, line: int | None, message: str, kind: str = "") -> SiteError:
    return SiteError(str(path), line, message, "warning", kind)


SUMMARIES = {
    "no-images": "{count} products have no images: a placeholder is shown",
    "no-translation": "{count} products are not translated into every language: their {lang} text is shown",
    "certificate-expired": "{count} certificates have expired",
}
"""One line for many warnings of a kind; ``{count}`` is filled in, ``{lang}`` by the caller."""

SUMMARY_FILES = 3
"""A summary names this many files; ``--verbose`` lists every warning instead."""


def summarize(warnings: Iterable[SiteError], verbose: bool = False, **values: str) -> list[str]:
    """Warnings as lines to print: each one, or one line per kind when a kind has many."""
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
            lines.append(str(item))
        elif item.kind not in done:
            done.add(item.kind)
            files = ", ".join(w.path for w in group[:SUMMARY_FILES])
            text = SUMMARIES[item.kind].format(count=f"{len(group):,}", **values)
            lines.append(f"warning: {text} ({files}, …; --verbose lists all)")
    return lines


class SiteErrors(Exception):
    """Raised once, at the end of a stage, with every error it found."""

    def __init__(self, problems: Iterable[SiteError]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def sort_problems(problems: Iterable[SiteError]) -> list[SiteError]:
    """Errors in file order, so the report reads like the content tree."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
