"""Days as a language writes them in full, for certificates and the statistics page."""
from __future__ import annotations

import datetime as dt
import functools

__all__ = ["format_date"]


@functools.lru_cache(maxsize=4096)
def format_date(day: dt.date | None, lang: str) -> str | None:
    """A day as the language writes it in full (``15 tháng 1, 2026``)."""
    from babel.dates import format_date as babel_format_date

    return babel_format_date(day, "long", locale=lang.replace("-", "_")) if day else None
