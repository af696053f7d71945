"""A lost output folder comes back from .cache/files, and only what this user's builds made."""
from __future__ import annotations

import errno
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest

from conftest import product, today
from ocop_site import kept_files, user_key, workers
from ocop_site.build import build


def _files(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file() and p.name != ".ocop-site"}


def _kept(site: Path) -> list[Path]:
    return sorted(p for p in (site / ".cache" / "files").rglob("*")
                  if (p.is_file() or p.is_symlink()) and p.name != kept_files._KEY_FILE)


@pytest.fixture
def site(make_site) -> Path:
    return make_site({
        "content/products/mat-ong/index.md": product("Mật ong Đại Hợp"),
        "content/products/mat-ong/index.en.md": "---\nname: Dai Hop honey\n---\nHoney.\n",
        "content/products/gao.md": product("Gạo ruộng rươi", stars=3, district="thach-that"),
    })


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_deleted_output_folder_comes_back_from_the_cache_as_it_was(site, cli, monkeypatch, jobs):
    monkeypatch.setattr(workers, "IN_PARTS_MIN_ITEMS", 2)  # with two jobs, restored by two workers
    first = build(site, site / "output", today())
    before = _files(site / "output")
    assert len(_kept(site)) == len(before) == first.files  # one copy of each
    shutil.rmtree(site / "output")
    code, out, _ = cli("build", str(site), "--jobs", jobs)
    assert code == 0 and f"(0 made, {first.files:,} restored, {first.files:,} written)" in out
    assert _files(site / "output") == before  # the same bytes, and the same times for rsync


@pytest.mark.parametrize("lost", ["folder", "one file"])
def test_when_nothing_else_changed_lost_files_are_restored_without_loading_the_site(site, monkeypatch, lost):
    import ocop_site.build as build_module

    first = build(site, site / "output", today())
    before = _files(site / "output")
    if lost == "folder":
        shutil.rmtree(site / "output")
    else:
        (site / "output" / "products" / "gao" / "index.html").unlink()

    def refuse(*args, **kwargs):
        raise AssertionError("the site was loaded again")

    monkeypatch.setattr(build_module, "load_site", refuse)
    report = build(site, site / "output", today())
    assert report.restored == report.written == (first.files if lost == "folder" else 1)
    assert report.made == 0 and report.files == first.files
    assert _files(site / "output") == before


def test_a_kept_file_changed_or_replaced_by_a_link_is_made_again(site):
    first = build(site, site / "output", today())
    before = _files(site / "output")
    shutil.rmtree(site / "output")
    changed, linked = [p for p in _kept(site) if p.stat().st_size > 100][:2]
    data = changed.read_bytes()
    changed.write_bytes(b"<script>alert(1)</script>" + data[25:])  # same size, other bytes
    copy = linked.with_name("copy")
    shutil.copyfile(linked, copy)
    linked.unlink()
    linked.symlink_to(copy)
    report = build(site, site / "output", today())
    assert (report.made, report.restored) == (2, first.files - 2)
    assert {k: v[0] for k, v in _files(site / "output").items()} == {k: v[0] for k, v in before.items()}
    assert not linked.is_symlink() and changed.read_bytes() == data  # kept again as made


def test_a_cache_kept_with_another_key_is_not_trusted(site, monkeypatch):
    first = build(site, site / "output", today())
    shutil.rmtree(site / "output")
    monkeypatch.setenv(user_key.ENV, "the key of another machine")
    report = build(site, site / "output", today())
    assert (report.made, report.restored) == (first.files, 0)


def test_files_kept_with_another_key_are_deleted_not_piled_up(site, monkeypatch):
    """A CI run without OCOP_SITE_CACHE_KEY has a new key each time: the files the last run kept
    can never be used again, and must not stay in a cache that grows by an output a run."""
    first = build(site, site / "output", today())
    keys = ["a key", "the next run's key", "a key"]
    for key in keys:
        shutil.rmtree(site / "output")
        monkeypatch.setenv(user_key.ENV, key)
        report = build(site, site / "output", today())
        assert (report.made, report.restored) == (first.files, 0)  # another key than the last build's
        assert len(_kept(site)) == first.files
    shutil.rmtree(site / "output")
    report = build(site, site / "output", today())  # the same key again: the kept files are used
    assert (report.made, report.restored) == (0, first.files)
    marker = site / ".cache" / "files" / kept_files._KEY_FILE
    assert keys[-1].encode() not in marker.read_bytes() and len(marker.read_text()) == 32


