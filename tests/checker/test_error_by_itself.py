"""The error's derivative by itself is 1: Grosse's backward pass (CSC321, bars for gradients) starts from
\\bar{\\mathcal{L}} = 1. It was refused ("cannot differentiate with respect to \\mathcal{L}"). Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

from .expect import expect, expect_refused

GROSSE = {"bar": "gradient", "\\mathcal{L}": "E"}


@pytest.mark.parametrize("latex, notation, batch, holds", [
    (r"\bar{\mathcal{L}} = 1", GROSSE, None, True),
    (r"\bar{\mathcal{L}} = 0", GROSSE, None, False),
    (r"\frac{\partial E}{\partial E} = 1", {}, None, True),
    (r"\frac{\partial E_n}{\partial E_n} = 1", {}, 3, True),
    (r"\frac{\partial E_n}{\partial E_n} = -1", {}, 3, False),
])
def test_the_error_by_itself(latex, notation, batch, holds):
    result = check_equation(latex, "1-1 2-3-2", activation="sigmoid", notation=notation, batch=batch)
    expect(result, holds, latex, verdict=True)


@pytest.mark.parametrize("latex, batch", [(r"\frac{\partial E}{\partial E_n} = 1", 3),
                                          (r"\frac{\partial E}{\partial t} = 1", None)])
def test_by_another_error_or_a_target_is_still_refused(latex, batch):
    expect_refused(check_equation(latex, "2-3-2", batch=batch), ["cannot differentiate with respect to"])
