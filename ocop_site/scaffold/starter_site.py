"""``ocop-site new site``: the files of a site that builds at once.

A new site has a ``site.yaml`` with one area, a sample product in Vietnamese and English,
an about page, a ``.gitignore`` and a README for its editors; the place names given on the
command line are written into them.
"""
from __future__ import annotations

from pathlib import Path

from ..errors import SiteErrors
from ..vntext import nfc, slugify, without_marks
from .existing_products import PRODUCTS
from .option_checks import name_problem
from .yaml_values import quoted, scalar

__all__ = ["new_site"]


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
