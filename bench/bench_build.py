"""Where a build's time goes on a large synthetic catalogue (not a timed test).

    python bench/bench_build.py [COUNT] [--jobs N]     # default 20000 products

Writes the catalogue with ``make_catalogue`` (kept in a temp folder), then
times each stage of the pipeline in one process, for a cold build (no
``.cache/``, no output) and again with the build state kept and the output
deleted: load (scan, parse, check, model), images, plan (every artifact and
its declared inputs), make (fragments, then artifacts, in workers), commit
(the output folder) and the state. It also parses every front matter with
PyYAML's C loader and with the pure-Python one, to report their ratio (the
C loader is why ``frontmatter.py`` prefers it). Figures are shares within
one run: the machines these run on are shared and noisy.
"""
from __future__ import annotations

import argparse
import datetime as dt
import shutil
import sys
import tempfile
import time
from dataclasses import replace
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_catalogue import make_catalogue  # noqa: E402
from ocop_site.bodies import BodyStore  # noqa: E402
from ocop_site.build import load_site, make_plan  # noqa: E402
from ocop_site.engine import run_plan  # noqa: E402
from ocop_site.fragments import FragmentStore  # noqa: E402
from ocop_site.images import process_images  # noqa: E402
from ocop_site.markup import markdown_unsafe  # noqa: E402
from ocop_site.output_folder import FolderSink  # noqa: E402
from ocop_site.state import BuildState, state_path  # noqa: E402

TODAY = dt.date(2026, 1, 15)


def stages(site: Path, jobs: int | None) -> dict[str, float]:
    times: dict[str, float] = {}

    def timed(label: str, func, *args, **kwargs):  # type: ignore[no-untyped-def]
        started = time.perf_counter()
        result = func(*args, **kwargs)
        times[label] = time.perf_counter() - started
        return result

    state = BuildState(state_path(site))
    loaded = timed("load", load_site, site, TODAY, state, jobs)
    assert loaded.site is not None and loaded.theme is not None and loaded.content is not None, loaded.errors[:3]
    images = timed("images", process_images, loaded.image_refs, loaded.image_settings, site, jobs, loaded.sources)
    built = replace(loaded.site, images=images.images)
    content = loaded.content
    bodies = BodyStore(site, content.bodies)
    plan = timed("plan", make_plan, built, loaded.theme, site, images, loaded.sources, content.file_hashes, bodies,
                 loaded.config_hash)
    output = site / "output"
    sink = FolderSink(output, site, state.artifacts(output))
    store = FragmentStore(state.database)
    result = timed("make", run_plan, plan, sink, store, markdown_unsafe, jobs or 2)
    store.close()
    assert not result.problems, result.problems[:3]
    timed("commit", sink.commit, result.records, result.written)
    timed("state", state.save, sources=loaded.sources.seen(),
          fragments=content.memos, keep_fragments=content.memo_keys | result.persist_used, output=output, artifacts=result.records)
    state.close()
    times["artifacts"] = len(plan.artifacts)
    return times


def _yaml_ratio(site: Path) -> tuple[float, float]:
    texts = [p.read_text(encoding="utf-8").split("---")[1] for p in (site / "content" / "products").rglob("*.md")]
    results = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        started = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=loader)
        results.append(time.perf_counter() - started)
    return results[0], results[1]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, nargs="?", default=20000)
    parser.add_argument("--jobs", type=int, default=None)
    args = parser.parse_args(argv)
    site = Path(tempfile.gettempdir()) / f"ocop-bench-build-{args.count}"
    if not (site / "site.yaml").exists():
        make_catalogue(site, args.count)
    shutil.rmtree(site / ".cache", ignore_errors=True)
    shutil.rmtree(site / "output", ignore_errors=True)
    cold = stages(site, args.jobs)
    shutil.rmtree(site / "output", ignore_errors=True)
    warm = stages(site, args.jobs)
    print(f"{args.count} products, {int(cold.pop('artifacts'))} files; cold build, then output deleted "
          "with .cache/ kept")
    warm.pop("artifacts")
    print(f"{'stage':<10}{'cold s':>9}{'share':>8}{'kept s':>9}{'share':>8}")
    for label in cold:
        print(f"{label:<10}{cold[label]:>9.2f}{cold[label] / sum(cold.values()):>8.0%}"
              f"{warm[label]:>9.2f}{warm[label] / sum(warm.values()):>8.0%}")
    print(f"{'total':<10}{sum(cold.values()):>9.2f}{'':>8}{sum(warm.values()):>9.2f}")
    fast, slow = _yaml_ratio(site)
    print(f"front matter parsing: C loader {fast:.2f} s, pure Python {slow:.2f} s ({slow / fast:.1f}x slower)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
