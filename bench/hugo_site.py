"""Turn an ocop-site catalogue into the equivalent minimal Hugo site, for benchmarks.

Two page sets. The issue's (``every_page=False``): a page per product in
each language (an untranslated product gets a copy of its Vietnamese file as
its English one, since Hugo has no fallback), the home of each language and
the district / group / stars term pages, each paginated 60 to a page like
ocop-site's, and the three taxonomy index pages. Every page ocop-site writes
(``every_page=True``) adds, since the publishing kit and producer pages:
each product's printable card (a second output format of the product,
``card.html``), a page per producer listing its products (a fourth
taxonomy), and each district's printable brochure and cards (two more output
formats of the district terms, ``brochure.html`` and ``cards.html``, every
product on one page; of the home instead, with every product, up to
ocop-site's ``PRINT_SPLIT`` products, as ocop-site does). No page/1 redirects (``pagination.disableAliases``). RSS, sitemap, robots and
the section listing are off, because ocop-site writes none of them. The home
paginates ``.Site.RegularPages`` as it is (every regular page is a product):
filtering it with ``where`` on each of its pages made Hugo's build twice as
long at twenty thousand products. The templates are a
small theme in the spirit of ocop-site's (a header, breadcrumbs, cards,
the product's facts), not a copy of it.

    python bench/hugo_site.py SITE_DIR HUGO_DIR [--every-page]
"""
from __future__ import annotations

import shutil
import sys
from pathlib import Path

import yaml

from ocop_site.render.printouts import PRINT_SPLIT

CONFIG = """\
baseURL = "/"
defaultContentLanguage = "vi"
defaultContentLanguageInSubdir = false
disableKinds = ["RSS", "sitemap", "robotsTXT", "section"]
enableRobotsTXT = false
[pagination]
  pagerSize = 60
  disableAliases = true
[taxonomies]
  district = "district"
  group = "group"
  stars = "stars"
{more_taxonomies}[languages]
  [languages.vi]
    weight = 1
    title = "Danh mục OCOP"
  [languages.en]
    weight = 2
    title = "OCOP catalogue"
[markup.goldmark.renderer]
  unsafe = false
{more_outputs}"""

MORE_TAXONOMIES = """  producer = "producers"
"""

MORE_OUTPUTS = """[outputFormats.card]
  mediaType = "text/html"
  baseName = "card"
  isHTML = true
[outputFormats.brochure]
  mediaType = "text/html"
  baseName = "brochure"
  isHTML = true
[outputFormats.cards]
  mediaType = "text/html"
  baseName = "cards"
  isHTML = true
[outputs]
  page = ["html", "card"]
"""

BASEOF = """<!DOCTYPE html>
<html lang="{{ .Site.Language.Lang }}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{{ .Title }} – {{ .Site.Title }}</title>
<meta name="description" content="{{ with .Params.summary }}{{ . }}{{ else }}{{ .Site.Title }}{{ end }}">
{{ range .AllTranslations }}<link rel="alternate" hreflang="{{ .Language.Lang }}" href="{{ .RelPermalink }}">
{{ end }}<link rel="stylesheet" href="/style.css"></head>
<body><header><a href="{{ "" | relLangURL }}">{{ .Site.Title }}</a>
<nav><ul>{{ range .Translations }}<li><a href="{{ .RelPermalink }}" hreflang="{{ .Language.Lang }}">{{ .Language.Lang }}</a></li>{{ end }}</ul></nav>
<nav><ul><li><a href="{{ "district/" | relLangURL }}">district</a></li><li><a href="{{ "group/" | relLangURL }}">group</a></li><li><a href="{{ "stars/" | relLangURL }}">stars</a></li></ul></nav></header>
<main>{{ block "main" . }}{{ end }}</main>
<footer><p>{{ .Site.Title }}</p></footer></body></html>
"""

