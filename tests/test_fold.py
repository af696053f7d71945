"""The search folding and word rules, Python side: ``tests/fold_cases.json`` and
``tests/search_cases.json`` are shared with the JavaScript twins in
``static/catalogue.js`` (see test_browser_catalogue.py)."""
import json
import unicodedata
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from search_rule import matches

from ocop_site.vntext import fold

CASES = json.loads((Path(__file__).parent / "fold_cases.json").read_text(encoding="utf-8"))
SEARCH_CASES = json.loads((Path(__file__).parent / "search_cases.json").read_text(encoding="utf-8"))


@pytest.mark.parametrize("case", CASES, ids=[c.get("note") or c["input"] for c in CASES])
def test_python_fold_gives_the_shared_table_answer(case):
    assert fold(case["input"]) == case["folded"]


def test_shared_table_keeps_decomposed_and_dj_cases():
    """Guard against an editor recomposing the NFD inputs or dropping đ cases."""
    inputs = [c["input"] for c in CASES]
    assert sum(unicodedata.normalize("NFC", text) != text for text in inputs) >= 3
    assert any("Đ" in text for text in inputs) and any("đ" in text for text in inputs)
    assert all(set(c) <= {"input", "folded", "note"} for c in CASES)


@pytest.mark.parametrize("case", SEARCH_CASES, ids=[f"{c['query']!r} in {c['text']!r}" for c in SEARCH_CASES])
def test_python_search_rule_gives_the_shared_table_answer(case):
    assert matches(case["query"], case["text"]) is case["match"]


def test_search_table_keeps_the_issue_cases_and_decomposed_text():
    """The cases that made word matching (issue 12) and NFD inputs stay in the table."""
    found = {(c["query"], c["match"]) for c in SEARCH_CASES if "trấn" in c["text"] or "trải" in c["text"]}
    assert ("trà", False) in found and ("tra", True) in found
    assert any(c["query"] == "mat ong" and "Phương" in c["text"] and not c["match"] for c in SEARCH_CASES)
    texts = [c[k] for c in SEARCH_CASES for k in ("query", "text")]
    assert sum(unicodedata.normalize("NFC", text) != text for text in texts) >= 2
    assert all(set(c) <= {"query", "text", "match", "note"} for c in SEARCH_CASES)


@given(st.text())
def test_search_words_keep_letters_marks_and_numbers(text):
    """The data scripts' search words (``render.catalogue_data.search_words``): letters, marks and
    numbers of the NFC, lower-cased text stay, anything else separates words."""
    from ocop_site.render.catalogue_data import search_words

    lowered = unicodedata.normalize("NFC", text).lower()
    expected = " ".join("".join(ch if unicodedata.category(ch)[0] in "LMN" else " " for ch in lowered).split())
    assert search_words(text) == expected
    assert search_words("Mật ong (Đại-Hợp) №5, 2½") == "mật ong đại hợp 5 2½"
