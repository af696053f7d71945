"""argparse's own texts that this program's command line can show, for the catalogue.

argparse translates them through gettext's global domain, which
:func:`ocop_site.messages.speaking` points at this program's catalogue; they
are listed here only so that Babel extracts them (their message ids are
argparse's, exactly as in its source).
"""
from __future__ import annotations

from .messages import N_

__all__ = ["ARGPARSE_TEXTS"]

ARGPARSE_TEXTS = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("the following arguments are required: %s"),
    N_("unrecognized arguments: %s"),
    N_("expected one argument"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("ignored explicit argument %r"),
)
