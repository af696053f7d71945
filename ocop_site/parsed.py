"""One content file's bytes, parsed: front matter, body, and the file's own problems."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import SiteError
from .frontmatter import Parsed, split_front_matter
from .vntext import nfc

__all__ = ["ParsedFile", "parse_document", "decode_text"]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    front: Parsed | None
    body: str
    body_line: int
    problems: tuple[SiteError, ...]  # errors in the file itself: encoding, YAML


def decode_text(raw: bytes) -> str | tuple[int, str]:
    """UTF-8 (with or without BOM) -> NFC text with ``\\n`` line ends; or (line, why not)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return raw[: exc.start].count(b"\n") + 1, "file is not UTF-8 text: save it as UTF-8"
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_document(raw: bytes, shown: str) -> ParsedFile:
    """Parse a content file's bytes (``shown``: its path, for messages)."""
    text = decode_text(raw)
    if isinstance(text, tuple):
        return ParsedFile(None, "", 1, (SiteError(shown, text[0], text[1]),))
    front, body, body_line, errors = split_front_matter(text, shown)
    return ParsedFile(front, body, body_line, tuple(errors))
