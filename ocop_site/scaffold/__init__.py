"""``ocop-site new``: the files of a new product, of a product's translation, of a new site.

Each function returns the files to write (path -> text) or raises
:class:`~ocop_site.errors.SiteErrors`; :func:`create` writes them, refusing
to overwrite anything. A new product's front matter is filled in from the
command line and every other field is there as a comment that says what it
is for, in the site's default language, so an editor only removes a ``#``
and fills in. Everything made here passes ``ocop-site check``.
"""
from __future__ import annotations

from pathlib import Path
from typing import Mapping

import yaml

from ..config import PRODUCER_TYPES, parse_config
from ..errors import SiteErrors, error
from ..suggest import near_miss
from ..load import load_site_yaml
from ..model import SiteConfig
from ..vntext import nfc, slugify, without_marks
from .comments import comments, language_name
from .existing_products import PRODUCTS, product_files
from .option_checks import choice_problems, name_problem
from .yaml_values import quoted, scalar

__all__ = ["new_product", "new_translation", "new_site", "create", "site_config"]


def site_config(site_dir: Path) -> SiteConfig:
    """The site's checked ``site.yaml``, or its errors."""
    parsed, problems = load_site_yaml(site_dir)
    config, found = parse_config(parsed, "site.yaml")
    problems += found
    if config is None or any(not p.is_warning for p in problems):
        raise SiteErrors(problems)
    return config


def new_product(site_dir: Path, config: SiteConfig, name: str, district: str | None, group: str | None,
                stars: int | None) -> dict[Path, str]:
    """``content/products/<slug>/index.md`` for a new product."""
    name = nfc(name.strip())
    default = config.default_language
    problems = choice_problems(config, district, group, stars)
    slug = slugify(name)
    unusable = name_problem("NAME", name)
    if unusable is not None:
        problems.append(unusable)
    elif not slug:
        problems.append(error("NAME", None, "no web address can be made from the name '{name}': "
                              "give a name with letters or digits", name=name))
    if problems:
        raise SiteErrors(problems)
    assert district is not None and group is not None
    existing = product_files(site_dir).get(slug)
    if existing is not None:
        raise SiteErrors([error(existing.relative_to(site_dir).as_posix(), None,
                                "a product with the web address '{slug}' already exists: "
                                "choose another name, or edit this file", slug=slug)])
    say = comments(config)
    place = config.districts[district].name(default)
    kind = config.groups[group].name(default)
    lines = [
        "---",
        f"name: {scalar(name)}",
        f"district: {district}  # {place}",
        f"group: {group}  # {kind}",
        f"stars: {stars}",
        f"# {say['optional']}",
        f"# commune:  # {say['commune']}",
        f"# summary:  # {say['summary']}",
        f"# producer:  # {say['producer']}",
        f"#   name:  # {say['producer.name']}",
        f"#   type: htx  # {say['producer.type'].format(types=', '.join(PRODUCER_TYPES))}",
        "#   address:",
        f"#   phone:  # {say['producer.phone']}",
        "#   email:",
        "#   website: https://",
        f"# certificate:  # {say['certificate']}",
        f"#   number:  # {say['certificate.number']}",
        f"#   date: 2025-12-31  # {say['certificate.date']}",
        f"#   issuer:  # {say['certificate.issuer']}",
        f"#   expires:  # {say['certificate.expires']}",
        f"# price: 150.000 ₫ / hộp  # {say['price']}",
        f"# price_vnd: 150000  # {say['price_vnd']}",
        f"# tags: []  # {say['tags']}",
        f"# images:  # {say['images']}",
        "#   - src: anh-1.jpg",
        f"#     alt:  # {say['alt']}",
        f"# draft: true  # {say['draft']}",
        "---",
        say["body"],
        "",
    ]
    return {site_dir / PRODUCTS / slug / "index.md": "\n".join(lines)}


