"""The image pipeline: variants, markup, metadata, bad input, cache, determinism.

Every test builds a real site into tmp_path and opens what was written with
Pillow. Pictures are small, so the whole file stays fast.
"""
from __future__ import annotations

import io
import os
import re
import struct
import sys
import zlib
from pathlib import Path
from typing import Callable

import pytest
from PIL import Image, ImageDraw

from ocop_site.build import build
from ocop_site.images import cache_root
from ocop_site.images_work import Job, process

from conftest import MINIMAL_SITE_YAML, product, today

# --- pictures ---------------------------------------------------------------------------------


def jpeg(size: tuple[int, int] = (1000, 750), color: tuple[int, ...] = (180, 90, 40),
         mode: str = "RGB", **save: object) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, color).save(buffer, "JPEG", quality=85, **save)
    return buffer.getvalue()


def png(image: Image.Image) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, "PNG")
    return buffer.getvalue()


def raw_png(width: int, height: int, bit_depth: int, color_type: int, pixels: bytes) -> bytes:
    """A PNG written by hand: Pillow cannot save 16-bit RGB, and a bomb must not be drawn."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    header = struct.pack(">IIBBBBB", width, height, bit_depth, color_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(pixels))
            + chunk(b"IEND", b""))


def with_gps_exif(size: tuple[int, int] = (800, 600), orientation: int | None = None) -> bytes:
    """A JPEG carrying camera EXIF, a GPS position and an ICC profile, as phones write them."""
    from PIL import ImageCms
    image = Image.new("RGB", size, (180, 90, 40))
    draw = ImageDraw.Draw(image)
    draw.rectangle((0, 0, size[0], size[1] // 2), fill=(220, 20, 20))  # top half red
    draw.rectangle((0, size[1] // 2, size[0], size[1]), fill=(20, 20, 220))  # bottom half blue
    exif = Image.Exif()
    exif[0x010F] = "PhoneMaker"  # Make
    exif[0x0110] = "Phone 15"  # Model
    if orientation:
        exif[0x0112] = orientation
    gps = exif.get_ifd(0x8825)
    gps.update({1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 0.0)})
    icc = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif, icc_profile=icc)
    return buffer.getvalue()


def images_block(*entries: str) -> str:
    return "images:\n" + "".join(f"  - {e}\n" for e in entries)


def written(site: Path) -> dict[str, Image.Image]:
    folder = site / "output" / "images"
    return {p.name: Image.open(p) for p in sorted(folder.iterdir())}


def names_of(site: Path) -> list[str]:
    return sorted(p.name for p in (site / "output" / "images").iterdir())


def img_tags(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def photos(html: str) -> list[str]:
    """The <img> tags of processed pictures (not the theme's logo or placeholders)."""
    return [t for t in img_tags(html) if "images/" in (attr(t, "src") or "")]


def attr(tag: str, name: str) -> str | None:
    found = re.search(rf'\s{name}="([^"]*)"', tag)
    return found.group(1) if found else None


# --- variants and markup ----------------------------------------------------------------------


def test_photo_gets_webp_and_jpeg_at_each_width_never_upscaled(make_site, cli) -> None:
    site = make_site({
        "content/products/big/index.md": product("Lớn", extra=images_block("big.jpg")),
        "content/products/big/big.jpg": jpeg((2000, 1500)),
        "content/products/small/index.md": product("Nhỏ", extra=images_block("small.jpg")),
        "content/products/small/small.jpg": jpeg((1000, 700)),
    })
    code, _, err = cli("build", str(site))
    assert code == 0, err
    sizes = {name: (im.format, im.size) for name, im in written(site).items()}
    big = sorted(v for k, v in sizes.items() if v[1][0] in (400, 800, 1600) and v[1][1] * 4 == v[1][0] * 3)
    assert big == sorted([(f, (w, w * 3 // 4)) for w in (400, 800, 1600) for f in ("JPEG", "WEBP")])
    small = sorted(v for k, v in sizes.items() if v not in big)
    assert small == sorted([(f, s) for s in ((400, 280), (800, 560), (1000, 700))
                            for f in ("JPEG", "WEBP")])
    assert not any(w > 1000 for _, (w, _h) in small)  # never upscaled


def test_orientation_is_applied_so_a_rotated_photo_comes_out_upright(make_site, cli) -> None:
    # Stored landscape 800×600 with orientation 6 ("rotate 90° clockwise to view"):
    # the stored top (red) must end up on the right of a portrait picture.
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block("phone.jpg")),
        "content/products/x/phone.jpg": with_gps_exif((800, 600), orientation=6),
    })
    assert cli("build", str(site))[0] == 0
    for name, image in written(site).items():
        width, height = image.size
        assert height > width, name
        rgb = image.convert("RGB")
        right, left = rgb.getpixel((width - 5, height // 2)), rgb.getpixel((5, height // 2))
        assert right[0] > 150 and right[2] < 100, (name, right)  # red
        assert left[2] > 150 and left[0] < 100, (name, left)  # blue
    html = (site / "output/products/x/index.html").read_text()
    tag = photos(html)[0]
    assert (attr(tag, "width"), attr(tag, "height")) == ("600", "800")


def test_metadata_is_stripped_no_exif_gps_or_profile_survives(make_site, cli) -> None:
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block("gps.jpg")),
        "content/products/x/gps.jpg": with_gps_exif((900, 600)),
    })
    assert cli("build", str(site))[0] == 0
    for name, image in written(site).items():
        assert not image.getexif(), name
        assert not image.getexif().get_ifd(0x8825), name
        for key in ("exif", "icc_profile", "xmp", "XML:com.adobe.xmp"):
            assert key not in image.info, (name, key)
        data = (site / "output/images" / name).read_bytes()
        assert b"PhoneMaker" not in data and b"Exif" not in data, name


def test_html_has_srcset_sizes_dimensions_lazy_loading_and_translated_alt(make_site, cli) -> None:
    vi = product("Mật ong", extra=images_block("src: a.jpg\n    alt: Hũ mật ong", "b.jpg",
                                               "src: c.jpg\n    alt: Chỉ có tiếng Việt"))
    en = ("---\nname: Honey\n" + images_block("src: a.jpg\n    alt: A jar of honey", "b.jpg", "c.jpg")
          + "---\n")
    site = make_site({
        "content/products/mat-ong/index.md": vi,
        "content/products/mat-ong/index.en.md": en,
        "content/products/mat-ong/a.jpg": jpeg((2400, 1600)),
        "content/products/mat-ong/b.jpg": jpeg((600, 600), (10, 120, 10)),
        "content/products/mat-ong/c.jpg": jpeg((1200, 900), (10, 10, 120)),
    })
    assert cli("build", str(site))[0] == 0
    en_html = (site / "output/en/products/mat-ong/index.html").read_text()
    cover, thumb_b, thumb_c = photos(en_html)
    assert attr(cover, "alt") == "A jar of honey" and attr(cover, "lang") is None
    assert attr(thumb_b, "alt") == "Honey"  # no alt: the product's name
    assert attr(thumb_c, "alt") == "Chỉ có tiếng Việt" and attr(thumb_c, "lang") == "vi"
    assert (attr(cover, "width"), attr(cover, "height")) == ("1600", "1067")
    assert (attr(thumb_b, "width"), attr(thumb_b, "height")) == ("600", "600")
    widths = [int(w) for w in re.findall(r" (\d+)w", attr(cover, "srcset") or "")]
    assert widths == [400, 800, 1600]
    assert all(u.endswith(".jpg") for u in re.findall(r"(\S+) \d+w", attr(cover, "srcset") or ""))
    assert re.findall(r" (\d+)w", attr(thumb_b, "srcset") or "") == ["400", "600"]
    webp = re.search(r'<source type="image/webp" srcset="([^"]+)" sizes="([^"]+)"', en_html)
    assert webp and re.findall(r" (\d+)w", webp.group(1)) == ["400", "800", "1600"]
    assert attr(cover, "sizes") == webp.group(2)
    assert attr(cover, "loading") is None
    assert attr(thumb_b, "loading") == "lazy" and attr(thumb_c, "loading") == "lazy"
    assert all(attr(t, "decoding") == "async" for t in (cover, thumb_b, thumb_c))
    assert attr(cover, "src").startswith("../../../images/") and attr(cover, "src").endswith("-800.jpg")
    for url in re.findall(r'(?:src|srcset)="([^"]+)"', en_html):
        for part in url.split(","):
            path = part.strip().split(" ")[0]
            if "images/" in path:
                assert (site / "output/en/products/mat-ong" / path).resolve().is_file(), path


def test_cards_keep_empty_alt_and_only_the_first_four_load_eagerly(make_site, cli) -> None:
    files: dict[str, str | bytes] = {}
    for n in range(6):
        files[f"content/products/p{n}/index.md"] = product(f"Sản phẩm {n}", extra=images_block("a.jpg"))
        files[f"content/products/p{n}/a.jpg"] = jpeg((500, 400), (n * 40, 80, 80))
    site = make_site(files)
    assert cli("build", str(site))[0] == 0
    home = (site / "output/index.html").read_text()
    cards = photos(home)
    assert len(cards) == 6
    assert all(attr(t, "alt") == "" for t in cards)
    assert [attr(t, "loading") for t in cards] == [None] * 4 + ["lazy"] * 2
    assert all(attr(t, "width") == "500" and attr(t, "height") == "400" for t in cards)


def test_transparent_png_keeps_alpha_with_a_png_fallback(make_site, cli) -> None:
    clear = Image.new("RGBA", (600, 400), (0, 0, 0, 0))
    ImageDraw.Draw(clear).ellipse((100, 50, 500, 350), fill=(200, 30, 30, 255))
    opaque = Image.new("RGBA", (600, 400), (30, 200, 30, 255))
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block("logo.png", "flat.png")),
        "content/products/x/logo.png": png(clear),
        "content/products/x/flat.png": png(opaque),
    })
    assert cli("build", str(site))[0] == 0
    images = written(site)
    formats = sorted({(im.format, im.mode) for im in images.values()})
    assert ("PNG", "RGBA") in formats and ("WEBP", "RGBA") in formats
    assert ("JPEG", "RGB") in formats  # the opaque PNG needs no alpha: JPEG fallback
    for image in images.values():
        if image.mode == "RGBA":
            assert image.getpixel((2, 2))[3] == 0 and image.getpixel((image.width // 2, image.height // 2))[3] == 255


# --- pictures that are unusual but fine ---------------------------------------------------------


def swapped_profile() -> bytes:
    """An RGB ICC profile whose red and blue primaries are swapped: its "red" is sRGB blue."""
    from PIL import ImageCms
    data = bytearray(ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes())
    entries = {bytes(data[132 + 12 * i:136 + 12 * i]): 132 + 12 * i
               for i in range(struct.unpack(">I", data[128:132])[0])}
    red, blue = entries[b"rXYZ"], entries[b"bXYZ"]
    data[red + 4:red + 12], data[blue + 4:blue + 12] = data[blue + 4:blue + 12], data[red + 4:red + 12]
    return bytes(data)


def test_an_embedded_colour_profile_is_converted_to_srgb(make_site, cli) -> None:
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block("tagged.jpg")),
        "content/products/x/tagged.jpg": jpeg((500, 400), (255, 0, 0), icc_profile=swapped_profile()),
    })
    assert cli("build", str(site))[0] == 0
    for name, image in written(site).items():
        r, g, b = image.convert("RGB").getpixel((250, 200))
        assert b > 200 and r < 60 and g < 60, (name, (r, g, b))
        assert "icc_profile" not in image.info, name


