"""Open data: ``catalogue.json`` validates against the schema the package ships and holds every
published product exactly as its files say; ``catalogue.csv`` opens with ``csv`` and matches it."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import shutil
import tempfile
import unicodedata
import xml.etree.ElementTree as ET
from pathlib import Path

import jsonschema
import pytest
import yaml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from conftest import MINIMAL_SITE_YAML, REPO, TODAY, product, write_tree
from ocop_site.build import build
from ocop_site.errors import SiteErrors
from ocop_site.vntext import vi_sort_key

SCHEMA = json.loads((REPO / "ocop_site" / "schemas" / "catalogue.schema.json").read_text(encoding="utf-8"))
VALIDATOR = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())


def _errors(document: dict) -> list[str]:
    return [f"{'/'.join(map(str, e.absolute_path))}: {e.message}" for e in VALIDATOR.iter_errors(document)]


def _front(path: Path) -> dict:
    """The front matter of a content file, as YAML reads it."""
    text = path.read_text(encoding="utf-8")
    return yaml.safe_load(text.split("---\n", 2)[1]) or {}


def _source_products(site: Path) -> dict[str, tuple[dict, dict[str, dict]]]:
    """slug -> (default-language front matter, {lang: translation's front matter}), drafts left out."""
    found = {}
    for path in sorted((site / "content" / "products").rglob("*.md")):
        stem = path.parent.name if path.name.startswith("index") else path.name.split(".")[0]
        lang = path.name.split(".")[-2] if path.name.count(".") == 2 else None
        entry = found.setdefault(stem, [None, {}])
        if lang:
            entry[1][lang] = _front(path)
        else:
            entry[0] = _front(path)
    return {(fm.get("slug") or stem): (fm, tr) for stem, (fm, tr) in found.items() if not fm.get("draft")}


def _as_text(value) -> str | None:
    return None if value is None else unicodedata.normalize("NFC", str(value)).strip()


def _texts(key: str, front: dict, translations: dict[str, dict]) -> dict[str, str]:
    found = {"vi": _as_text(front.get(key))} if front.get(key) is not None else {}
    for lang, tr in translations.items():
        if tr.get(key) is not None:
            found[lang] = _as_text(tr[key])
    return {k: v for k, v in found.items() if v}


def _alt(index: int, front: dict, translations: dict[str, dict]) -> dict[str, str]:
    found = {}
    for lang, fm in (("vi", front), *translations.items()):
        items = fm.get("images") or []
        if index < len(items) and isinstance(items[index], dict) and items[index].get("alt"):
            found[lang] = _as_text(items[index]["alt"])
    return found if "vi" in found else {}


def assert_round_trips(site: Path, output: Path, data: dict) -> None:
    """Every published product is in the data with the values of its files, and its pages exist."""
    sources = _source_products(site)
    records = {p["slug"]: p for p in data["products"]}
    assert sorted(records) == sorted(sources)
    assert [p["slug"] for p in data["products"]] == sorted(records)
    for slug, (front, translations) in sources.items():
        record = records[slug]
        for key in ("name", "summary", "commune"):
            assert record[key] == _texts(key, front, translations), (slug, key)
        for key in ("district", "group", "stars"):
            assert record[key] == front[key], (slug, key)
        assert record["price"] == _as_text(front.get("price")), slug
        assert record["price_vnd"] == front.get("price_vnd"), slug
        assert record["tags"] == [_as_text(t) for t in front.get("tags") or []], slug
        producer = front.get("producer")
        assert record["producer"] == (None if not producer else {
            k: _as_text(producer.get(k)) for k in ("name", "type", "address", "phone", "email", "website")}), slug
        cert = front.get("certificate")
        if not cert:
            assert record["certificate"] is None, slug
        else:
            got = record["certificate"]
            assert {k: got[k] for k in ("number", "issuer")} == {k: _as_text(cert.get(k)) for k in ("number", "issuer")}
            assert got["date"] == (cert["date"].isoformat() if cert.get("date") else None), slug
            assert got["year"] == (cert["date"].year if cert.get("date") else cert.get("year")), slug
            if cert.get("expires"):
                assert got["expires"] == cert["expires"].isoformat(), slug
        images = front.get("images") or []
        assert [i["src"] for i in record["images"]] == [i["src"] if isinstance(i, dict) else i for i in images]
        for index, image in enumerate(record["images"]):
            assert image["alt"] == _alt(index, front, translations), (slug, index)
            assert (output / image["path"]).is_file(), image["path"]
        assert record["translated"] == {"vi": True, **{lang: lang in translations for lang in ("en",)}}
        for lang, page in record["pages"].items():
            assert (output / page["path"]).is_file(), page["path"]
            assert (output / page["path"]).read_text(encoding="utf-8").startswith("<!DOCTYPE html>")


def test_example_catalogue_json_validates_against_the_shipped_schema(example_output: Path):
    data = json.loads((example_output / "catalogue.json").read_text(encoding="utf-8"))
    assert _errors(data) == []
    assert data["schema_version"] == 1
    assert data["site"]["languages"] == ["vi", "en"]
    assert data["site"]["base_url"] == "https://ocop-site.github.io/ocop-site/"
    assert [d["key"] for d in data["districts"]] == ["dong-van", "kien-thuy", "luc-nam", "tan-hung", "thach-that"]
    assert {g["key"] for g in data["groups"]} >= {"thuc-pham", "do-uong", "duoc-lieu", "thu-cong-my-nghe",
                                                   "sinh-vat-canh", "du-lich"}


def test_example_catalogue_json_round_trips_every_product(example_output: Path):
    data = json.loads((example_output / "catalogue.json").read_text(encoding="utf-8"))
    assert_round_trips(REPO, example_output, data)


def test_the_schema_refuses_what_it_should(example_output: Path):
    data = json.loads((example_output / "catalogue.json").read_text(encoding="utf-8"))
    broken = json.loads(json.dumps(data))
    broken["products"][0]["stars"] = 6
    broken["products"][1]["certificate"] = {"number": None}
    broken["products"][2]["surprise"] = True
    broken["products"][3]["price_vnd"] = 0
    broken["products"][4]["price_vnd"] = "250000"
    assert len(_errors(broken)) == 5
    older = json.loads(json.dumps(data))  # written before price_vnd was added: still a valid version 1
    for record in older["products"]:
        del record["price_vnd"]
    assert _errors(older) == []


def test_price_vnd_is_in_the_json_and_the_csv(make_site, cli):
    site = make_site({
        "content/products/mat-ong.md": product("Mật ong", extra="price: 250.000 ₫ / hũ\nprice_vnd: 250000\n"),
        "content/products/nuoc-mam.md": product("Nước mắm", extra="price: liên hệ\n"),
    })
    assert cli("build", str(site))[0] == 0
    data = json.loads((site / "output" / "catalogue.json").read_text(encoding="utf-8"))
    assert _errors(data) == []
    assert {p["slug"]: p["price_vnd"] for p in data["products"]} == {"mat-ong": 250000, "nuoc-mam": None}
    assert_round_trips(site, site / "output", data)
    rows = _csv_rows(site / "output")
    assert_csv_matches(rows, data)
    assert {r["slug"]: (r["price"], r["price_vnd"]) for r in rows} == {
        "mat-ong": ("250.000 ₫ / hũ", "250000"), "nuoc-mam": ("liên hệ", "")}


def test_certificate_status_is_judged_on_the_build_date_with_six_months_warning(make_site, cli):
    site = make_site({
        "content/products/con-han.md": product("Còn hạn", extra="certificate:\n  date: 2025-01-01\n"),
        "content/products/sap-het.md": product("Sắp hết", extra="certificate:\n  date: 2023-07-15\n"),
        "content/products/het-han.md": product("Hết hạn", extra="certificate:\n  date: 2022-12-31\n"),
        "content/products/khong-ngay.md": product("Không ngày", extra="certificate:\n  number: 12/QĐ\n"),
        "content/products/chi-nam.md": product("Chỉ năm", extra="certificate:\n  year: 2019\n"),
        "content/products/nhap.md": product("Bản nháp", extra="draft: true\n"),
    })
    assert cli("build", str(site))[0] == 0
    data = json.loads((site / "output" / "catalogue.json").read_text(encoding="utf-8"))
    assert _errors(data) == []
    status = {p["slug"]: p["certificate"]["status"] for p in data["products"]}
    assert status == {"con-han": "valid", "sap-het": "expiring", "het-han": "expired", "khong-ngay": "unknown",
                      "chi-nam": "unknown"}  # known only by its year: its last day is not known, never guessed
    years = {p["slug"]: (p["certificate"]["year"], p["certificate"]["expires"]) for p in data["products"]}
    assert years == {"con-han": (2025, "2028-01-01"), "sap-het": (2023, "2026-07-15"),
                     "het-han": (2022, "2025-12-31"), "khong-ngay": (None, None), "chi-nam": (2019, None)}
    assert_round_trips(site, site / "output", data)
    # a later build date moves the standing, and the (incremental) build follows
    assert cli("build", str(site), "--date", "2026-02-01")[0] == 0
    data = json.loads((site / "output" / "catalogue.json").read_text(encoding="utf-8"))
    assert {p["slug"]: p["certificate"]["status"] for p in data["products"]}["con-han"] == "valid"
    assert cli("build", str(site), "--date", "2027-07-01")[0] == 0
    data = json.loads((site / "output" / "catalogue.json").read_text(encoding="utf-8"))
    assert {p["slug"]: p["certificate"]["status"] for p in data["products"]}["con-han"] == "expiring"


def test_with_base_url_pages_and_pictures_have_absolute_urls(make_site, cli):
    site = make_site({
        "site.yaml": MINIMAL_SITE_YAML + "base_url: https://ocop.example.vn/danh-muc\n",
        "content/products/mat-ong/index.md": product("Mật ong", extra="images: [anh.png]\n"),
        "content/products/mat-ong/anh.png": _png(),
    })
    assert cli("build", str(site))[0] == 0
    data = json.loads((site / "output" / "catalogue.json").read_text(encoding="utf-8"))
    assert _errors(data) == []
    record = data["products"][0]
    assert record["pages"] == {
        "vi": {"path": "products/mat-ong/index.html", "url": "https://ocop.example.vn/danh-muc/products/mat-ong/"},
        "en": {"path": "en/products/mat-ong/index.html",
               "url": "https://ocop.example.vn/danh-muc/en/products/mat-ong/"}}
    assert record["images"][0]["url"] == "https://ocop.example.vn/danh-muc/" + record["images"][0]["path"]


def _png() -> bytes:
    import io

    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 120, 40)).save(buffer, "PNG")
    return buffer.getvalue()