CARD = """<li class="card" data-product="{{ .File.ContentBaseName }}"><h3><a href="{{ .RelPermalink }}">{{ .Title }}</a></h3>
<p class="stars">{{ range .Params.stars }}{{ . }}{{ end }} ★</p>
<p>{{ range .Params.group }}{{ . }}{{ end }} · {{ range .Params.district }}{{ . }}{{ end }}</p></li>
"""

LIST = """{{ define "main" }}<h1>{{ .Title }}</h1>
{{ $pager := .Paginate .Pages }}<ul class="cards">{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">prev</a>{{ end }} {{ $pager.PageNumber }}/{{ $pager.TotalPages }} {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">next</a>{{ end }}</nav>
{{ end }}
"""

HOME = """{{ define "main" }}<h1>{{ .Site.Title }}</h1>
{{ $pager := .Paginate .Site.RegularPages }}<ul class="cards">{{ range $pager.Pages }}{{ partial "card.html" . }}{{ end }}</ul>
<nav>{{ with $pager.Prev }}<a rel="prev" href="{{ .URL }}">prev</a>{{ end }} {{ $pager.PageNumber }}/{{ $pager.TotalPages }} {{ with $pager.Next }}<a rel="next" href="{{ .URL }}">next</a>{{ end }}</nav>
{{ end }}
"""

TERMS = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul>{{ range .Data.Terms.Alphabetical }}<li><a href="{{ .Page.RelPermalink }}">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>
{{ end }}
"""

SINGLE = """{{ define "main" }}<article><p><a href="{{ "group/" | relLangURL }}">{{ range .Params.group }}{{ . }}{{ end }}</a></p>
<h1>{{ .Title }}</h1><p class="stars">{{ range .Params.stars }}{{ . }}{{ end }} ★</p>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
<div class="prose">{{ .Content }}</div>
<aside><dl><dt>district</dt><dd>{{ range .Params.district }}<a href="{{ printf "district/%s/" . | relLangURL }}">{{ . }}</a>{{ end }}</dd>
<dt>commune</dt><dd>{{ .Params.commune }}</dd>
{{ with .Params.producer }}<dt>producer</dt><dd>{{ .name }}</dd>{{ end }}
{{ with .Params.certificate }}<dt>certificate</dt><dd>{{ .date }}</dd>{{ end }}</dl></aside></article>
{{ end }}
"""


CARD_PAGE = """{{ define "main" }}<article class="print-card"><h1>{{ .Title }}</h1>
<p class="stars">{{ range .Params.stars }}{{ . }}{{ end }} ★</p>
{{ with .Params.summary }}<p class="lead">{{ . }}</p>{{ end }}
<dl><dt>district</dt><dd>{{ range .Params.district }}{{ . }}{{ end }}</dd><dt>commune</dt><dd>{{ .Params.commune }}</dd>
{{ with .Params.producer }}<dt>producer</dt><dd>{{ .name }}</dd>{{ end }}</dl>
<p><a href="{{ .RelPermalink }}">{{ .RelPermalink }}</a></p></article>
{{ end }}
"""

BROCHURE = """{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ len .Pages }}</p>
{{ range .Pages }}<article class="entry"><h2><a href="{{ .RelPermalink }}">{{ .Title }}</a></h2>
<p class="stars">{{ range .Params.stars }}{{ . }}{{ end }} ★</p>{{ with .Params.summary }}<p>{{ . }}</p>{{ end }}
<dl><dt>commune</dt><dd>{{ .Params.commune }}</dd>{{ with .Params.producer }}<dt>producer</dt><dd>{{ .name }}</dd>{{ end }}
{{ with .Params.certificate }}<dt>certificate</dt><dd>{{ .date }}</dd>{{ end }}</dl></article>
{{ end }}{{ end }}
"""

CARDS = """{{ define "main" }}<h1>{{ .Title }}</h1>
<ul class="cards">{{ range .Pages }}{{ partial "card.html" . }}{{ end }}</ul>
{{ end }}
"""

HOME_PRINTOUTS = """---
outputs: [html, brochure, cards]
---
"""

DISTRICTS = """---
title: district
cascade:
  - target:
      kind: term
    outputs: [html, brochure, cards]