def test_cmyk_16_bit_and_animated_pictures_are_converted(make_site, cli) -> None:
    gray16 = raw_png(300, 200, 16, 0, b"".join(b"\x00" + struct.pack(">H", 40000) * 300 for _ in range(200)))
    rgb16 = raw_png(300, 200, 16, 2, b"".join(b"\x00" + struct.pack(">HHH", 65535, 0, 0) * 300
                                             for _ in range(200)))
    frames = [Image.new("P", (300, 200), i) for i in (1, 2, 3)]
    for frame in frames:
        frame.putpalette([0, 0, 0, 250, 0, 0, 0, 250, 0, 0, 0, 250] + [0] * 756)
    gif = io.BytesIO()
    frames[0].save(gif, "GIF", save_all=True, append_images=frames[1:], duration=100, loop=0)
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block(
            "cmyk.jpg", "gray16.png", "rgb16.png", "anim.gif")),
        "content/products/x/cmyk.jpg": jpeg((300, 200), (0, 255, 255, 0), mode="CMYK"),  # red
        "content/products/x/gray16.png": gray16,
        "content/products/x/rgb16.png": rgb16,
        "content/products/x/anim.gif": gif.getvalue(),
    })
    code, _, err = cli("build", str(site))
    assert code == 0, err
    assert "content/products/x/index.md:10: warning: image 'anim.gif' is animated: only its first frame is shown" in err
    html = (site / "output/products/x/index.html").read_text()
    tags = img_tags(html)
    by_src = {}
    for tag in tags:
        src = attr(tag, "src") or ""
        if "images/" in src:
            by_src[len(by_src)] = Image.open(site / "output/products/x" / src).convert("RGB")
    cmyk, gray, rgb, anim = (by_src[i].getpixel((150, 100)) for i in range(4))
    assert cmyk[0] > 200 and cmyk[1] < 60 and cmyk[2] < 60, cmyk
    assert all(abs(c - 155) <= 3 for c in gray), gray  # 40000/65535 of white, not clipped to 255
    assert rgb[0] > 240 and rgb[1] < 10 and rgb[2] < 10, rgb
    assert anim[0] > 200 and anim[1] < 40, anim  # the first frame (red)