# -- any text ---------------------------------------------------------------------------------------

FIELDS = ("name", "summary", "commune", "price", "producer.name", "producer.phone", "tags.0",
          "certificate.issuer")


def _hostile(field: str, value: str) -> str:
    quoted = json.dumps(value, ensure_ascii=False)
    lines = [f"{k}: {v}" for k, v in {"name": "Mật ong", "district": "kien-thuy", "group": "thuc-pham",
                                      "stars": 4}.items() if k != field]
    head, _, tail = field.partition(".")
    lines.append(f"{head}: {quoted}" if not tail else f"{head}:\n  - {quoted}" if tail == "0"
                 else f"{head}:\n  {tail}: {quoted}")
    return "---\n" + "\n".join(lines) + "\n---\nCâu chuyện.\n"


@pytest.fixture(scope="module")
def work():
    root = Path(tempfile.mkdtemp(prefix="ocop-open-data-"))
    yield root
    shutil.rmtree(root, ignore_errors=True)


@settings(max_examples=int(os.environ.get("OCOP_ANY_TEXT_EXAMPLES", "60")), deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(field=st.sampled_from(FIELDS), value=st.text(min_size=1, max_size=40) | st.sampled_from(
    ['=HYPERLINK("http://x")', '+84 912 345 678', '-1', '@SUM(A1)', 'a,"b"\nc', '</title><script>', 'Hoà\u0300']))
@example(field="tags.0", value="0\n")  # a tag is trimmed like every other text
def test_any_text_gives_valid_json_csv_and_feeds_holding_it(work, field, value):
    site = work / "site"
    shutil.rmtree(site, ignore_errors=True)
    write_tree(site, {"site.yaml": MINIMAL_SITE_YAML, "content/products/sp.md": _hostile(field, value)})
    try:
        build(site, site / "output", dt.date.fromisoformat(TODAY), workers=1)
    except SiteErrors:
        return  # refused at its line: tests/test_any_text.py checks how
    data = json.loads((site / "output" / "catalogue.json").read_text(encoding="utf-8"))
    assert _errors(data) == []
    assert_round_trips(site, site / "output", data)
    rows = _csv_rows(site / "output")
    assert_csv_matches(rows, data)
    written = _as_text(yaml.safe_load("v: " + json.dumps(value, ensure_ascii=False))["v"])
    column = {"tags.0": "tags", "name": "name_vi", "summary": "summary_vi", "commune": "commune_vi"}.get(
        field, field.replace(".", "_"))
    feed = ET.fromstring((site / "output" / "en" / "feed.xml").read_bytes())  # well-formed, whatever the text
    if field == "name" and written:
        assert feed.findtext("{http://www.w3.org/2005/Atom}entry/{http://www.w3.org/2005/Atom}title") == written
    if written:
        cell = rows[0][column]
        assert cell == ("'" + written if written[0] in "=+-@\t\r" else written)


# -- CSV -------------------------------------------------------------------------------------------

COLUMNS = ["slug", "name_vi", "name_en", "stars", "group", "group_name_vi", "group_name_en", "district",
           "district_name_vi", "district_name_en", "province", "province_name_vi", "province_name_en",
           "commune_vi", "commune_en", "summary_vi", "summary_en", "producer_name", "producer_type",
           "producer_address", "producer_phone", "producer_email", "producer_website", "certificate_number",
           "certificate_date", "certificate_issuer", "certificate_expires", "certificate_status", "price", "tags",
           "image", "page_vi", "page_en", "translated_vi", "translated_en", "price_vnd", "certificate_year"]
"""The documented order (README, "catalogue.csv"): a change here is a change for every reader."""


def _csv_rows(output: Path) -> list[dict[str, str]]:
    raw = (output / "catalogue.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf"), "no UTF-8 byte order mark: Excel on Windows would garble Vietnamese"
    reader = csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline=""))
    header, *rows = list(reader)
    assert header == COLUMNS
    assert all(len(row) == len(header) for row in rows)
    return [dict(zip(header, row)) for row in rows]


