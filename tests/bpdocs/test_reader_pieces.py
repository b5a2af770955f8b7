"""What the reader gets, piece by piece (issue 19), without a site: formulas as text and as speech, the page
the search index reads, figures with names and a minimum size, an erratum's box, a diagram's words and
arrows."""

from __future__ import annotations

import html
import re

import pytest

from bpdocs import check_equation
from bpdocs.core.checked import checked_equation, counterexample_table, words_with_math
from bpdocs.core.figures import describe_figure, figure_html, label_svg
from bpdocs.core.searchtext import equation_anchors, search_html
from bpdocs.core.texwords import spoken_text, tex_text


@pytest.mark.parametrize("tex, text", [
    (r"\Delta w_1 = \frac{\partial E}{\partial w_1}", "Δw₁ = ∂E/∂w₁"),
    (r"\delta^l_j = \sum_k w^{l+1}_{kj}\, \delta^{l+1}_k", "δˡⱼ = Σₖ wˡ⁺¹ₖⱼ δˡ⁺¹ₖ"),
    (r"\delta^l = \left((W^{l+1})^T \delta^{l+1}\right) \odot \sigma'(z^l)", "δˡ = ((Wˡ⁺¹)ᵀ δˡ⁺¹) ⊙ σ′(zˡ)"),
    (r"\Delta w^l_{ji} = x_i \sum_k \delta_k \prod_{h=l+1}^{L} w^h_{kj}", "Δwˡⱼᵢ = xᵢ Σₖ δₖ Πₕ₌ₗ₊₁ᴸ wʰₖⱼ"),
    (r"\begin{align*} y &= a \\ &= b \label{eq-x} \tag{3} \end{align*}", "y = a ; = b (3)"),
    (r"\Delta w_1 = (0.40 - 1.00)(0.50) = -0.30", "Δw₁ = (0.40 - 1.00)(0.50) = -0.30"),
    (r"x_{bc} \text{ for } l < L", "x_(bc) for l < L"),
    (r"\sqrt{x^2+1} + \hat{y}_k", "√(x² + 1) + y\u0302ₖ"),
    (r"\eqref{eq-x} and \ref{eq-x}, \eqref{nowhere}", "(3) and 3,"),
    (r"\frac{dE}{dx} = \frac{dE}{dy}\frac{dy}{dx}", "dE/dx = dE/dy dy/dx"),  # (it was dE/dydy/dx)
    (r"\left(\frac{a}{b}\right)^2", "(a/b)²"),
    # a macro it does not know (a site's \ket, MathJax's \curlyeqprec) is a word of its own (they were glued: "ketψⱼ",
    # "αgeqslant0", as a real site's search index had them); \geqslant and \lVert are symbols
    (r"\ket{\psi_j}", "ket ψⱼ"),
    (r"\alpha\curlyeqprec0", "α curlyeqprec 0"),
    (r"\alpha\geqslant0 \lVert x\rVert", "α ≥ 0 ‖x‖"),
    # an operator's name is a word apart (a real site's focal loss read "γlogp"), glued only to its argument in
    # parentheses and its scripts; an array's column spec is no word of the formula (it read "{ cl - α")
    (r"(1-p)^\gamma \log p + \log(1 + e^x) + \max_k y_k + \log^2 x",
     "(1 - p)^γ log p + log(1 + eˣ) + maxₖ yₖ + log² x"),
    (r"\left\{ \begin{array}{cl} a, & y = 1 \\ 0 & \text{else} \end{array} \right.", "{ a, y = 1 ; 0 else"),
    # symbols a real site's search text had as words ("a lt b", "p wedge q", "displaylines")
    (r"a \lt b \gt c, \neg p \land q \lor r", "a < b > c, ¬p ∧ q ∨ r"),
    (r"A \leftrightarrow B \iff C \subseteq \emptyset", "A ↔ B ⇔ C ⊆ ∅"),
    # (xdiag's search text had "n_(uparrow) = n_(downarrow)"): arrows, orders, big operators; none spaced in a script
    (r"n_\uparrow = n_\downarrow = 8", "n_↑ = n_↓ = 8"),
    (r"\gamma_\mu B = 20 \,\mathrm{MHz}, a^\alpha b, x_qy, W_q^T", "γ_μ B = 20 MHz, a^α b, x_q y, W_qᵀ"),  # (was γ_μB)
    (r"a \prec b \vdash c, A \sqcup B = \bigcup_i A_i, x \gets y \Longleftrightarrow z \nleq 0",
     "a ≺ b ⊢ c, A ⊔ B = ⋃ᵢ Aᵢ, x ← y ⟺ z ≰ 0"),
    (r"\displaylines{a = b \\ c = d}", "a = b ; c = d"),
    # cp-algorithms' search index read $\binom{n}{k}$ as "binom nk"
    (r"\binom{n}{k} = \tbinom{n}{n-k}, \dbinom{2n}{n}", "(n choose k) = (n choose n - k), (2n choose n)"),
    (r"a \bmod b, a \equiv b \pmod{m}", "a mod b, a ≡ b (mod m)"),
    # a real site's x \in \mathbb{R}^d read "x ∈ Rᵈ"
    (r"x \in \mathbb{R}^d, \mathbb{E}[X], \mathbb N, \mathbb{1}_{x > 0}", "x ∈ ℝᵈ, 𝔼[X], ℕ, 𝟙_(x > 0)"),
    # a real site's repeating decimal, 0.08\overline{3}, read "0.083" (the bar lost); its scripts are not barred
    (r"0.08\overline{3}, \overline{w_{ki}}, \underline{x}", "0.083\u0305, w\u0305ₖᵢ, x\u0332"),
    # Wannier90's search index read ({\bf k}) as "(bf k)", \Omega_{\rm I} as "Ω_(rm I)", and a comment as text
    (r"({\bf k}) + \Omega_{\rm I} + {\cal L} + {\it x}", "(k) + Ω_I + L + x"),
    ("a = b %\\int_{\\rm BZ} d{\\bf k}\nc = d, 50\\% off", "a = b c = d, 50 % off"),
])
def test_tex_as_text(tex, text):
    assert tex_text(tex, {"eq-x": "3"}) == text