def test_heic_photo_is_read_with_pillow_heif(make_site, cli) -> None:
    pillow_heif = pytest.importorskip("pillow_heif")
    buffer = io.BytesIO()
    pillow_heif.from_pillow(Image.new("RGB", (640, 480), (30, 60, 200))).save(buffer, quality=70)
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block("iphone.heic")),
        "content/products/x/iphone.heic": buffer.getvalue(),
    })
    code, _, err = cli("build", str(site))
    assert code == 0, err
    assert sorted((im.format, im.size) for im in written(site).values()) == [
        ("JPEG", (400, 300)), ("JPEG", (640, 480)), ("WEBP", (400, 300)), ("WEBP", (640, 480))]


def test_heic_without_the_plugin_tells_the_editor_to_export_jpeg(tmp_path: Path, monkeypatch) -> None:
    source = tmp_path / "iphone.heic"
    source.write_bytes(b"\x00\x00\x00\x1cftypheic\x00\x00\x00\x00mif1heic" + b"\x00" * 64)
    monkeypatch.setitem(sys.modules, "pillow_heif", None)  # import fails as if not installed
    from ocop_site.sources import content_hash
    digest = content_hash(source.read_bytes())
    outcome = process(Job(str(source), digest, "k" * 64, "photo", (400,), 80, 10**8, str(tmp_path / "c")))
    assert outcome.entry is None
    assert outcome.error is not None and "HEIC" in outcome.error.text() and "export it as JPEG" in outcome.error.text()


