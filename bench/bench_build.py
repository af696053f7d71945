"""Where a build's time goes on a large synthetic catalogue (not a timed test).

    python bench/bench_build.py [COUNT]      # default 20000 products

Writes the catalogue with ``make_catalogue`` (cached in a temp folder), then
times each stage of the pipeline in one run: load (read + parse every file),
validate, model (Markdown included), render and write. It also parses every
front matter with PyYAML's C loader and with the pure-Python one, to report
their ratio: the C loader is why ``frontmatter.py`` prefers it. Figures are
ratios and shares within one run, since the machine is shared and noisy.
"""
from __future__ import annotations

import datetime as dt
import sys
import tempfile
import time
from pathlib import Path

import yaml

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.make_catalogue import make_catalogue  # noqa: E402
from ocop_site import build as pipeline  # noqa: E402
from ocop_site.build_model import build_site  # noqa: E402
from ocop_site.config import parse_config  # noqa: E402
from ocop_site.load import load_documents, load_site_yaml  # noqa: E402
from ocop_site.theme import find_theme, load_strings  # noqa: E402
from ocop_site.validate import validate  # noqa: E402
from ocop_site.write import Staging  # noqa: E402

TODAY = dt.date(2026, 1, 15)


def _timed(label: str, times: dict[str, float], func, *args):
    started = time.perf_counter()
    result = func(*args)
    times[label] = time.perf_counter() - started
    return result


def _yaml_ratio(site: Path) -> tuple[float, float]:
    texts = [p.read_text(encoding="utf-8").split("---")[1] for p in (site / "content" / "products").rglob("*.md")]
    results = []
    for loader in (yaml.CSafeLoader, yaml.SafeLoader):
        started = time.perf_counter()
        for text in texts:
            yaml.load(text, Loader=loader)
        results.append(time.perf_counter() - started)
    return results[0], results[1]


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20000
    site = Path(tempfile.gettempdir()) / f"ocop-bench-build-{count}"
    if not (site / "site.yaml").exists():
        make_catalogue(site, count)
    times: dict[str, float] = {}
    parsed, _ = load_site_yaml(site)
    config, _ = parse_config(parsed, "site.yaml")
    assert config is not None
    docs, _ = _timed("load", times, load_documents, site)
    problems = _timed("validate", times, validate, docs, config, TODAY)
    assert not [p for p in problems if not p.is_warning], problems[:3]
    theme, _ = find_theme(site, config.theme)
    assert theme is not None
    strings, _ = load_strings(theme, site, config.languages)
    model = _timed("model", times, build_site, docs, config, TODAY, strings)
    items = _timed("render", times, lambda: list(pipeline.render(model, theme, site)))
    staging = Staging(site / "output", site)

    def write() -> None:
        for path, data in items:
            staging.write(path, data) if isinstance(data, bytes) else staging.copy(path, data)
        staging.commit()
    _timed("write", times, write)
    total = sum(times.values())
    pages = sum(1 for path, _ in items if path.endswith(".html"))
    print(f"{count} products, {len(docs)} files, {pages} pages; {total:.1f} s in all")
    print(f"{'stage':<10}{'seconds':>9}{'share':>8}")
    for label, seconds in times.items():
        print(f"{label:<10}{seconds:>9.2f}{seconds / total:>8.0%}")
    fast, slow = _yaml_ratio(site)
    print(f"front matter parsing: C loader {fast:.2f} s, pure Python {slow:.2f} s "
          f"({slow / fast:.1f}x slower)")


if __name__ == "__main__":
    main()
