"""The command line as a user runs it."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

from conftest import REPO, product


def _run(args, cwd):
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    return subprocess.run(args, cwd=cwd, capture_output=True, text=True, env=env, timeout=120)


def test_installed_command_builds_a_site_anywhere_on_disk(make_site, tmp_path):
    """The console script works from any folder: the theme ships inside the package."""
    exe = shutil.which("ocop-site")
    assert exe, "ocop-site is not installed"
    site = make_site({"content/products/mat-ong.md": product("Mật ong")})
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    result = _run([exe, "build", str(site), "--date", "2026-01-15"], cwd=elsewhere)
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert summary.startswith("built 1 product in 2 languages: ") and summary.endswith(" s)")
    assert (site / "output" / "static" / "style.css").is_file()
    assert (site / "output" / "en" / "products" / "mat-ong" / "index.html").is_file()


def test_build_defaults_to_the_current_folder(make_site):
    site = make_site({"content/products/mat-ong.md": product("Mật ong")})
    result = _run([sys.executable, "-m", "ocop_site", "build"], cwd=site)
    assert result.returncode == 0, result.stderr
    assert (site / "output" / "index.html").is_file()


def test_help_and_version(tmp_path):
    for args in (["--help"], ["build", "--help"], ["check", "--help"]):
        result = _run([sys.executable, "-m", "ocop_site", *args], cwd=tmp_path)
        assert result.returncode == 0 and "usage: ocop-site" in result.stdout
    assert "--strict" in _run([sys.executable, "-m", "ocop_site", "check", "--help"], cwd=tmp_path).stdout
    build_help = _run([sys.executable, "-m", "ocop_site", "build", "--help"], cwd=tmp_path).stdout
    assert "--output" in build_help and "--jobs" in build_help
    version = _run([sys.executable, "-m", "ocop_site", "--version"], cwd=tmp_path)
    assert version.returncode == 0 and version.stdout.startswith("ocop-site ")


def test_check_on_the_example_is_clean(cli):
    code, out, err = cli("check", str(REPO))
    assert code == 0, err
    assert ": error: " not in err


def test_bad_date_option_is_a_usage_error(tmp_path):
    result = _run([sys.executable, "-m", "ocop_site", "build", "--date", "15/01/2026"], cwd=tmp_path)
    assert result.returncode == 2 and "YYYY-MM-DD" in result.stderr
