"""The squared error E and its gradient with respect to the outputs y.

For one example, as in the derivation::

    E = 1/2 * sum_k (t_k - y_k)^2          dE/dy_k = y_k - t_k

Over a batch, ``reduction="sum"`` (the default) adds the examples' errors and
``reduction="mean"`` divides that sum, and its gradient, by the batch size.
"""

from __future__ import annotations

import numpy as np

from .errors import BPCoreError

REDUCTIONS = ("sum", "mean")


class SquaredError:
    """E = 1/2 sum_k (t_k - y_k)^2, summed (or averaged) over the batch."""

    def __init__(self, reduction: str = "sum"):
        if reduction not in REDUCTIONS:
            raise BPCoreError(
                f"unknown loss reduction {reduction!r}; expected one of: {', '.join(REDUCTIONS)}"
            )
        self.reduction = reduction

    def value(self, y: np.ndarray, t: np.ndarray) -> float:
        """E for outputs ``y`` and targets ``t``, both of shape ``(batch, n_L)``."""
        residual = y - t
        total = 0.5 * float(np.vdot(residual, residual))
        return total / y.shape[0] if self.reduction == "mean" else total

    def gradient(self, y: np.ndarray, t: np.ndarray) -> np.ndarray:
        """dE/dy = y - t (divided by the batch size for ``"mean"``), shape ``(batch, n_L)``."""
        residual = y - t
        if self.reduction == "mean":
            residual /= y.shape[0]
        return residual

    def __repr__(self) -> str:
        return f"SquaredError(reduction={self.reduction!r})"
