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
