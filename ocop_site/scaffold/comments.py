"""What the comments of a new product or a new translation say, in the site's default language.

Each field a new file leaves out is there as a comment that says what it is for, so that an
editor only removes a ``#`` and fills in; a site whose default language has no comments of
its own gets them in English.
"""
from __future__ import annotations

from typing import Mapping

from ..model import SiteConfig

__all__ = ["comments", "language_name"]

_COMMENTS: Mapping[str, Mapping[str, str]] = {
    "vi": {
        "optional": "Các trường dưới đây không bắt buộc: xoá dấu # ở đầu dòng rồi điền vào.",
        "commune": "xã, phường nơi sản xuất",
        "summary": "một câu giới thiệu, hiện trên thẻ sản phẩm và khi chia sẻ",
        "producer": "chủ thể sản xuất",
        "producer.name": "tên hợp tác xã, công ty, tổ hợp tác hoặc hộ kinh doanh",
        "producer.type": "một trong: {types}",
        "producer.phone": "số điện thoại liên hệ",
        "certificate": "giấy chứng nhận OCOP",
        "certificate.number": "số quyết định công nhận",
        "certificate.date": "ngày quyết định, viết NĂM-THÁNG-NGÀY",
        "certificate.issuer": "cơ quan cấp",
        "certificate.expires": "bỏ trống: hết hạn sau 36 tháng kể từ ngày quyết định",
        "price": "giá, viết tự do",
        "price_vnd": "giá bằng số đồng, không dấu chấm, cho công cụ tìm kiếm (schema.org)",
        "draft": "chưa đăng lên trang web",
        "tags": "từ khoá để tìm kiếm",
        "images": "ảnh đặt trong thư mục này; ảnh đầu tiên là ảnh bìa",
        "alt": "tả nội dung ảnh cho người không xem được ảnh",
        "body": "Viết phần giới thiệu sản phẩm ở đây: nguồn gốc, cách làm, cách dùng và bảo quản. "
                "Để trống một dòng giữa hai đoạn; một dòng bắt đầu bằng ## là tiêu đề một mục.",
        "translation": "Bản dịch {language} của {name}: chỉ dịch các trường dưới đây. Khu vực, nhóm, số sao, "
                       "chủ thể và chứng nhận lấy từ {default_file}.",
        "translated_name": "tên sản phẩm bằng {language}",
        "translated_alt": "chỉ dịch alt, theo đúng thứ tự ảnh của {default_file}",
        "translated_body": "Viết bản dịch phần giới thiệu bên dưới dòng ---. "
                           "Để trống thì trang {language} hiện phần giới thiệu của {default_file}.",
    },
    "en": {
        "optional": "The fields below are optional: remove the # at the start of a line and fill it in.",
        "commune": "commune or ward where it is made",
        "summary": "one sentence, shown on the product's card and when shared",
        "producer": "who makes it",
        "producer.name": "name of the cooperative, company, cooperative group or household business",
        "producer.type": "one of: {types}",
        "producer.phone": "contact phone number",
        "certificate": "the OCOP certificate",
        "certificate.number": "number of the decision",
        "certificate.date": "date of the decision, written YYYY-MM-DD",
        "certificate.issuer": "who issued it",
        "certificate.expires": "leave out: it expires 36 months after the decision",
        "price": "price, written freely",
        "price_vnd": "the price in whole đồng, without dots, for search engines (schema.org)",
        "draft": "not published yet",
        "tags": "words to search by",
        "images": "pictures in this folder; the first is the cover",
        "alt": "what the picture shows, for people who cannot see it",
        "body": "Describe the product here: where it comes from, how it is made, used and kept. "
                "Leave an empty line between paragraphs; a line starting with ## is a section heading.",
        "translation": "{language} translation of {name}: translate only the fields below. Area, group, "
                       "stars, producer and certificate come from {default_file}.",
        "translated_name": "the product's name in {language}",
        "translated_alt": "translate only alt, in the same order as the pictures of {default_file}",
        "translated_body": "Write the translated description below the --- line. "
                           "Left empty, the {language} page shows the description of {default_file}.",
    },
}
"""What a new product's comments say, in the site's default language (English for others)."""

_LANGUAGE_NAMES = {"vi": {"vi": "tiếng Việt", "en": "tiếng Anh", "fr": "tiếng Pháp", "zh": "tiếng Trung",
                          "ja": "tiếng Nhật", "ko": "tiếng Hàn"},
                   "en": {"vi": "Vietnamese", "en": "English", "fr": "French", "zh": "Chinese",
                          "ja": "Japanese", "ko": "Korean"}}


def comments(config: SiteConfig) -> Mapping[str, str]:
    """What the comments of a new file say: in the site's default language, else in English."""
    return _COMMENTS.get(config.default_language, _COMMENTS["en"])


def language_name(config: SiteConfig, lang: str) -> str:
    """``lang``'s name as the comments call it (the code itself when it has none)."""
    names = _LANGUAGE_NAMES.get(config.default_language, _LANGUAGE_NAMES["en"])
    return names.get(lang, lang)
