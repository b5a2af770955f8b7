"""Random LaTeX, in the checker's grammar and outside it: the checker never crashes and never hangs. Every input
gets a verdict (holds, or a sentence saying why not); an expression never "does not hold" against itself, and an
equation is never judged "does not hold" when one of its sides is something the checker reports it cannot read."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from bpdocs import check_equation

INDEX = st.sampled_from(["1", "2", "3", "10", "j", "k", "l", "L", "K", "l+1", "l-1", "i", "i+k-1", "n"])
LAYERED = st.sampled_from(["h", "z", "\\delta", "b", "a", "W", "w"])
BARS = [("|", "|"), ("\\lvert ", " \\rvert"), ("\\left| ", " \\right|")]  # an absolute value, as written
PLAIN = st.sampled_from(["x", "y", "t", "E", "C", "n", "N", "E_0", "E_n", "\\lambda", "\\eta", "\\hat{y}", "g"])


@st.composite
def symbols(draw):
    name = draw(st.one_of(LAYERED, PLAIN))
    text = name
    if draw(st.booleans()):
        text += "^{" + draw(INDEX) + "}"
    if draw(st.booleans()):
        indices = draw(st.lists(INDEX, min_size=1, max_size=3))
        separator = draw(st.sampled_from(["", ",", "\\,"]))
        text += "_{" + separator.join(indices) + "}"
    if draw(st.booleans()):
        text += "^" + draw(st.sampled_from(["2", "T", "{\\top}", "l", "{(l)}", "{(n)}"]))
    return text


def expressions(depth: int = 0):
    leaf = st.one_of(symbols(), st.sampled_from(["1", "2", "0.5", "\\frac12"]))
    if depth >= 3:
        return leaf
    inner = st.deferred(lambda: expressions(depth + 1))
    return st.one_of(
        leaf,
        st.tuples(inner, st.sampled_from([" + ", " - ", " ", " \\cdot ", " \\odot ", " \\times ", "/"]), inner)
        .map("".join),
        inner.map(lambda e: f"({e})"),
        inner.map(lambda e: f"\\left[{e}\\right]^2"),
        st.tuples(symbols(), symbols()).map(lambda p: f"\\frac{{\\partial {p[0]}}}{{\\partial {p[1]}}}"),
        st.tuples(st.sampled_from(["k", "j", "m"]), inner).map(lambda p: f"\\sum_{p[0]} {p[1]}"),
        st.tuples(st.sampled_from(["k", "h"]), inner).map(lambda p: f"\\prod_{{{p[0]}=1}}^{{L}} {p[1]}"),
        st.tuples(st.sampled_from(["\\sigma", "\\sigma'", "f", "f'", "\\tanh", "\\exp", "\\ln", "g'", "h'",
                                   "\\operatorname{softmax}", "\\operatorname{diag}", "\\Sigma'", "\\tanh^2",
                                   "\\operatorname{sign}", "\\operatorname{sgn}"]), inner)
        .map(lambda p: f"{p[0]}({p[1]})"),
        st.tuples(inner, st.sampled_from(["j", "k", "{kj}", "2"])).map(lambda p: f"({p[0]})_{p[1]}"),
        st.sampled_from(["\\delta_{kj}", "\\sqrt{2}", "\\sum_w w^2", "\\frac{1}{N}", "\\sum |w|", "\\sum w^2"]),
        st.tuples(inner, st.sampled_from([" \\circ ", " .* ", " \\bullet "]), inner).map("".join),
        inner.map(lambda e: f"\\| {e} \\|"),
        st.tuples(inner, st.sampled_from(["1", "2", "F", "\\infty"])).map(lambda p: f"\\| {p[0]} \\|_{p[1]}"),
        st.tuples(st.sampled_from(BARS), inner).map(lambda p: f"{p[0][0]}{p[1]}{p[0][1]}"),
        symbols().map(lambda s: f"\\nabla_{{{s}}} E"),
        symbols().map(lambda s: f"\\Delta {s}"),
    )


EQUATIONS = st.tuples(expressions(), expressions(), st.sampled_from(["", " \\label{eq:x}", ", \\quad y_1 = y_1"])) \
    .map(lambda p: f"{p[0]} = {p[1]}{p[2]}")
OPTIONS = st.fixed_dictionaries({
    "check": st.sampled_from(["1-1", "2-3", "1-2-2", "2-3-2", "1-1-1-2"]),
    "activation": st.sampled_from(["identity", "sigmoid", "tanh", "relu", "tanh identity", "softmax"]),
    "notation": st.sampled_from([None, {"a": "h", "C": "E"}, {"delta": "delta^L"}, "superscripts=layers",
                                 {"weights": "from-to", "input_layer": 1}, {"weight_layer": "from", "cdot": "elementwise"},
                                 {"a": "z", "z": "h", "h": "f", "index_layers": {"i": 0, "j": 1, "k": "L"}},
                                 {"lambda": "constant", "jacobian": "denominator"}, {"Delta": "update"},
                                 {"eta": "constant", "lambda": "constant"}]),
    "where": st.sampled_from([None, "l < L", "k != 1", "j > 0 and l >= 1"]),
    "loss": st.sampled_from(["squared", "cross-entropy", "categorical-cross-entropy"]),
    "biases": st.booleans(),
    "batch": st.sampled_from([None, None, 3]),
    "reduction": st.sampled_from(["sum", "mean"]),
    "l2": st.sampled_from([None, None, "\\frac{\\lambda}{2}"]),
})
FAST = settings(max_examples=400, deadline=3000, suppress_health_check=[HealthCheck.too_slow])
PROPERTY = settings(max_examples=200, deadline=6000, suppress_health_check=[HealthCheck.too_slow])
# refusals that are about where an equation lives (its ranges, its values), not about reading it
NOT_ABOUT_READING = ("names nothing in", "the where condition excludes", "not a number here",
                     "is not a free index of the equation", "the right side names nothing",
                     "both sides were 0 wherever they were compared")  # (z - z = z - z: nothing tested; z - z = z fails)
EXAMPLE_MISSING = "in a batch, say which example"


@FAST
@given(EQUATIONS, OPTIONS)
def test_equations_in_the_grammar_always_get_a_verdict(latex, options):
    result = check_equation(latex, **options)
    assert isinstance(result.holds, bool) and isinstance(result.readable, bool)
    assert result.message and "Traceback" not in result.message
    assert result.holds or result.message.split("\n")[0]


@PROPERTY
@given(expressions(), expressions(), OPTIONS)
@example(r"((\| h^2 \|_1))", r"x^{(l)}", {  # h^2 takes example l from x^{(l)}; 1-1 has no layer 2: "does not hold"
    "check": "1-1", "activation": "identity", "notation": None, "where": None, "loss": "squared", "biases": False,
    "batch": 3, "reduction": "sum", "l2": None})
def test_no_verdict_on_what_cannot_be_read(left, right, options):
    itself = check_equation(f"{left} = {left}", **options)
    assert itself.holds or not itself.readable, f"{left} = {left}: {itself.message}"  # never "does not hold"
    if options["batch"] and EXAMPLE_MISSING in itself.message:
        # a row about one example gives it to its symbols that have none (Bishop's E_n; readings.py), so next to
        # x^{(n)} this side is read as in one example: judge its reading there, without the batch
        itself = check_equation(f"{left} = {left}", **{**options, "batch": None})
        if "number of examples of a batch" in itself.message:
            return  # N: read only in a batch, which then needs the example: no reading to compare with
    if itself.readable or any(words in itself.message for words in NOT_ABOUT_READING):
        return
    for latex in (f"{left} = {right}", f"{right} = {left}"):  # a side the checker cannot read: never a verdict
        result = check_equation(latex, **options)
        assert result.holds or not result.readable, f"{latex}: {result.message}\n{left}: {itself.message}"


PIECES = list("xyzhtwWbE_^{}()[]+-=*/\\,.;:'|&!0123456789 \n") + [
    "\\frac", "\\sum", "\\partial", "\\delta", "\\sigma", "\\left", "\\right", "\\text{and}", "\\begin{align}",
    "\\\\", "\\mathrm{d}", "\\nabla", "\\odot", "\\|", ".*", "\\hat{y}", "\\operatorname{softmax}", "\\Sigma'",
    "\\circ", "^{(n)}", "\\lambda", "\\Delta", "\\lvert", "\\rvert", "\\leftarrow", ":="]
CHARACTERS = st.lists(st.sampled_from(PIECES), max_size=60).map("".join)


@FAST
@given(CHARACTERS)
def test_any_text_gets_a_verdict(latex):
    result = check_equation(latex, check="1-2-2")
    assert isinstance(result.holds, bool) and result.message


def test_huge_bounds_and_powers_do_not_hang():
    for latex in (r"y_1 = \sum_{k=1}^{100000000} x_1", r"y_1 = \prod_{k=1}^{10000000} x_1",
                  r"y_1 = x_1^{100000000}", "y_1 = " + "(" * 400 + "x_1" + ")" * 400):
        result = check_equation(latex, check="1-1")
        assert not result.holds and result.message


@pytest.mark.parametrize("latex", [r"y = \sigma", r"y = f_j", "y = \\sigma\\,", "y_1 = f'"])
def test_an_activation_with_nothing_after_it_gets_a_verdict(latex):
    """An activation at the very end of an equation (nothing to apply it to) is a sentence, not a crash."""
    result = check_equation(latex, check="1-2-2")
    assert not result.holds and result.message


SESSION = {"np": np, "z": np.array([0.5, -1.0, 2.0]), "W": np.arange(6.0).reshape(2, 3) / 7, "s": 1.5,
           "g": np.tanh, "softmax": lambda v: np.exp(v) / np.exp(v).sum()}
SESSION_ATOMS = st.sampled_from(["z", "z_i", "z_j", "W", "W_{ij}", "W_{ji}", "s", "p", "p_i", "g(z)", "g'(z_i)",
                                 "\\operatorname{softmax}(z)", "z^T", "q", "\\hat{y}", "W_{i}", "x^{(i)}", "2"])


def session_expressions(depth: int = 0):
    if depth >= 3:
        return SESSION_ATOMS
    inner = st.deferred(lambda: session_expressions(depth + 1))
    return st.one_of(
        SESSION_ATOMS,
        st.tuples(inner, st.sampled_from([" + ", " - ", " ", " \\cdot ", " \\odot ", "/"]), inner).map("".join),
        inner.map(lambda e: f"({e})"),
        st.tuples(st.sampled_from(["z", "p", "W", "s"]), inner).map(lambda p: f"\\frac{{\\partial {p[1]}}}{{\\partial {p[0]}}}"),
        st.tuples(st.sampled_from(["i", "j"]), inner).map(lambda p: f"\\sum_{p[0]} {p[1]}"),
        inner.map(lambda e: f"\\| {e} \\|"),
        inner.map(lambda e: f"|{e}|"),
    )


@settings(max_examples=150, deadline=6000, suppress_health_check=[HealthCheck.too_slow])
@given(session_expressions(), session_expressions())
def test_no_verdict_on_what_cannot_be_read_in_a_session(left, right):
    options = dict(bind="p=softmax(z)", inputs="z W")
    itself = check_equation(f"{left} = {left}", dict(SESSION), **options)
    assert itself.holds or not itself.readable, f"{left} = {left}: {itself.message}"
    if itself.readable or any(words in itself.message for words in NOT_ABOUT_READING):
        return
    for latex in (f"{left} = {right}", f"{right} = {left}"):
        result = check_equation(latex, dict(SESSION), **options)
        assert result.holds or not result.readable, f"{latex}: {result.message}\n{left}: {itself.message}"
