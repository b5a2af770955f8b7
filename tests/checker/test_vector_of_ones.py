"""A bold 1 alone is the vector of ones (\\mathbf{1}^T x, the sum of x's entries; X \\mathbf{1}, a matrix's row
sums): the checker read it as the number 1, so the sum "did not hold" and dE/db = \\mathbf{1}^T \\delta held. Refused,
saying what to write; a bold 1 with its condition stays an indicator. Table-driven, no site."""

import numpy as np
import pytest

from bpdocs import check_equation

from .expect import expect, expect_refused

SESSION = {"np": np, "x": np.array([1.0, 2.0, 3.0])}


@pytest.mark.parametrize("latex", [r"s = \mathbf{1}^T x", r"s = \mathbf{1}^\top x", r"s = \boldsymbol{1}^T x",
                                   r"s = x^T \mathbf{1}"])
def test_a_vector_of_ones_is_refused_in_a_session(latex):
    expect_refused(check_equation(latex, SESSION, bind="s=x.sum()", inputs="x"), ["a vector of ones", r"\sum_i"])


def test_on_a_network_a_sum_by_ones_never_holds_as_the_vector_it_is_not():
    expect_refused(check_equation(r"\frac{\partial E}{\partial b^2} = \mathbf{1}^T \delta^2", "2-3-2", biases=True),
                   ["a vector of ones"])


@pytest.mark.parametrize("latex, holds", [
    (r"s = \mathbf{1}_{x_1 > 0} \sum_i x_i", False),  # an indicator, as before (x_1 < 0 on some trial)
    (r"s = \mathbf{1}(x_1 > -100) \sum_i x_i", True),
    (r"s = \sum_i x_i", True),
])
def test_a_bold_one_with_its_condition_is_an_indicator(latex, holds):
    expect(check_equation(latex, SESSION, bind="s=x.sum()", inputs="x"), holds, latex)


def test_parr_and_howards_vec_one_too():
    expect_refused(check_equation(r"s = \vec{1}^T x", SESSION, bind="s=x.sum()"), [r"\vec{1}, a vector of ones"])
