"""A text of ``site.yaml``, given once for every language or as ``{lang: text}`` -> :class:`Localized`."""
from __future__ import annotations

from typing import Any

from .errors import SiteError, error
from .model import Localized
from .vntext import nfc, text_problem

__all__ = ["localized"]


def localized(
    value: Any, languages: tuple[str, ...], path: str, line: int | None, what: str,
    problems: list[SiteError],
) -> Localized | None:
    """A plain string (same in every language) or a ``{lang: text}`` mapping."""
    default = languages[0]
    if isinstance(value, str):
        problem = text_problem(value)
        if problem:
            problems.append(error(path, line, "{field}: the text contains a character that cannot be shown "
                                  "({char}): remove it", field=what, char=problem))
        elif problem is not None:
            problems.append(error(path, line, "{field}: the text must be text", field=what))
        return None if problem is not None else Localized({default: nfc(value)}, default)
    if isinstance(value, dict):
        texts: dict[str, str] = {}
        for lang, text in value.items():
            problem = text_problem(text) if isinstance(text, str) else ""
            if lang not in languages:
                problems.append(error(path, line, "{field}: unknown language '{lang}' (site languages: {languages})",
                                      field=what, lang=lang, languages=", ".join(languages)))
            elif problem:
                problems.append(error(path, line, "{field}: the {lang} text contains a character that cannot be "
                                      "shown ({char}): remove it", field=what, lang=lang, char=problem))
            elif problem is not None:
                problems.append(error(path, line, "{field}: the {lang} text must be text", field=what, lang=lang))
            else:
                texts[lang] = nfc(text)
        if default not in texts:
            if default not in value:  # given, but not as text: said above
                problems.append(error(path, line, "{field}: has no text in the default language '{lang}': add one",
                                      field=what, lang=default))
            return None
        return Localized(texts, default)
    problems.append(error(path, line, "{field}: expected text or a mapping of language to text", field=what))
    return None
