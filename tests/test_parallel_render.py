"""Pages rendered by several worker processes are the same bytes as rendered in one."""
from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

import pytest

from conftest import product
from ocop_site.build import build, load
from ocop_site.errors import SiteErrors
from ocop_site.render import run


def _digest(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file()}


@pytest.fixture
def many_products(make_site) -> Path:
    names = ["Mật ong", "Gạo nếp", "Trà hoa vàng", "Khô cá", "Nem chua", "Đông trùng hạ thảo"]
    return make_site({f"content/products/p{i:03d}.md": product(
        f"{names[i % len(names)]} số {i}", district=("kien-thuy", "thach-that")[i % 2], stars=3 + i % 3)
        for i in range(90)})


def test_parallel_build_is_byte_identical_to_a_serial_one(many_products, tmp_path, monkeypatch):
    monkeypatch.setattr(run, "PARALLEL_MIN_PAGES", 1)
    monkeypatch.setattr(run, "_CHUNK", 7)  # many small tasks, to shuffle completion order
    day = dt.date(2026, 1, 15)
    loaded = load(many_products, day)
    renderer = run.PageRenderer(loaded.site, loaded.theme, many_products, {"": "x"})
    assert run.plan(renderer, 3) == 3 and run.plan(renderer, 1) == 1
    serial = build(many_products, tmp_path / "serial", day, workers=1)
    parallel = build(many_products, tmp_path / "parallel", day, workers=3)
    assert serial.pages == parallel.pages == 200
    assert _digest(tmp_path / "serial") == _digest(tmp_path / "parallel")


def test_template_error_in_a_worker_is_reported_at_its_line(many_products, tmp_path, monkeypatch):
    monkeypatch.setattr(run, "PARALLEL_MIN_PAGES", 1)
    template = many_products / "themes" / "default" / "templates" / "product.html"
    template.parent.mkdir(parents=True)
    template.write_text("{% extends 'base.html' %}\n{% block main %}\n{{ product.name.nope.deeper }}\n"
                        "{% endblock %}\n", encoding="utf-8")
    with pytest.raises(SiteErrors) as raised:
        build(many_products, tmp_path / "out", dt.date(2026, 1, 15), workers=2)
    errors = [str(p) for p in raised.value.problems if not p.is_warning]
    assert errors == [f"themes/default/templates/product.html:3: error: template error: "
                      f"{errors[0].split('template error: ')[1]}"]
    assert not (tmp_path / "out").exists()