def _unformula(cell: str) -> str:
    return cell[1:] if cell[:2] in ("'=", "'+", "'-", "'@", "'\t", "'\r") else cell


def assert_csv_matches(rows: list[dict[str, str]], data: dict) -> None:
    """One row per product, in Vietnamese order of the name, with the values of catalogue.json."""
    records = sorted(data["products"], key=lambda p: (vi_sort_key(p["name"]["vi"]), p["slug"]))
    assert [r["slug"] for r in rows] == [p["slug"] for p in records]
    for row, record in zip(rows, records):
        for lang in ("vi", "en"):
            for key in ("name", "commune", "summary"):
                assert _unformula(row[f"{key}_{lang}"]) == record[key].get(lang, ""), (record["slug"], key, lang)
            assert row[f"page_{lang}"] == (record["pages"][lang]["url"] or record["pages"][lang]["path"])
            assert row[f"translated_{lang}"] == ("yes" if record["translated"][lang] else "no")
        assert int(row["stars"]) == record["stars"]
        for key in ("group", "district"):
            assert row[key] == record[key]
        assert row["province"] == (record["province"] or "")
        for key, value in (record["producer"] or {}).items():
            assert _unformula(row[f"producer_{key}"]) == (value or ""), (record["slug"], key)
        for key, value in (record["certificate"] or {}).items():
            assert _unformula(row[f"certificate_{key}"]) == ("" if value is None else str(value)), \
                (record["slug"], key)
        assert _unformula(row["price"]) == (record["price"] or "")
        assert row["price_vnd"] == ("" if record["price_vnd"] is None else str(record["price_vnd"]))
        assert _unformula(row["tags"]) == "; ".join(record["tags"])
        assert row["image"] == ((record["images"][0]["url"] or record["images"][0]["path"]) if record["images"] else "")


