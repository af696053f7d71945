"""Check raw documents against the content contract; report every problem.

Validation never stops at the first mistake: it returns all errors and
warnings of a run, each at the line of the offending key. Model building
runs only on documents that passed, so it can trust types and references.

:func:`check_docset` checks one product or page (a default-language file
and its translations) on its own: its result depends on nothing but those
files, their folder and ``site.yaml``, so it is kept in the build state with
the product's model. What involves other files (:func:`check_slugs`) or the
day of the build (:func:`expiry_warning`, :func:`year_error`) is checked on every build.

The modules: :mod:`.docset` checks one product or page with :mod:`.checker`
(a document's problems at their keys' lines), :mod:`.fields` (the fields
each kind may have), :mod:`.product`, :mod:`.images`, :mod:`.translation` and
:mod:`.story`; :mod:`.slugs` and :mod:`.expiry` hold the checks of every build.
"""
from __future__ import annotations

from ..vntext import text_problem
from .docset import check_docset
from .expiry import expiry_warning, year_error
from .slugs import RESERVED_SLUGS, SlugClaim, check_slugs
from .story import MAX_TEXT_DEPTH

__all__ = ["check_docset", "check_slugs", "expiry_warning", "year_error", "text_problem", "RESERVED_SLUGS",
           "MAX_TEXT_DEPTH", "SlugClaim"]
