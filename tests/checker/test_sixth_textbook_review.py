"""A sixth review's textbooks (Kriesel, *A Brief Introduction to Neural Networks* 5.4; Alpaydin, *Introduction to
Machine Learning* 11.7), typed as their authors print them.

- Kriesel names the activation by a subscript, f_{act} (f'_{\\text{act}}(\\text{net}_h)): it was refused as "a
  subscript on the activation is read as the unit it belongs to". A word that names the function is no unit.
- His error is \\text{Err}: declared, {\\text{Err}: E}, the declaration was refused ("a name is letters"), and in an
  equation a lone \\text{Err} was cut out as prose, so E = \\frac12 \\text{Err} was read as E = 1/2 and judged. A
  word alone in \\text{} that is not prose's is a name: read, or refused as a name not declared.
- Alpaydin's one output: v_h, the weight from hidden unit h into it, has one index (declared {v: w^2}); the short
  form was read only on a network of a single layer.
- An activation written at the very end of an equation, y = \\sigma, crashed the parser (no argument to show)."""

from __future__ import annotations

import re

import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

KRIESEL = {"o": "h", "net": "z", "weights": "from-to", "delta_sign": "negative", "Delta": "update",
           "L": "outputs", "index_layers": {"k": 0, "h": 1, "l": 2}}
KRIESEL_OUTPUT = {k: v for k, v in KRIESEL.items() if k != "index_layers"}  # (his h: any neuron, here an output)
KRIESEL_FORMS = [
    ("5.4 output, f'_{act}", r"\delta_h = f'_{\text{act}}(\text{net}_h) \cdot (t_h - y_h)", "2-2", True),
    ("5.4 output, its prime after", r"\delta_h = f_{\text{act}}'(\text{net}_h) \cdot (t_h - y_h)", "2-2", True),
    ("5.4 output, \\mathrm", r"\delta_h = f'_{\mathrm{act}}(net_h) (t_h - y_h)", "2-2", True),
    ("5.4 output, plain letters", r"\delta_h = f'_{act}(net_h) (t_h - y_h)", "2-2", True),
    ("5.4 inner", r"\delta_h = f'_{\text{act}}(\text{net}_h) \cdot \sum_{l \in L} (\delta_l w_{h,l})", "2-3-2 3-4-2",
     True),
    ("the update", r"\Delta w_{k,h} = \eta\, o_k\, \delta_h", "2-3-2 3-4-2", True),
    ("the unit's output", r"o_h = f_{act}(net_h)", "2-3-2", True),
    # the mistakes
    ("output, the sign flipped", r"\delta_h = f'_{act}(net_h) (y_h - t_h)", "2-2", False),
    ("inner, the weight's indices swapped", r"\delta_h = f'_{\text{act}}(\text{net}_h) \cdot \sum_{l \in L} "
     r"(\delta_l w_{l,h})", "2-3-2 3-4-2", False),
    ("the update, its sign flipped", r"\Delta w_{k,h} = -\eta\, o_k\, \delta_h", "2-3-2 3-4-2", False),
]


@pytest.mark.parametrize("name, latex, check, holds", KRIESEL_FORMS, ids=[c[0] for c in KRIESEL_FORMS])
def test_kriesels_activation_is_named_by_its_subscript(name, latex, check, holds):
    notation = KRIESEL_OUTPUT if check == "2-2" else KRIESEL
    expect(check_equation(latex, check, activation="sigmoid", notation=notation), holds, name, verdict=True)


def test_a_one_letter_subscript_on_the_activation_is_still_its_unit():
    result = check_equation(r"h_1 = f_j(z_1)", "2-3-2", activation="sigmoid", notation={"index_layers": {"j": 1}})
    expect_refused(result, ["f_j (unit j's activation) applied to"])
    expect_refused(check_equation(r"h^1_1 = f_{ab}(z^1_1)", "2-3-2"), ["a subscript on the activation is read as"])