def test_kept_files_without_the_name_of_their_key_are_not_used(site):
    """A folder kept by an earlier version, or whose .key was lost: its files are deleted."""
    first = build(site, site / "output", today())
    (site / ".cache" / "files" / kept_files._KEY_FILE).unlink()
    shutil.rmtree(site / "output")
    report = build(site, site / "output", today())
    assert (report.made, report.restored) == (first.files, 0)
    assert len(_kept(site)) == first.files and (site / ".cache" / "files" / kept_files._KEY_FILE).is_file()


def test_an_edit_keeps_the_new_files_and_forgets_the_old_ones(site):
    build(site, site / "output", today())
    path = site / "content" / "products" / "gao.md"
    path.write_text(product("Gạo ruộng rươi Kiến Thụy", stars=3, district="thach-that"), encoding="utf-8")
    build(site, site / "output", today())
    output = {p.stat().st_ino for p in (site / "output").rglob("*") if p.is_file() and p.name != ".ocop-site"}
    assert {p.stat().st_ino for p in _kept(site)} == output


def test_files_kept_by_a_build_killed_before_it_saved_its_state_do_not_stay(site, monkeypatch):
    """Killed after its output and kept files changed but before the state recorded them: the
    next build, of other sources, forgets what the state says was kept, and the killed build's
    files are no longer in the output. Nothing names them: they are found by having no other link."""
    from ocop_site.state import BuildState

    build(site, site / "output", today())
    path = site / "content" / "products" / "gao.md"
    path.write_text(product("Gạo ruộng rươi Kiến Thụy", stars=3, district="thach-that"), encoding="utf-8")
    with monkeypatch.context() as patch:  # killed just before the state was saved
        patch.setattr(BuildState, "save", lambda self, **kwargs: None)
        patch.setattr(kept_files.KeptFiles, "settled", lambda self: None)
        build(site, site / "output", today())
    path.write_text(product("Gạo ruộng rươi Thạch Thất", stars=4, district="thach-that"), encoding="utf-8")
    build(site, site / "output", today())
    output = {p.stat().st_ino for p in (site / "output").rglob("*") if p.is_file() and p.name != ".ocop-site"}
    assert {p.stat().st_ino for p in _kept(site)} == output
    assert not (site / ".cache" / "files" / kept_files._UNSETTLED).exists()
    shutil.rmtree(site / "output")
    assert build(site, site / "output", today()).made == 0  # all restored


def test_an_output_folder_where_links_fail_keeps_nothing_and_builds(site, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError(errno.EXDEV, "Invalid cross-device link")

    monkeypatch.setattr(kept_files.os, "link", refuse)
    first = build(site, site / "output", today())
    assert _kept(site) == []
    shutil.rmtree(site / "output")
    assert build(site, site / "output", today()).made == first.files


def test_the_cache_key_is_made_once_and_readable_by_the_user_alone(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.delenv(user_key.ENV, raising=False)
    key = user_key.cache_key()
    path = tmp_path / "config" / "ocop-site" / "cache-key"
    assert key is not None and len(key) == 32 and path.read_bytes() == key
    if os.name == "posix":
        assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert user_key.cache_key() == key
    monkeypatch.setenv(user_key.ENV, "a CI secret")
    assert user_key.cache_key() not in (None, key)
    monkeypatch.delenv(user_key.ENV)
    path.write_bytes(b"short")  # damaged: no key, no trust, and the build goes on
    assert user_key.cache_key() is None
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "file"))
    (tmp_path / "file").write_text("not a folder")
    assert user_key.cache_key() is None


