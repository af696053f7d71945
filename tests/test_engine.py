"""The build engine as a user meets it: what a rebuild makes, writes, keeps and deletes."""
from __future__ import annotations

import datetime as dt
import io
import multiprocessing
import re
import shutil
import zipfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import product, today, write_tree
from html_tools import read_page
from ocop_site import content as content_module
from ocop_site.build import build, build_loaded, load_site
from ocop_site.errors import SiteErrors
from ocop_site.plan import Artifact, producer, producers
from ocop_site.output_folder import FolderSink
from ocop_site.sink import MemorySink, NullSink, ZipSink, unsafe_path
from ocop_site.state import ArtifactRecord


def _mtimes(root: Path) -> dict[str, int]:
    return {p.relative_to(root).as_posix(): p.stat().st_mtime_ns for p in root.rglob("*") if p.is_file()}


def _bytes(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


@pytest.fixture
def site(make_site) -> Path:
    return make_site({
        "content/products/mat-ong/index.md": product("Mật ong Đại Hợp", extra="summary: Mật ong hoa nhãn.\n"),
        "content/products/mat-ong/index.en.md": "---\nname: Dai Hop honey\n---\nHoney.\n",
        "content/products/gao.md": product("Gạo ruộng rươi", stars=3, district="thach-that"),
        "content/products/tra.md": product("Trà hoa vàng", group="do-uong"),
        "content/pages/about.md": "---\ntitle: Giới thiệu\n---\nVề chúng tôi.\n",
    })


def test_a_rebuild_with_nothing_changed_makes_and_writes_nothing(site):
    first = build(site, site / "output", today())
    assert first.made == first.files and first.written == first.files
    before = _mtimes(site / "output")
    second = build(site, site / "output", today())
    assert (second.made, second.written) == (0, 0)
    assert _mtimes(site / "output") == before  # rsync and s3 sync see nothing to upload


@pytest.mark.parametrize("clean", [False, True])
def test_the_build_right_after_a_first_or_clean_one_reads_nothing(site, monkeypatch, clean):
    """The fingerprint a build records is of what it found (its certificates' dates), so the
    very next build with nothing changed takes the shortcut: nothing loaded, nothing planned."""
    build(site, site / "output", today(), clean=clean)
    import ocop_site.build as build_module

    def refuse(*args, **kwargs):
        raise AssertionError("the site was loaded again")

    monkeypatch.setattr(build_module, "load_site", refuse)
    report = build(site, site / "output", today())
    assert (report.made, report.written) == (0, 0) and report.files > 10


@pytest.mark.parametrize("between", ["check", "preview"])
def test_a_check_or_a_preview_in_between_leaves_the_shortcut_to_the_next_build(site, monkeypatch, between):
    """Neither changes the output folder, so what the last build recorded of it still holds (a
    check used to erase it: the next build with nothing changed took 2.1 s instead of 0.27 s at
    5,000 products)."""
    import ocop_site.build as build_module
    from ocop_site.preview import Preview

    build(site, site / "output", today())
    if between == "check":
        build(site, site / "output", today(), check_only=True)
    else:
        assert Preview(site, today).rebuild()[0] is not None

    def refuse(*args, **kwargs):
        raise AssertionError("the site was loaded again")

    monkeypatch.setattr(build_module, "load_site", refuse)
    report = build(site, site / "output", today())
    assert (report.made, report.written) == (0, 0) and report.files > 10


def test_a_check_of_what_the_last_build_checked_loads_nothing_and_says_the_same(site, monkeypatch):
    import ocop_site.build as build_module

    built = build(site, site / "output", today())
    checked = build(site, site / "output", today(), check_only=True)  # the whole check: it loads the site
    assert (checked.products, checked.pages, checked.warnings) == (built.products, built.pages, built.warnings)

    def refuse(*args, **kwargs):
        raise AssertionError("the site was loaded again")

    with monkeypatch.context() as patch:
        patch.setattr(build_module, "load_site", refuse)
        again = build(site, site / "output", today(), check_only=True)
    assert (again.products, again.pages, again.warnings) == (built.products, built.pages, built.warnings)
    path = site / "content" / "products" / "mat-ong" / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("stars: 4", "stars: 9"), encoding="utf-8")
    with pytest.raises(SiteErrors):  # changed: checked again
        build(site, site / "output", today(), check_only=True)


