"""An expired certificate: the one problem that depends on the day of the build, so it is never kept."""
from __future__ import annotations

import datetime as dt

from ..errors import SiteError, warning

__all__ = ["expiry_warning"]


def expiry_warning(path: str, line: int, expires: dt.date, today: dt.date) -> SiteError | None:
    """The one problem that depends on the day of the build."""
    if expires >= today:
        return None
    return warning(path, line, "certificate expired on {date}", "certificate-expired", date=expires.isoformat())
