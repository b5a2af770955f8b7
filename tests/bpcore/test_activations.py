"""Each activation and its derivative, against the textbook formulas and finite differences."""

import numpy as np
import pytest

from bpcore import ACTIVATIONS, get_activation

Z = np.linspace(-8, 8, 161) + 0.013  # avoid relu's kink at exactly 0

TEXTBOOK = {
    "identity": lambda z: z,
    "sigmoid": lambda z: 1.0 / (1.0 + np.exp(-z)),
    "tanh": np.tanh,
    "relu": lambda z: np.where(z > 0, z, 0.0),
}


@pytest.mark.parametrize("name", [name for name, f in ACTIVATIONS.items() if f.elementwise])
def test_function_and_derivative(name):
    f = ACTIVATIONS[name]
    h = f.function(Z.copy())
    np.testing.assert_allclose(h, TEXTBOOK[name](Z), rtol=1e-12, atol=3e-16)
    eps = 1e-6
    numeric = (TEXTBOOK[name](Z + eps) - TEXTBOOK[name](Z - eps)) / (2 * eps)
    np.testing.assert_allclose(f.derivative(Z, h), numeric, rtol=1e-7, atol=1e-9)


def test_sigmoid_never_overflows():
    with np.errstate(all="raise"):
        h = get_activation("sigmoid").function(np.array([-800.0, -40.0, 0.0, 40.0, 800.0]))
    np.testing.assert_allclose(h, [0.0, 0.0, 0.5, 1.0, 1.0], atol=1e-16)


def test_linear_is_identity_and_lookup_ignores_case():
    assert get_activation("linear") is get_activation("IDENTITY") is ACTIVATIONS["identity"]


def test_softmax_and_the_product_with_its_jacobian():
    softmax = get_activation("softmax")
    assert not softmax.elementwise
    rng = np.random.default_rng(3)
    z = rng.normal(size=(4, 5)) * 3
    h = softmax.function(z.copy())
    textbook = np.exp(z) / np.exp(z).sum(axis=1, keepdims=True)
    np.testing.assert_allclose(h, textbook, rtol=1e-13)
    with np.errstate(over="raise"):  # the largest entry is subtracted first: exp never overflows
        np.testing.assert_allclose(softmax.function(np.array([[1000.0, 0.0]])), [[1.0, 0.0]], atol=1e-300)
    g = rng.normal(size=(4, 5))
    eps = 1e-6
    for row in range(4):  # (dE/dz)_j = sum_k g_k dh_k/dz_j, by central differences of the textbook softmax
        numeric = []
        for j in range(5):
            step = np.zeros(5)
            step[j] = eps
            up, down = (np.exp(z[row] + s) / np.exp(z[row] + s).sum() for s in (step, -step))
            numeric.append(g[row] @ (up - down) / (2 * eps))
        np.testing.assert_allclose(softmax.backward(z[row:row + 1], h[row:row + 1], g[row:row + 1])[0], numeric,
                                   rtol=1e-7, atol=1e-10)
