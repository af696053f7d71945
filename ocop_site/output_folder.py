"""The output folder: a build is written beside it and moved in only when it succeeded.

:class:`FolderSink` writes a build into a staging folder beside the output
and changes the output only when every artifact was made without error:

- a first build renames the staging folder into place;
- later builds move each changed file into the output with an atomic
  rename, delete the files the build owned and no longer makes, and leave
  everything else alone: unchanged files keep their modification time (so
  ``rsync`` and ``aws s3 sync`` upload only what changed), and files the
  build never wrote (``CNAME``, ``.nojekyll``, ``.well-known/``, ``.git/``)
  stay. What the build owns is listed in the output's ``.ocop-site`` file.

A build killed at any moment leaves each file old or new, never cut short;
the next build repairs the rest, and removes staging folders left behind
(only those holding this program's marker).
"""
from __future__ import annotations

import os
import re
import shutil
import stat
import tempfile
from pathlib import Path
from typing import Iterable, Mapping

from .built_files import holds
from .errors import SiteError, SiteErrors, error
from .kept_files import KeptFiles
from .artifact_paths import plain_only
from .sink import Sink, Writer
from .state import ArtifactRecord

__all__ = ["FolderSink", "MARKER", "read_manifest", "manifest_lists"]

MARKER = ".ocop-site"
"""In every output folder: proof that it is ours to update, and the list of what we wrote."""
_HEADER = "built by ocop-site"
_STAGING = re.compile(r"^\.(.+)\.(new|old)-[A-Za-z0-9_]+$")
_NEVER_OWNED = ("CNAME", ".nojekyll", ".well-known", ".git", ".htaccess", MARKER)


class _FolderWriter(Writer):
    """Writes into a staging folder; forked workers write there directly."""

    in_worker = True

    def __init__(self, root: Path, output: Path) -> None:
        self.root = root
        self.output = output
        self.place = str(output)
        self._folders: set[Path] = set()

    def unchanged(self, path: str, data: bytes) -> tuple[int, int] | None:
        target = self.output / path
        try:
            st = os.stat(target, follow_symlinks=False)
            if not stat.S_ISREG(st.st_mode) or st.st_size != len(data) or target.read_bytes() != data:
                return None
        except OSError:
            return None
        return st.st_size, st.st_mtime_ns

    def write(self, path: str, data: bytes | Path) -> tuple[int, int]:
        target = self.root / path
        if target.parent not in self._folders:
            target.parent.mkdir(parents=True, exist_ok=True)
            self._folders.add(target.parent)
        if isinstance(data, Path):
            shutil.copyfile(data, target)
            st = target.stat()
            return st.st_size, st.st_mtime_ns
        fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
        try:
            view = memoryview(data)
            while view:
                view = view[os.write(fd, view):]
            st = os.fstat(fd)
        finally:
            os.close(fd)
        return st.st_size, st.st_mtime_ns


def read_manifest(output: Path) -> set[str] | None:
    """The paths the last build wrote into ``output``; None when it did not say."""
    try:
        lines = (output / MARKER).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError):
        return None
    if len(lines) < 2 or lines[0] != _HEADER or lines[1] != "files:":
        return None
    return set(plain_only([line for line in lines[2:] if line]))


def manifest_lists(output: Path, paths: Iterable[str]) -> bool:
    """Whether the manifest of ``output`` lists ``paths``, as a successful build leaves it,
    told without reading it: a build killed once it moved new files in leaves one that also
    lists those (:meth:`FolderSink.commit` writes what the output may hold, the old files and
    the new, before it moves any), so it is longer."""
    size = len(_HEADER) + len("\nfiles:\n") + sum(len(path.encode("utf-8")) + 1 for path in paths)
    try:
        return os.stat(output / MARKER, follow_symlinks=False).st_size == size
    except OSError:
        return False


def _owned_by_walking(output: Path) -> set[str]:
    """For an output folder from before manifests: every file but the ones hosts need."""
    found: set[str] = set()
    for dirpath, dirnames, filenames in os.walk(output):
        rel = Path(dirpath).relative_to(output)
        if rel == Path("."):
            dirnames[:] = [d for d in dirnames if d not in _NEVER_OWNED]
            filenames = [f for f in filenames if f not in _NEVER_OWNED]
        found.update((rel / name).as_posix() for name in filenames)
    return found


