"""A build after only products' stories changed patches their pages without loading the site
(ocop_site/story_edit.py), and gives what a full build gives; anything else takes the normal path."""
from __future__ import annotations

import itertools
import os
import shutil
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import ocop_site.build as build_module
from conftest import product, today
from ocop_site.build import build, build_loaded, load_site
from ocop_site.errors import SiteErrors
from ocop_site.output_folder import FolderSink

_COUNTER = itertools.count()

TEMPLATE = "{% extends 'base.html' %}{% block main %}<h1>{{ product.name }}</h1>{{ product.body }}{% endblock %}\n"


@pytest.fixture
def site(make_site) -> Path:
    return make_site({
        "content/products/mat-ong/index.md": product("Mật ong Đại Hợp", body="Mật ong *hoa nhãn*."),
        "content/products/mat-ong/index.en.md": "---\nname: Dai Hop honey\n---\nLonan flower honey.\n",
        "content/products/gao.md": product("Gạo ruộng rươi", stars=3, district="thach-that", body="Gạo thơm."),
        "content/products/tra/index.md": product("Trà hoa vàng", group="do-uong", body="Trà quý."),
        "content/products/tra/index.en.md": "---\nname: Golden camellia tea\n---\n\n",  # no story: falls back
    })


@pytest.fixture
def loads(monkeypatch) -> list[Path]:
    """The sites loaded (the normal path), in order."""
    loaded: list[Path] = []
    original = build_module.load_site

    def counting(site_dir, *args, **kwargs):
        loaded.append(site_dir)
        return original(site_dir, *args, **kwargs)

    monkeypatch.setattr(build_module, "load_site", counting)
    return loaded


def _bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def _page(site: Path, rel: str) -> str:
    return (site / "output" / rel).read_text(encoding="utf-8")


def _as_clean(site: Path) -> None:
    """The output is byte for byte what a clean build writes."""
    got = _bytes(site / "output")
    build(site, site / "output", today(), clean=True)
    assert _bytes(site / "output") == got


@pytest.mark.parametrize("edited, pages", [
    ("gao.md", {"products/gao/index.html", "en/products/gao/index.html"}),  # no translation: both show it
    ("tra/index.md", {"products/tra/index.html", "en/products/tra/index.html"}),  # a translation without story
    ("mat-ong/index.md", {"products/mat-ong/index.html"}),  # the translation has its own story
    ("mat-ong/index.en.md", {"en/products/mat-ong/index.html"}),
])
def test_a_story_edited_patches_the_pages_that_show_it_and_loads_nothing(site, loads, edited, pages):
    output = site / "output"
    build(site, output, today())
    before = _bytes(output)
    path = site / "content" / "products" / edited
    story = path.read_text(encoding="utf-8").rsplit("---\n", 1)[1]
    path.write_text(path.read_text(encoding="utf-8").replace(story, "Một câu **mới** & <b>đậm</b>.\n\nĐoạn hai.\n"),
                    encoding="utf-8")
    loads.clear()
    report = build(site, output, today())
    assert loads == []  # nothing loaded, nothing planned
    assert (report.made, report.written, report.parsed) == (len(pages), len(pages), 1)
    after = _bytes(output)
    assert {p for p in after if after[p] != before.get(p)} == pages
    for page in pages:
        assert "<p>Một câu <strong>mới</strong> &amp; <b>đậm</b>.</p>\n<p>Đoạn hai.</p>" in after[page].decode()
    assert report.products == 3 and report.files == len(after) - 1  # the report is the full build's
    _as_clean(site)


def test_story_edits_in_a_row_each_patch_and_a_full_build_after_agrees(site, loads):
    output = site / "output"
    build(site, output, today())
    path = site / "content" / "products" / "gao.md"
    story = "Gạo thơm."
    for word in ("một", "hai", "ba"):  # saved and built within the same seconds
        _edit(path, story, f"Gạo thơm {word}.")
        story = f"Gạo thơm {word}."
        loads.clear()
        assert build(site, output, today()).made == 2
        assert loads == [] and story in _page(site, "products/gao/index.html")
    _edit(path, story, "Gạo thơm.")  # back as it was first
    assert build(site, output, today()).made == 2 and loads == []
    assert "Gạo thơm." in _page(site, "products/gao/index.html")
    earlier = time.time() - 60
    os.utime(path, (earlier, earlier))  # settled: recorded as it is now, nothing made
    assert build(site, output, today()).made == 0 and loads == []
    expected = _bytes(output)
    shutil.rmtree(output)  # the patched pages were kept in .cache/files too: all come back
    assert build(site, output, today()).restored == len(expected) - 1 and loads == []
    assert _bytes(output) == expected
    _edit(path, "stars: 3", "stars: 5")  # then a field: the normal path, which makes the patched pages again
    build(site, output, today())
    assert loads == [site]
    _as_clean(site)


