"""Printing a page with Chromium and reading the PDF back with poppler's tools."""
from __future__ import annotations

import re
import subprocess
from pathlib import Path
from typing import Any

A4 = (595, 842)  # points, rounded
A6 = (298, 420)


def pdf(page: Any, path: Path) -> Path:
    """The page as Chromium prints it, on the paper its CSS asks for."""
    page.pdf(path=str(path), prefer_css_page_size=True, print_background=True)
    return path


def pdf_pages(path: Path) -> list[tuple[int, int]]:
    """Each page's size in points."""
    info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(path)], capture_output=True, text=True,
                          check=True).stdout
    return [(round(float(w)), round(float(h)))
            for w, h in re.findall(r"^Page\s+\d+ size:\s+([\d.]+) x ([\d.]+)", info, re.MULTILINE)]


def pdf_text(path: Path) -> list[str]:
    """Each page's text without any white space (lines break anywhere: "High-" / "Tech")."""
    text = subprocess.run(["pdftotext", "-raw", str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return ["".join(page.split()) for page in text.split("\f")[:len(pdf_pages(path))]]
