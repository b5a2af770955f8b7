"""Activation functions f and their derivatives f'.

A layer computes ``h = f(z)`` from its pre-activation ``z``. The backward pass
needs ``f'(z)``; each derivative receives both ``z`` and ``h = f(z)`` because
for sigmoid and tanh the derivative is cheapest in terms of ``h``:

- identity: f(z) = z,                     f'(z) = 1
- sigmoid:  f(z) = 1 / (1 + exp(-z)),     f'(z) = h (1 - h)
            computed as (1 + tanh(z/2)) / 2: the same function, never overflows,
            and several times faster than exp here (absolute error < 3e-16)
- tanh:     f(z) = tanh(z),               f'(z) = 1 - h^2
- relu:     f(z) = max(z, 0),             f'(z) = 1 if z > 0 else 0
- softmax:  f(z)_k = exp(z_k) / sum_j exp(z_j), of the whole layer (not elementwise): its
            derivative is the Jacobian dh_k/dz_j = h_k (delta_kj - h_j), so the backward pass
            takes the product with it instead, delta = h * (g - sum_k g_k h_k) for g = dE/dh
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import numpy as np

from .errors import BPCoreError


@dataclass(frozen=True)
class Activation:
    """A named activation: ``function(z) -> h`` and ``derivative(z, h) -> f'(z)``.

    A layer-wide one (softmax) has no elementwise derivative; instead ``backward(z, h, g)`` returns
    dE/dz for g = dE/dh, the product with its Jacobian.
    """

    name: str
    function: Callable[[np.ndarray], np.ndarray]
    derivative: Callable[[np.ndarray, np.ndarray], np.ndarray] | None
    backward: Callable[[np.ndarray, np.ndarray, np.ndarray], np.ndarray] | None = None

    @property
    def elementwise(self) -> bool:
        """False for an activation of the whole layer (softmax), whose derivative is a Jacobian."""
        return self.backward is None

    @property
    def is_identity(self) -> bool:
        """True for f(z) = z, whose derivative the backward pass can skip."""
        return self.name == "identity"

    def __repr__(self) -> str:
        return f"Activation({self.name!r})"


def _sigmoid(z: np.ndarray) -> np.ndarray:
    # 1/(1+exp(-z)) == (1 + tanh(z/2))/2; in place, as large temporaries cost
    # more than the arithmetic on big batches.
    h = np.multiply(z, 0.5)
    np.tanh(h, out=h)
    h += 1.0
    h *= 0.5
    return h


def _sigmoid_derivative(z: np.ndarray, h: np.ndarray) -> np.ndarray:
    d = np.subtract(1.0, h)
    d *= h  # h (1 - h)
    return d


def _tanh_derivative(z: np.ndarray, h: np.ndarray) -> np.ndarray:
    d = np.multiply(h, h)
    np.subtract(1.0, d, out=d)  # 1 - h^2
    return d


def _identity(z: np.ndarray) -> np.ndarray:
    return z


def _identity_derivative(z: np.ndarray, h: np.ndarray) -> np.ndarray:
    return np.ones_like(z)


def _relu(z: np.ndarray) -> np.ndarray:
    return np.maximum(z, 0.0)


def _relu_derivative(z: np.ndarray, h: np.ndarray) -> np.ndarray:
    return (z > 0).astype(np.float64)


def _softmax(z: np.ndarray) -> np.ndarray:
    h = z - np.max(z, axis=-1, keepdims=True)  # the same function, and exp never overflows
    np.exp(h, out=h)
    h /= np.sum(h, axis=-1, keepdims=True)
    return h


def _softmax_backward(z: np.ndarray, h: np.ndarray, g: np.ndarray) -> np.ndarray:
    """dE/dz_j = sum_k g_k h_k (delta_kj - h_j) = h_j (g_j - sum_k g_k h_k), for each row."""
    return h * (g - np.sum(g * h, axis=-1, keepdims=True))


IDENTITY = Activation("identity", _identity, _identity_derivative)
SIGMOID = Activation("sigmoid", _sigmoid, _sigmoid_derivative)
TANH = Activation("tanh", np.tanh, _tanh_derivative)
RELU = Activation("relu", _relu, _relu_derivative)
SOFTMAX = Activation("softmax", _softmax, None, _softmax_backward)

ACTIVATIONS: dict[str, Activation] = {a.name: a for a in (IDENTITY, SIGMOID, TANH, RELU, SOFTMAX)}
"""Every activation by name; ``"linear"`` is accepted as another name for identity."""


def get_activation(spec: str | Activation) -> Activation:
    """Look up an activation by name (case-insensitive) or pass an :class:`Activation` through."""
    if isinstance(spec, Activation):
        return spec
    if not isinstance(spec, str):
        raise BPCoreError(
            f"activation must be a name ({', '.join(ACTIVATIONS)}) or an Activation, "
            f"got {type(spec).__name__}"
        )
    key = spec.strip().lower()
    if key == "linear":
        key = "identity"
    try:
        return ACTIVATIONS[key]
    except KeyError:
        raise BPCoreError(
            f"unknown activation {spec!r}; expected one of: {', '.join(ACTIVATIONS)}"
        ) from None
