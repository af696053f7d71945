"""Measure the home page's filters and search in the real browser.

    python bench/bench_filters.py                 # 10,000 products, /tmp/ocop-bench-10000
    python bench/bench_filters.py --count 2000 --cpu-throttle 4

Builds a synthetic catalogue with ``bench/make_catalogue.py`` (written once,
rebuilt on each run unless ``--no-build``), opens ``output/index.html`` from ``file://`` in Debian's chromium
(offline, as the browser tests do) and times, inside the page with
``performance.now()``, each filter change (a checkbox click) and each
keystroke (one more character in the search box): ``script`` is the update
itself, ``+ layout`` adds the event dispatch and a forced style/layout of the
page. Also prints the size of the data script, ``catalogue.js`` and the home
page, raw and gzipped, for the repository's example and the synthetic site.
"""
from __future__ import annotations

import argparse
import gzip
import shutil
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO / "tests"))
sys.path.insert(0, str(HERE))
from browser import new_offline_page, launch  # noqa: E402
from make_catalogue import make_catalogue  # noqa: E402

DATE = "2026-01-15"

TOGGLE = """async ([selectors]) => {
  const out = [];
  for (const selector of selectors) {
    const input = document.querySelector(selector);
    const t0 = performance.now();
    input.click();
    document.body.offsetHeight;
    out.push([window.ocopCatalogue.lastUpdate, performance.now() - t0]);
    await new Promise((resolve) => setTimeout(resolve, 0));
  }
  return out;
}"""

TYPE = """async ([queries]) => {
  const q = document.querySelector('#catalogue-q');
  const out = [];
  for (const query of queries) {
    for (let i = 1; i <= query.length; i++) {
      const t0 = performance.now();
      q.value = query.slice(0, i);
      q.dispatchEvent(new Event('input', { bubbles: true }));
      document.body.offsetHeight;
      out.push([window.ocopCatalogue.lastUpdate, performance.now() - t0]);
      await new Promise((resolve) => setTimeout(resolve, 0));
    }
  }
  return out;
}"""

QUERIES = ["mat ong", "mật ong", "dong trung ha thao", "rượu nếp cái", "MẶT NẠ", "khanh hoa", "xyzq"]


def build(site: Path) -> Path:
    output = site / "output"
    subprocess.run([sys.executable, "-m", "ocop_site", "build", str(site), "--output", str(output),
                    "--date", DATE], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return output


def size(path: Path) -> str:
    data = path.read_bytes()
    return f"{len(data):>10,} B raw {len(gzip.compress(data, 9)):>9,} B gzip"


def summary(values: list[float]) -> str:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, int(len(ordered) * 0.95))]
    return f"{statistics.median(ordered):7.2f} {p95:7.2f} {ordered[-1]:7.2f}"


def measure(output: Path, throttle: float, rounds: int) -> dict[str, list[list[float]]]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch(playwright)
        context, offline = new_offline_page(browser, viewport={"width": 1280, "height": 900})
        page = offline.open(output / "index.html")
        if throttle > 1:
            context.new_cdp_session(page).send("Emulation.setCPUThrottlingRate", {"rate": throttle})
        boxes = page.eval_on_selector_all(
            "[data-controls] input[type=checkbox]", "els => els.map(i => `input[name='${i.name}'][value='${i.value}']`)")
        by_facet: dict[str, list[str]] = {}
        for selector in boxes:
            by_facet.setdefault(selector.split("'")[1], []).append(selector)
        # On, then off again: single values, combinations across facets, several values of one facet.
        plan: list[str] = []
        for i in range(rounds):
            picks = [by_facet[f][(i * 7 + k) % len(by_facet[f])] for k, f in enumerate(by_facet)]
            plan += picks + picks[::-1]
            two = by_facet["district"][(i * 3) % len(by_facet["district"]):][:2]
            plan += two + two
        results = {
            "load": [[page.evaluate("window.ocopCatalogue.lastUpdate"),
                      page.evaluate("performance.getEntriesByType('navigation')[0].loadEventEnd")]],
            "filter": page.evaluate(TOGGLE, [plan]),
            "keystroke": page.evaluate(TYPE, [QUERIES * max(1, rounds // 4)]),
            "dom": [[page.evaluate("document.getElementsByTagName('*').length"), 0]],
        }
        page.fill("#catalogue-q", "")
        assert not offline.problems(), offline.problems()
        context.close()
        browser.close()
    return results


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=10_000)
    parser.add_argument("--workdir", type=Path, default=None)
    parser.add_argument("--rounds", type=int, default=12, help="filter rounds (each about 12 changes)")
    parser.add_argument("--cpu-throttle", type=float, default=1, help="chromium CPU slowdown, e.g. 4 for a phone")
    parser.add_argument("--no-build", action="store_true", help="reuse the last build of the synthetic site")
    args = parser.parse_args(argv)
    site = args.workdir or Path(tempfile.gettempdir()) / f"ocop-bench-{args.count}"
    if not (site / "content").exists():
        make_catalogue(site, args.count)
    output = site / "output"
    if not args.no_build or not (output / "index.html").exists():
        build(site)
    with tempfile.TemporaryDirectory() as tmp:
        example = Path(tmp) / "example"
        example.mkdir()
        shutil.copy(REPO / "site.yaml", example / "site.yaml")
        for name in ("content", "assets"):  # copied: the build refuses pictures linked from elsewhere
            shutil.copytree(REPO / name, example / name)
        example_output = build(example)
        print("file sizes")
        print(f"  example     catalogue-data.js     {size(example_output / 'catalogue-data.js')}")
        print(f"  example     en/catalogue-data.js  {size(example_output / 'en' / 'catalogue-data.js')}")
        print(f"  example     index.html            {size(example_output / 'index.html')}")
    print(f"  {args.count:>6} pr. catalogue-data.js     {size(output / 'catalogue-data.js')}")
    print(f"  {args.count:>6} pr. en/catalogue-data.js  {size(output / 'en' / 'catalogue-data.js')}")
    print(f"  {args.count:>6} pr. index.html            {size(output / 'index.html')}")
    print(f"  static/catalogue.js                 {size(output / 'static' / 'catalogue.js')}")
    results = measure(output, args.cpu_throttle, args.rounds)
    throttle = f", CPU throttled x{args.cpu_throttle:g}" if args.cpu_throttle > 1 else ""
    print(f"\nbrowser timings, {args.count} products{throttle} (ms)")
    load_update, load_end = results["load"][0]
    print(f"  page load event {load_end:.0f} ms, first update {load_update:.2f} ms, "
          f"{results['dom'][0][0]} elements in the page")
    print(f"  {'':28} {'median':>7} {'p95':>7} {'worst':>7}")
    for name in ("filter", "keystroke"):
        rows = results[name]
        print(f"  {name + ' change' if name == 'filter' else name:<10} script    n={len(rows):<4}"
              f"      {summary([r[0] for r in rows])}")
        print(f"  {'':<10} + layout  n={len(rows):<4}      {summary([r[1] for r in rows])}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