---
"""


def _split(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body


def _front(data: dict, base: dict, every_page: bool) -> str:
    out = {
        "title": data.get("name", base.get("name")),
        "summary": data.get("summary", base.get("summary", "")),
        "commune": data.get("commune", base.get("commune", "")),
        "district": [base["district"]],
        "group": [base["group"]],
        "stars": [str(base["stars"])],
    }
    if base.get("producer"):
        out["producer"] = base["producer"]
        if every_page:
            out["producers"] = [base["producer"]["name"]]
    if base.get("certificate"):
        out["certificate"] = {"date": str(base["certificate"].get("date", ""))}
    return yaml.safe_dump(out, allow_unicode=True, sort_keys=True)


def product_files(site: Path) -> dict[str, dict[str, Path]]:
    """slug -> {lang: file}, for single-file products and bundles alike."""
    found: dict[str, dict[str, Path]] = {}
    for path in sorted((site / "content" / "products").rglob("*.md")):
        if path.parent.name == "products":
            stem = path.name[:-3]
            slug, _, lang = stem.partition(".")
        else:
            slug, lang = path.parent.name, path.name[len("index."):-3].rstrip(".") or ""
            lang = "" if path.name == "index.md" else path.name.split(".")[1]
        found.setdefault(slug, {})[lang or "vi"] = path
    return found


def make_hugo_site(site: Path, hugo: Path, every_page: bool = False) -> int:
    """Write the Hugo site, with the issue's page set or ``every_page`` ocop-site writes;
    return how many content files it has."""
    if hugo.exists():
        shutil.rmtree(hugo)
    layouts = hugo / "layouts"
    config = CONFIG.format(more_taxonomies=MORE_TAXONOMIES if every_page else "",
                           more_outputs=MORE_OUTPUTS if every_page else "")
    files = {"hugo.toml": config, "layouts/baseof.html": BASEOF, "layouts/_partials/card.html": CARD,
             "layouts/list.html": LIST, "layouts/home.html": HOME, "layouts/taxonomy.html": TERMS,
             "layouts/term.html": LIST, "layouts/single.html": SINGLE,
             "static/style.css": "body{font-family:sans-serif}\n"}
    products = product_files(site)
    if every_page:
        files["layouts/single.card.html"] = CARD_PAGE
        if len(products) > PRINT_SPLIT:  # a brochure and a card sheet per district, as ocop-site makes
            files |= {"layouts/term.brochure.html": BROCHURE, "layouts/term.cards.html": CARDS,
                      "content/district/_index.md": DISTRICTS, "content/district/_index.en.md": DISTRICTS}
        else:  # one of each, with every product
            files |= {"layouts/home.brochure.html": BROCHURE.replace(".Pages", ".Site.RegularPages"),
                      "layouts/home.cards.html": CARDS.replace(".Pages", ".Site.RegularPages"),
                      "content/_index.md": HOME_PRINTOUTS, "content/_index.en.md": HOME_PRINTOUTS}
    for rel, text in files.items():
        path = hugo / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    content = hugo / "content" / "products"
    content.mkdir(parents=True)
    written = 0
    for slug, langs in products.items():
        base, vi_body = _split(langs["vi"].read_text(encoding="utf-8"))
        if base.get("draft"):
            continue
        for lang in ("vi", "en"):
            data, body = _split(langs[lang].read_text(encoding="utf-8")) if lang in langs else (base, vi_body)
            name = f"{slug}.md" if lang == "vi" else f"{slug}.en.md"
            (content / name).write_text(f"---\n{_front(data, base, every_page)}---\n{body}", encoding="utf-8")
            written += 1
    assert layouts.is_dir()
    return written


if __name__ == "__main__":
    print(make_hugo_site(Path(sys.argv[1]), Path(sys.argv[2]), "--every-page" in sys.argv[3:]), "content files")