def test_a_check_of_a_story_edit_checks_it_and_writes_nothing(site, loads):
    output = site / "output"
    build(site, output, today())
    before = _bytes(output)
    _edit(site / "content" / "products" / "gao.md", "Gạo thơm", "Gạo thơm ngon")
    loads.clear()
    checked = build(site, output, today(), check_only=True)
    assert loads == [] and (checked.made, checked.written, checked.products) == (0, 0, 3)
    assert _bytes(output) == before
    assert build(site, output, today()).made == 2 and loads == []
    _as_clean(site)


@pytest.mark.parametrize("change", ["field", "blank story", "story error", "theme template", "lost page", "new file"])
def test_anything_but_a_story_takes_the_normal_path(site, loads, change):
    output = site / "output"
    build(site, output, today())
    gao = site / "content" / "products" / "gao.md"
    if change == "field":
        _edit(gao, "name: Gạo ruộng rươi", "name: Gạo ruộng rươi Kiến Thụy")
    elif change == "blank story":
        _edit(gao, "Gạo thơm.", " ")
    elif change == "story error":
        _edit(gao, "Gạo thơm.", "Gạo\x00 thơm.")
    elif change == "theme template":
        _edit(gao, "Gạo thơm.", "Gạo thơm ngon.")
        (site / "themes" / "default" / "templates").mkdir(parents=True)
        (site / "themes" / "default" / "templates" / "product.html").write_text(TEMPLATE, encoding="utf-8")
    elif change == "lost page":
        _edit(gao, "Gạo thơm.", "Gạo thơm ngon.")
        (output / "products" / "tra" / "index.html").unlink()
    else:
        _edit(gao, "Gạo thơm.", "Gạo thơm ngon.")
        (site / "content" / "products" / "tra" / "anh.txt").write_text("x", encoding="utf-8")
    loads.clear()
    if change == "story error":
        with pytest.raises(SiteErrors) as raised:
            build(site, output, today())
        assert [(e.path, e.line) for e in raised.value.problems if not e.is_warning] == [("content/products/gao.md", 7)]
        return
    build(site, output, today())
    assert loads == [site]
    _as_clean(site)


def test_a_page_not_as_the_last_build_wrote_it_is_made_again(site, loads):
    """Changed by hand, with the same size and modification time: patching it would keep the change."""
    output = site / "output"
    build(site, output, today())
    page = output / "products" / "gao" / "index.html"
    st = page.stat()
    data = page.read_bytes()
    page.write_bytes(data.replace(b"<main", b"<MAIN", 1))
    os.utime(page, ns=(st.st_atime_ns, st.st_mtime_ns))
    _edit(site / "content" / "products" / "gao.md", "Gạo thơm.", "Gạo thơm ngon.")
    loads.clear()
    build(site, output, today())
    assert loads == [site] and b"<MAIN" not in page.read_bytes()
    _as_clean(site)


_STORY = st.lists(st.sampled_from([*"aăâđeêoơuư ÁẢẠ*_`[]()<>&#!|:-.\n", "**", "\n\n", "- ", "1. ", "<b>", "</b>",
                                    "&amp;", "Gạo thơm."]), max_size=20).map("".join)
"""Stories of Markdown and HTML pieces: blank ones, ones equal to another file's, any nesting."""


@settings(max_examples=int(os.environ.get("OCOP_STORY_EXAMPLES", "25")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from(["gao.md", "tra/index.md", "tra/index.en.md", "mat-ong/index.md",
                                                 "mat-ong/index.en.md"]), _STORY), min_size=1, max_size=4))
def test_any_story_edits_give_what_a_clean_build_gives(make_site, tmp_path_factory, edits):
    """Whichever path each build takes (patched, or the normal one when a story is blank, the same
    as a translation's, or nested too deep), the output is a clean build's, byte for byte."""
    site = make_site({
        "content/products/mat-ong/index.md": product("Mật ong Đại Hợp", body="Mật ong *hoa nhãn*."),
        "content/products/mat-ong/index.en.md": "---\nname: Dai Hop honey\n---\nLonan flower honey.\n",
        "content/products/gao.md": product("Gạo ruộng rươi", stars=3, district="thach-that", body="Gạo thơm."),
        "content/products/tra/index.md": product("Trà hoa vàng", group="do-uong", body="Trà quý."),
        "content/products/tra/index.en.md": "---\nname: Golden camellia tea\n---\n\n",
    }, name=f"site-{next(_COUNTER)}")
    output = site / "output"
    build(site, output, today(), workers=1)
    for rel, story in edits:
        path = site / "content" / "products" / rel
        front = path.read_text(encoding="utf-8").rsplit("---\n", 1)[0]
        path.write_text(f"{front}---\n{story}\n", encoding="utf-8")
        try:
            build(site, output, today(), workers=1)
        except SiteErrors:
            continue  # a story the checks refuse: the output stays as it was
        clean = tmp_path_factory.mktemp("clean") / "output"
        build_loaded(load_site(site, today(), state=None, workers=1), FolderSink(clean, site), state=None,
                     workers=1, full=True)
        got, expected = _bytes(output), _bytes(clean)
        assert sorted(got) == sorted(expected)
        assert [p for p in expected if got[p] != expected[p]] == []
    shutil.rmtree(site)


