"""Incremental builds are byte-identical to clean builds, whatever the sequence of edits.

A hypothesis state machine edits a real site folder (products added, edited,
renamed and deleted, in the site's own content or in a source site it lists
under ``sources:``; translations added and removed; pictures added and
replaced; ``site.yaml`` and the source's, a template and the UI strings changed; the build
date moved across a certificate's expiry and into its last six months) and after every step
builds it twice: incrementally into one output folder, with the build state in
``.cache/``, and from nothing (no state, every artifact made) into another.
The two trees must hold the same files with the same bytes, and so must the
preview (``serve``), which rebuilds the whole sequence in memory, taking
unchanged products' items from its last plan. A step may also
break a product: the build must then fail and leave the output as it was. Half the sequences
borrow kept fragments two at a time, so that their listings and whole-catalogue files take them
in batches, as a province's do.

CI runs 60 sequences of 8 steps; ``OCOP_INCREMENTAL_EXAMPLES=500`` runs more.
"""
from __future__ import annotations

import datetime as dt
import io
import os
import shutil
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule
from PIL import Image

from conftest import MINIMAL_SITE_YAML
from ocop_site import kept_files, making
from ocop_site.build import build, build_loaded, load_site
from ocop_site.errors import SiteErrors
from ocop_site.output_folder import FolderSink
from ocop_site.preview import Preview

NAMES = ["Mật ong Đại Hợp", "Gạo ruộng rươi", "Trà hoa vàng", "Khô cá chốt", "Nem chua", "Đào rừng",
         "Dao cau", "Ổi Đông Dư", "Bánh mật", "Rượu ngô"]
DISTRICTS = ["kien-thuy", "thach-that", "an-lao"]
GROUPS = ["thuc-pham", "do-uong", "duoc-lieu"]
PRODUCERS = ["", "HTX Mật ong", "HTX  Mật ong\n  address: Đại Hợp", "Hộ kinh doanh Hà", "HTX mật ong"]
"""Producer names (and a field) as written: one name twice with other spaces, one differing by case
(another producer, whose page slug collides)."""
DAYS = [dt.date(2026, 1, 15), dt.date(2026, 6, 20), dt.date(2025, 6, 1)]
"""Build dates on which a certificate dated 2023-03-01 (last valid day 2026-03-01) is expiring
within six months, expired, and valid (the first is where each sequence starts)."""

SOURCE = "sources/an-lao/"
"""A source site (ocop_site/aggregate.py) whose area and products the site takes."""
SOURCE_YAML = ("languages: [vi, en]\nprovinces:\n  hai-phong: {vi: Hải Phòng, en: Hai Phong}\n"
               "districts:\n  an-lao: {vi: An Lão, en: An Lao, province: hai-phong}\n")
SITE_YAML = MINIMAL_SITE_YAML + "sources: [sources/an-lao]\n"

TEMPLATE = ("{% extends 'base.html' %}\n{% block main %}<h1 class=\"override-{{ n }}\">{{ product.name }}</h1>"
            "{{ product.body }}{% endblock %}\n")


def picture(colour: tuple[int, int, int]) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (64, 48), colour).save(buffer, "JPEG", quality=80)
    return buffer.getvalue()


def tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()}


