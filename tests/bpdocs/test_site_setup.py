"""`plugins: [bpdocs]` alone gives a working site: math set up, MathJax written, no placeholder left anywhere."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bpdocs.core import static

from ..sitebuild import MKDOCS, ROOT, build, write_site

MATH_PAGE = r"""# Math

Inline \(a_1\) and $b_2$.

\[ c_3 \]

$$
d_4
$$

```math
e_5
```
"""
TOKEN = re.compile(r"bpdocs(?:out|inline)\w*x[0-9a-f]{6}")


def scripts(html: str) -> list[str]:
    return re.findall(r'<script src="([^"]+)"', html)


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_one_line_of_config_typesets_every_math_syntax_when_the_site_is_built(tmp_path, theme):
    """Every syntax but ``$...$``, which a site with no math of its own (no arithmatex of its own) wrote for
    prices and shell variables: it stays text, as it was (see the test after)."""
    write_site(tmp_path, {"index.md": MATH_PAGE}, config=f"site_name: t\ntheme: {theme}\nplugins:\n  - bpdocs\n")
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert html.count('<mjx-container class="MathJax" jax="SVG"') == 4
    assert html.count('<mjx-container class="MathJax" jax="SVG" display="true"') == 3
    assert html.count('id="MJX-SVG-global-cache"') == 1  # the page's glyphs, drawn once
    assert '<span class="arithmatex">\\(' not in html and '<div class="arithmatex">\\[' not in html
    assert html.count("<mjx-assistive-mml") == 4  # what screen readers read
    assert [s for s in scripts(html) if "mathjax" in s.lower()] == []  # no MathJax for the reader to load
    assert (tmp_path / "site" / static.MATHJAX_SVG_CSS).read_text().startswith("\nmjx-container")
    assert "4 formula(s) typeset" in result.stderr and " and $b_2$." in html


PRICES = "# Plans\n\nPlans cost $5-$10 a month; $1,000/$2,000 a year. Set $HOME/bin:$PATH first.\n"


def test_dollars_in_the_prose_of_a_site_without_math_stay_text(tmp_path):
    """A real site's review: with `- bpdocs` added to a site that set up no math, its prices and shell variables
    became italic math ("5-", "HOME/bin:"), in the page and in the search index. A site that sets up arithmatex
    itself keeps its settings, $...$ included."""
    write_site(tmp_path / "plain", {"index.md": PRICES}, config="site_name: t\ntheme: material\nplugins:\n  - search\n")
    write_site(tmp_path / "ours", {"index.md": PRICES},
               config="site_name: t\ntheme: material\nplugins:\n  - search\n  - bpdocs\n")
    for name in ("plain", "ours"):
        assert (result := build(tmp_path / name)).returncode == 0, result.stderr

    def text(name: str) -> str:
        html = (tmp_path / name / "site" / "index.html").read_text()
        return html[html.index("<h1"):html.index("</article>")]

    assert text("ours") == text("plain") and "$5-$10 a month; $1,000/$2,000" in text("ours")
    own = write_site(tmp_path / "own", {"index.md": MATH_PAGE}, config="site_name: t\ntheme: material\n"
                     "markdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\nplugins:\n  - bpdocs\n")
    assert (result := build(own)).returncode == 0 and "5 formula(s) typeset" in result.stderr, result.stderr


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_typeset_browser_sets_up_every_math_syntax_and_self_hosted_mathjax(tmp_path, theme):
    write_site(tmp_path, {"index.md": MATH_PAGE},
               config=f"site_name: t\ntheme: {theme}\nplugins:\n  - bpdocs:\n      typeset: browser\n")
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert '<span class="arithmatex">\\(a_1\\)</span>' in html and " and $b_2$." in html
    for name in ("c_3", "d_4", "e_5"):
        assert re.search(r'<div class="arithmatex">\\\[\s*' + name + r"\s*\\\]</div>", html), name
    mathjax = [s for s in scripts(html) if "mathjax" in s.lower()]
    assert mathjax == ["assets/bpdocs/mathjax-config.js", "assets/bpdocs/mathjax/tex-svg.js"]
    site = tmp_path / "site" / "assets" / "bpdocs"
    assert (site / "mathjax" / "tex-svg.js").read_bytes() == static.SITE_FILES[static.MATHJAX_SELF_HOSTED].read_bytes()
    assert "bpdocs.css" in html and (site / "bpdocs.css").is_file()


BLOG_POST = """\
---
date: 2026-01-01
categories: [Math]
---

# A post with outputs

The answer is `{python} 6 * 7`, computed.

```python exec="on"
print("printed in the excerpt", 40 + 2)
```

```math check="1-1"
\\frac{\\partial E}{\\partial w_1} = (y_1 - t_1) x_1
```

<!-- more -->