@pytest.mark.parametrize("declared", [r"\text{Err}", r"\mathrm{Err}", r"\operatorname{Err}", "Err"])
@pytest.mark.parametrize("latex, holds", [
    (r"\text{Err} = \frac12 \sum_k (t_k - y_k)^2", True),
    (r"\mathrm{Err} = \frac{1}{2} \sum_k (t_k - y_k)^2", True),
    (r"\text{Err} = \sum_k (t_k - y_k)^2", False),  # the 1/2 forgotten
])
def test_a_word_in_text_declared_is_a_name(declared, latex, holds):
    result = check_equation(latex, "2-2", activation="sigmoid", notation={declared: "E"})
    expect(result, holds, latex, verdict=True)


@pytest.mark.parametrize("latex", [r"E = \frac12 \text{Err}", r"\text{Err} = \frac12 \sum_k (t_k - y_k)^2",
                                   r"E = \frac12 \|y - t\|^2 + \text{const}"])
def test_a_word_in_text_not_declared_is_refused_as_a_name_not_skipped_as_prose(latex):
    word = latex.split(r"\text{")[1].split("}")[0]
    expect_refused(check_equation(latex, "2-2"), [f"{word} is not part of the notation"])


@pytest.mark.parametrize("between", [r" \text{ and } ", r" \quad\text{thus}\quad ", r", \text{or}\; ",
                                     r" \quad\text{elementwise}\quad ", r", \text{respectively}, "])
def test_prose_between_equations_still_separates_them(between):
    result = check_equation(f"h^0_1 = x_1{between}h^0_2 = x_2", "2-2")
    assert result.holds, result.message
    assert not check_equation(f"h^0_1 = x_1{between}h^0_2 = x_1", "2-2").holds


ALPAYDIN = {"v": "w^2", "w": "w^1", "z": "h^1", "r": "t", "Delta": "update", "index_layers": {"j": 0, "h": 1},
            "H": "n_1"}
ALPAYDIN_FORMS = [
    ("11.28 the output", r"y = \sum_{h=1}^H v_h z_h", True),
    ("11.29 the second layer's update", r"\Delta v_h = \eta (r - y) z_h", True),
    ("11.30 the first layer's update", r"\Delta w_{hj} = \eta (r - y) v_h z_h (1 - z_h) x_j", True),
    ("x for z", r"\Delta v_h = \eta (r - y) x_h", False),
    ("the error's sign flipped", r"\Delta w_{hj} = \eta (y - r) v_h z_h (1 - z_h) x_j", False),
    ("v's index wrong", r"\Delta w_{hj} = \eta (r - y) v_j z_h (1 - z_h) x_j", False),
]


@pytest.mark.parametrize("name, latex, holds", ALPAYDIN_FORMS, ids=[c[0] for c in ALPAYDIN_FORMS])
def test_a_weight_into_one_output_takes_one_index(name, latex, holds):
    result = check_equation(latex, "2-3-1 3-4-1", activation="sigmoid identity", loss="squared", notation=ALPAYDIN)
    expect(result, holds, name, verdict=True)


@pytest.mark.parametrize("latex, check", [(r"y = \sum_{h=1}^H v_h z_h", "2-3-2"), ("w_h = w_h", "2-3-1"),
                                          ("w^1_h = w^1_h", "2-3-1")])
def test_one_index_on_a_weight_between_wider_layers_is_refused(latex, check):
    result = check_equation(latex, check, activation="sigmoid identity", notation=ALPAYDIN)
    expect_refused(result, ["the short form w_k needs a weight layer from one unit or to one unit"])


def test_a_declared_constant_with_an_index_says_to_write_it_alone():
    result = check_equation(r"\Delta w_{ij} = \gamma_j x_i", "2-2", notation={"gamma": "constant"})
    expect_refused(result, [r"\gamma_j: a declared constant takes no index", r"write \gamma alone"])


ESL_OUTPUT = {r"\beta": "w^2", "z": "h^1", "R": "E", "y": "t", "f": "y", "weights": "to-from", "index_layers": {}}


