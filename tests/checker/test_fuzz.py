"""Random LaTeX, in the checker's grammar and outside it: the checker never crashes and never hangs.
Every input gets a verdict (holds, or a sentence saying why not)."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bpdocs import check_equation

INDEX = st.sampled_from(["1", "2", "3", "10", "j", "k", "l", "L", "K", "l+1", "l-1", "i"])
LAYERED = st.sampled_from(["h", "z", "\\delta", "b", "a", "W", "w"])
PLAIN = st.sampled_from(["x", "y", "t", "E", "C", "n"])


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
        text += "^" + draw(st.sampled_from(["2", "T", "{\\top}", "l", "{(l)}"]))
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
        st.tuples(st.sampled_from(["\\sigma", "\\sigma'", "f", "f'", "\\tanh", "\\exp", "\\ln"]), inner)
        .map(lambda p: f"{p[0]}({p[1]})"),
        inner.map(lambda e: f"\\| {e} \\|"),
        symbols().map(lambda s: f"\\nabla_{{{s}}} E"),
        symbols().map(lambda s: f"\\Delta {s}"),
    )


EQUATIONS = st.tuples(expressions(), expressions(), st.sampled_from(["", " \\label{eq:x}", ", \\quad y_1 = y_1"])) \
    .map(lambda p: f"{p[0]} = {p[1]}{p[2]}")
OPTIONS = st.fixed_dictionaries({
    "check": st.sampled_from(["1-1", "2-3", "1-2-2", "2-3-2", "1-1-1-2"]),
    "activation": st.sampled_from(["identity", "sigmoid", "tanh", "relu", "tanh identity"]),
    "notation": st.sampled_from([None, {"a": "h", "C": "E"}, {"delta": "delta^L"}, "superscripts=layers"]),
    "where": st.sampled_from([None, "l < L", "k != 1", "j > 0 and l >= 1"]),
    "loss": st.sampled_from(["squared", "cross-entropy"]),
    "biases": st.booleans(),
})
FAST = settings(max_examples=400, deadline=2000, suppress_health_check=[HealthCheck.too_slow])


@FAST
@given(EQUATIONS, OPTIONS)
def test_equations_in_the_grammar_always_get_a_verdict(latex, options):
    result = check_equation(latex, **options)
    assert isinstance(result.holds, bool) and isinstance(result.readable, bool)
    assert result.message and "Traceback" not in result.message
    assert result.holds or result.message.split("\n")[0]


PIECES = list("xyzhtwWbE_^{}()[]+-=*/\\,.;:'|&!0123456789 \n") + [
    "\\frac", "\\sum", "\\partial", "\\delta", "\\sigma", "\\left", "\\right", "\\text{and}", "\\begin{align}",
    "\\\\", "\\mathrm{d}", "\\nabla", "\\odot", "\\|"]
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
