"""Settings ``site.yaml`` does not know, at the top or inside a block, each reported at its line."""
from __future__ import annotations

from typing import Any, Mapping

from .errors import Message, SiteError, error
from .frontmatter import Parsed
from .suggest import near_miss

__all__ = ["unknown_settings", "unknown_block_settings"]


def unknown_settings(data: Mapping[Any, Any], known_keys: tuple[str, ...], parsed: Parsed, path: str,
                     problems: list[SiteError]) -> None:
    """Top-level keys not in ``known_keys``, with the known key a typo most likely meant."""
    line = parsed.lines.get
    for key in data:
        if key not in known_keys:
            known, near = ", ".join(known_keys), near_miss(str(key), known_keys)
            if near:
                problems.append(error(path, line(str(key)), "unknown setting '{key}' (did you mean "
                                      "'{suggestion}'?); known: {known}", key=key, suggestion=near, known=known))
            else:
                problems.append(error(path, line(str(key)), "unknown setting '{key}' (known: {known})", key=key,
                                      known=known))


def unknown_block_settings(data: Mapping[Any, Any], block: str, known_keys: tuple[str, ...], unknown: Message,
                           parsed: Parsed, path: str, problems: list[SiteError]) -> None:
    """Keys of the ``block:`` mapping not in ``known_keys``; ``unknown`` is the block's own message,
    with ``{key}`` and ``{known}``."""
    for key in data:
        if key not in known_keys:
            problems.append(unknown.at(path, parsed.lines.get(f"{block}.{key}"), key=key,
                                       known=", ".join(known_keys)))
