"""Shared fixtures: real sites written into tmp_path, built with the real CLI."""
from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
import textwrap
import time
from pathlib import Path
from typing import Callable

import pytest

from ocop_site.cli import main

pytest_plugins = ["browser"]
"""The browser tests' fixtures (``browser``, ``offline_page``), registered for every test."""

REPO = Path(__file__).resolve().parent.parent
os.environ["OCOP_SITE_LANG"] = "en"
"""Messages in English, whatever this machine's locale: tests compare them (test_messages.py
checks Vietnamese with --lang vi and with a Vietnamese locale)."""
os.environ.pop("OCOP_SITE_CACHE_KEY", None)
os.environ["XDG_CONFIG_HOME"] = tempfile.mkdtemp(prefix="ocop-tests-config-")
"""The cache key (ocop_site/user_key.py) of the tests' own, not this machine user's."""
TODAY = "2026-01-15"
"""Tests build as of a fixed day, so certificate validity never drifts."""
EXAMPLE_DAY = "2026-11-24"
"""The day the example catalogue is built as of: its certificates are dated so that a build
from this day to 20 May 2027 shows one expired, one expiring within six months (the last
day is 20 May 2027) and every other one valid until 2028."""

MINIMAL_SITE_YAML = """\
title:
  vi: Sản phẩm OCOP thử
  en: Test OCOP products
languages: [vi, en]
provinces:
  ha-noi: {vi: Hà Nội, en: Hanoi}
  hai-phong: {vi: Hải Phòng, en: Hai Phong}
districts:
  kien-thuy: {vi: Kiến Thụy, en: Kien Thuy, province: hai-phong}
  thach-that: {vi: Thạch Thất, en: Thach That, province: ha-noi}
"""


def product(name: str, district: str = "kien-thuy", group: str = "thuc-pham", stars: int = 4,
            extra: str = "", body: str = "Mô tả sản phẩm.") -> str:
    """Front matter + body of a product file."""
    return (f"---\nname: {name}\ndistrict: {district}\ngroup: {group}\nstars: {stars}\n"
            f"{textwrap.dedent(extra)}---\n{body}\n")


def write_tree(root: Path, files: dict[str, str | bytes]) -> Path:
    """Write the files, dated a minute ago as an editor's would be: a file modified within two
    seconds of a build is always read again (see ocop_site.sources), which is right for
    edits but would hide what a test of unchanged files looks at."""
    earlier = time.time() - 60
    for rel, content in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        os.utime(path, (earlier, earlier))
    return root


@pytest.fixture
def make_site(tmp_path: Path) -> Callable[..., Path]:
    """``make_site({path: text})`` -> a site folder with site.yaml unless given."""
    def make(files: dict[str, str | bytes], name: str = "site") -> Path:
        root = tmp_path / name
        files = {"site.yaml": MINIMAL_SITE_YAML, **files}
        return write_tree(root, files)
    return make


def run_cli(*args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main([*args])
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """``cli("build", str(site))`` -> (exit code, stdout, stderr), built as of TODAY."""
    def run(command: str, *args: str) -> tuple[int, str, str]:
        dated = () if "--date" in args else ("--date", TODAY)
        return run_cli(command, *args, *dated, capsys=capsys)
    return run


@pytest.fixture(scope="session")
def example_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The example catalogue of this repository, built once per test session as of EXAMPLE_DAY."""
    site = tmp_path_factory.mktemp("example")
    for name in ("site.yaml", "content", "assets"):
        source = REPO / name
        if source.is_dir():
            shutil.copytree(source, site / name)
        else:
            shutil.copy(source, site / name)
    assert main(["build", str(site), "--date", EXAMPLE_DAY]) == 0
    return site / "output"


@pytest.fixture(scope="session")
def paginated_output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A site of 130 products: the home and facet pages span several pages."""
    site = tmp_path_factory.mktemp("paginated") / "site"
    write_tree(site, {"site.yaml": MINIMAL_SITE_YAML, **{
        f"content/products/sp-{i:03}.md": product(f"Sản phẩm {i:03}", district=("kien-thuy", "thach-that")[i % 2],
                                                  stars=3 + i % 3) for i in range(130)}})
    assert main(["build", str(site), "--date", TODAY]) == 0
    return site / "output"


def today() -> dt.date:
    return dt.date.fromisoformat(TODAY)