@pytest.mark.parametrize("latex, notation, holds", [
    # ESL's f_k(x), the output as a function of the input: it was read as f_k times the vector x, and this true
    # equation "did not hold" (one side a number, the other 2x1)
    (r"\frac{\partial R}{\partial \beta_{km}} = -2(y_k - f_k(x)) z_m", ESL_OUTPUT, True),
    (r"R = \sum_{k=1}^K (y_k - f_k(x))^2", ESL_OUTPUT, True),
    (r"\frac{\partial R}{\partial \beta_{km}} = -2(y_k - f_k(x)) x_m", ESL_OUTPUT, False),
    (r"\frac{\partial R}{\partial \beta_{km}} = -2(f_k(x) - y_k) z_m", ESL_OUTPUT, False),
    # Bishop's y_k(x, w) in bold, and y_k(x; theta), with the parameters
    (r"E = \sum_k (y_k(\mathbf{x}, \mathbf{w}) - t_k)^2", {}, True),
    (r"E = \sum_k (y_k(x;\theta) - t_k)^2", {}, True),
    (r"E = \sum_k (y_k(x, w) + t_k)^2", {}, False),
])
def test_the_output_written_as_a_function_of_the_input_is_the_output(latex, notation, holds):
    result = check_equation(latex, "2-3-2 3-4-2", activation="sigmoid identity", loss="sum-of-squares",
                            notation=notation)
    expect(result, holds, latex, verdict=True)


def test_the_output_applied_to_something_else_is_still_a_product():
    result = check_equation(r"E = \sum_k (y_k (x_1) - t_k)^2", "2-2", loss="sum-of-squares")
    expect(result, False, "y_k times x_1", verdict=True)


ESL_PRINTED = {**ESL_OUTPUT, r"\alpha": "w^1", "s": "delta^1", r"\delta": "delta^2", "g": "f"}
ESL_ROWS = [
    # a weight with one index, transposed, times a vector: the weights into that unit, dotted with it (it was
    # refused: "the short form w_k needs a single layer")
    ("11.12, the second layer", r"\frac{\partial R}{\partial \beta_{km}} = -2(y_k - f_k(x))\, g_k'(\beta_k^T z)\, z_m",
     True),
    ("11.12, the first layer", r"\frac{\partial R}{\partial \alpha_{ml}} = -\sum_{k=1}^K 2(y_k - f_k(x))\, "
     r"g_k'(\beta_k^T z)\, \beta_{km}\, \sigma'(\alpha_m^T x)\, x_l", True),
    ("11.15", r"s_m = \sigma'(\alpha_m^T x) \sum_{k=1}^K \beta_{km} \delta_k", True),
    ("the hidden units", r"z_m = \sigma(\alpha_m^T x)", True),
    ("11.12 with x_m for x_l", r"\frac{\partial R}{\partial \alpha_{ml}} = -\sum_{k=1}^K 2(y_k - f_k(x))\, "
     r"g_k'(\beta_k^T z)\, \beta_{km}\, \sigma'(\alpha_m^T x)\, x_m", False),
    ("11.12 with the row of another unit", r"\frac{\partial R}{\partial \alpha_{ml}} = -\sum_{k=1}^K "
     r"2(y_k - f_k(x))\, g_k'(\beta_k^T z)\, \beta_{km}\, \sigma'(\alpha_l^T x)\, x_l", False),
    ("11.15, the sigma' of the output", r"s_m = \sigma'(\beta_m^T z) \sum_{k=1}^K \beta_{km} \delta_k", False),
]


@pytest.mark.parametrize("name, latex, holds", ESL_ROWS, ids=[c[0] for c in ESL_ROWS])
@pytest.mark.parametrize("activation", ["sigmoid identity", "sigmoid sigmoid"])
def test_a_transposed_weight_with_one_index_is_the_row_into_its_unit(name, latex, holds, activation):
    check = "2-3-2 3-4-2" if "beta_m^T" not in latex else "2-3-3 3-4-4"  # (beta_m: m must be an output unit)
    result = check_equation(latex, check, activation=activation, loss="sum-of-squares", notation=ESL_PRINTED)
    expect(result, holds, name, verdict=True)


def test_a_units_activation_at_another_units_row_is_refused():
    result = check_equation(r"\frac{\partial R}{\partial \beta_{km}} = -2(y_k - f_k(x))\, g_m'(\beta_k^T z)\, z_m",
                            "2-3-2", activation="sigmoid identity", loss="sum-of-squares", notation=ESL_PRINTED)
    expect_refused(result, ["g_m (unit m's activation) applied to (\\beta_k^T z)"])


