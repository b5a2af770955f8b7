"""The TeX macros of a site's own MathJax or KaTeX configuration, read for the equation checker
(core/typeset/sitemacros.py, static/site-macros.js): a site that keeps its own renderer defines a macro once."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bpdocs.core.typeset.settings import Macro, read_tex
from bpdocs.core.typeset.sitemacros import read_site_macros, site_math_openings, with_site_macros

from ..sitebuild import MINIMAL_CONFIG, build, write_site

SITES = Path(__file__).parents[1] / "browser" / "mathsites"
MATERIAL_MATHJAX = """\
window.MathJax = {
  tex: {
    inlineMath: [["\\\\(", "\\\\)"]],
    displayMath: [["\\\\[", "\\\\]"]],
    macros: {pd: ["\\\\frac{\\\\partial #1}{\\\\partial #2}", 2], R: "\\\\mathbb{R}"}
  },
  options: {ignoreHtmlClass: ".*|", processHtmlClass: "arithmatex"}
};
document$.subscribe(() => {
  MathJax.startup.output.clearCache()
  MathJax.typesetClear()
  MathJax.texReset()
  MathJax.typesetPromise()
})
"""


def test_the_macros_of_a_material_mathjax_or_katex_configuration_are_read(tmp_path):
    mathjax = tmp_path / "mathjax.js"
    mathjax.write_text(MATERIAL_MATHJAX)
    katex = SITES / "katex-notes" / "docs" / "javascripts" / "katex.js"  # document$.subscribe(renderMathInElement)
    macros, read = read_site_macros([mathjax, katex])
    assert macros == {"pd": ["\\frac{\\partial #1}{\\partial #2}", 2], "R": "\\mathbb{R}", "RR": "\\mathbb{R}",
                      "norm": "\\left\\lVert #1 \\right\\rVert", "E": "\\mathbb{E}"}
    assert read == [str(mathjax), str(katex)]


@pytest.mark.parametrize("script", [
    "window.MathJax = {tex: {macros: {a: 'b'}}};\nwhile (true) {}\n",  # never ends: stopped, nothing read
    "require('fs').writeFileSync('{marker}', 'x'); window.MathJax = {tex: {macros: {a: 'b'}}};",  # no Node modules
    "window.MathJax = {tex: {macros: {a: 'b'}}}; process.exit(3);",
])
def test_a_script_that_does_more_than_configure_gives_nothing_and_touches_nothing(tmp_path, script):
    marker = tmp_path / "written"
    path = tmp_path / "config.js"
    path.write_text(script.replace("{marker}", str(marker)))
    assert read_site_macros([path]) == ({}, [])
    assert not marker.exists()


def test_the_tex_options_macros_win_and_what_it_could_not_take_is_left_out():
    tex = read_tex({"macros": {"R": "\\mathbf{R}"}})
    merged = with_site_macros(tex, {"R": "\\mathbb{R}", "pd": ["\\frac{\\partial #1}{\\partial #2}", 2],
                                    "bad": ["#3", 1], "x1": "y"})
    assert merged.macros == (Macro("R", "\\mathbf{R}"), Macro("pd", "\\frac{\\partial #1}{\\partial #2}", 2))
    assert with_site_macros(tex, {}) is tex


CONFIG = """\
site_name: Own MathJax
theme:
  name: material
markdown_extensions:
  - pymdownx.arithmatex:
      generic: true
  - pymdownx.superfences
extra_javascript:
  - javascripts/mathjax.js
  - https://unpkg.com/mathjax@3/es5/tex-mml-chtml.js
plugins:
  - search
  - bpdocs:
      mathjax: "off"
"""
PAGE = """\
# Gradients

```math check="1-1"
\\pd{E}{w_{11}} = (y_1 - t_1)\\, x_1
```

