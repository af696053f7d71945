"""Messages in the editor's language: Vietnamese and English, chosen by --lang, OCOP_SITE_LANG
or the locale; the ``path:line: error:`` shape is the same in both."""
from __future__ import annotations

import ast
import os
import re
import subprocess
import sys

import pytest
from babel.messages.pofile import read_po

from conftest import REPO, TODAY, product, run_cli
from test_images import jpeg
from ocop_site import catalogues
from ocop_site.errors import error
from ocop_site.messages import choose_language, fill, language_flag, speaking, translation

PO = REPO / "ocop_site" / "locale" / "vi" / "LC_MESSAGES" / "ocop_site.po"
PLACEHOLDER = re.compile(r"\{\w+\}|%\(\w+\)s|%[sr]")
VIETNAMESE = re.compile(r"[ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ]", re.I)
STARS_EN = "stars must be 3, 4 or 5 (OCOP certifies only these), not 7"


@pytest.mark.parametrize(("flag", "environ", "expected"), [
    ("vi", {"OCOP_SITE_LANG": "en", "LANG": "en_US.UTF-8"}, "vi"),
    ("en", {"OCOP_SITE_LANG": "vi"}, "en"),
    (None, {"OCOP_SITE_LANG": "vi", "LC_ALL": "en_US.UTF-8"}, "vi"),
    (None, {"OCOP_SITE_LANG": "vi_VN.UTF-8"}, "vi"),
    (None, {"OCOP_SITE_LANG": "fr", "LANG": "vi_VN.UTF-8"}, "vi"),  # a language we lack is ignored
    (None, {"LC_ALL": "vi_VN.UTF-8", "LANG": "en_US.UTF-8"}, "vi"),
    (None, {"LC_ALL": "C", "LANG": "vi_VN.UTF-8"}, "en"),  # the first locale variable set decides
    (None, {"LC_MESSAGES": "vi_VN", "LANG": "en_GB.UTF-8"}, "vi"),
    (None, {"LANG": "vi-VN"}, "vi"),
    (None, {"LANG": "fr_FR.UTF-8"}, "en"),
    (None, {}, "en"),
])
def test_the_language_is_the_flag_then_the_variable_then_the_locale(flag, environ, expected):
    assert choose_language(flag, environ) == expected


@pytest.mark.parametrize(("argv", "expected"), [
    (["--lang", "vi", "build"], "vi"),
    (["build", ".", "--lang=vi"], "vi"),
    (["--lang", "en", "build", "--lang", "vi"], "vi"),
    (["new", "product", "Mật ong", "--lang", "en"], None),  # the translation's language
    (["--lang", "vi", "new", "product", "Mật ong", "--lang", "en"], "vi"),
    (["build", "--", "--lang", "vi"], None),
])
def test_the_language_flag_is_known_before_parsing(argv, expected):
    assert language_flag(argv) == expected


def _broken_site(make_site):
    return make_site({"content/products/mat-ong/index.md": product("Mật ong", stars=7)})


def _run(*args: str, lang_env: str | None = None) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("OCOP_SITE_LANG", "LC_ALL", "LC_MESSAGES", "LANG")}
    if lang_env:
        env["LANG"] = lang_env
    return subprocess.run([sys.executable, "-m", "ocop_site", *args], capture_output=True, text=True,
                          env=env, timeout=120)


def test_the_same_error_in_vietnamese_and_english(make_site, cli):
    site = _broken_site(make_site)
    code_en, _, err_en = cli("check", str(site), "--lang", "en")
    code_vi, _, err_vi = cli("check", str(site), "--lang", "vi")
    assert code_en == code_vi == 1
    where = "content/products/mat-ong/index.md:5: error: "
    line_en = next(line for line in err_en.splitlines() if line.startswith(where))
    line_vi = next(line for line in err_vi.splitlines() if line.startswith(where))
    assert line_en == where + STARS_EN
    assert line_vi == where + "số sao phải là 3, 4 hoặc 5 (OCOP chỉ công nhận các hạng này), không phải 7"
    assert err_en.splitlines()[-1] == "1 error"
    assert err_vi.splitlines()[-1] == "1 lỗi"


