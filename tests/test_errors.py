"""Every user mistake: one `path:line: error: message` line, exit 1, output intact."""
from __future__ import annotations


import pytest

from conftest import MINIMAL_SITE_YAML, product

GOOD = {"content/products/mat-ong/index.md": product("Mật ong Đại Hợp")}


def _errors(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if ": error: " in line]


@pytest.mark.parametrize("files, expected", [
    ({"content/products/x.md": "---\nname: X\nstars: [4\ndistrict: kien-thuy\n---\n"},
     "content/products/x.md:4: error: invalid YAML"),
    ({"content/products/x.md": "---\nname: X\n  bad: indent\n---\n"},
     "content/products/x.md:3: error: invalid YAML: mapping values are not allowed in this context"),
    ({"content/products/x.md": "---\ndistrict: kien-thuy\ngroup: thuc-pham\nstars: 4\n---\n"},
     "content/products/x.md:1: error: missing required field 'name'"),
    ({"content/products/x.md": "---\ndistrict: kien-thuy\nname:\ngroup: thuc-pham\nstars: 4\n---\n"},
     "content/products/x.md:3: error: missing required field 'name'"),
    ({"content/products/x.md": product("X", district="ha-long")},
     "content/products/x.md:3: error: unknown district 'ha-long' (allowed: kien-thuy, thach-that)"),
    ({"content/products/x.md": product("X", group="do-an")},
     "content/products/x.md:4: error: unknown group 'do-an' (allowed: thuc-pham, do-uong, duoc-lieu, "
     "thu-cong-my-nghe, sinh-vat-canh, du-lich)"),
    ({"content/products/x.md": product("X", stars=6)},
     "content/products/x.md:5: error: stars must be 3, 4 or 5 (OCOP certifies only these), not 6"),
    ({"content/products/x.md": product("X", stars="bốn")},
     "content/products/x.md:5: error: stars must be 3, 4 or 5 (OCOP certifies only these), not 'bốn'"),
    ({"content/products/x.md": product("X", extra="colour: red\n")},
     "content/products/x.md:6: error: unknown field 'colour' (allowed: name, slug, district, group, stars, "
     "commune, summary, producer, certificate, price, price_vnd, images, tags, draft)"),
    ({"content/products/x.md": product("X", extra="producer:\n  name: HTX\n  type: hop-tac\n")},
     "content/products/x.md:8: error: unknown producer type 'hop-tac' (did you mean 'to-hop-tac'?); "
     "allowed: htx, doanh-nghiep, to-hop-tac, ho-kinh-doanh"),
    ({"content/products/x.md": product("X", extra="certificate:\n  date: 15/03/2024\n")},
     "content/products/x.md:7: error: certificate.date must be a date written YYYY-MM-DD"),
    ({"content/products/x.md": product("X"), "content/products/x/index.md": product("Y")},
     "content/products/x/index.md:1: error: duplicate slug 'x': content/products/x.md already uses it "
     "(set a different 'slug' in one of them)"),
    ({"content/products/a.md": product("A", extra="slug: chung\n"),
      "content/products/b.md": product("B", extra="slug: chung\n")},
     "content/products/b.md:6: error: duplicate slug 'chung': content/products/a.md already uses it"),
    ({"content/products/x.md": product("X"), "content/products/x.fr.md": "---\nname: Le X\n---\n"},
     "content/products/x.fr.md:1: error: translation for unknown language 'fr' (site languages: vi, en)"),
    ({"content/products/y.en.md": "---\nname: Y\n---\n"},
     "content/products/y.en.md:1: error: translation without a default-language file: "
     "add content/products/y.md"),
    ({"content/products/x.md": product("X"), "content/products/x.en.md": "---\nname: X\nstars: 5\n---\n"},
     "content/products/x.en.md:3: error: 'stars' cannot differ in a translation: "
     "set it once in content/products/x.md"),
    ({"content/products/x/index.md": product("X", extra="images:\n  - anh.jpg\n")},
     "content/products/x/index.md:7: error: image 'anh.jpg' not found in content/products/x/"),
    ({"content/products/x/index.md": product("X", extra="images:\n  - ../../secret.jpg\n")},
     "content/products/x/index.md:7: error: image '../../secret.jpg' must be a file inside the product's folder"),
    ({"content/products/x.md": "name: X\n"},
     "content/products/x.md:1: error: missing front matter"),
    ({"content/pages/products.md": "---\ntitle: Sản phẩm\n---\n"},
     "content/pages/products.md:1: error: page slug 'products' is reserved"),
    ({"site.yaml": MINIMAL_SITE_YAML.replace("province: ha-noi", "province: ha-tay")},
     "site.yaml:10: error: districts.thach-that: unknown province 'ha-tay' (known: ha-noi, hai-phong)"),
    ({"site.yaml": "title: [unclosed\n"}, "site.yaml:2: error: invalid YAML"),
    ({"content/products/x.md": product("X"),
      "themes/default/templates/home.html": "{% extends 'base.html' %}\n{% block main %}\n{% if %}\n{% endblock %}\n"},
     "themes/default/templates/home.html:3: error: template error: Expected an expression"),
    ({"content/products/x.md": product("X"),
      "themes/default/templates/product.html": "{% extends 'base.html' %}\n{% block main %}\n\n{{ product.nonsense.deeper }}\n{% endblock %}\n"},
     "themes/default/templates/product.html:4: error: template error: "),
])
def test_mistake_is_reported_at_its_line_without_traceback(make_site, cli, files, expected):
    site = make_site(files)
    for command in ("check", "build"):
        code, out, err = cli(command, str(site))
        assert code == 1, err
        assert "Traceback" not in err + out
        assert any(line.startswith(expected) for line in _errors(err)), err


