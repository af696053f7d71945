"""The search rule of ``static/catalogue.js`` in Python, the tests' oracle.

Anything but a letter, a mark or a digit separates words. A query word typed
without marks (``tra``) matches the words it begins, folded: tra, trà, trấn,
trải. Typed with marks (``trà``), it matches the words that fold as it does
(Trà, tra) and the words it begins as typed, ignoring the tones it has not typed
yet (trà: tràn; mâ: mật), but not trấn or trải. ``tests/search_cases.json``
holds both twins to the same answers (test_fold.py here, test_browser_catalogue.py
for the script)."""
from __future__ import annotations

import unicodedata

from ocop_site.vntext import fold

TONES = "\u0300\u0301\u0303\u0309\u0323"


def _words(text: str) -> list[str]:
    return "".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in text).split()


def _untoned(word: str) -> str:
    return unicodedata.normalize("NFC", "".join(ch for ch in unicodedata.normalize("NFD", word) if ch not in TONES))


def _matches_word(typed: str, word: str) -> bool:
    """``typed`` and ``word``: lower case, NFC."""
    decomposed = unicodedata.normalize("NFD", typed)
    if not any("\u0300" <= ch <= "\u036f" for ch in decomposed):  # no marks: folded prefix
        return fold(word).startswith(fold(typed))
    if fold(word) == fold(typed):  # the same syllable, in any tone
        return True
    if any(ch in TONES for ch in decomposed):
        return word.startswith(typed)
    return _untoned(word).startswith(typed)


def matches(query: str, *texts: str) -> bool:
    """Whether every word of ``query`` matches a word of one of ``texts``."""
    typed = [w for w in _words(unicodedata.normalize("NFC", query).lower()) if fold(w)]
    found = [w for text in texts for w in _words(unicodedata.normalize("NFC", text).lower())]
    return all(any(_matches_word(t, w) for w in found) for t in typed)
