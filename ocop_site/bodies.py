"""Markdown bodies, fetched only when one is rendered.

The model holds a digest per body (:func:`ocop_site.build_model.body_key`);
most builds render few bodies (the others' HTML is in the build state), so
their texts are not kept with the model. A :class:`BodyStore` has the texts
of the files read in this build, and reads any other file again when its
body is needed; either way the text's digest must match, so a file edited
while the site is being built is noticed, not published half-old.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

from .build_model import body_key
from .errors import SiteErrors, error
from .parsed import parse_document

__all__ = ["BodyStore"]


class BodyStore:
    def __init__(self, site_dir: Path, fresh: Mapping[str, str]) -> None:
        self.site_dir = site_dir
        self.fresh = dict(fresh)  # digest -> text, for the files read in this build

    def text(self, key: str, path: str) -> str:
        """The body with digest ``key``, from the content file ``path`` (relative to the site)."""
        found = self.fresh.get(key)
        if found is None:
            try:
                found = parse_document((self.site_dir / path).read_bytes(), path).body
            except OSError as exc:
                raise SiteErrors([error(path, None, "cannot read file: {detail}",
                                        detail=exc.strerror or exc)]) from None
        if body_key(found) != key:
            raise SiteErrors([error(path, None, "changed while the site was being built: build again")])
        return found
