"""Node typesets a formula once (issue 21): a formula whose result cannot depend on its page (no label, equation
number or reference, no definition) is kept by the typesetter's Node with the glyphs its SVG uses, for the
page's definitions so far, and a page that has it again gets exactly what typesetting it would give: the same
HTML, and the same glyph definitions in the same order. Each page is compared with a Node that has no memo."""

from __future__ import annotations

from pathlib import Path

import markdown
import pytest

from bpdocs.core.typeset import Typesetter, formulas_of, read_tex, written_formulas
from bpdocs.core.typeset.process import unavailable

pytestmark = pytest.mark.skipif(unavailable() is not None or unavailable("katex") is not None,
                                reason="needs Node, MathJax and KaTeX")

DOCS = Path(__file__).resolve().parents[2] / "docs"

# A site as authors write one: macros in the `tex` option, a page-level \newcommand (and one that changes a
# site macro), numbered align environments with labels, \eqref before and after its equation, the same
# symbols on every page, a TeX error, a link the safe rules take out.
SITE_TEX = read_tex({"macros": {"RR": r"\mathbb{R}", "norm": [r"\left\lVert #1 \right\rVert", 1],
                                "E": r"\mathcal{E}", "vect": [r"\mathbf{#1}", 1]},
                     "packages": ["mathtools", "color"]})
PAGES = [
    [(r"x \in \RR^n", False), (r"\norm{w}", False), (r"E = \tfrac12 \sum_k (y_k - t_k)^2", True),
     (r"\begin{align} y &= w x \label{eq:y} \\ E &= \tfrac12 (y - t)^2 \label{eq:E} \end{align}", True),
     (r"\eqref{eq:E}", False), (r"\eqref{eq:later}", False), (r"w_1", False), (r"\frac{\partial E}{\partial w_1}", True),
     (r"\begin{equation} \delta = y - t \label{eq:later} \end{equation}", True), (r"w_1", False), (r"\E", False)],
    # the same symbols, a page-level macro, \R defined here only, a site macro changed for this page
    [(r"w_1", False), (r"x \in \RR^n", False), (r"\newcommand{\R}{\mathbb{R}} \R^n", False), (r"x \in \R", False),
     (r"\renewcommand{\E}{\mathrm{Err}} \E", False), (r"\E", False), (r"\norm{w}", False),
     (r"\begin{align*} a &= b \\ c &= d \end{align*}", True), (r"\frac{\partial E}{\partial w_1}", True),
     (r"\DeclareMathOperator{\tr}{tr} \tr A", False), (r"\tr B", False), (r"\frac{1}{", False),
     (r"\href{javascript:alert(1)}{x}", False), (r"\color{red}{y}", False), (r"\boldsymbol{W}^{(k)} \cancel{x}", True),
     (r"\bbox[red]{a} \enclose{circle}{b} \unicode{x2206} \ce{H2O} \texttip{c}{d} \verb|v|", False)],
    # \R without its definition: an error here, whatever page defined it before; the site's \E again
    [(r"x \in \R", False), (r"\E", False), (r"\tr B", False), (r"\frac{1}{", False),
     (r"\href{javascript:alert(1)}{x}", False), (r"\norm{w}", False), (r"\begin{align} a &= b \end{align}", True),
     (r"\begin{align} a &= b \tag{7} \end{align}", True), (r"w_1", False)],
    # a macro that defines another when it is used (the typesetter sees the definition being made)
    [(r"\newcommand{\mk}{\def\y{c}}", False), (r"\mk", False), (r"\y", False), (r"w_1", False),
     (r"\definecolor{mine}{RGB}{10,20,30} \color{mine}{x}", False), (r"\color{mine}{x}", False)],
    [(r"\newcommand{\mk}{\def\y{c}}", False), (r"\y", False), (r"\color{mine}{x}", False), (r"\R", False)],
    # the first page again: its own definitions and numbers, none carried over from the pages between
    None,
]
PAGES[-1] = PAGES[0]


KATEX_TEX = read_tex({"renderer": "katex", "macros": {"RR": r"\mathbb{R}", "norm": [r"\left\lVert #1 \right\rVert", 1],
                                                    "E": r"\mathcal{E}"}})