ESL_EXAMPLE = {**ESL_PRINTED, "example": "i"}
ESL_AS_PRINTED = [
    # with {example: i}, example i's values are the values: the equations of one example, as the book prints them
    ("11.12, the second layer", r"\frac{\partial R_i}{\partial \beta_{km}} = -2(y_{ik} - f_k(x_i))\, "
     r"g_k'(\beta_k^T z_i)\, z_{mi}", True),
    ("11.12, the first layer", r"\frac{\partial R_i}{\partial \alpha_{ml}} = -\sum_{k=1}^K 2(y_{ik} - f_k(x_i))\, "
     r"g_k'(\beta_k^T z_i)\, \beta_{km}\, \sigma'(\alpha_m^T x_i)\, x_{il}", True),
    ("11.13", r"\frac{\partial R_i}{\partial \beta_{km}} = \delta_{ki} z_{mi}, \qquad "
     r"\frac{\partial R_i}{\partial \alpha_{ml}} = s_{mi} x_{il}", True),
    ("11.15", r"s_{mi} = \sigma'(\alpha_m^T x_i) \sum_{k=1}^K \beta_{km} \delta_{ki}", True),
    ("R_i, braced", r"R_{i} = \sum_{k=1}^K (y_{ik} - f_k(x_i))^2", True),
    ("11.13 with x for z", r"\frac{\partial R_i}{\partial \beta_{km}} = \delta_{ki} x_{mi}", False),
    ("11.15 with beta's indices swapped", r"s_{mi} = \sigma'(\alpha_m^T x_i) \sum_{k=1}^K \beta_{mk} \delta_{ki}",
     False),
]


@pytest.mark.parametrize("name, latex, holds", ESL_AS_PRINTED, ids=[c[0] for c in ESL_AS_PRINTED])
def test_the_example_letter_declared_reads_one_examples_equation(name, latex, holds):
    result = check_equation(latex, "2-3-2 3-4-2", activation="sigmoid identity", loss="sum-of-squares",
                            notation=ESL_EXAMPLE)
    expect(result, holds, name, verdict=True)


@pytest.mark.parametrize("latex, options, words", [
    (r"R(\theta) = \sum_{i=1}^N R_i", {}, [r"\sum over i: i is declared the example", 'batch="4"']),
    (r"R_i = \sum_k (y_{ik} - f_k(x_i))^2", {"batch": 3}, ["reads an equation about one example", "without batch"]),
])
def test_what_the_example_letter_cannot_mean_is_refused(latex, options, words):
    result = check_equation(latex, "2-3-2", activation="sigmoid identity", loss="sum-of-squares",
                            notation=ESL_EXAMPLE, **options)
    expect_refused(result, words)


@pytest.mark.parametrize("notation, words", [
    ({"example": "ii"}, ["notation example: 'ii'; the example is one letter, as ESL's i"]),
    ({"example": "i", "index_layers": {"i": 0}}, ["notation example: i is also an index letter of index_layers"]),
])
def test_a_bad_example_letter_is_refused(notation, words):
    expect_refused(check_equation("y_1 = y_1", "2-2", notation=notation), words)


def test_without_the_declaration_the_example_index_is_an_index():
    result = check_equation(r"\frac{\partial R_i}{\partial \beta_{km}} = \delta_{ki} z_{mi}", "2-3-2",
                            activation="sigmoid identity", loss="sum-of-squares", notation=ESL_PRINTED)
    assert not result.holds and "z_{mi}" in result.message


@pytest.mark.parametrize("latex, check, where", [
    (r"\delta^1_j = w^{2}_{kj} \delta^{2}_k f'(z^1_j)", "2-3-2", None),
    (r"\delta^l_j = w^{l+1}_{kj} \delta^{l+1}_k f'(z^l_j)", "2-3-2 3-4-2", "l < L"),
    (r"y_1 = w_{1k} x_k", "3-1", None),
])
def test_an_index_summed_by_einsteins_convention_is_a_question_not_a_verdict(latex, check, where):
    """An independent tester's case: k on the right only, twice in a product, was read "for every k" and judged
    "does not hold", though the text may mean the sum (the checker asks where another reading holds)."""
    activation = "identity" if check == "3-1" else "sigmoid"
    result = check_equation(latex, check, activation=activation, where=where)
    expect_refused(result, ["k is on the right side only, repeated in a product", "Einstein's convention",
                            r"write the sum, \sum_{k}"])
    summed = latex.replace("= w", r"= \sum_k w")
    assert check_equation(summed, check, activation=activation, where=where).holds


