"""The user's secret key for the build cache: what this user's builds made can be told apart
from anything else in ``.cache/``, which may come from a shared CI cache or a colleague's zip.

The key is ``OCOP_SITE_CACHE_KEY`` when it is set (give CI runs that share a cache the same
secret), otherwise 32 random bytes in the user's configuration folder, made on first use,
readable by the user alone: ``$XDG_CONFIG_HOME/ocop-site/cache-key`` (``~/.config/…``), or
``%APPDATA%\\ocop-site\\cache-key`` on Windows. Never in the site folder, which travels.
Without a key (no home folder, a read-only one), nothing is taken from the cache on trust:
the build only takes longer.
"""
from __future__ import annotations

import hashlib
import os
import secrets
from pathlib import Path

__all__ = ["cache_key", "key_path", "ENV"]

ENV = "OCOP_SITE_CACHE_KEY"
_SIZE = 32


def key_path() -> Path | None:
    """Where this user's key is kept (None: no home folder to keep it in)."""
    if os.name == "nt" and os.environ.get("APPDATA"):
        return Path(os.environ["APPDATA"]) / "ocop-site" / "cache-key"
    base = os.environ.get("XDG_CONFIG_HOME")
    if not base or not os.path.isabs(base):
        try:
            base = str(Path.home() / ".config")
        except RuntimeError:
            return None
    return Path(base) / "ocop-site" / "cache-key"


def cache_key() -> bytes | None:
    """The key (made now when there is none yet), or None when it cannot be had."""
    given = os.environ.get(ENV)
    if given:
        return hashlib.blake2b(given.encode("utf-8", "surrogatepass"), digest_size=_SIZE).digest()
    path = key_path()
    if path is None:
        return None
    key: bytes | None
    try:
        key = path.read_bytes()
    except FileNotFoundError:
        key = _make(path)
    except OSError:
        return None
    return key if key is not None and len(key) == _SIZE else None


def _make(path: Path) -> bytes | None:
    key = secrets.token_bytes(_SIZE)
    try:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:  # another build made it at this moment: use that one
        try:
            return path.read_bytes()
        except OSError:
            return None
    except OSError:
        return None
    try:
        os.write(fd, key)
    finally:
        os.close(fd)
    return key