def test_a_file_put_back_as_it_was_after_a_build_that_read_it_just_saved_is_built_again(site):
    """A build that read a file saved within the last seconds records no fingerprint (the file
    could still change unseen); it must also forget the one the build before recorded, which no
    longer describes the output: putting the file back as it was, bytes, size and modification
    time (``cp -p`` from a copy, ``rsync -t``), then looked as if nothing had changed since."""
    import os

    output = site / "output"
    build(site, output, today())
    path = site / "content" / "products" / "mat-ong" / "index.md"
    original, st = path.read_bytes(), path.stat()
    path.write_bytes(original.replace("Mô tả sản phẩm.".encode(), "Mô tả mới.".encode()))
    build(site, output, today())  # the edit was saved just now
    assert "Mô tả mới." in (output / "products" / "mat-ong" / "index.html").read_text(encoding="utf-8")
    path.write_bytes(original)
    os.utime(path, ns=(st.st_atime_ns, st.st_mtime_ns))
    build(site, output, today())
    assert "Mô tả mới." not in (output / "products" / "mat-ong" / "index.html").read_text(encoding="utf-8")
    expected = _bytes(output)
    build(site, output, today(), clean=True)
    assert _bytes(output) == expected


def test_files_a_killed_build_moved_in_go_when_the_sources_are_put_back(site, monkeypatch):
    """A build killed once its new files are in the output, before it saved the build state,
    leaves them there, listed in the output's manifest, and the state as it was. With the
    sources put back as they were, the next build finds the fingerprint of the last good one
    and every file that build wrote as it left it: it must not take "nothing changed" and
    leave a file no build of these sources makes."""
    import os

    from ocop_site import output_folder

    output = site / "output"
    build(site, output, today())
    expected = _bytes(output)
    added = write_tree(site, {"themes/default/static/extra.css": "p{}"}) / "themes/default/static/extra.css"
    replace, moved = os.replace, []

    def killed_once_the_files_are_in(source, target):
        if not Path(target).is_relative_to(output) and moved:
            raise KeyboardInterrupt  # as a kill: nothing after this runs, the state is not saved
        if Path(target).name != output_folder.MARKER and Path(target).is_relative_to(output):
            moved.append(Path(target).relative_to(output).as_posix())
        replace(source, target)

    with monkeypatch.context() as patch:
        patch.setattr(os, "replace", killed_once_the_files_are_in)
        with pytest.raises(KeyboardInterrupt):
            build(site, output, today())
    assert moved == ["static/extra.css"]  # a new file, and no other changed
    added.unlink()
    build(site, output, today())
    assert _bytes(output) == expected


def test_editing_one_product_rewrites_only_the_files_whose_bytes_changed(site):
    build(site, site / "output", today())
    before = _mtimes(site / "output")
    path = site / "content" / "products" / "mat-ong" / "index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Mô tả sản phẩm.", "Mô tả mới."), encoding="utf-8")
    report = build(site, site / "output", today())
    after = _mtimes(site / "output")
    changed = {p for p in after if after[p] != before.get(p)}
    assert changed == {"products/mat-ong/index.html", ".ocop-site"} or changed == {"products/mat-ong/index.html"}
    assert report.written == 1 and report.made < report.files // 2


def test_unchanged_content_files_are_neither_read_nor_parsed_again(site, monkeypatch):
    build(site, site / "output", today())
    reads: list[str] = []
    original = content_module.read_document
    monkeypatch.setattr(content_module, "read_document", lambda file: reads.append(file.shown) or original(file))
    assert build(site, site / "output", today()).parsed == 0
    assert reads == []
    (site / "content" / "products" / "gao.md").write_text(product("Gạo ruộng rươi mới", stars=3,
                                                                  district="thach-that"), encoding="utf-8")
    build(site, site / "output", today())
    assert reads == ["content/products/gao.md"]


