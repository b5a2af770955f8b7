"""The equation checker: the derivation's own equations, random identities and their mutations, bad LaTeX."""

import random

import pytest

from bpdocs.core.mathcheck import LatexError, parse_equation, parse_notation
from bpdocs.core.mathcheck.check import check

# The original post writes the layer after the subscript (w_{11}^2) and \delta_k for the output layer's
# error terms: both are declared, as an author of such a page would (bpdocs_notation).
POST = parse_notation({"superscripts": "layers", "delta": "delta^L"})

# Every display equation of the original post, typed exactly as it was written.
DERIVATION = {
    "1-1 gradient": (r"""\begin{align}
	\Delta w_1 = \frac{\delta E}{\delta w_1} & = \frac{\delta}{\delta w_1} \frac{1}{2}(t_1 - y_1)^2  \\
	& = (t_1 - y_1) (0 - \frac{\delta y_1}{\delta w_1}) \\
	& = (y_1 - t_1)x_1
\end{align}""", "1-1"),
    "1-2 gradient": (r"""\begin{align}
	\Delta w_1 = \frac{\delta E}{\delta w_1} & = \frac{\delta}{\delta w_1} \frac{1}{2}[(t_1 - y_1)^2 + (t_2 - y_2)^2]  \\
	& = (t_1 - y_1) (0 - \frac{\delta y_1}{\delta w_1}) + (t_2 - y_2) (0) \\
	& = (y_1 - t_1)x_1
\end{align}""", "1-2"),
    "Delta w_2": (r"\Delta w_2 = (y_2 - t_2)x_1", "1-2"),
    "eq 1": (r"\Delta w_k = (y_k - t_k)x_i \label{a}\tag{1}", "1-2 1-3"),
    "eq 2": (r"\Delta w_k = \delta_k x_i  \label{b}\tag{2}", "1-2 1-3"),
    "eq 3": (r"""\begin{align}
	\Delta w_{11}^1 = \frac{\delta E}{\delta w_{11}^1} & = \frac{\delta}{\delta w_{11}^1} \frac{1}{2}[(t_1 - y_1)^2 + (t_2 - y_2)^2]  \\
	& = [(t_1 - y_1) (0 - \frac{\delta y_1}{\delta w_{11}^1}) + (t_2 - y_2) (0 - \frac{\delta y_2}{\delta w_{11}^1})] \label{c}\tag{3}\\
\end{align}""", "1-1-2"),
    "y_1": (r"y_1 = h_1 w_{11}^2", "1-1-2"),
    "y_2": (r"y_2 = h_1 w_{21}^2", "1-1-2"),
    "h_1": (r"h_1 = x_1 w_{11}^1", "1-1-2"),
    "eq 4": (r"""\begin{align}
	\frac{\delta y_1}{\delta w_{11}^1} & = \frac{\delta y_1}{\delta h_1} \frac{\delta h_1}{\delta w_{11}^1} \label{d} \tag{4} \\
	& = w_{11}^2 x_1 \\
	\frac{\delta y_2}{\delta w_{11}^1} & = w_{21}^2 x_1
\end{align}""", "1-1-2"),
    "substituting": (r"""\begin{align}
	\Delta w_{11}^1 & = [(t_1 - y_1) (0 - w_{11}^2 x_1) + (t_2 - y_2) (0 - w_{21}^2 x_1)] \\
	& = (y_1 - t_1)w_{11}^2x_1 + (y_2 - t_2)w_{21}^2 x_1 \\
	& = x_1[(y_1 - t_1)w_{11}^2 + (y_2 - t_2)w_{21}^2] \\
	& = x_1\sum_k(y_k - t_k) w_{k1}^2 \\
\end{align}""", "1-1-2"),
    "four layers": (r"""\begin{align}
	\frac{\delta y_1}{\delta w_{11}^1} & = \frac{\delta y_1}{\delta h_1^2} \frac{\delta h_1^2}{\delta h_1^1} \frac{\delta h_1^1}{\delta w_{11}^1} \\
	& = w_{11}^3 w_{11}^2 x_1 \\
	\Delta w_{11}^1 & = x_1[(y_1 - t_1) w_{11}^3 w_{11}^2 + (y_2 - t_2) w_{21}^2 w_{21}^3] \\
	& = x_1\sum_k(y_k - t_k) w_{k1}^3 w_{k1}^2 \\
\end{align}""", "1-1-1-2"),
    "eq 5": (r"""\begin{align}
	\Delta w_{ji}^l & = x_i\sum_k\delta_k \Pi_h w_{kj}^{h} \label{e} \tag{5}
\end{align}""", "1-1-1-2"),
}
HOLDS = {"1-1 gradient", "1-2 gradient", "Delta w_2", "eq 1", "eq 2", "eq 3", "y_1", "y_2", "h_1", "eq 4",
         "substituting"}