@pytest.mark.parametrize("tex, words", [
    ("h^{1}_{1}", "h sup 1 sub 1"),
    ("w^{2}_{11}", "w sup 2 sub 1 1"),
    (r"\delta^L_k = y_k - t_k", "delta sup L sub k equals y sub k minus t sub k"),
    (r"\frac{\partial E}{\partial w}", "partial E over partial w"),
    (r"\sigma'(z)", "sigma prime (z)"),
])
def test_tex_as_speech(tex, words):
    assert spoken_text(tex) == words


PAGE = """<h2 id="a">A</h2>
<p>Here <span class="arithmatex">\\(x_1 = 0.5\\)</span> feeds it, and see <span class="arithmatex">\\(\\eqref{eq-y}\\)</span>.</p>
<div class="arithmatex">\\[ y_1 = w_1 x_1 \\label{eq-y} \\tag{2} \\]</div>
<details class="bpdocs-check bpdocs-check-holds" title="checked"><summary>checked</summary><p>5 networks</p></details>
<div class="bpdocs-table"><table><tr><th>weight</th><th>backprop</th></tr><tr><td>w^1_11</td><td>4.908600</td></tr></table></div>
<p>The outputs are 0.02, 0.98 and (0.50).</p>
<div class="bpdocs-figure"><svg role="img" aria-label="A plot: the error while learning." width="10pt"><path d="M 0 0"/><!-- Matplotlib v3 --></svg></div>
"""


def searched_words(text: str) -> set[str]:
    """The words Material's search (and MkDocs' own) finds in a text: split at spaces and hyphens (the default
    separator), each trimmed of what is not a word's at its ends (lunr's trimmer)."""
    return {re.sub(r"^\W+|\W+$", "", word) for word in re.split(r"[\s\-]+", text)}


