"""Write a synthetic OCOP site of N products, for benchmarks.

    python bench/make_catalogue.py 10000 /tmp/ocop-10k
    ocop-site build /tmp/ocop-10k --output /tmp/ocop-10k/output

Products get realistic Vietnamese names, producers, communes and summaries
(every tone mark, đ, look-alikes such as mật/mặt), spread over the 34
provinces of 2025, about 120 areas and the six official groups, with stars
mostly 3, some 4 and a few 5; 60 % of the products have an English file.
Each body is about 1,400 characters of Markdown (paragraphs, a heading, a
short list, some bold text), as a district's product story would be.
The same arguments always write the same files. Other benchmarks can call
:func:`make_catalogue` directly.
"""
from __future__ import annotations

import argparse
import random
import sys
import unicodedata
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from ocop_site.vntext import slugify  # noqa: E402

PROVINCES = [
    "Hà Nội", "Huế", "Lai Châu", "Điện Biên", "Sơn La", "Lạng Sơn", "Quảng Ninh", "Thanh Hóa",
    "Nghệ An", "Hà Tĩnh", "Cao Bằng", "Tuyên Quang", "Lào Cai", "Thái Nguyên", "Phú Thọ",
    "Bắc Ninh", "Hưng Yên", "Hải Phòng", "Ninh Bình", "Quảng Trị", "Đà Nẵng", "Quảng Ngãi",
    "Gia Lai", "Khánh Hòa", "Lâm Đồng", "Đắk Lắk", "Hồ Chí Minh", "Đồng Nai", "Tây Ninh",
    "Cần Thơ", "Vĩnh Long", "Đồng Tháp", "Cà Mau", "An Giang",
]
SYLLABLES = [
    "An", "Bình", "Đông", "Đại", "Hợp", "Kiến", "Thụy", "Lục", "Nam", "Tân", "Hưng", "Thạch",
    "Thất", "Yên", "Sơn", "Phú", "Lộc", "Hòa", "Vĩnh", "Long", "Đức", "Quảng", "Hải", "Thanh",
    "Xuân", "Trường", "Mỹ", "Cẩm", "Gia", "Ninh", "Tiên", "Lãng", "Văn", "Đồng", "Hà", "Quế",
    "Võ", "Nhai", "Bảo", "Lạc", "Thủy", "Phong", "Điền", "Khánh", "Mường", "Chiêm", "Hóa",
    "Triệu", "Ứng", "Hòe", "Ngọc", "Lặc", "Kỳ", "Sỹ", "Tuấn", "Ý", "Ân",
]
KINDS = {  # group -> (Vietnamese kind, English kind)
    "thuc-pham": [("Mật ong", "honey"), ("Mật ong hoa nhãn", "longan-flower honey"), ("Gạo nếp", "glutinous rice"),
                  ("Gạo ST25", "ST25 rice"), ("Nước mắm", "fish sauce"), ("Khô cá lóc", "dried snakehead fish"),
                  ("Nem chua", "nem chua"), ("Chè búp", "green tea"), ("Cà phê rang xay", "ground coffee"),
                  ("Long nhãn", "dried longan"), ("Bánh mật", "molasses cake"), ("Mắm tôm", "shrimp paste"),
                  ("Miến dong", "arrowroot noodles"), ("Tương bần", "soybean paste"), ("Bưởi Diễn", "Dien pomelo"),
                  ("Vải thiều", "lychee"), ("Hạt điều rang muối", "salted cashews"), ("Chả mực", "squid cake")],
    "do-uong": [("Rượu nếp cái hoa vàng", "yellow-flower rice wine"), ("Rượu ngô men lá", "leaf-yeast corn wine"),
                ("Nước ép dứa", "pineapple juice"), ("Rượu sim", "rose-myrtle wine"), ("Trà atiso", "artichoke tea")],
    "duoc-lieu": [("Đông trùng hạ thảo", "cordyceps"), ("Tinh dầu sả chanh", "lemongrass oil"),
                  ("Cao gắm", "gnetum extract"), ("Mặt nạ nghệ", "turmeric face mask"),
                  ("Trà hoa vàng", "golden camellia tea"), ("Tinh bột nghệ", "turmeric starch"),
                  ("Xà phòng thảo dược", "herbal soap")],
    "thu-cong-my-nghe": [("Thổ cẩm", "brocade"), ("Gốm men lam", "blue-glaze pottery"), ("Mây tre đan", "rattan ware"),
                         ("Chiếu cói", "sedge mat"), ("Nón lá", "conical hat"), ("Tranh sơn mài", "lacquer painting")],
    "sinh-vat-canh": [("Lan hồ điệp", "moth orchid"), ("Đào cảnh", "ornamental peach"), ("Quất cảnh", "kumquat tree")],
    "du-lich": [("Homestay", "homestay"), ("Du lịch làng nghề", "craft-village tour"),
                ("Điểm du lịch sinh thái", "eco-tourism site")],
}
GROUP_WEIGHTS = {"thuc-pham": 60, "do-uong": 10, "duoc-lieu": 12, "thu-cong-my-nghe": 10,
                 "sinh-vat-canh": 4, "du-lich": 4}
