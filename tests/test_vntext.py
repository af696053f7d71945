"""Vietnamese text rules: NFC, slugs, folding and alphabetical order."""
import unicodedata

import pytest

from ocop_site.vntext import fold, is_slug, nfc, slugify, vi_sort_key


@pytest.mark.parametrize("name, slug", [
    ("Mật ong Đại Hợp", "mat-ong-dai-hop"),
    ("Đông trùng hạ thảo khô", "dong-trung-ha-thao-kho"),
    ("ĐẶC SẢN  Đồng Văn!", "dac-san-dong-van"),
    ("Trà hoa vàng (túi lọc) – 50g", "tra-hoa-vang-tui-loc-50g"),
    ("Nem chua Tư Thủy", "nem-chua-tu-thuy"),
    ("Khô cá chốt", "kho-ca-chot"),
])
def test_slug_drops_diacritics_and_keeps_d_from_dj(name, slug):
    assert slugify(name) == slug
    assert slugify(unicodedata.normalize("NFD", name)) == slug
    assert is_slug(slug)


def test_naive_ascii_encoding_would_lose_dj_but_slugify_keeps_it():
    naive = unicodedata.normalize("NFD", "Đông trùng").encode("ascii", "ignore").decode()
    assert naive == "ong trung"
    assert slugify("Đông trùng") == "dong-trung"


def test_fold_ignores_case_tones_and_normal_form():
    assert fold("MẬT ONG") == fold("mật ong") == fold("mat ong") == "mat ong"
    assert fold(unicodedata.normalize("NFD", "Đại Hợp")) == "dai hop"


def test_nfc_composes_decomposed_text():
    decomposed = unicodedata.normalize("NFD", "mật")
    assert decomposed != "mật" and nfc(decomposed) == "mật"


def _sorted(words):
    return sorted(words, key=vi_sort_key)


def test_letters_with_marks_sort_after_their_base_letter():
    assert _sorted(["ân", "ăn", "an"]) == ["an", "ăn", "ân"]
    assert _sorted(["đa", "dừa", "da", "e"]) == ["da", "dừa", "đa", "e"]
    assert _sorted(["ơn", "ôn", "on"]) == ["on", "ôn", "ơn"]
    assert _sorted(["ưa", "ua", "va"]) == ["ua", "ưa", "va"]


def test_tones_only_break_ties():
    # ngang < huyền < hỏi < ngã < sắc < nặng
    assert _sorted(["bạ", "bá", "bã", "bả", "bà", "ba"]) == ["ba", "bà", "bả", "bã", "bá", "bạ"]
    # a toned letter does not jump over a later base letter
    assert _sorted(["cá", "cb"]) == ["cá", "cb"]
    assert _sorted(["Mật ong", "Mát xa", "Mắm"]) == ["Mát xa", "Mắm", "Mật ong"]


def test_python_default_sort_gets_vietnamese_wrong_and_ours_gets_it_right():
    words = ["Đông trùng", "Dừa", "Ăn", "Bánh"]
    assert sorted(words) != ["Ăn", "Bánh", "Dừa", "Đông trùng"]
    assert _sorted(words) == ["Ăn", "Bánh", "Dừa", "Đông trùng"]


def test_shorter_word_sorts_first():
    assert _sorted(["Mật ong rừng", "Mật ong"]) == ["Mật ong", "Mật ong rừng"]


from hypothesis import given, strategies as st  # noqa: E402

from ocop_site.vntext import _fold_slowly  # noqa: E402


@given(st.text())
def test_the_fast_fold_is_the_general_rule_for_any_text(text):
    assert fold(text) == _fold_slowly(text)
