"""Gradient descent: one SGD step, and a small training loop that returns its history.

Each step moves every parameter against its gradient::

    w^l_{kj} <- w^l_{kj} - lr * dE/dw^l_{kj}
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .errors import BPCoreError, as_batch
from .network import Network


def sgd_step(net: Network, x, t, lr: float) -> float:
    """Update ``net`` in place by one gradient step on ``(x, t)``; return E before the step."""
    _check_lr(lr)
    result = net.backward(x, t)
    _move(net, result, lr)
    return result.loss


def _move(net: Network, gradients, lr: float) -> None:
    for W, g in zip(net.weights, gradients.weights):
        W -= lr * g
    if net.biases is not None:
        for b, g in zip(net.biases, gradients.biases):
            b -= lr * g


@dataclass(frozen=True)
class TrainingHistory:
    """Loss per epoch (measured on the whole data set after each epoch; ``losses[0]`` is before training)."""

    losses: np.ndarray

    @property
    def final_loss(self) -> float:
        return float(self.losses[-1])

    def __repr__(self) -> str:
        return (f"TrainingHistory(epochs={len(self.losses) - 1}, first_loss={self.losses[0]:.6g}, "
                f"final_loss={self.final_loss:.6g})")


def train(net: Network, x, t, *, lr: float, epochs: int, batch_size: int | None = None,
          rng: np.random.Generator | None = None) -> TrainingHistory:
    """Train ``net`` in place with SGD and return the loss history.

    With ``batch_size=None`` every step uses the whole batch (deterministic);
    otherwise each epoch visits the examples in an order drawn from ``rng``,
    a seeded ``numpy.random.Generator`` that must then be passed.
    """
    _check_lr(lr)
    if isinstance(epochs, bool) or not isinstance(epochs, (int, np.integer)) or epochs < 0:
        raise BPCoreError(f"epochs must be a whole number >= 0, got {epochs!r}")
    x, _ = as_batch(x, net.sizes[0], "x")
    t, _ = as_batch(t, net.sizes[-1], "t")
    if x.shape[0] != t.shape[0]:
        raise BPCoreError(f"x and t must hold the same number of examples, got {x.shape[0]} and {t.shape[0]}")
    if batch_size is not None:
        if isinstance(batch_size, bool) or not isinstance(batch_size, (int, np.integer)) or batch_size < 1:
            raise BPCoreError(f"batch_size must be a whole number >= 1 or None, got {batch_size!r}")
        if not isinstance(rng, np.random.Generator):
            raise BPCoreError("minibatch training needs rng=numpy.random.default_rng(seed) to shuffle")
    if batch_size is None:
        # One forward pass per epoch: the loss after a step is measured on the pass the next step's gradients
        # are computed from (the same numbers, and the same errors at the same point, as net.loss(x, t)).
        losses = []
        for _ in range(epochs):
            trace = net.forward_pass(x)
            losses.append(net._loss(trace, t))
            _move(net, net._backward(x, t, everything=True, trace=trace), lr)
        losses.append(net.loss(x, t))
        return TrainingHistory(np.array(losses))
    losses = [net.loss(x, t)]
    for _ in range(epochs):
        order = rng.permutation(x.shape[0])
        for start in range(0, len(order), batch_size):
            batch = order[start:start + batch_size]
            sgd_step(net, x[batch], t[batch], lr)
        losses.append(net.loss(x, t))
    return TrainingHistory(np.array(losses))


def _check_lr(lr) -> None:
    if isinstance(lr, bool) or not isinstance(lr, (int, float, np.floating)) or not np.isfinite(lr) or lr <= 0:
        raise BPCoreError(f"lr must be a positive finite number, got {lr!r}")
