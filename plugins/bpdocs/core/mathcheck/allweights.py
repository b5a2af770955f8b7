"""Every weight of the network as one vector: Bishop's \\mathbf{w} (PRML 5.2, \\nabla E(\\mathbf{w}), the update
\\mathbf{w}^{(\\tau+1)} = \\mathbf{w}^{(\\tau)} - \\eta \\nabla E(\\mathbf{w}^{(\\tau)})), Goodfellow's \\theta declared
``{theta: w}``: a bold or plain ``w`` with neither layer nor index, on a network of more than one weight layer (on
one, it is that layer's matrix). Its entries are the weights layer by layer, each layer's row by row (w^l_{kj}, k
then j), a column; its reference is ``("all",)``."""

from __future__ import annotations

import numpy as np

from .dual import Tensor

ALL = ("all",)


def weight_refs(instance) -> list[tuple]:
    """The references of every weight, in the vector's order."""
    return [("w", l, k, j) for l in range(1, instance.L + 1) for k in range(1, instance.sizes[l] + 1)
            for j in range(1, instance.sizes[l - 1] + 1)]


def all_weights(instance, seed) -> Tensor:
    """The vector of every weight, with its derivative by ``seed`` (a weight's reference, or None)."""
    values = np.concatenate([W.reshape(-1) for W in instance.net.weights]).reshape(-1, 1)
    derivatives = np.zeros_like(values)
    if seed is not None and seed[0] == "w":
        derivatives[weight_refs(instance).index(seed), 0] = 1.0
    return Tensor.of(values, derivatives)


def all_gradients(instance) -> Tensor:
    """\\nabla E(\\mathbf{w}): dE/dw for every weight, in the vector's order."""
    return Tensor.of(np.concatenate([G.reshape(-1) for G in instance.gradients]).reshape(-1, 1))
