"""Find a theme's files: the site's own copy first, the default theme second.

A site overrides any template, static file or UI string of the default
theme by putting a file at the same path under ``SITE_DIR/themes/<name>/``;
everything else falls back, file by file (UI strings: key by key), to the
default theme that ships inside the package.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Mapping

from .errors import SiteError, error, warning
from .frontmatter import parse_yaml
from .load import read_text

__all__ = ["Theme", "default_theme_dir", "find_theme", "load_strings", "own_templates"]


def default_theme_dir() -> Path:
    """The default theme: inside the installed package, or at the top of a source checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "themes" / "default", here.parent / "themes" / "default"):
        if (candidate / "templates").is_dir():
            return candidate
    raise FileNotFoundError("the default theme is missing from this installation of ocop-site")


@dataclass(frozen=True, slots=True)
class Theme:
    name: str
    dirs: tuple[Path, ...]  # most specific first

    def template_dirs(self) -> list[str]:
        return [str(d / "templates") for d in self.dirs if (d / "templates").is_dir()]

    def static_files(self) -> dict[str, Path]:
        """Relative path under ``static/`` -> the file that wins."""
        files: dict[str, Path] = {}
        for folder in reversed(self.dirs):
            static = folder / "static"
            for path in sorted(static.rglob("*")) if static.is_dir() else ():
                if path.is_file() and not path.name.startswith("."):
                    files[path.relative_to(static).as_posix()] = path
        return dict(sorted(files.items()))


def find_theme(site_dir: Path, name: str, line: int | None = None) -> tuple[Theme | None, list[SiteError]]:
    """The theme ``name`` (``line``: where site.yaml names it), over the default theme."""
    own = site_dir / "themes" / name
    dirs = [own] if own.is_dir() else []
    if name != "default" and not dirs:
        return None, [error("site.yaml", line, "theme '{name}' not found: expected the folder {folder}", name=name,
                            folder=own)]
    dirs.append(default_theme_dir())
    return Theme(name, tuple(dirs)), []


def own_templates(site_dir: Path) -> bool:
    """Whether a theme of the site has a template that is not the default theme's, byte for
    byte (a copy of the default theme, as the example site of a source checkout has, is not)."""
    default = default_theme_dir() / "templates"
    for folder in site_dir.glob("themes/*/templates"):
        if folder.resolve() == default.resolve():
            continue
        for path in folder.rglob("*"):
            try:
                if not path.is_dir() and path.read_bytes() != (default / path.relative_to(folder)).read_bytes():
                    return True
            except OSError:
                return True
    return False


def load_strings(theme: Theme, site_dir: Path, languages: tuple[str, ...]
                 ) -> tuple[Mapping[str, Mapping[str, str]], list[SiteError]]:
    """UI strings per language; a missing language falls back to English."""
    problems: list[SiteError] = []
    strings: dict[str, dict[str, str]] = {}
    for lang in dict.fromkeys((*languages, "en")):
        merged: dict[str, str] = {}
        for folder in reversed(theme.dirs):
            path = folder / "i18n" / f"{lang}.yaml"
            if not path.is_file():
                continue
            shown = path.relative_to(site_dir).as_posix() if path.is_relative_to(site_dir) else str(path)
            text, found = read_text(path, shown)
            problems.extend(found)
            parsed, found = parse_yaml(text or "", shown)
            problems.extend(found)
            if parsed is not None and isinstance(parsed.data, dict):
                merged.update({str(k): str(v) for k, v in parsed.data.items()})
            elif parsed is not None and parsed.data is not None:
                problems.append(error(shown, 1, "UI strings must be 'key: text' lines"))
        strings[lang] = merged
    for lang in languages:
        if not strings[lang]:
            problems.append(warning(f"themes/{theme.name}/i18n/{lang}.yaml", None,
                                    "no UI strings for '{lang}': English ones are used", lang=lang))
        strings[lang] = {**strings["en"], **strings[lang]}
    return {lang: strings[lang] for lang in languages}, problems