def test_an_image_that_takes_too_long_is_refused_not_waited_for(tmp_path: Path, monkeypatch) -> None:
    from ocop_site.sources import content_hash
    from ocop_site import images_work
    source = tmp_path / "slow.jpg"
    source.write_bytes(jpeg((2000, 1500)))
    monkeypatch.setattr(images_work, "TIME_LIMIT_SECONDS", 0.001)
    digest = content_hash(source.read_bytes())
    outcome = process(Job(str(source), digest, "k" * 64, "photo", (400, 800), 80, 10**8, str(tmp_path / "c")))
    assert outcome.entry is None and outcome.error is not None
    assert outcome.error.text().startswith("image '{name}' took longer than")
    assert not (tmp_path / "c").exists() or not list((tmp_path / "c").rglob("meta.json"))


# --- bad input ----------------------------------------------------------------------------------

BAD = {
    "empty.jpg": b"",
    "notes.jpg": "Đây là ghi chú, không phải ảnh.\n".encode(),
    "truncated.jpg": jpeg((800, 600))[:1500],
    "corrupt.png": png(Image.new("RGB", (200, 200), (1, 2, 3)))[:60] + b"\x00garbage" * 20,
    "bomb.png": raw_png(60000, 60000, 8, 2, b""),  # a header only: 3.6 gigapixels claimed
    "big.jpg": jpeg((1300, 1000)),  # over the 1-megapixel limit this site sets
}


