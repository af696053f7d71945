"""``ocop-site import``: real-shaped spreadsheets and CSV files into product bundles."""
from __future__ import annotations

import csv
import datetime as dt
import io
import json
import os
import unicodedata
import zipfile
from pathlib import Path

import openpyxl
import pytest

from conftest import MINIMAL_SITE_YAML, TODAY, run_cli, write_tree
from ocop_site.config import OFFICIAL_GROUPS
from ocop_site.importer.cells import GROUP_NAMES, Converter
from ocop_site.scaffold import site_config
from ocop_site.vntext import without_marks

HEADER = ["STT", "TÊN SẢN PHẨM", "Chủ thể", "Loại hình chủ thể", "Địa chỉ", "Xã/Phường", "Huyện",
          "Hạng sao", "Nhóm sản phẩm", "Số quyết định", "Ngày công nhận", "Giá"]

ROWS = [
    [1, "Mật ong hoa nhãn", "HTX Nông nghiệp Đại Hợp", "Hợp tác xã", "Thôn 3, xã Đại Hợp", "xã Đại Hợp",
     "Huyện Kiến Thụy", "4 sao", "Thực phẩm", "123/QĐ-UBND", dt.date(2023, 9, 15), 250000],
    [2, "Rượu Làng Vân", "Công ty TNHH Rượu Vân", "Công ty TNHH", None, None, "kien thuy", "★★★",
     "Đồ uống có cồn", "45/QĐ-UBND ngày 2/3/2024", None, "120.000 ₫ / chai"],
    [3, "Trà hoa vàng", "Hộ kinh doanh Nguyễn Văn A", "HKD", None, "xã Hữu Bằng", "Thạch Thất", 5,
     "Chè tươi, chế biến", None, "15/06/2024", None],
]

MAT_ONG = """\
---
name: Mật ong hoa nhãn
district: kien-thuy
group: thuc-pham
stars: 4
commune: xã Đại Hợp
producer:
  name: HTX Nông nghiệp Đại Hợp
  type: htx
  address: Thôn 3, xã Đại Hợp
certificate:
  number: 123/QĐ-UBND
  date: 2023-09-15
price: 250.000 ₫
---
"""


def nfd(text: object) -> object:
    return unicodedata.normalize("NFD", text) if isinstance(text, str) else text


def xlsx(path: Path, rows: list[list[object]], header: list[str] = HEADER, sheet: str = "Sheet1") -> Path:
    """A list as OCOP offices keep it: a merged title row, a blank row, the header, the rows (NFD text,
    as typed on a Mac)."""
    book = openpyxl.Workbook()
    ws = book.active
    ws.title = sheet
    ws["A1"] = "DANH SÁCH SẢN PHẨM OCOP HUYỆN KIẾN THỤY NĂM 2024"
    ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(header))
    ws.append([])
    ws.append(header)
    for row in rows:
        ws.append([nfd(value) for value in row])
    book.save(path)
    return path


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)  # files are named as the editor types them: danh-sach.xlsx
    return write_tree(tmp_path / "site", {"site.yaml": MINIMAL_SITE_YAML})


@pytest.fixture
def run(capsys: pytest.CaptureFixture[str]):
    def go(*args: str) -> tuple[int, str, str]:
        return run_cli(*args, capsys=capsys)
    return go


def snapshot(root: Path) -> dict[str, tuple[bytes, int]]:
    return {p.relative_to(root).as_posix(): (p.read_bytes(), p.stat().st_mtime_ns)
            for p in sorted(root.rglob("*")) if p.is_file()}


def product_text(site: Path, slug: str) -> str:
    return (site / "content/products" / slug / "index.md").read_text(encoding="utf-8")


