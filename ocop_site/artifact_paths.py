"""Which paths an artifact may have: plain relative paths inside the output.

Artifact paths come from the plan and, for what the last build wrote, from
the build state, which is not trusted (:mod:`state`): both are checked here.
"""
from __future__ import annotations

import re

__all__ = ["unsafe_path", "plain_only"]

_PLAIN_PATH = re.compile(r"(?![A-Za-z]:)(?:(?!\.\.?/)[^/\\\x00]+/)*(?!\.\.?\Z)[^/\\\x00]+\Z")
"""A plain relative path: parts of neither '/', '\\' nor NUL, none empty, '.' or '..', no drive."""


def unsafe_path(path: str) -> str | None:
    """Why ``path`` cannot be an artifact's path: ``"absolute"`` (not a relative path) or ``"parts"``
    (an empty, '.' or '..' part); None when it is a plain relative path."""
    if _PLAIN_PATH.match(path):
        return None
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or "\x00" in path or re.match(r"^[A-Za-z]:", path):
        return "absolute"
    if any(part in ("", ".", "..") for part in parts):
        return "parts"
    return None


def plain_only(paths: list[str]) -> list[str]:
    """The plain relative paths among ``paths`` (strings; :func:`unsafe_path`), in order; quick
    when all are, as a whole output's paths read back from the build state or the manifest are."""
    if all(map(_PLAIN_PATH.match, paths)):
        return paths
    return [path for path in paths if unsafe_path(path) is None]