def test_example_catalogue_csv_has_a_bom_and_one_row_per_product(example_output: Path):
    data = json.loads((example_output / "catalogue.json").read_text(encoding="utf-8"))
    rows = _csv_rows(example_output)
    assert len(rows) == len(data["products"]) == 21
    assert_csv_matches(rows, data)
    honey = next(r for r in rows if r["slug"] == "mat-ong-dai-hop")
    assert (honey["name_vi"], honey["district_name_vi"], honey["group_name_en"]) == \
        ("Mật ong Đại Hợp", "Kiến Thụy", "Food")


def test_csv_keeps_commas_quotes_and_line_breaks_and_defuses_formulas(make_site, cli):
    site = make_site({"content/products/a.md": product("Bánh \"ngon\", giòn", extra="""\
        summary: "Dòng một\\nDòng hai, có dấu phẩy"
        price: "=HYPERLINK(\\"http://evil.example\\",\\"Bấm\\")"
        producer:
          name: "@SUM(1+1)"
          phone: "+84 912 345 678"
        tags: ["-2+3", "đặc sản"]
        """)})
    assert cli("build", str(site))[0] == 0
    rows = _csv_rows(site / "output")
    assert len(rows) == 1
    row = rows[0]
    assert row["name_vi"] == 'Bánh "ngon", giòn'
    assert row["summary_vi"] == "Dòng một\nDòng hai, có dấu phẩy"
    assert row["price"] == '\'=HYPERLINK("http://evil.example","Bấm")'
    assert row["producer_name"] == "'@SUM(1+1)"
    assert row["producer_phone"] == "'+84 912 345 678"
    assert row["tags"] == "'-2+3; đặc sản"
    assert row["stars"] == "4" and row["certificate_status"] == ""


