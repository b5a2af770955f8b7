"""The ninth review's leftovers and the tenth review of textbook notation (session 22): equations as their
authors print them, with the declarations docs/checking.md gives. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

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
    assert result.readable and result.holds == holds, (result.headline, result.details[:3])


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
    assert result.readable and result.holds == holds, (result.headline, result.details[:3])


def test_n_times_n_minus_one_is_a_product_not_another_step():
    """A newcomer's L-moment page: 2 n (n - 1), n a number, was refused as "the value at another step than n"."""
    session = {"n": 12, "x": __import__("numpy").arange(3.0)}
    result = check_equation(r"c = \frac{1}{2 n (n - 1)}", session, bind="c=1/(2*n*(n-1))")
    assert result.holds, result.message
    wrong = check_equation(r"c = \frac{1}{2 n (n + 1)}", session, bind="c=1/(2*n*(n-1))")
    assert wrong.readable and not wrong.holds, wrong.message
    on_bpcore = check_equation(r"E = N (N - 1)", "1-1", batch=3, notation={"N": "N"})
    assert on_bpcore.readable and not on_bpcore.holds, on_bpcore.message  # (read, and a verdict: E is no N(N-1))
