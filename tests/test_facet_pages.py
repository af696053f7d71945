"""Facet value pages: the count in the heading, the area's province, and the
optional description ``site.yaml`` gives an area or a group (issue 12 §5)."""
from __future__ import annotations

import re

from conftest import MINIMAL_SITE_YAML, product

DESCRIBED = MINIMAL_SITE_YAML.replace(
    "  kien-thuy: {vi: Kiến Thụy, en: Kien Thuy, province: hai-phong}\n",
    "  kien-thuy:\n    vi: Kiến Thụy\n    en: Kien Thuy\n    province: hai-phong\n"
    "    description: {vi: Huyện ven biển <cũ>., en: A former coastal district.}\n",
) + "groups:\n  thuc-pham:\n    description: Nông sản và thực phẩm.\n"


def head(path) -> str:
    return re.search(r'<div class="facet-head">.*?</div>', path.read_text(encoding="utf-8"), re.S).group(0)


def test_facet_pages_show_count_province_and_description(make_site, cli):
    site = make_site({"site.yaml": DESCRIBED,
                      "content/products/mat-ong.md": product("Mật ong"),
                      "content/products/gao.md": product("Gạo", district="thach-that")})
    assert cli("build", str(site))[0] == 0
    out = site / "output"
    kien_thuy = head(out / "district" / "kien-thuy" / "index.html")
    assert '<span class="count"><span class="count-sep" aria-hidden="true">· </span>1 sản phẩm</span></h1>' \
        in kien_thuy
    assert '<p class="facet-province">Tỉnh: Hải Phòng</p>' in kien_thuy
    assert '<p class="lead">Huyện ven biển &lt;cũ&gt;.</p>' in kien_thuy  # escaped
    english = head(out / "en" / "district" / "kien-thuy" / "index.html")
    assert "· </span>1 product</span>" in english and "Province: Hai Phong" in english
    assert '<p class="lead">A former coastal district.</p>' in english
    assert "lead" not in head(out / "district" / "thach-that" / "index.html")  # no description: none shown
    # a group entry with only a description keeps the official names
    food = head(out / "en" / "group" / "thuc-pham" / "index.html")
    assert "Food <span" in food and '<p class="lead" lang="vi">Nông sản và thực phẩm.</p>' in food
    assert "· </span>2 products</span>" in food
    index = (out / "district" / "index.html").read_text(encoding="utf-8")
    assert '<span class="name">Kiến Thụy <span class="province">Hải Phòng</span></span>' in index


def test_a_description_that_is_not_text_is_reported_at_its_line(make_site, cli):
    bad = DESCRIBED.replace("description: {vi: Huyện ven biển <cũ>., en: A former coastal district.}",
                            "description: [một, hai]")
    site = make_site({"site.yaml": bad, "content/products/mat-ong.md": product("Mật ong")})
    code, _, err = cli("build", str(site))
    line = bad.splitlines().index("    description: [một, hai]") + 1
    assert code != 0
    assert f"site.yaml:{line}: error: districts.kien-thuy.description: expected text or a mapping of language to text" in err
