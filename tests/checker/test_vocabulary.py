"""The textbook vocabulary on bpcore networks (issue 17, items 2 and 3): for each form, the true equation holds,
and the realistic mistake is a verdict, "does not hold" (its conventions declared, so that nothing else could
explain it). Table-driven, no site."""

from __future__ import annotations

import pytest

from bpdocs import check_equation

from .expect import expect

DEEP = "2-3-2 1-2-2-1 2-3-3-2"
SOFTMAX = dict(check="2-4-3 3-5-4", activation="tanh softmax", loss="categorical-cross-entropy")
DEFAULTS = {"weights": "to-from", "input_layer": 0, "weight_layer": "to", "jacobian": "numerator", "cdot": "dot",
            "delta_sign": "positive"}
BISHOP = {"a": "z", "z": "h", "h": "f", "index_layers": {"i": 0, "j": 1, "k": 2}, **DEFAULTS}
NIELSEN = {"a": "h", "C": "E", "y": "t", "weights": "to-from", "input_layer": 1, "weight_layer": "to",
           "jacobian": "numerator", "cdot": "dot", "delta_sign": "positive"}
UFLDL = {"a": "h", "weights": "to-from", "input_layer": 1, "weight_layer": "from", "jacobian": "numerator",
         "cdot": "dot", "delta_sign": "positive"}

