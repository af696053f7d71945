"""Any text an editor (or a producer's file) puts in a field either builds, shown exactly as
written (escaped exactly once), or is refused with ``path:line: error:``; any front matter
whatsoever never gives a traceback.

The fields are a product's texts, its picture's alt text and its story, in the default
language and in its English translation. Where a field is shown is found by building it once
with a marker text in it: every page and feed that shows the marker must then show the
generated text, and every string of the data scripts and the open data that held the marker
must hold the text in its place. Pages are parsed with html5lib, as a browser would, feeds as
XML; the data scripts are run by Node, as the catalogue's JavaScript will read them.
"""
from __future__ import annotations

import datetime as dt
import io
import json
import os
import shutil
import subprocess
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Iterable, Iterator
from xml.etree import ElementTree

import html5lib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PIL import Image

from conftest import MINIMAL_SITE_YAML, TODAY, write_tree
from ocop_site.build import build
from ocop_site.errors import SiteErrors
from ocop_site.vntext import fold, slugify

DAY = dt.date.fromisoformat(TODAY)

NODE = shutil.which("node")
READ_DATA = "const window = {}; process.stdout.write(JSON.stringify(process.argv.slice(1).map(file => {" \
            "eval(require('fs').readFileSync(file, 'utf8')); return window.ocopCatalogueData; })));"
FIELDS = ("name", "summary", "commune", "price", "producer.name", "producer.address", "tags.0",
          "certificate.issuer", "images.0.alt", "body", "en:name", "en:summary", "en:body", "en:images.0.alt")
"""The text fields: ``body`` is the story, ``en:`` ones are in the product's English translation."""
PRODUCT = "content/products/sp/index.md"
ENGLISH = "content/products/sp/index.en.md"
MARKER = "Zqx Marker"
"""A text in one field only: where a build shows it is where that field is shown."""
DATA = ("catalogue-data.js", "en/catalogue-data.js", "catalogue.json")
TEXTS = st.lists(st.characters(exclude_categories=("Cs",)) | st.sampled_from(
    [*"<>&\"'`\\/*_[]{}()#!|.-+:;= \t\n\u00a0\u2028\u2029", "&amp;", "&lt;b&gt;", "</script>", "<!--", "]]>",
     "${x}", "{{ x }}", "\\u0022"]), min_size=1, max_size=24).map("".join)
"""Any text, with what HTML, Markdown, JSON, JavaScript, XML and templates make special often in it."""
MARKDOWN_ESCAPED = frozenset("\\`*_{}[]()>#+-.!|")
"""What a backslash escapes in Python-Markdown with ``extra``."""


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 150, 40)).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


def _field(field: str, value: str) -> str:
    """The front-matter lines of ``field`` holding ``value``, written as a YAML double-quoted string."""
    quoted = json.dumps(value, ensure_ascii=False)
    head, _, tail = field.partition(".")
    if not tail:
        return f"{head}: {quoted}\n"
    if tail == "0":
        return f"{head}:\n  - {quoted}\n"
    if tail == "0.alt":
        return f"{head}:\n  - src: a.png\n    alt: {quoted}\n"
    return f"{head}:\n  {tail}: {quoted}\n"


def _literal(text: str) -> str:
    """Markdown that shows ``text`` as written: punctuation backslash-escaped, ``&`` and ``<`` as
    entities (composed first, so that no escape comes between a character and its accent)."""
    return "".join("\\" + ch if ch in MARKDOWN_ESCAPED else "&amp;" if ch == "&" else "&lt;" if ch == "<" else ch
                   for ch in unicodedata.normalize("NFC", text))


def _site(field: str, value: str) -> dict[str, str | bytes]:
    """A product whose ``field`` holds ``value``, with a picture when the field is its alt text."""
    lang, _, key = field.rpartition(":")
    own = "" if key == "body" else _field(key, value)
    story = f"Câu chuyện: {_literal(value)}\n" if key == "body" else "Câu chuyện.\n"
    front = "" if key == "name" and not lang else "name: Mật ong\n"
    front += "district: kien-thuy\ngroup: thuc-pham\nstars: 4\n"
    files: dict[str, str | bytes] = {"site.yaml": MINIMAL_SITE_YAML}
    if key == "images.0.alt":
        files["content/products/sp/a.png"] = PNG
        if lang:
            front += "images:\n  - src: a.png\n    alt: Hũ mật ong\n"
    if lang:
        files[PRODUCT] = f"---\n{front}---\nCâu chuyện.\n"
        files[ENGLISH] = "---\n" + ("" if key == "name" else "name: Honey\n") + f"{own}---\n{story}"
    else:
        files[PRODUCT] = f"---\n{front}{own}---\n{story}"
    return files


