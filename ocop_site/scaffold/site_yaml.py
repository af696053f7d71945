"""The checked ``site.yaml`` of the site that a command adds files to.

``ocop-site new product`` and ``ocop-site import`` need the site's areas, groups and
languages before they write anything; a ``site.yaml`` with errors stops them, with its
errors, as it stops ``ocop-site check``.
"""
from __future__ import annotations

from pathlib import Path

from ..config import parse_config
from ..errors import SiteErrors
from ..load import load_site_yaml
from ..model import SiteConfig

__all__ = ["site_config"]


def site_config(site_dir: Path) -> SiteConfig:
    """The site's checked ``site.yaml``, or its errors."""
    parsed, problems = load_site_yaml(site_dir)
    config, found = parse_config(parsed, "site.yaml")
    problems += found
    if config is None or any(not p.is_warning for p in problems):
        raise SiteErrors(problems)
    return config
