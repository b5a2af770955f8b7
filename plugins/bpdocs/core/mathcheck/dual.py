"""Dual numbers, and one network instance computed in them: derivatives through the forward pass.

A dual number ``a + b eps`` (with eps^2 = 0) carries a value and its derivative
with respect to one seeded quantity: a weight, a unit, an input or a
pre-activation. Seeding ``v`` and reading the dual part of ``F`` gives dF/dv exactly.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


@dataclass(frozen=True)
class Dual:
    a: float
    b: float = 0.0

    def __add__(self, o): return Dual(self.a + o.a, self.b + o.b)
    def __sub__(self, o): return Dual(self.a - o.a, self.b - o.b)
    def __mul__(self, o): return Dual(self.a * o.a, self.a * o.b + self.b * o.a)
    def __neg__(self): return Dual(-self.a, -self.b)

    def __truediv__(self, o):
        if o.a == 0:
            raise ZeroDivisionError("division by zero")
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / (o.a * o.a))

    def __pow__(self, n: float):
        if n == int(n) and n >= 0:
            result = Dual(1.0)
            for _ in range(int(n)):
                result = result * self
            return result
        return Dual(self.a ** n, n * self.a ** (n - 1) * self.b)


def _sigmoid(d: Dual) -> Dual:
    s = 1.0 / (1.0 + math.exp(-d.a)) if d.a >= 0 else math.exp(d.a) / (1.0 + math.exp(d.a))
    return Dual(s, s * (1 - s) * d.b)


ACTIVATION = {
    "identity": lambda d: d,
    "sigmoid": _sigmoid,
    "tanh": lambda d: Dual(math.tanh(d.a), (1 - math.tanh(d.a) ** 2) * d.b),
    "relu": lambda d: Dual(max(d.a, 0.0), d.b if d.a > 0 else 0.0),
}
DERIVATIVE = {
    "identity": lambda d: Dual(1.0),
    "sigmoid": lambda d: (lambda s: s * (Dual(1.0) - s))(_sigmoid(d)),
    "tanh": lambda d: Dual(1.0) - ACTIVATION["tanh"](d) * ACTIVATION["tanh"](d),
    "relu": lambda d: Dual(1.0 if d.a > 0 else 0.0),
}


class Instance:
    """One network with one example (x, t): the ground truth the equations are held to."""

    def __init__(self, network, x, t):
        self.net = network
        self.sizes = list(network.sizes)
        self.L = len(self.sizes) - 1
        self.activation = network.activations[0].name
        self.x, self.t = np.asarray(x, float), np.asarray(t, float)
        result = network.backward(self.x, self.t)
        self.gradients, self.deltas = result.weights, result.deltas
        self._forward_cache: dict = {}

    def forward(self, seed: tuple | None):
        """h[l][j-1] and z[l][j-1] as dual numbers, with ``seed`` carrying the derivative."""
        if seed in self._forward_cache:
            return self._forward_cache[seed]
        h = [[Dual(v, 1.0 if seed == ("h", 0, i + 1) else 0.0) for i, v in enumerate(self.x)]]
        z = [None]
        for l in range(1, self.L + 1):
            W = self.net.weights[l - 1]
            f = ACTIVATION[self.net.activations[l - 1].name]
            zs, hs = [], []
            for k in range(1, self.sizes[l] + 1):
                total = Dual(0.0)
                for j in range(1, self.sizes[l - 1] + 1):
                    w = Dual(W[k - 1, j - 1], 1.0 if seed == ("w", l, k, j) else 0.0)
                    total = total + w * h[l - 1][j - 1]
                if self.net.biases is not None:
                    total = total + Dual(self.net.biases[l - 1][k - 1])
                if seed == ("z", l, k):
                    total = Dual(total.a, 1.0)
                out = f(total)
                if seed == ("h", l, k):
                    out = Dual(out.a, 1.0)
                zs.append(total)
                hs.append(out)
            z.append(zs)
            h.append(hs)
        self._forward_cache[seed] = (h, z)
        return h, z
