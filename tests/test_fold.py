"""The search folding rule, Python side: ``tests/fold_cases.json`` is shared with
the JavaScript twin in ``static/catalogue.js`` (see test_browser_catalogue.py)."""
import json
import unicodedata
from pathlib import Path

import pytest

from ocop_site.vntext import fold

CASES = json.loads((Path(__file__).parent / "fold_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c.get("note") or c["input"] for c in CASES])
def test_python_fold_gives_the_shared_table_answer(case):
    assert fold(case["input"]) == case["folded"]


def test_shared_table_keeps_decomposed_and_dj_cases():
    """Guard against an editor recomposing the NFD inputs or dropping đ cases."""
    inputs = [c["input"] for c in CASES]
    assert sum(unicodedata.normalize("NFC", text) != text for text in inputs) >= 3
    assert any("Đ" in text for text in inputs) and any("đ" in text for text in inputs)
    assert all(set(c) <= {"input", "folded", "note"} for c in CASES)
