"""The eighth review of textbook notation (session 20: Ng's first course, Aggarwal, ISLP, MLaPP, Duda-Hart-Stork,
Hertz-Krogh-Palmer, LeCun, Shalev-Shwartz and Ben-David, Parr and Howard, CS230; 153 equations, by a helper): the
wrong verdicts it found, each now a verdict that is right or a refusal that says why. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

# ISLP 10.1: one hidden layer A_k = g(w_{k0} + sum_j w_{kj} X_j), f(X) = beta_0 + sum_k beta_k A_k
ISLP = dict(activation="sigmoid identity", notation={"A": "h^1", r"\beta": "w^2", "w": "w^1", "X": "x", "f": "y",
                                                     "K": "n_1", "p": "n_0", "g": "f", "index_layers": {"j": 0, "k": 1}})


@pytest.mark.parametrize("latex, check, kwargs, holds", [
    # a weight with one index into a layer of one unit, summed over the units it comes from (w^2_j h_j): the sum ran
    # over the first layer's units (the input's, 2), not the layer the weights leave (3): a right equation judged
    (r"z^2 = \sum_j w^2_{j} h_j", "2-3-1", {}, True),
    (r"z^2 = b^2 + \sum_j w^2_{j} h_j", "2-3-1 1-4-1", dict(biases=True), True),
    (r"y = \sum_j w^2_{j} h_j", "1-3-1", {}, True),
    (r"z^2 = \sum_j w^2_{j} h_j + w^2_1 h_1", "2-3-1", {}, False),
    # ISLP's f(X), the output of the input declared X: it was read as the product f times X
    (r"f(X) = \sum_{k=1}^{K} \beta_k A_k", "2-3-1 3-4-1", ISLP, True),
    (r"f(X) = \sum_{k=1}^{K} \beta_k A_k + A_1", "2-3-1 3-4-1", ISLP, False),
])
def test_what_was_judged_wrongly_is_judged_rightly(latex, check, kwargs, holds):
    result = check_equation(latex, check, **kwargs)
    assert result.readable and result.holds == holds, (result.headline, result.details[:3])


@pytest.mark.parametrize("latex, check, kwargs, said", [
    # the intercept as a weight from unit 0, a term of its own: refused with the bias written apart (it was judged)
    (r"f(X) = \beta_0 + \sum_{k=1}^{K} \beta_k A_k", "2-3-1 3-4-1", dict(ISLP, biases=True),
     "\\beta_0: units are numbered from 1 here, so unit 0 is not a unit of the network; if \\beta_0 is the bias"),
    (r"y = w_0 + \sum_j w_j x_j", "3-1", dict(biases=True), "w_0: units are numbered from 1 here"),
    (r"y_1 = w^2_{10} + \sum_j w^2_{1j} h_j", "2-3-1", dict(biases=True), "w^2_{10}: units are numbered from 1 here"),
    # MLaPP's \delta^w beside {w: w^2}: the superscript w was any layer, and judged at w = 1
    (r"\delta^w_{k} = \hat{y}_{k} - y_{k}", "2-3-2 3-4-3",
     dict(activation="tanh softmax", loss="categorical-cross-entropy",
          notation={"V": "W^1", "v": "w^1", "W": "W^2", "w": "w^2", "a": "z^1", "b": "z^2", "z": "h^1",
                    r"\hat{y}": "y", "y": "t", "J": "E", "g": "f"}),
     "\\delta^w: w is declared a name of the notation, so it is not also a layer here"),
])
def test_what_was_judged_wrongly_is_refused_with_the_reason(latex, check, kwargs, said):
    result = check_equation(latex, check, **kwargs)
    assert not result.readable and said in result.headline, result.headline


@pytest.mark.parametrize("latex, holds", [
    (r"\mathbf{o}_T = \sigma(\mathbf{a}_T)", True),
    (r"\mathbf{o}_{T-1} = \sigma(\mathbf{a}_{T-1})", True),
    (r"\mathbf{o}_T = \sigma(\mathbf{a}_{T-1})", False),
])
def test_a_declared_last_layer_is_a_layer_subscript(latex, holds):
    """Shalev-Shwartz and Ben-David 20: o_T, the output of the last layer T, with {T: L, layers: subscripts} ("T is
    declared, so it is not also an index here": the layer a subscript was not looked for)."""
    result = check_equation(latex, "2-3-2 3-4-4-2", activation="sigmoid",
                            notation={"o": "h", "a": "z", "T": "L", "layers": "subscripts"})
    assert result.readable and result.holds == holds, result.headline


# Ng's first course (Coursera Machine Learning): logistic regression's cost and gradient over m examples
NG = dict(activation="sigmoid", loss="cross-entropy", batch=4, reduction="mean",
          notation={r"\theta": "w", "y": "t", "J": "E", "m": "N"})


@pytest.mark.parametrize("latex, holds", [
    (r"J(\theta) = -\frac{1}{m} \sum_{i=1}^{m} \left[ y^{(i)} \log h_\theta(x^{(i)}) + (1 - y^{(i)}) "
     r"\log(1 - h_\theta(x^{(i)})) \right]", True),
    (r"\frac{\partial}{\partial \theta_j} J(\theta) = \frac{1}{m} \sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) "
     r"x_j^{(i)}", True),
    (r"\frac{\partial}{\partial \theta_j} J(\theta) = \frac{1}{m} \sum_{i=1}^{m} (h_\theta(x^{(i)}) - y^{(i)}) "
     r"x_j^{(1)}", False),
])
def test_ngs_hypothesis_of_an_example_in_a_batch(latex, holds):
    """h_\\theta(x^{(i)}) was refused: a hypothesis was read only at the input x, not at an example's."""
    result = check_equation(latex, "3-1", **NG)
    assert result.readable and result.holds == holds, result.headline


@pytest.mark.parametrize("latex, holds", [
    (r"\frac{\partial h^1_j}{\partial z^1_j} = I(z^1_j > 0)", True),  # Aggarwal's indicator, a plain I
    (r"\frac{\partial h^1_j}{\partial z^1_j} = I(z^1_j < 0)", False),
])
def test_a_plain_i_before_a_condition_is_an_indicator(latex, holds):
    result = check_equation(latex, "2-3-2", activation="relu")
    assert result.readable and result.holds == holds, result.headline


@pytest.mark.parametrize("latex, holds", [
    (r"\delta^{(3)(i)} = a^{(3)(i)} - y^{(i)}", True),
    (r"\delta^{(3)(i)} = a^{(3)(i)} - y^{(1)}", False),
])
def test_ngs_layer_then_example_superscript(latex, holds):
    """Ng's a^{(3)(i)}, layer 3 of example i, was refused with a parser's fragment ("cannot read '3)(i'")."""
    result = check_equation(latex, "2-3-2", activation="sigmoid", loss="cross-entropy", batch=3, reduction="mean",
                            notation={"a": "h", "y": "t", "input_layer": "1"})
    assert result.readable and result.holds == holds, result.headline