# (name, latex, keyword arguments, holds): every false one must be a verdict
CASES = [
    # -- softmax output, categorical cross-entropy -----------------------------------------------------
    ("softmax output", r"y_k = \frac{e^{z^L_k}}{\sum_j e^{z^L_j}}", SOFTMAX, True),
    ("softmax as a function", r"y = \operatorname{softmax}(z^L)", SOFTMAX, True),
    ("categorical cross-entropy", r"E = -\sum_k t_k \ln y_k", SOFTMAX, True),
    ("the classic delta", r"\delta^L = y - t", SOFTMAX, True),
    ("the classic delta, per unit", r"\delta^L_k = y_k - t_k", SOFTMAX, True),
    ("the softmax Jacobian", r"\frac{\partial y_k}{\partial z^L_j} = y_k (\delta_{kj} - y_j)", SOFTMAX, True),
    ("the softmax Jacobian, as a matrix", r"\frac{\partial y}{\partial z^L} = \operatorname{diag}(y) - y y^T",
     SOFTMAX, True),
    ("the quadratic cost's delta with cross-entropy", r"\delta^L = \frac{\partial y}{\partial z^L}(y - t)",
     SOFTMAX, False),
    ("the sigmoid's delta with softmax", r"\delta^L = (y - t) \odot y \odot (1 - y)", SOFTMAX, False),
    ("a sign flipped", r"\delta^L = t - y", {**SOFTMAX, "notation": {"delta_sign": "positive"}}, False),
    ("the Jacobian's Kronecker delta dropped", r"\frac{\partial y_k}{\partial z^L_j} = - y_k y_j", SOFTMAX, False),
    # -- minibatches -----------------------------------------------------------------------------------
    ("a minibatch mean", r"E = \frac{1}{N} \sum_n E_n", dict(check=DEEP, batch=4, reduction="mean"), True),
    ("a minibatch sum", r"E = \sum_{n=1}^{N} E^{(n)}", dict(check=DEEP, batch=3), True),
    ("a minibatch gradient", r"\frac{\partial E}{\partial w^l_{kj}} = \frac{1}{N}\sum_n \frac{\partial E_n}{\partial w^l_{kj}}",
     dict(check=DEEP, batch=4, reduction="mean", activation="sigmoid"), True),
    ("an example's error, Bishop", r"E_n = \frac{1}{2} \sum_k (y_{nk} - t_{nk})^2", dict(check="2-3-2", batch=3), True),
    ("an example's input", r"\frac{\partial E}{\partial w^1_{kj}} = \sum_n \delta^{(n)} x^{(n)}_j",
     dict(check="2-3", batch=3), None),  # delta^{(n)} has no reading here: refused (see below)
    ("Bishop's per-pattern gradient", r"\frac{\partial E_n}{\partial w_{ji}} = \delta_j z_i",
     dict(check="2-3-2 3-4-2", batch=3, reduction="mean", activation="tanh", notation=BISHOP), True),
    ("Bishop's per-pattern gradient, the units swapped", r"\frac{\partial E_n}{\partial w_{kj}} = \delta_j z_k",
     dict(check="2-3-2", batch=3, activation="tanh", notation=BISHOP), False),
    ("a missing 1/N", r"E = \sum_n E_n", dict(check=DEEP, batch=4, reduction="mean"), False),
    ("a missing 1/N in the gradient", r"\frac{\partial E}{\partial w^l_{kj}} = \sum_n \frac{\partial E_n}{\partial w^l_{kj}}",
     dict(check="2-3-2", batch=4, reduction="mean"), False),
    # -- L2 regularisation -----------------------------------------------------------------------------
    ("the regularised error", r"E = E_0 + \frac{\lambda}{2} \sum_w w^2", dict(check=DEEP, l2=r"\frac{\lambda}{2}"), True),
    ("as a norm", r"E = E_0 + \frac{\lambda}{2} \|W\|^2", dict(check="2-3 3-1", l2=r"\frac{\lambda}{2}"), True),
    ("its gradient", r"\frac{\partial E}{\partial w^l_{kj}} = \frac{\partial E_0}{\partial w^l_{kj}} + \lambda w^l_{kj}",
     dict(check=DEEP, l2=r"\frac{\lambda}{2}", activation="tanh"), True),
    ("bpcore's gradient includes it", r"\Delta w^l_{kj} = \delta^l_k h^{l-1}_j + \lambda w^l_{kj}",
     dict(check=DEEP, l2=r"\frac{\lambda}{2}"), True),
    ("Nielsen's, over n examples", r"\frac{\partial C}{\partial w^l_{jk}} = \frac{\partial C_0}{\partial w^l_{jk}} + \frac{\lambda}{n} w^l_{jk}",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2n}", batch=4, reduction="mean", notation={**NIELSEN, "n": "N"}), True),
    ("a wrong regularisation factor", r"\frac{\partial E}{\partial w^l_{kj}} = \frac{\partial E_0}{\partial w^l_{kj}} + \frac{\lambda}{2} w^l_{kj}",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2}"), False),
    ("Nielsen's factor without its n", r"\frac{\partial C}{\partial w^l_{jk}} = \frac{\partial C_0}{\partial w^l_{jk}} + \lambda w^l_{jk}",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2n}", batch=4, reduction="mean", notation={**NIELSEN, "n": "N"}), False),
    ("the biases regularised too", r"\frac{\partial E}{\partial b^l_k} = \frac{\partial E_0}{\partial b^l_k} + \lambda b^l_k",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2}", biases=True), False),
    ("a declared constant", r"\frac{\partial}{\partial w_{11}} \frac{\eta}{2}(w_{11})^2 = \eta w_{11}",
     dict(check="2-3", notation="eta=constant"), True),
    # -- Jacobians, with shape rules -------------------------------------------------------------------------
    ("a layer's Jacobian", r"\frac{\partial h^l}{\partial h^{l-1}} = \operatorname{diag}(f'(z^l)) W^l",
     dict(check=DEEP, activation="tanh"), True),
    ("the pre-activation's Jacobian", r"\frac{\partial z^l}{\partial h^{l-1}} = W^l", dict(check=DEEP), True),
    ("the chain of Jacobians", r"\frac{\partial E}{\partial h^{l-1}} = \left(\frac{\partial h^l}{\partial h^{l-1}}\right)^T \frac{\partial E}{\partial h^l}",
     dict(check=DEEP, activation="sigmoid", where="l <= L"), True),
    ("a denominator-layout Jacobian, declared", r"\frac{\partial z^l}{\partial h^{l-1}} = (W^l)^T",
     dict(check=DEEP, notation={**DEFAULTS, "jacobian": "denominator"}), True),
    ("a numerator-layout Jacobian transposed", r"\frac{\partial z^l}{\partial h^{l-1}} = (W^l)^T",
     dict(check="2-3-2", notation=DEFAULTS), False),
    ("a Jacobian without its diagonal", r"\frac{\partial h^l}{\partial h^{l-1}} = W^l",
     dict(check="2-3-2", activation="tanh", notation=DEFAULTS), False),
    # -- primes on functions of a unit ----------------------------------------------------------------------
    ("Bishop's h'(a_j)", r"\delta_j = h'(a_j) \sum_k w_{kj} \delta_k", dict(check="2-3-2 3-4-2", activation="tanh",
                                                                           notation=BISHOP), True),
    ("Bishop's gradient", r"\frac{\partial E}{\partial w_{ji}} = \delta_j z_i",
     dict(check="2-3-2 3-4-2", activation="sigmoid", notation=BISHOP), True),
    ("Bishop's h'(a_j), the prime dropped", r"\delta_j = h(a_j) \sum_k w_{kj} \delta_k",
     dict(check="2-3-2", activation="tanh", notation=BISHOP), False),
    ("Bishop's, the wrong unit", r"\frac{\partial E}{\partial w_{ji}} = \delta_i z_j",
     dict(check="2-3-3", activation="sigmoid", notation=BISHOP), False),
    ("Wikipedia's \\text{net}_j", r"\delta_j = \frac{\partial E}{\partial o_j} \frac{\partial o_j}{\partial \text{net}_j}",
     dict(check="2-3 3-2", activation="sigmoid", notation={"net": "z", "o": "y"}), True),
    ("g(z) for the activation", r"h^l_j = g(z^l_j), \quad \delta^l_j = g'(z^l_j) \sum_k w^{l+1}_{kj} \delta^{l+1}_k",
     dict(check=DEEP, activation="sigmoid", where="0 < l and l < L"), True),
    # -- diag and Nielsen's Sigma' ---------------------------------------------------------------------------
    ("Nielsen's BP1 with Sigma'", r"\delta^L = \Sigma'(z^L) \nabla_{a^L} C",
     dict(check=DEEP, activation="sigmoid", notation=NIELSEN), True),
    ("Nielsen's BP2 with Sigma'", r"\delta^l = \Sigma'(z^l) (w^{l+1})^T \delta^{l+1}",
     dict(check=DEEP, activation="sigmoid", notation=NIELSEN, where="l < L"), True),
    ("diag for a Hadamard product", r"\delta^l = \operatorname{diag}(\sigma'(z^l)) (W^{l+1})^T \delta^{l+1}",
     dict(check=DEEP, activation="sigmoid", where="l < L"), True),
    ("Sigma' of the wrong layer", r"\delta^l = \Sigma'(z^{l+1}) (w^{l+1})^T \delta^{l+1}",
     dict(check="2-2-2", activation="sigmoid", notation=NIELSEN, where="l < L"), False),
    # -- a gradient of a product with constant factors first (it was a gradient of the constant: 0) ----------
    ("\\nabla of 1/2 a squared norm", r"\nabla_{y} \frac{1}{2} \|y - t\|^2 = y - t", dict(check="1-2 2-3"), True),
    ("\\nabla of 1/2 a squared norm, the sign flipped", r"\nabla_{y} \frac{1}{2} \|y - t\|^2 = t - y",
     dict(check="1-2"), False),
    ("\\nabla of an L2 penalty", r"\nabla_{w^1_{11}} \frac{\lambda}{2} \sum_w w^2 = \lambda w^1_{11}",
     dict(check="1-1 2-2", notation={**DEFAULTS, "lambda": "constant"}), True),
    ("\\nabla of an L2 penalty, twice", r"\nabla_{w^1_{11}} \frac{\lambda}{2} \sum_w w^2 = 2 \lambda w^1_{11}",
     dict(check="1-1", notation={**DEFAULTS, "lambda": "constant"}), False),
    ("\\nabla of a batch's N E", r"\nabla_{y^{(1)}} N E = N (y^{(1)} - t^{(1)})", dict(check="1-2", batch=3), True),
    # -- conventional precedence -----------------------------------------------------------------------------
    ("juxtaposition before Hadamard", r"\delta^l = f'(z^l) \circ (W^{l+1})^T \delta^{l+1}",
     dict(check=DEEP, activation="tanh", where="l < L"), True),
    ("\\cdot (a matrix product) before Hadamard", r"\delta^l = f'(z^l) \circ (W^{l+1})^T \cdot \delta^{l+1}",
     dict(check=DEEP, activation="tanh", where="l < L"), True),
    ("\\times before \\odot, the transpose missing", r"\delta^l = f'(z^l) \odot W^{l+1} \times \delta^{l+1}",
     dict(check="2-2-2", activation="tanh", where="l < L", notation=DEFAULTS), False),
    ("Octave's .*", r"\delta^l = ((W^{l+1})^T \delta^{l+1}) .* f'(z^l)", dict(check=DEEP, activation="tanh",
                                                                             where="l < L"), True),
    ("\\cdot as Hadamard, declared", r"\delta^l = (W^{l+1})^T \delta^{l+1} \cdot \sigma'(z^l)",
     dict(check=DEEP, activation="sigmoid", where="l < L", notation={**DEFAULTS, "cdot": "elementwise"}), True),
    ("a matrix product where a Hadamard belongs", r"\delta^L = \sigma'(z^L)^T (y - t)",
     dict(check="2-3-2", activation="sigmoid", notation=DEFAULTS), False),
    ("a missing transpose", r"\delta^l = f'(z^l) \circ W^{l+1} \delta^{l+1}",
     dict(check="2-2-2", activation="tanh", where="l < L", notation=DEFAULTS), False),
    # -- declared conventions --------------------------------------------------------------------------------
    ("from-to weights (Rojas)", r"\frac{\partial E}{\partial w_{ij}} = \delta_j x_i",
     dict(check="2-3 3-2", notation={**DEFAULTS, "weights": "from-to"}), True),
    ("from-to swapped", r"\frac{\partial E}{\partial w_{ij}} = \delta_i x_j",
     dict(check="2-3", notation={**DEFAULTS, "weights": "from-to"}), False),
    ("to-from read as from-to", r"\frac{\partial E}{\partial w_{ij}} = \delta_j x_i", dict(check="2-3", notation=DEFAULTS),
     False),
    ("the input is layer 1 (Nielsen)", r"a^1 = x, \quad a^L = \sigma(z^L), \quad z^2 = w^2 a^1",
     dict(check=DEEP, notation=NIELSEN, activation="sigmoid"), True),
    ("an off-by-one layer, input layer 1", r"z^l = w^l a^l", dict(check="2-2-2", notation=NIELSEN), False),
    ("an off-by-one layer in a gradient, input layer 1", r"\frac{\partial C}{\partial w^l_{jk}} = a^l_k \delta^l_j",
     dict(check="2-2-2", notation=NIELSEN), False),
    ("UFLDL's forward pass", r"z^{(l+1)} = W^{(l)} a^{(l)} + b^{(l)}", dict(check=DEEP, biases=True, notation=UFLDL), True),
    ("UFLDL's recursion", r"\delta^{(l)} = \left((W^{(l)})^T \delta^{(l+1)}\right) \bullet f'(z^{(l)})",
     dict(check=DEEP, activation="sigmoid", where="l < L", notation=UFLDL), True),
    ("UFLDL's gradient", r"\nabla_{W^{(l)}} E = \delta^{(l+1)} (a^{(l)})^T", dict(check=DEEP, notation=UFLDL), True),
    ("UFLDL's gradient, off by one layer", r"\nabla_{W^{(l)}} E = \delta^{(l)} (a^{(l)})^T",
     dict(check="2-2-2 1-1-1-1", notation=UFLDL), False),
    ("UFLDL's regularised cost, J(W,b;x^{(i)},y^{(i)})",
     r"J(W,b) = \left[\frac{1}{m} \sum_{i=1}^m J(W,b;x^{(i)},y^{(i)})\right] + \frac{\lambda}{2} \sum_{l=1}^{L-1} "
     r"\sum_i \sum_j \left(W^{(l)}_{ji}\right)^2",
     dict(check="2-3-2 1-2-2-3", batch=3, reduction="mean", l2=r"\frac{\lambda}{2}", activation="sigmoid",
          notation={**UFLDL, "J": "E", "m": "N", "y": "t"}), True),
    ("UFLDL's cost, a layer too many", r"J(W,b) = J_0 + \frac{\lambda}{2} \sum_{l=1}^{L} \sum_i \sum_j (W^{(l)}_{ji})^2",
     dict(check="2-3-2", l2=r"\frac{\lambda}{2}", notation={**UFLDL, "J": "E"}), False),
    ("UFLDL's gradient, of one example", r"\frac{\partial}{\partial W_{ij}^{(l)}} J(W,b; x, y) = a^{(l)}_j \delta_i^{(l+1)}",
     dict(check=DEEP, activation="sigmoid", notation={**UFLDL, "J": "E"}), True),
    ("a definition, \\equiv", r"z^l \equiv w^l a^{l-1} + b^l", dict(check=DEEP, biases=True, notation=NIELSEN), True),
    ("index letters naming relative layers", r"\delta_j = f'(z_j) \sum_k w_{kj} \delta_k",
     dict(check=DEEP, activation="tanh", where="l < L",
          notation={**DEFAULTS, "index_layers": {"i": "l-1", "j": "l", "k": "l+1"}}), True),
]