def test_deleting_the_cache_is_safe_and_clean_makes_everything(site, tmp_path):
    build(site, site / "output", today())
    expected = _bytes(site / "output")
    shutil.rmtree(site / ".cache")
    report = build(site, site / "output", today())
    assert report.made == report.files and report.written == 0  # made again, found identical
    assert _bytes(site / "output") == expected
    clean = build(site, site / "output", today(), clean=True)
    assert clean.made == clean.files
    assert _bytes(site / "output") == expected


def test_a_deleted_product_disappears_and_files_hosts_need_stay(site):
    output = site / "output"
    build(site, output, today())
    host_files = {"CNAME": "ocop.example.org\n", ".nojekyll": "", ".well-known/security.txt": "x\n",
                  ".git/HEAD": "ref: refs/heads/gh-pages\n", "google1234.html": "google-site-verification"}
    for rel, text in host_files.items():
        (output / rel).parent.mkdir(parents=True, exist_ok=True)
        (output / rel).write_text(text, encoding="utf-8")
    (site / "content" / "products" / "gao.md").unlink()
    build(site, output, today())
    assert not (output / "products" / "gao").exists()  # its page and its emptied folder are gone
    for rel, text in host_files.items():
        assert (output / rel).read_text(encoding="utf-8") == text


def test_two_products_whose_slugs_fold_alike_are_one_error_naming_both(make_site, cli):
    site = make_site({"content/products/Đào/index.md": product("Đào cảnh"),
                      "content/products/Dao/index.md": product("Dao cau")})
    code, _, err = cli("build", str(site))
    assert code == 1
    assert ("content/products/Đào/index.md:1: error: duplicate slug 'dao': content/products/Dao/index.md "
            "already uses it") in err


def test_the_sink_refuses_unsafe_paths_and_a_path_claimed_twice(tmp_path):
    for path in ("/etc/passwd", "../x", "a/../../x", "a//b", "C:/x", "a\\b", ""):
        assert unsafe_path(path) is not None, path
    assert unsafe_path("products/x/index.html") is None
    sink = NullSink()
    assert sink.claim("robots.txt", "outputs/robots.py") is None
    twice = sink.claim("robots.txt", "content/pages/robots.md")
    assert twice is not None and "outputs/robots.py" in twice.message and "content/pages/robots.md" in str(twice)
    assert "not a relative path" in str(sink.claim("/etc/passwd", "x"))


@settings(max_examples=2000, deadline=None)
@given(st.text(alphabet="ab./\\:\x00Cé\n", max_size=10))
def test_the_quick_path_check_agrees_with_the_rules(path):
    """unsafe_path's one regular expression answers as the rules it stands for."""
    parts = path.split("/")
    if not path or path.startswith("/") or "\\" in path or "\x00" in path or re.match(r"^[A-Za-z]:", path):
        assert unsafe_path(path) == "absolute"
    elif any(part in ("", ".", "..") for part in parts):
        assert unsafe_path(path) == "parts"
    else:
        assert unsafe_path(path) is None


def test_an_output_kind_is_one_registered_producer(site, monkeypatch):
    from ocop_site import plan

    @producer("humans")
    def humans(ctx):
        yield Artifact("humans.txt", "site.yaml", ("site.yaml",), lambda made: b"Made in Vietnam\n")

    try:
        assert "humans" in dict(producers()) and "robots" in dict(producers())
        build(site, site / "output", today())
        assert (site / "output" / "humans.txt").read_bytes() == b"Made in Vietnam\n"
        assert (site / "output" / "robots.txt").read_text() == "User-agent: *\nAllow: /\n"
    finally:
        plan._PRODUCERS.pop("humans")