```math check="1-1"
\\pd{E}{w_{11}} = (t_1 - y_1)\\, x_1
```
"""


def test_a_site_that_keeps_its_own_mathjax_has_its_equations_checked_with_its_macros(tmp_path):
    """Review (a course site keeping its MathJax, macros in docs/javascripts/mathjax.js): its checked equations
    were refused, "the macro \\pd is not supported by the checker", unless the macros were copied into tex."""
    root = write_site(tmp_path, {"index.md": PAGE}, config=CONFIG)
    (root / "docs" / "javascripts").mkdir()
    (root / "docs" / "javascripts" / "mathjax.js").write_text(MATERIAL_MATHJAX)
    result = build(root, env={"BPDOCS_CACHE": "0"})
    assert result.returncode != 0
    errors = re.findall(r"ERROR\s+-\s+(docs/index\.md:\d+: .*)", result.stderr)
    assert errors == ["docs/index.md:8: the equation does not hold"], result.stderr  # the true one holds
    assert "reads the 2 TeX macro(s) of the site's own configuration (javascripts/mathjax.js): \\R, \\pd\n" in \
        result.stderr
    checked = subprocess.run([str(Path(sys.executable).with_name("bpdocs")), "check"], cwd=root, capture_output=True,
                             text=True, env={**os.environ, "BPDOCS_CACHE": "0"})
    assert re.findall(r"^(docs/index\.md:\d+: .*)$", checked.stdout, re.M) == errors, checked.stdout + checked.stderr


def test_the_scripts_are_read_again_only_when_one_changed(tmp_path, monkeypatch):
    """``mkdocs serve`` configures the site on every rebuild: Node runs the scripts again only after an edit (and a
    failed run is not kept)."""
    from bpdocs.core.typeset import sitemacros

    path = tmp_path / "mathjax.js"
    path.write_text(MATERIAL_MATHJAX)
    runs = []
    node_read = sitemacros._node_read
    monkeypatch.setattr(sitemacros, "_node_read", lambda scripts: runs.append(scripts) or node_read(scripts))
    first = read_site_macros([path])
    assert read_site_macros([path]) == first and len(runs) == 1
    path.write_text(MATERIAL_MATHJAX.replace('R: "\\\\mathbb{R}"', 'R: "\\\\mathbf{R}"'))
    assert read_site_macros([path])[0]["R"] == "\\mathbf{R}" and len(runs) == 2
    monkeypatch.setattr(sitemacros, "_node_read", lambda scripts: runs.append(scripts) and None)
    path.write_text(MATERIAL_MATHJAX + "\n")
    assert read_site_macros([path]) == ({}, []) and read_site_macros([path]) == ({}, []) and len(runs) == 4


@pytest.mark.parametrize("script, opening", [
    ("renderMathInElement(document.body, {delimiters: [{left: '$$', right: '$$', display: true},"
     " {left: '$', right: '$', display: false}]});", ["$$", "$"]),  # walkccc/CLRS
    ("document.addEventListener('DOMContentLoaded', () => renderMathInElement(document.body,"
     " {delimiters: [{left: '\\\\(', right: '\\\\)', display: false}]}));", ["\\("]),
    ("renderMathInElement(document.body);", None),  # KaTeX's defaults
    ("window.MathJax = {tex: {inlineMath: [['$', '$'], ['\\\\(', '\\\\)']]}};", ["$", "\\(", "$$", "\\[", "\\begin"]),
    ("window.MathJax = {tex: {displayMath: [['$$', '$$']], processEnvironments: false}};", ["\\(", "$$"]),
    ("window.MathJax = {tex: {macros: {RR: '\\\\mathbb{R}'}}};", None),  # MathJax's defaults
])
def test_what_opens_math_for_the_sites_renderer_is_read_from_its_configuration(tmp_path, script, opening):
    path = tmp_path / "config.js"
    path.write_text(script)
    assert site_math_openings([path]) == opening


@pytest.mark.parametrize("opening, syntax", [
    (None, {"inline_syntax": ["round"], "block_syntax": ["square", "begin"]}),
    (["$$", "$"], {"inline_syntax": [], "block_syntax": []}),
    (["\\(", "$$"], {"inline_syntax": ["round"], "block_syntax": []}),
    (["$", "\\[", "\\begin{equation}"], {"inline_syntax": [], "block_syntax": ["square", "begin"]}),
])
def test_the_arithmatex_added_to_a_site_that_renders_its_own_math_marks_only_what_its_renderer_reads(opening,
                                                                                                      syntax):
    from bpdocs.sitesetup import _site_syntax

    assert _site_syntax(opening) == syntax


def test_a_sites_many_macros_are_counted_not_listed(tmp_path):
    """A newcomer's review: a real site's 192 macros made a 2 kB line in every build's log; the note names a few."""
    many = ", ".join(f"m{chr(97 + n // 26)}{chr(97 + n % 26)}: \"\\\\mathbf{{{n}}}\"" for n in range(30))
    root = write_site(tmp_path, {"index.md": PAGE.replace("\\pd{E}{w_{11}}", "\\frac{\\partial E}{\\partial w_{11}}")},
                      config=CONFIG)
    (root / "docs" / "javascripts").mkdir()
    (root / "docs" / "javascripts" / "mathjax.js").write_text(
        MATERIAL_MATHJAX.replace('R: "\\\\mathbb{R}"', 'R: "\\\\mathbb{R}", ' + many))
    result = build(root, env={"BPDOCS_CACHE": "0"})
    note = next(line for line in result.stderr.splitlines() if "TeX macro(s) of the site's own" in line)
    assert "reads the 32 TeX macro(s)" in note and note.endswith(" and 20 more") and len(note) < 400, note


