"""KaTeX sites: never two renderers on one page. bpdocs either renders the math with KaTeX when the site is built
(``tex: {renderer: katex}``: its macros and delimiters, no script needed by the reader), or leaves the site's
KaTeX alone and adds no MathJax."""

from __future__ import annotations

import json
import re

from bpdocs.core import static

from ..sitebuild import ROOT, build, write_site
from .test_tex_policy import lenient, warnings

# As Material's "Math" page sets KaTeX up: auto-render on every page, with $ added to its delimiters.
KATEX_SITE = """site_name: k
theme:
  name: material
  font: false
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
      inline_syntax: [round]
extra_javascript:
  - javascripts/katex.js
  - https://unpkg.com/katex@0/dist/katex.min.js
  - https://unpkg.com/katex@0/dist/contrib/auto-render.min.js
extra_css:
  - https://unpkg.com/katex@0/dist/katex.min.css
plugins:
  - bpdocs{options}
"""
OPTED_IN = """:
      tex:
        renderer: katex
        macros:
          RR: \\mathbb{R}
        delimiters:
          - {left: "$$", right: "$$", display: true}
          - {left: "$", right: "$", display: false}
          - {left: "\\\\(", right: "\\\\)", display: false}"""
INIT = ('document$.subscribe(({ body }) => { renderMathInElement(body, { delimiters: ['
        '{ left: "$$", right: "$$", display: true }, { left: "$", right: "$", display: false }, '
        '{ left: "\\\\(", right: "\\\\)", display: false } ], macros: { "\\\\RR": "\\\\mathbb{R}" } }) })\n')
PAGE = r"""# KaTeX

Round brackets, as arithmatex marks them: \(x \in \RR\). Dollars, which only auto-render finds: $y_1^2$.
A link in math: \(\href{#katex}{x}\).

$$
\sum_i w_i x_i \tag{1}
$$

A run $$z = 1$$ inside a paragraph, and `$code$` left alone.

Broken \(\frac{a\) here.
"""


def katex_site(tmp_path, options: str = ""):
    return write_site(tmp_path, {"index.md": PAGE, "javascripts/katex.js": INIT},
                      config=KATEX_SITE.format(options=options))