The rest of the post.
"""


@pytest.mark.parametrize("theme", ["mkdocs", "material"])
def test_no_placeholder_is_left_in_any_written_file(tmp_path, theme):
    material = theme == "material"
    config = (f"site_name: t\ntheme:\n  name: {theme}\n"
              + ("  features: [navigation.instant]\n" if material else "")
              + "plugins:\n  - search\n" + ("  - blog\n" if material else "") + "  - bpdocs\n")
    pages = {"index.md": "# Home\n\nA value `{python} 6 * 7` in prose.\n\n## A heading\n"}
    if material:
        pages |= {"blog/index.md": "# Blog\n", "blog/posts/post.md": BLOG_POST}
    else:
        pages |= {"post.md": BLOG_POST}
    write_site(tmp_path, pages, config=config)
    result = build(tmp_path, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    written = [p for p in (tmp_path / "site").rglob("*") if p.is_file() and p.suffix in (".html", ".json", ".xml")]
    assert any(p.name == "404.html" for p in written) and any(p.name == "search_index.json" for p in written)
    leaks = {str(p): TOKEN.findall(p.read_text()) for p in written if TOKEN.search(p.read_text())}
    assert leaks == {}
    index = json.loads((tmp_path / "site" / "search" / "search_index.json").read_text())
    assert any("A value 42 in prose" in doc["text"] for doc in index["docs"])
    if material:  # the excerpt, with its value and output, on the index, archive and category pages
        for page in ("blog/index.html", "blog/archive/2026/index.html", "blog/category/math/index.html"):
            html = (tmp_path / "site" / page).read_text()
            assert "The answer is 42, computed." in html and "printed in the excerpt 42" in html, page


@pytest.mark.parametrize("acknowledged", [False, True])
def test_a_site_that_brings_its_own_math_set_up_keeps_it_and_is_told_how_to_switch(tmp_path, acknowledged):
    """Its scripts, its arithmatex settings, its look (bpdocs' rules for display math left out of bpdocs.css), its
    passing strict build; how to let bpdocs typeset instead is said at INFO."""
    config = """\
site_name: t
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
      inline_syntax: [round]
extra_javascript:
  - javascripts/my-mathjax-config.js
  - https://cdn.example.org/mathjax/3/tex-chtml.js
plugins:
  - bpdocs
"""
    config = config.replace("  - bpdocs\n", "  - bpdocs:\n      mathjax: off\n") if acknowledged else config
    write_site(tmp_path, {"index.md": MATH_PAGE, "javascripts/my-mathjax-config.js": "window.MathJax = {};\n"},
               config=config)
    result = build(tmp_path)
    assert result.returncode == 0 and "WARNING" not in result.stderr, result.stderr  # (the site works as it did)
    said = re.findall(r"^INFO\s+-\s+bpdocs: (the site loads.*)$", result.stderr, re.M)
    if acknowledged:
        assert said == [], result.stderr
    else:  # how to switch, or keep their MathJax (mathjax: off, which says no more)
        assert said == ["the site loads MathJax itself (javascripts/my-mathjax-config.js, "
                        "https://cdn.example.org/mathjax/3/tex-chtml.js), so bpdocs leaves its math to that MathJax, "
                        "in the browser, and does not check its TeX (the search index gets each formula as text, "
                        "\\lambda_1 as λ₁). To have bpdocs typeset it when the site is built "
                        "(no script for readers, every TeX error located at its line), take those scripts out of "
                        "extra_javascript and move the macros (and packages, and the inlineMath and displayMath "
                        "delimiters if it typeset the whole page, and tags: none if it numbered no equation, "
                        "MathJax's default) of your MathJax configuration into the bpdocs option tex; to keep "
                        "your MathJax, set the bpdocs option mathjax: off (see \"Your own "
                        "MathJax or KaTeX\" on the publishing page)"]
    html = (tmp_path / "site" / "index.html").read_text()
    assert [s for s in scripts(html) if "mathjax" in s.lower()] == [
        "javascripts/my-mathjax-config.js", "https://cdn.example.org/mathjax/3/tex-chtml.js"]
    assert not (tmp_path / "site" / "assets" / "bpdocs" / "mathjax").exists()
    assert "$b_2$" in html  # their arithmatex settings: no dollar syntax
    assert '<span class="arithmatex">\\(a_1\\)</span>' in html
    stylesheet = (tmp_path / "site" / "assets" / "bpdocs" / "bpdocs.css").read_text()
    assert "div.arithmatex { overflow-x" not in stylesheet and ".bpdocs-figure" in stylesheet


@pytest.mark.parametrize("setting, expected", [
    ("cdn", [static.MATHJAX_CONFIG, "https://cdn.jsdelivr.net/npm/mathjax@3.2.2/es5/tex-svg.js"]),
    ("off", []),
    ("https://math.example.org/mathjax/tex-svg.js", [static.MATHJAX_CONFIG, "https://math.example.org/mathjax/tex-svg.js"]),
])
def test_the_mathjax_option(tmp_path, setting, expected):
    write_site(tmp_path, {"index.md": MATH_PAGE},
               config=f"site_name: t\nplugins:\n  - bpdocs:\n      typeset: browser\n      mathjax: {setting}\n")
    result = build(tmp_path)
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "site" / "index.html").read_text()
    assert [s for s in scripts(html) if "mathjax" in s.lower()] == expected
    assert not (tmp_path / "site" / "assets" / "bpdocs" / "mathjax").exists()


def test_the_pinned_mathjax_version_is_the_one_in_package_lock():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/mathjax"]["version"] == static.MATHJAX_VERSION
    bundled = static.SITE_FILES[static.MATHJAX_SELF_HOSTED].read_text()
    assert f'e.VERSION=void 0,e.VERSION="{static.MATHJAX_VERSION}"' in bundled  # MathJax's own version constant


def test_a_bpdocs_without_its_mathjax_fails_the_strict_build_and_says_what_to_run(tmp_path):
    plugins = tmp_path / "plugins"
    shutil.copytree(ROOT / "plugins" / "bpdocs", plugins / "bpdocs", ignore=shutil.ignore_patterns("vendor"))
    site = write_site(tmp_path / "site-root", {"index.md": MATH_PAGE}, config="site_name: t\nplugins:\n  - bpdocs\n")
    result = build(site, env={"PYTHONPATH": str(plugins)})
    assert result.returncode != 0
    assert "MathJax is not in this bpdocs installation" in result.stderr
    assert "`make setup`" in result.stderr and "mathjax: cdn" in result.stderr


def test_arithmatex_without_generic_mode_is_a_warning(tmp_path):
    config = "site_name: t\nmarkdown_extensions:\n  - pymdownx.arithmatex\nplugins:\n  - bpdocs\n"
    write_site(tmp_path, {"index.md": MATH_PAGE}, config=config)
    result = build(tmp_path)
    assert result.returncode != 0
    assert "pymdownx.arithmatex is set up without 'generic: true'" in result.stderr


@pytest.mark.parametrize("option, message", [
    ("timeout: 0", "timeout must be more than 0 and at most 86400 seconds, not 0"),
    ("timeout: -5", "timeout must be more than 0 and at most 86400 seconds, not -5"),
    ("timeout: soon", "timeout must be a number of seconds, not 'soon'"),
    ("default_show: all", "default_show must be one of both, source, output, none, not 'all'"),
    ("mathjax: ''", "mathjax must be a non-empty string, not ''"),
    ("mathjax: none", "mathjax must be self-hosted, cdn, off, or the URL or site path of MathJax's tex-svg.js, "
                      "not 'none'"),
    ("mathjax: own", "mathjax must be self-hosted, cdn, off, or the URL or site path of MathJax's tex-svg.js, "
                     "not 'own'"),
    ("cache: maybe", "cache must be true or false, not 'maybe'"),
    ("jobs: 0", "jobs must be auto or a whole number from 1 to 64, not 0"),
    ("jobs: 65", "jobs must be auto or a whole number from 1 to 64, not 65"),
    ("jobs: all", "jobs must be auto or a whole number from 1 to 64, not 'all'"),
    ("jobs: true", "jobs must be auto or a whole number from 1 to 64, not True"),
    ("cache_max_age: -1", "cache_max_age must be a number of days from 0 to 36500, not -1"),
    ("cache_max_age: 36501", "cache_max_age must be a number of days from 0 to 36500, not 36501"),
    ("cache_max_age: forever", "cache_max_age must be a number of days from 0 to 36500, not 'forever'"),
    ("watch_interval: 0", "watch_interval must be a number of seconds from 0.02 to 10, not 0"),
    ("watch_interval: 11", "watch_interval must be a number of seconds from 0.02 to 10, not 11"),
    ("watch_interval: often", "watch_interval must be a number of seconds from 0.02 to 10, not 'often'"),
])
def test_bad_options_fail_with_a_sentence(tmp_path, option, message):
    write_site(tmp_path, {"index.md": "# t\n"}, config=f"site_name: t\nplugins:\n  - bpdocs:\n      {option}\n")
    result = build(tmp_path)
    assert result.returncode != 0
    assert message in result.stderr, result.stderr


def test_a_note_on_the_set_up_is_said_once_in_a_serve_loop(tmp_path, caplog):
    """The note on a site's own MathJax was said again at every `mkdocs serve` rebuild (a review of real sites)."""
    import logging

    from ..sitebuild import serve_loop

    config = ("site_name: t\nmarkdown_extensions:\n  - pymdownx.arithmatex:\n      generic: true\n"
              "extra_javascript:\n  - https://cdn.example.org/mathjax/3/tex-chtml.js\nplugins:\n  - bpdocs\n")
    root = write_site(tmp_path, {"index.md": MATH_PAGE}, config=config)
    with caplog.at_level(logging.INFO), serve_loop(root) as rebuild:
        for _ in range(3):
            rebuild()
    said = [r.getMessage() for r in caplog.records if "the site loads MathJax itself" in r.getMessage()]
    assert len(said) == 1, said


def test_the_zensical_extension_adds_the_same_arithmatex():
    """Zensical runs the bpdocs Markdown extension, which adds arithmatex where the pipeline has none: the same as
    the MkDocs plugin (it still read $...$ after the plugin stopped: prices became math under Zensical)."""
    import markdown

    from bpdocs.pagemath import ensure_arithmatex

    md = markdown.Markdown()
    ensure_arithmatex(md)
    html = md.convert(PRICES.split("\n", 2)[2] + "\nAnd \\(x_1\\), then\n\n$$\nx_2\n$$\n")
    assert "$5-$10 a month; $1,000/$2,000" in html and "$HOME/bin:$PATH" in html
    assert '<span class="arithmatex">\\(x_1\\)</span>' in html and '<div class="arithmatex">\\[\nx_2\n\\]</div>' in html


def test_the_zensical_extension_marks_only_the_math_a_sites_own_renderer_reads(tmp_path):
    """As the MkDocs plugin (tests/bpdocs/test_own_renderer.py, walkccc/CLRS): a site whose KaTeX reads $ only
    keeps \\(c\\) as "(c)" and \\$ as written; one whose MathJax reads \\( \\) keeps that math from Markdown."""
    import markdown

    from bpdocs.core import options as core_options
    from bpdocs.pagemath import ensure_arithmatex

    (tmp_path / "js").mkdir()
    (tmp_path / "js" / "katex.js").write_text("renderMathInElement(document.body, {delimiters: [{left: '$$', right:"
                                             " '$$', display: true}, {left: '$', right: '$', display: false}]});\n")
    (tmp_path / "js" / "mathjax.js").write_text("window.MathJax = {tex: {inlineMath: [['\\\\(', '\\\\)']]}};\n")
    page = "Pay $\\$1$; Figure \\(c\\)."
    options = core_options.from_mapping({})
    for script, expected in (("js/katex.js", "<p>Pay $\\$1$; Figure (c).</p>"),
                             ("js/mathjax.js", '<p>Pay $\\$1$; Figure <span class="arithmatex">\\(c\\)</span>.</p>')):
        md = markdown.Markdown()
        ensure_arithmatex(md, (script, "https://cdn.jsdelivr.net/npm/katex@0.16.21/dist/katex.min.js"), tmp_path,
                          options)
        assert md.convert(page) == expected


def test_a_fences_title_linenums_and_hl_lines_work_on_a_site_that_set_up_no_highlighting(tmp_path):
    """Superfences takes these options only with Pygments: a site with no highlighting of its own gets bpdocs'
    superfences with Pygments (turning Pygments off to keep such a site's plain code blocks, tried and undone,
    left these fences unread, their source and the next fence's placeholder printed as text)."""
    page = ('# P\n\n```python exec="on" show="both" title="the source" linenums="1" hl_lines="2"\n'
            'x = 1\nprint(x + 1)\n```\n')
    root = write_site(tmp_path / "plain", {"index.md": page}, config="site_name: t\nplugins:\n  - bpdocs\n")
    assert (result := build(root)).returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert '<span class="filename">the source</span>' in html and 'class="hll"' in html and "linenos" in html
    assert "```" not in html and "bpdocsout" not in html


def test_the_generated_files_folder_is_removed_at_exit_without_a_warning(tmp_path):
    """The folder backing generated assets goes when the build's process ends, removed by bpdocs itself: it was
    left to TemporaryDirectory's finalizer, which says "ResourceWarning: Implicitly cleaning up" (shown with -W
    always, as a Python 3.12 or 3.13 user running with warnings on saw after every build)."""
    code = "from bpdocs import sitesetup; print(sitesetup._backing_file('assets/bpdocs/x.css', 'a {}'))"
    run = subprocess.run([sys.executable, "-W", "always", "-c", code], capture_output=True, text=True,
                         env={**os.environ, "TMPDIR": str(tmp_path)}, timeout=60)
    assert run.returncode == 0, run.stderr
    assert "ResourceWarning" not in run.stderr, run.stderr
    written = Path(run.stdout.strip())
    assert written.is_relative_to(tmp_path) and not written.exists()
    assert list(tmp_path.iterdir()) == []
