"""A province catalogue from several sites: ``sources:`` in site.yaml (ocop_site/aggregate.py).

Three small area sites (two inside the province's folder, one beside it) are
aggregated into one province site with a product of its own; the province
build must hold every product, area and producer in both languages, with the
source's pictures; every problem inside a source must point into it; and an
edit in one source must remake only what it touches, ending byte-identical
to a clean build.
"""
from __future__ import annotations

import io
import os
import shutil
import time
from pathlib import Path

from PIL import Image

from conftest import product, today, write_tree
from html_tools import read_page
from ocop_site.build import build

PROVINCE_YAML = """\
title: {vi: Sản phẩm OCOP Hải Phòng, en: Hai Phong OCOP products}
languages: [vi, en]
provinces:
  hai-phong: {vi: Hải Phòng, en: Hai Phong}
sources:
  - sources/kien-thuy
  - sources/an-lao
  - ../thuy-nguyen
"""


def area_yaml(key: str, vi: str, en: str, more: str = "") -> str:
    return (f"title: OCOP {vi}\nlanguages: [vi, en]\nprovinces:\n  hai-phong: {{vi: Hải Phòng, en: Hai Phong}}\n"
            f"districts:\n  {key}: {{vi: {vi}, en: {en}, province: hai-phong}}\n{more}")


