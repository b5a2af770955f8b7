"""The ninth review of textbook notation (session 21): equations as their authors print them, with the declarations
docs/checking.md gives. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

# Hertz, Krogh and Palmer, Introduction to the Theory of Neural Computation 6.1: the pattern mu as a superscript of
# every symbol (xi_k^mu in, zeta_i^mu the target, h the net input, V the hidden units, O the outputs), W into the
# outputs and w into the hidden units, each from the second index, delta = -dE/dh, E[w] the error
HKP = dict(activation="sigmoid", notation={"O": "h^2", "V": "h^1", "h": "z", "xi": "x", "zeta": "t", "W": "w^2",
                                           "w": "w^1", "g": "f", "delta_sign": "negative", "Delta": "update",
                                           "index_layers": {"k": 0, "j": 1, "i": 2}, "example": "mu"})


@pytest.mark.parametrize("latex, holds", [
    (r"h_j^\mu = \sum_k w_{jk} \xi_k^\mu", True),
    (r"V_j^\mu = g(h_j^\mu)", True),
    (r"h_i^\mu = \sum_j W_{ij} V_j^\mu", True),
    (r"E[w] = \frac12 \sum_{i} [\zeta_i^\mu - O_i^\mu]^2", True),  # (E times the weights w, "a number and 3x2")
    (r"E[w] = \sum_{i} [\zeta_i^\mu - O_i^\mu]^2", False),
    (r"\delta_i^\mu = g'(h_i^\mu)[\zeta_i^\mu - O_i^\mu]", True),
    (r"\delta_i^\mu = g'(h_i^\mu)[O_i^\mu - \zeta_i^\mu]", False),
    (r"\delta_j^\mu = g'(h_j^\mu) \sum_i W_{ij} \delta_i^\mu", True),
    (r"\delta_j^\mu = g'(h_j^{\mu}) \sum_i W_{ij} \delta_i^{\mu} \xi_j^\mu", False),
    (r"\Delta W_{ij} = \eta\, \delta_i^\mu V_j^\mu", True),
    (r"\Delta w_{jk} = \eta\, \delta_j^\mu \xi_k^\mu", True),
    (r"\Delta w_{jk} = \eta\, \delta_j^\mu \xi_j^\mu", False),
])
def test_a_greek_example_letter_and_the_error_of_the_weights_in_brackets(latex, holds):
    """{example: mu} was refused ("the example is one letter"), and E[w] read as E times the weights (a verdict on
    a shape mismatch): the pattern mu is the example each equation is about, E[w] the error."""
    result = check_equation(latex, "2-3-2 3-4-2", **HKP)
    assert result.readable and result.holds == holds, (result.headline, result.details[:3])


@pytest.mark.parametrize("latex, said", [
    (r"\Delta W_{ij} = \eta \sum_\mu \delta_i^\mu V_j^\mu", r"\sum over \mu: \mu is declared the example"),
    (r"\delta_i^\mu = g'(h_i^\mu) E[\zeta_i^\mu - O_i^\mu]", "the error of what?"),  # (no arguments: a difference)
])
def test_what_a_greek_example_letter_cannot_read(latex, said):
    result = check_equation(latex, "2-3-2", **HKP)
    assert not result.holds and said in result.headline, result.headline


@pytest.mark.parametrize("spec, said", [
    ("mu", None), (r"\mu", None), ("Mu", "the example is one letter"), ("mumu", "the example is one letter"),
    (r"\Delta", "the example is one letter"),
])
def test_the_example_letter_may_be_greek(spec, said):
    result = check_equation(r"V_j^\mu = g(h_j^\mu)", "2-3-2",
                            **{**HKP, "notation": {**HKP["notation"], "example": spec}})
    if said is None:
        assert result.holds, result.message
    else:
        assert not result.readable and said in result.message, result.message


# Hagan, Demuth and Beale, Neural Network Design 11: e = t - a, the error signal, and E[...] the expectation
HAGAN = dict(activation="sigmoid identity", loss="sum-of-squares",
             notation={"n": "z", "a": "h^L", "e": "error", "F": "E", "s": "delta", "M": "L"})


@pytest.mark.parametrize("latex, check, kwargs", [
    # what was inside was dropped (E[e e^T], a matrix, "held"; so did E[t], E(5)), or judged as E times it (Hagan's
    # true 11.10 "did not hold": 5.54 against 5.54 squared)
    (r"F(\mathbf{x}) = E[\mathbf{e}^T \mathbf{e}] = E[(\mathbf{t} - \mathbf{a})^T (\mathbf{t} - \mathbf{a})]", "2-3-2",
     HAGAN),
    (r"F(\mathbf{x}) = E[e^2] = E[(t - a)^2]", "1-1", {**HAGAN, "activation": "sigmoid"}),
    (r"F(\mathbf{x}) = E[\mathbf{e}\mathbf{e}^T]", "2-3-2", HAGAN),
    (r"F(\mathbf{x}) = E((t + a)^2)", "1-1", {**HAGAN, "activation": "sigmoid"}),
    (r"E = E[x^T x]", "2-3-2", {}),
    (r"E = E[t]", "2-3-2", {}),
    (r"E = E(5)", "2-3-2", {}),
    (r"E = E((y - t)^2)", "2-3-2", {}),
])
def test_the_error_before_a_bracket_that_holds_no_names_alone_is_refused(latex, check, kwargs):
    result = check_equation(latex, check, **kwargs)
    assert not result.readable and "the error of what?" in result.headline, result.headline


@pytest.mark.parametrize("latex", [
    r"E[w] = \frac12 \sum_k (y_k - t_k)^2", r"E[W, b] = \frac12 \sum_k (y_k - t_k)^2",
    r"E[\theta] = \frac12 \sum_k (y_k - t_k)^2", r"E(\mathbf{w}) = \frac12 \sum_k (y_k - t_k)^2",
    r"E(\hat{y}, t) = \frac12 \sum_k (y_k - t_k)^2",
    r"\frac{\partial E(\mathbf{w})}{\partial w^2_{kj}} = \delta^2_k h^1_j",
])
def test_the_error_of_its_parameters_is_the_error(latex):
    result = check_equation(latex, "2-3-2")
    assert result.holds, result.message


@pytest.mark.parametrize("latex, check, activation, holds", [
    # with e declared (the error signal), Euler's e to a power with a letter in it was the error signal's power:
    # Hagan's log-sigmoid "did not hold" (0.5377 against 0.5413)
    (r"a^1_i = \frac{1}{1 + e^{-n^1_i}}", "2-2-1 3-2-1", "sigmoid identity", True),
    (r"a^1_i = \frac{1}{1 + e^{n^1_i}}", "2-2-1 3-2-1", "sigmoid identity", False),
    (r"a^1_i = \frac{e^{n^1_i}-e^{-n^1_i}}{e^{n^1_i}+e^{-n^1_i}}", "2-2-1", "tanh identity", True),
    (r"F = e^T e", "2-2-1 2-3-2", "sigmoid identity", True),  # (the error signal's: its transpose)
    (r"F = \mathbf{e}^\top \mathbf{e}", "2-3-2", "sigmoid identity", True),
    (r"F = e^2", "2-1", "sigmoid", True),  # (one output: the error signal squared)
    (r"F = 2 e^2", "2-1", "sigmoid", False),
])
def test_a_declared_e_leaves_eulers_number_to_a_power_of_a_letter(latex, check, activation, holds):
    result = check_equation(latex, check, **{**HAGAN, "activation": activation})
    assert result.readable and result.holds == holds, result.message


@pytest.mark.parametrize("latex, holds", [
    # Rojas 7.3: the update of a transposed layer, Delta W^{(2)T}: refused with the checker's own objects
    # ("not Op(op='T', args=(Sym(name='W', ...")
    (r"\Delta W^{(2)T} = -\eta\, h^{(1)} \delta^{(2)T}", True),
    (r"\Delta W^{2\top} = -\eta\, (\delta^2 h^{1T})^T", True),
    (r"\Delta W^{(2)T} = -\eta\, h^{(1)} \delta^{(2)T} + h^{(1)} \delta^{(2)T}", False),
])
def test_the_change_of_a_transposed_weight_layer(latex, holds):
    result = check_equation(latex, "2-3-2 3-4-2", notation={"Delta": "update"})
    assert result.readable and result.holds == holds, result.message


@pytest.mark.parametrize("latex", [r"\Delta h^{(2)T} = h^{(2)T}", r"\Delta h^2 = h^2", r"\Delta b^{(2)T} = b^{(2)T}"])
def test_what_delta_cannot_stand_before_is_quoted_as_written(latex):
    message = check_equation(latex, "2-3-2", notation={"Delta": "update"}).message
    assert "Sym(" not in message and "Op(" not in message and "Index(" not in message, message


def test_a_row_of_a_matrix_is_told_to_be_written_by_its_entries():
    """Shewchuk's W_i (row i of W): the refusal's only advice was layers: subscripts, which reads W_i as layer i's
    matrix and judges the true equation ("shapes 3x2 and 3x1")."""
    result = check_equation(r"\nabla_{W_i} L = 2(\hat{y}_i - y_i)\, \hat{y}_i (1 - \hat{y}_i)\, h", "2-3-2 3-4-2",
                            activation="sigmoid", loss="sum-of-squares",
                            notation={"V": "W^1", "W": "W^2", "h": "h^1", "\\hat{y}": "y", "y": "t", "L": "E"})
    assert not result.readable and "row i of a matrix (Shewchuk's W_i), write its entries, W_{ij}" in result.message


@pytest.mark.parametrize("tanh", [r"\tanh", r"\text{tanh}", r"\operatorname{tanh}", r"\mathrm{tanh}"])
def test_a_function_written_as_a_word_takes_a_power_before_its_argument(tanh):
    """A newcomer's review: a real site's MathJax macros define \\tanh as \\text{tanh}, so the checked
    (1 - \\tanh^2(z^1_j)), expanded, was refused ("\\operatorname{tanh} needs its argument in parentheses")."""
    from bpdocs.core.typeset.macros import definitions, expand

    macros = definitions(r"\renewcommand{\tanh}{\text{tanh}}")[0] if tanh == r"\text{tanh}" else {}
    latex = expand(rf"\frac{{\partial E}}{{\partial z^1_j}} = (1 - {tanh}^2(z^1_j)) \sum_k w^2_{{kj}} \delta^2_k"
                   .replace(r"\text{tanh}", r"\tanh"), macros)
    assert (r"\text{tanh}^2" in latex) == (tanh == r"\text{tanh}"), latex
    assert check_equation(latex, "1-2-1 2-3-2", activation="tanh identity").holds
    wrong = check_equation(latex.replace("^2(", "^3("), "1-2-1", activation="tanh identity")
    assert wrong.readable and not wrong.holds, wrong.message


def test_3blue1browns_cost_of_one_example_as_he_writes_it():
    """His C_0 was refused with "write the error E": {C_0: E}, which reads it, was not said."""
    refused = check_equation(r"C_0 = (a^{(L)} - y)^2", "1-1-1", activation="sigmoid", biases=True,
                             loss="sum-of-squares", notation={"a": "h", "y": "t", "C": "E"})
    assert not refused.readable and "declare {C_0: E}" in refused.message, refused.message
    declared = check_equation(r"C_0 = (a^{(L)} - y)^2", "1-1-1", activation="sigmoid", biases=True,
                              loss="sum-of-squares", notation={"a": "h", "y": "t", "C_0": "E"})
    assert declared.holds, declared.message


def test_brilliants_output_activation_by_its_subscript():
    """Brilliant's g_o, the output's activation: refused as unit o's, without the declaration that reads it."""
    notation = {"a": "z", "o": "h", "\\hat{y}": "y"}
    refused = check_equation(r"\hat{y} = g_o(a^2_1)", "2-3-1", activation="sigmoid", notation=notation)
    assert not refused.readable and "declare {g_o: f}" in refused.message, refused.message
    for latex, holds in ((r"\hat{y} = g_o(a^2_1)", True), (r"\hat{y} = g_o(a^2_1) + 1", False)):
        result = check_equation(latex, "2-3-1", activation="sigmoid", notation={**notation, "g_o": "f"})
        assert result.readable and result.holds == holds, result.message


