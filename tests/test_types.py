"""The package's type annotations hold, and it uses nothing of the standard library newer than
the oldest Python it supports: mypy, configured in pyproject.toml, finds nothing."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def test_mypy_finds_no_type_error_in_the_package() -> None:
    done = subprocess.run([sys.executable, "-m", "mypy", "--cache-dir", os.devnull],
                          cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    assert "Success: no issues found" in done.stdout