@pytest.mark.parametrize("message, written, expanded, said", [
    # a newcomer's page on a real site: \E (expectation) was reported as "\mathop is not bound", a macro it never wrote
    ("\\mathop is not bound", "\\lmoment{1} = \\E[x]", "\\lambda_{1} = \\mathop{\\mathbb{E}}[x]",
     "\\mathop is not bound (\\mathop, not written in the equation, comes from its macros \\lmoment, \\E, expanded"),
    ("\\mathop and \\mathbb are not read", "y = \\E[x]", "y = \\mathop{\\mathbb{E}}[x]",
     "(\\mathop, \\mathbb, not written in the equation, come from its macros \\E, expanded"),
])
def test_a_refusal_naming_what_a_macro_expanded_to_names_the_macro(message, written, expanded, said):
    from bpdocs.core.run.cells import traced

    assert said in traced(message, written, expanded)


@pytest.mark.parametrize("message, written, expanded", [
    ("\\eta is not part of the notation", "\\Delta w = -\\eta g", "\\Delta w = -\\eta g"),  # (no macro of its own)
    ("\\eta is not part of the notation", "\\RR w = -\\eta g", "\\mathbb{R} w = -\\eta g"),  # (written: no note)
])
def test_a_refusal_about_what_the_author_wrote_is_left_as_it_is(message, written, expanded):
    from bpdocs.core.run.cells import traced

    assert traced(message, written, expanded) == message


def test_a_checked_equation_refused_for_a_macros_expansion_names_the_macro_in_a_build(tmp_path):
    config = MINIMAL_CONFIG.replace("      typeset: browser", "      typeset: browser\n      tex:\n        macros:\n"
                                    "          E: '\\mathop{\\mathbb{E}}'")
    page = ('# Page\n\n```python exec="on" session="m"\nimport numpy as np\nx = np.arange(4.0)\n'
            'mean = x.mean()\n```\n\n```math check="session" session="m" bind="y=mean"\ny = \\E[x]\n```\n')
    result = build(write_site(tmp_path, {"index.md": page}, config))
    assert result.returncode != 0
    assert re.search(r"docs/index\.md:10: cannot check this equation: .*\\mathop.*comes from its macros \\E, expanded",
                     result.stderr), result.stderr
