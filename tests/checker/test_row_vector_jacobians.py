"""Jacobians of row vectors (``vectors: rows``, d2l's and PyTorch's x W + b): a derivative of a row by a row is
the same matrix as of the column vectors, in the layout declared (numerator by default), and diag and the
softmax read a row as the vector it is. It was "has more than two indices" for every Jacobian, and \\operatorname
{diag}(f'(z)) of a row was refused. Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

from .expect import expect, expect_refused

ROWS = {"vectors": "rows", "weights": "from-to", "x": "h^0"}  # z^1 = h^0 W^1, W^1 is n_0 x n_1
DENOMINATOR = {**ROWS, "jacobian": "denominator"}
NUMERATOR = {**ROWS, "jacobian": "numerator"}


@pytest.mark.parametrize("latex, notation, holds", [
    # z = x W: dz_j/dx_i = W_ij, so the numerator layout's Jacobian (entry (j, i)) is W^T, the denominator's W
    (r"\frac{\partial z^1}{\partial h^0} = (W^1)^T", ROWS, True),
    (r"\frac{\partial z^1}{\partial h^0} = (W^1)^T", NUMERATOR, True),
    (r"\frac{\partial z^1}{\partial h^0} = W^1", NUMERATOR, False),
    (r"\frac{\partial z^1}{\partial h^0} = W^1", DENOMINATOR, True),
    (r"\frac{\partial z^1}{\partial h^0} = (W^1)^T", DENOMINATOR, False),
    (r"\frac{\partial z^1}{\partial h^0} = 2 (W^1)^T", ROWS, False),
])
def test_a_jacobian_of_rows_is_the_layouts_matrix(latex, notation, holds):
    result = check_equation(latex, "2-3 3-2", activation="identity", notation=notation)
    expect(result, holds, latex, verdict=True)


def test_the_other_layout_undeclared_is_a_question_not_a_verdict():
    result = check_equation(r"\frac{\partial z^1}{\partial h^0} = W^1", "2-3 3-2", activation="identity",
                            notation=ROWS)
    expect_refused(result, ["jacobian: denominator"])


S = {**ROWS, "jacobian": "numerator"}


@pytest.mark.parametrize("latex, holds", [
    (r"\frac{\partial h^2}{\partial h^1} = (W^2)^T", True),
    (r"\frac{\partial z^2}{\partial z^1} = (W^2)^T \operatorname{diag}(f'(z^1))", True),
    (r"\frac{\partial z^2}{\partial z^1} = (W^2)^T \operatorname{diag}(f(z^1))", False),
    (r"\frac{\partial z^2}{\partial z^1} = \operatorname{diag}(f'(z^1)) (W^2)^T", False),  # (3x3 times 2x3)
    # a gradient by a row is still a row
    (r"\frac{\partial E}{\partial z^1} = \delta^2 (W^2)^T \odot f'(z^1)", True),
    (r"\frac{\partial E}{\partial z^1} = \delta^2 (W^2)^T", False),
    (r"\frac{\partial E}{\partial W^2} = (h^1)^T \delta^2", True),
])
def test_chains_of_row_jacobians(latex, holds):
    result = check_equation(latex, "2-3-2 3-4-2", activation="sigmoid identity", notation=S)
    expect(result, holds, latex)


@pytest.mark.parametrize("latex, holds", [
    (r"y = \operatorname{softmax}(h^1 W^2)", True),
    (r"y = \operatorname{softmax}(h^1 (W^2)^T)", False),
    (r"\frac{\partial y}{\partial z^2} = \operatorname{diag}(y) - y^T y", True),
    (r"\frac{\partial y}{\partial z^2} = \operatorname{diag}(y) - y y^T", False),  # (a number: y y^T of rows)
    (r"\frac{\partial E}{\partial z^2} = y - t", True),
])
def test_softmax_and_diag_of_a_row(latex, holds):
    result = check_equation(latex, "2-3-2 3-4-3", activation="sigmoid softmax", loss="categorical-cross-entropy",
                            notation=S)
    expect(result, holds, latex)


def test_a_column_texts_jacobian_is_unchanged():
    assert check_equation(r"\frac{\partial z^1}{\partial h^0} = W^1", "2-3 3-2", activation="identity").holds
    result = check_equation(r"\frac{\partial z^1}{\partial h^0} = (W^1)^T", "2-3 3-2", activation="identity",
                            notation={"jacobian": "numerator", "weights": "to-from"})
    expect(result, False, "W^T in numerator layout, columns", verdict=True)
