"""Names that Windows (and so a USB stick opened on it) cannot give a file or folder.

``CON``, ``PRN``, ``AUX``, ``NUL``, ``COM1``–``COM9`` and ``LPT1``–``LPT9`` (with any
extension, in any case) name devices there: a page at ``products/con/index.html`` could not
be copied to such a disk. Slugs and the keys that become folders are checked against this
when the content is validated; ``ocop-site bundle`` checks every path again.
"""
from __future__ import annotations

import re

__all__ = ["windows_reserved"]

_RESERVED = re.compile(r"^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\..*)?$", re.IGNORECASE)


def windows_reserved(name: str) -> bool:
    """Whether ``name`` (one file or folder name) is one Windows keeps for a device."""
    return _RESERVED.match(name) is not None
