"""Markdown bodies: the lighter Python-Markdown instances give exactly the full one's HTML,
and what an editor pastes is made safe."""
from __future__ import annotations

import markdown
from hypothesis import example, given, settings
from hypothesis import strategies as st

from ocop_site.markup import _H1, MarkdownRenderer, needs_extra, sanitize, unused_inline_patterns

FULL = markdown.Markdown(extensions=["extra", "sane_lists"], output_format="html")
RENDERER = MarkdownRenderer()

PIECES = st.sampled_from([
    "mật ong", "Đại Hợp", " ", "  ", "\n", "\n\n", "  \n", "*", "**", "_", "__", "`", "``", "[", "]",
    "(", ")", "![", "<", ">", "&", "&amp;", "&#38;", "\\", "#", "## ", "- ", "* ", "1. ", "2) ", "> ",
    "    ", "\t", "|", "{", "}", ":", ": ", "~~~", "```", "[^1]", "*[", "http://x.vn", "<b>", "</b>",
    "<a href=\"x\">", "me@x.vn", "[a](http://x.vn)", "[a][b]", "[b]: http://x.vn", "---", "===", "'", '"',
])


def full(text: str) -> str:
    return sanitize(_H1.sub(r"<\1h2", FULL.reset().convert(text)))


@settings(max_examples=1500, deadline=None)
@given(st.lists(PIECES, max_size=40).map("".join))
@example("mật ong\t\nmật ong")  # a tab before a line end is spaces to Python-Markdown: a line break
def test_lighter_instances_render_exactly_what_the_full_one_renders(text):
    assert RENDERER(text) == full(text)


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_renders_the_same_either_way(text):
    assert RENDERER(text) == full(text)


def test_a_plain_story_uses_a_light_instance_and_a_table_the_full_one():
    story = "Mật ong **Đại Hợp** được khai thác.\n\n## Cách dùng\n\n- pha nước ấm\n"
    assert not needs_extra(story)
    assert {"link", "backtick", "entity", "html"} <= unused_inline_patterns(story)
    assert "em_strong" not in unused_inline_patterns(story)
    assert RENDERER.instance(story) is not RENDERER.instance("a | b\n--|--\n1 | 2\n")
    assert "<table>" in RENDERER("a | b\n--|--\n1 | 2\n")


def test_pasted_html_loses_scripts_and_handlers_and_h1_becomes_h2():
    html = RENDERER('# Tiêu đề\n\n<p onclick="x()">a</p><script>alert(1)</script>[x](javascript:alert(1))')
    assert "<h2>Tiêu đề</h2>" in html
    assert "script" not in html and "onclick" not in html and "javascript:" not in html


def test_a_story_markdown_takes_too_long_on_is_one_line_and_changes_nothing(make_site, monkeypatch):
    """Python-Markdown is quadratic on some texts (ten thousand unclosed links take minutes): a
    story gets MARKDOWN_SECONDS, then the build stops with one line and the output stays."""
    from conftest import product, today
    from ocop_site.build import build
    from ocop_site.errors import SiteErrors
    from ocop_site import bodies

    site = make_site({"content/products/cham.md": product("Chậm", body="Một câu chuyện.")})
    build(site, site / "output", today(), workers=1)
    before = {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()}
    (site / "content/products/cham.md").write_text(product("Chậm", body="[a](" * 10_000), encoding="utf-8")
    monkeypatch.setattr(bodies, "MARKDOWN_SECONDS", 0.2)
    try:
        build(site, site / "output", today(), workers=1)
    except SiteErrors as errors:
        assert [str(e) for e in errors.problems if not e.is_warning] == [
            "content/products/cham.md: error: the text could not be turned into a page in 0.2 s: simplify it"]
    else:
        raise AssertionError("the build did not stop")
    assert {p: p.read_bytes() for p in (site / "output").rglob("*") if p.is_file()} == before
