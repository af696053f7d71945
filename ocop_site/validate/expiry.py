"""What depends on the day of the build, so it is never kept: an expired certificate, and a
certificate recognised in a year still to come."""
from __future__ import annotations

import datetime as dt

from ..errors import SiteError, error, warning

__all__ = ["expiry_warning", "year_error"]


def expiry_warning(path: str, line: int, expires: dt.date, today: dt.date) -> SiteError | None:
    """A certificate whose last valid day has passed."""
    if expires >= today:
        return None
    return warning(path, line, "certificate expired on {date}", "certificate-expired", date=expires.isoformat())


def year_error(path: str, line: int, year: int, today: dt.date) -> SiteError | None:
    """A certificate known only by its year (``certificate.year``), that year after the build's."""
    if year <= today.year:
        return None
    return error(path, line, "certificate.year {year} is after the year of the build ({today}): write the year "
                 "the certificate was issued", year=str(year), today=str(today.year))
