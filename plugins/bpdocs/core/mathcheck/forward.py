"""A case's forward pass in dual numbers: per layer, the values h and z and their derivatives by one seeded
quantity (a weight, a bias, or a unit, input or pre-activation of one example), and the example's error E_n.

Checking an equation takes hundreds of seeded passes of a few networks. Each runs once per case (cached), and
a seeded pass computes only its derivatives: the values, and each layer's slope, come from the unseeded pass.
Every number is computed by the same numpy expressions on the same numbers as a pass that computes values and
derivatives together (:meth:`ForwardPass._careful_pass`, the pass as it always was), so it is the same to the
bit. Where any operation over- or underflows, or E is not defined, the careful pass runs instead, so that what
is warned of and raised is what it always was.
"""

from __future__ import annotations

from contextlib import nullcontext

import numpy as np

from .dual import ARRAY_ACTIVATION, ARRAY_CHAIN, ARRAY_SLOPE, Dual, loss_derivative, loss_slope, loss_value

FAILS = (FloatingPointError, OverflowError, ZeroDivisionError)


class ForwardPass:
    """The forward passes of an :class:`~.instance.Instance` (its network, examples X, targets T)."""

    def forward(self, seed: tuple | None, example: int = 1):
        """h[l] and z[l] as (values, derivatives) arrays, and the example's error E_n as a dual number, with
        ``seed`` carrying the derivative: a weight ``("w", l, k, j)``, a bias ``("b", l, k)``, or a unit, input
        or pre-activation of one example ``("h"/"z", l, j, n)``."""
        key = (seed, example)
        found = self._forward_cache.get(key)
        if found is None:
            found = self._forward_cache[key] = self._seeded_pass(seed, example) if seed is not None else \
                self._quiet(self._layers, None, example, nullcontext) or self._careful_pass(None, example)
        return found

    def forget_passes(self) -> None:
        """Drop the passes computed (an equation's check is done with them)."""
        self._forward_cache.clear()
        self._slope_cache.clear()

    def _seeded_pass(self, seed: tuple, example: int):
        values = self._forward_cache.get((None, example)) or self._quiet(self._layers, None, example, nullcontext)
        if values is None:
            return self._careful_pass(seed, example)
        self._forward_cache[None, example] = values
        return self._quiet(self._derivatives, seed, example, values) or self._careful_pass(seed, example)

    @staticmethod
    def _quiet(compute, *args):
        """``compute(*args)`` under one errstate for the whole pass, or None where it fails."""
        try:
            with np.errstate(over="raise", invalid="raise"):
                return compute(*args)
        except FAILS:
            return None

    def _careful_pass(self, seed: tuple | None, example: int):
        """The pass with each activation alone made to raise on overflow (as an OverflowError)."""
        return self._layers(seed, example, lambda: np.errstate(over="raise", invalid="raise"))

    def _layers(self, seed: tuple | None, example: int, guard):
        """Values and derivatives together; ``guard()``: the context each activation runs in."""
        mine = self._mine(seed, example)
        a = self.X[example - 1].copy()
        b = self._seeded_input(seed, mine, a)
        hs, zs = [(a, b)], [None]
        for l in range(1, self.L + 1):
            W = self.net.weights[l - 1]
            za, zb = W @ a, W @ b
            if self.biases:
                za = za + self.net.biases[l - 1]
            if mine:
                zb = self._seeded_z(seed, l, zb, a)
            with guard():
                try:
                    a, b = ARRAY_ACTIVATION[self.activations[l - 1]](za, zb)
                except FloatingPointError as exc:
                    raise OverflowError(f"the forward pass overflows ({exc})") from None
            if mine and seed[:2] == ("h", l):
                b = self._unit(b, seed[2])
            zs.append((za, zb))
            hs.append((a, b))
        return hs, zs, loss_value(self.loss, a, b, self.T[example - 1])

    def _derivatives(self, seed: tuple, example: int, values: tuple):
        """The derivatives alone, along the unseeded pass's ``values``."""
        hs0, zs0, error = values
        slopes, output_slope = self._slopes(example, values)
        mine = self._mine(seed, example)
        b = self._seeded_input(seed, mine, hs0[0][0])
        hs, zs = [(hs0[0][0], b)], [None]
        for l in range(1, self.L + 1):
            zb = self.net.weights[l - 1] @ b
            if mine:
                zb = self._seeded_z(seed, l, zb, hs0[l - 1][0])
            b = ARRAY_CHAIN[self.activations[l - 1]](slopes[l - 1], zb)
            if mine and seed[:2] == ("h", l):
                b = self._unit(b, seed[2])
            zs.append((zs0[l][0], zb))
            hs.append((hs0[l][0], b))
        return hs, zs, Dual(error.a, loss_derivative(self.loss, output_slope, b))

    def _slopes(self, example: int, values: tuple):
        """Each layer's slope and dE/dy, of the unseeded pass of ``example`` (computed once)."""
        found = self._slope_cache.get(example)
        if found is None:
            hs0, zs0, _ = values
            slopes = [ARRAY_SLOPE[name](zs0[l][0], hs0[l][0]) for l, name in enumerate(self.activations, start=1)]
            found = self._slope_cache[example] = (slopes, loss_slope(self.loss, hs0[-1][0], self.T[example - 1]))
        return found

    @staticmethod
    def _mine(seed, example: int) -> bool:
        """Whether ``seed`` moves this example's pass (a weight or bias, or a unit of this example)."""
        return seed is not None and (seed[0] in ("w", "b") or seed[3] == example)

    @staticmethod
    def _unit(like: np.ndarray, j: int) -> np.ndarray:
        """The derivative of a seeded unit j by itself: 1 at j, 0 elsewhere."""
        unit = np.zeros_like(like)
        unit[j - 1] = 1.0
        return unit

    def _seeded_input(self, seed, mine: bool, x: np.ndarray) -> np.ndarray:
        return self._unit(x, seed[2]) if mine and seed[:2] == ("h", 0) else np.zeros_like(x)

    def _seeded_z(self, seed: tuple, l: int, zb: np.ndarray, a: np.ndarray) -> np.ndarray:
        """The derivative of z^l with what the seed adds where it is a weight, a bias or a unit of z^l itself;
        ``a``: h^{l-1}."""
        if seed[0] == "w" and seed[1] == l:
            zb[seed[2] - 1] += a[seed[3] - 1]
        elif seed[0] == "b" and seed[1] == l and self.biases:
            zb[seed[2] - 1] += 1.0
        elif seed[0] == "z" and seed[1] == l:  # z itself is the variable: d z / d z = 1
            zb = self._unit(zb, seed[2])
        return zb