def test_a_real_shaped_spreadsheet_becomes_bundles_that_pass_check(site, run):
    xlsx(Path("danh-sach.xlsx"), ROWS)
    code, out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 0, err
    assert "created content/products/mat-ong-hoa-nhan/index.md" in out
    assert "imported 3 products: 3 created, 0 updated, 0 unchanged" in out
    assert product_text(site, "mat-ong-hoa-nhan") == MAT_ONG
    assert product_text(site, "ruou-lang-van") == """\
---
name: Rượu Làng Vân
district: kien-thuy
group: do-uong
stars: 3
producer:
  name: Công ty TNHH Rượu Vân
  type: doanh-nghiep
certificate:
  number: 45/QĐ-UBND
  date: 2024-03-02
price: 120.000 ₫ / chai
---
"""
    assert product_text(site, "tra-hoa-vang") == """\
---
name: Trà hoa vàng
district: thach-that
group: thuc-pham
stars: 5
commune: xã Hữu Bằng
producer:
  name: Hộ kinh doanh Nguyễn Văn A
  type: ho-kinh-doanh
certificate:
  date: 2024-06-15
---
"""
    code, out, err = run("check", "site", "--date", TODAY, "--lang", "en")
    assert code == 0 and "error" not in err, err
    assert "ok: 3 products" in out


def test_each_bad_cell_is_told_with_its_cell_and_nothing_is_written(site, run):
    header = ["Tên sản phẩm", "Khu vực", "Nhóm sản phẩm", "Hạng sao", "Ngày công nhận", "Loại hình chủ thể"]
    good = [[f"Sản phẩm {i}", "Kiến Thụy", "Thực phẩm", 4, None, None] for i in range(8)]
    bad = [
        ["Nem chua", "Kiến Thụy", "Thực phẩm", "5 sao*", None, None],  # row 12: D12
        ["Gạo", "Kiến Thuỵ xx", "Thực phẩm", 3, None, None],
        ["Mắm", "Kiến Thụy", "Thực phẩmm", 3, "31/02/2024", "HTXX"],
        ["Nem Chua", "Kiến Thụy", "Thực phẩm", 3, None, None],
    ]
    xlsx(Path("danh-sach.xlsx"), good + bad, header=header)
    before = snapshot(site)
    code, out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 1
    lines = err.splitlines()
    assert 'danh-sach.xlsx:Sheet1!D12: error: stars must be 3, 4 or 5, not "5 sao*"' in lines
    assert any(line.startswith('danh-sach.xlsx:Sheet1!B13: error: unknown area "Kiến Thuỵ xx" (did you mean '
                               'Kiến Thụy (kien-thuy)?)') for line in lines), err
    assert any(line.startswith('danh-sach.xlsx:Sheet1!C14: error: unknown product group "Thực phẩmm" '
                               '(did you mean Thực phẩm (thuc-pham)?)') for line in lines), err
    assert 'danh-sach.xlsx:Sheet1!E14: error: "31/02/2024" is not a date: write it DD/MM/YYYY ' \
           '(or use a date cell)' in lines
    assert any(line.startswith('danh-sach.xlsx:Sheet1!F14: error: unknown producer type "HTXX" (did you mean '
                               "'htx'?)") for line in lines), err
    assert ('danh-sach.xlsx:Sheet1!A15: error: "Nem Chua" has the same web address \'nem-chua\' as "Nem chua" '
            'in danh-sach.xlsx:Sheet1!A12: give one a different name, or a \'slug\' column') in lines
    assert lines[-1] == "6 errors: nothing was written"
    assert snapshot(site) == before
    assert out == ""


def test_every_official_group_and_sub_group_name_gives_its_group(site):
    """Each name of GROUP_NAMES (Decision 148/2023's groups and sub-groups, the 2019 sectors) as
    written, in capitals and without diacritics, as lists hold them."""
    problems: list = []
    convert = Converter(site_config(site), problems)
    for key, names in GROUP_NAMES.items():
        for name in names:
            for written in (name, name.upper(), without_marks(name)):
                assert (written, convert.convert("group", nfd(written), "Sheet1!C3")) == (written, key)
    assert problems == []
    assert set(GROUP_NAMES) == set(OFFICIAL_GROUPS)


def _re_imported(site: Path, run) -> tuple[Path, str]:
    xlsx(Path("danh-sach.xlsx"), ROWS)
    assert run("import", "danh-sach.xlsx", "site")[0] == 0
    bundle = site / "content/products/mat-ong-hoa-nhan"
    edited = MAT_ONG.replace("stars: 4\n", "stars: 4  # xếp hạng năm 2023\n# ghi chú của biên tập viên\n").replace(
        "---\n", "---\nsummary: Mật ong hoa nhãn ven biển.\n", 1).replace(
        "  address:", "  phone: \"0225 3880 123\"\n  address:") + "Câu chuyện của sản phẩm.\n\nĐoạn hai.\n"
    (bundle / "index.md").write_text(edited, encoding="utf-8")
    (bundle / "index.en.md").write_text("---\nname: Longan honey\n---\nThe story.\n", encoding="utf-8")
    return bundle, edited


