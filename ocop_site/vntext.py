"""Vietnamese text rules: NFC, diacritic folding, slugs and sort order.

These are the rules ``../shared/DOMAIN.md`` sets out. ``đ`` has no Unicode
decomposition, so folding maps it explicitly; sorting treats ``ă â đ ê ô ơ
ư`` as letters of their own and lets tone marks only break ties.
The JavaScript twin of :func:`fold` lives in the theme's ``catalogue.js``;
both are held to the table in ``tests/fold_cases.json``.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from typing import Any

__all__ = ["nfc", "fold", "slugify", "vi_sort_key", "is_slug", "text_problem", "UNSHOWABLE"]

_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}
"""Tone marks in the order of the tone names: huyền, hỏi, ngã, sắc, nặng."""

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
"""The Vietnamese alphabet, with f j w z put where Latin has them."""

_LETTER_RANK = {ch: 100 + i for i, ch in enumerate(_ALPHABET)}
_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_SLUG_RE = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


UNSHOWABLE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")
"""Characters no page may contain: control characters (a carriage return too: HTML turns it into a
line feed), lone surrogates, non-characters."""


def text_problem(value: Any) -> str | None:
    """Why ``value`` cannot be a field's text: ``""`` when it is not text at all (a list, a
    mapping, nothing but spaces), or the code of a character that cannot be shown (``U+0007``);
    None when it can be shown."""
    if not isinstance(value, (str, int, float)) or isinstance(value, bool):
        return ""
    text = str(value)
    bad = UNSHOWABLE.search(text)
    if bad:
        return f"U+{ord(bad.group()):04X}"
    if not any(unicodedata.category(ch)[0] not in "CZ" for ch in text):
        return ""  # empty, or only spaces and invisible characters
    return None


def nfc(text: str) -> str:
    """Compose text typed decomposed (macOS, some keyboards) into NFC."""
    return unicodedata.normalize("NFC", text)


def _fold_slowly(text: str) -> str:
    stripped = "".join(
        ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch)
    )
    return stripped.replace("đ", "d").replace("Đ", "D").lower()


_FOLD_TABLE: dict[int, str | None] = {code: _fold_slowly(chr(code)) for code in (*range(0xC0, 0x250), *range(0x1E00, 0x1F00))
               if _fold_slowly(chr(code)).isascii()}
_FOLD_TABLE.update({code: None for code in range(0x300, 0x370)  # combining marks left in NFC text
                    if unicodedata.combining(chr(code))})
"""Latin letters with diacritics (Vietnamese's among them) -> their folded ASCII form."""


def fold(text: str) -> str:
    """Lower case without diacritics: ``Mật ong ĐẠI HỢP`` -> ``mat ong dai hop``."""
    quick = text.translate(_FOLD_TABLE).lower()
    return quick if quick.isascii() else _fold_slowly(text)  # other scripts: the general rule


def without_marks(text: str) -> str:
    """The text as English writes Vietnamese names, case kept: ``Đồng Văn`` -> ``Dong Van``."""
    stripped = "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped.replace("đ", "d").replace("Đ", "D"))


def slugify(text: str) -> str:
    """A URL slug: ``Mật ong Đại Hợp`` -> ``mat-ong-dai-hop``."""
    if _SLUG_RE.match(text):
        return text  # already one (most file and folder names)
    return _SLUG_JUNK.sub("-", fold(text)).strip("-")


def is_slug(text: str) -> bool:
    return bool(_SLUG_RE.match(text))


def _char_keys(ch: str) -> tuple[str, str, str]:
    """(letter rank, tone, case) of one precomposed character, each as one character, so a
    whole text's key is three strings that compare in C."""
    lower = ch.lower()
    decomposed = unicodedata.normalize("NFD", lower)
    tone = 0
    base = ""
    for part in decomposed:
        if part in _TONES:
            tone = _TONES[part]
        else:
            base += part
    letter = unicodedata.normalize("NFC", base)
    if letter in _LETTER_RANK:
        rank = _LETTER_RANK[letter]
    elif letter.isdigit() and len(letter) == 1:
        rank = 10 + int(letter) if letter.isascii() else 1000 + ord(letter)
    elif letter.isspace() or not letter.isalnum():
        rank = 0  # separators and punctuation sort before everything else
    else:
        stripped = "".join(c for c in decomposed if not unicodedata.combining(c))
        rank = _LETTER_RANK.get(stripped, 1000 + ord(letter[0]))
    return chr(min(rank, 0x10FFFF)), chr(tone), "0" if ch == lower else "1"


_KNOWN: set[str] = set()
_RANKS: dict[int, str] = {}
_TONE_KEYS: dict[int, str] = {}
_CASES: dict[int, str] = {}
"""Each character met so far -> its :func:`_char_keys`, as str.translate tables."""


@functools.lru_cache(maxsize=1 << 17)
def vi_sort_key(text: str) -> tuple[str, str, str]:
    """Sort key for Vietnamese alphabetical order.

    Letters first (a < ă < â, d < đ, ...), then tones
    (ngang < huyền < hỏi < ngã < sắc < nặng), then case, each compared over
    the whole string, as dictionaries do. Remembered: a build sorts the same names
    many times (catalogue order, producers, feeds, open data, statistics).
    """
    text = nfc(text.strip())
    for ch in set(text).difference(_KNOWN):
        _KNOWN.add(ch)
        _RANKS[ord(ch)], _TONE_KEYS[ord(ch)], _CASES[ord(ch)] = _char_keys(ch)
    return text.translate(_RANKS), text.translate(_TONE_KEYS), text.translate(_CASES)
