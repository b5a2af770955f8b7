"""The error E and its gradient with respect to the outputs y.

For one example::

    squared:                    E = 1/2 sum_k (t_k - y_k)^2                      dE/dy_k = y_k - t_k
    sum-of-squares:             E = sum_k (t_k - y_k)^2   (no 1/2)               dE/dy_k = 2 (y_k - t_k)
    cross-entropy:              E = -sum_k [t_k ln y_k + (1 - t_k) ln(1 - y_k)]  dE/dy_k = (y_k - t_k) / (y_k (1 - y_k))
    categorical-cross-entropy:  E = -sum_k t_k ln y_k                            dE/dy_k = -t_k / y_k

Cross-entropy needs outputs strictly between 0 and 1 (sigmoid outputs); with a
sigmoid output layer, delta^L = dE/dz^L = y - t, which the backward pass uses
directly. Categorical cross-entropy needs positive outputs (a softmax output
layer); with a softmax output layer, delta^L = y sum_k t_k - t, which is the
classic y - t for targets that sum to 1 (a distribution, or one-hot). Over a
batch, ``reduction="sum"`` (the default) adds the examples' errors and
``reduction="mean"`` divides that sum, and its gradient, by the batch size.
"""

from __future__ import annotations

import numpy as np

from .errors import BPCoreError

REDUCTIONS = ("sum", "mean")


class Loss:
    name = ""

    def __init__(self, reduction: str = "sum"):
        if reduction not in REDUCTIONS:
            raise BPCoreError(
                f"unknown loss reduction {reduction!r}; expected one of: {', '.join(REDUCTIONS)}"
            )
        self.reduction = reduction

    def _reduce(self, total: float, batch: int) -> float:
        return total / batch if self.reduction == "mean" else total

    def __repr__(self) -> str:
        return f"{type(self).__name__}(reduction={self.reduction!r})"


class SquaredError(Loss):
    """E = 1/2 sum_k (t_k - y_k)^2, summed (or averaged) over the batch."""

    name = "squared"

    def value(self, y: np.ndarray, t: np.ndarray) -> float:
        """E for outputs ``y`` and targets ``t``, both of shape ``(batch, n_L)``."""
        residual = y - t
        return self._reduce(0.5 * float(np.vdot(residual, residual)), y.shape[0])

    def gradient(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dE/dy = y - t (divided by the batch size for ``"mean"``), shape ``(batch, n_L)``."""
        residual = y - t
        if self.reduction == "mean":
            residual /= y.shape[0]
        return residual


class SumOfSquares(SquaredError):
    """E = sum_k (t_k - y_k)^2, without the 1/2 (3Blue1Brown's cost, Hagan's e^T e): twice the squared error."""

    name = "sum-of-squares"

    def value(self, y: np.ndarray, t: np.ndarray) -> float:
        return 2.0 * super().value(y, t)

    def gradient(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dE/dy = 2 (y - t) (divided by the batch size for ``"mean"``)."""
        return 2.0 * super().gradient(y, t)


class CrossEntropy(Loss):
    """E = -sum_k [t_k ln y_k + (1 - t_k) ln(1 - y_k)] (binary cross-entropy per output), summed or averaged."""

    name = "cross-entropy"

    @staticmethod
    def _check(y: np.ndarray) -> None:
        if not np.all((y > 0) & (y < 1)):
            raise BPCoreError("cross-entropy needs outputs strictly between 0 and 1 (a sigmoid output layer); "
                              f"got y from {float(y.min()):.4g} to {float(y.max()):.4g}")

    def value(self, y: np.ndarray, t: np.ndarray) -> float:
        self._check(y)
        total = -float(np.sum(t * np.log(y) + (1 - t) * np.log1p(-y)))
        return self._reduce(total, y.shape[0])

    def gradient(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dE/dy = (y - t) / (y (1 - y))."""
        self._check(y)
        gradient = (y - t) / (y * (1 - y))
        if self.reduction == "mean":
            gradient /= y.shape[0]
        return gradient

    def output_delta(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dE/dz^L for a sigmoid output layer: y - t (exact, no division by y (1 - y))."""
        self._check(y)
        delta = y - t
        if self.reduction == "mean":
            delta /= y.shape[0]
        return delta


class CategoricalCrossEntropy(Loss):
    """E = -sum_k t_k ln y_k (the targets a distribution over the outputs), summed or averaged."""

    name = "categorical-cross-entropy"

    @staticmethod
    def _check(y: np.ndarray) -> None:
        if not np.all(y > 0):
            raise BPCoreError("categorical cross-entropy needs positive outputs (a softmax output layer); "
                              f"got y down to {float(y.min()):.4g}")

    def value(self, y: np.ndarray, t: np.ndarray) -> float:
        self._check(y)
        return self._reduce(-float(np.sum(t * np.log(y))), y.shape[0])

    def gradient(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dE/dy = -t / y."""
        self._check(y)
        gradient = -t / y
        if self.reduction == "mean":
            gradient /= y.shape[0]
        return gradient

    def output_delta(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dE/dz^L for a softmax output layer: y sum_k t_k - t (y - t when the targets sum to 1), exact."""
        self._check(y)
        delta = y * np.sum(t, axis=-1, keepdims=True) - t
        if self.reduction == "mean":
            delta /= y.shape[0]
        return delta


LOSSES = {"squared": SquaredError, "sum-of-squares": SumOfSquares, "cross-entropy": CrossEntropy,
          "categorical-cross-entropy": CategoricalCrossEntropy}
FUSED = {"cross-entropy": "sigmoid", "categorical-cross-entropy": "softmax"}  # loss -> output layer it fuses with


def get_loss(name: str, reduction: str = "sum") -> Loss:
    try:
        return LOSSES[name](reduction)
    except KeyError:
        raise BPCoreError(f"unknown loss {name!r}; expected one of: {', '.join(LOSSES)}") from None