def test_re_import_keeps_editor_edits_byte_for_byte(site, run):
    bundle, edited = _re_imported(site, run)
    earlier = 1_600_000_000
    for path in (site / "content/products").rglob("*.md"):
        os.utime(path, (earlier, earlier))
    before = snapshot(site)
    changed = [list(row) for row in ROWS]
    changed[0][7] = "★★★★★"  # Mật ong rises to 5 stars
    changed[0][2] = "HTX Nông nghiệp Đại Hợp 2"
    changed[0][8] = None  # an empty cell leaves the field alone
    xlsx(Path("danh-sach.xlsx"), changed)
    code, out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 0, err
    assert "updated content/products/mat-ong-hoa-nhan/index.md: producer.name, stars" in out \
        or "updated content/products/mat-ong-hoa-nhan/index.md: stars, producer.name" in out
    assert "imported 3 products: 0 created, 1 updated, 2 unchanged" in out
    assert (bundle / "index.md").read_text(encoding="utf-8") == edited.replace(
        "stars: 4  #", "stars: 5  #").replace("name: HTX Nông nghiệp Đại Hợp\n", "name: HTX Nông nghiệp Đại Hợp 2\n")
    after = snapshot(site)
    assert {path for path in before if before[path] != after[path]} == {
        "content/products/mat-ong-hoa-nhan/index.md"}  # the unchanged rows' files keep their time
    code, out, err = run("check", "site", "--date", TODAY)
    assert code == 0 and "error" not in err, err


def test_re_import_adds_new_fields_where_they_belong(site, run):
    write_tree(site, {"content/products/mat-ong-hoa-nhan/index.md":
                      "---\r\nname: Mật ong hoa nhãn\r\ndistrict: kien-thuy  # Kiến Thụy\r\ngroup: thuc-pham\r\n"
                      "stars: 4\r\nproducer:\r\n    name: HTX Đại Hợp  # tên cũ\r\n    phone: '0225'\r\n"
                      "tags: [mật ong]\r\n---\r\nCâu chuyện.\r\n"})
    xlsx(Path("danh-sach.xlsx"), ROWS[:1])
    code, _out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 0, err
    path = site / "content/products/mat-ong-hoa-nhan/index.md"
    assert path.read_bytes().decode() == (
        "---\r\nname: Mật ong hoa nhãn\r\ndistrict: kien-thuy  # Kiến Thụy\r\ngroup: thuc-pham\r\n"
        "stars: 4\r\nproducer:\r\n    name: HTX Nông nghiệp Đại Hợp  # tên cũ\r\n    phone: '0225'\r\n"
        "    type: htx\r\n    address: Thôn 3, xã Đại Hợp\r\n"
        "tags: [mật ong]\r\ncommune: xã Đại Hợp\r\ncertificate:\r\n  number: 123/QĐ-UBND\r\n"
        "  date: 2023-09-15\r\nprice: 250.000 ₫\r\n---\r\nCâu chuyện.\r\n")
    assert run("check", "site", "--date", TODAY)[0] == 0


def test_dry_run_tells_what_would_change_and_writes_nothing(site, run):
    _re_imported(site, run)
    changed = [list(row) for row in ROWS] + [[4, "Nấm linh chi", None, None, None, None, "Thạch Thất", 4,
                                              "Dược liệu", None, None, None]]
    changed[0][7] = 5
    xlsx(Path("danh-sach.xlsx"), changed)
    before = snapshot(site)
    code, out, err = run("import", "danh-sach.xlsx", "site", "--dry-run")
    assert code == 0, err
    assert out.splitlines() == [
        "would update content/products/mat-ong-hoa-nhan/index.md: stars",
        "would create content/products/nam-linh-chi/index.md",
        "dry run, nothing written: 4 products, 1 to create, 1 to update, 2 unchanged",
    ]
    assert snapshot(site) == before