def test_the_same_site_in_memory_and_in_a_zip(site, tmp_path):
    build(site, site / "output", today())
    on_disk = {k: v for k, v in _bytes(site / "output").items() if k != ".ocop-site"}
    memory = MemorySink()
    build_loaded(load_site(site, today()), memory, workers=1, full=True)
    assert memory.files == on_disk
    zips = []
    for name in ("a.zip", "b.zip"):
        build_loaded(load_site(site, today()), ZipSink(tmp_path / name, "catalogue"), workers=1, full=True)
        zips.append((tmp_path / name).read_bytes())
    assert zips[0] == zips[1]  # fixed timestamps, sorted entries
    with zipfile.ZipFile(io.BytesIO(zips[0])) as archive:
        names = archive.namelist()
        assert names == sorted(names) and "catalogue/index.html" in names
        assert archive.read("catalogue/index.html") == on_disk["index.html"]


def test_a_memory_sink_keeps_what_did_not_change(site):
    sink = MemorySink()
    build_loaded(load_site(site, today()), sink, workers=1)
    first = dict(sink.files)
    report = build_loaded(load_site(site, today()), sink, workers=1)
    assert report.made == 0 and sink.files == first


def test_listings_are_paginated_with_links_that_work_from_disk(make_site, cli):
    site = make_site({f"content/products/sp-{i:03}.md": product(f"Sản phẩm {i:03}", stars=4) for i in range(125)})
    assert cli("build", str(site))[0] == 0
    out = site / "output"
    for listing in ("", "district/kien-thuy/", "stars/4/", "en/", "en/group/thuc-pham/"):
        first, second, third = (out / listing / "index.html", out / listing / "page/2/index.html",
                                out / listing / "page/3/index.html")
        assert second.is_file() and third.is_file() and not (out / listing / "page/4/index.html").exists()
        counts = [len(read_page(p).products) for p in (first, second, third)]
        assert counts == [60, 60, 5]
        html = second.read_text(encoding="utf-8")
        prev = re.search(r'<link rel="prev" href="([^"]+)">', html)
        following = re.search(r'<a href="([^"]+)" rel="next">', html)
        assert prev and (second.parent / prev.group(1)).resolve() == first.resolve()
        assert following and (second.parent / following.group(1)).resolve() == third.resolve()
        assert re.search(r"<title>[^<]*(trang|page) 2(/| of )3", html)
        for attr, link in read_page(second).links:
            if attr == "href" and not link.startswith(("http", "#", "mailto:", "tel:")):
                assert (second.parent / link.split("#")[0]).resolve().is_file(), link
    everyone = set()
    for page in ("index.html", "page/2/index.html", "page/3/index.html"):
        everyone |= set(read_page(out / page).products)
    assert len(everyone) == 125