# -- made from kept entries ------------------------------------------------------------------------

def test_after_one_story_edit_only_that_products_entries_are_made_again(make_site, monkeypatch):
    """Each product's entry in catalogue.json and row in catalogue.csv is kept in the build state:
    after one product's summary is edited, only its entry and row are made again, and the
    statistics (which read neither) are not made at all, until its stars change; after an edit
    of its story alone (which neither shows), nothing of them is (ocop_site/story_edit.py); both
    files stay as a clean build writes them."""
    import ocop_site.outputs.open_data as outputs
    import ocop_site.render.statistics as statistics

    site = make_site({f"content/products/p{i}.md": product(f"Sản phẩm {i}", extra=f"summary: Tóm tắt {i}\n")
                      for i in range(6)})
    build(site, site / "output", dt.date.fromisoformat(TODAY), workers=1)
    made: list[str] = []
    for name in ("product_entry", "csv_line", "producer_entry"):
        real = getattr(outputs, name)
        monkeypatch.setattr(outputs, name, lambda *a, _real=real, _name=name: made.append(_name) or _real(*a))
    real_statistics = statistics.statistics_of
    monkeypatch.setattr(statistics, "statistics_of",
                        lambda *a: made.append("statistics") or real_statistics(*a))
    import ocop_site.render.context as context
    monkeypatch.setattr(context, "statistics_of", statistics.statistics_of)

    edited = site / "content" / "products" / "p3.md"
    for old, new in (("Mô tả sản phẩm.", "Một câu chuyện mới."), ("Tóm tắt 3", "Tóm tắt mới"), ("stars: 4", "stars: 5")):
        made.clear()
        edited.write_text(edited.read_text(encoding="utf-8").replace(old, new), encoding="utf-8")
        build(site, site / "output", dt.date.fromisoformat(TODAY), workers=1)
        expected = [] if old == "Mô tả sản phẩm." else ["csv_line", "product_entry"]
        assert sorted(made) == [*expected, *(["statistics"] * 2 if new == "stars: 5" else [])], new

    clean = make_site({}, name="clean")
    shutil.rmtree(clean)
    shutil.copytree(site, clean, ignore=shutil.ignore_patterns("output", ".cache"))
    build(clean, clean / "output", dt.date.fromisoformat(TODAY), workers=1)
    for name in ("catalogue.json", "catalogue.csv"):
        assert (site / "output" / name).read_bytes() == (clean / "output" / name).read_bytes(), name
    assert "Tóm tắt mới" in (site / "output" / "catalogue.csv").read_text(encoding="utf-8-sig")