def test_a_product_missing_from_the_sheet_is_reported_and_kept(site, run):
    write_tree(site, {"content/products/banh-da/index.md": "---\nname: Bánh đa\ndistrict: kien-thuy\n"
                      "group: thuc-pham\nstars: 3\n---\n"})
    xlsx(Path("danh-sach.xlsx"), ROWS)
    code, _out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 0
    assert ("content/products/banh-da/index.md: warning: not in danh-sach.xlsx: kept (delete it by hand to take "
            "it out of the catalogue)") in err.splitlines()
    assert (site / "content/products/banh-da/index.md").exists()


def cp1258(text: str) -> bytes:
    """Text as Windows-1258 holds it: base letters composed (â, ơ, đ), tone marks apart."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        parts = unicodedata.normalize("NFD", ch)
        tones = "".join(c for c in parts if c in "\u0300\u0301\u0303\u0309\u0323")
        out.append(unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones)) + tones)
    return "".join(out).encode("cp1258")


def _csv_text(delimiter: str) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["Danh sách sản phẩm OCOP"])
    writer.writerow([])
    writer.writerow(["Tên sản phẩm", "Chủ thể", "Loại hình", "Khu vực", "Số sao", "Nhóm", "Giá"])
    writer.writerow(["Mật ong hoa nhãn", "HTX Đại Hợp; Kiến Thụy", "HTX", "Kiến Thụy", "4", "Thực phẩm",
                     "250.000 ₫"])
    writer.writerow(["Rượu Làng Vân", "Công ty Vân", "Công ty", "Kiến Thụy", "3 sao", "Đồ uống", ""])
    return buffer.getvalue()


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "utf-16", "cp1258"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_csv_files_in_every_encoding_excel_writes(site, run, encoding, delimiter):
    text = _csv_text(delimiter)
    data = cp1258(text) if encoding == "cp1258" else text.encode(encoding)
    Path("danh-sach.csv").write_bytes(data)
    code, _out, err = run("import", "danh-sach.csv", "site")
    assert code == 0, err
    assert ("danh-sach.csv: warning: not UTF-8: read as Windows-1258" in err) == (encoding == "cp1258")
    assert product_text(site, "mat-ong-hoa-nhan") == (
        "---\nname: Mật ong hoa nhãn\ndistrict: kien-thuy\ngroup: thuc-pham\nstars: 4\nproducer:\n"
        "  name: HTX Đại Hợp; Kiến Thụy\n  type: htx\nprice: 250.000 ₫\n---\n")
    assert "stars: 3\n" in product_text(site, "ruou-lang-van")


def test_a_bad_csv_cell_is_named_like_a_spreadsheet_cell(site, run):
    Path("danh-sach.csv").write_text("Tên sản phẩm;Khu vực;Nhóm;Số sao\nMật ong;Kiến Thụy;Thực phẩm;6\n",
                                     encoding="utf-8-sig")
    code, _out, err = run("import", "danh-sach.csv", "site")
    assert code == 1
    assert 'danh-sach.csv!D2: error: stars must be 3, 4 or 5, not "6"' in err.splitlines()


def ods(path: Path, rows: list[list[str]]) -> Path:
    """A minimal OpenDocument spreadsheet, as LibreOffice saves one."""
    cells = "".join("<table:table-row>" + "".join(
        f'<table:table-cell office:value-type="string"><text:p>{value}</text:p></table:table-cell>'
        for value in row) + "</table:table-row>" for row in rows)
    content = ('<?xml version="1.0" encoding="UTF-8"?><office:document-content '
               'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               f'<office:body><office:spreadsheet><table:table table:name="Trang1">{cells}</table:table>'
               '</office:spreadsheet></office:body></office:document-content>')
    manifest = ('<?xml version="1.0" encoding="UTF-8"?><manifest:manifest '
                'xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                '<manifest:file-entry manifest:full-path="/" '
                'manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/>'
                '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                '</manifest:manifest>')
    with zipfile.ZipFile(path, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), "application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("content.xml", content)
        z.writestr("META-INF/manifest.xml", manifest)
    return path


def test_an_ods_sheet_by_name(site, run):
    ods(Path("danh-sach.ods"), [["Tên sản phẩm", "Khu vực", "Nhóm sản phẩm", "Hạng sao"],
                                ["Mật ong", "Kiến Thụy", "Thực phẩm", "5 sao"]])
    code, _out, err = run("import", "danh-sach.ods", "site", "--sheet", "Trang 1")
    assert code == 1
    assert "danh-sach.ods: error: no sheet 'Trang 1' (did you mean 'Trang1'?); sheets: Trang1" in err
    code, _out, err = run("import", "danh-sach.ods", "site", "--sheet", "Trang1")
    assert code == 0, err
    assert "stars: 5\n" in product_text(site, "mat-ong")


def test_map_names_other_columns(site, run):
    Path("map.yaml").write_text("Tên SP: name\nCơ sở: producer.name\nĐơn vị hành chính: district\n"
                                "Phân loại: group\nSao OCOP: stars\nGhi chú: ~\n", encoding="utf-8")
    Path("ds.csv").write_text("TÊN SP,Cơ sở,Đơn vị hành chính,Phân loại,Sao OCOP,Ghi chú\n"
                              "Mật ong,HTX Đại Hợp,Kiến Thụy,Thực phẩm,4,mới\n", encoding="utf-8")
    code, _out, err = run("import", "ds.csv", "site", "--map", "map.yaml")
    assert code == 0, err
    assert "warning" not in err
    assert "  name: HTX Đại Hợp\n" in product_text(site, "mat-ong")
    Path("map.yaml").write_text("Tên SP: nmae\n", encoding="utf-8")
    code, _out, err = run("import", "ds.csv", "site", "--map", "map.yaml")
    assert code == 1
    assert "map.yaml:1: error: unknown field 'nmae' (did you mean 'name'?)" in err


def test_english_field_columns_round_trip_without_changes(site, run):
    """A catalogue written back as CSV with the front matter's field names imports as a no-op."""
    Path("catalogue.csv").write_bytes(
        ("slug,name,district,group,stars,commune,producer_name,producer_type,certificate_number,"
         "certificate_date,price\r\n"
         "mat-ong-dai-hop,Mật ong Đại Hợp,kien-thuy,thuc-pham,4,xã Đại Hợp,HTX Đại Hợp,htx,123/QĐ-UBND,"
         "2023-09-15,250.000 ₫\r\n").encode("utf-8-sig"))
    code, out, err = run("import", "catalogue.csv", "site")
    assert code == 0 and "warning" not in err, err
    assert "created content/products/mat-ong-dai-hop/index.md" in out
    before = snapshot(site)
    code, out, err = run("import", "catalogue.csv", "site")
    assert code == 0
    assert "imported 1 products: 0 created, 0 updated, 1 unchanged" in out
    assert snapshot(site) == before


