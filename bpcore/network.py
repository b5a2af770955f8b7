"""Fully connected layered networks: the forward pass and backpropagation.

Notation and arrays
-------------------
This is the one place that states how the derivation's 1-based notation maps
to 0-based numpy arrays. A network has layers ``l = 0 .. L``: layer 0 is the
input, layer L the output; ``sizes[l]`` is ``n_l``, the number of units.

==========================  ===================================  =========================
derivation (1-based)        meaning                              array (0-based)
==========================  ===================================  =========================
x_i                         input unit i                         ``x[..., i-1]``
h^l_j                       unit j of layer l (h^0 = x, h^L = y)  ``trace.h[l][..., j-1]``
w^l_{kj}                    weight from unit j of layer l-1      ``weights[l-1][k-1, j-1]``
                            to unit k of layer l
b^l_k                       bias of unit k of layer l            ``biases[l-1][k-1]``
z^l_k                       pre-activation of unit k, layer l    ``trace.z[l-1][..., k-1]``
delta^l_k = dE/dz^l_k       error term of unit k, layer l        ``deltas[l-1][..., k-1]``
y_k, t_k                    output k and its target              ``y[..., k-1]``, ``t[..., k-1]``
==========================  ===================================  =========================

A batch adds a leading axis: ``x`` has shape ``(batch, n_0)``; a single
example has shape ``(n_0,)`` and its results drop the batch axis again.

The math, per layer
-------------------
Forward::

    z^l = W^l h^{l-1} + b^l        h^l = f^l(z^l)

Backward, from the output down (the chain rule, one layer at a time)::

    delta^L = dE/dy * f'(z^L)                   (= y - t at a linear output)
    delta^l = ((W^{l+1})^T delta^{l+1}) * f'(z^l)
    dE/dW^l = delta^l (h^{l-1})^T               i.e. dE/dw^l_{kj} = delta^l_k h^{l-1}_j
    dE/db^l = delta^l

where ``*`` is elementwise; over a batch the gradients are summed (or averaged,
with ``loss="mean"``).
"""

from __future__ import annotations

from dataclasses import dataclass
from numbers import Integral
from typing import Sequence

import numpy as np

from .activations import Activation, get_activation
from .errors import BPCoreError, ShapeError, as_batch, as_float_array, check_finite
from .losses import SquaredError


# --- one layer: forward and backward side by side ---------------------------------

def layer_forward(W: np.ndarray, b: np.ndarray | None, f: Activation, h_prev: np.ndarray):
    """z^l = W^l h^{l-1} + b^l and h^l = f(z^l), for a batch of rows ``h_prev``."""
    z = h_prev @ W.T
    if b is not None:
        z += b
    return z, f.function(z)


def layer_backward(W: np.ndarray, f: Activation, z: np.ndarray, h: np.ndarray,
                   h_prev: np.ndarray, dE_dh: np.ndarray, need_input_grad: bool):
    """From dE/dh^l to delta^l, dE/dW^l, dE/db^l and dE/dh^{l-1}.

    ``delta^l = dE/dh^l * f'(z^l)``; ``dE/dW^l = delta^l (h^{l-1})^T`` (summed
    over the batch rows); ``dE/db^l = delta^l``; ``dE/dh^{l-1} = (W^l)^T delta^l``.
    """
    if f.is_identity:
        delta = dE_dh
    else:
        delta = f.derivative(z, h)  # a fresh array: scale it in place
        delta *= dE_dh
    dE_dW = delta.T @ h_prev
    dE_dh_prev = delta @ W if need_input_grad else None
    return delta, dE_dW, dE_dh_prev


# --- results ----------------------------------------------------------------------

@dataclass(frozen=True, repr=False)
class ForwardPass:
    """Everything the forward pass computed, for a batch.

    ``h[l]`` is h^l for ``l = 0 .. L`` (``h[0]`` is x, ``h[L]`` is y);
    ``z[l-1]`` is z^l for ``l = 1 .. L``. Arrays have shape ``(batch, n_l)``.
    """

    h: list[np.ndarray]
    z: list[np.ndarray]
    single: bool

    @property
    def output(self) -> np.ndarray:
        """y, without the batch axis for a single example."""
        return self.h[-1][0] if self.single else self.h[-1]

    def __repr__(self) -> str:
        shapes = ", ".join(str(a.shape) for a in self.h)
        return f"ForwardPass(h shapes=[{shapes}], single={self.single})"


@dataclass(frozen=True, repr=False)
class Gradients:
    """The result of :meth:`Network.backward`.

    ``weights[l-1]`` is dE/dW^l (shaped like W^l); ``biases[l-1]`` is dE/db^l
    (``None`` for a network without biases); ``deltas[l-1]`` is delta^l with
    shape ``(n_l,)`` for a single example or ``(batch, n_l)``; ``loss`` is E.
    """

    loss: float
    weights: list[np.ndarray]
    biases: list[np.ndarray] | None
    deltas: list[np.ndarray]
    forward: ForwardPass

    def __repr__(self) -> str:
        shapes = ", ".join(str(g.shape) for g in self.weights)
        return f"Gradients(loss={self.loss:.6g}, weights shapes=[{shapes}])"


