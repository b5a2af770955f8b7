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
