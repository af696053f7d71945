"""``ocop-site new``: the files of a new product, of a product's translation, of a new site.

Each function returns the files to write (path -> text) or raises
:class:`~ocop_site.errors.SiteErrors`; :func:`create` writes them, refusing
to overwrite anything. A new product's front matter is filled in from the
command line and every other field is there as a comment that says what it
is for, in the site's default language, so an editor only removes a ``#``
and fills in. Everything made here passes ``ocop-site check``.

:mod:`.product_file` makes a new product's file, :mod:`.translation_file` a translation's,
:mod:`.starter_site` a new site's files, and :mod:`.create_files` writes them;
:mod:`.site_yaml` reads the site's checked ``site.yaml``, :mod:`.option_checks` checks the
command line's values, :mod:`.comments` holds what the comments say, :mod:`.existing_products`
finds the products a site has and :mod:`.yaml_values` writes a value YAML reads back as it is.
"""
from __future__ import annotations

from .create_files import create
from .product_file import new_product
from .site_yaml import site_config
from .starter_site import new_site
from .translation_file import new_translation

__all__ = ["new_product", "new_translation", "new_site", "create", "site_config"]
