"""site.yaml's `contact` (whom a buyer can ask when a product names no way to reach its producer)
and pictures marked `illustration: true` (captioned in the page, never lettered in the pixels)."""
from __future__ import annotations

import datetime as dt
import io
import json
import re
from pathlib import Path

from PIL import Image

from conftest import EXAMPLE_DAY, MINIMAL_SITE_YAML, product
from ocop_site.build import load_site

CONTACT = """\
contact:
  office:
    vi: Phòng Kinh tế <xã> & phường
    en: The commune's economic office <b>
  note: {vi: Hỏi bộ phận một cửa.}
  phone: 0225 3 000 000
  website: https://example.gov.vn/?a=1&b=2
"""


def _jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (640, 480), (200, 150, 60)).save(buffer, "JPEG")
    return buffer.getvalue()


def _contact_site(make_site) -> Path:
    return make_site({
        "site.yaml": MINIMAL_SITE_YAML + CONTACT,
        "content/products/co-so-dien-thoai/index.md": product("Có điện thoại", extra=(
            "producer:\n  name: HTX Đại Hợp\n  phone: 0225 123 456\n")),
        "content/products/co-ten/index.md": product("Chỉ có tên", extra=(
            "producer:\n  name: HTX Tên\n  address: xã Đại Hợp\n")),
        "content/products/khong-chu-the/index.md": product("Không chủ thể"),
        "content/products/khong-chu-the/index.en.md": "---\nname: No producer\n---\nText.\n",
    })


def _read(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def test_the_contact_shows_only_where_the_producer_gives_no_way_to_reach_it(make_site, cli):
    site = _contact_site(make_site)
    code, _, err = cli("build", str(site))
    assert code == 0, err
    out = site / "output"
    with_phone = _read(out / "products/co-so-dien-thoai/index.html")
    assert "office-contact" not in with_phone and "Phòng Kinh tế" not in with_phone
    assert 'href="tel:0225123456"' in with_phone
    for slug in ("co-ten", "khong-chu-the"):
        html = _read(out / f"products/{slug}/index.html")
        assert "Chủ thể sản xuất chưa công bố số điện thoại, thư điện tử hay trang web." in html
        assert "Phòng Kinh tế &lt;xã&gt; &amp; phường" in html and "<xã>" not in html
        assert "Hỏi bộ phận một cửa." in html
        assert 'href="tel:02253000000"' in html
        assert 'href="https://example.gov.vn/?a=1&amp;b=2"' in html
        card = _read(out / f"products/{slug}/card/index.html")
        assert "Hỏi tại" in card and "Phòng Kinh tế &lt;xã&gt; &amp; phường" in card
    assert "Hỏi tại" not in _read(out / "products/co-so-dien-thoai/card/index.html")
    english = _read(out / "en/products/khong-chu-the/index.html")
    assert "The producer has not published a phone number, e-mail or website. Buyers can ask:" in english
    assert "The commune&#39;s economic office &lt;b&gt;" in english and "<b>" not in english
    assert '<p lang="vi">Hỏi bộ phận một cửa.</p>' in english  # the note has no English: marked as Vietnamese
    assert "Ask at" in _read(out / "en/products/khong-chu-the/card/index.html")


def test_without_a_contact_setting_nothing_is_added(make_site, cli):
    site = make_site({"content/products/nem/index.md": product("Nem chua")})
    code, _, err = cli("build", str(site))
    assert code == 0, err
    html = _read(site / "output/products/nem/index.html")
    assert "office-contact" not in html and "Hỏi tại" not in _read(site / "output/products/nem/card/index.html")


def test_contact_mistakes_are_reported_at_their_lines(make_site, cli):
    site = make_site({
        "site.yaml": MINIMAL_SITE_YAML + (
            "contact:\n"          # line 11
            "  note: Hỏi xã\n"
            "  phone: [1, 2]\n"
            "  email: not-an-address\n"
            "  website: example.gov.vn\n"
            "  fax: 123\n"),
        "content/products/nem/index.md": product("Nem chua"),
    })
    code, _, err = cli("check", str(site))
    assert code == 1
    assert ("site.yaml:11: error: contact.office: missing: name the office buyers can ask, "
            "such as the commune's economic office") in err
    assert "site.yaml:13: error: contact.phone: expected text, such as '0225 3 123 456'" in err
    assert "site.yaml:14: error: contact.email: 'not-an-address' is not an e-mail address" in err
    assert "site.yaml:15: error: contact.website must start with http:// or https://" in err
    assert ("site.yaml:16: error: contact: unknown setting 'fax' (known: office, note, phone, email, website)"
            in err)
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "contact: Phòng Kinh tế\n",
                      "content/products/nem/index.md": product("Nem chua")}, name="other")
    code, _, err = cli("check", str(site))
    assert code == 1 and "site.yaml:11: error: contact: expected settings such as 'office: …'" in err
    site = make_site({"site.yaml": MINIMAL_SITE_YAML + "contact:\n  office: {fr: Bureau}\n",
                      "content/products/nem/index.md": product("Nem chua")}, name="third")
    code, _, err = cli("check", str(site))
    assert code == 1 and "site.yaml:12: error: contact.office: unknown language 'fr'" in err


