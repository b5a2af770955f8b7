"""The ninth review's leftovers and the tenth review of textbook notation (session 22): equations as their
authors print them, with the declarations docs/checking.md gives. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

from .expect import expect

# 3Blue1Brown, Backpropagation calculus: one neuron a layer, C_0 = (a^{(L)} - y)^2 the cost of one example
THREE_BLUE = dict(activation="sigmoid", biases=True, loss="sum-of-squares", notation={"a": "h", "y": "t", "C_0": "E"})


@pytest.mark.parametrize("latex, holds", [
    (r"\frac{\partial z^{(L)}}{\partial w^{(L)}} = a^{(L-1)}", True),
    (r"\frac{\partial z^{(L)}}{\partial w^{(L)}} = a^{(L)}", False),
    (r"\frac{\partial C_0}{\partial w^{(L)}} = \frac{\partial z^{(L)}}{\partial w^{(L)}} "
     r"\frac{\partial a^{(L)}}{\partial z^{(L)}} \frac{\partial C_0}{\partial a^{(L)}}", True),
    (r"\frac{\partial C_0}{\partial w^{(L)}} = \frac{\partial z^{(L)}}{\partial w^{(L)}} "
     r"\frac{\partial C_0}{\partial a^{(L)}}", False),
    (r"\frac{\partial C_0}{\partial w^{(L-1)}} = \frac{\partial z^{(L-1)}}{\partial w^{(L-1)}} "
     r"\frac{\partial a^{(L-1)}}{\partial z^{(L-1)}} \frac{\partial z^{(L)}}{\partial a^{(L-1)}} "
     r"\frac{\partial a^{(L)}}{\partial z^{(L)}} \frac{\partial C_0}{\partial a^{(L)}}", True),
])
def test_on_one_neuron_a_layer_a_weight_matrix_is_its_one_weight(latex, holds):
    """dz^{(L)}/dw^{(L)} was refused on 1-1-1 ("the derivative of a 1x1 value by w^{(L)} (a matrix) has more than
    two indices"): a matrix of one weight is that weight, so his chain rule is checked as printed."""
    result = check_equation(latex, "1-1-1", **THREE_BLUE)
    expect(result, holds, latex, verdict=True)


@pytest.mark.parametrize("check", ["1-2-1", "1-1-2"])
def test_a_weight_matrix_of_more_than_one_weight_is_still_written_per_entry(check):
    result = check_equation(r"\frac{\partial z^{(L)}}{\partial w^{(L)}} = a^{(L-1)}", check, **THREE_BLUE)
    assert not result.readable and "write it per entry" in result.message, result.message


# MacKay, ITILA 39: y(a) = 1 / (1 + e^{-a}), the output as a function of its activation a
@pytest.mark.parametrize("latex, check, notation, holds", [
    (r"y(a) = \frac{1}{1 + e^{-a}}", "3-1 2-1", {"a": "z"}, True),
    (r"y(a) = \frac{a}{1 + e^{-a}}", "3-1 2-1", {"a": "z"}, False),
    (r"y(z) = \sigma(z)", "3-1 2-1", None, True),
    (r"y(z) = z\, \sigma(z)", "3-1 2-1", None, False),
    (r"h(z) = \sigma(z)", "3-1", {"h": "y"}, True),
    (r"y_k(z) = \sigma(z_k)", "3-2", None, True),
    (r"h^1_j(z^1_j) = \sigma(z^1_j)", "3-2-1", None, True),
    (r"\sigma'(z) = y(1 - y)", "3-1", None, True),  # (a product, as before)
])
def test_a_value_written_as_a_function_of_its_pre_activation_is_the_value(latex, check, notation, holds):
    """y(a) was read as y times a: the true y(a) = 1/(1 + e^{-a}) did not hold, and a wrong a/(1 + e^{-a}) held."""
    result = check_equation(latex, check, activation="sigmoid", notation=notation)
    expect(result, holds, latex, verdict=True)


def test_n_times_n_minus_one_is_a_product_not_another_step():
    """A newcomer's L-moment page: 2 n (n - 1), n a number, was refused as "the value at another step than n"."""
    session = {"n": 12, "x": __import__("numpy").arange(3.0)}
    result = check_equation(r"c = \frac{1}{2 n (n - 1)}", session, bind="c=1/(2*n*(n-1))")
    assert result.holds, result.message
    wrong = check_equation(r"c = \frac{1}{2 n (n + 1)}", session, bind="c=1/(2*n*(n-1))")
    assert wrong.readable and not wrong.holds, wrong.message
    on_bpcore = check_equation(r"E = N (N - 1)", "1-1", batch=3, notation={"N": "N"})
    assert on_bpcore.readable and not on_bpcore.holds, on_bpcore.message  # (read, and a verdict: E is no N(N-1))


# Theodoridis and Koutroumbas, Pattern Recognition 4.6: layer r has k_r neurons, and k also runs over them
THEODORIDIS = dict(activation="sigmoid", notation={"v": "z", "y": "h", "iteration": "i"})


@pytest.mark.parametrize("latex, holds", [
    (r"v_j^r(i) = \sum_{k=1}^{k_{r-1}} w_{jk}^r y_k^{r-1}(i)", True),
    (r"v_j^r(i) = \sum_{k=1}^{k_{r-1}} 2\, w_{jk}^r y_k^{r-1}(i)", False),
    (r"v_j^r(i) = \sum_{k=1}^{k_{r-1}} w_{jk}^r y_k^{r}(i)", False),
])
def test_the_sums_own_letter_with_a_layer_as_its_bound_counts_that_layers_units(latex, holds):
    """k_{r-1} was "k is not part of the notation ... declare {k: n}", and declaring it refused the sum over k: a
    loop. The sum's letter subscripted by a layer, as its upper bound, is that layer's number of units."""
    result = check_equation(latex, "2-2-2 3-3-3-3", where="r >= 1", **THEODORIDIS)
    expect(result, holds, latex, verdict=True)


# Marsland, Machine Learning: An Algorithmic Perspective 4: the output unit as an argument, \delta_o(k)
MARSLAND = {r"\delta_o": "delta^2", "index_layers": {"k": 2, "j": 1, "i": 0}}


@pytest.mark.parametrize("latex, holds", [
    (r"\delta_o(k) = (y_k - t_k) y_k (1 - y_k)", True),
    (r"\delta_o(k) = (y_k - t_k) y_k", False),
    (r"\delta_j = h_j (1 - h_j) \sum_k w_{kj} \delta_o(k)", True),
])
def test_a_units_index_as_an_argument_is_read_with_the_letter_declared(latex, holds):
    expect(check_equation(latex, "2-3-2 3-4-2", activation="sigmoid", notation=MARSLAND), holds, latex, verdict=True)


def test_an_index_letter_alone_is_told_as_an_index_not_as_a_quantity_to_declare():
    """The advice was "declare it, e.g. {k: h}": k is an index (y_k beside it), and the fix that works is said."""
    latex = r"\delta_o(k) = (y_k - t_k) y_k (1 - y_k)"
    refused = check_equation(latex, "2-3-2", activation="sigmoid", notation={r"\delta_o": "delta^2"})
    assert not refused.readable and "k alone: k is an index in this equation (y_k)" in refused.message
    assert "{index_layers: {k: 2}}" in refused.message and "{k: h}" not in refused.message
    followed = check_equation(latex, "2-3-2", activation="sigmoid",
                              notation={r"\delta_o": "delta^2", "index_layers": {"k": 2}})
    assert followed.holds, followed.message
    assert "{k: h}" in check_equation(r"E = k", "2-3-2").message  # (a letter that is no index: as before)


# Kelleher, Mac Namee and D'Arcy, Fundamentals of ML for Predictive Data Analytics 8: a batch, example j last
KELLEHER = {r"\mathcal{E}": "E", "a": "h", "index_layers": {"i": 0, "h": 1, "k": 2}, "m": "N"}


@pytest.mark.parametrize("latex, holds", [
    (r"\frac{\partial \mathcal{E}}{\partial w_{k,h}} = \sum_{j=1}^{m} \delta_{k,j} \times a_{h,j}", True),
    (r"\frac{\partial \mathcal{E}}{\partial w_{k,h}} = \sum_{j=1}^{m} \delta_{k,j} \times a_{k,j}", False),
    (r"\frac{\partial \mathcal{E}}{\partial w_{k,h}} = \sum_{j=1}^{m} 2\, \delta_{k,j} \times a_{h,j}", False),
])
def test_a_batchs_example_last_where_the_unit_letter_is_declared(latex, holds):
    """a_{h,j} was refused with {example: j} as the advice, which a batch then refused: a loop."""
    result = check_equation(latex, "2-3-2 3-4-2", batch=3, activation="sigmoid", notation=KELLEHER)
    expect(result, holds, latex, verdict=True)


def test_a_sum_over_a_set_is_quoted_with_its_spaces():
    result = check_equation(r"\delta_j = \sum_{k \in output} w_{kj} \delta_k", "2-3-2")
    assert r"\sum_{k \in output}: a sum over a set" in result.message, result.message


@pytest.mark.parametrize("latex, notation, said", [
    # Marsland's Greek unit letters: "declare {kappa: constant}" (a nonsense verdict once followed) and no advice
    (r"\delta_o(\kappa) = (y_\kappa - t_\kappa) y_\kappa (1 - y_\kappa)", {r"\delta_o": "delta^2"},
     r"\kappa alone: \kappa is an index in this equation (y_\kappa); a Greek unit index is not read"),
    (r"h_\zeta = \sum_i x_i v_{i\zeta}", {"v": "w^1", "h": "h^1"},
     r"'\zeta' cannot be an index of h (a Greek unit index, Marsland's h_\zeta, is not read"),
])
def test_a_greek_unit_index_is_refused_with_what_to_write(latex, notation, said):
    result = check_equation(latex, "2-3-2", activation="sigmoid", notation=notation)
    assert not result.readable and said in result.message and "constant" not in result.message, result.message


# MacKay, ITILA 39.3: G(w) over the examples, the output written y(x^{(n)}; w)
@pytest.mark.parametrize("latex, holds", [
    (r"G(\mathbf{w}) = -\sum_n [t^{(n)} \ln y(\mathbf{x}^{(n)}; \mathbf{w}) + (1 - t^{(n)}) "
     r"\ln(1 - y(\mathbf{x}^{(n)}; \mathbf{w}))]", True),
    (r"G(\mathbf{w}) = -\sum_n [t^{(n)} \ln y(\mathbf{x}^{(n)}, \mathbf{w}) + (1 - t^{(n)}) "
     r"\ln(1 - y(\mathbf{x}^{(n)}, \mathbf{w}))]", True),
    (r"G(\mathbf{w}) = -\sum_n [t^{(n)} \ln y(\mathbf{x}^{(n)}; \mathbf{w}) + (1 - t^{(n)}) "
     r"\ln(y(\mathbf{x}^{(n)}; \mathbf{w}))]", False),
])
def test_a_batchs_output_written_as_a_function_of_an_examples_input(latex, holds):
    """y(x^{(n)}; w) was refused ("')' was expected before ';'"), and with a comma told to check the page's code."""
    result = check_equation(latex, "3-1", batch=4, activation="sigmoid", loss="cross-entropy", notation={"G": "E"})
    expect(result, holds, latex, verdict=True)


# Goldberg, Neural Network Methods for NLP 4: row vectors, g^1 the first layer's activation, entries y_{[i]}
GOLDBERG = {"vectors": "rows", "weights": "from-to", "g": "f"}


@pytest.mark.parametrize("latex, activation, notation, holds", [
    (r"h^1 = g^1(x W^1 + b^1)", "tanh identity", {**GOLDBERG, "superscripts": "layers"}, True),
    (r"h^1 = g^1(x W^1)", "tanh identity", {**GOLDBERG, "superscripts": "layers"}, False),
    (r"E = -\sum_i t_{[i]} \log(y_{[i]})", "softmax", GOLDBERG, True),
    (r"y_{[i]} = \frac{e^{z_{[i]}}}{\sum_j e^{z_{[j]}}}", "softmax", GOLDBERG, True),
    (r"y_{[i]} = \frac{e^{z_{[i]}}}{\sum_j e^{z_{[i]}}}", "softmax", GOLDBERG, None),  # (j summed nowhere: refused)
    (r"y_{[i]} = \frac{e^{z_{[i]}}}{1 + \sum_j e^{z_{[j]}}}", "softmax", GOLDBERG, False),
])
def test_goldbergs_layer_superscripts_declared_and_his_entries_in_brackets(latex, activation, notation, holds):
    """g^1 with superscripts: layers declared was still "a layer or a power?"; y_{[i]} "'[' cannot be an index"."""
    result = check_equation(latex, "2-3-2 3-3-3" if " " in activation else "2-3 3-4", activation=activation,
                            biases=True,
                            loss="categorical-cross-entropy" if "softmax" in activation else "squared",
                            notation=notation)
    if holds is None:
        assert not result.readable and "j appears nowhere in what it sums" in result.message, result.message
    else:
        expect(result, holds, latex, verdict=True)


def test_an_undeclared_superscript_on_the_activation_is_still_asked():
    result = check_equation(r"h^1 = g^1(x W^1 + b^1)", "2-3-2", activation="tanh identity", biases=True,
                            notation=GOLDBERG)
    assert not result.readable and "a layer or a power?" in result.message, result.message


@pytest.mark.parametrize("latex, holds", [
    (r"h^{1(n)}_j = f(z^{1(n)}_j)", True),
    (r"h^{[1](n)}_j = f(z^{[1](n)}_j)", True),
    (r"h^{1(n)}_j = f(z^{2(n)}_j)", None),  # (layer 2 has another number of units: its shapes do not fit)
    (r"h^{1(n)}_j = z^{1(n)}_j", False),
])
def test_a_layer_then_an_example_in_one_superscript(latex, holds):
    """h^{1(n)}, layer 1 of example n, was "cannot read '1(n)' as the layer of h" (Ng's a^{(3)(i)} was read)."""
    result = check_equation(latex, "2-3-2", activation="sigmoid", batch=3)
    if holds is None:
        assert not result.holds, result.message
    else:
        expect(result, holds, latex, verdict=True)


# Mazur, A Step by Step Backpropagation Example: every value named by its unit (net_{h1}, out_{o1}), the weights
# numbered w_1 ... w_8; declared one by one, the post's equations are checked as printed
MAZUR = {"i_1": "x_1", "i_2": "x_2", "w_1": "w^1_{11}", "w_2": "w^1_{12}", "w_3": "w^1_{21}", "w_4": "w^1_{22}",
         "w_5": "w^2_{11}", "w_6": "w^2_{12}", "w_7": "w^2_{21}", "w_8": "w^2_{22}", "net_{h1}": "z^1_1",
         "net_{h2}": "z^1_2", "out_{h1}": "h^1_1", "out_{h2}": "h^1_2", "net_{o1}": "z^2_1", "net_{o2}": "z^2_2",
         "out_{o1}": "y_1", "out_{o2}": "y_2", "target_{o1}": "t_1", "target_{o2}": "t_2", "E_{total}": "E",
         "weights": "to-from"}


@pytest.mark.parametrize("latex, holds", [
    (r"net_{h1} = w_1 * i_1 + w_2 * i_2", True),
    (r"net_{h1} = w_1 i_1 + w_3 i_2", False),
    (r"out_{h1} = \frac{1}{1+e^{-net_{h1}}}", True),
    (r"E_{total} = \frac{1}{2}(target_{o1} - out_{o1})^{2} + \frac{1}{2}(target_{o2} - out_{o2})^{2}", True),
    (r"\frac{\partial E_{total}}{\partial w_5} = \frac{\partial E_{total}}{\partial out_{o1}} "
     r"\frac{\partial out_{o1}}{\partial net_{o1}} \frac{\partial net_{o1}}{\partial w_5}", True),
    (r"\frac{\partial out_{o1}}{\partial net_{o1}} = out_{o1}(1 - out_{o1})", True),
    (r"\frac{\partial net_{o1}}{\partial w_5} = out_{h1}", True),
    (r"\frac{\partial net_{o1}}{\partial w_5} = out_{h2}", False),
    (r"w_5^{+} = w_5 - \eta \frac{\partial E_{total}}{\partial w_5}", True),
    (r"w_5^{+} = w_5 + \eta \frac{\partial E_{total}}{\partial w_5}", False),
])
def test_mazurs_named_units_and_numbered_weights_declared_one_by_one(latex, holds):
    """{w_5: w^2_{11}} was "not one of the notation's names", and net_{h1} "n alone"."""
    expect(check_equation(latex, "2-2-2", activation="sigmoid", notation=MAZUR), holds, latex, verdict=True)


@pytest.mark.parametrize("notation, said", [
    ({"w_5": "w^2_{1x}"}, "is not one of the notation's names"),
    ({"w_5": "w^2_{11}^3"}, "is not one of the notation's names"),
])
def test_an_entry_declared_badly_is_refused(notation, said):
    result = check_equation(r"w_5 = 0", "2-2-2", notation=notation)
    assert not result.readable and said in result.message, result.message