def test_the_locale_chooses_vietnamese_and_help_is_translated(make_site):
    site = _broken_site(make_site)
    broken = _run("build", str(site), "--date", TODAY, lang_env="vi_VN.UTF-8")
    assert broken.returncode == 1
    assert "content/products/mat-ong/index.md:5: error: số sao phải là 3, 4 hoặc 5" in broken.stderr
    assert "không có gì được ghi" in broken.stderr.splitlines()[-1]
    english = _run("build", str(site), "--date", TODAY, lang_env="C.UTF-8")
    assert f"content/products/mat-ong/index.md:5: error: {STARS_EN}" in english.stderr
    helped = _run("build", "--help", lang_env="vi_VN.UTF-8")
    assert helped.returncode == 0
    assert helped.stdout.startswith("cách dùng: ocop-site build")
    assert "\ntuỳ chọn:\n" in helped.stdout
    assert "build the site" not in helped.stdout and "Check the content" not in helped.stdout
    wrong = _run("--lang", "vi", "build", "--jobs", "zero")
    assert wrong.returncode == 2
    assert "cách dùng:" in wrong.stderr and "'zero'" in wrong.stderr
    assert "usage:" not in wrong.stderr


def test_the_summary_line_and_numbers_are_in_vietnamese(make_site, cli):
    site = make_site({"content/products/mat-ong/index.md": product("Mật ong")})
    code, out, _ = cli("build", str(site), "--lang", "vi")
    assert code == 0
    summary = out.strip().splitlines()[-1]
    assert summary.startswith("đã dựng 1 sản phẩm")
    assert re.search(r"\(\d+,\d\d s\)$", summary)  # a decimal comma
    code, out, _ = cli("build", str(site), "--lang", "en")
    assert out.strip().splitlines()[-1].startswith("built 1 product in 2 languages: ")


def test_warnings_summarised_by_kind_are_translated(make_site, cli):
    files = {f"content/products/p{i}/index.md": product(f"Sản phẩm {i}") for i in range(5)}
    site = make_site(files)
    _, _, err = cli("build", str(site), "--lang", "vi")
    assert "warning: 5 sản phẩm" in err
    assert "--verbose" in err
    assert "products have no images" not in err


@pytest.mark.parametrize(("front", "expected"), [
    ("distric: kien-thuy\n", "unknown field 'distric' (did you mean 'district'?)"),
    ("images: [Anh.JPG]\n", "image 'Anh.JPG' not found in content/products/mat-ong/ (did you mean 'anh.jpg'?)"),
])
def test_near_misses_are_suggested(make_site, cli, front, expected):
    site = make_site({"content/products/mat-ong/index.md": product("Mật ong", extra=front),
                      "content/products/mat-ong/anh.jpg": jpeg((40, 30))})
    _, _, err = cli("check", str(site), "--lang", "en")
    assert expected in err


def test_an_unknown_area_is_suggested_in_vietnamese(make_site, cli):
    site = make_site({"content/products/mat-ong/index.md": product("Mật ong", district="kien-thuyy")})
    _, _, err = cli("check", str(site), "--lang", "vi")
    line = next(line for line in err.splitlines() if line.startswith("content/products/mat-ong/index.md:3: error: "))
    assert "'kien-thuy'" in line and "'kien-thuyy'" in line
    assert VIETNAMESE.search(line.split(": error: ", 1)[1])


