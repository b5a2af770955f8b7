"""Every weight of a deep network as one vector: Bishop's \\mathbf{w} (PRML 5.2's update and gradient, 5.112's
penalty), Goodfellow's \\boldsymbol\\theta. On more than one weight layer it was refused ("the network has 2 layers
of weights; write the layer"), so the iconic update rule could only be checked on a single layer. Table-driven."""

import pytest

from bpdocs.core.mathcheck import check_equation

from .expect import expect, expect_refused

DEEP = "2-3-2 1-2-2-1"
GOODFELLOW = {"\\theta": "w", "J": "E", "learning_rate": "epsilon"}


@pytest.mark.parametrize("latex, kwargs, holds", [
    (r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} - \eta \nabla E(\mathbf{w}^{(\tau)})", {}, True),
    (r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} + \eta \nabla E(\mathbf{w}^{(\tau)})", {}, False),
    (r"\mathbf{w}^{(\tau+1)} = \mathbf{w}^{(\tau)} - \eta \nabla E_n(\mathbf{w}^{(\tau)})", {"batch": 3}, True),
    (r"\nabla E(\mathbf{w}) = \sum_n \nabla E_n(\mathbf{w})", {"batch": 3}, True),
    (r"\nabla E(\mathbf{w}) = \frac{1}{N} \sum_n \nabla E_n(\mathbf{w})", {"batch": 3}, False),
    (r"\frac{\partial E}{\partial \mathbf{w}} = \nabla E(\mathbf{w})", {}, True),
    (r"\frac{\partial E}{\partial \mathbf{w}} = 2 \nabla E(\mathbf{w})", {}, False),
    (r"\|\nabla E(\mathbf{w})\|^2 = \sum_w \left(\frac{\partial E}{\partial w}\right)^2", {}, True),
    (r"\mathbf{w}^T \mathbf{w} = \sum_w w^2", {}, True),
    (r"\mathbf{w}^T \mathbf{w} = \sum_w 2 w^2", {}, False),
    (r"E = E_0 + \frac{\lambda}{2} \mathbf{w}^T \mathbf{w}", {"l2": r"\frac{\lambda}{2}"}, True),
    (r"E = E_0 + \lambda \mathbf{w}^T \mathbf{w}", {"l2": r"\frac{\lambda}{2}"}, False),
    (r"\nabla E(\mathbf{w}) = \nabla E_0(\mathbf{w}) + \lambda \mathbf{w}", {"l2": r"\frac{\lambda}{2}"}, True),
    (r"\mathbf{w} \leftarrow (1 - \eta \lambda) \mathbf{w} - \eta \nabla E_0(\mathbf{w})", {"l2": r"\frac{\lambda}{2}"},
     True),
    (r"\mathbf{w} \leftarrow (1 - \eta \lambda) \mathbf{w} - \eta \nabla E(\mathbf{w})", {"l2": r"\frac{\lambda}{2}"},
     False),  # (the penalty's shrinking counted twice)
    (r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} - \epsilon \nabla_{\boldsymbol\theta} J(\boldsymbol\theta)",
     {"notation": GOODFELLOW}, True),
    (r"\boldsymbol{\theta} \leftarrow \boldsymbol{\theta} + \epsilon \nabla_{\boldsymbol\theta} J(\boldsymbol\theta)",
     {"notation": GOODFELLOW}, False),
])
def test_every_weight_as_one_vector(latex, kwargs, holds):
    result = check_equation(latex, DEEP, activation="sigmoid", **kwargs)
    expect(result, holds, latex, verdict=True)


@pytest.mark.parametrize("latex", [
    r"\mathbf{W} = \mathbf{W}",  # a capital W is a matrix: which layer's?
    r"\frac{\partial E}{\partial w_{kj}} = \delta_k h_j",  # a weight with indices: which layer's?
])
def test_a_matrix_or_an_entry_still_needs_its_layer(latex):
    expect_refused(check_equation(latex, DEEP), ["write the layer"])


@pytest.mark.parametrize("latex, holds", [
    # the weights, their gradient and \sum_w in one order: a product of the vectors entry by entry is the sum
    (r"\mathbf{w}^T \nabla E(\mathbf{w}) = \sum_w w \frac{\partial E}{\partial w}", True),
    (r"\mathbf{w} \odot \nabla E(\mathbf{w}) = \mathbf{w} \odot \frac{\partial E}{\partial \mathbf{w}}", True),
    (r"\mathbf{w}^T \nabla E(\mathbf{w}) = \sum_w w^2", False),
])
def test_one_order_for_the_weights_and_their_gradient(latex, holds):
    expect(check_equation(latex, DEEP, activation="sigmoid"), holds, latex)
