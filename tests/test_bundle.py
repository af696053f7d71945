"""``ocop-site bundle``: one deterministic zip that works unzipped, from disk, offline."""
from __future__ import annotations

import re
import shutil
import zipfile
from pathlib import Path

import pytest

from conftest import MINIMAL_SITE_YAML, REPO, TODAY, product, run_cli

CARDS = "[data-catalogue] .cards > li"


def _example(root: Path) -> Path:
    root.mkdir(parents=True)
    shutil.copy(REPO / "site.yaml", root / "site.yaml")
    for name in ("content", "assets"):
        shutil.copytree(REPO / name, root / name)
    return root


@pytest.fixture(scope="module")
def example_bundle(tmp_path_factory) -> Path:
    from ocop_site.cli import main

    site = _example(tmp_path_factory.mktemp("bundle") / "site")
    target = site.parent / "first.zip"
    assert main(["bundle", str(site), "--date", TODAY, "-o", str(target)]) == 0
    return target


def test_the_same_input_gives_the_same_zip_bytes(example_bundle, tmp_path, capsys):
    site = _example(tmp_path / "again")  # a fresh copy: a cold build, no cache
    code, out, err = run_cli("bundle", str(site), "--date", TODAY, "-o", str(tmp_path / "again.zip"), capsys=capsys)
    assert code == 0, err
    assert (tmp_path / "again.zip").read_bytes() == example_bundle.read_bytes()
    assert f"wrote {tmp_path / 'again.zip'}: " in out and " MB, " in out and "MO-TRANG-NAY.html" in out


def test_the_zip_holds_the_site_in_a_folder_and_two_launchers(example_bundle, example_output):
    with zipfile.ZipFile(example_bundle) as archive:
        names = archive.namelist()
        infos = archive.infolist()
    assert names[:2] == ["MO-TRANG-NAY.html", "START-HERE.html"]
    built = sorted(p.relative_to(example_output).as_posix() for p in example_output.rglob("*")
                   if p.is_file() and p.name != ".ocop-site")
    assert names[2:] == [f"ocop-catalogue/{name}" for name in built]
    assert names == sorted(names[:2]) + sorted(names[2:])
    assert {i.date_time for i in infos} == {(2020, 1, 1, 0, 0, 0)}
    assert len({n.casefold() for n in names}) == len(names)
    assert max(len(n) for n in names) < 200


def test_unzipped_it_works_from_disk_with_no_network(example_bundle, tmp_path, offline_page):
    with zipfile.ZipFile(example_bundle) as archive:
        archive.extractall(tmp_path / "usb")
    page = offline_page.open(tmp_path / "usb" / "MO-TRANG-NAY.html")
    page.wait_for_url("**/ocop-catalogue/index.html")
    assert page.locator("html").get_attribute("lang") == "vi"
    total = page.locator(CARDS).count()
    page.check('[data-controls] input[name="district"][value="kien-thuy"]')
    assert 0 < page.locator(f"{CARDS}:visible").count() < total
    page.click("[data-controls] [data-clear]")
    page.fill("#catalogue-q", "mat ong dai hop")
    page.wait_for_function("() => document.querySelectorAll('[data-catalogue] .cards > li:not([hidden])').length === 1")
    page.click("[data-catalogue] .cards > li:not([hidden]) a")
    page.wait_for_url("**/products/mat-ong-dai-hop/index.html")
    assert page.locator("img").first.evaluate("img => img.complete && img.naturalWidth > 0")
    page.click('a[hreflang="en"]')
    page.wait_for_url("**/en/products/mat-ong-dai-hop/index.html")
    assert "Dai Hop honey" in page.locator("h1").inner_text()
    page = offline_page.open(tmp_path / "usb" / "START-HERE.html")
    page.wait_for_url("**/ocop-catalogue/en/index.html")
    assert page.locator("html").get_attribute("lang") == "en"


VI_ONLY = """\
title: {vi: Sản phẩm OCOP thử}
languages: [vi]
provinces:
  hai-phong: {vi: Hải Phòng}
districts:
  kien-thuy: {vi: Kiến Thụy, province: hai-phong}
"""
EN_FIRST = MINIMAL_SITE_YAML.replace("languages: [vi, en]", "languages: [en, vi]")


@pytest.mark.parametrize("config, default, homes", [
    (VI_ONLY, "vi", {"MO-TRANG-NAY.html": "index.html", "START-HERE.html": "index.html"}),
    (EN_FIRST, "en", {"MO-TRANG-NAY.html": "vi/index.html", "START-HERE.html": "index.html"}),
])
def test_the_launchers_open_the_homes_the_site_has(make_site, tmp_path, capsys, config, default, homes):
    """Each launcher opens the home of its language when the site has it, else the default
    language's home (the root): never a page the zip does not hold."""
    site = make_site({"site.yaml": config, "content/products/mat-ong.md": product("Mật ong")})
    target = tmp_path / "out.zip"
    code, _, err = run_cli("bundle", str(site), "--date", TODAY, "-o", str(target), capsys=capsys)
    assert code == 0, err
    with zipfile.ZipFile(target) as archive:
        names = set(archive.namelist())
        for launcher, home in homes.items():
            html = archive.read(launcher).decode()
            links = {url or href for url, href in re.findall(r'url=([^"]+)"|href="([^"]+)"', html)}
            assert links == {f"ocop-catalogue/{home}"}, (launcher, html)
            assert f"ocop-catalogue/{home}" in names
        assert f'<html lang="{default}"' in archive.read("ocop-catalogue/index.html").decode()


def test_names_windows_cannot_hold_are_refused_before_anything_is_written(make_site, tmp_path, capsys):
    site = make_site({"content/products/con.md": product("Con"),
                      "content/products/mat-ong.md": product("Mật ong")})
    target = tmp_path / "out.zip"
    code, _, err = run_cli("bundle", str(site), "--date", TODAY, "-o", str(target), capsys=capsys)
    assert code == 1
    assert ("content/products/con.md:1: error: 'con' is a name Windows keeps for a device: a copy of the site "
            "on Windows or a USB stick could not hold its page; set another 'slug:'") in err
    assert "Traceback" not in err
    assert not target.exists()


def test_too_long_a_path_is_refused(make_site, tmp_path, capsys):
    slug = "san-pham-" + "rat-dai-" * 24
    site = make_site({f"content/products/{slug.strip('-')}.md": product("Sản phẩm")})
    code, _, err = run_cli("bundle", str(site), "--date", TODAY, "-o", str(tmp_path / "out.zip"), capsys=capsys)
    assert code == 1
    assert "characters long: Windows and USB sticks need paths under 200" in err


def test_the_default_name_is_dated_in_the_current_folder(make_site, tmp_path, capsys, monkeypatch):
    site = make_site({"content/products/mat-ong.md": product("Mật ong")})
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("bundle", str(site), "--date", TODAY, capsys=capsys)
    assert code == 0, err
    assert (tmp_path / f"ocop-catalogue-{TODAY}.zip").is_file()


def test_a_site_with_errors_writes_no_bundle(make_site, tmp_path, capsys, monkeypatch):
    site = make_site({"content/products/mat-ong.md": product("Mật ong", stars=7)})
    monkeypatch.chdir(tmp_path)
    code, _, err = run_cli("bundle", str(site), "--date", TODAY, capsys=capsys)
    assert code == 1 and "nothing was written" in err
    assert not list(tmp_path.glob("*.zip"))