@pytest.mark.parametrize("latex, check", [
    (r"\delta^1_j = w^{2}_{kj} \delta^{2}_k", "2-3-2"),  # summed, it does not hold either (f' missing)
    (r"\delta^1_j = w^{2}_{jk} \delta^{2}_k f'(z^1_j)", "2-3-3"),  # summed, still wrong (indices swapped)
])
def test_a_repeated_index_that_no_sum_explains_is_still_a_verdict(latex, check):
    expect(check_equation(latex, check, activation="sigmoid"), False, latex, verdict=True)


def test_a_where_on_the_left_sides_index_is_applied_before_the_right_sides_ranges():
    """At l = 2 of 2-3-1, w^{l+1} names nothing: the where condition excludes it, but the range of k (on the right
    only) was worked out first, and the equation was refused ("w^3_{11}: weight layers are 1..2")."""
    result = check_equation(r"\delta^l_j = w^{l+1}_{kj} \delta^{l+1}_k f'(z^l_j)", "2-3-1", activation="sigmoid",
                            where="l <= 1")
    assert result.holds, result.message


def test_a_sides_value_of_one_entry_is_shown_as_a_number_and_a_matrix_on_one_line():
    """A tester's report: a one-unit product was shown as "right side = [3.154993]", a matrix on several lines."""
    one = check_equation(r"\Delta v_h = \eta (r - y) x_h", "2-3-1", activation="sigmoid identity", loss="squared",
                         notation=ALPAYDIN)
    assert re.search(r"left side = -?[\d.]+, right side = -?[\d.]+\n", one.message), one.message
    matrix = check_equation(r"\frac{\partial E}{\partial W^2} = \delta^2 (h^1)^T + 1", "2-3-2", activation="sigmoid")
    assert re.search(r"left side = \[\[[^\n]*\]\], right side = \[\[[^\n]*\]\]\n", matrix.message), matrix.message


NIELSEN_BATCH = {"a": "h", "C": "E", "y": "t", "n": "N"}
NIELSEN_SUMS = [
    # his sum over the training inputs x was refused: "x appears nowhere in what it sums"
    ("ch1 (6), the quadratic cost", r"C = \frac{1}{2n} \sum_x \|y(x) - a^L(x)\|^2", "2-3-2", "squared", True),
    ("ch3 (61), one neuron", r"\frac{\partial C}{\partial w_j} = \frac{1}{n} \sum_x x_j(\sigma(z)-y)", "3-1",
     "cross-entropy", True),
    ("ch3 (62)", r"\frac{\partial C}{\partial b} = \frac{1}{n} \sum_x (\sigma(z)-y)", "3-1", "cross-entropy", True),
    ("ch1 (6), the 1/2 left out", r"C = \frac{1}{n} \sum_x \|y(x) - a^L(x)\|^2", "2-3-2", "squared", False),
    ("ch3 (61), sigma' kept", r"\frac{\partial C}{\partial w_j} = \frac{1}{n} \sum_x x_j(\sigma(z)-y) \sigma'(z)",
     "3-1", "cross-entropy", False),
]


@pytest.mark.parametrize("name, latex, check, loss, holds", NIELSEN_SUMS, ids=[c[0] for c in NIELSEN_SUMS])
def test_nielsens_sum_over_the_training_inputs_runs_over_a_batch(name, latex, check, loss, holds):
    result = check_equation(latex, check, activation="sigmoid", loss=loss, batch=3, reduction="mean",
                            biases="on" if "partial b" in latex else "off", notation=NIELSEN_BATCH)
    expect(result, holds, name, verdict=True)