def test_a_katex_site_is_told_how_to_switch_and_gets_no_mathjax(tmp_path):
    """Adding bpdocs leaves a KaTeX site as it was, its strict build passing (reviews of real sites: Material's own
    recipe failed --strict on this advice, at WARNING then); how to switch is said at INFO."""
    root = katex_site(tmp_path)
    strict = build(root, env={"BPDOCS_CACHE": "0"})
    assert strict.returncode == 0 and warnings(strict) == [], strict.stderr
    assert re.findall(r"^INFO\s+-\s+bpdocs: (the site loads KaTeX.*)$", strict.stderr, re.M) == [
        "the site loads KaTeX itself (javascripts/katex.js, https://unpkg.com/katex@0/dist/katex.min.js, "
        "https://unpkg.com/katex@0/dist/contrib/auto-render.min.js), so bpdocs leaves KaTeX to render its math in "
        "the browser, adds no MathJax, and does not check its TeX (the search index gets each formula as text, "
        "\\lambda_1 as λ₁). To have bpdocs render it with KaTeX when the site "
        "is built (no script for readers, every TeX error located at its line), set the bpdocs option tex: "
        "{renderer: katex} and move the macros (and delimiters) of your renderMathInElement call into tex; to keep "
        "it as it is, set the bpdocs option mathjax: off (see \"Your own MathJax or KaTeX\" on the publishing page)"]
    html = (root / "site" / "index.html").read_text()
    assert "mathjax" not in html.lower() and '<span class="arithmatex">\\(x \\in \\RR\\)</span>' in html
    kept = write_site(tmp_path / "kept", {"index.md": PAGE, "javascripts/katex.js": INIT},
                      config=KATEX_SITE.format(options=":\n      mathjax: off"))
    assert (result := build(kept, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    assert "mathjax" not in (kept / "site" / "index.html").read_text().lower()
    # mathjax: off says no more (a newcomer's review: a line on the renderer at every build, though the getting
    # started page promised silence); the macros the checker reads are still said
    said = re.findall(r"^INFO\s+-\s+bpdocs: (.*)$", result.stderr, re.M)
    assert not [line for line in said if "renderer" in line or "KaTeX" in line], said
    assert any(line.startswith("the equation checker reads the 1 TeX macro(s)") for line in said), said


def test_katex_renders_at_build_time_with_the_sites_macros_and_delimiters(tmp_path):
    root = katex_site(tmp_path, OPTED_IN)
    strict = build(root, env={"BPDOCS_CACHE": "0"})
    assert warnings(strict) == ["docs/index.md:12: KaTeX could not render '\\frac{a': KaTeX parse error: Unexpected "
                                "end of input in a macro argument, expected '}' at end of input: \\frac{a"], strict.stderr
    assert lenient(root).returncode == 0
    html = (root / "site" / "index.html").read_text()
    body = html.split("<article")[1].split("</article>")[0]
    assert body.count('<span class="katex">') == 5  # \(..\) twice, $..$, $$..$$, the run inside a paragraph
    assert '<a href="#katex"' in body and "data-href" not in body  # KaTeX's link, an HTML link
    assert '<annotation encoding="application/x-tex">x \\in \\RR</annotation>' in body
    assert '<mi mathvariant="double-struck">R</mi>' in body  # \RR, the site's macro
    assert '<annotation encoding="application/x-tex">y_1^2</annotation>' in body  # found by the $ delimiter
    assert "<code>$code$</code>" in body and 'class="katex-error"' in body
    assert not re.search(r"\\\(|\$\$|\$y", body.replace("$code$", ""))  # no raw TeX without JavaScript
    assert "mathjax" not in html.lower() and "mjx-" not in html  # one renderer
    assert static.KATEX_CSS in html and (root / "site" / static.KATEX_CSS).is_file()
    fonts = list((root / "site" / "assets" / "bpdocs" / "katex" / "fonts").glob("*.woff2"))
    assert len(fonts) > 15 and "KaTeX renders the math when the site is built; the site's own KaTeX scripts " \
        "(javascripts/katex.js, https://unpkg.com/katex@0/dist/katex.min.js, https://unpkg.com/katex@0/dist/contrib/" \
        "auto-render.min.js) find nothing left to render, and can go (with what names them elsewhere: a minify " \
        "plugin's js_files, say), and so can the site's KaTeX stylesheet in extra_css, if it has one" in strict.stderr


def test_the_pinned_katex_is_the_one_bpdocs_carries():
    lock = json.loads((ROOT / "package-lock.json").read_text())
    assert lock["packages"]["node_modules/katex"]["version"] == static.KATEX_VERSION
    assert f'version:"{static.KATEX_VERSION}"' in (static.VENDOR_KATEX / "katex.min.js").read_text()
    css = (static.VENDOR_KATEX / "katex.min.css").read_text()
    for font in re.findall(r"url\(fonts/([\w-]+\.woff2)\)", css):
        assert (static.VENDOR_KATEX / "fonts" / font).is_file(), font


def test_the_installed_wheel_renders_katex_offline(installed, tmp_path):
    """KaTeX travels inside the wheel, as MathJax does: a site renders with it where nothing else is installed."""
    root = katex_site(tmp_path, OPTED_IN)
    result = installed.run("mkdocs build", cwd=root, BPDOCS_CACHE="0")
    assert result.returncode == 0, result.stderr
    html = (root / "site" / "index.html").read_text()
    assert html.count('<span class="katex">') == 5 and "mathjax" not in html.lower()
    assert (root / "site" / static.KATEX_CSS).read_bytes() == (static.VENDOR_KATEX / "katex.min.css").read_bytes()


def test_checking_a_page_finds_the_same_katex_formulas_as_rendering_it(tmp_path):
    """`typeset_page(..., replace=False)` (how `bpdocs check` and `typeset: browser` check TeX) sees the math only
    auto-render would find too, and leaves the page as it was."""
    from bpdocs.core.run.cache import Cache
    from bpdocs.core.typeset import Typesetter, read_tex, typeset_page

    typesetter = Typesetter(settings=read_tex({"renderer": "katex"}))
    page = '<body><p>A run $$\\undefinedmacro$$ and <span class="arithmatex">\\(x\\)</span>.</p></body>'
    try:
        math = typeset_page(page, typesetter=typesetter, cache=Cache(tmp_path, enabled=False), page_path="docs/p.md",
                            source="# P\n\nA run $$\\undefinedmacro$$ and \\(x\\).\n", replace=False)
    finally:
        typesetter.close()
    assert math.html == page and math.formulas == 2
    assert [str(w).split(": ", 1)[0] for w in math.warnings] == ["docs/p.md:3"]


def test_math_only_the_delimiters_find_is_read_as_formulas_by_search(tmp_path):
    """Review (GPJax): math found through the tex delimiters (auto-render's $...$, a $$ run inside a paragraph) was
    typeset on the page but indexed for search as raw TeX, "$y_1^2$", where arithmatex's math reads as text."""
    root = katex_site(tmp_path, OPTED_IN)
    config = root / "mkdocs.yml"
    config.write_text(config.read_text().replace("plugins:\n", "plugins:\n  - search\n"))
    assert lenient(root, env={"BPDOCS_CACHE": "1"}).returncode == 0  # (cached: see below)
    [page] = json.loads((root / "site" / "search" / "search_index.json").read_text())["docs"]
    assert "finds: y₁²." in page["text"] and "z = 1" in page["text"] and "x ∈ ℝ" in page["text"], page["text"]
    assert "$y_1" not in page["text"] and "$$z" not in page["text"]
    assert "A link in math: x." in page["text"]  # (\href's address is no word of the formula)
    # the delimiters changed (no $), the cache kept: the search text follows the setting, not the cache
    config.write_text(config.read_text().replace('          - {left: "$", right: "$", display: false}\n', ""))
    assert lenient(root, env={"BPDOCS_CACHE": "1"}).returncode == 0
    [page] = json.loads((root / "site" / "search" / "search_index.json").read_text())["docs"]
    assert "finds: $y_1^2$." in page["text"], page["text"]


ESCAPED = r"""# Regular expressions

Here \\( \\) \\[ \\] match the brackets themselves, and \(x_1\) is math.
"""


def test_no_delimiters_renders_only_the_math_arithmatex_marked(tmp_path):
    """A KaTeX loader that renders `.arithmatex` elements alone (pymdown-extensions' arithmatex documentation shows
    one): a page's escaped \\\\( stays text there. With
    auto-render's default delimiters the build read them as an empty formula and an empty display block (a real
    site's regex page lost its characters); `delimiters: []` was refused. Now it finds only arithmatex's math."""
    options = ":\n      tex:\n        renderer: katex\n        delimiters: []"
    root = write_site(tmp_path, {"index.md": ESCAPED}, config=KATEX_SITE.format(options=options))
    assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    body = (root / "site" / "index.html").read_text().split("<article")[1].split("</article>")[0]
    assert body.count('<span class="katex">') == 1 and "x_1</annotation>" in body
    assert "Here \\( \\) \\[ \\] match the brackets themselves" in body and "katex-display" not in body
    defaults = write_site(tmp_path / "defaults", {"index.md": ESCAPED},
                          config=KATEX_SITE.format(options=":\n      tex:\n        renderer: katex"))
    assert (result := build(defaults, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    body = (defaults / "site" / "index.html").read_text().split("<article")[1].split("</article>")[0]
    assert "Here \\( \\)" not in body  # (auto-render's own delimiters: what the site's KaTeX would have done)


def test_a_katex_error_is_said_without_katexs_underlining(tmp_path):
    """KaTeX underlines where a formula went wrong with combining characters (U+0332), which a terminal showed as
    \\̲f̲o̲o̲: the message says the formula as written."""
    root = write_site(tmp_path, {"index.md": "# Page\n\nA formula \\(\\foo x\\).\n"},
                      config=KATEX_SITE.format(options=":\n      tex:\n        renderer: katex"))
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert warnings(result) == ["docs/index.md:3: KaTeX could not render '\\foo x': KaTeX parse error: Undefined "
                                "control sequence: \\foo at position 1: \\foo x"], result.stderr
