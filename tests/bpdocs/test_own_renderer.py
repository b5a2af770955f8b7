"""Whether a site's math is left to its own renderer: the MkDocs plugin, the Zensical extension and `bpdocs check`
decide it alike (they once decided it in three places, and ``tex: {renderer: katex}`` with ``mathjax: off`` was
typeset with KaTeX by the plugin but left as TeX by the extension)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from bpdocs import pagemath, sitesetup, sitetex
from bpdocs.core import options as core_options
from bpdocs.siteconfig import Markdown

SCRIPTS = {
    "none": [],
    "own MathJax": ["javascripts/mathjax.js", "https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js"],
    "own KaTeX": ["https://unpkg.com/katex@0/dist/katex.min.js", "javascripts/katex.js"],
}
SETTINGS = {
    "defaults": {},
    "mathjax: off": {"mathjax": "off"},
    "KaTeX": {"tex": {"renderer": "katex"}},
    "KaTeX, mathjax: off": {"tex": {"renderer": "katex"}, "mathjax": "off"},
}
# What each set-up does, as the MkDocs plugin has always done it: True is "bpdocs typesets the math".
TYPESETS = {
    ("none", "defaults"): True, ("none", "mathjax: off"): False,
    ("none", "KaTeX"): True, ("none", "KaTeX, mathjax: off"): True,
    ("own MathJax", "defaults"): False, ("own MathJax", "mathjax: off"): False,
    ("own MathJax", "KaTeX"): True, ("own MathJax", "KaTeX, mathjax: off"): True,
    ("own KaTeX", "defaults"): False, ("own KaTeX", "mathjax: off"): False,
    ("own KaTeX", "KaTeX"): True, ("own KaTeX", "KaTeX, mathjax: off"): True,
}


@pytest.mark.parametrize("scripts, settings", sorted(TYPESETS))
def test_the_plugin_the_extension_and_the_check_decide_alike(tmp_path, monkeypatch, scripts, settings):
    options = core_options.from_mapping(SETTINGS[settings])
    config = SimpleNamespace(extra_css=[], extra_javascript=list(SCRIPTS[scripts]), docs_dir=str(tmp_path),
                             markdown_extensions=[], mdx_configs={})
    assets = sitesetup.configure_assets(config, options, lambda renderer: None)  # (Node and both renderers there)
    assert assets.typeset_at_build is TYPESETS[scripts, settings]

    assert pagemath.own_renderer(SCRIPTS[scripts], options) is not TYPESETS[scripts, settings]

    monkeypatch.setattr(sitetex.typeset, "unavailable", lambda renderer: None)
    skipped = sitetex.skipped_because(Markdown([], {}, list(SCRIPTS[scripts])), options)
    assert (skipped is None) is TYPESETS[scripts, settings]


KATEX_BLOG = """site_name: blog
theme: material
extra_javascript:
  - javascripts/katex.js
  - https://unpkg.com/katex@0/dist/katex.min.js
  - https://unpkg.com/katex@0/dist/contrib/auto-render.min.js
plugins:
  - search
"""
POST = "# Post\n\nThe loss is\n\n$$\nE = \\frac{1}{2} (y - t)^2\n$$\n\nand its slope $y - t$, in \\(\\mathbb{R}\\).\n"


def test_a_site_that_renders_its_own_math_without_arithmatex_keeps_its_pages_as_they_were(tmp_path):
    """A real blog (Material's blog, KaTeX's auto-render, no arithmatex): with bpdocs, the arithmatex it added
    made its $$ paragraphs display blocks of another size (each equation 40 px taller). The site's renderer finds
    its math in the page as it did: bpdocs adds no arithmatex to such a site."""
    pages = {"index.md": POST, "javascripts/katex.js": "renderMathInElement(document.body);\n"}
    plain, ours = articles(tmp_path, pages, KATEX_BLOG, KATEX_BLOG + "  - bpdocs\n")
    assert plain.split("<p>and its slope")[0] == ours.split("<p>and its slope")[0]
    assert "<p>$$\nE = " in ours and "$y - t$" in ours
    assert '<span class="arithmatex">\\(\\mathbb{R}\\)</span>' in ours  # (Markdown alone: "(\\mathbb{R})")


def articles(tmp_path, pages: dict, plain_config: str, our_config: str) -> tuple[str, str]:
    """The page's article as the site built without bpdocs and with it (both builds strict, and passing)."""
    from ..sitebuild import build, write_site

    found = []
    for name, config in (("plain", plain_config), ("ours", our_config)):
        root = write_site(tmp_path / name, pages, config=config)
        assert (result := build(root)).returncode == 0, result.stderr
        html = (root / "site" / "index.html").read_text()
        found.append(html[html.index("<h1"):html.index("</article>")])
    return found[0], found[1]


def test_an_inline_value_in_math_is_written_as_tex_on_a_site_that_renders_its_own_math(tmp_path):
    """A review of this session's first try, which took arithmatex out for such a site: \\(...\\) became plain
    text "(y = a_b%)", and a value's % in $$ commented the rest of the formula out."""
    from ..sitebuild import build, write_site

    page = '# P\n\n```python exec="on"\nname = "a_b%"\n```\n\nInline \\(y = `{python} name`\\) here.\n'
    root = write_site(tmp_path, {"index.md": page, "javascripts/mathjax.js": "window.MathJax = {};\n"},
                      config="site_name: t\ntheme: material\nextra_javascript:\n  - javascripts/mathjax.js\n"
                             "  - https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js\nplugins:\n  - bpdocs\n")
    assert (result := build(root)).returncode == 0, result.stderr
    assert '<span class="arithmatex">\\(y = \\text{a}\\_\\text{b}\\%\\)</span>' in \
        (root / "site" / "index.html").read_text()


CLRS = """site_name: notes
extra_javascript:
  - js/katex.js
  - https://cdn.jsdelivr.net/npm/katex@0.16.21/dist/katex.min.js
  - https://cdn.jsdelivr.net/npm/katex@0.16.21/dist/contrib/auto-render.min.js
"""
CLRS_KATEX = ("document.addEventListener('DOMContentLoaded', function() {\n  renderMathInElement(document.body, {\n"
              "    delimiters: [{left: '$$', right: '$$', display: true}, {left: '$', right: '$', display: false}]\n"
              "  });\n});\n")
CLRS_PAGE = ("# 17.2\n\nPay $\\$1$ for each operation, and store $\\$2$ as credit.\n\n"
             "Figure 26.8 \\(c\\) shows it; $\\text{count}\\(c\\)$ counts it.\n\n\\[\nx\n\\]\n")


def test_a_site_whose_katex_reads_dollars_only_keeps_its_pages_as_they_were(tmp_path):
    """walkccc/CLRS (KaTeX's auto-render with $ and $$ only, no arithmatex): with bpdocs, the arithmatex it added
    made \\$ an escape ($\\$1$ became $$1$, which KaTeX read as display math) and \\(c\\) math, shown raw. It now
    marks only what the site's renderer reads as math (nothing, here) and leaves \\$ alone."""
    pages = {"index.md": CLRS_PAGE, "js/katex.js": CLRS_KATEX}
    plain, ours = articles(tmp_path, pages, CLRS + "theme: material\n",
                           CLRS + "theme: material\nplugins:\n  - search\n  - bpdocs\n")
    assert ours == plain
    assert "Pay $\\$1$ for each" in ours and "Figure 26.8 (c)" in ours