def test_a_sum_over_the_training_inputs_without_a_batch_says_to_check_on_one():
    result = check_equation(r"C = \frac{1}{2n} \sum_x \|y(x) - a^L(x)\|^2", "2-3-2", notation=NIELSEN_BATCH)
    expect_refused(result, [r"\sum_x: a sum over the training inputs (Nielsen's)", 'batch="4"'])


PDP = {"o": "y", "net": "z", "delta_sign": "negative", "index_layers": {"i": 0, "j": 1}}


@pytest.mark.parametrize("latex, holds", [
    # pattern p's net input, net_{pj}, was refused in a batch ("net takes one index, not 2"), though o_{pj} was read
    (r"\delta_{pj} = (t_{pj} - o_{pj}) f'(net_{pj})", True),
    (r"net_{pj} = \sum_i w_{ji} x_{pi}", True),
    (r"\delta_{pj} = (o_{pj} - t_{pj}) f'(net_{pj})", False),
    (r"net_{pj} = \sum_i w_{ji} x_{pj}", False),
])
def test_a_patterns_net_input_in_a_batch_is_the_patterns(latex, holds):
    expect(check_equation(latex, "2-3", activation="sigmoid", batch=3, notation=PDP), holds, latex, verdict=True)


@pytest.mark.parametrize("latex, holds", [(r"\delta_{pj} = (t_{pj} - o_{pj})\, o_{pj} (1 - o_{pj})", True),
                                          (r"\delta_{pj} = (t_{pj} - o_{pj})\, o_{pj}", False)])
def test_any_units_output_of_a_pattern_is_read_at_the_layer_its_letter_names(latex, holds):
    """PDP's o_{pj} declared {o: h} (any unit's output) was refused in a batch, "only x, y and t carry an example";
    with j a unit of layer 1 (index_layers), on one layer it is the output's."""
    result = check_equation(latex, "2-3 3-2", activation="sigmoid", batch=3, notation={**PDP, "o": "h"})
    expect(result, holds, latex, verdict=True)


@pytest.mark.parametrize("declared", [r"\ell", "ell"])
def test_a_script_l_may_be_declared_a_layers_letter(declared):
    """Wikipedia's hidden delta, summed over \\ell: index_layers refused it ("'\\ell' is not an index letter")."""
    notation = {"o": "h", "weights": "from-to", "index_layers": {"i": 0, "j": 1, declared: 2}}
    holds = check_equation(r"\delta_j = \left(\sum_{\ell} w_{j\ell} \delta_\ell\right) o_j (1 - o_j)", "2-3-2 3-4-2",
                           activation="sigmoid", notation=notation)
    assert holds.holds, holds.message
    swapped = check_equation(r"\delta_j = \left(\sum_{\ell} w_{\ell j} \delta_\ell\right) o_j (1 - o_j)", "2-3-2",
                             activation="sigmoid", notation=notation)
    expect(swapped, False, "w's indices swapped", verdict=True)


def test_a_letter_declared_the_output_layer_may_be_used_in_where():
    """CS229's {r: L}: where="k < r" was refused ("r is not a free index"), though the equation writes r."""
    notation = {"a": "h", "o": "h^L", "y": "t", "J": "E", "r": "L"}
    latex = r"\delta^{[k]} = (W^{[k+1]})^T \delta^{[k+1]} \odot \sigma'(z^{[k]})"
    result = check_equation(latex, "2-3-2 3-4-2", activation="sigmoid", notation=notation, where="k < r")
    assert result.holds, result.message
    assert not check_equation(latex, "2-3-2", activation="sigmoid", notation=notation, where="k <= r").holds


@pytest.mark.parametrize("latex, shown", [(r"\frac{\partial h}{\partial z} = \operatorname{sech}^2(z)", "sech"),
                                          (r"h^1_1 = \operatorname{GELU}(z^1_1)", "GELU")])
def test_a_function_the_checker_does_not_know_is_called_one(latex, shown):
    """\\operatorname{sech}^2(z) was "sech is not part of the notation ... declare it {sech: h}"."""
    expect_refused(check_equation(latex, "1-1"), [rf"\operatorname{{{shown}}}(...) is a function the checker does "
                                                  "not know"])


