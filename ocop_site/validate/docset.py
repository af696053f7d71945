"""One product or page, a default-language file and its translations, checked on its own.

The result of :func:`check_docset` depends on nothing but those files, their folder and
``site.yaml``, so it is kept in the build state with the product's model.
"""
from __future__ import annotations

from ..documents import DocumentSet
from ..errors import SiteError, error
from ..file_names import windows_reserved
from ..model import SiteConfig
from ..vntext import is_slug
from .checker import Checker
from .fields import PAGE_FIELDS, PAGE_TRANSLATABLE, PRODUCT_FIELDS, PRODUCT_TRANSLATABLE
from .product import check_product
from .story import check_story
from .translation import check_translation

__all__ = ["check_docset"]


def _check_common(c: Checker) -> None:
    if "draft" in c.data and not isinstance(c.data["draft"], bool):
        c.fail("draft", "'draft' must be true or false")
    slug = c.data.get("slug")
    if isinstance(slug, (list, dict)):
        c.fail("slug", "'{field}' must be text", field="slug")
    elif slug is not None and not (isinstance(slug, str) and is_slug(slug)):
        c.fail("slug", "slug '{slug}' must be lowercase letters, digits and hyphens, e.g. 'mat-ong-dai-hop'",
               slug=slug)


def check_docset(docset: DocumentSet, config: SiteConfig) -> list[SiteError]:
    """Every problem of one product or page that does not involve another file or the date."""
    problems: list[SiteError] = []
    languages = config.languages
    default = docset.default
    for doc in docset.translations:
        c = Checker(doc, problems)
        if doc.lang not in languages:
            problems.append(error(doc.path, 1, "translation for unknown language '{lang}' "
                                  "(site languages: {languages})", lang=doc.lang, languages=", ".join(languages)))
        elif doc.lang == languages[0]:
            problems.append(error(doc.path, 1, "'{lang}' is the default language: name this file {path}",
                                  lang=doc.lang, path=doc.default_path))
        elif default is None:
            problems.append(error(doc.path, 1, "translation without a default-language file: add {path}",
                                  path=doc.default_path))
        elif doc.front is not None and default.front is not None:
            kind_fields = (PRODUCT_FIELDS, PRODUCT_TRANSLATABLE) if doc.kind == "product" \
                else (PAGE_FIELDS, PAGE_TRANSLATABLE)
            check_translation(c, default, *kind_fields)
    for doc in docset.files:
        if doc.front is not None:
            check_story(doc, problems)
    if default is None or default.front is None:
        return problems
    c = Checker(default, problems)
    _check_common(c)
    if not docset.slug and "slug" not in c.data:
        name = default.path.rsplit("/", 2)[-2] if default.path.endswith("/index.md") else \
            default.path.rsplit("/", 1)[-1][:-3]
        c.fail("slug", "no web address can be made from the name '{name}': add a 'slug:' field in "
               "Latin letters, e.g. 'slug: tra-xanh'", name=name)
    elif docset.slug and windows_reserved(docset.slug):
        c.fail("slug", "'{slug}' is a name Windows keeps for a device: a copy of the site on Windows or "
               "a USB stick could not hold its page; set another 'slug:'", slug=docset.slug)
    if default.kind == "product":
        check_product(c, config)
    else:
        c.unknown_keys(c.data, PAGE_FIELDS)
        c.text("title", required=True)
        c.text("summary")
    if not docset.is_draft and default.kind == "product":
        present = {d.lang for d in docset.translations}
        missing = [lang for lang in languages[1:] if lang not in present]
        if missing:
            c.warn("name", "no translation for {missing}: the {lang} text is shown", "no-translation",
                   missing=", ".join(missing), lang=languages[0])
    return problems