def test_a_facet_page_links_to_the_home_page_filtered_to_it(site, cli):
    assert cli("build", str(site))[0] == 0
    html = (site / "output" / "district" / "kien-thuy" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../index.html#district=kien-thuy"' in html
    en = (site / "output" / "en" / "group" / "do-uong" / "index.html").read_text(encoding="utf-8")
    assert 'href="../../../en/index.html#group=do-uong"' in en


def test_many_warnings_of_a_kind_are_one_line_and_verbose_lists_them(make_site, cli):
    site = make_site({f"content/products/sp-{i}.md": product(f"Sản phẩm {i}") for i in range(7)})
    code, _, err = cli("build", str(site))
    assert code == 0
    lines = [line for line in err.splitlines() if "warning" in line]
    assert "warning: 7 products have no images: a placeholder is shown (content/products/sp-0.md, " \
           "content/products/sp-1.md, content/products/sp-2.md, …; --verbose lists all)" in lines
    assert len(lines) == 3  # no images, no translation, no base_url
    code, _, err = cli("build", str(site), "--verbose")
    assert sum("product has no images" in line for line in err.splitlines()) == 7


def test_a_failed_build_changes_nothing_and_leaves_no_staging_folder(site):
    output = site / "output"
    build(site, output, today())
    before = _bytes(output)
    (site / "content" / "products" / "tra.md").write_text(product("Trà", stars=9), encoding="utf-8")
    with pytest.raises(SiteErrors):
        build(site, output, today())
    assert _bytes(output) == before
    assert not [p for p in site.iterdir() if p.name.startswith(".output.")]


def test_the_build_date_changes_only_what_shows_a_certificate(make_site):
    site = make_site({
        "content/products/co.md": product("Có giấy", extra="certificate:\n  date: 2023-03-01\n"),
        "content/products/khong.md": product("Không giấy"),
    })
    build(site, site / "output", dt.date(2026, 1, 15))
    report = build(site, site / "output", dt.date(2026, 3, 2))  # expired since 2026-03-01
    assert report.written == 6  # its page and the statistics page in each language, catalogue.json and .csv
    assert "Đã hết hạn" in (site / "output" / "products" / "co" / "index.html").read_text(encoding="utf-8")
    assert build(site, site / "output", dt.date(2026, 3, 3)).made == 0


def test_a_year_of_recognition_still_to_come_is_an_error_on_every_build_date(make_site):
    """Checked on each build, like expiry: a build on an earlier day of the same files fails
    (it does not take the last build's report)."""
    site = make_site({"content/products/nam.md": product("Năm", extra="certificate:\n  year: 2026\n")})
    build(site, site / "output", dt.date(2026, 1, 15))
    assert build(site, site / "output", dt.date(2026, 1, 16)).made == 0
    with pytest.raises(SiteErrors) as raised:
        build(site, site / "output", dt.date(2025, 12, 31))
    assert [(p.path, p.line, p.args) for p in raised.value.problems if not p.is_warning] == [
        ("content/products/nam.md", 7, (("today", "2025"), ("year", "2026")))]


def test_a_record_claims_its_own_output_only(tmp_path, site):
    sink = FolderSink(tmp_path / "out", site, {"x.html": ArtifactRecord("d", "h", 1, 1)})
    try:
        assert not sink.intact("x.html", ArtifactRecord("d", "h", 1, 1))
    finally:
        sink.abort()


@pytest.mark.parametrize("scratch_full, segment, borrowed", [(False, None, None), (True, None, None), (False, 7, 3)])
def test_workers_make_the_same_bytes_as_one_process_and_leave_no_scratch(make_site, monkeypatch, scratch_full,
                                                                           segment, borrowed):
    """With worker processes, fragments other workers need (cards, booth cards, brochure entries)
    pass through a scratch file of the build, never kept (or through the parent, when the file
    cannot take them): the output of a clean build and of a rebuild after an edit is
    byte-identical to one process's, and no scratch file is left (nor one a killed build left).
    ``segment``: workers forked anew every few items (as every 25,000, then 8,000 in the second
    wave, in a large build);
    ``borrowed``: kept fragments borrowed a few at a time (as 4,096), by a page or file that needs
    more too, and the memory it took given back after it."""
    from ocop_site import engine, making
    from ocop_site.fragments import FragmentStore
    from ocop_site.scratch import ScratchStore

    monkeypatch.setattr(engine, "PARALLEL_MIN_ITEMS", 1)
    segments: list[int] = []
    released: list[int] = []
    asked: list[int] = []  # how many fragments each query to the build state asked for
    if borrowed:
        monkeypatch.setattr(making, "BORROWED", borrowed)
        monkeypatch.setattr(making, "release_memory", lambda _release=making.release_memory: (
            released.append(1), _release()))
        monkeypatch.setattr(FragmentStore, "get", lambda self, digests, signed=False, _get=FragmentStore.get: (
            asked.append(len(digests := list(digests))) or _get(self, digests, signed)))
    if segment:
        monkeypatch.setattr(engine, "SEGMENT_ITEMS", segment)
        monkeypatch.setattr(engine, "SECOND_WAVE_SEGMENT_ITEMS", segment + 1)
        monkeypatch.setattr(engine, "_segments", lambda chunks, size, _cut=engine._segments: (
            segments.append(size) or part for part in _cut(chunks, size)))
    # workers are forked only when no other thread runs (another test's may still): here, always
    monkeypatch.setattr(engine, "process_context", lambda: multiprocessing.get_context("fork"))
    if scratch_full:
        monkeypatch.setattr(ScratchStore, "put", lambda self, items: not items)
    opened: list[ScratchStore | None] = []
    monkeypatch.setattr(ScratchStore, "open", classmethod(
        lambda cls, folder, _open=ScratchStore.open.__func__: opened.append(_open(cls, folder)) or opened[-1]))
    files = {f"content/products/p{i}.md": product(f"Sản phẩm {i}", district=("kien-thuy", "thach-that")[i % 2],
                                                  stars=3 + i % 3, extra=f"producer:\n  name: HTX số {i % 3}\n")
             for i in range(9)}
    one, many = make_site(files, name="one"), make_site(files, name="many")
    (many / ".cache").mkdir()
    (many / ".cache" / "scratch-left-by-a-killed-build.sqlite").write_bytes(b"x")
    for step in range(2):
        build(one, one / "output", today(), workers=1)
        build(many, many / "output", today(), workers=2)
        assert _bytes(many / "output") == _bytes(one / "output")
        assert sorted(p.name for p in (many / ".cache").glob("scratch-*")) == []
        for site_dir in (one, many):
            edited = site_dir / "content" / "products" / "p4.md"
            edited.write_text(edited.read_text(encoding="utf-8").replace("Sản phẩm 4", "Sản phẩm bốn"),
                              encoding="utf-8")
    assert "Sản phẩm bốn" in (many / "output" / "cards" / "index.html").read_text(encoding="utf-8")
    assert len(opened) == 2 and all(opened)  # the builds with workers used one
    assert len(segments) > (20 if segment else -1)
    if segment:  # each wave is cut at its own size
        assert set(segments) == {segment, segment + 1}
    assert (len(released) > 10) == bool(borrowed)  # in this process (workers=1) at least
    if borrowed:  # a page or file that reads more (catalogue.json, the data scripts…) borrows in batches
        assert asked and max(asked) <= borrowed


def test_a_file_that_reads_more_than_a_worker_borrows_is_what_a_clean_build_writes(site, monkeypatch):
    """``catalogue.json``, ``catalogue.csv`` and the data scripts read an entry per product,
    borrowed a batch at a time: with entries and records lost from the build state or damaged
    there, the files are what a clean build writes (forged cards: ``test_kept_files``)."""
    import sqlite3

    from ocop_site import making
    from ocop_site.state import state_path

    monkeypatch.setattr(making, "BORROWED", 2)
    build(site, site / "output", today())
    with sqlite3.connect(state_path(site)) as db:  # not the stories' HTML, trusted as kept
        db.execute("UPDATE fragments SET data = 'x' WHERE rowid % 2 = 0 AND substr(data, 1, 1) != '<'")
        db.execute("DELETE FROM fragments WHERE rowid % 2 = 1 AND substr(data, 1, 1) != '<'")
    db.close()
    edited = site / "content" / "products" / "tra.md"
    edited.write_text(edited.read_text(encoding="utf-8").replace("Trà hoa vàng", "Trà hoa vàng Tân Hương"),
                      encoding="utf-8")
    build(site, site / "output", today())
    clean = site.parent / "clean"
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns(".cache", "output"))
    build(clean, clean / "output", today())
    assert _bytes(site / "output") == _bytes(clean / "output")


def test_the_collector_is_paused_while_planning_and_running_again_after_any_build(site, monkeypatch):
    """Loading and planning run without automatic garbage collection (it walked every object of
    the model again and again, a third of an edit's rebuild at 20,000 products); pages are
    made with it on; and it is on again after a build that succeeded or failed, as the preview
    server runs builds in a process that lives on."""
    import gc

    from ocop_site import engine

    seen: list[bool] = []
    real_render = engine.run_plan

    def watching_run_plan(*args, **kwargs):
        seen.append(gc.isenabled())
        return real_render(*args, **kwargs)

    monkeypatch.setattr(engine, "run_plan", watching_run_plan)
    assert gc.isenabled()
    build(site, site / "output", today())
    assert seen == [False] and gc.isenabled()
    (site / "content" / "products" / "gao.md").write_text("---\nname: Gạo\nstars: 9\n---\n", encoding="utf-8")
    with pytest.raises(SiteErrors):
        build(site, site / "output", today())
    assert gc.isenabled()
