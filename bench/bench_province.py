"""A province catalogue built from its areas' sites (``sources:``), against Hugo on the same content.

    python bench/bench_province.py                      # 30 areas x 500 products, 2 languages
    python bench/bench_province.py --areas 10 --products 200 --runs 2
    python bench/bench_province.py --small              # a smoke run: 3 areas x 4 products

Writes the synthetic catalogue of ``make_catalogue.py`` (AREAS x PRODUCTS
products over AREAS areas, about PRODUCTS each; 60 % with an English file)
as one site, then splits it into one site per area (its own ``site.yaml``
with its area, and its products) and a province site that lists them all
under ``sources:`` and has no content of its own. The Hugo site of
``hugo_site.py`` holds the same products in one site. Each run times, in
alternation:

- Hugo, cold, into an empty folder;
- the province, cold (no ``.cache/``, empty output), built from its sources;
- the province again with nothing changed, twice: *rebuilt* takes the
  incremental path (the first build after a clean one records no usable
  fingerprint: it knew no certificate expiries yet), *no change* the
  fingerprint's shortcut;
- the province after one product of one area's site was edited;
- the same catalogue as one ocop-site site, cold (what the sources cost).

It prints medians, each divided by Hugo's median of the same run, peak
memory and pages written. The work folder defaults to ``/dev/shm``; the
machines are shared and noisy, so only ratios measured in one run mean
anything.
"""
from __future__ import annotations

import argparse
import re
import shutil
import sys
import tempfile
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
from compare_hugo import DATE, hugo_binary, pages, print_table, run  # noqa: E402
from hugo_site import make_hugo_site  # noqa: E402
from make_catalogue import make_catalogue  # noqa: E402

_DISTRICT = re.compile(r"^district: (\S+)$", re.M)


def split_into_sources(flat: Path, province: Path) -> list[str]:
    """Write ``province``: a site per area of the catalogue at ``flat`` under ``sources/``, and a
    site.yaml listing them; returns the areas' keys."""
    config = yaml.safe_load((flat / "site.yaml").read_text(encoding="utf-8"))
    areas = config["districts"]
    for key, area in areas.items():
        own = {"title": {"vi": f"OCOP {area['vi']}", "en": f"OCOP {area['en']}"}, "languages": ["vi", "en"],
               "provinces": {area["province"]: config["provinces"][area["province"]]}, "districts": {key: area}}
        folder = province / "sources" / key
        (folder / "content" / "products").mkdir(parents=True)
        (folder / "site.yaml").write_text(yaml.safe_dump(own, allow_unicode=True, sort_keys=False), encoding="utf-8")
    products = flat / "content" / "products"
    for path in sorted(products.glob("*.md")):
        if path.name.endswith(".en.md"):
            continue
        text = path.read_text(encoding="utf-8")
        match = _DISTRICT.search(text)
        assert match is not None, path
        target = province / "sources" / match.group(1) / "content" / "products"
        shutil.copy2(path, target / path.name)
        english = path.with_name(path.name[:-3] + ".en.md")
        if english.exists():
            shutil.copy2(english, target / english.name)
    mine = {key: config[key] for key in ("title", "languages", "district_label", "provinces")}
    mine["title"] = {"vi": "Danh mục OCOP của tỉnh", "en": "The province's OCOP catalogue"}
    mine["sources"] = [f"sources/{key}" for key in areas]
    (province / "site.yaml").write_text(yaml.safe_dump(mine, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return list(areas)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--areas", type=int, default=30, help="areas, each a site of its own (default 30)")
    parser.add_argument("--products", type=int, default=500, help="products per area, on average (default 500)")
    parser.add_argument("--small", action="store_true", help="a smoke run: 3 areas of 4 products")
    parser.add_argument("--runs", type=int, default=1, help="runs of each build (medians are reported)")
    parser.add_argument("--jobs", type=int, default=None, help="ocop-site workers (default: one per core)")
    parser.add_argument("--workdir", type=Path, default=None)
    args = parser.parse_args(argv)
    areas, per_area = (3, 4) if args.small else (args.areas, args.products)
    count = areas * per_area
    base = args.workdir or Path("/dev/shm" if Path("/dev/shm").is_dir() else tempfile.gettempdir())
    work = base / f"ocop-province-{areas}x{per_area}"
    flat, province, hugo_dir = work / "one-site", work / "province", work / "hugo"
    if not (province / "site.yaml").exists():
        shutil.rmtree(work, ignore_errors=True)
        make_catalogue(flat, count, districts=areas)
        split_into_sources(flat, province)
    if not (hugo_dir / "hugo.toml").exists() or "producers" not in (hugo_dir / "hugo.toml").read_text():
        make_hugo_site(flat, hugo_dir, every_page=True)  # the pages ocop-site makes, printouts included
    hugo = hugo_binary()
    jobs = ["--jobs", str(args.jobs)] if args.jobs else []

    def ocop(site: Path) -> list[str]:
        return [sys.executable, "-m", "ocop_site", "build", str(site), "--date", DATE, *jobs]

    def clean(site: Path) -> None:
        shutil.rmtree(site / "output", ignore_errors=True)
        shutil.rmtree(site / ".cache", ignore_errors=True)

    sources = sorted((province / "sources").iterdir())
    area = sources[len(sources) // 2]
    edited = next(p for p in sorted((area / "content" / "products").glob("*.md")) if not p.name.endswith(".en.md"))
    original = edited.read_text(encoding="utf-8")
    assert "được" in original, edited  # what the edit changes
    results: dict[str, list[tuple[float, int]]] = {k: [] for k in
                                                   ("hugo", "province cold", "province rebuilt",
                                                    "province no change", "province one edit", "one site cold")}
    try:
        for round_ in range(args.runs):
            shutil.rmtree(hugo_dir / "public", ignore_errors=True)
            shutil.rmtree(hugo_dir / "resources", ignore_errors=True)
            results["hugo"].append(run([hugo, "--quiet", "--destination", str(hugo_dir / "public")], cwd=hugo_dir))
            clean(province)
            results["province cold"].append(run(ocop(province)))
            results["province rebuilt"].append(run(ocop(province)))  # nothing changed: incremental path
            results["province no change"].append(run(ocop(province)))  # the fingerprint's shortcut
            edited.write_text(original.replace("được", f"được (lần {round_})", 1), encoding="utf-8")
            results["province one edit"].append(run(ocop(province)))
            clean(flat)
            results["one site cold"].append(run(ocop(flat)))
            print(f"round {round_ + 1}: " + ", ".join(f"{k} {v[-1][0]:.2f} s" for k, v in results.items()),
                  file=sys.stderr)
    finally:
        edited.write_text(original, encoding="utf-8")
    print(f"\na province of {areas} areas x {per_area} products ({count} products x 2 languages) from "
          f"{len(sources)} source sites, {args.runs} run(s), medians; work folder {work}")
    print(f"one product edited: {edited.relative_to(province)}")
    print(f"pages written: province {pages(province / 'output')}, one site {pages(flat / 'output')}, "
          f"Hugo {pages(hugo_dir / 'public')}")
    print_table(results, {"hugo": "Hugo (cold, one site, every page)"})
    return 0


if __name__ == "__main__":
    sys.exit(main())