def _read(path: Path) -> tuple[list[str], list[Any]]:
    """What a browser (or a feed reader) shows or reads from a page: each element's text, tail and
    attribute values, links left out (they are named after slugs), in order; and the JSON of its
    JSON-LD scripts."""
    if path.suffix == ".xml":
        root = ElementTree.parse(path).getroot()
    else:
        root = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    texts, scripts = [], []
    for element in root.iter():
        if element.tag == "script":
            if element.get("type") == "application/ld+json":
                scripts.append(json.loads(element.text))
            texts.append(element.tail or "")
            continue
        texts += [element.text or "", element.tail or "",
                  *(value for name, value in element.attrib.items() if name != "href")]
    return texts, scripts


def _data(output: Path, names: Iterable[str]) -> dict[str, Any]:
    """The data files, read as their readers do: the data scripts by Node, as the catalogue's
    JavaScript runs them, the open data as JSON."""
    names = sorted(set(names))
    scripts = [name for name in names if name.endswith(".js")]
    found = {name: json.loads((output / name).read_text(encoding="utf-8")) for name in names if name not in scripts}
    if scripts:
        assert NODE, "Node is needed to read the data script as the catalogue's JavaScript does"
        read = subprocess.run([NODE, "-e", READ_DATA, *(str(output / name) for name in scripts)],
                              capture_output=True, text=True, timeout=30)
        assert read.returncode == 0, read.stderr
        found.update(zip(scripts, json.loads(read.stdout)))
    return found