def test_new_product_lang_is_the_translation_not_the_messages(tmp_path, capsys):
    def cli(*args: str) -> tuple[int, str, str]:
        return run_cli(*args, capsys=capsys)

    site = tmp_path / "site"
    assert cli("new", "site", str(site))[0] == 0
    code, out, _ = cli("new", "product", "Mật ong Đại Hợp", "--district", "khu-vuc-mau", "--group", "thuc-pham",
                       "--stars", "4", "--site", str(site))
    assert code == 0, out
    code, out, _ = cli("--lang", "vi", "new", "product", "Mật ong Đại Hợp", "--lang", "en", "--site", str(site))
    assert code == 0
    assert (site / "content/products/mat-ong-dai-hop/index.en.md").is_file()
    assert out.startswith("đã tạo ")


def test_every_message_is_a_literal_template_the_catalogue_holds():
    """A message built at run time (an f-string, a variable) could not be translated."""
    positions = {"_": 0, "N_": 0, "message": 0, "error": 2, "warning": 2, "fail": 1, "warn": 1}
    ids = {m.id for m in catalogues.extract() if m.id}
    seen = set()
    for path in sorted((REPO / "ocop_site").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        wrappers = {id(call) for f in ast.walk(tree) if isinstance(f, ast.FunctionDef) and f.name in positions
                    for call in ast.walk(f)}  # fail() and warn() pass their caller's literal on
        for node in ast.walk(tree):
            if not isinstance(node, ast.Call) or id(node) in wrappers:
                continue
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else ""
            if name not in positions or path.name == "catalogues.py":
                continue
            where = f"{path.relative_to(REPO)}:{node.lineno}"
            index = positions[name]
            assert len(node.args) > index, where
            template = node.args[index]
            assert isinstance(template, ast.Constant) and isinstance(template.value, str), \
                f"{where}: the message must be a string literal"
            assert template.value in ids, f"{where}: not extracted"
            seen.add(template.value)
    assert len(seen) > 150


def test_the_catalogue_is_complete_and_compiled():
    assert catalogues.main(["--check"]) == 0, "run: python -m ocop_site.catalogues"
    with PO.open("rb") as handle:
        catalog = read_po(handle)
    for message in catalog:
        if not message.id:
            continue
        plural = isinstance(message.id, tuple)  # Vietnamese has one form for every count
        ids, strings = (message.id, message.string * 2) if plural else ((message.id,), (message.string,))
        for msgid, string in zip(ids, strings):
            assert string, msgid
            assert sorted(PLACEHOLDER.findall(msgid)) == sorted(PLACEHOLDER.findall(string)), msgid
            assert VIETNAMESE.search(string) or not VIETNAMESE.search(msgid), msgid


def test_every_vietnamese_message_fills_without_an_exception():
    catalog = translation("vi")
    with PO.open("rb") as handle:
        ids = [m.id for m in read_po(handle) if m.id]
    for template in ids:
        if isinstance(template, tuple):  # a message with plural forms: filled by messages._n
            for count in (1, 2):
                assert "{" not in fill(catalog.ngettext(*template, count), {"count": count}), template
            continue
        names = {name: "x" for name in re.findall(r"\{(\w+)\}", template)}
        text = error("p.md", 1, template, **names).text(catalog.gettext)
        assert "{" not in text or "{" in template.replace("{", "", len(names)), template


def test_a_damaged_translation_is_shown_unfilled_rather_than_crash():
    assert fill("{count} lỗi {", {"count": 3}) == "{count} lỗi {"
    assert fill("{count} lỗi ở {tệp}", {"count": 3}) == "3 lỗi ở {tệp}"


def test_speaking_restores_the_global_domain():
    import gettext

    before = gettext.textdomain()
    with speaking("vi"):
        assert gettext.gettext("usage: ") == "cách dùng: "
    assert gettext.textdomain() == before


def test_the_wheel_ships_the_compiled_catalogue(tmp_path):
    import zipfile

    subprocess.run([sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "-w", str(tmp_path), str(REPO)],
                   check=True, timeout=600, capture_output=True)
    (wheel,) = tmp_path.glob("ocop_site-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    assert "ocop_site/locale/vi/LC_MESSAGES/ocop_site.mo" in names