class FolderSink(Sink):
    """An output folder on disk, changed only at :meth:`commit`."""

    def __init__(self, output: Path, site_dir: Path, previous: Mapping[str, ArtifactRecord] | None = None,
                 kept: KeptFiles | None = None) -> None:
        """``previous``: what the build state says the folder holds; ``kept``: copies of the
        files it held, to restore lost ones from, and to keep the new ones in."""
        super().__init__()
        self.output = output.absolute()
        self._prefix = f"{self.output}{os.sep}"
        self._previous = previous or {}
        self._kept = kept
        self._check_place(site_dir.resolve())
        self._remove_stale_staging()
        try:
            self.output.parent.mkdir(parents=True, exist_ok=True)
            self.root = Path(tempfile.mkdtemp(prefix=f".{self.output.name}.new-", dir=self.output.parent))
            (self.root / MARKER).write_text(f"{_HEADER}\nstaging\n", encoding="utf-8")  # ours, if left
        except OSError as exc:
            raise SiteErrors([self._os_error(exc)]) from None
        self._writer = _FolderWriter(self.root, self.output)

    def _check_place(self, site: Path) -> None:
        for folder in self.output.parents:
            if folder.exists():
                if not folder.is_dir():
                    raise SiteErrors([error(str(folder), None, "is a file, not a folder: the output folder "
                                            "cannot be inside it")])
                break
        output = self.output.resolve()
        shown = str(self.output)
        fail = None
        if output == site or site.is_relative_to(output):
            fail = error(shown, None, "the output folder cannot be the site folder or one of its parents")
        elif output.is_relative_to(site / "content") or output.is_relative_to(site / "themes") \
                or output.is_relative_to(site / ".cache"):
            fail = error(shown, None, "the output folder cannot be inside content/, themes/ or .cache/ of the site")
        elif output.exists() and not output.is_dir():
            fail = error(shown, None, "output exists and is not a folder")
        elif output.is_dir() and any(output.iterdir()) and not (output / MARKER).is_file():
            fail = error(shown, None, "output folder is not empty and was not made by ocop-site: refusing to "
                         "replace it")
        if fail:
            raise SiteErrors([fail])

    def _remove_stale_staging(self) -> None:
        """Staging folders left by a killed build (a later build holds the site's lock)."""
        try:
            entries = list(os.scandir(self.output.parent))
        except OSError:
            return
        for entry in entries:
            match = _STAGING.match(entry.name)
            if match and match.group(1) == self.output.name and entry.is_dir(follow_symlinks=False) \
                    and Path(entry.path, MARKER).is_file():
                shutil.rmtree(entry.path, ignore_errors=True)

    def _os_error(self, exc: OSError) -> SiteError:
        """One line for a write that failed: the output folder and why (a full or read-only
        disk gives the same line for every file, and the report lists it once)."""
        return error(str(self.output), None, "cannot write: {detail}", detail=exc.strerror or exc)

    def previous(self) -> Mapping[str, ArtifactRecord]:
        return self._previous

    def intact(self, path: str, record: ArtifactRecord) -> bool:
        return holds(self._prefix, path, record)

    def restore(self, wanted: Mapping[str, ArtifactRecord], workers: int = 1) -> dict[str, tuple[int, int]]:
        if self._kept is None:
            return {}
        return self._kept.restore(self.root, wanted, workers)

    def writer(self) -> Writer:
        return self._writer

    def _write_manifest(self, folder: Path, paths: Iterable[str]) -> None:
        text = "\n".join([_HEADER, "files:", *sorted(paths)]) + "\n"
        try:
            if (folder / MARKER).read_text(encoding="utf-8") == text:
                return  # unchanged: keep its modification time, like every other file
        except (OSError, UnicodeDecodeError):
            pass
        tmp = folder / f"{MARKER}.tmp"
        tmp.unlink(missing_ok=True)  # never written through a link left there
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, folder / MARKER)

    def commit(self, records: Mapping[str, ArtifactRecord], written: Iterable[str]) -> None:
        try:
            self._commit(records, set(written))
        except OSError as exc:
            raise SiteErrors([self._os_error(exc)]) from None
        finally:
            self.abort()
        if self._kept is not None:
            self._kept.update(self.output, self._previous, records)

    def _commit(self, records: Mapping[str, ArtifactRecord], written: set[str]) -> None:
        if not self.output.exists():
            missing = set(records) - written
            assert not missing, f"not made for a new output folder: {sorted(missing)[:3]}"
            self._write_manifest(self.root, records)
            os.chmod(self.root, 0o755)
            os.replace(self.root, self.output)
            return
        owned = read_manifest(self.output)
        if owned is None:
            owned = _owned_by_walking(self.output)
        paths = set(records)
        stale = sorted(owned - paths)
        same_files = owned == paths  # the manifest holds: not written again
        self._refuse_links_out({(self.output / path).parent for path in (*stale, *written)})
        if not same_files:
            self._write_manifest(self.output, owned | paths)  # a killed build still knows its files
        for path in stale:
            target = self.output / path
            if target.is_symlink() or target.is_file():
                target.unlink()
        made: set[Path] = set()
        for path in sorted(written):
            target = self.output / path
            if target.parent not in made:
                target.parent.mkdir(parents=True, exist_ok=True)
                made.add(target.parent)
            os.replace(self.root / path, target)
        self._remove_empty_folders(stale)
        if not same_files:
            self._write_manifest(self.output, records)

    def _refuse_links_out(self, folders: Iterable[Path]) -> None:
        """Before anything changes: a folder of the output that a link leads out of it (an editor
        or a host replaced a folder by a link) would have files written or deleted elsewhere.
        Folders not made yet are resolved as far as they exist, so none is made outside."""
        real_output = self.output.resolve()
        for folder in sorted(folders):
            try:
                if folder.resolve().is_relative_to(real_output):
                    continue
            except (OSError, RuntimeError):  # a link to itself
                pass
            step = self.output
            for part in folder.relative_to(self.output).parts:  # the link itself, to name it
                step = step / part
                try:
                    if not step.resolve().is_relative_to(real_output):
                        break
                except (OSError, RuntimeError):
                    break
            raise SiteErrors([error(str(step), None, "is a link out of the output folder: refusing to write "
                                    "through it")])

    def _remove_empty_folders(self, removed: Iterable[str]) -> None:
        folders = {self.output / p for path in removed for p in Path(path).parents if str(p) != "."}
        for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
            try:
                folder.rmdir()  # only when empty
            except OSError:
                pass

    def abort(self) -> None:
        if self.root.exists():
            shutil.rmtree(self.root, ignore_errors=True)