YEARS_HEADER = ["Tên sản phẩm", "Khu vực", "Nhóm sản phẩm", "Hạng sao", "Ngày công nhận", "Năm công nhận"]


def test_a_year_alone_is_the_certificate_year_through_to_the_pages(site, run, tmp_path):
    """Sheets usually hold only the year of recognition: it is kept as certificate.year, shown on
    the page, in catalogue.json and .csv and in the award, with no validity (no day, no expiry)."""
    xlsx(Path("ds.xlsx"), [["Mật ong", "Kiến Thụy", "Thực phẩm", 4, None, 2023],
                           ["Rượu", "Kiến Thụy", "Đồ uống", 3, dt.date(2024, 3, 2), 2024],  # the date says it
                           ["Gạo", "Thạch Thất", "Thực phẩm", 3, "15/06/2024", None],
                           ["Nem", "Thạch Thất", "Thực phẩm", 3, "2019", None]], header=YEARS_HEADER)
    code, out, err = run("import", "ds.xlsx", "site")
    assert code == 0 and "warning" not in err, err
    assert product_text(site, "mat-ong") == ("---\nname: Mật ong\ndistrict: kien-thuy\ngroup: thuc-pham\nstars: 4\n"
                                             "certificate:\n  year: 2023\n---\n")
    assert "certificate:\n  date: 2024-03-02\n---\n" in product_text(site, "ruou")
    assert "certificate:\n  year: 2019\n---\n" in product_text(site, "nem")
    code, out, err = run("check", "site", "--date", TODAY)
    assert code == 0 and "error" not in err, err
    output = tmp_path / "out"
    assert run("build", "site", "--date", TODAY, "-o", str(output))[0] == 0
    page = (output / "products/mat-ong/index.html").read_text(encoding="utf-8")
    assert "Công nhận năm 2023" in page and "cert-status" not in page and "cert-note" not in page
    assert "Recognised in 2023" in (output / "en/products/mat-ong/index.html").read_text(encoding="utf-8")
    assert "OCOP 4 sao (2023)" in page
    data = json.loads((output / "catalogue.json").read_text(encoding="utf-8"))
    certificates = {p["slug"]: p["certificate"] for p in data["products"]}
    assert certificates["mat-ong"] == {"number": None, "date": None, "year": 2023, "issuer": None, "expires": None,
                                       "status": "unknown"}
    assert (certificates["ruou"]["date"], certificates["ruou"]["year"]) == ("2024-03-02", 2024)
    rows = {row["slug"]: row for row in csv.DictReader(io.StringIO(
        (output / "catalogue.csv").read_text(encoding="utf-8-sig"), newline=""))}
    assert (rows["mat-ong"]["certificate_year"], rows["mat-ong"]["certificate_date"]) == ("2023", "")
    # importing the sheet again, or the catalogue.csv the build wrote, changes nothing
    before = snapshot(site)
    code, out, err = run("import", "ds.xlsx", "site")
    assert code == 0 and "imported 4 products: 0 created, 0 updated, 4 unchanged" in out, err
    code, out, err = run("import", str(output / "catalogue.csv"), "site")
    assert code == 0 and "imported 4 products: 0 created, 0 updated, 4 unchanged" in out, err
    assert snapshot(site) == before