# --- the network ------------------------------------------------------------------

def _check_sizes(sizes) -> tuple[int, ...]:
    if isinstance(sizes, (str, bytes)) or not isinstance(sizes, Sequence):
        raise BPCoreError(f"sizes must be a list of layer sizes such as [1, 1, 2], got {sizes!r}")
    if len(sizes) < 2:
        raise BPCoreError(
            f"sizes must list at least an input and an output layer, e.g. [1, 2]; got {list(sizes)!r}"
        )
    for l, n in enumerate(sizes):
        if isinstance(n, bool) or not isinstance(n, Integral):
            raise BPCoreError(f"sizes[{l}] must be a whole number of units, got {n!r}")
        if n < 1:
            raise BPCoreError(f"layer {l} must have at least 1 unit, got sizes[{l}] = {n}")
    return tuple(int(n) for n in sizes)


class Network:
    """A fully connected network ``sizes[0] -> sizes[1] -> ... -> sizes[L]``.

    ``Network([1, 1, 2])`` is x_1 -> h_1 -> (y_1, y_2). See the module
    docstring for the notation and how it maps to arrays.

    Args:
        sizes: units per layer, input first.
        activation: one activation name for every layer (``"identity"``, the
            derivation's choice, ``"sigmoid"``, ``"tanh"``, ``"relu"``) or a list
            with one per layer ``l = 1 .. L``.
        weights: explicit W^1 .. W^L, each of shape ``(n_l, n_{l-1})``; copied.
        biases: ``False`` (no biases, as in the derivation), ``True`` (biases
            starting at zero) or explicit b^1 .. b^L of shapes ``(n_l,)``.
        loss: ``"sum"`` (E summed over a batch) or ``"mean"``.
        seed: seed for the initial weights (default 0, so builds repeat).
        rng: a ``numpy.random.Generator`` to draw the initial weights from,
            instead of ``seed``.

    Initial weights are drawn from N(0, 1/n_{l-1}). ``net.weights`` and
    ``net.biases`` are the live parameters: editing them in place changes
    the network.
    """

    def __init__(self, sizes: Sequence[int], activation: str | Activation | Sequence = "identity",
                 *, weights: Sequence | None = None, biases: bool | Sequence = False,
                 loss: str = "sum", seed: int | None = None, rng: np.random.Generator | None = None):
        self.sizes = _check_sizes(sizes)
        self._weight_shapes = [(n_out, n_in) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        L = len(self.sizes) - 1
        if isinstance(activation, (str, Activation)):
            self.activations = (get_activation(activation),) * L
        else:
            activation = list(activation)
            if len(activation) != L:
                raise BPCoreError(
                    f"activation list must have one entry per layer 1..{L} ({L} entries), "
                    f"got {len(activation)}"
                )
            self.activations = tuple(get_activation(a) for a in activation)
        self.loss_function = SquaredError(loss)
        if seed is not None and rng is not None:
            raise BPCoreError("pass either seed or rng, not both")
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise BPCoreError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        if weights is None:
            rng = rng if rng is not None else np.random.default_rng(0 if seed is None else seed)
            self.weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in))
                            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        else:
            self.weights = self._copy_parameters(weights, "weights", self.weight_shapes)
        if biases is True:
            self.biases = [np.zeros(n) for n in self.sizes[1:]]
        elif biases is False or biases is None:
            self.biases = None
        else:
            self.biases = self._copy_parameters(biases, "biases", [(n,) for n in self.sizes[1:]])

    # -- structure ----------------------------------------------------------------

    @property
    def depth(self) -> int:
        """L, the number of weight layers (``len(sizes) - 1``)."""
        return len(self.sizes) - 1

    @property
    def weight_shapes(self) -> list[tuple[int, int]]:
        """The shape ``(n_l, n_{l-1})`` of each W^l."""
        return list(self._weight_shapes)

    @property
    def is_linear(self) -> bool:
        """True when every layer's activation is the identity."""
        return all(f.is_identity for f in self.activations)

    def weight(self, l: int, k: int, j: int) -> float:
        """w^l_{kj}, with the derivation's 1-based indices."""
        self._check_index(l, k, j)
        return float(self.weights[l - 1][k - 1, j - 1])

    def copy(self) -> "Network":
        """An independent network with the same structure and parameter values."""
        return Network(self.sizes, list(self.activations), weights=self.weights,
                       biases=False if self.biases is None else self.biases,
                       loss=self.loss_function.reduction)

    # -- forward ------------------------------------------------------------------

    def forward_pass(self, x) -> ForwardPass:
        """Run the network on ``x`` and keep every z^l and h^l."""
        h, single = as_batch(x, self.sizes[0], "x")
        self._check_parameters()
        hs, zs = [h], []
        for l in range(1, self.depth + 1):
            b = None if self.biases is None else self.biases[l - 1]
            z, h = layer_forward(self.weights[l - 1], b, self.activations[l - 1], h)
            zs.append(z)
            hs.append(h)
        return ForwardPass(hs, zs, single)

    def forward(self, x) -> np.ndarray:
        """y for input ``x`` (shape ``(n_0,)`` or ``(batch, n_0)``)."""
        return self.forward_pass(x).output

    def loss(self, x, t) -> float:
        """E = 1/2 sum_k (t_k - y_k)^2, summed (or averaged) over the batch."""
        trace = self.forward_pass(x)
        t = self._targets(t, trace)
        return self.loss_function.value(trace.h[-1], t)

    # -- backward -----------------------------------------------------------------

    def backward(self, x, t) -> Gradients:
        """Backpropagation: E, dE/dW^l, dE/db^l and delta^l for every layer."""
        trace = self.forward_pass(x)
        t = self._targets(t, trace)
        y = trace.h[-1]
        L = self.depth
        weight_grads, bias_grads, deltas = [None] * L, [None] * L, [None] * L
        dE_dh = self.loss_function.gradient(y, t)  # dE/dy
        for l in range(L, 0, -1):
            delta, dE_dW, dE_dh = layer_backward(
                self.weights[l - 1], self.activations[l - 1], trace.z[l - 1], trace.h[l],
                trace.h[l - 1], dE_dh, need_input_grad=l > 1)
            check_finite(dE_dW, f"dE/dW^{l}")
            weight_grads[l - 1] = dE_dW
            if self.biases is not None:
                bias_grads[l - 1] = delta.sum(axis=0)
            deltas[l - 1] = delta[0] if trace.single else delta
        return Gradients(
            loss=self.loss_function.value(y, t),
            weights=weight_grads,
            biases=None if self.biases is None else bias_grads,
            deltas=deltas,
            forward=trace,
        )

    def gradients(self, x, t) -> list[np.ndarray]:
        """dE/dW^l for every layer, shaped like :attr:`weights`."""
        return self.backward(x, t).weights

    def deltas(self, x, t) -> list[np.ndarray]:
        """delta^l = dE/dz^l for every layer ``l = 1 .. L`` (``deltas[l-1]``)."""
        return self.backward(x, t).deltas

    # -- checks -------------------------------------------------------------------

    def _targets(self, t, trace: ForwardPass) -> np.ndarray:
        t, single = as_batch(t, self.sizes[-1], "t")
        batch = trace.h[0].shape[0]
        if single != trace.single or t.shape[0] != batch:
            expected = f"({self.sizes[-1]},)" if trace.single else f"({batch}, {self.sizes[-1]})"
            got = t.shape[1:] if single else t.shape
            raise ShapeError(f"t must have shape {expected} to match x, got shape {tuple(got)}")
        return t

    def _check_parameters(self) -> None:
        # One cheap test per array (shape, then a sum that is NaN/inf iff some
        # element is); the detailed checks run only to word the error.
        for l, (W, shape) in enumerate(zip(self.weights, self._weight_shapes), start=1):
            if W.shape != shape:
                raise ShapeError(f"W^{l} (weights[{l - 1}]) must have shape {shape}, got {W.shape}")
            check_finite(W, f"W^{l}")
        if self.biases is not None:
            for l, (b, n) in enumerate(zip(self.biases, self.sizes[1:]), start=1):
                if b.shape != (n,):
                    raise ShapeError(f"b^{l} (biases[{l - 1}]) must have shape ({n},), got {b.shape}")
                check_finite(b, f"b^{l}")

    def _check_index(self, l: int, k: int, j: int) -> None:
        if not 1 <= l <= self.depth:
            raise BPCoreError(f"layer l must be 1..{self.depth} for w^l_{{kj}}, got {l}")
        n_out, n_in = self.weight_shapes[l - 1]
        if not 1 <= k <= n_out:
            raise BPCoreError(f"w^{l}_{{{k}{j}}}: layer {l} has {n_out} unit(s), so k must be 1..{n_out}")
        if not 1 <= j <= n_in:
            raise BPCoreError(f"w^{l}_{{{k}{j}}}: layer {l - 1} has {n_in} unit(s), so j must be 1..{n_in}")

    def _copy_parameters(self, values, name: str, shapes) -> list[np.ndarray]:
        if isinstance(values, np.ndarray) or not isinstance(values, Sequence):
            raise BPCoreError(f"{name} must be a list of {len(shapes)} arrays, got {type(values).__name__}")
        if len(values) != len(shapes):
            raise BPCoreError(f"{name} must be a list of {len(shapes)} arrays (one per layer), got {len(values)}")
        copies = []
        for l, (value, shape) in enumerate(zip(values, shapes), start=1):
            array = np.array(as_float_array(value, f"{name}[{l - 1}]"), dtype=np.float64, copy=True)
            if array.shape != shape:
                raise ShapeError(
                    f"{name}[{l - 1}] (layer {l}) must have shape {shape}, got {array.shape}")
            check_finite(array, f"{name}[{l - 1}]")
            copies.append(array)
        return copies

    def __repr__(self) -> str:
        names = {f.name for f in self.activations}
        activation = repr(self.activations[0].name) if len(names) == 1 else \
            repr([f.name for f in self.activations])
        return (f"Network({list(self.sizes)}, activation={activation}, "
                f"biases={self.biases is not None}, loss={self.loss_function.reduction!r})")
