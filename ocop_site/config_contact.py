"""The ``contact:`` block of ``site.yaml`` -> :class:`Contact`: whom buyers can ask when a
producer gives no way to reach it."""
from __future__ import annotations

import re
from typing import Any

from .config_keys import unknown_block_settings
from .config_text import localized
from .errors import SiteError, error, message
from .frontmatter import Parsed
from .model import Contact
from .vntext import nfc, text_problem

__all__ = ["EMAIL", "parse_contact"]

_CONTACT_KEYS = ("office", "note", "phone", "email", "website")
EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def parse_contact(data: Any, languages: tuple[str, ...], parsed: Parsed, path: str,
                  problems: list[SiteError]) -> Contact | None:
    """``contact: {office: …, note: …, phone: …, email: …, website: …}``: whom buyers can ask
    about a product whose producer gives no phone, e-mail or website; only ``office`` is needed."""
    if data is None:
        return None
    line = parsed.lines.get
    if not isinstance(data, dict):
        problems.append(error(path, line("contact"), "contact: expected settings such as 'office: …' "
                              "(whom buyers can ask) and optional 'note', 'phone', 'email' and 'website'"))
        return None
    count = len(problems)
    unknown_block_settings(data, "contact", _CONTACT_KEYS,
                           message("contact: unknown setting '{key}' (known: {known})"), parsed, path, problems)
    office = None
    if data.get("office") is None:
        problems.append(error(path, line("contact"), "contact.office: missing: name the office buyers can ask, "
                              "such as the commune's economic office"))
    else:
        office = localized(data["office"], languages, path, line("contact.office"), "contact.office", problems)
    note = (localized(data["note"], languages, path, line("contact.note"), "contact.note", problems)
            if data.get("note") is not None else None)
    found: dict[str, str | None] = {}
    for key in ("phone", "email", "website"):
        value = data.get(key)
        if value is None:
            found[key] = None
            continue
        problem = text_problem(value)
        if problem is not None:
            problems.append(error(path, line(f"contact.{key}"), "contact.{key}: expected text, such as {example}",
                                  key=key, example={"phone": "'0225 3 123 456'", "email": "ocop@example.gov.vn",
                                                    "website": "https://example.gov.vn/"}[key]))
            continue
        found[key] = nfc(str(value)).strip()
    if found.get("email") and not EMAIL.match(found["email"] or ""):
        problems.append(error(path, line("contact.email"), "contact.email: '{email}' is not an e-mail address",
                              email=found["email"]))
    if found.get("website") and not (found["website"] or "").startswith(("http://", "https://")):
        problems.append(error(path, line("contact.website"), "contact.website must start with http:// or https://"))
    if len(problems) > count or office is None:
        return None
    return Contact(office, note, found["phone"], found["email"], found["website"])