def test_a_forged_entry_or_row_in_the_build_state_is_made_again(make_site):
    """A kept entry that parses but is not its product's (another slug), and a kept row that a
    spreadsheet would run as a formula, are both made again from the sources."""
    import sqlite3

    site = make_site({"content/products/a.md": product("Ấm trà"), "content/products/b.md": product("Bánh")})
    build(site, site / "output", dt.date.fromisoformat(TODAY), workers=1)
    expected = {name: (site / "output" / name).read_bytes() for name in ("catalogue.json", "catalogue.csv")}
    with sqlite3.connect(site / ".cache" / "state.sqlite") as db:
        rows = db.execute("SELECT digest, data FROM fragments").fetchall()
        for digest, data in rows:
            if '"slug": "b"' in data:
                db.execute("UPDATE fragments SET data = ? WHERE digest = ?", (data.replace('"b"', '"x"'), digest))
            elif data.startswith("a,"):
                db.execute("UPDATE fragments SET data = ? WHERE digest = ?",
                           ('a,=HYPERLINK("http://evil.example")' + "," * (len(COLUMNS) - 2) + "\r\n", digest))
    shutil.rmtree(site / "output")
    build(site, site / "output", dt.date.fromisoformat(TODAY), workers=1)
    for name, data in expected.items():
        assert (site / "output" / name).read_bytes() == data, name


_WIDE = "," * (len(COLUMNS) - 1)


@pytest.mark.parametrize("name, forged", [
    ("catalogue.json", '{"slug": "a"}\n ], "producers": [\n  {"slug": "a"}'),
    ("catalogue.json", '{"slug": "a"}, {"slug": "a"}'), ("catalogue.json", '{"slug": "a"'),
    ("catalogue.json", '"a"'), ("catalogue.json", "NaN"),
    ("catalogue.csv", 'a,"' + _WIDE[1:] + "\r\n"),  # a quote left open swallows the next rows
    ("catalogue.csv", "a" + _WIDE),  # no line end: the next row would join it
    ("catalogue.csv", "a" + _WIDE + "\r\na" + _WIDE + "\r\n"),
])
def test_a_kept_entry_or_row_that_would_change_the_files_shape_is_made_again(make_site, name, forged):
    """Entries and rows are checked one by one (a province's files are never parsed whole): an
    entry must be a single JSON object of its product, a row one whole record of its product,
    so that joined they stay one list, one row each."""
    import sqlite3

    site = make_site({"content/products/a.md": product("Ấm trà"), "content/products/b.md": product("Bánh")})
    build(site, site / "output", dt.date.fromisoformat(TODAY), workers=1)
    expected = (site / "output" / name).read_bytes()
    forged_rows = 0
    with sqlite3.connect(site / ".cache" / "state.sqlite") as db:
        for digest, data in db.execute("SELECT digest, data FROM fragments").fetchall():
            if (data.lstrip().startswith("{") and '"slug": "a"' in data if name.endswith(".json")
                    else data.startswith("a,")):
                db.execute("UPDATE fragments SET data = ? WHERE digest = ?", (forged, digest))
                forged_rows += 1
    assert forged_rows == 1
    shutil.rmtree(site / "output")
    build(site, site / "output", dt.date.fromisoformat(TODAY), workers=1)
    assert (site / "output" / name).read_bytes() == expected
