"""Benchmark the image pipeline: phone photos per second, cold and with a warm cache.

Not a test: run it by hand and read the figures.

    python bench/bench_images.py                 # 240 photos, all cores
    python bench/bench_images.py --count 400 --workers 1

It writes a throw-away site into a temporary folder: ``--count`` products,
each with one 4000×3000 (or 3000×4000) JPEG of 2–4 MB, like a phone's,
half of them carrying an EXIF orientation. A handful of pictures are drawn
and encoded; the rest are byte-for-byte different copies (a numbered JPEG
comment), so each needs the full decode and resize, and the cache cannot
share them. It then times, with the real ``build()``:

- cold: an empty cache, every photo decoded, resized to 400/800/1600 and
  encoded as WebP and JPEG;
- warm: the same build again, which must process no image at all;
- one edited: a build after one photo changed, which processes just it.
"""
from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from PIL import Image, ImageDraw, ImageFilter

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ocop_site.build import build  # noqa: E402

SITE_YAML = """\
title: Bench
languages: [vi]
districts:
  kien-thuy: {vi: Kiến Thụy}
"""
BASES = 6


def base_photo(seed: int) -> bytes:
    """A phone-sized JPEG with smooth gradients, shapes and sensor-like noise."""
    width, height = 4000, 3000
    gradient = Image.linear_gradient("L").resize((width, height))
    noise = Image.effect_noise((width, height), 28 + seed * 3)
    red = Image.blend(gradient, noise, 0.35)
    green = Image.blend(gradient.transpose(Image.Transpose.FLIP_LEFT_RIGHT), noise, 0.3)
    blue = Image.blend(gradient.transpose(Image.Transpose.ROTATE_180), noise, 0.4)
    image = Image.merge("RGB", (red, green, blue))
    draw = ImageDraw.Draw(image)
    for k in range(14):
        x, y = (k * 733 + seed * 211) % width, (k * 419 + seed * 97) % height
        draw.ellipse((x, y, x + 600, y + 450), fill=((k * 40) % 255, (seed * 60) % 255, 120))
    image = image.filter(ImageFilter.GaussianBlur(0.5))
    exif = Image.Exif()
    exif[0x010F], exif[0x0110] = "BenchPhone", "Model 12"
    if seed % 2:
        exif[0x0112] = 6  # held upright: stored landscape, shown portrait
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=90, exif=exif)
    return buffer.getvalue()


def numbered(jpeg: bytes, number: int) -> bytes:
    """The same picture with a JPEG comment after SOI: new bytes, same pixels, same work."""
    comment = f"bench photo {number}".encode()
    segment = b"\xff\xfe" + (len(comment) + 2).to_bytes(2, "big") + comment
    return jpeg[:2] + segment + jpeg[2:]


def make_site(root: Path, count: int) -> int:
    (root / "site.yaml").write_text(SITE_YAML, encoding="utf-8")
    bases = [base_photo(seed) for seed in range(BASES)]
    total = 0
    for n in range(count):
        folder = root / "content" / "products" / f"p{n:04d}"
        folder.mkdir(parents=True)
        data = numbered(bases[n % BASES], n)
        (folder / "photo.jpg").write_bytes(data)
        total += len(data)
        (folder / "index.md").write_text(
            f"---\nname: Sản phẩm {n}\ndistrict: kien-thuy\ngroup: thuc-pham\nstars: 4\n"
            "images:\n  - src: photo.jpg\n    alt: Ảnh\n---\nMô tả.\n", encoding="utf-8")
    return total


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=240, help="photos (at least 200 for the report)")
    parser.add_argument("--workers", type=int, default=None, help="worker processes (default: all cores)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary site")
    args = parser.parse_args(argv)
    root = Path(tempfile.mkdtemp(prefix="ocop-bench-"))
    today = dt.date(2026, 1, 15)
    try:
        started = time.perf_counter()
        size = make_site(root, args.count)
        print(f"site: {args.count} photos of 12 MP, {size / 1e6 / args.count:.1f} MB each on average "
              f"(made in {time.perf_counter() - started:.0f} s); cores: {os.cpu_count()}, "
              f"workers: {args.workers or 'all'}")

        results = {}
        for label in ("cold", "warm", "one edited"):
            if label == "one edited":
                photo = root / "content" / "products" / "p0000" / "photo.jpg"
                photo.write_bytes(numbered(photo.read_bytes(), -1))
            report = build(root, root / "output", today, workers=args.workers)
            results[label] = report
            rate = args.count / report.seconds
            print(f"build, {label}: {report.seconds:.2f} s, {report.images_processed} processed, "
                  f"{report.images_reused} from the cache = {rate:.1f} images/s")
        assert results["warm"].images_processed == 0, "a warm rebuild must process no image"
        assert results["one edited"].images_processed == 1
        out = root / "output" / "images"
        sizes = [p.stat().st_size for p in out.iterdir()]
        print(f"output: {len(sizes)} files, {sum(sizes) / 1e6:.0f} MB "
              f"({sum(sizes) / 1e3 / args.count:.0f} kB per photo for all its variants)")
    finally:
        if args.keep:
            print(f"kept: {root}")
        else:
            shutil.rmtree(root, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