@pytest.mark.parametrize("name, latex, kwargs, holds", [c for c in CASES if c[3] is not None],
                         ids=[c[0] for c in CASES if c[3] is not None])
def test_the_true_form_holds_and_the_mistake_is_a_verdict(name, latex, kwargs, holds):
    expect(check_equation(latex, **kwargs), holds, name, verdict=True)


# Mistakes that leave a side without a value (shapes that do not fit): refused, with the shapes named
ILL_SHAPED = [
    ("a Hadamard product where a matrix product belongs", r"\delta^l = f'(z^l) \circ (W^{l+1})^T \circ \delta^{l+1}",
     dict(check="2-3-2", activation="tanh", where="l < L"), "an elementwise product of shapes 3x1 and 3x2"),
    ("a missing transpose", r"\delta^l = f'(z^l) \circ W^{l+1} \delta^{l+1}",
     dict(check="2-3-2", activation="tanh", where="l < L"), "a product of shapes 2x3 and 2x1"),
    ("factors swapped", r"\frac{\partial E}{\partial W^l} = (h^{l-1})^T \delta^l", dict(check="2-3-2"),
     "a product of shapes 1x2 and 3x1"),
]


@pytest.mark.parametrize("name, latex, kwargs, shapes", ILL_SHAPED, ids=[c[0] for c in ILL_SHAPED])
def test_an_ill_shaped_mistake_is_refused_with_its_shapes(name, latex, kwargs, shapes):
    result = check_equation(latex, **kwargs)
    assert not result.holds and not result.readable
    assert shapes in result.message and "is a transpose missing, or are factors swapped?" in result.message


def test_a_per_example_error_term_in_a_batch_is_refused_not_judged():
    result = check_equation(r"\frac{\partial E}{\partial w^1_{kj}} = \sum_n \delta^{(n)} x^{(n)}_j", check="2-3",
                            batch=3)
    assert not result.holds and not result.readable


def test_the_counterexample_is_plain_data():
    result = check_equation(r"E = \sum_n E_n", check="2-3-2", batch=4, reduction="mean")
    found = result.counterexample.as_dict()
    assert found["network"] == (2, 3, 2) and found["session"] is None and found["trial"] == 1
    assert found["against"] == "network 2-3-2" and found["left"] == "E" and found["right"] == r"\sum_n E_n"
    assert isinstance(found["lhs"], float) and found["rhs"] == pytest.approx(4 * found["lhs"])
    assert "x^{(4)}_2" in found["values"] and "w^2_{23}" in found["values"]
    vector = check_equation(r"\delta^L = t - y", check="1-3", notation={"delta_sign": "positive"}).counterexample
    assert len(vector.lhs) == 3 and vector.rhs == pytest.approx([-v for v in vector.lhs])
    assert result.details[-1].startswith("  values used:")  # the text lines stay as they were
