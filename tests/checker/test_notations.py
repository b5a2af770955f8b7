"""The checker on the notations real derivations use: for each form, the true equation holds and realistic
mistakes fail (transposed indices, off-by-one layers, a missing or misplaced sigma', a sign flip, x_i for
h^{l-1}_i, a dropped term, a product for a sum of paths, unit 1 for unit 10). Table-driven, no site."""

from __future__ import annotations

import re

import pytest

from bpdocs import check_equation

from .expect import expect

NIELSEN = {"a": "h", "C": "E", "y": "t"}
DEEP = "2-3-2 1-2-2-1 2-3-3-2"

# (name, latex, keyword arguments, holds)
CASES = [
    # -- whole-token indices --------------------------------------------------------------
    ("unit ten", r"y_{10} = \sum_j w_{10,j}\, x_j", dict(check="2-12"), True),
    ("unit ten, spaced", r"y_{10} = \sum_j w_{10\,j}\, x_j", dict(check="2-12"), True),
    ("unit 1 for unit 10", r"y_{10} = \sum_j w_{1j}\, x_j", dict(check="2-12"), False),
    ("delta ten", r"\delta^L_{10} = y_{10} - t_{10}", dict(check="1-11"), True),
    ("delta ten, unit 1", r"\delta^L_{10} = y_1 - t_1", dict(check="1-11"), False),
    ("two-digit weight", r"\frac{\partial E}{\partial w_{11}} = (y_1 - t_1)\, x_1", dict(check="1-2"), True),
    ("comma weight", r"\frac{\partial E}{\partial w_{k,j}} = (y_k - t_k)\, x_j", dict(check="2-3"), True),
    ("transposed indices", r"\frac{\partial E}{\partial w_{kj}} = (y_j - t_j)\, x_k", dict(check="3-3"), False),
    ("y_K is the last output", r"y_K = h^L_K", dict(check="1-3 2-2-4"), True),
    ("sum to K", r"E = \frac12 \sum\limits_{k=1}^{K} (t_k - y_k)^2", dict(check="2-3 1-2-4"), True),
    ("sum to n_l", r"z^l_j = \sum_{i=1}^{n_{l-1}} w^l_{ji} h^{l-1}_i", dict(check=DEEP), True),
    ("an activation at a letter declared the output layer", r"a^{[r]} = g^{[r]}(z^{[r]})",
     dict(check="2-3-1", activation="relu identity", biases=True, notation={"a": "h", "r": "L"}), True),
    ("Hagan's a^M = f^M(n^M), {M: L}", r"a^M = f^M(n^M)", dict(check="2-3-2", activation="sigmoid",
                                                              notation={"n": "z", "a": "h", "M": "L"}), True),
    ("Hagan's \\dot{F}^M, the output's sensitivity", r"s^M = -\dot{F}^M(n^M)(t - a^M)", dict(check="2-3-2", activation="sigmoid",
     notation={"n": "z", "a": "h", "s": "delta", "M": "L"}), True),
    ("Hagan's \\dot{F}^M, t and a swapped", r"s^M = -\dot{F}^M(n^M)(a^M - t)", dict(check="2-3-2", activation="sigmoid",
     notation={"n": "z", "a": "h", "s": "delta", "M": "L", "delta_sign": "positive"}), False),
    ("Hagan's recursion", r"s^m = \dot{F}^m(n^m)(W^{m+1})^T s^{m+1}", dict(check="2-3-2 1-2-2-1", activation="tanh",
     notation={"n": "z", "a": "h", "s": "delta"}, where="m < L"), True),
    ("Hagan's recursion, F of the next layer", r"s^m = \dot{F}^{m+1}(n^{m+1})(W^{m+1})^T s^{m+1}",
     dict(check="2-2-2 1-2-2-1", activation="tanh", notation={"n": "z", "a": "h", "s": "delta"}, where="m < L"), False),
    ("Hagan's \\dot{f} of one unit", r"s^M_i = -(t_i - a^M_i)\dot{f}^M(n^M_i)", dict(check="2-3-2", activation="sigmoid",
     notation={"n": "z", "a": "h", "s": "delta", "M": "L"}), True),
    ("a dotted sigma", r"\dot{\sigma}(z_1) = y_1 (1 - y_1)", dict(check="1-1", activation="sigmoid"), True),
    ("a dotted sigma, tanh's form", r"\dot{\sigma}(z_1) = 1 - y_1^2", dict(check="1-1", activation="sigmoid"), False),
    ("UFLDL's n_l on an activation", r"a^{(n_l)} = f^{(n_l)}(z^{(n_l)})",
     dict(check="2-3-2", activation="sigmoid", notation="a=h input_layer=1 weight_layer=from"), True),
    # a 1x1 is a number on either side of a product (Ng's dz on a single output unit)
    ("x dz on one output", r"dw = x\, dz", dict(check="2-1", activation="sigmoid", loss="cross-entropy",
                                                   notation="a=h^L y=t d=gradient weights=from-to"), True),
    ("dz x on one output", r"dw = dz\, x", dict(check="2-1", activation="sigmoid", loss="cross-entropy",
                                                   notation="a=h^L y=t d=gradient weights=from-to"), True),
    ("dz x on one output, doubled", r"dw = 2\, dz\, x", dict(check="2-1", activation="sigmoid", loss="cross-entropy",
                                                            notation="a=h^L y=t d=gradient weights=from-to"), False),
    ("the bound above first", r"E = \frac12 \sum^{K}_{k=1} (t_k - y_k)^2", dict(check="2-3 1-2-4"), True),
    ("the bound above first, n_l", r"z^l_j = \sum^{n_{l-1}}_{i=1} w^l_{ji} h^{l-1}_i", dict(check=DEEP), True),
    ("sum to n_l, off by one", r"z^l_j = \sum_{i=1}^{n_l} w^l_{ji} h^{l-1}_i", dict(check="2-3-2"), False),
    # -- derivatives in every form --------------------------------------------------------
    ("d form", r"\frac{dE}{dy_k} = y_k - t_k", dict(check="2-3"), True),
    ("mathrm d form", r"\frac{\mathrm{d}E}{\mathrm{d}y} = y - t", dict(check="1-1 2-3"), True),
    ("mathrm d, sign flip", r"\frac{\mathrm{d}E}{\mathrm{d}y} = t - y", dict(check="1-1"), False),
    ("partial form", r"\frac{\partial E}{\partial z^L_k} = \delta^L_k", dict(check="2-3 1-2-2"), True),
    ("slash form", r"\partial E / \partial y_k = y_k - t_k", dict(check="2-3"), True),
    ("operator form", r"\frac{\partial}{\partial w_1} \frac{1}{2}(t_1 - y_1)^2 = (y_1 - t_1)\, x_1", dict(check="1-1"), True),
    ("chain rule", r"\frac{\partial E}{\partial w^l_{ji}} = \frac{\partial E}{\partial z^l_j}\, \frac{\partial z^l_j}{\partial w^l_{ji}}", dict(check=DEEP), True),
    # -- rows, text, labels -----------------------------------------------------------------
    ("two equations with and", r"y_1 = w_{11} x_1 \quad\text{and}\quad y_2 = w_{21} x_1", dict(check="1-2"), True),
    ("two equations, the second wrong", r"y_1 = w_{11} x_1 \quad\text{and}\quad y_2 = w_{11} x_1", dict(check="1-2"), False),
    ("two equations with a comma", r"y_1 = w_{11} x_1, \qquad y_2 = w_{21} x_1.", dict(check="1-2"), True),
    ("label with a colon", r"z^l = W^l h^{l-1} \label{eq:bp2} \tag{BP2}", dict(check=DEEP), True),
    ("text annotation", r"\delta^L = y - t \quad \text{(a linear output)}", dict(check="2-3"), True),
    # -- squares --------------------------------------------------------------------------
    ("tanh derivative, squared unit", r"f'(z^l_j) = 1 - (h^l_j)^2", dict(check=DEEP, activation="tanh"), True),
    ("tanh derivative, sigmoid's form", r"f'(z^l_j) = h^l_j (1 - h^l_j)", dict(check="2-3-2", activation="tanh"), False),
    ("y squared", r"E = \frac12 \sum_k (y_k^2 - 2 y_k t_k + t_k^2)", dict(check="2-3"), True),
    # -- vectors and matrices -------------------------------------------------------------------
    ("BP2 matrix form", r"\delta^l = \left((W^{l+1})^T \delta^{l+1}\right) \odot \sigma'(z^l)",
     dict(check=DEEP, activation="sigmoid", where="l < L"), True),
    ("BP2 without the transpose", r"\delta^l = \left(W^{l+1} \delta^{l+1}\right) \odot \sigma'(z^l)",
     dict(check="2-2-2 1-3-3-2", activation="sigmoid", where="l < L"), False),
    ("BP2 without sigma'", r"\delta^l = (W^{l+1})^T \delta^{l+1}",
     dict(check="2-3-2", activation="sigmoid", where="l < L"), False),
    ("BP2 with sigma' of the wrong layer", r"\delta^l = \left((W^{l+1})^T \delta^{l+1}\right) \odot \sigma'(z^{l+1})",
     dict(check="2-2-2", activation="sigmoid", where="l < L"), False),
    ("outer product", r"\frac{\partial E}{\partial W^l} = \delta^l (h^{l-1})^T", dict(check=DEEP, activation="tanh"), True),
    ("outer product, x for h^{l-1}", r"\frac{\partial E}{\partial W^l} = \delta^l x^T", dict(check="2-2-2"), False),
    ("nabla of W", r"\nabla_{W^l} E = \delta^l (h^{l-1})^T", dict(check=DEEP), True),
    ("nabla of y", r"\nabla_{y} E = y - t", dict(check="2-3 1-2-2"), True),
    ("bold vectors", r"\boldsymbol{\delta}^L = \mathbf{y} - \mathbf{t}", dict(check="2-3"), True),
    ("forward pass", r"z^l = W^l h^{l-1}, \quad f(z^l) = h^l", dict(check=DEEP, activation="tanh"), True),
    ("a dot product", r"y_1 = (W^1)^T \cdot x", dict(check="2-1 3-1"), True),
    ("a dot product of the wrong vectors", r"y_1 = x \cdot x", dict(check="2-1"), False),
    # -- functions --------------------------------------------------------------------------
    ("sigmoid by exp", r"\sigma(z^l_j) = \frac{1}{1 + e^{-z^l_j}} = \frac{1}{1 + \exp(-z^l_j)}", dict(check="2-3"), True),
    ("tanh function", r"\tanh(z^l_j) = h^l_j", dict(check="2-3-2", activation="tanh"), True),
    ("tanh activation but sigma written", r"\sigma(z^l_j) = h^l_j", dict(check="2-3-2", activation="tanh"), False),
    # -- per-layer activations, biases ----------------------------------------------------------
    ("tanh hidden, linear output", r"\delta^l_j = f'(z^l_j) \sum_k w^{l+1}_{kj} \delta^{l+1}_k",
     dict(check="2-3-2 1-3-2-2", activation="tanh identity", where="l < L"), False),
    ("tanh hidden, linear output (right depth)", r"\delta^1_j = (1 - (h^1_j)^2) \sum_k w^2_{kj} \delta^2_k",
     dict(check="2-3-2 1-4-2", activation="tanh identity"), True),
    ("linear output under tanh hidden", r"\delta^L_k = y_k - t_k", dict(check="2-3-2", activation="tanh identity"), True),
    ("bias gradient", r"\frac{\partial E}{\partial b^l_j} = \delta^l_j", dict(check=DEEP, biases=True, activation="sigmoid"), True),
    ("bias gradient as a vector", r"\frac{\partial E}{\partial b^l} = \delta^l", dict(check=DEEP, biases=True), True),
    ("forward pass with biases", r"z^l_j = \sum_i w^l_{ji} h^{l-1}_i + b^l_j", dict(check=DEEP, biases=True), True),
    ("forward pass, bias dropped", r"z^l_j = \sum_i w^l_{ji} h^{l-1}_i", dict(check="2-3-2", biases=True), False),
    # -- losses ---------------------------------------------------------------------------------
    ("cross-entropy output error", r"\delta^L = y - t", dict(check="2-3-2 1-2", activation="sigmoid", loss="cross-entropy"), True),
    ("cross-entropy value", r"E = -\sum_k \left[t_k \ln y_k + (1 - t_k)\ln(1 - y_k)\right]",
     dict(check="2-3", activation="sigmoid", loss="cross-entropy"), True),
    ("cross-entropy with the squared loss's delta", r"\delta^L = (y - t) \odot \sigma'(z^L)",
     dict(check="2-3", activation="sigmoid", loss="cross-entropy"), False),
    ("squared loss's delta", r"\delta^L = (y - t) \odot \sigma'(z^L)", dict(check="2-3", activation="sigmoid"), True),
    # -- aliases ---------------------------------------------------------------------------------
    ("Nielsen BP1", r"\delta^L_j = \frac{\partial C}{\partial a^L_j} \sigma'(z^L_j)",
     dict(check=DEEP, activation="sigmoid", notation=NIELSEN), True),
    ("Nielsen BP4", r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_k \delta^l_j", dict(check=DEEP, notation=NIELSEN), True),
    ("Nielsen BP4, j and k swapped", r"\frac{\partial C}{\partial w^l_{jk}} = a^{l-1}_j \delta^l_k",
     dict(check="2-3-2", notation=NIELSEN), False),
    ("Nielsen cost", r"C = \frac{1}{2} \|y - a^L\|^2", dict(check="2-3 1-2-2", notation=NIELSEN), True),
    ("Bishop net and o", r"net_j = \sum_i w_{ji}\, o_i", dict(check="2-3", notation={"net": "z", "o": "x"}), True),
    ("a default layer for delta", r"\Delta w^1_{ji} = x_i \sum_k \delta_k \sum_m w^3_{km} w^2_{mj}",
     dict(check="1-1-1-2 2-2-2-2", notation={"delta": "delta^L"}), True),
    ("product for a sum of paths", r"\Delta w^1_{ji} = x_i \sum_k \delta_k w^3_{kj} w^2_{kj}",
     dict(check="2-2-2-2", notation={"delta": "delta^L"}), False),
    ("dropped term", r"\Delta w^1_{11} = x_1 (y_1 - t_1) w^2_{11}", dict(check="1-1-2"), False),
    ("off-by-one layer", r"\Delta w^l_{ji} = \delta^l_j h^l_i", dict(check="2-2-2 1-1-1"), False),
    ("x_i for h^{l-1}_i", r"\Delta w^l_{ji} = \delta^l_j x_i", dict(check="2-2-2"), False),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", CASES, ids=[c[0] for c in CASES])
def test_the_true_form_holds_and_the_mistake_fails(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name)


@pytest.mark.parametrize("written, kwargs", [
    (r"z^l_j = \sum_{i=1}^{n_l} w^l_{ji} h^{l-1}_i", dict(check="2-3-2")),  # off by one: does not hold
    (r"y_1 = \prod_{k=1}^{2} x_k", dict(check="2-1")),
    (r"E = \frac12 \sum_{k=1}^{K} (t_k + y_k)^2", dict(check="2-3")),
    (r"y_1 = \sum_{k=1}^{2} \sum_{j=1}^{3} w_{1j} x_j", dict(check="3-1")),
])
def test_a_bound_above_written_first_reads_as_written_after(written, kwargs):
    """TeX takes a sum's scripts in either order: \\sum^{n}_{k=1} is \\sum_{k=1}^{n}, the same verdict."""
    above_first = re.sub(r"(\\(?:sum|prod))_(\{[^}]*\})\^(\{[^}]*\})", r"\1^\3_\2", written)
    assert above_first != written
    expected, got = check_equation(written, **kwargs), check_equation(above_first, **kwargs)
    assert (got.holds, got.readable, got.headline) == (expected.holds, expected.readable, expected.headline), got.message
    assert expected.readable, expected.message  # a verdict either way, not a refusal


# (latex, keyword arguments, the words the refusal must contain)
REFUSED = [
    (r"\delta^l_{jk} = 0", dict(check="2-3"), r"\delta^l takes one index, not 2"),
    (r"y_{kj} = 0", dict(check="2-3"), "takes one index, not 2"),
    (r"\frac{\partial E_k}{\partial w_{kj}} = (y_k - t_k) x_j", dict(check="2-3"),
     "E_k: k is a unit's index elsewhere in the equation; the error is the network's, E"),
    (r"h_{W,b}(u) = h^L", dict(check="2-3-2"), r"h_{W,b}(...): a hypothesis is read only at the network's input x"),
    (r"h_\theta(x^{(i)}) = h^L", dict(check="2-3-2"), r"h_\theta(...): a hypothesis is read only at the network's input x"),
    (r"w_{110} = 1", dict(check="2-3"), "which two indices? separate them with a comma"),
    (r"h_j^2 = 1", dict(check="2-3-2"), "could be a layer or a power"),
    (r"\delta_j = 0", dict(check="2-3-2"), "the network has 2 layers of error terms; write the layer"),
    (r"z_j = 0", dict(check="2-3-2"), "the network has 2 layers of pre-activations"),
    (r"\frac{\partial C}{\partial a^L_j} = a^L_j - y_j", dict(check="2-3"),
     "a is not part of the notation"),
    (r"E = \frac{1}{2}(t - y)^2 + C", dict(check="2-3"), "C is not part of the notation"),
    (r"\delta^l_j = \sum_k w^{l+1}_{kj} \delta^{l+1}_k \quad \text{for all } l < L", dict(check="2-3-2"),
     "a condition in the equation is not read"),
    (r"\delta^l_j < 1", dict(check="2-3-2"), "the checker reads equalities only"),
    (r"\frac{\partial E}{\partial b^1_1} = \delta^1_1", dict(check="2-3"), "these networks have no biases"),
    (r"\frac{\partial^2 E}{\partial w_{11}^2} = 0", dict(check="2-3"), "second derivatives are not supported"),
    (r"y_1 = \alpha x_1", dict(check="1-1"), r"the macro \alpha is not supported"),
    (r"y_1 = w_{11} x_1", dict(check="1-1", notation="q=r"), "'r' is not one of the notation's names"),
    (r"y_1 = w_{11} x_1", dict(check="1-1", where="garbage ="), "is not a condition like 'l < L'"),
    (r"y_1 = w_{11} x_1", dict(check="1-1", where="m > 2"), "m is not a free index of the equation"),
    (r"\delta^l = W^{l+1} \delta", dict(check="2-3-2"), "the network has 2 layers of error terms"),
]


@pytest.mark.parametrize("latex, kwargs, words", REFUSED, ids=[r[2][:40] for r in REFUSED])
def test_what_cannot_be_read_or_bound_is_refused_with_its_reason(latex, kwargs, words):
    result = check_equation(latex, **kwargs)
    assert not result.holds and not result.readable
    assert words in result.message, result.message
    assert "\\partial is not supported" not in result.message  # never blames a macro that is fine


def test_shapes_are_checked_before_values_and_named():
    # a side whose shapes do not fit has no value: the equation cannot be checked (a row-vector text writes h W)
    result = check_equation(r"z^l = h^{l-1} W^l", check="2-3-2")
    assert not result.holds and not result.readable
    assert "a product of shapes 2x1 and 3x2" in result.message and "is a transpose missing" in result.message
    result = check_equation(r"\frac{\partial E}{\partial W^l} = (h^{l-1})^T \delta^l", check="2-3-2")
    assert not result.readable and "a product of shapes 1x2 and 3x1" in result.message
    # two sides with values, of different shapes, are not equal
    result = check_equation(r"\delta^l = \delta^l (h^{l-1})^T", check="2-3-2")
    assert not result.holds and result.readable and "the sides have shapes 3x1 and 3x2" in result.message
    # a column and a row with the same entries: a text that writes gradients as rows, not a wrong equation
    result = check_equation(r"\frac{\partial E}{\partial y} = (y - t)^T", check="2-3")
    assert not result.holds and not result.readable and "one the transpose of the other" in result.message


def test_a_where_condition_applies_to_the_rows_that_name_its_index():
    latex = r"""\begin{align}
    \delta^l_j &= \sum_k w^{l+1}_{kj}\, \delta^{l+1}_k \\
    y_k &= h^L_k
    \end{align}"""
    result = check_equation(latex, check="2-3-2", where="l < L")
    assert result.holds, result.message
    assert result.report.assignments > 0


def test_a_where_that_excludes_everything_says_so():
    result = check_equation(r"\delta^l_j = \delta^l_j", check="2-3-2", where="l > L")
    assert not result.holds and not result.readable
    assert "the where condition excludes every case" in result.message


def test_the_api_takes_a_network_and_reports_the_row_line():
    from bpcore import Network

    net = Network([2, 3, 2], "tanh", seed=1)
    assert check_equation(r"f'(z^L_k) = 1 - (y_k)^2", check=net).holds  # the network's own activation
    result = check_equation("y_1 = h^2_1 \\\\\n y_2 = -h^2_2", check=[net])
    assert not result.holds and result.line == 1
    assert repr(result).startswith("EquationResult(holds=False, readable=True")


# (latex, notation, the words of the message): layers named in the author's numbering (the input is layer 1 with
# input_layer: 1; W^{(l)} leads out of layer l with weight_layer: from), not in the checker's own
LAYERS_OUT_OF_RANGE = [
    (r"a^{(5)} = 0", "a=h input_layer=1 weight_layer=from", "a^{(5)} names nothing in network 3-4-4-2: h^5: layers are 1..4"),
    (r"z^{(1)} = 0", "input_layer=1 weight_layer=from", "z^1: layer 1 is the input; it has no pre-activation"),
    (r"z^{(2)}_5 = 0", "input_layer=1 weight_layer=from", "z^2_5: layer 2 has 4 units"),
    (r"W^{(4)} = 0", "input_layer=1 weight_layer=from", "W^4: weight layers are 1..3"),
    (r"w^1_{11} = 0", "input_layer=1", "w^1_{11}: weight layers are 2..4"),
    (r"z^4_1 = 0", None, "z^4_1: layers are 0..3"),
    (r"w^0_{11} = 0", None, "w^0_{11}: weight layers are 1..3"),
]


@pytest.mark.parametrize("latex, notation, words", LAYERS_OUT_OF_RANGE, ids=[c[0] for c in LAYERS_OUT_OF_RANGE])
def test_a_layer_that_is_not_there_is_named_as_the_author_numbers_layers(latex, notation, words):
    result = check_equation(latex, check="3-4-4-2", notation=notation)
    assert not result.holds and words in result.message, result.message


def test_with_weights_from_to_a_counterexample_names_weights_as_declared():
    """A newcomer's review: with w_{ij} from i to j, the values used listed w^1_{31} (to-from's numbering: from a
    third input, which a 2-3 network lacks); and the shape hint said W^l is n_l x n_{l-1}."""
    result = check_equation(r"\frac{\partial E}{\partial w_{ij}} = \delta_i\, x_j", check="2-3",
                            notation="weights=from-to")
    values = result.counterexample.values  # (the message shows the first few: the example's, then weights)
    assert "w^1_{13}" in values and "w^1_{31}" not in values, result.message
    assert "W^l is n_{l-1} x n_l, as weights: from-to declares" in check_equation(
        r"y = h^1 W^2", check="3-4-2", notation="weights=from-to").message
    to_from = check_equation(r"\frac{\partial E}{\partial w_{ij}} = \delta_j\, x_i", check="2-3",
                             notation="weights=to-from")
    assert "w^1_{31}" in to_from.counterexample.values and "W^l is n_l x n_{l-1}:" in check_equation(
        r"y = h^1 W^2", check="3-4-2").message


ISLP_NAMES = {"A": "h^1", "beta": "w^2", "w": "w^1", "X": "x", "f": "y", "K": "n_1", "p": "n_0", "g": "f",
              "index_layers": {"j": 0, "k": 1}}


@pytest.mark.parametrize("latex, check, notation, shown, not_shown", [
    # ISLP's names for both layers' weights and the input: a counterexample said w^2_{11} for his beta_1
    (r"\frac{\partial E}{\partial \beta_k} = \delta_k A_k + 1", "2-3-1", ISLP_NAMES,
     [r"\beta_{11}", "w_{11}", "X_1", "t_1"], ["w^1_{11}", "w^2_{11}", "x_1"]),
    # one name for every layer's weights keeps the layer; the target's own name
    (r"\frac{\partial E}{\partial W^2_{kj}} = \delta^2_k h^1_j + 1", "2-3-1", {"W": "w", "y": "t"},
     ["W^1_{11}", "W^2_{11}", "y_1", "x_1"], ["w^1_{11}", "t_1"]),
    # layers numbered from 1 at the input: the declared layers are the text's
    (r"\frac{\partial E}{\partial V_{kj}} = \delta^3_k h^2_j + 1", "2-3-1",
     {"V": "w^3", "U": "w^2", "input_layer": "1"},
     ["U_{11}", "V_{11}", "U_{32}"], ["w^2_{11}", "w^3_{11}"]),
    # from i to j: the page's numbering, in the page's letter
    (r"\frac{\partial E}{\partial W_{ij}} = \delta_i\, x_j", "2-3", {"W": "w", "weights": "from-to"},
     ["W^1_{13}"], ["W^1_{31}", "w^1_{13}"]),
    # two names for the weights (which is which?) and layers as subscripts: the checker's names, as before
    (r"\frac{\partial E}{\partial u^2_{kj}} = \delta^2_k h^1_j + 1", "2-3-1", {"u": "w", "v": "w"},
     ["w^1_{11}", "w^2_{11}"], ["u^2_{11}"]),
    (r"\frac{\partial E}{\partial W_2} = 2 \delta_2 h_1^T", "2-3-1", {"W": "w", "layers": "subscripts"},
     ["w^1_{11}"], ["W^1_{11}"]),
])
def test_a_counterexample_names_the_values_as_the_page_does(latex, check, notation, shown, not_shown):
    """The values a counterexample was drawn with, in the message and in an erratum's table, by the names the
    notation declares (they were the checker's own: w^2_{11} for ISLP's beta_1), the example first."""
    result = check_equation(latex, check=check, activation="sigmoid", notation=notation)
    assert result.readable and not result.holds, result.message
    table = [name for name, _ in result.found["values"]]
    assert set(shown) <= set(table) and not set(not_shown) & set(table), table
    assert list(result.counterexample.values) == table
    assert table[0] in ("x_1", "X_1"), table
