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

    @property
    def is_warning(self) -> bool:
        return self.severity == "warning"

    def __str__(self) -> str:
        where = self.path if self.line is None else f"{self.path}:{self.line}"
        return f"{where}: {self.severity}: {self.message}"


def error(path: str | Path, line: int | None, message: str) -> SiteError:
    return SiteError(str(path), line, message, "error")


def warning(path: str | Path, line: int | None, message: str) -> SiteError:
    return SiteError(str(path), line, message, "warning")


class SiteErrors(Exception):
    """Raised once, at the end of a stage, with every error it found."""

    def __init__(self, problems: Iterable[SiteError]) -> None:
        self.problems = tuple(problems)
        super().__init__("\n".join(str(p) for p in self.problems))


def sort_problems(problems: Iterable[SiteError]) -> list[SiteError]:
    """Errors in file order, so the report reads like the content tree."""
    return sorted(problems, key=lambda p: (p.path, p.line or 0, p.message))
