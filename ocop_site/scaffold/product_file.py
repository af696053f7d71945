"""``ocop-site new product``: the file of a new product, its front matter commented.

The front matter is filled in from the command line and every other field is there as a
comment that says what it is for, in the site's default language, so an editor only
removes a ``#`` and fills in.
"""
from __future__ import annotations

from pathlib import Path

from ..config import PRODUCER_TYPES
from ..errors import SiteErrors, error
from ..model import SiteConfig
from ..vntext import nfc, slugify
from .comments import comments
from .existing_products import PRODUCTS, product_files
from .option_checks import choice_problems, name_problem
from .yaml_values import scalar

__all__ = ["new_product"]


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