def test_a_year_beside_a_date_the_editor_wrote(site, run):
    """A sheet's year leaves the file's date alone when it is that date's year, and is an error
    with its cell when not; a sheet's date sets the year the file has."""
    write_tree(site, {"content/products/mat-ong/index.md": "---\nname: Mật ong\ndistrict: kien-thuy\n"
                      "group: thuc-pham\nstars: 4\ncertificate:\n  date: 2023-09-15\n---\n",
                      "content/products/gao/index.md": "---\nname: Gạo\ndistrict: kien-thuy\n"
                      "group: thuc-pham\nstars: 3\ncertificate:\n  year: 2022\n---\n"})
    xlsx(Path("ds.xlsx"), [["Mật ong", "Kiến Thụy", "Thực phẩm", 4, None, 2023],
                           ["Gạo", "Kiến Thụy", "Thực phẩm", 3, "15/06/2024", None]], header=YEARS_HEADER)
    code, out, err = run("import", "ds.xlsx", "site")
    assert code == 0, err
    assert "imported 2 products: 0 created, 1 updated, 1 unchanged" in out
    assert product_text(site, "gao").endswith("certificate:\n  year: 2024\n  date: 2024-06-15\n---\n")
    assert run("check", "site", "--date", TODAY)[0] == 0
    xlsx(Path("ds.xlsx"), [["Mật ong", "Kiến Thụy", "Thực phẩm", 4, None, 2024]], header=YEARS_HEADER)
    code, out, err = run("import", "ds.xlsx", "site")
    assert code == 1
    assert ("ds.xlsx:Sheet1!F4: error: the year 2024 is not the year of certificate.date (2023-09-15) in "
            "content/products/mat-ong/index.md: correct one of them") in err.splitlines()


def test_bad_years_are_told_with_their_cell(site, run):
    this_year = dt.date.today().year
    xlsx(Path("ds.xlsx"), [["Mật ong", "Kiến Thụy", "Thực phẩm", 4, None, 2015],
                           ["Gạo", "Kiến Thụy", "Thực phẩm", 3, None, this_year + 1],
                           ["Nem", "Kiến Thụy", "Thực phẩm", 3, "02/03/2024", 2023]], header=YEARS_HEADER)
    before = snapshot(site)
    code, _out, err = run("import", "ds.xlsx", "site")
    assert code == 1
    lines = err.splitlines()
    assert ('ds.xlsx:Sheet1!F4: error: "2015" is not a year of recognition: OCOP certificates are from 2018 to '
            f"{this_year}") in lines
    assert f'ds.xlsx:Sheet1!F5: error: "{this_year + 1}" is not a year of recognition' in err
    assert ("ds.xlsx:Sheet1!F6: error: the year 2023 is not the year of the certificate's date 02/03/2024 "
            "(ds.xlsx:Sheet1!E6)") in lines
    assert snapshot(site) == before