@pytest.mark.parametrize("written, found", [
    ("The outputs are 0.02, 0.98 and (0.50).", {"0.02", "0.98", "0.50"}),
    ("a rate of 0.1; then [1.5], python 3.10, and 3.11.", {"0.1", "1.5", "3.10", "3.11"}),
    ("Proxy http://127.0.0.1:7890/ on 5900:127.0.0.1:5900", {"5900:127.0.0.1:5900"}),
    ("mihomo-v1.18.10.gz and f(0.5) and x=0.25,", {"v1.18.10.gz", "f(0.5", "x=0.25"}),
])
def test_search_keeps_prose_and_code_as_written(written, found):
    """The text a search result shows is the page's: numbers were parted from their brackets and punctuation
    ("python 3.10 , and", code's "( 1.8 , 3.6 ]", an address cut apart: two reviews of real sites), which the search
    finds them without (its trimmer)."""
    assert search_html(f"<p>{written}</p><pre><code>{written}</code></pre>") == \
        f"<p>{written}</p><pre><code>{written}</code></pre>"
    assert found <= searched_words(written)


def test_a_formulas_text_is_kept_but_a_reference_reads_its_own_pages_numbers():
    """Search texts of formulas are kept for the process (a site repeats formulas; serve reads a page again), but a
    reference (\\eqref, \\ref) is read with the equation numbers of the page it is on, whatever came before."""
    def page(tag: str) -> str:
        return (f'<div class="arithmatex">\\[ a = b \\label{{eq-a}} \\tag{{{tag}}} \\]</div>'
                '<p>By <span class="arithmatex">\\(\\eqref{eq-a}\\)</span> and <span class="arithmatex">\\(w_1\\)'
                '</span>.</p>')
    first, second = search_html(page("3")), search_html(page("7"))
    assert "(3)" in first and "(7)" in second and "(3)" not in second
    assert search_html(page("3")) == first and "w₁" in first


def test_search_reads_the_page_as_text():
    searched = search_html(PAGE)
    assert "<p>Here x₁ = 0.5 feeds it, and see (2).</p>" in searched  # formulas as text, a reference as its number
    assert "<p>y₁ = w₁ x₁ (2)</p>" in searched
    assert "5 networks" not in searched and "checked" not in searched  # no checked-equation marks
    assert "<td>w^1_11</td> <td>4.908600</td> " in searched  # each cell a word of its own
    assert "The outputs are 0.02, 0.98 and (0.50)." in searched  # prose as written (the engines split it)
    assert " A plot: the error while learning. " in searched and "<path" not in searched and "Matplotlib" not in searched
    assert not re.search(r"\\[(\[]", searched)


def test_a_page_s_labelled_equations_are_anchors_other_pages_may_link_to():
    assert equation_anchors(PAGE) == {"mjx-eqn:eq-y"}


def test_a_figure_is_named_and_never_drawn_too_small():
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="504pt" height="90pt" viewBox="0 0 504 90"><g id="a"/></svg>'
    html = figure_html(svg, "f1", caption=r"Four layers: \(w^1_{11}\) feeds \(h_1\).")
    assert html.startswith('<figure class="bpdocs-captioned"><div class="bpdocs-figure"><svg role="img" '
                           'aria-label="Four layers: w sup 1 sub 1 1 feeds h sub 1."')
    assert 'style="min-width: 538px"' in html  # 504 pt is 672 px; never below 80% of it
    assert '<span class="arithmatex">\\(w^1_{11}\\)</span>' in html and 'id="f1-a"' in html
    named = figure_html(label_svg(svg, "auto words"), "f2", alt="What the author says it shows")
    assert named.count('aria-label="What the author says it shows"') == 1 and "auto words" not in named
    assert named.count("<title>") == 1


def test_a_matplotlib_figure_is_described_by_its_own_words():
    import matplotlib

    matplotlib.use("agg")
    from matplotlib.figure import Figure

    fig = Figure()
    left, right, bare = fig.subplots(1, 3)
    left.plot([1, 2], label="loss")
    left.set(title="Learning", xlabel="step", ylabel="$E$", yscale="log")
    left.legend()
    right.set(title=r"Output over the plane", xlabel="$x_1$", ylabel="$x_2$")
    assert describe_figure(fig) == ("A figure: Learning, E against step (E on a log scale); legend: loss; "
                                    "Output over the plane, x sub 2 against x sub 1.")
    assert describe_figure(Figure()) == "A figure of 0 plot(s) without titles or labels."
    del bare