KATEX_PAGES = [
    [(r"x \in \RR^n", False), (r"\norm{w}", False), (r"E = \tfrac12 \sum_k (y_k - t_k)^2 \tag{1}", True),
     (r"w_1", False), (r"\frac{\partial E}{\partial w_1}", True), (r"\E", False), (r"w_1", False)],
    [(r"w_1", False), (r"\frac{\partial E}{\partial w_1}", True), (r"\newcommand{\Rn}{\mathbb{R}^n} \Rn", False),
     (r"x \in \Rn", False), (r"\renewcommand{\E}{\mathrm{Err}} \E", False), (r"\E", False),
     (r"\gdef\mk{\gdef\y{c}}", False), (r"\mk", False), (r"\y", False), (r"\frac{1}{", False),
     (r"\href{javascript:alert(1)}{x}", False), (r"a \tag{1}", True), (r"b \tag{1}", True)],
    [(r"x \in \Rn", False), (r"\E", False), (r"\y", False), (r"\frac{1}{", False),
     (r"\href{javascript:alert(1)}{x}", False), (r"\norm{w}", False), (r"b \tag{1}", True), (r"x \in \RR^n", False),
     (r"\frac{\partial E}{\partial w_1}", True), (r"w_1", False)],
    [(r"\gdef\mk{\gdef\y{c}}", False), (r"\y", False), (r"w_1", False)],
    None,
]
KATEX_PAGES[-1] = KATEX_PAGES[0]


def site_pages() -> list[list[tuple[str, bool]]]:
    """Every formula of this repository's own pages, page by page: as arithmatex marks them (inline or display),
    and those written in fences (checked equations, math fences) as display formulas."""
    pages = []
    for path in sorted(DOCS.glob("*.md")):
        text = path.read_text(encoding="utf-8")
        html = markdown.markdown(text, extensions=["pymdownx.arithmatex"],
                                 extension_configs={"pymdownx.arithmatex": {"generic": True}})
        marked = formulas_of(html)
        known = {tex for tex, _ in marked}
        formulas = marked + [(tex, True) for tex, _ in written_formulas(text) if tex not in known]
        if formulas:
            pages.append(formulas)
    return pages


def typeset_all(pages, settings, memo: bool) -> tuple[list[dict], int]:
    typesetter = Typesetter(settings=settings, memo=memo)
    try:
        return [typesetter.typeset(formulas) for formulas in pages], typesetter.formulas_typeset
    finally:
        typesetter.close()


@pytest.mark.parametrize("pages, settings", [(PAGES, SITE_TEX), (site_pages(), read_tex({})),
                                             (KATEX_PAGES, KATEX_TEX)],
                         ids=["a site's pages", "this site's pages", "a KaTeX site's pages"])
def test_a_formula_taken_from_the_memo_is_what_typesetting_it_makes(pages, settings):
    with_memo, typeset = typeset_all(pages, settings, memo=True)
    without, every = typeset_all(pages, settings, memo=False)
    assert every >= sum(len(formulas) for formulas in pages)  # (a forward \eqref is typeset twice)
    assert typeset < every * 0.9  # the memo was used: every page shares symbols with the others
    for n, (page, expected) in enumerate(zip(with_memo, without)):
        assert page["defs"] == expected["defs"], f"page {n + 1}: glyph definitions differ"
        for formula, got, want in zip(pages[n], page["results"], expected["results"]):
            assert got == want, f"page {n + 1}: {formula[0]!r} differs"


def test_a_page_that_changes_a_macro_gets_its_own_meaning():
    (first, second, third, defining, undefined, again), _ = typeset_all(PAGES, SITE_TEX, memo=True)
    site_e, changed_e, third_e = first["results"][10], second["results"][5], third["results"][1]
    assert "Err" not in site_e["html"] and site_e["html"] == third_e["html"]  # \E as the site defines it
    assert changed_e["html"] != site_e["html"] and changed_e["error"] is None  # \E as page 2 redefined it
    assert second["results"][3]["error"] is None and "\\R" in third["results"][0]["error"]  # \R: page 2 only
    assert third["results"][2]["error"] is not None  # \tr: declared on page 2 only
    assert defining["results"][2]["error"] is None and "\\y" in undefined["results"][1]["error"]  # \y: made by \mk
    assert undefined["results"][2]["html"] != defining["results"][5]["html"]  # the colour `mine`: page 4 only
    assert (again["results"], again["defs"]) == (first["results"], first["defs"])
    assert second["results"][12]["removed"] and second["results"][12] == third["results"][4]  # the link, each time


def test_a_katex_page_that_changes_a_macro_gets_its_own_meaning():
    (first, second, third, fourth, again), _ = typeset_all(KATEX_PAGES, KATEX_TEX, memo=True)
    assert first["results"][5]["html"] == third["results"][1]["html"] != second["results"][5]["html"]  # \E
    assert second["results"][3]["error"] is None and third["results"][0]["error"] is not None  # \Rn: page 2 only
    assert second["results"][8]["error"] is None and third["results"][2]["error"] is not None  # \y: made by \mk
    assert fourth["results"][1]["error"] is not None  # \mk defined, never used: no \y
    assert second["results"][12]["error"] is third["results"][6]["error"] is None  # b \tag{1}, after a \tag{1} or not
    assert second["results"][12]["html"] == third["results"][6]["html"]
    assert second["results"][10]["removed"] and second["results"][10] == third["results"][4]
    assert again["results"] == first["results"]