@pytest.fixture
def bad_site(make_site: Callable[..., Path], tmp_path: Path) -> Path:
    (tmp_path / "secret.jpg").write_bytes(jpeg((100, 100)))
    site = make_site({
        "site.yaml": MINIMAL_SITE_YAML + "images:\n  max_megapixels: 1\n",
        "content/products/bad/index.md": product("Hỏng", extra=images_block(
            *BAD, "../../secret.jpg", "/etc/hostname", "link.jpg")),
        **{f"content/products/bad/{name}": data for name, data in BAD.items()},
        "content/products/good/index.md": product("Tốt", extra=images_block("ok.jpg")),
        "content/products/good/ok.jpg": jpeg((900, 600)),
    })
    os.symlink(tmp_path / "secret.jpg", site / "content/products/bad/link.jpg")
    return site


EXPECTED = [
    "content/products/bad/index.md:7: error: image 'empty.jpg' is not a readable image (the file is empty)",
    "content/products/bad/index.md:8: error: image 'notes.jpg' is not a readable image (not a JPEG, PNG, "
    "WebP, GIF, HEIC, TIFF or BMP picture)",
    "content/products/bad/index.md:9: error: image 'truncated.jpg' is not a readable image (the file is cut short",
    "content/products/bad/index.md:10: error: image 'corrupt.png' is not a readable image (",
    "content/products/bad/index.md:11: error: image 'bomb.png' is too large: over 178 megapixels",
    "content/products/bad/index.md:12: error: image 'big.jpg' is too large: 1300×1000 pixels is 1 megapixels, "
    "over the limit of 1 (images.max_megapixels in site.yaml)",
    "content/products/bad/index.md:13: error: image '../../secret.jpg' must be a file inside the product's folder",
    "content/products/bad/index.md:14: error: image '/etc/hostname' must be a file inside the product's folder",
    "content/products/bad/index.md:15: error: image 'link.jpg' is a link to a file outside the product's "
    "folder; copy the picture itself into content/products/bad/",
]


def test_check_reports_every_bad_image_at_its_line_and_the_rest_still_builds(bad_site: Path, cli) -> None:
    code, _, err = cli("check", str(bad_site))
    assert code == 1
    errors = [line for line in err.splitlines() if ": error: " in line]
    assert len(errors) == len(EXPECTED), err
    for line, expected in zip(errors, EXPECTED):
        assert line.startswith(expected), (line, expected)
    assert not [line for line in errors if "good" in line] and "Traceback" not in err
    # The good product's photo went through the pipeline all the same.
    assert any(p.name == "meta.json" for p in cache_root(bad_site).rglob("meta.json"))


def test_image_errors_are_reported_with_other_content_errors(bad_site: Path, cli) -> None:
    good = bad_site / "content/products/good/index.md"
    good.write_text(good.read_text().replace("stars: 4", "stars: 7"), encoding="utf-8")
    code, _, err = cli("check", str(bad_site))
    assert code == 1
    assert "good/index.md:5: error: stars" in err
    assert "image 'truncated.jpg' is not a readable image" in err


def test_build_with_a_bad_image_fails_and_keeps_the_previous_output(make_site, cli) -> None:
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block("a.jpg")),
        "content/products/x/a.jpg": jpeg((600, 400)),
    })
    assert cli("build", str(site))[0] == 0
    before = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    (site / "content/products/x/a.jpg").write_bytes(jpeg((600, 400))[:900])
    code, _, err = cli("build", str(site))
    assert code == 1
    assert "content/products/x/index.md:7: error: image 'a.jpg' is not a readable image" in err
    assert "nothing was written" in err
    after = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    assert after == before