ERRATA = {
    "range": (r"\Delta w^1_{11} = x_1 \sum_k (y_k - t_k)\, w^3_{k1}\, w^2_{k1}", "1-1-1-2"),
    "mismatch": (r"\Delta w^l_{ji} = x_i \sum_k \delta_k \prod_{h=l+1}^{L} w^h_{kj}", "1-2-2-2"),
    "binding": (r"\Delta w_k = (y_k - t_k)\, x_i", "2-2"),
}


@pytest.mark.parametrize("kind", list(ERRATA))
def test_every_counterexample_is_plain_data_with_both_sides(kind):
    latex, shapes = ERRATA[kind]
    result = check_equation(latex, shapes, notation={"delta": "delta^L"})
    found = result.found
    assert not result.holds and found["kind"] == kind and found["network"] == shapes
    assert found["left"]["tex"] and found["right"]["tex"]
    if kind == "mismatch":
        assert isinstance(found["left"]["value"], float) and isinstance(found["right"]["value"], float)
        assert found["problem"] is None and len(found["values"]) == 13  # x, t and 10 weights of 1-2-2-2
    elif kind == "range":
        assert isinstance(found["left"]["value"], float) and found["right"]["value"] is None
        assert found["problem"] == {"symbol": "w^2_{21}", "text": "layer 2 has 1 unit"}
    else:  # the left side names nothing on a network with two inputs
        assert found["left"]["value"] is None and found["problem"]["symbol"] == "w_k"


def test_an_erratum_says_it_is_wrong_first_then_why_then_the_counterexample():
    latex, shapes = ERRATA["mismatch"]
    result = check_equation(latex, shapes, notation={"delta": "delta^L"})
    box = checked_equation({"latex": latex, "holds": False, "summary": "", "counterexample": result.details,
                            "found": result.found})
    order = [box.index(s) for s in ("does not hold (shown on purpose)", 'class="bpdocs-wrong"',
                                    "On a 1-2-2-2 network the two sides differ", "<table>")]
    assert order == sorted(order)
    rows = re.findall(r'<th scope="row">(.*?)</th>', box)
    assert rows == ["network", "where", "values", "left side", "right side"]
    assert box.count('<span class="arithmatex">') >= 16 and "\\Delta w^l_{ji} = 1.473" in box


@pytest.mark.parametrize("latex, says", [
    (r"\frac{\partial E}{\partial w^1_{11}} = -(y_1 - t_1) x_1",
     "the two sides differ in sign alone: is a sign flipped?"),
    (r"\frac{\partial E}{\partial w^1_{11}} = 2 (y_1 - t_1) x_1", "the two sides differ by a factor of 2.</p>"),
    (r"\frac{\partial E}{\partial w^1_{11}} = (y_1 - t_1) w^1_{11}", "the two sides differ:</p>"),
])
def test_an_erratum_says_how_the_sides_differ_as_the_build_does(latex, says):
    """A newcomer's review: the build said "in sign alone: is a sign flipped?", the page's box only "the two sides
    differ" (the squared error's advice in TeX stays the build's: the box says the factor)."""
    result = check_equation(latex, "1-1")
    box = checked_equation({"latex": latex, "holds": False, "summary": "", "counterexample": result.details,
                            "found": result.found})
    assert f"On a 1-1 network {says}" in html.unescape(box)


def _found(network: str, trial: int, values=(), problem=None, kind="mismatch") -> dict:
    return {"kind": kind, "network": network, "trial": trial, "indices": [], "values": [list(v) for v in values],
            "left": {"tex": "p", "value": 1.0}, "right": {"tex": "q", "value": None if problem else 2.0},
            "problem": problem}


