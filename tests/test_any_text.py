"""Any text an editor (or a producer's file) puts in a field either builds, shown exactly as
written (escaped exactly once), or is refused with ``path:line: error:``; any front matter
whatsoever never gives a traceback.

Pages are parsed with html5lib, as a browser would; the data script is run
by Node, as the catalogue's JavaScript will read it.
"""
from __future__ import annotations

import json
import os
import shutil
import subprocess
import tempfile
import unicodedata
from pathlib import Path

import html5lib
import pytest
import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_SITE_YAML, TODAY, write_tree
from ocop_site.build import build
from ocop_site.errors import SiteErrors

NODE = shutil.which("node")
READ_DATA = "const window = {}; eval(require('fs').readFileSync(process.argv[1], 'utf8'));" \
            "process.stdout.write(JSON.stringify(window.ocopCatalogueData));"
FIELDS = ("name", "summary", "commune", "price", "producer.name", "producer.address", "tags.0",
          "certificate.issuer")


def _front(field: str, value: str) -> str:
    """A product whose ``field`` holds ``value``, written as a YAML double-quoted string."""
    quoted = json.dumps(value, ensure_ascii=False)
    data = {"name": "Mật ong", "district": "kien-thuy", "group": "thuc-pham", "stars": 4}
    lines = [f"{k}: {v}" for k, v in data.items() if k != field]
    head, _, tail = field.partition(".")
    if not tail:
        lines.append(f"{head}: {quoted}")
    elif tail == "0":
        lines.append(f"{head}:\n  - {quoted}")
    else:
        lines.append(f"{head}:\n  {tail}: {quoted}")
    return "---\n" + "\n".join(lines) + "\n---\nCâu chuyện.\n"


def _texts(path: Path) -> str:
    """All text a browser would show or read from attributes of a page, one string."""
    document = html5lib.parse(path.read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    parts = []
    for element in document.iter():
        parts += [element.text or "", element.tail or "", *element.attrib.values()]
    return "\n".join(parts)


@pytest.fixture(scope="module")
def work() -> Path:
    root = Path(tempfile.mkdtemp(prefix="ocop-any-text-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=int(os.environ.get("OCOP_ANY_TEXT_EXAMPLES", "120")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.text(min_size=1, max_size=40))
def test_any_text_is_shown_as_written_or_refused_at_its_line(work, field, value):
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    write_tree(site, {"site.yaml": MINIMAL_SITE_YAML, "content/products/sp.md": _front(field, value)})
    try:
        build(site, site / "output", __import__("datetime").date.fromisoformat(TODAY), workers=1)
    except SiteErrors as exc:
        errors = [p for p in exc.problems if not p.is_warning]
        assert errors and all(p.path == "content/products/sp.md" and p.line for p in errors), exc.problems
        return
    # what YAML itself reads from the scalar (it folds its own line breaks, such as U+0085)
    written = yaml.safe_load("v: " + json.dumps(value, ensure_ascii=False))["v"]
    shown = unicodedata.normalize("NFC", written).strip()
    if not shown:
        return
    pages = [site / "output" / "products" / "sp" / "index.html"]
    if field == "name":  # the name is also on every card: the home and the facet pages
        pages += [site / "output" / "index.html", site / "output" / "district" / "kien-thuy" / "index.html",
                  site / "output" / "en" / "group" / "thuc-pham" / "index.html"]
    for page in pages:
        assert shown in _texts(page), page  # once parsed, the very text: not lost, not escaped twice
    # the product's JSON-LD, read as a browser reads the page: the one script, the very text
    document = html5lib.parse(pages[0].read_bytes(), treebuilder="etree", namespaceHTMLElements=False)
    [script] = document.iter("script")
    data = json.loads(script.text)
    held = {"name": data["name"], "summary": data["description"], "producer.name": data.get("brand", {}).get("name")}
    if field in held:
        assert held[field] == shown
    if field in ("name", "summary", "commune", "producer.name"):
        assert NODE, "Node is needed to read the data script as the catalogue's JavaScript does"
        read = subprocess.run([NODE, "-e", READ_DATA, str(site / "output" / "catalogue-data.js")],
                              capture_output=True, text=True, timeout=30)
        assert read.returncode == 0, read.stderr
        data = json.loads(read.stdout)
        record = data["products"][0]
        if field == "name":
            assert record[data["fields"].index("name")] == shown


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
        build(site, site / "output", __import__("datetime").date.fromisoformat(TODAY), workers=1)
    except SiteErrors as exc:
        assert all(p.path and ": error: " in str(p) or p.is_warning for p in exc.problems)