class IncrementalBuilds(RuleBasedStateMachine):
    """The site under edit; ``products``: folder -> (name, district, group, stars, translated, images)."""

    @initialize(borrowed=st.sampled_from([2, making.BORROWED]))
    def start(self, borrowed: int) -> None:
        # as at a province's size, a page or file that needs more than two fragments may take
        # them two at a time (making._InBatches); else, on these small sites, all at once
        self.borrowed, making.BORROWED = making.BORROWED, borrowed
        memory = Path("/dev/shm")  # many small builds: in memory where the system has it
        self.root = Path(tempfile.mkdtemp(prefix="ocop-incremental-", dir=memory if memory.is_dir() else None))
        self.site = self.root / "site"
        self.products: dict[str, dict] = {}
        self.day = DAYS[0]
        self.counter = 0
        self.preview = Preview(self.site, lambda: self.day, workers=1, output=self.root / "incremental")
        self.site_yaml = SITE_YAML
        self.write("site.yaml", self.site_yaml)
        self.write(f"{SOURCE}site.yaml", SOURCE_YAML)
        for name in NAMES[:2]:
            self.add(name, DISTRICTS[0], GROUPS[0], 4, True, 1, "Câu chuyện đầu tiên.")
        self.add(NAMES[2], "an-lao", GROUPS[1], 5, False, 1, "Ở nguồn.", where=SOURCE)
        self.write("content/pages/about.md", "---\ntitle: Giới thiệu\n---\nTrang giới thiệu.\n")
        self.broken = False

    def teardown(self) -> None:
        making.BORROWED = self.borrowed
        shutil.rmtree(self.root, ignore_errors=True)

    def write(self, rel: str, data: str | bytes) -> None:
        path = self.site / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(data, bytes):
            path.write_bytes(data)
        else:
            path.write_text(data, encoding="utf-8")

    def product_text(self, folder: str) -> str:
        p = self.products[folder]
        images = "".join(f"  - src: anh-{i}.jpg\n    alt: Ảnh {i} của {p['name']}\n" for i in range(p["images"]))
        producer = f"producer:\n  name: {p['producer']}\n" if p.get("producer") else ""
        return (f"---\nname: {p['name']}\ndistrict: {p['district']}\ngroup: {p['group']}\nstars: {p['stars']}\n"
                f"certificate:\n  date: 2023-03-01\n{producer}" + (f"images:\n{images}" if images else "")
                + (f"price_vnd: {p['stars']}0000\n" if p["stars"] != 3 else "")
                + f"---\n{p['body']}\n")

    def folder(self, folder: str) -> str:
        """The product's folder, relative to the site: in its own content or in the source's."""
        return f"{self.products[folder]['where']}content/products/{folder}"

    def save(self, folder: str) -> None:
        p = self.products[folder]
        self.write(f"{self.folder(folder)}/index.md", self.product_text(folder))
        english = self.site / self.folder(folder) / "index.en.md"
        if p["translated"]:
            self.write(f"{self.folder(folder)}/index.en.md",
                       f"---\nname: {p['name']} (EN)\n---\nThe story in English: {p['body']}\n")
        elif english.exists():
            english.unlink()

    def add(self, name: str, district: str, group: str, stars: int, translated: bool, images: int,
            body: str, where: str = "") -> str:
        self.counter += 1
        folder = f"sp-{self.counter}"
        self.products[folder] = dict(name=name, district=district, group=group, stars=stars,
                                     translated=translated, images=images, body=body, where=where)
        for i in range(images):
            self.write(f"{self.folder(folder)}/anh-{i}.jpg", picture((40 * i, 120, 200)))
        self.save(folder)
        return folder

    # -- edits --------------------------------------------------------------------------------
    @precondition(lambda self: len(self.products) < 7)
    @rule(name=st.sampled_from(NAMES), district=st.sampled_from(DISTRICTS), group=st.sampled_from(GROUPS),
          stars=st.sampled_from([3, 4, 5]), translated=st.booleans(), images=st.integers(0, 2),
          body=st.sampled_from(["Mô tả ngắn.", "## Cách dùng\n\n- pha nước ấm\n- **ngon**", ""]),
          where=st.sampled_from(["", SOURCE]))
    def add_product(self, name: str, district: str, group: str, stars: int, translated: bool, images: int,
                    body: str, where: str) -> None:
        self.add(name, district, group, stars, translated, images, body, where)

    @precondition(lambda self: self.products)
    @rule(data=st.data(), field=st.sampled_from(["name", "district", "group", "stars", "body", "producer"]))
    def edit_product(self, data: st.DataObject, field: str) -> None:
        folder = data.draw(st.sampled_from(sorted(self.products)))
        choices = {"name": NAMES, "district": DISTRICTS, "group": GROUPS, "stars": [3, 4, 5], "producer": PRODUCERS,
                   "body": ["Mô tả mới.", "Một *câu* khác.\n\nĐoạn hai.", ""]}[field]
        self.products[folder][field] = data.draw(st.sampled_from(choices))
        self.save(folder)

    @precondition(lambda self: self.products)
    @rule(data=st.data())
    def rename_product(self, data: st.DataObject) -> None:
        folder = data.draw(st.sampled_from(sorted(self.products)))
        self.counter += 1
        new = f"sp-{self.counter}"
        old = self.site / self.folder(folder)
        self.products[new] = self.products.pop(folder)
        old.rename(self.site / self.folder(new))

    @precondition(lambda self: len(self.products) > 1)
    @rule(data=st.data())
    def delete_product(self, data: st.DataObject) -> None:
        folder = data.draw(st.sampled_from(sorted(self.products)))
        shutil.rmtree(self.site / self.folder(folder))
        del self.products[folder]

    @precondition(lambda self: self.products)
    @rule(data=st.data())
    def toggle_translation(self, data: st.DataObject) -> None:
        folder = data.draw(st.sampled_from(sorted(self.products)))
        self.products[folder]["translated"] = not self.products[folder]["translated"]
        self.save(folder)

    @precondition(lambda self: self.products)
    @rule(data=st.data(), colour=st.integers(0, 255))
    def add_or_replace_image(self, data: st.DataObject, colour: int) -> None:
        folder = data.draw(st.sampled_from(sorted(self.products)))
        p = self.products[folder]
        index = data.draw(st.integers(0, min(p["images"], 2)))
        self.write(f"{self.folder(folder)}/anh-{index}.jpg", picture((colour, 80, 30)))
        p["images"] = max(p["images"], index + 1)
        self.save(folder)

    @rule(title=st.sampled_from(["Sản phẩm OCOP thử", "Danh mục mới"]),
          area=st.sampled_from(["Kiến Thụy", "Kiến Thuỵ (cũ)"]),
          base_url=st.sampled_from(["", "https://ocop.example.vn/", "https://example.org/ocop"]))
    def change_site_yaml(self, title: str, area: str, base_url: str) -> None:
        self.site_yaml = (SITE_YAML.replace("vi: Sản phẩm OCOP thử", f"vi: {title}")
                          .replace("{vi: Kiến Thụy,", f"{{vi: {area},"))
        if base_url:  # sitemap.xml, absolute links, robots.txt's Sitemap line, QR codes
            self.site_yaml += f"base_url: {base_url}\n"
        self.write("site.yaml", self.site_yaml)

    @rule(name=st.sampled_from(["An Lao", "An Lao district"]))
    def change_source_yaml(self, name: str) -> None:
        """The source's own site.yaml: its area's names are the site's."""
        self.write(f"{SOURCE}site.yaml", SOURCE_YAML.replace("en: An Lao,", f"en: {name},"))

    @rule(n=st.integers(0, 2))
    def change_template(self, n: int) -> None:
        path = self.site / "themes" / "default" / "templates" / "product.html"
        if n == 0:
            if path.exists():
                path.unlink()
        else:
            self.write("themes/default/templates/product.html", TEMPLATE.replace("{{ n }}", str(n)))

    @rule(text=st.sampled_from(["", "Tất cả", "Mọi sản phẩm"]))
    def change_strings(self, text: str) -> None:
        path = self.site / "themes" / "default" / "i18n" / "vi.yaml"
        if not text:
            if path.exists():
                path.unlink()
        else:
            self.write("themes/default/i18n/vi.yaml", f"all_products: {text}\n")

    @rule(day=st.sampled_from(DAYS))
    def change_date(self, day: dt.date) -> None:
        self.day = day

    @precondition(lambda self: self.products)
    @rule(data=st.data())
    def break_and_fix_a_product(self, data: st.DataObject) -> None:
        """A mistake fails the build and leaves the output as it was; fixing it builds again."""
        folder = data.draw(st.sampled_from(sorted(self.products)))
        output = self.root / "incremental"
        before = tree(output) if output.exists() else {}
        self.write(f"{self.folder(folder)}/index.md", self.product_text(folder).replace(
            f"stars: {self.products[folder]['stars']}", "stars: 7"))
        try:
            build(self.site, output, self.day, workers=1)
            raise AssertionError("a product with 7 stars built")
        except SiteErrors:
            pass
        assert (tree(output) if output.exists() else {}) == before
        served = dict(self.preview.sink.files)
        assert self.preview.rebuild()[0] is None and self.preview.errors  # the preview shows the error
        assert self.preview.sink.files == served  # and keeps the last good site
        self.save(folder)

    @rule(data=st.data())
    def lose_or_change_output_files(self, data: st.DataObject) -> None:
        """The output folder deleted (its files come back from .cache/files), or a few files
        deleted or changed in place (a changed file, and its kept copy, are made again)."""
        self.damage_output(data)

    @rule(data=st.data())
    def restart_the_preview(self, data: st.DataObject) -> None:
        """The preview started again, its first build starting from the output folder, which
        may have lost or changed files since the last build: those are made again."""
        self.damage_output(data)
        self.preview = Preview(self.site, lambda: self.day, workers=1, output=self.root / "incremental")
        assert self.preview.rebuild()[0] is not None

    def damage_output(self, data: st.DataObject) -> None:
        output = self.root / "incremental"
        files = sorted(p for p in output.rglob("*") if p.is_file() and p.name != ".ocop-site") \
            if output.exists() else []
        how = data.draw(st.sampled_from(["folder", "files", "bytes"]))
        if how == "folder" or not files:
            shutil.rmtree(output, ignore_errors=True)
            return
        for path in data.draw(st.lists(st.sampled_from(files), min_size=1, max_size=3, unique=True)):
            if how == "files":
                path.unlink()
            else:
                with open(path, "r+b") as file:  # in place: the same file as its kept copy
                    first = file.read(1)
                    file.seek(0)
                    file.write(b"<" if first != b"<" else b">")  # a different byte, the same size

    # -- the invariant ------------------------------------------------------------------------
    @invariant()
    def incremental_equals_clean(self) -> None:
        if not hasattr(self, "site"):
            return
        incremental = self.root / "incremental"
        build(self.site, incremental, self.day, workers=1)
        clean = self.root / "clean"
        shutil.rmtree(clean, ignore_errors=True)
        loaded = load_site(self.site, self.day, state=None, workers=1)
        build_loaded(loaded, FolderSink(clean, self.site), state=None, workers=1, full=True)
        got, expected = tree(incremental), tree(clean)
        assert sorted(got) == sorted(expected), (set(got) ^ set(expected))
        differing = [path for path in expected if got[path] != expected[path]]
        assert not differing, differing
        assert self.preview.rebuild()[0] is not None
        served = self.preview.sink.files
        assert sorted(served) == sorted(p for p in expected if p != ".ocop-site"), set(served) ^ set(expected)
        differing = [path for path in served if served[path] != expected[path]]
        assert not differing, differing
        # .cache/files keeps a copy of each output file (a hard link to it), and nothing else but
        # the name of the key they were kept with
        kept = {(p.stat().st_ino, p.stat().st_size) for p in (self.site / ".cache/files").rglob("*")
                if p.is_file() and p.name != kept_files._KEY_FILE}
        assert kept == {(p.stat().st_ino, p.stat().st_size) for p in incremental.rglob("*")
                        if p.is_file() and p.name != ".ocop-site"}


IncrementalBuilds.TestCase.settings = settings(
    max_examples=int(os.environ.get("OCOP_INCREMENTAL_EXAMPLES", "60")), stateful_step_count=8, deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
test_incremental_builds_equal_clean_builds = IncrementalBuilds.TestCase