def test_all_errors_of_a_run_are_reported_together(make_site, cli):
    site = make_site({
        "content/products/a.md": product("A", stars=2),
        "content/products/b.md": product("B", district="nowhere"),
        "content/products/c.md": "---\nname: [\n---\n",
        "content/products/d.en.md": "---\nname: D\n---\n",
    })
    code, _, err = cli("check", str(site))
    assert code == 1
    files = {line.split(":")[0] for line in _errors(err)}
    assert files == {"content/products/a.md", "content/products/b.md", "content/products/c.md",
                     "content/products/d.en.md"}
    assert err.rstrip().endswith("4 errors")


def test_failed_build_leaves_the_previous_output_untouched(make_site, cli):
    site = make_site(GOOD)
    assert cli("build", str(site))[0] == 0
    output = site / "output"
    before = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    (site / "content" / "products" / "mat-ong" / "index.md").write_text(product("Mật ong", stars=7))
    (site / "content" / "products" / "moi.md").write_text(product("Sản phẩm mới"))
    code, _, err = cli("build", str(site))
    assert code == 1 and "nothing was written" in err
    after = {p.relative_to(output): p.read_bytes() for p in output.rglob("*") if p.is_file()}
    assert after == before
    assert sorted(p.name for p in site.iterdir()) == [".cache", "content", "output", "site.yaml"]  # no staging left


def test_template_error_at_render_time_leaves_the_previous_output_untouched(make_site, cli):
    site = make_site(GOOD)
    assert cli("build", str(site))[0] == 0
    index = (site / "output" / "index.html").read_bytes()
    template = site / "themes" / "default" / "templates" / "page.html"
    template.parent.mkdir(parents=True)
    (site / "content" / "pages").mkdir()
    (site / "content" / "pages" / "gioi-thieu.md").write_text("---\ntitle: Giới thiệu\n---\nVăn bản\n")
    template.write_text("{{ page.title.missing_attribute.x }}\n")
    code, _, err = cli("build", str(site))
    assert code == 1
    assert "themes/default/templates/page.html:1: error: template error" in err
    assert (site / "output" / "index.html").read_bytes() == index
    assert not (site / "output" / "gioi-thieu").exists()


def test_check_writes_nothing_and_warnings_fail_only_when_strict(make_site, cli):
    site = make_site(GOOD)
    code, out, err = cli("check", str(site))
    assert code == 0 and "ok:" in out
    assert "content/products/mat-ong/index.md:2: warning: no translation for en" in err
    assert "warning: product has no images" in err
    assert not (site / "output").exists()
    assert cli("check", str(site), "--strict")[0] == 1


def test_build_refuses_to_replace_a_folder_it_did_not_make(make_site, cli, tmp_path):
    site = make_site(GOOD)
    precious = tmp_path / "precious"
    precious.mkdir()
    (precious / "thesis.docx").write_text("years of work")
    code, _, err = cli("build", str(site), "--output", str(precious))
    assert code == 1 and "refusing to replace it" in err
    assert (precious / "thesis.docx").read_text() == "years of work"
    code, _, err = cli("build", str(site), "--output", str(site))
    assert code == 1 and "cannot be the site folder" in err


def test_missing_site_yaml_is_one_clear_error(tmp_path, cli):
    code, _, err = cli("build", str(tmp_path))
    assert code == 1 and err.startswith("site.yaml: error: no site.yaml in ")


def test_unknown_theme_is_an_error(make_site, cli):
    site = make_site({**GOOD, "site.yaml": MINIMAL_SITE_YAML + "theme: fancy\n"})
    code, _, err = cli("build", str(site))
    assert code == 1 and "theme 'fancy' not found" in err
