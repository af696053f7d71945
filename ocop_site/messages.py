"""The editor's language: which one, and the command line's texts in it.

Every message a user sees exists in Vietnamese and English. The English text
is the gettext message id, so English needs no catalogue; Vietnamese comes
from ``locale/vi/LC_MESSAGES/ocop_site.mo``. The language is, in this order:

1. ``--lang vi|en`` on the command line;
2. ``OCOP_SITE_LANG`` (``vi``, ``en``, or a locale name such as ``vi_VN.UTF-8``;
   any other value is ignored, as if it were not set);
3. the locale, as gettext reads it: the first of ``LC_ALL``, ``LC_MESSAGES``
   and ``LANG`` that is set decides, ``vi_VN.UTF-8`` giving Vietnamese and
   anything else (``C``, ``POSIX``, ``en_US.UTF-8``, ``fr_FR``) English;
4. English.

While :func:`speaking` is in effect, :func:`_` translates into its language,
and so does argparse (``usage:``, ``--help``, its errors), which looks its
texts up in gettext's global domain: :func:`speaking` points that domain at
this program's catalogue, as the Python documentation suggests for
translating argparse.

After adding or changing messages in the code, refresh the catalogues and
translate what is new in ``ocop_site/locale/vi/LC_MESSAGES/ocop_site.po``::

    python -m ocop_site.catalogues

(it extracts ``ocop_site.pot`` with Babel, merges it into the ``.po``, compiles
the ``.mo``, and lists the messages still without a translation).
"""
from __future__ import annotations

import functools
import gettext
import os
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Callable, Iterator, Mapping, Sequence

__all__ = ["LANGUAGES", "DOMAIN", "LOCALE_DIR", "choose_language", "language_flag", "translation",
           "speaking", "spoken", "translator", "_", "_n", "N_", "fill", "number", "product_count",
           "language_count", "page_count", "file_count"]

LANGUAGES = ("vi", "en")
DOMAIN = "ocop_site"
LOCALE_DIR = Path(__file__).resolve().parent / "locale"
_LOCALE_VARIABLES = ("LC_ALL", "LC_MESSAGES", "LANG")

_speaking: ContextVar[str] = ContextVar("ocop_site_language", default="en")


def _language_of(value: str) -> str | None:
    """``vi``, ``vi_VN.UTF-8``, ``vi-VN``, ``VI`` -> ``vi``; a language this program does not
    speak -> None."""
    code = value.strip().split(".")[0].split("@")[0].replace("-", "_").split("_")[0].lower()
    return code if code in LANGUAGES else None


def choose_language(flag: str | None, environ: Mapping[str, str]) -> str:
    """The language to speak: ``flag`` (``--lang``), else ``OCOP_SITE_LANG``, else the locale,
    else English."""
    for wanted in (flag, environ.get("OCOP_SITE_LANG")):
        found = _language_of(wanted) if wanted else None
        if found:
            return found
    for variable in _LOCALE_VARIABLES:
        value = environ.get(variable)
        if value:
            return _language_of(value) or "en"
    return "en"


def language_flag(argv: Sequence[str]) -> str | None:
    """The value of the last ``--lang X`` or ``--lang=X`` among the options of ``argv``: known
    before argparse runs, so that ``--help`` and usage errors are in that language too. After
    the command ``new``, ``--lang`` names a translation's language, not the messages'."""
    found = None
    value_next = False
    for arg in argv:
        if value_next:
            found, value_next = arg, False
        elif arg == "--" or arg == "new":
            break
        elif arg == "--lang":
            value_next = True
        elif arg.startswith("--lang="):
            found = arg[len("--lang="):]
    return found


@functools.lru_cache(maxsize=None)
def translation(lang: str) -> gettext.NullTranslations:
    """The catalogue of ``lang``; English (and a missing catalogue) translates nothing."""
    return gettext.translation(DOMAIN, LOCALE_DIR, languages=[lang], fallback=True)


class _Keep(dict):  # type: ignore[type-arg]
    """Values for ``str.format_map``; a name without one stays as ``{name}``."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def fill(template: str, values: Mapping[str, object]) -> str:
    """``template`` with its ``{names}`` replaced; a name without a value is left as it is, and a
    template that is not a valid format (a damaged translation) is shown unfilled, never an exception."""
    try:
        return template.format_map(_Keep(values))
    except (IndexError, ValueError, AttributeError, TypeError):
        return template


def _(message: str, /, **values: object) -> str:
    """``message`` (an English text, the message id) in the language being spoken, its
    ``{names}`` filled from ``values`` when there are any."""
    text = translation(_speaking.get()).gettext(message)
    return fill(text, values) if values else text


def _n(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The form of ``singular`` or ``plural`` (English texts, the message id) that ``count`` takes
    in the language being spoken (Vietnamese has one form), with ``{count}`` written as that
    language writes numbers and the other ``{names}`` filled from ``values``."""
    text = translation(_speaking.get()).ngettext(singular, plural, count)
    return fill(text, {"count": number(count), **values})


def product_count(count: int) -> str:
    """``1 product``, ``2 products``: a count the summaries share."""
    return _n("{count} product", "{count} products", count)


def language_count(count: int) -> str:
    return _n("{count} language", "{count} languages", count)


def page_count(count: int) -> str:
    return _n("{count} page", "{count} pages", count)


def file_count(count: int) -> str:
    return _n("{count} file", "{count} files", count)


def spoken() -> str:
    """The language being spoken (``vi`` or ``en``)."""
    return _speaking.get()


def translator() -> Callable[[str], str]:
    """The language being spoken, as a function of English texts, for work done where
    :func:`speaking` is not in effect (another thread)."""
    return translation(_speaking.get()).gettext


def N_(message: str) -> str:
    """Marks a text for the catalogue where it is written; it is translated where it is shown."""
    return message


def number(value: float, decimals: int = 0) -> str:
    """A number as the language being spoken writes it: ``1,234.5`` in English, ``1.234,5`` in
    Vietnamese."""
    text = f"{value:,.{decimals}f}"
    if _speaking.get() == "vi":
        return text.translate(str.maketrans(",.", ".,"))
    return text


@contextmanager
def speaking(lang: str) -> Iterator[None]:
    """Speak ``lang`` until the block ends: :func:`_`, :func:`number` and argparse; gettext's
    global domain and ``LANGUAGE`` are restored afterwards."""
    token = _speaking.set(lang)
    domain = gettext.textdomain()
    language = os.environ.get("LANGUAGE")
    gettext.bindtextdomain(DOMAIN, str(LOCALE_DIR))
    gettext.textdomain(DOMAIN)
    os.environ["LANGUAGE"] = lang
    try:
        yield
    finally:
        gettext.textdomain(domain)
        if language is None:
            os.environ.pop("LANGUAGE", None)
        else:
            os.environ["LANGUAGE"] = language
        _speaking.reset(token)