def test_a_site_named_by_a_relative_path_is_patched_too(site, loads, monkeypatch):
    """``ocop-site build`` in the site's folder: the state names its files as the fingerprint does."""
    monkeypatch.chdir(site)
    build(Path("."), Path("output"), today())
    _edit(site / "content" / "products" / "gao.md", "Gạo thơm.", "Gạo thơm ngon.")
    loads.clear()
    assert build(Path("."), Path("output"), today()).made == 2 and loads == []
    _as_clean(site)


def test_a_product_with_its_own_slug_has_its_page_patched_and_a_draft_has_none(make_site, loads):
    site = make_site({
        "content/products/mo/index.md": product("Mật ong", extra="slug: mat-ong-dai-hop\n", body="Ngọt."),
        "content/products/nhap.md": product("Nháp", extra="draft: true\n", body="Chưa xong."),
        "content/products/gao.md": product("Gạo", body="Thơm."),
    })
    output = site / "output"
    build(site, output, today())
    _edit(site / "content" / "products" / "mo" / "index.md", "Ngọt.", "Ngọt thanh.")
    loads.clear()
    assert build(site, output, today()).made == 2 and loads == []
    assert "Ngọt thanh." in _page(site, "products/mat-ong-dai-hop/index.html")
    _edit(site / "content" / "products" / "nhap.md", "Chưa xong.", "Sắp xong.")  # no page shows it
    build(site, output, today())
    assert loads == [site]
    _as_clean(site)


def test_a_copy_of_the_default_templates_is_no_theme_of_its_own(site, loads):
    """As the example site of a source checkout, installed with pip: its themes/default is the
    default theme's copy, byte for byte, so stories are still patched."""
    from ocop_site.theme import default_theme_dir

    shutil.copytree(default_theme_dir() / "templates", site / "themes" / "default" / "templates")
    output = site / "output"
    build(site, output, today())
    _edit(site / "content" / "products" / "gao.md", "Gạo thơm.", "Gạo thơm ngon.")
    loads.clear()
    assert build(site, output, today()).made == 2 and loads == []
    _as_clean(site)


@pytest.mark.parametrize("relative", [False, True])  # `ocop-site serve` in the site's folder: "."
def test_the_preview_patches_a_story_edit_without_loading_and_serves_a_clean_build(site, monkeypatch, tmp_path,
                                                                                    relative):
    from ocop_site import preview as preview_module

    def clean() -> dict[str, bytes]:
        folder = tmp_path / f"clean-{next(_COUNTER)}"
        build_loaded(load_site(site, today(), state=None, workers=1), FolderSink(folder, site), state=None,
                     workers=1, full=True)
        return {path: data for path, data in _bytes(folder).items() if path != ".ocop-site"}

    if relative:
        monkeypatch.chdir(site)
    preview = preview_module.Preview(Path(".") if relative else site, today, workers=1)
    assert preview.rebuild()[0] is not None
    loaded: list[Path] = []
    original = preview_module.load_site
    monkeypatch.setattr(preview_module, "load_site", lambda site_dir, *a, **k: loaded.append(site_dir) or original(site_dir, *a, **k))
    gao = site / "content" / "products" / "gao.md"
    for story in ("Gạo thơm ngon.", "Gạo thơm ngon lắm."):  # in a row, each saved just before
        _edit(gao, gao.read_text(encoding="utf-8").rsplit("---\n", 1)[1].strip(), story)
        report, _ = preview.rebuild()
        assert report is not None and report.made == 2 and loaded == []
        assert dict(preview.sink.files) == clean()
    _edit(gao, "stars: 3", "stars: 5")  # a field: loaded and planned, the patched pages made again
    assert preview.rebuild()[0] is not None and loaded == [site]
    assert dict(preview.sink.files) == clean()


@pytest.mark.parametrize("between", ["check", "preview"])
def test_a_field_edit_a_check_or_a_preview_read_first_is_still_built(site, loads, between):
    """A check, a preview or a failed build records the files it read. A field's edit of the same
    size, saved just before a build and just before the build after it (so the times recorded
    cannot tell them apart), then looked to the story path like no change at all."""
    from ocop_site.preview import Preview

    output = site / "output"
    gao = site / "content" / "products" / "gao.md"
    _edit(gao, "Gạo thơm.", "Gạo thơm!")
    build(site, output, today())  # records gao.md as saved too recently to trust
    _edit(gao, "stars: 3", "stars: 5")  # the same size
    if between == "check":
        build(site, output, today(), check_only=True)
    else:
        assert Preview(site, today, workers=1).rebuild()[0] is not None
    build(site, output, today())
    assert "5/5" in _page(site, "products/gao/index.html")
    _as_clean(site)