def primed_guess(formulas: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """What a page's Markdown tells of its formulas before its cells have run: most of them (not the outputs),
    in another order, and some that the page will not hold after all (a formula a fence turns into another)."""
    guess = [formula for n, formula in enumerate(formulas) if n % 3 != 1]
    return guess[::-1] + [(r"\text{not on the page} \newcommand{\E}{\mathrm{Wrong}}", False), (r"\E", False)]


def typeset_primed(pages, settings, prime: bool) -> tuple[list[dict], int]:
    """Each page typeset by one typesetter (its memo kept from page to page), primed first or not; and how many
    of the pages' own formulas Node typeset (those of the primes not counted)."""
    typesetter = Typesetter(settings=settings, memo=True)
    made, counted = [], 0
    try:
        for formulas in pages:
            if prime:
                typesetter.prime(primed_guess(formulas))
            before = typesetter.formulas_typeset
            made.append(typesetter.typeset(formulas))
            counted += typesetter.formulas_typeset - before
    finally:
        typesetter.close()
    return made, counted


@pytest.mark.parametrize("pages, settings", [(PAGES, SITE_TEX), (site_pages(), read_tex({}))],
                         ids=["a site's pages", "this site's pages"])
def test_a_page_primed_while_its_cells_run_is_what_typesetting_it_makes(pages, settings):
    """Typesetter.prime typesets a guess at a page's formulas into Node's memo (a site's first build primes each
    running page's Markdown): the page typeset after it is the same, byte for byte, as without the prime (and
    without any memo), and Node typesets fewer of its formulas then."""
    without, _ = typeset_all(pages, settings, memo=False)
    primed, after_prime = typeset_primed(pages, settings, prime=True)
    _, unprimed = typeset_primed(pages, settings, prime=False)
    for n, (page, expected) in enumerate(zip(primed, without)):
        assert (page["results"], page["defs"]) == (expected["results"], expected["defs"]), f"page {n + 1}"
    assert after_prime < unprimed * 0.9  # what a prime typeset, the page took from the memo


# Packages MathJax autoloads on a macro's first use, each first used after some formulas that other pages share.
AUTOLOADING_PAGES = [
    [(r"w_1", False), (r"\boldsymbol{W}^{(2)}", False), (r"E = \tfrac12 (y - t)^2", True), (r"\frac{\partial E}{\partial w_1}", True)],
    [(r"w_1", False), (r"\cancel{x} + \color{red}{y}", False), (r"E = \tfrac12 (y - t)^2", True), (r"\bbox[5px]{z}", False)],
    [(r"E = \tfrac12 (y - t)^2", True), (r"\frac{\partial E}{\partial w_1}", True), (r"\boldsymbol{W}^{(2)}", False),
     (r"\cancel{x} + \color{red}{y}", False), (r"\bbox[5px]{z}", False), (r"\color{blue} w_1", False)],
]


def test_a_macro_mathjax_autoloads_keeps_no_later_formula_from_the_memo():
    """A page's first \\boldsymbol (or \\cancel, \\color, \\bbox) loads its package: that used to make every
    later formula of the page a definition's dependant, typeset again though another page had it (this site's
    checking page, with one \\boldsymbol early, typeset 120 formulas twice). Each distinct formula is typeset once
    now, and every page is what MathJax alone makes (memo: false, packages autoloaded as MathJax does)."""
    with_memo, typeset = typeset_all(AUTOLOADING_PAGES, read_tex({}), memo=True)
    without, _ = typeset_all(AUTOLOADING_PAGES, read_tex({}), memo=False)
    assert typeset == len({formula for page in AUTOLOADING_PAGES for formula in page})
    for n, (page, expected) in enumerate(zip(with_memo, without)):
        assert (page["results"], page["defs"]) == (expected["results"], expected["defs"]), f"page {n + 1}"


def test_a_site_on_colorv2_keeps_its_color_meaning():
    """colorv2 gives \\color the meaning of MathJax 2 (\\color{red}{x} colours only x); the color package, were it
    loaded ahead, would give it LaTeX's (everything after it). A site that lists colorv2 gets its own."""
    pages = [[(r"\color{red}{x} y", False), (r"w_1", False)]]
    settings = read_tex({"packages": ["colorv2"]})
    (with_memo,), _ = typeset_all(pages, settings, memo=True)
    (without,), _ = typeset_all(pages, settings, memo=False)
    (latex_color,), _ = typeset_all(pages, read_tex({}), memo=False)
    assert with_memo == without and with_memo["results"][0]["html"] != latex_color["results"][0]["html"]
