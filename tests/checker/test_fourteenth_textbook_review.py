"""The fourteenth review of textbook notation (session 25: Parr and Howard's matrix calculus, Baydin et al.'s
automatic differentiation survey, Deisenroth, Faisal and Ong's Mathematics for Machine Learning ch. 5): its wrong
verdicts and refusals on networks. (Its findings about equations on a page's own code are in test_session_review.py,
the vector of ones in test_vector_of_ones.py.) Table-driven, no site."""

import pytest

from bpdocs.core.mathcheck import check_equation

from .expect import expect

MML = {"f": "h", "A": "W", "K": "L", "L": "E", "y": "t", "layers": "subscripts", "weight_layer": "from", "sigma": "f"}
UFLDL = {"a": "h", "input_layer": "1", "weight_layer": "from"}


@pytest.mark.parametrize("latex, notation, where, holds", [
    # an activation with its layer, of an argument whose weights lead out of the layer before (weight_layer: from):
    # "its argument is of another layer", though it is that layer's pre-activation (MML 5.6, UFLDL)
    (r"\boldsymbol{f}_1 = \sigma_1(\boldsymbol{A}_0 \boldsymbol{f}_0 + \boldsymbol{b}_0)", MML, None, True),
    (r"\boldsymbol{f}_1 = \sigma_1(\boldsymbol{A}_0 \boldsymbol{f}_0)", MML, None, False),
    (r"a^{(l+1)} = f^{(l+1)}(W^{(l)} a^{(l)} + b^{(l)})", UFLDL, "l >= 1 and l < L", True),
    (r"a^{(l+1)} = f^{(l+1)}(W^{(l)} a^{(l)} - b^{(l)})", UFLDL, "l >= 1 and l < L", False),
])
def test_a_layers_activation_of_weights_that_lead_into_it(latex, notation, where, holds):
    result = check_equation(latex, "2-3-2 2-3-3-2", activation="sigmoid", biases=True, notation=notation, where=where)
    expect(result, holds, latex, verdict=True)


def test_an_activation_of_another_layers_argument_is_still_refused():
    result = check_equation(r"\boldsymbol{f}_1 = \sigma_1(\boldsymbol{A}_1 \boldsymbol{f}_0 + \boldsymbol{b}_0)",
                            "2-3-2 3-4-2", activation="sigmoid", biases=True, notation=MML)
    assert not result.readable and "its argument is of another layer" in result.message, result.message
