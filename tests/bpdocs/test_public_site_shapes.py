"""Real builds of sites shaped like public MkDocs sites with math that bpdocs was added to (the probe of issue
"adding bpdocs must never break a site"): what each site's own renderer typeset, the build typesets, and what
LaTeX and the browser accept is not a complaint.

- a calculus course's notes (Material, ``language: zh``, KaTeX with auto-render, ``$`` delimiters, hundreds of
  formulas): each worked example numbers its equations anew, ``\\begin{equation*} ... \\tag{1}``;
- a physics course's notes (MathJax 3 from ``extra_javascript``): the same, with ``$$ ... \\tag{1} $$``.
"""

from __future__ import annotations

import re

import pytest

from ..sitebuild import build, write_site

KATEX_NOTES = """\
site_name: 高等数学笔记
theme:
  name: material
  language: zh
  font: false
markdown_extensions:
  - admonition
  - footnotes
  - tables
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.details
  - pymdownx.superfences
plugins:
  - search
  - bpdocs:
      tex:
        renderer: katex
        delimiters:
          - {left: "$$", right: "$$", display: true}
          - {left: "\\\\[", right: "\\\\]", display: true}
          - {left: "\\\\(", right: "\\\\)", display: false}
          - {left: "$", right: "$", display: false}
"""
MATHJAX_NOTES = """\
site_name: Luminosity
theme:
  name: material
  palette:
    scheme: default
  features:
    - search.highlight
  language: zh
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
      preview: false
  - pymdownx.superfences
  - admonition
  - tables
  - attr_list
plugins:
  - search
  - bpdocs
"""


def worked_examples(opening: str, closing: str, examples: int = 40) -> str:
    """A page of worked examples, each numbering its two equations (1) and (2), with inline math around them."""
    parts = ["# 二阶常系数非齐次线性微分方程\n"]
    for n in range(1, examples + 1):
        parts.append(f"""
## 例{n}

求方程 $y'' + {n} y' = x^{n}$ 的通解，其中 $x \\in \\mathbb{{R}}$。

{opening}
y'' + p y' + q y = f(x) \\tag{{1}}
{closing}

!!! note "解"
    对应齐次方程的特征方程为 $r^2 + {n} r = 0$：

{opening}
y = Y(x) + y^{{*}}(x) \\tag{{2}}
{closing}

| 项 | 形式 |
| --- | --- |
| $f(x)$ | $P_m(x) e^{{\\lambda x}}$ |
""")
    return "".join(parts)


def typeset_count(page_html: str, renderer: str) -> int:
    if renderer == "katex":
        return len(re.findall(r'<span class="katex"', page_html))
    return len(re.findall(r"<mjx-container", page_html))


@pytest.mark.parametrize("config, opening, closing, renderer", [
    (KATEX_NOTES, "$$\n\\begin{equation*}", "\\end{equation*}\n$$", "katex"),
    (MATHJAX_NOTES, "$$", "$$", "mathjax"),
], ids=["KaTeX calculus notes", "MathJax physics notes"])
def test_equation_numbers_that_start_again_in_each_example_build_strict_and_are_all_typeset(
        tmp_path, config, opening, closing, renderer):
    """Review of a public calculus course's notes: with bpdocs rendering its KaTeX, every example's second
    \\tag{1} and \\tag{2} was replaced by an error ("used twice on this page") and failed the strict build,
    though KaTeX's auto-render, MathJax and LaTeX all typeset it."""
    root = write_site(tmp_path, {"index.md": worked_examples(opening, closing)}, config=config)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode == 0, result.stderr
    page_html = (root / "site" / "index.html").read_text()
    assert typeset_count(page_html, renderer) == 40 * 7  # two displays, two inline, one in the note, two in a table
    assert "katex-error" not in page_html and "data-mjx-error" not in page_html
    ids = re.findall(r'id="(mjx-eqn:[^"]+)"', page_html)
    assert len(ids) == len(set(ids))  # a number that comes again does not repeat an id


OWN_RENDERERS = {
    "mathjax": ("  - javascripts/mathjax.js\n  - https://polyfill.io/v3/polyfill.min.js?features=es6\n"
                "  - https://cdn.jsdelivr.net/npm/mathjax@3/es5/tex-mml-chtml.js\n",
                "window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}};\n"),
    "katex": ("  - https://cdn.jsdelivr.net/npm/katex@0.16.22/dist/katex.min.js\n"
              "  - https://cdn.jsdelivr.net/npm/katex@0.16.22/dist/contrib/auto-render.min.js\n"
              "  - javascripts/katex.js\n",
              "document$.subscribe(function () { renderMathInElement(document.body, {}); });\n"),
}


def article(page_html: str) -> str:
    return page_html.split("<article", 1)[1].split("</article>", 1)[0]


@pytest.mark.parametrize("renderer", ["mathjax", "katex"])
def test_a_site_with_its_own_renderer_that_built_strict_still_does_and_its_pages_are_unchanged(tmp_path, renderer):
    """Review of two public notes sites (MathJax 3 and KaTeX auto-render from a CDN, no warning in their
    builds): adding `- bpdocs` to plugins, as the README says, failed their strict builds (a WARNING that
    said how to switch). It is a note now; each page's article is the very HTML it was."""
    scripts, init = OWN_RENDERERS[renderer]
    config = MATHJAX_NOTES.replace("  - bpdocs\n", "") + "extra_javascript:\n" + scripts
    pages = {"index.md": worked_examples("$$", "$$", examples=3), f"javascripts/{renderer}.js": init}
    before = write_site(tmp_path / "before", pages, config=config)
    after = write_site(tmp_path / "after", pages, config=config.replace("  - search\n", "  - search\n  - bpdocs\n"))
    built = [build(root, env={"BPDOCS_CACHE": "0"}) for root in (before, after)]
    assert [result.returncode for result in built] == [0, 0], built[1].stderr
    told = f"INFO    -  bpdocs: the site loads {'KaTeX' if renderer == 'katex' else 'MathJax'} itself"
    assert "WARNING" not in built[1].stderr and told in built[1].stderr, built[1].stderr
    assert article((after / "site" / "index.html").read_text()) == article((before / "site" / "index.html").read_text())