@pytest.mark.parametrize("area", ["District", "Area"])
def test_plain_english_headers(site, run, area):
    """A list kept in English, with the titles HEADERS knows in English: no column is left out."""
    Path("list.csv").write_text(
        f"No.,Product name,Producer,Producer type,Address,Commune,{area},Stars,Year,Date,Decision number,Issuer,"
        "Group,Price,Phone\n"
        "1,Longan honey,Dai Hop Cooperative,Cooperative,\"Hamlet 3, Dai Hop\",Dai Hop,Kien Thuy,4 stars,2023,,"
        "123/QĐ-UBND,,Food,250.000 ₫,0225 3880 123\n"
        "2,Van rice wine,Van Company,Company,,,Thach That,3,,02/03/2024,45/QĐ-UBND,UBND huyện Thạch Thất,"
        "Drinks,,\n", encoding="utf-8")
    code, out, err = run("import", "list.csv", "site")
    assert code == 0 and "warning" not in err, err
    assert "imported 2 products: 2 created, 0 updated, 0 unchanged" in out
    assert product_text(site, "longan-honey") == """\
---
name: Longan honey
district: kien-thuy
group: thuc-pham
stars: 4
commune: Dai Hop
producer:
  name: Dai Hop Cooperative
  type: htx
  address: Hamlet 3, Dai Hop
  phone: 0225 3880 123
certificate:
  number: 123/QĐ-UBND
  year: 2023
price: 250.000 ₫
---
"""
    assert product_text(site, "van-rice-wine") == """\
---
name: Van rice wine
district: thach-that
group: do-uong
stars: 3
producer:
  name: Van Company
  type: doanh-nghiep
certificate:
  number: 45/QĐ-UBND
  date: 2024-03-02
  issuer: UBND huyện Thạch Thất
---
"""
    assert run("check", "site", "--date", TODAY)[0] == 0


def test_blank_rows_between_products_are_skipped_and_cells_keep_their_row(site, run):
    """Blank rows (and rows holding only their number) between products are not products, and a
    bad cell below them is named by its own row in the sheet."""
    rows = [ROWS[0], [], [None] * len(HEADER), [2], ROWS[1][:7] + ["6 sao"] + ROWS[1][8:], [], ROWS[2]]
    xlsx(Path("danh-sach.xlsx"), rows)  # title row 1, blank row 2, header row 3: products from row 4
    code, out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 1
    assert [line for line in err.splitlines() if ": error: " in line] == [
        'danh-sach.xlsx:Sheet1!H8: error: stars must be 3, 4 or 5, not "6 sao"']
    Path("danh-sach.csv").write_text("Tên sản phẩm,Khu vực,Nhóm,Số sao\nMật ong,Kiến Thụy,Thực phẩm,4\n\n,,,\n"
                                     "Gạo,Kiến Thụy,Thực phẩm,7\n", encoding="utf-8")
    code, out, err = run("import", "danh-sach.csv", "site")
    assert code == 1
    assert 'danh-sach.csv!D5: error: stars must be 3, 4 or 5, not "7"' in err.splitlines()
    rows[4] = ROWS[1]
    xlsx(Path("danh-sach.xlsx"), rows)
    code, out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 0, err
    assert "imported 3 products: 3 created, 0 updated, 0 unchanged" in out
    assert product_text(site, "mat-ong-hoa-nhan") == MAT_ONG


def _picture(kind: str) -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 150, 40)).save(buffer, kind)
    return buffer.getvalue()


