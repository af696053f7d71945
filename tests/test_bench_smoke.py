"""Every benchmark script runs (a smoke run at a tiny size; no timing is asserted).

Benchmarks that nobody runs rot; this keeps each one working on a fresh
clone. A new script in ``bench/`` must be added to SMOKE, or this test fails.
"""
from __future__ import annotations

import os
import subprocess
import sys

import pytest

from conftest import REPO

SMOKE = {
    "make_catalogue.py": ["12", "{tmp}/catalogue"],
    "hugo_site.py": ["{repo}", "{tmp}/hugo"],
    "compare_hugo.py": ["15", "--runs", "1", "--workdir", "{tmp}"],
    "bench_build.py": ["40"],
    "bench_images.py": ["--count", "3"],
    "bench_filters.py": ["--count", "40", "--rounds", "1", "--workdir", "{tmp}/filters"],
    "bench_serve.py": ["12", "--edits", "1", "--built", "--workdir", "{tmp}/serve"],
    "bench_province.py": ["--small", "--workdir", "{tmp}"],
    "bench_lighthouse.py": ["--pages", "1", "--forms", "desktop", "--langs", "vi"],
}


def test_every_bench_script_has_a_smoke_run():
    scripts = {p.name for p in (REPO / "bench").glob("*.py") if p.name != "__init__.py"}
    assert scripts == set(SMOKE)


@pytest.mark.parametrize("script", sorted(SMOKE))
def test_bench_script_runs(script, tmp_path):
    args = [a.format(tmp=tmp_path, repo=REPO) for a in SMOKE[script]]
    env = {**os.environ, "TMPDIR": str(tmp_path)}
    result = subprocess.run([sys.executable, str(REPO / "bench" / script), *args], cwd=tmp_path,
                            capture_output=True, text=True, env=env, timeout=600)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stdout.strip(), "a benchmark prints what it measured"