# --- cache and determinism ----------------------------------------------------------------------


def photo_site(make_site: Callable[..., Path], name: str = "site") -> Path:
    files: dict[str, str | bytes] = {}
    for n, color in enumerate([(200, 40, 40), (40, 200, 40), (40, 40, 200)]):
        files[f"content/products/p{n}/index.md"] = product(f"Ảnh {n}", extra=images_block("a.jpg", "b.png"))
        files[f"content/products/p{n}/a.jpg"] = with_gps_exif((900 + 100 * n, 600))
        files[f"content/products/p{n}/b.png"] = png(Image.new("RGBA", (500, 300), (*color, 120)))
    return make_site(files, name=name)


def test_unchanged_images_are_not_processed_again_and_an_edited_one_is(make_site) -> None:
    site = photo_site(make_site)
    first = build(site, site / "output", today())
    assert (first.images_processed, first.images_reused) == (6, 0)
    again = build(site, site / "output", today())
    assert (again.images_processed, again.images_reused) == (0, 6)
    (site / "content/products/p1/a.jpg").write_bytes(jpeg((700, 500), (1, 2, 3)))
    edited = build(site, site / "output", today())
    assert (edited.images_processed, edited.images_reused) == (1, 5)
    html = (site / "output/products/p1/index.html").read_text()
    cover = photos(html)[0]
    assert (attr(cover, "width"), attr(cover, "height")) == ("700", "500")
    # The old entry is pruned after the successful build; the others stay.
    assert len(list(cache_root(site).glob("??/*/meta.json"))) == 6


def test_deleting_the_cache_or_damaging_an_entry_is_safe(make_site) -> None:
    site = photo_site(make_site)
    build(site, site / "output", today())
    output = {p.relative_to(site): p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    victim = next(cache_root(site).glob("??/*/400.webp"))
    victim.unlink()  # an entry missing a file is a miss, never served
    # (clean: nothing in the site changed, so a plain build would rightly do nothing at all)
    assert build(site, site / "output", today(), clean=True).images_processed == 1
    import shutil
    shutil.rmtree(site / ".cache")
    assert build(site, site / "output", today()).images_processed == 6
    again = {p.relative_to(site): p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    assert again == output


def test_same_input_gives_byte_identical_output(make_site) -> None:
    one, two = photo_site(make_site, "one"), photo_site(make_site, "two")
    build(one, one / "output", today())
    build(two, two / "output", today())
    files_one = {p.relative_to(one / "output"): p.read_bytes() for p in (one / "output").rglob("*") if p.is_file()}
    files_two = {p.relative_to(two / "output"): p.read_bytes() for p in (two / "output").rglob("*") if p.is_file()}
    assert files_one == files_two
    assert sum(1 for p in files_one if p.parts[0] == "images") == 3 * 2 * 2 * 2 + 3 * 2


# --- settings and site images -------------------------------------------------------------------


def test_widths_and_quality_come_from_site_yaml(make_site, cli) -> None:
    site = make_site({
        "site.yaml": MINIMAL_SITE_YAML + "images:\n  widths: [300, 600]\n  quality: 60\n",
        "content/products/x/index.md": product("X", extra=images_block("a.jpg")),
        "content/products/x/a.jpg": jpeg((2000, 1000)),
    })
    assert cli("build", str(site))[0] == 0
    assert sorted(im.size for im in written(site).values()) == [(300, 150), (300, 150), (600, 300), (600, 300)]


def test_bad_image_settings_are_errors_at_their_line(make_site, cli) -> None:
    lines = MINIMAL_SITE_YAML.count("\n")
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "images:\n  widths: [0, 800]\n  quality: 101\n"
                                   "  sharpen: yes\nlogo: ../logo.png\n"})
    code, _, err = cli("check", str(site))
    assert code == 1
    assert f"site.yaml:{lines + 2}: error: images.widths:" in err
    assert f"site.yaml:{lines + 3}: error: images.quality:" in err
    assert f"site.yaml:{lines + 4}: error: images: unknown setting 'sharpen'" in err
    assert f"site.yaml:{lines + 5}: error: logo: '../logo.png' must be a file inside the site folder" in err


