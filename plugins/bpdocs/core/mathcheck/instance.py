"""One checked case: a network with its examples (one, or a batch), its declared constants and its error E.

The ground truth the equations are held to. The forward pass runs in dual numbers (a value and its
derivative with respect to one seeded quantity), one example at a time; E is the examples' errors,
summed or averaged (the network's ``reduction``), plus the L2 term lambda/2 sum ||W^l||^2 when the
network has one. bpcore's own backward pass supplies the error terms and gradients.
"""

from __future__ import annotations

from functools import cached_property

import numpy as np

from .dual import Dual
from .forward import ForwardPass


class Instance(ForwardPass):
    """``network`` with examples ``X`` (rows) and targets ``T``; ``batch``: the equations are about the batch."""

    def __init__(self, network, X, T, *, batch: bool = False, constants: dict | None = None):
        self.net = network
        self.sizes = list(network.sizes)
        self.L = len(self.sizes) - 1
        self.activations = [f.name for f in network.activations]
        self.loss = network.loss_function.name
        self.mean = network.loss_function.reduction == "mean"
        self.X, self.T = np.atleast_2d(np.asarray(X, float)), np.atleast_2d(np.asarray(T, float))
        self.N = len(self.X)
        self.batch = batch
        self.biases = network.biases is not None
        self.constants = dict(constants or {})
        self.l2 = network.l2
        result = network.backward(self.X if batch else self.X[0], self.T if batch else self.T[0])
        self.gradients, self.bias_gradients = result.weights, result.biases
        self._singles = [result] if not batch else [network.backward(x, t) for x, t in zip(self.X, self.T)]
        self._forward_cache: dict = {}  # (seed, example) -> the pass (see .forward)
        self._slope_cache: dict = {}  # example -> its layers' slopes and dE/dy

    @cached_property
    def deltas(self) -> list[np.ndarray]:
        """deltas[l-1][n-1] is delta^l of example n, dE_n/dz^l as texts define it (not scaled by a batch's mean);
        arranged when an equation first reads one (bpcore's passes ran, and raised if they did, when drawn)."""
        return [np.stack([np.atleast_1d(s.deltas[l]) for s in self._singles]) for l in range(self.L)]

    @cached_property
    def output_deltas(self) -> list[np.ndarray]:
        """output_deltas[l-1][n-1] is dE_n/dh^l, the error's derivative by layer l's output (Shalev-Shwartz and
        Ben-David's delta, ``delta_of: h``): dE/dy at the output, (W^{l+1})^T delta^{l+1} below it."""
        loss = self.net.loss_function
        outputs = np.stack([np.atleast_1d(loss.gradient(np.atleast_2d(s.forward.h[-1]), np.atleast_2d(t))[0])
                            for s, t in zip(self._singles, self.T)])
        return [self.deltas[l] @ self.net.weights[l] for l in range(1, self.L)] + [outputs]

    # the single example's values, as before batches
    @property
    def x(self) -> np.ndarray:
        return self.X[0]

    @property
    def t(self) -> np.ndarray:
        return self.T[0]

    def data_error(self, seed) -> Dual:
        """The examples' errors summed (or averaged): E without its L2 term (E_0)."""
        if self.N == 1:
            return self.forward(seed, 1)[2]
        total = Dual(0.0)
        for n in range(1, self.N + 1):
            total = total + self.forward(seed, n)[2]
        return total / Dual(float(self.N)) if self.mean else total

    def regularisation(self, seed) -> Dual:
        """lambda/2 sum_l ||W^l||^2, and its derivative by the seeded weight (lambda w)."""
        if not self.l2:
            return Dual(0.0)
        value = 0.5 * self.l2 * sum(float(np.vdot(W, W)) for W in self.net.weights)
        slope = self.l2 * self.net.weights[seed[1] - 1][seed[2] - 1, seed[3] - 1] if seed and seed[0] == "w" else 0.0
        return Dual(value, float(slope))

    def error(self, seed) -> Dual:
        data = self.data_error(seed)
        return data + self.regularisation(seed) if self.l2 else data

    def gradient(self, ref: tuple) -> float:
        """bpcore's dE/dw or dE/db for a weight or bias reference."""
        if ref[0] == "w":
            return float(self.gradients[ref[1] - 1][ref[2] - 1, ref[3] - 1])
        return float(self.bias_gradients[ref[1] - 1][ref[2] - 1])

    def describe(self) -> dict:
        """The values this case was drawn with, as plain data, named in the notation."""
        values: dict = {}
        for l, W in enumerate(self.net.weights, start=1):
            for (k, j), v in np.ndenumerate(W):
                values[f"w^{l}_{{{k + 1}{j + 1}}}"] = float(v)
        if self.biases:
            for l, column in enumerate(self.net.biases, start=1):
                for k, v in enumerate(column):
                    values[f"b^{l}_{k + 1}"] = float(v)
        for n in range(self.N):
            example = f"^{{({n + 1})}}" if self.batch else ""
            values.update({f"x{example}_{i + 1}": float(v) for i, v in enumerate(self.X[n])})
            values.update({f"t{example}_{k + 1}": float(v) for k, v in enumerate(self.T[n])})
        values.update({name: float(v) for name, v in self.constants.items()})
        return values