def test_re_import_leaves_a_bundles_pictures_byte_for_byte(site, run):
    bundle, edited = _re_imported(site, run)
    pictures = {"hu.jpg": _picture("JPEG"), "anh/to-ong.png": _picture("PNG")}
    for name, data in pictures.items():
        (bundle / name).parent.mkdir(exist_ok=True)
        (bundle / name).write_bytes(data)
        os.utime(bundle / name, (1_600_000_000, 1_600_000_000))
    (bundle / "index.md").write_text(edited.replace("price:", "images:\n  - hu.jpg\n  - src: anh/to-ong.png\n"
                                                    "    alt: Tổ ong\nprice:"), encoding="utf-8")
    (bundle / "index.en.md").unlink()  # a translation would have to list the same pictures
    before = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(bundle.rglob("*")) if p.is_file()}
    changed = [list(row) for row in ROWS]
    changed[0][7] = 5
    changed[0][11] = 260000
    xlsx(Path("danh-sach.xlsx"), changed)
    code, out, err = run("import", "danh-sach.xlsx", "site")
    assert code == 0, err
    assert "updated content/products/mat-ong-hoa-nhan/index.md: stars, price" in out
    after = {p: (p.read_bytes(), p.stat().st_mtime_ns) for p in sorted(bundle.rglob("*")) if p.is_file()}
    assert set(after) == set(before)
    assert {p.relative_to(bundle).as_posix() for p in before if after[p] != before[p]} == {"index.md"}
    assert "images:\n  - hu.jpg\n  - src: anh/to-ong.png\n    alt: Tổ ong\nprice: 260.000 ₫\n" in \
        product_text(site, "mat-ong-hoa-nhan")
    code, _out, err = run("check", "site", "--date", TODAY)
    assert code == 0 and "error" not in err, err


def test_messages_in_vietnamese(site, run):
    Path("ds.csv").write_text("Tên sản phẩm,Khu vực,Nhóm,Số sao\nMật ong,Kiến Thụy,Thực phẩm,5 sao*\n",
                              encoding="utf-8")
    code, _out, err = run("--lang", "vi", "import", "ds.csv", "site")
    assert code == 1
    assert err.startswith("ds.csv!D2: error: ")
    assert "5 sao*" in err and "stars must" not in err


def test_the_catalogue_csv_a_build_writes_imports_as_a_no_op(tmp_path, run):
    """Round trip: the example's own catalogue.csv (a column per language, names of keys, pages,
    formula guards) changes nothing when imported back."""
    import shutil

    from conftest import REPO

    site = tmp_path / "example"
    site.mkdir()
    for name in ("site.yaml", "content", "assets"):
        (shutil.copytree if (REPO / name).is_dir() else shutil.copy)(REPO / name, site / name)
    assert run("build", str(site), "--date", TODAY, "-o", str(tmp_path / "out"))[0] == 0
    content = snapshot(site / "content")
    code, out, err = run("import", str(tmp_path / "out" / "catalogue.csv"), str(site))
    assert code == 0, err
    assert "warning" not in err, err
    assert "imported 21 products: 0 created, 0 updated, 21 unchanged" in out
    assert snapshot(site / "content") == content


def test_a_whole_price_in_dong_imports_as_price_vnd(site, run):
    Path("list.csv").write_bytes("Tên sản phẩm,Huyện,Nhóm,Hạng sao,price_vnd\r\nMật ong,Kiến Thụy,Thực phẩm,4,250000\r\n"
                                 "Chè,Kiến Thụy,Thực phẩm,4,250.000\r\n".encode("utf-8-sig"))
    code, _, err = run("import", "list.csv", "site")
    assert code == 1
    assert ("list.csv!E3: error: price_vnd must be a whole number of đồng greater than 0, written without dots or "
            "spaces, such as 250000 (not '250.000'); 'price' holds the price as people read it") in err
    Path("list.csv").write_bytes("Tên sản phẩm,Huyện,Nhóm,Hạng sao,price_vnd\r\nMật ong,Kiến Thụy,Thực phẩm,4,250000\r\n"
                                 .encode("utf-8-sig"))
    assert run("import", "list.csv", "site")[0] == 0
    assert "\nprice_vnd: 250000\n" in product_text(site, "mat-ong")


def test_a_formula_guard_is_taken_off(site, run):
    Path("list.csv").write_bytes("Tên sản phẩm,Huyện,Nhóm,Hạng sao,Điện thoại\r\nMật ong,Kiến Thụy,Thực phẩm,4,"
                                 "'+84 912 345 678\r\n".encode("utf-8-sig"))
    assert run("import", "list.csv", "site")[0] == 0
    assert "  phone: +84 912 345 678\n" in product_text(site, "mat-ong")