def test_logo_makes_a_favicon_set_and_share_image_needs_base_url(make_site, cli) -> None:
    logo = Image.new("RGBA", (600, 600), (0, 0, 0, 0))
    ImageDraw.Draw(logo).ellipse((50, 50, 550, 550), fill=(155, 41, 21, 255))
    files = {
        "site.yaml": MINIMAL_SITE_YAML + "logo: assets/logo.png\nshare_image: assets/share.jpg\n",
        "assets/logo.png": png(logo),
        "assets/share.jpg": jpeg((2400, 1260)),
        "content/products/x/index.md": product("X"),
    }
    site = make_site(files)
    code, _, err = cli("build", str(site))
    assert code == 0, err
    out = site / "output"
    ico = Image.open(out / "favicon.ico")
    assert sorted(ico.info["sizes"]) == [(16, 16), (32, 32), (48, 48)]
    apple = Image.open(out / "apple-touch-icon.png")
    assert apple.size == (180, 180) and apple.mode == "RGB"
    home = (out / "index.html").read_text()
    for size in (192, 512):
        href = re.search(rf'<link rel="icon" href="([^"]+)" type="image/png" sizes="{size}x{size}">', home)
        assert href and Image.open(out / href.group(1)).size == (size, size)
    assert 'href="apple-touch-icon.png"' in home and "favicon.svg" not in home
    brand = next(t for t in img_tags(home) if "brand-mark" in t)
    assert attr(brand, "alt") == "" and attr(brand, "sizes") == "40px" and attr(brand, "loading") is None
    assert "og:image" not in home  # no base_url: no absolute URL to give

    site2 = make_site({**files, "site.yaml": files["site.yaml"] + "base_url: https://ocop.example.vn/\n"},
                      name="site2")
    assert cli("build", str(site2))[0] == 0
    home2 = (site2 / "output/index.html").read_text()
    share = re.search(r'<meta property="og:image" content="https://ocop\.example\.vn/(images/[^"]+\.jpg)">', home2)
    assert share and Image.open(site2 / "output" / share.group(1)).size == (1200, 630)


def test_missing_or_escaping_logo_is_an_error_in_site_yaml(make_site, cli, tmp_path: Path) -> None:
    (tmp_path / "outside.png").write_bytes(png(Image.new("RGB", (64, 64))))
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "logo: assets/logo.png\nshare_image: share.png\n"})
    os.symlink(tmp_path / "outside.png", site / "share.png")
    code, _, err = cli("check", str(site))
    lines = MINIMAL_SITE_YAML.count("\n")
    assert f"site.yaml:{lines + 1}: error: logo 'assets/logo.png' not found in the site folder" in err
    assert (f"site.yaml:{lines + 2}: error: share_image 'share.png' is a link to a file outside "
            "the site folder") in err


def test_gallery_pictures_link_to_their_largest_variant(make_site, cli) -> None:
    site = make_site({
        "content/products/x/index.md": product("X", extra=images_block("a.jpg", "b.jpg")),
        "content/products/x/a.jpg": jpeg((2000, 1500)),
        "content/products/x/b.jpg": jpeg((900, 600)),
    })
    assert cli("build", str(site))[0] == 0
    page = site / "output" / "products" / "x" / "index.html"
    html = page.read_text(encoding="utf-8")
    gallery = "".join(re.findall(r'<figure class="(?:cover|thumb)">.*?</figure>', html, re.S))
    links = re.findall(r'<a href="([^"]+)">', gallery)
    assert len(links) == 2
    widths = [Image.open(page.parent / link).size for link in links]
    assert widths == [(1600, 1200), (900, 600)]
    assert gallery.count("(xem ảnh lớn)") == 2