D2L = {"o": "y", "weights": "from-to", "vectors": "rows"}
D2L_FORMS = [
    # d2l's and PyTorch's rows, h = \sigma(x W + b), were refused: "vectors are columns here"
    ("the hidden layer", r"h = \sigma(x W^{(1)} + b^{(1)})", True),
    ("the output", r"o = h W^{(2)} + b^{(2)}", True),
    ("the output's weights", r"\frac{\partial E}{\partial W^{(2)}} = h^T (o - t)", True),
    ("back to the hidden layer", r"\frac{\partial E}{\partial h} = (o - t) (W^{(2)})^T", True),
    ("the output's biases", r"\frac{\partial E}{\partial b^{(2)}} = o - t", True),
    ("the hidden layer's weights", r"\frac{\partial E}{\partial W^{(1)}} = x^T \left(((o - t) (W^{(2)})^T) \odot "
     r"h \odot (1 - h)\right)", True),
    ("the error's sign flipped", r"\frac{\partial E}{\partial W^{(2)}} = h^T (t - o)", False),
    ("sigma' forgotten", r"\frac{\partial E}{\partial W^{(1)}} = x^T ((o - t) (W^{(2)})^T)", False),
]


@pytest.mark.parametrize("name, latex, holds", D2L_FORMS, ids=[c[0] for c in D2L_FORMS])
def test_vectors_declared_rows_read_d2ls_forms(name, latex, holds):
    result = check_equation(latex, "2-3-2 3-4-3", activation="sigmoid identity", biases="on", notation=D2L)
    expect(result, holds, name, verdict=True)


def test_undeclared_a_row_form_asks_for_rows_and_from_to():
    result = check_equation(r"h = \sigma(x W^{(1)} + b^{(1)})", "2-3-2", activation="sigmoid identity", biases="on",
                            notation={"o": "y"})
    expect_refused(result, ["vectors are rows, 1 x n", "{weights: from-to, vectors: rows}"])
    shape = check_equation(r"\frac{\partial E}{\partial h} = (o - t) W^{(2)}", "2-3-2", activation="sigmoid identity",
                           notation=D2L)
    expect_refused(shape, ["vectors are rows here, as vectors: rows declares"])


@pytest.mark.parametrize("name, latex, holds", [
    # Alpaydin writes example t as a superscript, r^t, z_h^t: with {example: t} his online updates are checked
    ("11.29 online", r"\Delta v_h = \eta (r^t - y^t) z_h^t", True),
    ("11.30 online", r"\Delta w_{hj} = \eta (r^t - y^t) v_h z_h^t (1 - z_h^t) x_j^t", True),
    ("the output", r"y^t = \sum_{h=1}^H v_h z_h^t", True),
    ("CS229's x^{(t)} too", r"y^{(t)} = \sum_{h=1}^H v_h z_h^{(t)}", True),
    ("x_h for x_j", r"\Delta w_{hj} = \eta (r^t - y^t) v_h z_h^t (1 - z_h^t) x_h^t", False),
])
def test_an_example_written_as_a_superscript_is_dropped_when_declared(name, latex, holds):
    result = check_equation(latex, "2-3-1 3-4-1", activation="sigmoid identity", loss="squared",
                            notation={**ALPAYDIN, "example": "t"})
    expect(result, holds, name, verdict=True)


@pytest.mark.parametrize("where", [r"\ell >= 2 and \ell <= L", "ell >= 2 and ell <= L", "\u2113 >= 2 and \u2113 <= L"])
def test_a_where_condition_may_name_a_script_l(where):
    """A real site's layer index is \\ell: every spelling of where was refused (Python reads ℓ as l)."""
    latex = (r"\boldsymbol{\delta}^{\ell-1} = \left(\mathbf{W}^{\ell}\right)^\top \boldsymbol{\delta}^{\ell} \odot "
             r"\sigma'(\mathbf{z}^{\ell-1})")
    result = check_equation(latex, "2-3-2 3-4-2", activation="sigmoid", where=where, notation={"a": "h"})
    assert result.holds, result.message
    wrong = check_equation(latex.replace(r"\odot", "+"), "2-3-2", activation="sigmoid", where=where,
                           notation={"a": "h"})
    expect(wrong, False, "+ for odot", verdict=True)
