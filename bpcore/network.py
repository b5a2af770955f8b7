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
    dE/dW^l = delta^l (h^{l-1})^T + lambda W^l  i.e. dE/dw^l_{kj} = delta^l_k h^{l-1}_j + lambda w^l_{kj}
    dE/db^l = delta^l

where ``*`` is elementwise; over a batch the gradients are summed (or averaged,
with ``reduction="mean"``). With ``loss="cross-entropy"`` and a sigmoid output
layer, or ``loss="categorical-cross-entropy"`` and a softmax output layer,
delta^L = y - t. A softmax layer's f'(z) is a Jacobian: its delta is the
product with it (see :mod:`bpcore.activations`). With ``l2=lambda``, E gains
lambda/2 sum_l ||W^l||^2 (once per batch, biases left out).
"""

from __future__ import annotations

import math
from typing import Sequence

import numpy as np

from . import parameters, small
from .activations import IDENTITY, Activation, get_activation
from .errors import BPCoreError, NonFiniteError, all_finite, as_batch, as_float_array, check_finite
from .losses import FUSED, REDUCTIONS, get_loss
from .results import ForwardPass, Gradients


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
    elif f.backward is not None:  # softmax: the product with its Jacobian
        delta = f.backward(z, h, dE_dh)
    else:
        delta = f.derivative(z, h)  # a fresh array: scale it in place
        delta *= dE_dh
    dE_dW = delta.T @ h_prev
    dE_dh_prev = delta @ W if need_input_grad else None
    return delta, dE_dW, dE_dh_prev


# --- the network ------------------------------------------------------------------


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
        loss: ``"squared"`` (E = 1/2 sum_k (t_k - y_k)^2, the derivation's), ``"sum-of-squares"`` (the
            same without the 1/2, 3Blue1Brown's and Hagan's), ``"cross-entropy"``
            (binary, for sigmoid outputs) or ``"categorical-cross-entropy"`` (E = -sum_k t_k ln y_k,
            for a softmax output layer). ``"sum"`` and ``"mean"`` are accepted as the squared error
            with that reduction (the older spelling).
        reduction: ``"sum"`` (E summed over a batch) or ``"mean"``.
        l2: lambda >= 0, the L2 regularisation: E gains lambda/2 sum_l ||W^l||^2 and dE/dW^l
            gains lambda W^l (default 0, none).
        seed: seed for the initial weights (default 0, so builds repeat).
        rng: a ``numpy.random.Generator`` to draw the initial weights from,
            instead of ``seed``.

    Initial weights are drawn from N(0, 1/n_{l-1}). ``net.weights`` and
    ``net.biases`` are the live parameters: editing them in place changes
    the network.
    """

    def __init__(self, sizes: Sequence[int], activation: str | Activation | Sequence = "identity",
                 *, weights: Sequence | None = None, biases: bool | Sequence = False,
                 loss: str = "squared", reduction: str = "sum", l2: float = 0.0, seed: int | None = None,
                 rng: np.random.Generator | None = None):
        self.sizes = parameters.check_sizes(sizes)
        self.l2 = parameters.check_l2(l2)
        self._weight_shapes = [(n_out, n_in) for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        self._weight_count = sum(n_out * n_in for n_out, n_in in self._weight_shapes)
        self._names_of = None  # the activations tuple whose names self._names caches
        self._single_shapes = ((self.sizes[0],), (self.sizes[-1],))  # x and t of one example
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
        if loss in REDUCTIONS:  # the older spelling: loss="mean" is the squared error, averaged
            loss, reduction = "squared", loss
        self.loss_function = get_loss(loss, reduction)
        if seed is not None and rng is not None:
            raise BPCoreError("pass either seed or rng, not both")
        if rng is not None and not isinstance(rng, np.random.Generator):
            raise BPCoreError(f"rng must be a numpy.random.Generator, got {type(rng).__name__}")
        if weights is None:
            rng = rng if rng is not None else np.random.default_rng(0 if seed is None else seed)
            self.weights = [rng.normal(0.0, 1.0 / np.sqrt(n_in), size=(n_out, n_in))
                            for n_in, n_out in zip(self.sizes[:-1], self.sizes[1:])]
        else:
            self.weights = parameters.copy_parameters(weights, "weights", self.weight_shapes)
        if biases is True:
            self.biases = [np.zeros(n) for n in self.sizes[1:]]
        elif biases is False or biases is None:
            self.biases = None
        else:
            self.biases = parameters.copy_parameters(biases, "biases", [(n,) for n in self.sizes[1:]])

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
        parameters.check_index(self, l, k, j)
        return float(self.weights[l - 1][k - 1, j - 1])

    def copy(self) -> "Network":
        """An independent network with the same structure and parameter values."""
        return Network(self.sizes, list(self.activations), weights=self.weights,
                       biases=False if self.biases is None else self.biases,
                       loss=self.loss_function.name, reduction=self.loss_function.reduction, l2=self.l2)

    # -- forward ------------------------------------------------------------------

    def forward_pass(self, x) -> ForwardPass:
        """Run the network on ``x`` and keep every z^l and h^l."""
        h, single = as_batch(x, self.sizes[0], "x", check_finite=False)
        parameters.check_shapes(self)
        hs, zs = [h], []
        for l in range(1, self.depth + 1):
            b = None if self.biases is None else self.biases[l - 1]
            z, h = layer_forward(self.weights[l - 1], b, self.activations[l - 1], h)
            # NaN or infinity in x, W^l or b^l always reaches z^l: one cheap test per layer (on z, which is
            # smaller than W), and the detailed checks only to word the error.
            if not all_finite(z):
                parameters.explain_non_finite(self, x, l)
            zs.append(z)
            hs.append(h)
        return ForwardPass(hs, zs, single)

    def forward(self, x) -> np.ndarray:
        """y for input ``x`` (shape ``(n_0,)`` or ``(batch, n_0)``)."""
        return self.forward_pass(x).output

    def loss(self, x, t) -> float:
        """E (see ``loss``), summed (or averaged) over the batch, with the L2 term if ``l2`` is set."""
        return self._loss(self.forward_pass(x), t)

    def _loss(self, trace: ForwardPass, t) -> float:
        E = self.loss_function.value(trace.h[-1], parameters.targets(self, t, trace)) + self._l2_term()
        if not math.isfinite(E):
            check_finite(as_float_array(t, "t"), "t")
            raise NonFiniteError("E is not finite: the outputs are too far from the targets")
        return E

    # -- backward -----------------------------------------------------------------

    def backward(self, x, t) -> Gradients:
        """Backpropagation: E, dE/dW^l, dE/db^l and delta^l for every layer."""
        return self._backward(x, t, everything=True)

    def _backward(self, x, t, everything: bool, trace: ForwardPass | None = None):
        """``trace``: this network's forward pass of ``x``, if the caller has it."""
        if trace is None:
            trace = self.forward_pass(x)
        t_batch = parameters.targets(self, t, trace)
        y = trace.h[-1]
        L = self.depth
        weight_grads, bias_grads, deltas = [None] * L, [None] * L, [None] * L
        fused = FUSED.get(self.loss_function.name) == self.activations[-1].name
        # dE/dy; for sigmoid outputs under cross-entropy (softmax under categorical), dE/dz^L = y - t directly
        # (passed as an identity layer)
        dE_dh = self.loss_function.output_delta(y, t_batch) if fused else self.loss_function.gradient(y, t_batch)
        if not all_finite(dE_dh):
            check_finite(as_float_array(t, "t"), "t")  # NaN or infinity in t; else y overflowed
            check_finite(dE_dh, "dE/dy")
        for l in range(L, 0, -1):
            f = self.activations[l - 1] if not (fused and l == L) else IDENTITY
            delta, dE_dW, dE_dh = layer_backward(
                self.weights[l - 1], f, trace.z[l - 1], trace.h[l],
                trace.h[l - 1], dE_dh, need_input_grad=l > 1)
            check_finite(dE_dW, f"dE/dW^{l}")
            if self.l2:
                dE_dW += self.l2 * self.weights[l - 1]
            weight_grads[l - 1] = dE_dW
            if not everything:
                continue
            if self.biases is not None:
                bias_grads[l - 1] = delta.sum(axis=0)
            deltas[l - 1] = delta[0] if trace.single else delta
        if not everything:
            return weight_grads
        return Gradients(
            loss=self.loss_function.value(y, t_batch) + self._l2_term(),
            weights=weight_grads,
            biases=None if self.biases is None else bias_grads,
            deltas=deltas,
            forward=trace,
        )

    def gradients(self, x, t) -> list[np.ndarray]:
        """dE/dW^l for every layer, shaped like :attr:`weights`."""
        small = self._small(x, t)
        if small is not None:
            return [np.array(g) for g in small[0]]
        return self._backward(x, t, everything=False)

    def deltas(self, x, t) -> list[np.ndarray]:
        """delta^l = dE/dz^l for every layer ``l = 1 .. L`` (``deltas[l-1]``)."""
        return self.backward(x, t).deltas

    def _l2_term(self) -> float:
        """lambda/2 sum_l ||W^l||^2 (0 without ``l2``)."""
        return 0.5 * self.l2 * sum(float(np.vdot(W, W)) for W in self.weights) if self.l2 else 0.0

    def _activation_names(self) -> list[str]:
        self._names_of, self._names = self.activations, [f.name for f in self.activations]
        self._small_names = all(name in small.FUNCTIONS for name in self._names)
        return self._names

    def _small(self, x, t):
        """(dE/dW^l, delta^l, E, h, z) as floats for one example of a small network, or None (see
        :func:`bpcore.small.run`)."""
        return small.run(self, x, t)

    # -- checks -------------------------------------------------------------------

    def __repr__(self) -> str:
        names = {f.name for f in self.activations}
        activation = repr(self.activations[0].name) if len(names) == 1 else \
            repr([f.name for f in self.activations])
        l2 = f", l2={self.l2:g}" if self.l2 else ""
        return (f"Network({list(self.sizes)}, activation={activation}, "
                f"biases={self.biases is not None}, loss={self.loss_function.name!r}, "
                f"reduction={self.loss_function.reduction!r}{l2})")
