"""The TeX error policy in real builds: a TeX error is a located warning (the page shows it as a browser would,
a strict build fails), at the formula's own line, whoever typesets the math; the `tex` option feeds the
typesetter, the browser's MathJax and the checker; a page's own macros stay on that page."""

from __future__ import annotations

import os
import re
import subprocess

from ..sitebuild import MKDOCS, build, write_site

CONFIG = "site_name: t\nplugins:\n  - bpdocs\n"


def lenient(root, env: dict | None = None) -> subprocess.CompletedProcess:
    """``mkdocs build`` without ``--strict``: warnings are said, the site is written."""
    return subprocess.run([*MKDOCS, "build"], cwd=root, capture_output=True, text=True, timeout=600,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1", "BPDOCS_CACHE": "0", **(env or {})})


def warnings(result) -> list[str]:
    return re.findall(r"^WARNING\s+-\s+bpdocs: (.*)$", result.stderr, re.M)


def html_of(root, page: str = "index") -> str:
    return (root / "site" / ("index.html" if page == "index" else f"{page}/index.html")).read_text()


BROKEN = "# P\n\nFine \\(x_1\\).\n\nBroken \\(\\frac{a\\) here.\n\n$$ \\undefinedmacro{y} $$\n"


def test_a_tex_error_is_a_located_warning_and_shows_as_the_browser_shows_it(tmp_path):
    root = write_site(tmp_path, {"index.md": BROKEN}, config=CONFIG)
    strict = build(root, env={"BPDOCS_CACHE": "0"})
    assert strict.returncode != 0, strict.stderr
    assert warnings(strict) == ["docs/index.md:5: MathJax could not typeset '\\frac{a': Missing close brace",
                                "docs/index.md:7: MathJax could not typeset '\\undefinedmacro{y}': Undefined "
                                "control sequence \\undefinedmacro"]
    result = lenient(root)
    assert result.returncode == 0, result.stderr
    html = html_of(root)
    assert html.count('<mjx-container class="MathJax" jax="SVG"') == 3  # every formula, the broken ones too
    assert html.count('class="arithmatex bpdocs-math-error" title="') == 2
    # as in the browser: MathJax's own error box for the missing brace, the undefined macro's name in red
    assert html.count('data-mml-node="merror"') == 1 and '<mtext mathcolor="red">\\undefinedmacro</mtext>' in html
    assert "\\undefinedmacro{y}" not in html and "\\frac{a" not in html  # no raw TeX left on the page


def test_typeset_in_the_browser_the_tex_is_still_checked_at_its_line(tmp_path):
    config = "site_name: t\nplugins:\n  - bpdocs:\n      typeset: browser\n"
    root = write_site(tmp_path, {"index.md": BROKEN}, config=config)
    strict = build(root, env={"BPDOCS_CACHE": "0"})
    assert strict.returncode != 0
    assert [w.split(":")[:2] for w in warnings(strict)] == [["docs/index.md", "5"], ["docs/index.md", "7"]]
    assert lenient(root).returncode == 0
    html = html_of(root)
    assert '<span class="arithmatex">\\(\\frac{a\\)</span>' in html  # left for MathJax in the browser
    assert "formula(s) checked" in strict.stderr


SAME_TEXT = r"""# Lines

The text `\(x_1 + \exist\)` in a code span, and a formula that starts alike: \(x_1 + y\).

$$
\frac{a}{b}
$$

Here it is: \(x_1 + \exist\), and \(z = `{python} 2 + 1` \exist\).

$$
\frac{a}{b}
+ \exist
$$

```python exec="on" show="output"
from bpdocs.display import show_markdown
show_markdown("Printed \\(\\exist q\\)")
```

```math
\exist r
```

Again \(x_1 + \exist\).
"""


def test_every_tex_error_is_at_its_own_line_never_an_earlier_one_with_the_same_text(tmp_path):
    root = write_site(tmp_path, {"index.md": SAME_TEXT}, config=CONFIG)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    lines = [int(w.split(":")[1]) for w in warnings(result)]
    assert lines == [9, 9, 12, 16, 22, 25], result.stderr  # inline, inline value in math, display, output, fence


def test_a_fault_inside_mathjax_is_told_without_its_javascript(tmp_path):
    page = "# P\n\nOne \\(\\mmlToken{mi}[mathvariant=x]{x}\\) and \\(\\unicode{99999999}\\).\n"
    result = build(write_site(tmp_path, {"index.md": page}, config=CONFIG), env={"BPDOCS_CACHE": "0"})
    said = warnings(result)
    assert len(said) == 2 and all(w.startswith("docs/index.md:3: MathJax could not typeset '\\") for w in said)
    assert all("it failed inside on this formula (not a TeX error it can name)" in w for w in said)
    assert "Cannot read properties" not in result.stderr and "RangeError" not in result.stderr


def test_a_duplicate_label_is_located_a_repeated_tag_is_typeset_and_ids_stay_unique(tmp_path):
    """A second \\label{x} is an error (MathJax's own, at its line); a second \\tag{1} is typeset as written (LaTeX
    and MathJax or KaTeX in the browser typeset it: notes number each example's equations anew), only the first
    keeps the id, and it is a located warning (issue 20: a link to (1) could mean either)."""
    page = ("# P\n\n$$ a \\tag{1} $$\n\n$$ b \\label{x} $$\n\n$$ c \\tag{1} $$\n\n"
            "\\begin{equation} d \\label{x} \\end{equation}\n")
    root = write_site(tmp_path, {"index.md": page}, config=CONFIG)
    said = warnings(build(root, env={"BPDOCS_CACHE": "0"}))
    assert said == ["docs/index.md:7: the equation number (1) is used again on this page (an earlier equation has "
                    "it): typeset as written, but a link to that number goes to the first equation; number this one "
                    "anew",
                    "docs/index.md:9: MathJax could not typeset '\\begin{equation} d \\label{x} \\end{equation}': "
                    "Label 'x' multiply defined"]
    lenient(root)
    page_html = html_of(root)
    assert re.findall(r'id="(mjx-eqn:[^"]+)"', page_html) == ["mjx-eqn:1"]  # once (b's label numbers nothing)
    assert re.findall(r'<g data-mml-node="merror" data-mjx-error="([^"]*)"', page_html) == [
        "Label 'x' multiply defined"]  # only d's: c \tag{1} is typeset, with its number


MATERIAL = "site_name: t\ntheme:\n  name: material\n  font: false\nplugins:\n  - bpdocs\n"
PAGE_A = ("# A\n\n$$ \\newcommand{\\foo}{F} \\renewcommand{\\sum}{\\prod} \\def\\half{\\tfrac12} "
          "\\foo + \\sum_i x_i + \\half $$\n")
PAGE_B = "# B\n\n$$ \\sum_i x_i $$\n\nAnd \\(\\foo\\).\n"


def test_a_pages_macros_stay_on_that_page_whatever_the_order_and_the_cache(tmp_path):
    outputs = []
    for order in (["a.md", "b.md"], ["b.md", "a.md"]):
        root = write_site(tmp_path / "-".join(order), {"a.md": PAGE_A, "b.md": PAGE_B},
                          config=MATERIAL + "nav:\n" + "".join(f"  - {p}\n" for p in order))
        result = build(root, env={"BPDOCS_CACHE": "0"})
        assert warnings(result) == ["docs/b.md:5: MathJax could not typeset '\\foo': Undefined control sequence "
                                    "\\foo"], result.stderr
        lenient(root)
        outputs.append(html_of(root, "b").split("<article")[1].split("</article>")[0])
    alone = write_site(tmp_path / "alone", {"b.md": PAGE_B}, config=MATERIAL)
    lenient(alone)
    assert outputs[0] == outputs[1] == html_of(alone, "b").split("<article")[1].split("</article>")[0]
    assert "data-c=\"220F\"" not in outputs[0]  # \sum is a sum on b, whatever a did to it
    cached = [lenient(root, env={"BPDOCS_CACHE": "1"}) for _ in range(2)]
    assert all(warnings(r) == warnings(cached[0]) != [] for r in cached)  # the same verdict from the cache


MACROS = """site_name: t
plugins:
  - bpdocs:
      tex:
        macros:
          RR: \\mathbb{R}
          dEdw: \\frac{\\partial E}{\\partial w_1}
          norm: ['\\left\\lVert #1 \\right\\rVert', 1]
        packages: [physics]
"""
USES_MACROS = r"""# Macros

Every \(x \in \RR\), with \(\norm{x}\) and \(\qty(x)\).

```math check="1-1"
\dEdw = (y_1 - t_1) x_1
```

```math check="1-1"
\newcommand{\err}{(y_1 - t_1)}
\dEdw = \err x_1 \\
\dEdw = \err t_1
```
"""


def test_the_tex_option_feeds_the_typesetter_the_checker_and_the_browser(tmp_path):
    root = write_site(tmp_path / "build", {"index.md": USES_MACROS}, config=MACROS)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    # the macros are typeset, and the checker reads them expanded: only the wrong row fails, at its own line
    assert result.returncode != 0
    assert re.search(r"^ERROR\s+-\s+docs/index.md:12: the equation does not hold", result.stderr, re.M), result.stderr
    assert warnings(result) == [] and "macro" not in result.stderr
    browser = write_site(tmp_path / "browser", {"index.md": USES_MACROS.split("```math check")[0]},
                         config=MACROS + "      typeset: browser\n")
    assert (result := build(browser, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
    config = (browser / "site" / "assets" / "bpdocs" / "mathjax-config.js").read_text()
    assert '"RR": "\\\\mathbb{R}"' in config and '"norm": ["\\\\left\\\\lVert #1 \\\\right\\\\rVert", 1]' in config
    assert '"packages": ["physics"]' in config and "applyToMathJax" in config
    assert (browser / "site" / "assets" / "bpdocs" / "mathjax" / "input" / "tex" / "extensions" / "physics.js").is_file()


def test_the_cache_key_of_typeset_math_holds_the_tex_option(tmp_path):
    root = write_site(tmp_path, {"index.md": "# P\n\n\\(x \\in \\RR\\)\n"},
                      config=MACROS.replace("packages: [physics]", "packages: []"))
    env = {"BPDOCS_CACHE": "1"}
    assert (first := build(root, env=env)).returncode == 0, first.stderr
    double_struck = html_of(root)
    assert 'data-c="211D"' in double_struck  # ℝ
    (root / "mkdocs.yml").write_text((root / "mkdocs.yml").read_text().replace("\\mathbb{R}", "\\mathbf{R}"))
    assert (second := build(root, env=env)).returncode == 0, second.stderr
    assert "1 formula(s) typeset (0 from cache)" in second.stderr  # the macro changed: typeset again
    assert 'data-c="211D"' not in html_of(root) and 'data-c="1D411"' in html_of(root)  # a bold R now


ALIGNED = "# Numbers\n\n$$\n\\begin{align}\na &= b \\\\\nc &= d\n\\end{align}\n$$\n\n$$\ne = f \\tag{7}\n$$\n"


def test_equation_numbers_follow_the_tags_setting_as_mathjax_s_own(tmp_path):
    """Review (a 373-page site moved from its own MathJax, tags 'none' by default): bpdocs numbered every align
    ('ams', fixed), 29 numbers the site never had, and `tex: {tags: none}` was refused as an unknown key."""
    numbers = {}
    for tags in ("ams", "none"):
        config = f"site_name: t\nplugins:\n  - bpdocs:\n      tex:\n        tags: {tags}\n"
        root = write_site(tmp_path / tags, {"index.md": ALIGNED}, config=config)
        assert (result := build(root, env={"BPDOCS_CACHE": "0"})).returncode == 0, result.stderr
        numbers[tags] = re.findall(r'<mjx-container[^>]*>.*?</mjx-container>', (root / "site" / "index.html")
                                   .read_text(), re.S)
    count = {tags: sum(len(re.findall(r'id="mjx-eqn:', c)) for c in found) for tags, found in numbers.items()}
    assert count == {"ams": 3, "none": 1}, count  # (1), (2) and (7); (7) alone: a \tag is always shown