DIAGNOSES = {  # what is wrong with the ones that do not hold, found by the checker and read by hand
    "four layers": (1, "w^2_{21}: layer 2 has 1 unit"),  # row 1: the second chain of the align
    "eq 5": (0, "\\prod_h: h is a layer here, and its range is not given"),
}


def shapes(text):
    return [[int(n) for n in word.split("-")] for word in text.split()]


@pytest.mark.parametrize("name", list(DERIVATION))
def test_every_equation_of_the_derivation_as_written(name):
    source, on = DERIVATION[name]
    equation = parse_equation(source, POST)
    report = check(equation, shapes(on), notation=POST)
    if name in HOLDS:
        assert report.holds, "\n".join(report.failures[0].report(equation))
        assert report.largest_error < 1e-12
    else:
        assert not report.holds
        row, message = DIAGNOSES[name]
        failure = report.failures[0]
        assert failure.row == row and message in failure.message


@pytest.mark.parametrize("source, on, where", [
    # the corrected forms the article publishes
    (r"\Delta w_{11}^1 = x_1\sum_k(y_k - t_k) w_{k1}^3 w_{11}^2", "1-1-1-2", None),
    (r"\Delta w_{ki} = (y_k - t_k) x_i", "2-2 3-1 1-3", None),
    (r"\Delta w^l_{ji} = \delta^l_j h^{l-1}_i", "1-1-2 2-3-2 1-1-1-2 2-2-2-2", None),
    (r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k", "1-1-2 2-3-2 2-2-2-2", "l < L"),
    (r"\Delta w^1_{ji} = x_i \sum_k \delta_k \sum_m w^3_{km} w^2_{mj}", "2-2-2-2 1-3-2-2", None),
])
def test_corrected_forms_hold(source, on, where):
    report = check(parse_equation(source, POST), shapes(on), where=where, notation=POST)
    assert report.holds, report.failures and report.failures[0].message


def test_printed_eq5_with_explicit_bounds_is_a_numeric_mismatch():
    report = check(parse_equation(r"\Delta w_{ji}^l = x_i\sum_k\delta_k \prod_{h=l+1}^{L} w_{kj}^{h}", POST),
                   [[1, 2, 2, 2]], notation=POST)
    assert report.failures[0].kind == "mismatch"


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_non_linear_chain_rule(activation):
    source = r"\delta^l_j = \sigma'(z^l_j) \sum_k w^{l+1}_{kj} \delta^{l+1}_k" if activation == "sigmoid" \
        else r"\delta^l_j = f'(z^l_j) \sum_k w^{l+1}_{kj} \delta^{l+1}_k"
    assert check(parse_equation(source), [[2, 3, 2], [1, 2, 2, 1]], activation=activation, where="l < L").holds
    assert check(parse_equation(r"\frac{\partial h^1_1}{\partial z^1_1} = f'(z^1_1)"), [[1, 1, 1]],
                 activation=activation).holds


# --- random true identities, and mutations that must fail ---------------------------

def random_identity(rng: random.Random):
    """A true identity with concrete indices, on a random shape, and mutations of it that are false."""
    L = rng.randint(2, 3)
    sizes = [rng.randint(1, 3) for _ in range(L)] + [rng.randint(2, 3)]
    l = rng.randint(1, L - 1)
    k, j = rng.randint(1, sizes[l]), rng.randint(1, sizes[l - 1])
    terms = [rf"w^{{{l + 1}}}_{{{m}{k}}} \delta^{{{l + 1}}}_{m}" for m in range(1, sizes[l + 1] + 1)]
    true = rf"\Delta w^{l}_{{{k}{j}}} = h^{{{l - 1}}}_{j} ({' + '.join(terms)})"
    mutations = {
        "flipped sign": rf"\Delta w^{l}_{{{k}{j}}} = -h^{{{l - 1}}}_{j} ({' + '.join(terms)})",
        "dropped term": rf"\Delta w^{l}_{{{k}{j}}} = h^{{{l - 1}}}_{j} ({' + '.join(terms[:-1])})",
        "wrong layer": rf"\Delta w^{l}_{{{k}{j}}} = h^{{{l}}}_{j} ({' + '.join(terms)})" if sizes[l] >= j else None,
        "swapped index": rf"\Delta w^{l}_{{{k}{j}}} = h^{{{l - 1}}}_{j} ({' + '.join(t.replace(f'_{{{m}{k}}}', f'_{{{k}{m}}}') for m, t in enumerate(terms, 1))})",
    }
    return sizes, true, {name: m for name, m in mutations.items() if m}


@pytest.mark.parametrize("seed", range(25))
def test_random_identities_hold_and_their_mutations_fail(seed):
    sizes, true, mutations = random_identity(random.Random(seed))
    assert check(parse_equation(true), [sizes]).holds, (sizes, true)
    for name, mutated in mutations.items():
        if name == "dropped term" and mutated.endswith("()"):
            continue
        if name == "swapped index" and all(sizes[i] == 1 for i in range(len(sizes))):
            continue
        report = check(parse_equation(mutated), [sizes])
        if name == "swapped index" and report.holds:
            # swapping k and m is harmless only when every swapped weight is the same one
            assert mutated.count("_{11}") >= 1 and sizes[2] == 1 or sizes[1] == 1
            continue
        assert not report.holds, (name, sizes, mutated)


# --- LaTeX the checker must refuse, each with its own words ---------------------------

@pytest.mark.parametrize("source, message", [
    (r"y_1 = \alpha x_1", r"the macro \alpha is not supported by the checker"),
    (r"y_1 = {x_1", "a '{' is never closed"),
    (r"y_1 = x_1}", "a '}' closes nothing"),
    (r"\begin{matrix} a \end{matrix} = 1", "the environment 'matrix' is not supported"),
    (r"y_1 x_1", "has no '='"),
    (r"w_1 \Leftarrow w_1 + x_1", r"has no '=': there is nothing to check (\Leftarrow is not read as one; an assignment is \leftarrow)"),
    (r"y_1 = \sum x_k", r"\sum needs an index"),
    (r"y_1 = \sum_{k=1} x_k", "give both bounds or neither"),
])
def test_unreadable_latex_is_an_error_that_says_what(source, message):
    with pytest.raises(LatexError) as info:
        check(parse_equation(source), [[1, 1]])
    assert message in info.value.message


@pytest.mark.parametrize("source, on, message", [
    (r"\Delta w^3_{31} = 0", "2-2-2-2", "w^3_{31}: layer 3 has 2 units"),
    (r"y_1 = \sum_{k=1}^{m} x_k", "1-1", "the bound m is not known"),
    (r"y_1 = \sum_k x_1", "1-1", "k appears nowhere in what it sums"),
    (r"y_1 = h_1", "1-1-1-1", "with 2 hidden layers, write the layer: h^l_j"),
])
def test_symbols_that_do_not_exist_are_named(source, on, message):
    report = check(parse_equation(source), shapes(on))
    assert not report.holds and message in report.failures[0].message


def test_the_same_weight_in_either_script_order():
    assert check(parse_equation(r"w_{11}^2 = w^2_{11}", POST), [[1, 1, 1]], notation=POST).holds
    assert check(parse_equation(r"w_{kj}^l = w^l_{kj}"), [[1, 2, 2]]).holds  # a letter after the subscript: a layer


def test_a_wrong_backward_pass_is_named_not_crashed(monkeypatch):
    import numpy as np

    from bpcore import Network

    original = Network.backward

    def flipped(self, x, t):
        result = original(self, x, t)
        for g in result.weights:
            np.negative(g, out=g)
        return result

    monkeypatch.setattr(Network, "backward", flipped)
    report = check(parse_equation(r"\frac{\partial E}{\partial w^1_{11}} = x_1 \sum_k (y_k - t_k) w^2_{k1}"), [[1, 1, 2]])
    assert report.failures[0].kind == "engine"
    assert "bpcore's backward pass is wrong" in report.failures[0].message