def picture(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


HONEY_PRODUCER = "producer:\n  name: HTX Mật ong Hải Phòng\n"


def area_files(key: str, vi: str, en: str, products: dict[str, str], more: str = "") -> dict[str, str | bytes]:
    """An area site: its site.yaml, its products (each a bundle with one picture and an English
    file) and an about page of its own (which the province must not take)."""
    files: dict[str, str | bytes] = {"site.yaml": area_yaml(key, vi, en, more),
                                     "content/pages/about.md": f"---\ntitle: Về {vi}\n---\nTrang của {vi}.\n"}
    for i, (slug, name) in enumerate(products.items()):
        extra = "images: [anh.jpg]\n" + (HONEY_PRODUCER if "Mật ong" in name else "")
        files[f"content/products/{slug}/index.md"] = product(name, district=key, extra=extra)
        files[f"content/products/{slug}/index.en.md"] = f"---\nname: {slug} (en)\n---\nEnglish story.\n"
        files[f"content/products/{slug}/anh.jpg"] = picture((40 * i + 20, 120, len(slug) * 9 % 256))
    return files


def province(root: Path) -> Path:
    """The province at root/province with its three sources; returns its folder."""
    site = root / "province"
    write_tree(site, {"site.yaml": PROVINCE_YAML,
                      "content/products/banh-da/index.md": product("Bánh đa cua", district="an-lao"),
                      "content/pages/about.md": "---\ntitle: Giới thiệu\n---\nDanh mục của tỉnh.\n"})
    write_tree(site / "sources/kien-thuy", area_files("kien-thuy", "Kiến Thụy", "Kien Thuy", {
        "mat-ong": "Mật ong Đại Hợp", "nuoc-mam": "Nước mắm Đại Hợp"}))
    write_tree(site / "sources/an-lao", area_files("an-lao", "An Lão", "An Lao", {"ruou-nep": "Rượu nếp"}))
    write_tree(root / "thuy-nguyen", area_files("thuy-nguyen", "Thủy Nguyên", "Thuy Nguyen", {
        "mat-ong-thuy-nguyen": "Mật ong Thủy Nguyên", "nem-chua": "Nem chua"}))
    return site


ALL_PRODUCTS = {"banh-da", "mat-ong", "nuoc-mam", "ruou-nep", "mat-ong-thuy-nguyen", "nem-chua"}


def _errors(err: str) -> list[str]:
    return [line for line in err.splitlines() if ": error: " in line]


def test_a_province_holds_every_product_area_and_producer_of_its_sources(tmp_path, cli):
    site = province(tmp_path)
    code, out, err = cli("build", str(site))
    assert code == 0, err
    assert "built 6 products" in out
    output = site / "output"
    for prefix in ("", "en/"):
        home = read_page(output / f"{prefix}index.html")
        assert set(home.products) == ALL_PRODUCTS
        for key in ("kien-thuy", "an-lao", "thuy-nguyen"):
            assert (output / f"{prefix}district/{key}/index.html").is_file()
        assert set(read_page(output / f"{prefix}district/an-lao/index.html").products) == {"banh-da", "ruou-nep"}
        for slug in ALL_PRODUCTS:
            page = output / f"{prefix}products/{slug}/index.html"
            pictures = [v for a, v in read_page(page).links if a in ("src", "srcset") and "images/" in v]
            if slug != "banh-da":  # the province's own product has no picture
                assert pictures, slug
            for link in pictures:  # each source's picture, processed and where the page says
                assert (page.parent / link).resolve().is_file(), (slug, link)
        # one producer, named by products of two sources
        producer = read_page(output / f"{prefix}producers/htx-mat-ong-hai-phong/index.html")
        assert set(producer.products) == {"mat-ong", "mat-ong-thuy-nguyen"}
    assert "Thuy Nguyen" in (output / "en/district/index.html").read_text(encoding="utf-8")
    assert "mat-ong (en)" in (output / "en/products/mat-ong/index.html").read_text(encoding="utf-8")
    # the sources' own pages are theirs: the province has its own about page only
    assert "Danh mục của tỉnh" in (output / "about/index.html").read_text(encoding="utf-8")
    # the sources' own site.yaml warnings (no base_url) are not the province's
    assert "sources/kien-thuy/site.yaml" not in err


def test_an_error_inside_a_source_is_reported_at_its_path(tmp_path, cli):
    site = province(tmp_path)
    path = site / "sources/an-lao/content/products/ruou-nep/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("stars: 4", "stars: 7"), encoding="utf-8")
    outside = tmp_path / "thuy-nguyen/content/products/nem-chua/index.md"
    outside.write_text(outside.read_text(encoding="utf-8").replace("images: [anh.jpg]", "images: [anh.png]"),
                       encoding="utf-8")
    code, _, err = cli("build", str(site))
    assert code == 1
    errors = _errors(err)
    assert any(e.startswith("sources/an-lao/content/products/ruou-nep/index.md:5: error: ") and "stars" in e
               for e in errors), errors
    assert any(e.startswith("../thuy-nguyen/content/products/nem-chua/index.md:6: error: ")
               and "anh.png" in e for e in errors), errors
    assert not (site / "output").exists()


def test_a_missing_source_or_one_without_site_yaml_is_an_error_at_its_line(tmp_path, cli):
    site = province(tmp_path)
    (site / "sources/empty").mkdir()
    (site / "site.yaml").write_text(PROVINCE_YAML + "  - sources/kien-tuy\n  - sources/empty\n", encoding="utf-8")
    code, _, err = cli("build", str(site))
    assert code == 1
    assert _errors(err) == [
        "site.yaml:9: error: sources: folder 'sources/kien-tuy' not found (a source is written relative to "
        "this site.yaml's folder)",
        "site.yaml:10: error: sources: 'sources/empty' is not a site folder: it has no site.yaml",
    ]
    (site / "site.yaml").write_text(PROVINCE_YAML.split("sources:")[0] + "sources: sources/kien-thuy\n",
                                    encoding="utf-8")
    code, _, err = cli("build", str(site))
    assert code == 1 and "site.yaml:5: error: sources: expected a list of site folders" in err


def test_an_area_defined_differently_in_two_sites_names_both_files(tmp_path, cli):
    site = province(tmp_path)
    # the same key and Vietnamese name, no English: agrees; another name: a conflict
    write_tree(site / "sources/an-lao", {"site.yaml": area_yaml(
        "an-lao", "An Lão", "An Lao", "  kien-thuy: {vi: Kiến Thuỵ cũ, province: hai-phong}\n"
                                      "  thuy-nguyen: {vi: Thủy Nguyên}\n")})
    code, _, err = cli("build", str(site))
    assert code == 1
    assert _errors(err) == [
        "sources/an-lao/site.yaml:7: error: districts.kien-thuy: defined differently in "
        "sources/kien-thuy/site.yaml:6: the sites of one catalogue must agree on each key's names"]
    # the province renaming a group, and a source renaming it otherwise
    write_tree(site / "sources/an-lao", {"site.yaml": area_yaml("an-lao", "An Lão", "An Lao",
                                                                "groups:\n  thuc-pham: {vi: Đặc sản}\n")})
    write_tree(site, {"site.yaml": PROVINCE_YAML + "groups:\n  thuc-pham: {vi: Thực phẩm chế biến}\n"})
    code, _, err = cli("build", str(site))
    assert _errors(err) == [
        "sources/an-lao/site.yaml:8: error: groups.thuc-pham: defined differently in site.yaml:10: "
        "the sites of one catalogue must agree on each key's names"]


def test_a_slug_used_in_two_sources_names_both_files(tmp_path, cli):
    site = province(tmp_path)
    write_tree(site / "sources/an-lao", {"content/products/mat-ong/index.md": product("Mật ong An Lão",
                                                                                      district="an-lao")})
    code, _, err = cli("build", str(site))
    assert code == 1
    assert _errors(err) == [
        "sources/kien-thuy/content/products/mat-ong/index.md:1: error: duplicate slug 'mat-ong': "
        "sources/an-lao/content/products/mat-ong/index.md already uses it (set a different 'slug' in one of them)"]


def test_sources_of_sources_are_taken_once_and_a_cycle_is_an_error(tmp_path, cli):
    site = province(tmp_path)
    # An Lão lists a commune site, and also the Thủy Nguyên site the province lists: each taken once
    write_tree(site / "sources/an-lao", {"site.yaml": area_yaml("an-lao", "An Lão", "An Lao") +
                                         "sources: [communes/an-thang, ../../../thuy-nguyen]\n"})
    write_tree(site / "sources/an-lao/communes/an-thang", area_files("an-lao", "An Lão", "An Lao", {
        "chieu-coi": "Chiếu cói An Thắng"}))
    code, out, err = cli("build", str(site))
    assert code == 0, err
    assert "built 7 products" in out
    assert (site / "output/products/chieu-coi/index.html").is_file()
    # Thủy Nguyên lists the province: a cycle
    write_tree(tmp_path / "thuy-nguyen", {"site.yaml": area_yaml("thuy-nguyen", "Thủy Nguyên", "Thuy Nguyen")
                                          + "sources: [../province]\n"})
    code, _, err = cli("build", str(site))
    assert code == 1
    assert _errors(err) == ["../thuy-nguyen/site.yaml:7: error: sources: '../province' leads back to a site "
                            "that lists it (a cycle): remove it"]


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


def test_an_edit_in_one_source_remakes_only_what_it_touches(tmp_path):
    site = province(tmp_path)
    output = site / "output"
    first = build(site, output, today())
    assert first.made == first.files and first.products == 6
    assert build(site, output, today()).made == 0  # nothing changed (the fingerprint covers the sources)
    assert build(site, output, today()).made == 0
    # one source's product edited: its story only
    path = tmp_path / "thuy-nguyen/content/products/nem-chua/index.md"
    path.write_text(path.read_text(encoding="utf-8").replace("Mô tả sản phẩm.", "Nem chua Thủy Nguyên, gói lá."),
                    encoding="utf-8")
    os.utime(path, (time.time() - 10, time.time() - 10))  # not racily new: the shortcut may be trusted
    edited = build(site, output, today())
    assert edited.parsed == 2  # the product's two files read again; every other product from the state
    # its pages and the listings that show it (six products: a third of the files); one file's bytes changed
    assert 0 < edited.made < first.files // 2 and edited.written == 1, (edited.made, edited.written, first.files)
    assert "gói lá" in (output / "products/nem-chua/index.html").read_text(encoding="utf-8")
    # a source's area renamed: its site.yaml is an input like the province's
    areas = tmp_path / "thuy-nguyen/site.yaml"
    areas.write_text(areas.read_text(encoding="utf-8").replace("en: Thuy Nguyen", "en: Thuy Nguyen City"),
                     encoding="utf-8")
    os.utime(areas, (time.time() - 10, time.time() - 10))
    build(site, output, today())
    assert "Thuy Nguyen City" in (output / "en/district/index.html").read_text(encoding="utf-8")
    # byte-identical to a clean build of the same folders
    clean = tmp_path / "clean"
    shutil.copytree(site, clean / "province", ignore=shutil.ignore_patterns("output", ".cache"))
    shutil.copytree(tmp_path / "thuy-nguyen", clean / "thuy-nguyen")
    build(clean / "province", clean / "out", today(), clean=True)
    assert tree(output) == tree(clean / "out")


def test_the_province_needs_no_areas_of_its_own_but_a_source_must_share_its_default_language(tmp_path, cli):
    site = province(tmp_path)
    write_tree(tmp_path / "thuy-nguyen", {"site.yaml": area_yaml("thuy-nguyen", "Thủy Nguyên", "Thuy Nguyen")
                                          .replace("languages: [vi, en]", "languages: [en, vi]")})
    code, _, err = cli("build", str(site))
    assert code == 1
    assert _errors(err) == ["../thuy-nguyen/site.yaml:2: error: languages: a source's default language must be "
                            "the one of the site that lists it ('vi'), not 'en'"]