def _strings(data: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    if isinstance(data, str):
        yield path, data
    elif isinstance(data, (list, dict)):
        for key, value in (data.items() if isinstance(data, dict) else enumerate(data)):
            yield from _strings(value, (*path, key))


@dataclass(frozen=True)
class Places:
    pages: dict[str, tuple[list[str], list[Any]]]  # what each page or feed showing the field shows (see _read)
    values: tuple[tuple[str, tuple[Any, ...], str], ...]  # (data file, path, its string with MARKER)


_PLACES: dict[str, Places] = {}


def _places(work: Path, field: str) -> Places:
    """Where a build shows ``field``, and what it shows there: found by building it with
    :data:`MARKER` in it. A page named after the text (a producer's) is named with '*'."""
    if field not in _PLACES:
        site = work / "marker"
        shutil.rmtree(site, ignore_errors=True)
        write_tree(site, _site(field, MARKER))
        build(site, site / "output", DAY, workers=1)
        output = site / "output"
        pages = {path.relative_to(output).as_posix().replace(slugify(MARKER), "*"): _read(path)
                 for path in sorted(output.rglob("*")) if path.suffix in (".html", ".xml")
                 and MARKER.encode() in path.read_bytes()}
        values = tuple((name, path, text) for name, data in _data(output, DATA).items()
                       for path, text in _strings(data) if MARKER in text)
        assert pages, field
        _PLACES[field] = Places(pages, values)
    return _PLACES[field]


def _put(text: str, shown: str) -> str:
    """A text of the marker's build as it is with ``shown`` instead: as written, and folded in
    the words a filter matches (``data-search``)."""
    return text.replace(MARKER, shown).replace(fold(MARKER), fold(shown))


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    for key in path:
        data = data[key]
    return data


def _collapsed(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def work() -> Path:
    root = Path(tempfile.mkdtemp(prefix="ocop-any-text-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=int(os.environ.get("OCOP_ANY_TEXT_EXAMPLES", "140")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=TEXTS)
def test_any_text_is_shown_as_written_or_refused_at_its_line(work, field, value):
    """In every page and feed that shows the field, in the data scripts and the open data: the
    very text once parsed, not lost and not escaped twice (or an error at its file and line)."""
    story = field.endswith("body")
    if story:  # a story of one line: more would be Markdown's paragraphs and headings
        value = value.replace("\r", "").replace("\n", "")
    where = _places(work, field)
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    write_tree(site, _site(field, value))
    try:
        build(site, site / "output", DAY, workers=1)
    except SiteErrors as exc:
        errors = [p for p in exc.problems if not p.is_warning]
        path = ENGLISH if field.startswith("en:") else PRODUCT
        assert errors and all(p.path == path and p.line for p in errors), exc.problems
        return
    # what YAML itself reads from the scalar (it folds its own line breaks, such as U+0085)
    written = value if story else yaml.safe_load("v: " + json.dumps(value, ensure_ascii=False))["v"]
    shown = unicodedata.normalize("NFC", written).strip()
    if not shown:
        return
    output = site / "output"
    listed = field != "producer.name" or slugify(shown)  # else the producer has no page, nor a line on the lists
    for pattern, (marked, marked_scripts) in where.pages.items():
        if "producers/" in pattern and not listed:
            continue
        [page] = output.glob(pattern)  # a producer's page is named after it
        texts, scripts = _read(page)
        expected = [_put(text, shown) for text in marked]
        if story:  # Markdown turns tabs to spaces, and ends the paragraph at the end of the text
            assert _collapsed(" ".join(texts)) == _collapsed(" ".join(expected)), pattern
        elif field == "producer.name" and listed:  # a producer is known by its name with each run of spaces as one
            assert [_collapsed(text) for text in texts] == [_collapsed(text) for text in expected], pattern
        elif listed:  # once parsed, the very text in each place: not lost, not escaped twice
            assert texts == expected, pattern
        else:  # without a page to link to, the producer's name is not a link
            assert shown in "\n".join(texts), pattern
        for path, text in _strings(marked_scripts):
            if MARKER in text:
                assert _at(scripts, path) == text.replace(MARKER, shown), (pattern, path)
    data = _data(output, DATA)  # each parses, whatever the text
    for name, path, text in where.values:
        if path[0] == "producers" and not listed:
            continue
        if path[0] == "producers":  # the producers' list: each known by its name with runs of spaces as one
            assert _collapsed(_at(data[name], path)) == _collapsed(text.replace(MARKER, shown)), (name, path)
        else:
            assert _at(data[name], path) == text.replace(MARKER, shown), (name, path)


def _yaml_value(depth: int = 0) -> st.SearchStrategy[object]:
    scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True),
                        st.text(max_size=20), st.dates())
    if depth > 2:
        return scalars
    return st.one_of(scalars, st.lists(st.deferred(lambda: _yaml_value(depth + 1)), max_size=3),
                     st.dictionaries(st.text(max_size=10), st.deferred(lambda: _yaml_value(depth + 1)), max_size=3))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(fields=st.dictionaries(st.sampled_from(["name", "district", "group", "stars", "commune", "summary",
                                               "producer", "certificate", "price", "price_vnd", "images",
                                               "tags", "draft",
                                               "slug", "unknown"]) | st.text(max_size=8),
                              _yaml_value(), max_size=8))
def test_any_front_matter_gives_a_site_or_errors_never_a_traceback(work, fields):
    site = work / "fm"
    shutil.rmtree(site, ignore_errors=True)
    front = yaml.safe_dump(fields, allow_unicode=True) if fields else ""
    write_tree(site, {"site.yaml": MINIMAL_SITE_YAML, "content/products/sp.md": f"---\n{front}---\nMô tả.\n"})
    try:
        build(site, site / "output", DAY, workers=1)
    except SiteErrors as exc:
        assert all(p.path and ": error: " in str(p) or p.is_warning for p in exc.problems)


class _Html:
    def __init__(self, html: str) -> None:
        self.html = html

    def __html__(self) -> str:
        return self.html


@given(TEXTS, st.integers())
def test_templates_escape_what_they_show_as_markupsafe_does(text: str, number: int) -> None:
    """Output expressions are escaped without a Markup per value (:mod:`ocop_site.render.env`):
    the same text as markupsafe's escape, for text, numbers, Markup and anything with __html__,
    and a Markup result where a block, macro or set gathers output."""
    import jinja2
    from markupsafe import Markup, escape

    from ocop_site.render.env import make_environment
    from ocop_site.theme import find_theme

    theme, _ = find_theme(Path("."), "default")
    assert theme is not None
    ours = make_environment(theme)
    source = ("{{ a }}|{{ n }}|{{ m }}|{{ h }}|{% set s %}{{ a }}{% endset %}{{ s }}|"
              "{% macro f(x) %}<{{ x }}>{% endmacro %}{{ f(a) }}|{{ f(a)|length }}|{{ a ~ m }}")
    values = dict(a=text, n=number, m=Markup(text), h=_Html(text))
    plain = jinja2.Environment(autoescape=True).from_string(source).render(values)
    assert ours.from_string(source).render(values) == plain
    assert plain.startswith(f"{escape(text)}|{number}|{text}|{text}|")
