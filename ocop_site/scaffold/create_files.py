"""Writing the files that ``ocop-site new`` made, never over a file that is already there."""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from ..errors import SiteErrors, error

__all__ = ["create"]


def create(files: Mapping[Path, str], site_dir: Path | None = None) -> list[str]:
    """Write ``files`` (creating folders); none is written when any already exists.
    Returns the paths written, relative to ``site_dir`` (as given without one)."""
    taken = [path for path in files if path.exists()]
    if taken:
        raise SiteErrors([error(_shown(path, site_dir), None, "already exists: nothing was written, "
                                "nothing was overwritten") for path in taken])
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return [_shown(path, site_dir) for path in files]


def _shown(path: Path, site_dir: Path | None) -> str:
    return str(path) if site_dir is None else path.relative_to(site_dir).as_posix()
