"""Which front-matter fields each kind of document may have, and which a translation may change."""
from __future__ import annotations

__all__ = ["PRODUCT_FIELDS", "PRODUCT_TRANSLATABLE", "PAGE_FIELDS", "PAGE_TRANSLATABLE", "PRODUCER_FIELDS",
           "CERTIFICATE_FIELDS"]

PRODUCT_FIELDS = ("name", "slug", "district", "group", "stars", "commune", "summary", "producer",
                  "certificate", "price", "price_vnd", "images", "tags", "draft")
PRODUCT_TRANSLATABLE = ("name", "summary", "commune", "images")  # images: the alt texts only
PAGE_FIELDS = ("title", "slug", "summary", "draft")
PAGE_TRANSLATABLE = ("title", "summary")
PRODUCER_FIELDS = ("name", "slug", "type", "address", "phone", "email", "website")
CERTIFICATE_FIELDS = ("number", "date", "year", "issuer", "expires")
