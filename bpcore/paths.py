"""The path view of backpropagation in a linear network.

In a network whose activations are all the identity, y_k depends on h^l_j
through every path from unit j of layer l to output k. The derivative of y_k
with respect to h^l_j is the sum, over those paths, of the product of the
weights along the path. Hence, for a weight w^l_{ji} into unit j of layer l::

    dE/dw^l_{ji} = h^{l-1}_i * sum_k delta_k * P^l_{kj}
    P^l_{kj}     = sum over paths j (layer l) -> k (layer L) of prod of weights

with delta_k = y_k - t_k (summed over the batch). This is the derivation's sum
over paths (docs/derivation.md, the equation labelled eq-paths) for any number
of layers, and the correct form of the original post's general formula: the
input to the weight is h^{l-1}_i (x_i only when l = 1), and the product of
weights runs along each path, summed over all paths, rather than over one index
pair per layer.

By distributivity the path sums are a matrix product,
P^l = W^L W^{L-1} ... W^{l+1} (the identity when l = L); :func:`paths`
enumerates the paths themselves, for display and to test that identity.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

import numpy as np

from .errors import BPCoreError
from .network import Network


@dataclass(frozen=True)
class Path:
    """One path from unit ``units[0]`` of layer ``start`` up to output ``units[-1]``.

    ``units`` are 1-based unit numbers in layers ``start, start+1, ..., L``;
    ``weights`` are the weights along it, ``product`` their product.
    """

    start: int
    units: tuple[int, ...]
    weights: tuple[float, ...]

    @property
    def product(self) -> float:
        return float(np.prod(self.weights)) if self.weights else 1.0

    def symbols(self) -> list[str]:
        """The weights along the path in the derivation's notation, e.g. ``['w^2_{11}', 'w^3_{21}']``."""
        return [f"w^{self.start + n + 1}_{{{k}{j}}}"
                for n, (j, k) in enumerate(zip(self.units, self.units[1:]))]

    def __repr__(self) -> str:
        chain = " -> ".join(f"h^{self.start + n}_{u}" for n, u in enumerate(self.units))
        return f"Path({chain}, product={self.product:.6g})"


def _require_linear(net: Network) -> None:
    if not net.is_linear:
        names = [f.name for f in net.activations]
        raise BPCoreError(f"the path view needs identity activations in every layer, got {names}")


def paths(net: Network, l: int, j: int, k: int) -> list[Path]:
    """Every path from unit j of layer l to output k (1-based), with its weights."""
    L = net.depth
    if not 0 <= l <= L:
        raise BPCoreError(f"layer l must be 0..{L}, got {l}")
    if not 1 <= j <= net.sizes[l]:
        raise BPCoreError(f"layer {l} has {net.sizes[l]} unit(s), so j must be 1..{net.sizes[l]}, got {j}")
    if not 1 <= k <= net.sizes[L]:
        raise BPCoreError(f"the output layer has {net.sizes[L]} unit(s), so k must be 1..{net.sizes[L]}, got {k}")
    found = []
    middles = itertools.product(*(range(1, net.sizes[m] + 1) for m in range(l + 1, L)))
    for middle in middles:
        units = (j, *middle, k) if l < L else (j,)
        if l == L and j != k:
            continue
        weights = tuple(float(net.weights[l + n][b - 1, a - 1])
                        for n, (a, b) in enumerate(zip(units, units[1:])))
        found.append(Path(l, units, weights))
    return found


def path_sums(net: Network, l: int) -> np.ndarray:
    """P^l with ``P^l[k-1, j-1]`` = sum over paths j (layer l) -> k of the weight products."""
    _require_linear(net)
    product = np.eye(net.sizes[-1])
    for W in reversed(net.weights[l:]):
        product = product @ W
    return product


def path_gradients(net: Network, x, t, *, enumerate_paths: bool = False) -> list[np.ndarray]:
    """dE/dW^l for every layer from the path formula, shaped like ``net.weights``.

    With ``enumerate_paths=True`` the path sums come from :func:`paths` (the
    literal formula, exponential in depth); otherwise from :func:`path_sums`.
    Needs a linear network; the loss reduction of ``net`` is respected, and so is its L2 term
    (which adds lambda W^l to each gradient, on no path).
    """
    _require_linear(net)
    result = net.backward(x, t)
    trace = result.forward
    delta_out = np.atleast_2d(result.deltas[-1])  # delta_k for every example, (batch, n_L)
    gradients = []
    for l in range(1, net.depth + 1):
        if enumerate_paths:
            P = np.array([[sum(p.product for p in paths(net, l, j, k))
                           for j in range(1, net.sizes[l] + 1)]
                          for k in range(1, net.sizes[-1] + 1)])
        else:
            P = path_sums(net, l)
        # sum over the batch of  (sum_k delta_k P_kj) * h^{l-1}_i
        back = delta_out @ P  # (batch, n_l): sum_k delta_k P^l_{kj}
        gradients.append(back.T @ trace.h[l - 1] + net.l2 * net.weights[l - 1])
    return gradients
