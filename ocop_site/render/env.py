"""The Jinja environment: theme search path, autoescape, strict undefined.

Template mistakes become :class:`SiteError` lines pointing at the template
file and line, like any other content error.
"""
from __future__ import annotations

import traceback
from pathlib import Path
from types import CodeType
from typing import Any, Callable, MutableMapping

import jinja2
from jinja2.bccache import Bucket

from ..errors import SiteError, error
from ..vntext import fold
from ..theme import Theme
from .image_views import SiteImagesView

try:
    from markupsafe import _escape_inner  # markupsafe's escape, without the Markup around its result
except ImportError:  # a markupsafe without it: its public escape, as text
    from markupsafe import escape as _escape

    def _escape_inner(text: str, /) -> str:
        return str(_escape(text))

__all__ = ["make_environment", "template_error"]


def _stars(count: int) -> str:
    """The rating on the five-star scale: ``4`` -> ``★★★★☆``."""
    return "★" * int(count) + "☆" * (5 - int(count))


def _search_key(texts: list[object]) -> str:
    """``{{ [p.name, p.summary]|search_key }}``: the texts folded as static/catalogue.js folds them."""
    return fold(" ".join(str(text) for text in texts if text))


@jinja2.pass_context
def _translate(context: jinja2.runtime.Context, key: str, **values: object) -> str:
    """``{{ 'home'|t }}``, ``{{ 'products_count'|t(count=n) }}``: the page's ``t()`` as a filter."""
    return context["t"](key, **values)  # type: ignore[no-any-return]


@jinja2.pass_context
def _url(context: jinja2.runtime.Context, path: str) -> str:
    """``{{ 'static/style.css'|url }}``: the page's ``url()`` as a filter."""
    return context.resolve_or_missing("url")(path)  # type: ignore[no-any-return]


class _KeptTemplates(jinja2.FileSystemBytecodeCache):
    """A compiled template that cannot be read or written is compiled again, never an error."""

    def load_bytecode(self, bucket: Bucket) -> None:
        try:
            super().load_bytecode(bucket)
        except Exception:  # a damaged file (jinja2 reads it with pickle and marshal): compile again
            bucket.reset()

    def dump_bytecode(self, bucket: Bucket) -> None:
        try:
            super().dump_bytecode(bucket)
        except OSError:  # a full or read-only disk
            pass


def _escaped_text(value: object) -> str:
    """What a template writes for ``{{ value }}``: ``markupsafe.escape`` without making the
    result a ``Markup`` (a Python-level object per expression, a tenth of a page's time). Jinja
    only joins what an output expression gives; a block or macro's result is made Markup whole."""
    if value.__class__ is str:
        return _escape_inner(value)  # type: ignore[arg-type]
    html = getattr(value, "__html__", None)
    return str(html()) if html is not None else _escape_inner(str(value))


class _Template(jinja2.Template):
    """Templates whose output expressions are escaped by :func:`_escaped_text`."""

    @classmethod
    def from_code(cls, environment: jinja2.Environment, code: CodeType, globals: MutableMapping[str, Any],
                  uptodate: Callable[[], bool] | None = None) -> jinja2.Template:
        template = super().from_code(environment, code, globals, uptodate)
        # the compiled module's globals: its functions look "escape" up there
        template.root_render_func.__globals__["escape"] = _escaped_text
        return template


def _bytecode_cache() -> jinja2.BytecodeCache | None:
    """Compiled templates are kept between builds (each checked against its source) in the
    user's own private folder (jinja2 makes it 0700 and checks its owner); never in the site's
    .cache/, which may come from elsewhere: Python bytecode from there could run. None when
    there is no such folder to be had (a read-only or shared temporary folder)."""
    try:
        return _KeptTemplates()
    except (OSError, RuntimeError):
        return None


def make_environment(theme: Theme) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(theme.template_dirs()),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # a build's templates never change under it: no stat per include
        bytecode_cache=_bytecode_cache(),
    )
    env.template_class = _Template
    env.filters["stars"] = _stars
    env.filters["search_key"] = _search_key
    # t and url are also filters: Jinja calls a filter directly, while every call of a
    # context function goes through Context.call (a few microseconds each, dozens a page).
    env.filters["t"] = _translate
    env.filters["url"] = _url
    env.globals["site_images"] = SiteImagesView()  # the build sets the site's own
    return env


def _shown(filename: str | None, site_dir: Path) -> str:
    if not filename:
        return "<template>"
    path = Path(filename)
    try:
        return path.resolve().relative_to(site_dir.resolve()).as_posix()
    except ValueError:
        return str(path)


def template_error(exc: Exception, site_dir: Path, page: str) -> SiteError:
    """The template file and line of a Jinja error, for one page being rendered."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return error(_shown(exc.filename, site_dir), exc.lineno, "template error: {detail}", detail=exc.message)
    frames = [f for f in traceback.extract_tb(exc.__traceback__) if f.filename.endswith((".html", ".xml", ".js"))]
    path, line = (_shown(frames[-1].filename, site_dir), frames[-1].lineno) if frames else (page, None)
    if isinstance(exc, jinja2.TemplateNotFound):  # at the include or import that names it
        return error(path, line, "template not found: {name}", name=exc.name)
    return error(path, line, "template error: {detail}", detail=getattr(exc, "message", None) or str(exc))
