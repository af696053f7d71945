"""Write a build beside ``output/`` and swap it in only when it succeeded.

A failed build never leaves a half-written site: pages go into a staging
folder next to the output folder, which replaces the old output in two
renames at the very end. Nothing outside the output folder and its staging
folder is ever deleted, and a folder that was not made by ocop-site is
never replaced.
"""
from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from .errors import SiteErrors, error

__all__ = ["Staging", "MARKER"]

MARKER = ".ocop-site"
"""A small file in every output folder: proof that it is ours to replace."""


class Staging:
    """A folder to write a new build into; ``commit()`` swaps it into place."""

    def __init__(self, output: Path, site_dir: Path) -> None:
        self.output = output.resolve()
        site = site_dir.resolve()
        if self.output == site or site.is_relative_to(self.output):
            raise SiteErrors([error(str(output), None, "the output folder cannot be the site folder "
                                    "or one of its parents")])
        if self.output.exists():
            if not self.output.is_dir():
                raise SiteErrors([error(str(output), None, "output exists and is not a folder")])
            if any(self.output.iterdir()) and not (self.output / MARKER).is_file():
                raise SiteErrors([error(str(output), None, "output folder is not empty and was not "
                                        "made by ocop-site: refusing to replace it")])
        self.output.parent.mkdir(parents=True, exist_ok=True)
        self.root = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=self.output.parent))
        self._dirs: set[Path] = set()

    def write(self, relative: str, data: bytes) -> None:
        target = self.root / relative
        if target.parent not in self._dirs:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._dirs.add(target.parent)
        target.write_bytes(data)

    def copy(self, relative: str, source: Path) -> None:
        target = self.root / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source, target)

    def commit(self) -> None:
        (self.root / MARKER).write_text("built by ocop-site\n", encoding="utf-8")
        os.chmod(self.root, 0o755)
        old = None
        if self.output.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.old-", dir=self.output.parent))
            os.replace(self.output, old / "site")
        os.replace(self.root, self.output)
        if old is not None:
            shutil.rmtree(old)

    def rollback(self) -> None:
        shutil.rmtree(self.root, ignore_errors=True)