@pytest.mark.parametrize("network, trial, says", [
    ("1-2-2", 3, "1-2-2, random draw 3 of the check"),  # bpcore networks: every trial is a random draw
    ("the session's code", 1, "the session's code, the page's own values"),  # check="session": first trial
    ("session attn", 1, "session attn, the page's own values"),
    ("the session's code", 2, "the session's code, draw 1 of the inputs"),  # then the inputs drawn anew
    ("session attn", 5, "session attn, draw 4 of the inputs"),
])
def test_an_erratum_names_the_case_it_failed_on(network, trial, says):
    table = counterexample_table(_found(network, trial))
    assert html.unescape(re.search(r'<th scope="row">(?:network|checked against)</th><td>(.*?)</td>', table)[1]) \
        == says


@pytest.mark.parametrize("network, problem, kind, says", [
    ("1-1-1-2", {"symbol": "w^2_{21}", "text": "layer 2 has 1 unit"}, "range", "which a 1-1-1-2 network does not have"),
    ("2-2", {"symbol": None, "text": "no such unit"}, "binding", "has no value on a 2-2 network: no such unit"),
    ("the session's code", {"symbol": "x_{i+k}", "text": "names index 8, outside 1..7"}, "binding",
     "has no value against the session&#x27;s code: "),
    ("session conv", {"symbol": "x_{9}", "text": "names index 9"}, "range", "which session conv does not have"),
])
def test_an_erratum_says_in_words_where_a_side_has_no_value(network, problem, kind, says):
    box = checked_equation({"latex": "p = q", "holds": False, "summary": "", "counterexample": [],
                            "found": _found(network, 1, problem=problem, kind=kind)})
    assert says in box and " a the " not in box


def test_the_values_of_a_counterexample_wrap_between_values_never_inside_one():
    values = [("x_1", 0.123456), ("Q", [[0.12573, -0.132105], [1.30412, 0.0413261]]), ("t", [1.0, 0.0])]
    table = counterexample_table(_found("the session's code", 1, values))
    boxes = re.findall(r"<span>(.*?)</span>(?=<span>|$)",
                       re.search(r'<div class="bpdocs-drawn">(.*?)</div>', table)[1])
    assert [re.sub(r"<[^>]+>", "", b) for b in boxes] == [
        r"\(x_1 = 0.1235\),",  # each value a box of its own; the comma ends a box, never starts one
        r"\(Q = \begin{bmatrix} 0.1257 &amp; -0.1321 \\ 1.304 &amp; 0.04133 \end{bmatrix}\),",  # 4 digits, as numbers
        r"\(t = \begin{bmatrix} 1 \\ 0 \end{bmatrix}\)"]


def test_a_checked_equation_has_one_compact_mark_with_its_details_on_demand():
    html = checked_equation({"latex": "y = x", "holds": True,
                             "summary": "checked against bpcore on 1-2: 5 random networks each"})
    assert '<summary><span aria-hidden="true">\u2713</span> checked</summary>' in html
    assert "<p>Checked against bpcore on 1-2: 5 random networks each.</p></details>" in html


def test_the_checker_s_words_keep_their_math_typeset():
    assert words_with_math("the short form w_k needs one input; write w^l_{kj}") == (
        'the short form <span class="arithmatex">\\(w_k\\)</span> needs one input; write '
        '<span class="arithmatex">\\(w^l_{kj}\\)</span>')


def test_a_diagram_of_the_error_flowing_back_says_so_and_points_back():
    from bpdocs.core.diagrams.draw import draw, layout
    from bpdocs.core.diagrams.netspec import parse

    spec = parse("layers: [1, 1, 2]\ntargets: true\nerror: true\nflow: backward\nhighlight: [x_1, h_1, y_1]")
    shapes = layout(spec).shapes
    arrows = [s for s in shapes if s.kind == "arrow"]
    assert len(arrows) == 1 + 2 + 2 + 2  # every edge: weights, to the targets, to E
    assert not [s for s in shapes if s.kind == "line"]
    for arrow in arrows:  # each points towards the input (leftwards)
        (x0, _), (x1, _) = arrow.points
        assert x1 < x0
    description = draw(spec).description
    assert "arrows show the error flowing backward" in description
    assert description.endswith("highlighted path from x sub 1 through h sub 1 to y sub 1.")
