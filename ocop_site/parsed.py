"""One content file's bytes, parsed: front matter, body, and the file's own problems."""
from __future__ import annotations

from dataclasses import dataclass

from .errors import SiteError, error
from .frontmatter import Parsed, split_front_matter
from .sources import content_hash
from .vntext import nfc

__all__ = ["ParsedFile", "parse_document", "decode_text", "front_hash"]


@dataclass(frozen=True, slots=True)
class ParsedFile:
    front: Parsed | None
    body: str
    body_line: int
    problems: tuple[SiteError, ...]  # errors in the file itself: encoding, YAML
    front_hash: str = ""  # of the text before the body (:func:`front_hash`), when the front matter is closed


def decode_text(raw: bytes, shown: str) -> str | SiteError:
    """UTF-8 (with or without BOM) -> NFC text with ``\\n`` line ends; or the error at the first
    line that is not UTF-8 (``shown``: the file's path, for the message)."""
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return error(shown, raw[: exc.start].count(b"\n") + 1, "file is not UTF-8 text: save it as UTF-8")
    return nfc(text.replace("\r\n", "\n").replace("\r", "\n"))


def parse_document(raw: bytes, shown: str) -> ParsedFile:
    """Parse a content file's bytes (``shown``: its path, for messages)."""
    text = decode_text(raw, shown)
    if isinstance(text, SiteError):
        return ParsedFile(None, "", 1, (text,))
    front, body, body_line, errors = split_front_matter(text, shown)
    return ParsedFile(front, body, body_line, tuple(errors), front_hash(text, body) if front is not None else "")


def front_hash(text: str, body: str) -> str:
    """The digest of a file's text (decoded, :func:`decode_text`) before its ``body``: the front
    matter and its ``---`` lines, everything the file's fields depend on."""
    return content_hash(text[:len(text) - len(body)].encode("utf-8", "surrogatepass"))