def new_translation(site_dir: Path, config: SiteConfig, product: str, lang: str,
                    translated_name: str | None) -> dict[Path, str]:
    """The ``lang`` translation file beside the product named (or slugged) ``product``."""
    if lang not in config.languages[1:]:
        others = ", ".join(config.languages[1:]) or "-"
        raise SiteErrors([error("--lang", None, "'{lang}' is not one of the site's other languages "
                                "(in site.yaml: {others})", lang=lang, others=others)])
    products = product_files(site_dir)
    slug = slugify(nfc(product.strip()))
    default_file = products.get(slug)
    if default_file is None:
        near = near_miss(slug, sorted(products))
        if near:
            raise SiteErrors([error("NAME", None, "no product '{name}' in content/products/: "
                                    "did you mean '{near}'?", name=product, near=near)])
        raise SiteErrors([error("NAME", None, "no product '{name}' in content/products/", name=product)])
    target = (default_file.with_name(f"index.{lang}.md") if default_file.name == "index.md"
              else default_file.with_name(f"{default_file.stem}.{lang}.md"))
    shown = default_file.relative_to(site_dir).as_posix()
    say = comments(config)
    language = language_name(config, lang)
    data = yaml.safe_load(default_file.read_text(encoding="utf-8").split("---", 2)[1]) or {}
    original = str(data.get("name", product)) if isinstance(data, dict) else product
    lines = ["---", f"# {say['translation'].format(language=language, name=original, default_file=shown)}"]
    if translated_name:
        lines.append(f"name: {scalar(nfc(translated_name.strip()))}")
    else:
        lines.append(f"# name:  # {say['translated_name'].format(language=language)}")
    lines += [f"# commune:  # {say['commune']}", f"# summary:  # {say['summary']}"]
    images = data.get("images") if isinstance(data, dict) else None
    if isinstance(images, list) and images:
        lines.append(f"# images:  # {say['translated_alt'].format(default_file=shown)}")
        for image in images:
            src = image.get("src") if isinstance(image, dict) else image
            lines += [f"#   - src: {src}", "#     alt:"]
    lines += [f"# {say['translated_body'].format(language=language, default_file=shown)}", "---", ""]
    return {target: "\n".join(lines)}


def new_site(folder: Path, area: str, province: str) -> dict[Path, str]:
    """A site that builds at once: ``site.yaml`` with one area, a sample product in Vietnamese
    and English, an about page, ``.gitignore`` and a README for its editors."""
    area, province = nfc(area.strip()), nfc(province.strip())
    bad = [problem for option, text in (("--area", area), ("--province", province))
           if (problem := name_problem(option, text)) is not None]
    if bad:
        raise SiteErrors(bad)
    area_key, province_key = slugify(area) or "khu-vuc", slugify(province) or "tinh"
    product_dir = PRODUCTS / "mat-ong-mau"
    files = {
        Path("site.yaml"): _STARTER_SITE.format(
            title_vi=scalar(f"Sản phẩm OCOP {area}"), title_en=scalar(f"OCOP products of {without_marks(area)}"),
            description_vi=scalar(f"Danh mục sản phẩm OCOP của {area}, kèm số sao, nhóm sản phẩm "
                                   "và chủ thể sản xuất."),
            description_en=scalar(f"The OCOP products of {without_marks(area)}, with their stars, "
                                   "product groups and producers."),
            area=quoted(area), area_en=quoted(without_marks(area)), area_key=area_key,
            province=quoted(province), province_en=quoted(without_marks(province)), province_key=province_key),
        product_dir / "index.md": _STARTER_PRODUCT.format(area_key=area_key, area=area),
        product_dir / "index.en.md": _STARTER_PRODUCT_EN.format(area=without_marks(area)),
        Path("content/pages/about.md"): _STARTER_ABOUT.format(
            summary=scalar(f"Về danh mục sản phẩm OCOP của {area}."), area=area, province=province),
        Path("content/pages/about.en.md"): _STARTER_ABOUT_EN.format(
            summary=scalar(f"About the catalogue of OCOP products of {without_marks(area)}."),
            area=without_marks(area), province=without_marks(province)),
        Path(".gitignore"): "output/\n.cache/\n",
        Path("README.md"): _STARTER_README.format(area=area),
    }
    return {folder / path: text for path, text in files.items()}