QUALIFIERS = ["", "", "rừng", "sạch", "hữu cơ", "truyền thống", "thượng hạng", "đặc biệt", "loại một", "gia truyền"]
PACKS = ["hộp 500g", "chai 1 lít", "túi 200g", "hũ thủy tinh", "quà tặng", "cao cấp", "xuất khẩu"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đặng", "Bùi", "Đỗ", "Vũ", "Ngô"]
GIVEN = ["Văn An", "Thị Hằng", "Đức Thắng", "Thị Lụa", "Văn Dũng", "Thị Ngọc", "Quang Hải", "Thị Thủy"]
FEATURES = [
    "được làm thủ công theo bí quyết gia truyền",
    "có tem truy xuất nguồn gốc và bao bì mới",
    "được bày bán tại các hội chợ và siêu thị trong tỉnh",
    "nguyên liệu trồng tại địa phương, không chất bảo quản",
    "đạt tiêu chuẩn an toàn thực phẩm và được người tiêu dùng tin dùng",
    "là quà biếu được du khách ưa chuộng",
]
PRODUCER_TYPES = [("htx", "HTX"), ("doanh-nghiep", "Công ty TNHH"), ("ho-kinh-doanh", "Hộ kinh doanh"),
                  ("to-hop-tac", "Tổ hợp tác")]


BODY_VI = [
    "{kind} {name_lower} được {producer} sản xuất tại xã {commune}, khu vực {area}. Nguyên liệu được "
    "chọn lọc kỹ từ vùng trồng của địa phương, sơ chế ngay trong ngày rồi chế biến theo quy trình "
    "khép kín, giữ được hương vị đặc trưng mà người dân nơi đây vẫn tự hào.",
    "Sau nhiều năm gắn bó với nghề, cơ sở đã đầu tư máy móc, nhà xưởng và **bao bì mới**, đăng ký "
    "nhãn hiệu và gắn tem truy xuất nguồn gốc cho từng lô hàng. Sản phẩm {feature}.",
    "Vào mùa thu hoạch, cả xóm cùng tham gia: người hái, người phân loại, người đóng gói. Mỗi công "
    "đoạn đều có người theo dõi chất lượng, ghi sổ nhật ký sản xuất và lấy mẫu kiểm nghiệm định kỳ "
    "theo hướng dẫn của cơ quan chuyên môn.",
    "## Cách dùng và bảo quản",
    "- Bảo quản nơi khô ráo, thoáng mát, tránh ánh nắng trực tiếp.\n- Dùng hết trong thời gian ghi "
    "trên bao bì sau khi mở.\n- Có thể làm quà biếu trong dịp lễ, Tết.",
    "Năm {year}, sản phẩm được Hội đồng đánh giá, phân hạng công nhận đạt **OCOP {stars} sao**. Đây là "
    "động lực để {producer} tiếp tục mở rộng vùng nguyên liệu, liên kết với các hộ dân trong xã và "
    "đưa sản phẩm vào siêu thị, cửa hàng đặc sản cũng như các sàn thương mại điện tử. Khách có thể "
    "đến tận nơi tham quan, nếm thử và đặt hàng theo số lượng lớn cho các dịp hội nghị, hội chợ.",
]
BODY_EN = [
    "{kind_cap} from {commune_en} is made by {producer_en} in {commune_en} Commune, {area_en}. The raw "
    "materials are picked with care from local farms, prepared on the day they are harvested and "
    "processed in a closed line, keeping the distinctive taste the villagers are proud of.",
    "After many years in the trade, the workshop has invested in machinery, a new building and "
    "**new packaging**, registered its trademark and put a traceability stamp on every batch.",
    "At harvest time the whole hamlet takes part: some pick, some sort, some pack. Each step has "
    "someone watching the quality, keeping a production log and sending samples for regular tests "
    "as the specialist agencies advise.",
    "## Using and storing it",
    "- Keep it in a cool, dry place out of direct sunlight.\n- Use it up within the time printed on "
    "the pack once opened.\n- It makes a good gift for holidays and Tet.",
    "In {year} the evaluation council recognised it as a **{stars}-star OCOP product**. This "
    "encourages {producer_en} to grow its supply area, work with more households in the commune and "
    "sell through supermarkets, specialty shops and online marketplaces. Visitors are welcome to "
    "come, taste it and order in bulk for conferences, trade fairs and company gifts.",
]


def _body(paragraphs: list[str], **values: object) -> str:
    return "\n\n".join(p.format(**values) for p in paragraphs) + "\n"


def _english(name: str) -> str:
    """The name without diacritics, case kept: ``Công ty TNHH Đại Hợp`` -> ``Cong ty TNHH Dai Hop``."""
    stripped = "".join(c for c in unicodedata.normalize("NFD", name) if not unicodedata.combining(c))
    return stripped.replace("đ", "d").replace("Đ", "D")


def _place(rng: random.Random, used: set[str]) -> str:
    while True:
        name = f"{rng.choice(SYLLABLES)} {rng.choice(SYLLABLES)}"
        if name.split()[0] != name.split()[1] and slugify(name) not in used:
            used.add(slugify(name))
            return name


def _yaml_names(vi: str) -> str:
    return f"{{vi: {vi}, en: {_english(vi)}}}"


def make_catalogue(root: Path, count: int, seed: int = 1, districts: int = 120,
                   images: bytes | None = None) -> Path:
    """Write ``site.yaml`` and ``content/products/*.md`` for ``count`` products under ``root``.

    ``images``: a JPEG to give every product as its cover (each a slightly
    different file, so each is processed on its own); products then become
    bundles (``<slug>/index.md``) with the picture beside them."""
    rng = random.Random(seed)
    products_dir = root / "content" / "products"
    products_dir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    areas = []  # (key, name, province key, communes)
    for i in range(districts):
        name = _place(rng, used)
        communes = [_place(rng, used) for _ in range(6)]
        areas.append((slugify(name), name, slugify(PROVINCES[i % len(PROVINCES)]), communes))
    lines = ["title:", "  vi: Danh mục OCOP tổng hợp", "  en: Combined OCOP catalogue",
             "languages: [vi, en]", "district_label:", "  vi: Khu vực", "  en: Area", "provinces:"]
    lines += [f"  {slugify(p)}: {_yaml_names(p)}" for p in PROVINCES]
    lines.append("districts:")
    lines += [f"  {key}: {{vi: {name}, en: {_english(name)}, province: {province}}}"
              for key, name, province, _ in areas]
    (root / "site.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")

    groups, weights = list(GROUP_WEIGHTS), list(GROUP_WEIGHTS.values())
    slugs: set[str] = set()
    for n in range(count):
        group = rng.choices(groups, weights)[0]
        kind, kind_en = rng.choice(KINDS[group])
        key, area, _, communes = rng.choice(areas)
        commune = rng.choice(communes)
        name = " ".join(w for w in (kind, rng.choice(QUALIFIERS), commune) if w)
        if slugify(name) in slugs:
            name = f"{name} {rng.choice(PACKS)}"
        while slugify(name) in slugs:
            name = f"{name} {rng.randint(2, 99)}"
        slug = slugify(name)
        slugs.add(slug)
        stars = rng.choices((3, 4, 5), (60, 35, 5))[0]
        ptype, prefix = rng.choice(PRODUCER_TYPES)
        producer = (f"{prefix} {rng.choice(FAMILY)} {rng.choice(GIVEN)}" if ptype == "ho-kinh-doanh"
                    else f"{prefix} {kind.split()[0].lower()} {commune}")
        summary = (f"{kind} của {producer} tại xã {commune}, khu vực {area}, "
                   f"đạt OCOP {stars} sao; {rng.choice(FEATURES)}.")
        year = rng.choice((2021, 2022, 2023, 2024, 2025))
        values = dict(kind=kind, name_lower=name[len(kind):].strip(), producer=producer, commune=commune,
                      area=area, feature=rng.choice(FEATURES), year=year, stars=stars,
                      kind_cap=kind_en.capitalize(), commune_en=_english(commune),
                      producer_en=_english(producer), area_en=_english(area))
        cover = ""
        if images is not None:
            folder = products_dir / slug
            folder.mkdir()
            (folder / "anh.jpg").write_bytes(images[:-2] + f"{n:08d}".encode() + images[-2:])
            cover = "images: [anh.jpg]\n"
            vi_file, en_file = folder / "index.md", folder / "index.en.md"
        else:
            vi_file, en_file = products_dir / f"{slug}.md", products_dir / f"{slug}.en.md"
        text = (f"---\nname: {name}\ndistrict: {key}\ngroup: {group}\nstars: {stars}\n"
                f"commune: xã {commune}\nsummary: \"{summary}\"\n"
                f"producer:\n  name: {producer}\n  type: {ptype}\n"
                f"certificate:\n  date: {year}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}\n"
                f"{cover}---\n{_body(BODY_VI, **values)}")
        vi_file.write_text(text, encoding="utf-8")
        if n % 5 < 3:
            english = (f"---\nname: {kind_en.capitalize()} from {_english(commune)}\n"
                       f"commune: {_english(commune)} Commune\n"
                       f"summary: \"{kind_en.capitalize()} made by {_english(producer)} in "
                       f"{_english(commune)}, {_english(area)}: a {stars}-star OCOP product.\"\n---\n"
                       f"{_body(BODY_EN, **values)}")
            en_file.write_text(english, encoding="utf-8")
    return root


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("count", type=int, help="number of products")
    parser.add_argument("folder", type=Path, help="site folder to write (must not hold content yet)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--districts", type=int, default=120)
    args = parser.parse_args(argv)
    if (args.folder / "content").exists():
        print(f"{args.folder}/content exists: choose an empty folder", file=sys.stderr)
        return 1
    make_catalogue(args.folder, args.count, args.seed, args.districts)
    print(f"wrote {args.count} products to {args.folder}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
