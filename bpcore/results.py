"""What the forward and backward passes return: every h^l and z^l, and E with its gradients."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


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