LECUN = dict(check="2-3-2", activation="tanh", batch=3, reduction="mean", notation={"P": "N"})


@pytest.mark.parametrize("latex, kwargs, holds", [
    # an example's error or input as a superscript, inside a sum over it, in a batch: refused before as "no power"
    # though the letter was known to be the sum's (Bishop 1995's E = \sum_n E^n, LeCun's E^p, Hinton's y^n)
    (r"E = \frac{1}{N} \sum_{n=1}^{N} E^n", dict(LECUN, notation={}), True),
    (r"E = \frac{1}{P} \sum_{p=1}^{P} E^p", LECUN, True),
    (r"E = \frac{1}{P} \sum_{p=1}^{P} 2 E^p", LECUN, False),
    (r"E = \frac{1}{2} \sum_n \sum_k (y_k^n - t_k^n)^2", dict(check="2-3-2", batch=3), True),
    (r"E = \frac{1}{2} \sum_n \sum_k (y_k^n - t_k^n)^3", dict(check="2-3-2", batch=3), False),
])
def test_an_examples_superscript_inside_a_sum_over_it(latex, kwargs, holds):
    result = check_equation(latex, **kwargs)
    assert result.readable and result.holds == holds, result.message


@pytest.mark.parametrize("latex, kwargs, said", [
    (r"E = \sum_n E^n", dict(check="2-3-2"), "check with a batch"),  # (no batch: what would the sum run over?)
    (r"E^n = \frac12 \sum_k (y_k^n - t_k^n)^2", dict(check="2-3-2", batch=3), "or example n's error"),  # (no sum)
    (r"E = \frac{1}{2} \sum_t \sum_i (r^t_i - y^t_i)^2", dict(LECUN, notation={"r": "t"}), "write r^{(t)} (and"),
])
def test_an_examples_superscript_that_could_be_a_power_is_still_refused(latex, kwargs, said):
    result = check_equation(latex, **kwargs)
    assert not result.readable and said in result.message, result.message


# Deisenroth, Faisal and Ong, Mathematics for Machine Learning 5.6: f_K the output of the last layer K, L the loss
MML = dict(activation="sigmoid identity", loss="sum-of-squares",
           notation={"K": "L", "L": "E", "layers": "subscripts", "f": "h", "y": "t"})


@pytest.mark.parametrize("latex, holds", [
    # f_K, with K declared the last layer and L the loss, was refused as "f_L: L is declared" (a symbol nobody wrote)
    (r"L = \|y - f_K\|^2", True),
    (r"L = \frac12 \|y - f_K\|^2", False),
    (r"\frac{\partial L}{\partial f_K} = -2(y - f_K)", True),
    (r"\frac{\partial L}{\partial f_K} = -(y - f_K)", False),
])
def test_a_declared_last_layer_beside_a_loss_named_l(latex, holds):
    result = check_equation(latex, "2-3-2 3-4-2", **MML)
    assert result.readable and result.holds == holds, result.message


def test_a_declared_name_as_a_subscript_is_still_refused_under_layers_as_subscripts():
    result = check_equation(r"L = \|y - f_L\|^2", "2-3-2", **MML)
    assert not result.readable and "L is declared" in result.message, result.message
