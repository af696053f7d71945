"""``ocop-site new product NAME --lang LANG``: the file of a product's translation.

The file sits beside the product's default-language file. It lists the fields a translation
may have as comments to fill in (the name filled in when given on the command line), and
the product's images in their order, so that only each ``alt`` needs translating.
"""
from __future__ import annotations

from pathlib import Path

import yaml

from ..errors import SiteErrors, error
from ..model import SiteConfig
from ..suggest import near_miss
from ..vntext import nfc, slugify
from .comments import comments, language_name
from .existing_products import product_files
from .yaml_values import scalar

__all__ = ["new_translation"]


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
