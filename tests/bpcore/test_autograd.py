"""bpcore's gradients agree with an independent autodiff library (HIPS autograd).

The reference loss below is written from scratch in autograd.numpy; it shares
no code with bpcore, only the definitions (z = W h + b, h = f(z), E = 1/2 sum (t - y)^2).
"""

import autograd.numpy as anp
import numpy as np
import pytest
from autograd import grad

from bpcore import Network

REFERENCE_ACTIVATIONS = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1.0 / (1.0 + anp.exp(-z)),
    "tanh": anp.tanh,
    "relu": lambda z: anp.maximum(z, 0.0),
    "softmax": lambda z: anp.exp(z) / anp.sum(anp.exp(z), axis=1, keepdims=True),
}


def reference_loss(params, x, t, activations, reduction, kind="squared", l2=0.0):
    weights, biases = params["W"], params.get("b")
    h = x
    for l, W in enumerate(weights):
        z = anp.dot(h, W.T)
        if biases is not None:
            z = z + biases[l]
        h = REFERENCE_ACTIVATIONS[activations[l]](z)
    if kind == "cross-entropy":
        E = -anp.sum(t * anp.log(h) + (1 - t) * anp.log(1 - h))
    elif kind == "categorical-cross-entropy":
        E = -anp.sum(t * anp.log(h))
    elif kind == "sum-of-squares":
        E = anp.sum((t - h) ** 2)
    else:
        E = 0.5 * anp.sum((t - h) ** 2)
    regularisation = 0.5 * l2 * sum(anp.sum(W * W) for W in weights)
    return (E / x.shape[0] if reduction == "mean" else E) + regularisation


CASES = [
    ([1, 1], "identity", False, "sum", 1),
    ([1, 2], "sigmoid", False, "sum", 1, "cross-entropy"),
    ([2, 3, 2], ["tanh", "sigmoid"], True, "mean", 5, "cross-entropy"),
    ([3, 4, 1], "sigmoid", True, "sum", 3, "cross-entropy"),
    ([1, 2], "identity", False, "sum", 1),
    ([1, 1, 2], "identity", False, "sum", 1),
    ([1, 1, 1, 2], "identity", False, "sum", 3),
    ([2, 3, 1], "sigmoid", True, "sum", 4),
    ([4, 5, 3, 2], ["tanh", "relu", "sigmoid"], True, "mean", 6),
    ([3, 8, 8, 3], "tanh", False, "mean", 16),
    # softmax outputs, categorical cross-entropy (targets a distribution, or not), L2 regularisation
    ([3, 4, 3], ["tanh", "softmax"], True, "mean", 5, "categorical-cross-entropy"),
    ([2, 3], "softmax", False, "sum", 1, "categorical-cross-entropy"),
    ([2, 3, 4], ["sigmoid", "softmax"], True, "sum", 3, "squared"),
    ([3, 3, 2], ["softmax", "identity"], False, "sum", 2, "squared"),
    ([2, 3, 2], "tanh", True, "mean", 4, "squared", 0.7),
    ([2, 3, 3], ["relu", "softmax"], True, "sum", 1, "categorical-cross-entropy", 0.2),
    # without the 1/2 (3Blue1Brown's, Hagan's)
    ([1, 1, 1], "sigmoid", True, "sum", 1, "sum-of-squares"),
    ([2, 3, 2], ["tanh", "identity"], True, "mean", 4, "sum-of-squares", 0.3),
]


@pytest.mark.parametrize("sizes, activation, biases, reduction, batch, kind, l2",
                         [(*case, "squared", 0.0)[:7] if len(case) == 5 else (*case, 0.0)[:7] for case in CASES])
def test_gradients_match_autograd(sizes, activation, biases, reduction, batch, kind, l2):
    rng = np.random.default_rng(sum(sizes) + batch)
    net = Network(sizes, activation, biases=biases, loss=kind, reduction=reduction, rng=rng, l2=l2)
    if biases:
        for b in net.biases:
            b[:] = rng.normal(size=b.shape)
    x = rng.normal(size=(batch, sizes[0]))
    t = rng.uniform(0, 1, size=(batch, sizes[-1])) if "cross-entropy" in kind else rng.normal(size=(batch, sizes[-1]))
    if kind == "categorical-cross-entropy" and batch > 1:
        t[1:] /= t[1:].sum(axis=1, keepdims=True)  # distributions, but the first row need not sum to 1
    names = [f.name for f in net.activations]
    params = {"W": net.weights} | ({"b": net.biases} if biases else {})
    reference = grad(reference_loss)(params, x, t, names, reduction, kind, l2)
    ours = net.backward(x, t)
    assert ours.loss == pytest.approx(reference_loss(params, x, t, names, reduction, kind, l2), rel=1e-12)
    assert net.loss(x, t) == pytest.approx(ours.loss, rel=1e-12)
    for g, small in zip(ours.weights, net.gradients(x[0], t[0]) if batch == 1 else ours.weights):
        np.testing.assert_allclose(g, small, rtol=1e-12, atol=1e-15)  # the single-example path too
    for g, r in zip(ours.weights, reference["W"]):
        np.testing.assert_allclose(g, r, rtol=1e-10, atol=1e-13)
    if biases:
        for g, r in zip(ours.biases, reference["b"]):
            np.testing.assert_allclose(g, r, rtol=1e-10, atol=1e-13)