def _illustrated_site(make_site, images: str, english: str = "") -> Path:
    files = {
        "content/products/mat-ong/index.md": product("Mật ong", extra=images),
        "content/products/mat-ong/ve.jpg": _jpeg(),
        "content/products/mat-ong/anh.jpg": _jpeg(),
    }
    if english:
        files["content/products/mat-ong/index.en.md"] = english
    return make_site(files)


def test_an_illustration_is_captioned_under_the_picture_and_labelled_on_its_cards(make_site, cli):
    site = _illustrated_site(make_site, "images:\n  - src: ve.jpg\n    alt: Hình vẽ hũ mật\n"
                             "    illustration: true\n  - src: anh.jpg\n")
    code, _, err = cli("build", str(site))
    assert code == 0, err
    out = site / "output"
    for prefix, caption in (("", "Hình minh hoạ"), ("en/", "Illustration")):
        html = _read(out / f"{prefix}products/mat-ong/index.html")
        figures = re.findall(r"<figure class=\"(?:cover|thumb)\">.*?</figure>", html, re.S)
        assert len(figures) == 2
        assert f'<figcaption class="illustration-note">{caption}</figcaption>' in figures[0]
        assert "figcaption" not in figures[1]  # a photo is not called a drawing
        home = _read(out / f"{prefix}index.html")
        assert f'<span class="card-label">{caption}</span>' in home
        data = _read(out / f"{prefix}catalogue-data.js")
        document = json.loads(data[data.index("=") + 1:].rstrip().rstrip(";"))
        assert document["illustration"] == caption
        assert document["products"][0][document["fields"].index("cover")]["illustration"] is True
        for printed in ("products/mat-ong/card/index.html", "cards/index.html", "brochure/index.html"):
            media = re.search(r'<div class="(?:booth|entry)-media">(.*?)</div>', _read(out / prefix / printed), re.S)
            assert media and f'<span class="card-label">{caption}</span>' in media.group(1), printed


def test_a_photo_has_no_caption_and_no_label(make_site, cli):
    site = _illustrated_site(make_site, "images:\n  - anh.jpg\n")
    code, _, err = cli("build", str(site))
    assert code == 0, err
    html = _read(site / "output/products/mat-ong/index.html")
    assert "illustration-note" not in html and "card-label" not in _read(site / "output/index.html")
    assert "card-label" not in _read(site / "output/products/mat-ong/card/index.html")


def test_illustration_mistakes_are_reported_at_their_lines(make_site, cli):
    site = _illustrated_site(make_site, "images:\n  - src: ve.jpg\n    illustration: có\n",
                             english="---\nname: Honey\nimages:\n  - src: ve.jpg\n    illustration: true\n---\n")
    code, _, err = cli("check", str(site))
    assert code == 1
    assert ("content/products/mat-ong/index.md:8: error: images.0.illustration must be true (a drawing, "
            "not a photo of the product) or false") in err
    assert ("content/products/mat-ong/index.en.md:5: error: 'images.0.illustration' cannot differ in a "
            "translation: set it once in content/products/mat-ong/index.md") in err


def test_the_example_shows_its_states_honestly(example_output: Path):
    """The example, built on 2026-11-24: most certificates valid, one expiring within six months,
    one expired; its drawings captioned as such; the office to ask on every product without a
    producer contact."""
    assert EXAMPLE_DAY == "2026-11-24"
    data = json.loads(_read(example_output / "catalogue.json"))
    standing = {p["slug"]: (p["certificate"] or {}).get("status", "unknown") for p in data["products"]}
    assert [slug for slug, status in standing.items() if status == "expired"] == ["tho-cam-dong-van"]
    assert [slug for slug, status in standing.items() if status == "expiring"] == ["ca-kho-lang-chai"]
    assert list(standing.values()).count("valid") > len(standing) // 2
    assert standing["mat-ong-dai-hop"] == "valid"  # the flagship
    html = _read(example_output / "products/mat-ong-dai-hop/index.html")
    assert '<figcaption class="illustration-note">Hình minh hoạ</figcaption>' in html
    assert "Phòng Kinh tế" in html
    sweet_potato = _read(example_output / "products/khoai-lang-yen-son/index.html")
    assert "placeholders/" not in sweet_potato  # a drawing of its own, not the group's placeholder


def test_the_example_keeps_its_states_until_the_expiring_certificate_ends(example_output: Path):
    """Built on any day from 2026-11-24 to 20 May 2027, the example shows the same states: the
    expiring certificate ends on 20 May 2027, every valid one lasts into 2028 at least, and no
    decision is dated after the day the example was re-dated."""
    site = load_site(example_output.parent, dt.date.fromisoformat(EXAMPLE_DAY)).site
    assert site is not None
    certificates = {p.slug: p.certificate for p in site.products if p.certificate}
    day, last = dt.date.fromisoformat(EXAMPLE_DAY), dt.date(2027, 5, 20)
    while day <= last:
        standing = {slug: c.standing_on(day) for slug, c in certificates.items()}
        assert [s for s, status in standing.items() if status == "expired"] == ["tho-cam-dong-van"], day
        assert [s for s, status in standing.items() if status == "expiring"] == ["ca-kho-lang-chai"], day
        day += dt.timedelta(days=1)
    assert certificates["ca-kho-lang-chai"].expires == last
    assert all(c.expires >= dt.date(2028, 1, 1) for s, c in certificates.items()
               if s not in ("tho-cam-dong-van", "ca-kho-lang-chai"))
    assert all(c.date <= dt.date.fromisoformat(EXAMPLE_DAY) for c in certificates.values())