def create(files: Mapping[Path, str], site_dir: Path | None = None) -> list[str]:
    """Write ``files`` (creating folders); none is written when any already exists.
    Returns the paths written, relative to ``site_dir`` (as given without one)."""
    taken = [path for path in files if path.exists()]
    if taken:
        raise SiteErrors([error(_shown(path, site_dir), None, "already exists: nothing was written, "
                                "nothing was overwritten") for path in taken])
    for path, text in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8", newline="\n")
    return [_shown(path, site_dir) for path in files]


def _shown(path: Path, site_dir: Path | None) -> str:
    return str(path) if site_dir is None else path.relative_to(site_dir).as_posix()


_STARTER_SITE = """\
# Cấu hình danh mục. Sau khi sửa, chạy: ocop-site check
title:
  vi: {title_vi}
  en: {title_en}
description:
  vi: {description_vi}
  en: {description_en}
languages: [vi, en]  # ngôn ngữ đầu tiên là ngôn ngữ chính
# Địa chỉ trang web khi đăng lên mạng (bỏ dấu # ở đầu dòng): cần cho sitemap.xml, mã QR và khi chia sẻ liên kết.
# base_url: https://ten-mien.gov.vn/ocop/
district_label:
  vi: Khu vực
  en: Area
provinces:
  {province_key}: {{vi: {province}, en: {province_en}}}
districts:  # khu vực (huyện cũ); thêm một dòng cho mỗi khu vực
  {area_key}: {{vi: {area}, en: {area_en}, province: {province_key}}}
"""

_STARTER_PRODUCT = """\
---
name: Mật ong mẫu
district: {area_key}  # {area}
group: thuc-pham  # Thực phẩm
stars: 4
summary: Sản phẩm mẫu để xem danh mục trông thế nào. Hãy sửa hoặc xoá thư mục này.
# Thêm sản phẩm: ocop-site new product "Tên sản phẩm" --district {area_key} --group thuc-pham --stars 4
---
Đây là sản phẩm mẫu của danh mục mới. Phần giới thiệu viết bằng Markdown: để trống một dòng giữa hai đoạn.

## Cách dùng và bảo quản

Pha với nước ấm, dùng với bánh mì, hoặc làm quà tặng. Bảo quản nơi khô ráo, thoáng mát.
"""

_STARTER_PRODUCT_EN = """\
---
name: Sample honey
summary: A sample product, to see what the catalogue looks like. Edit or delete this folder.
---
This is the new catalogue's sample product. Descriptions are written in Markdown: leave an empty line between paragraphs.

## Using and storing it

Stir it into warm water, eat it with bread, or give it as a gift. Keep it in a cool, dry place.
"""

_STARTER_ABOUT = """\
---
title: Giới thiệu
summary: {summary}
---
Danh mục giới thiệu các sản phẩm OCOP (Chương trình Mỗi xã một sản phẩm) của {area}, {province}: số sao, nhóm sản phẩm, chủ thể sản xuất và thông tin chứng nhận.
"""

_STARTER_ABOUT_EN = """\
---
title: About
summary: {summary}
---
This catalogue shows the OCOP products (One Commune One Product) of {area}, {province}: their stars, product groups, producers and certificates.
"""

_STARTER_README = """\
# Danh mục sản phẩm OCOP {area}

Trang web tĩnh tạo bằng ocop-site. Nội dung nằm trong `content/`, cấu hình trong `site.yaml`.

| Việc cần làm | Lệnh |
| --- | --- |
| Xem trước, tự tải lại khi lưu tệp | `ocop-site serve --open` |
| Thêm một sản phẩm | `ocop-site new product "Tên sản phẩm" --district … --group thuc-pham --stars 4` |
| Thêm bản dịch tiếng Anh | `ocop-site new product "Tên sản phẩm" --lang en` |
| Kiểm tra lỗi trước khi commit | `ocop-site check` |
| Dựng trang web vào `output/` | `ocop-site build` |

Thư mục `output/` là trang web hoàn chỉnh: tải lên bất kỳ máy chủ web nào, hoặc chép vào USB và mở
`output/index.html` mà không cần mạng. Hướng dẫn đầy đủ: tài liệu `docs/huong-dan-bien-tap.md`
của ocop-site.
"""