def _signed_rows(site: Path) -> list[tuple[str, str]]:
    with sqlite3.connect(site / ".cache" / "state.sqlite") as db:
        return db.execute("SELECT digest, data FROM fragments WHERE substr(data, 1, 1) = char(1)").fetchall()


@pytest.mark.parametrize("forgery", ["text", "key"])
def test_kept_cards_are_used_only_as_this_user_signed_them(site, tmp_path, monkeypatch, forgery):
    """Product cards are HTML that nothing could check: they are kept between builds signed
    with the user's key, and a card whose text or signature is not this user's is made again."""
    build(site, site / "output", today())
    rows = _signed_rows(site)
    assert len(rows) >= 6  # a card, a booth card and a brochure entry per product and language
    if forgery == "text":
        with sqlite3.connect(site / ".cache" / "state.sqlite") as db:
            db.executemany("UPDATE fragments SET data = ? WHERE digest = ?",
                           [(data[:33] + "<script>alert(1)</script>" + data[33:], digest) for digest, data in rows])
    else:
        monkeypatch.setenv(user_key.ENV, "the key of another machine")
    path = site / "content" / "products" / "mat-ong" / "index.md"  # every listing of it is made again
    path.write_text(product("Mật ong Đại Hợp", stars=5), encoding="utf-8")
    build(site, site / "output", today())
    build(site, tmp_path / "clean", today(), clean=True)
    assert {k: v[0] for k, v in _files(site / "output").items()} == \
        {k: v[0] for k, v in _files(tmp_path / "clean").items()}


@pytest.mark.parametrize("made_again", ["works", "fails"])
def test_forged_cards_a_page_borrows_in_batches_are_made_again(site, tmp_path, monkeypatch, made_again):
    """A page that shows more cards than a worker borrows at once takes them a batch at a time
    (as ``catalogue.json`` takes its entries): a forged card is made again there, and a card
    that cannot be made again fails the build with its own error, once, and no traceback."""
    from ocop_site import making
    from ocop_site.errors import SiteErrors, error
    from ocop_site.render.renderer import Renderer

    monkeypatch.setattr(making, "BORROWED", 1)
    # every page that shows the rice's card shows one more: taken in batches of one
    (site / "content" / "products" / "com.md").write_text(product("Cốm làng Vòng", stars=3, district="thach-that"),
                                                          encoding="utf-8")
    build(site, site / "output", today())
    with sqlite3.connect(site / ".cache" / "state.sqlite") as db:
        db.executemany("UPDATE fragments SET data = ? WHERE digest = ?",
                       [(data[:33] + "<script>alert(1)</script>" + data[33:], digest) for digest, data in
                        _signed_rows(site)])
    db.close()
    path = site / "content" / "products" / "mat-ong" / "index.md"  # every listing of it is made again
    path.write_text(product("Mật ong Đại Hợp", stars=5), encoding="utf-8")
    if made_again == "fails":
        before = _files(site / "output")

        def card(self: Renderer, lang: str, slug: str, _card=Renderer.card) -> str:
            if slug == "gao":  # its card was kept (forged), so only a page that shows it makes it
                raise SiteErrors([error("content/products/gao.md", 1, "no card")])
            return _card(self, lang, slug)

        monkeypatch.setattr(Renderer, "card", card)
        with pytest.raises(SiteErrors) as failed:
            build(site, site / "output", today(), workers=1)
        assert [p.render() for p in failed.value.problems if not p.is_warning] == \
            ["content/products/gao.md:1: error: no card"]
        assert _files(site / "output") == before
        return
    build(site, site / "output", today())
    build(site, tmp_path / "clean", today(), clean=True)
    assert {k: v[0] for k, v in _files(site / "output").items()} == \
        {k: v[0] for k, v in _files(tmp_path / "clean").items()}


def test_without_a_key_cards_are_not_kept(site, monkeypatch):
    monkeypatch.setattr(user_key, "key_path", lambda: None)
    build(site, site / "output", today())
    assert _signed_rows(site) == []
    assert _kept(site) == []
