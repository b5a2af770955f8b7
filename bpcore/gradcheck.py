"""Check backpropagation against central finite differences.

For every parameter p (each w^l_{kj}, and each b^l_k when the network has
biases)::

    dE/dp ~= (E(p + eps) - E(p - eps)) / (2 eps)

The error of this estimate is O(eps^2) plus rounding of order 1e-16 |E| / eps.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

import numpy as np

from .errors import BPCoreError
from .network import Network


class ParameterIndex(NamedTuple):
    """A parameter in the derivation's 1-based notation: w^l_{kj} or b^l_k."""

    kind: str  # "w" or "b"
    layer: int
    k: int
    j: int | None = None

    def __str__(self) -> str:
        sub = f"{self.k}" if self.j is None else (
            f"{self.k}{self.j}" if self.k < 10 and self.j < 10 else f"{self.k},{self.j}")
        return f"{self.kind}^{self.layer}_{{{sub}}}"


@dataclass(frozen=True)
class GradcheckReport:
    """How far backpropagation is from central differences.

    ``max_abs_error`` is the largest |backprop - numeric| and ``worst_abs``
    where it occurred; ``max_rel_error`` the largest
    |backprop - numeric| / max(|backprop|, |numeric|) and ``worst_rel`` where;
    ``ok`` tells whether every parameter met |backprop - numeric| <= atol + rtol |numeric|.
    """

    max_abs_error: float
    worst_abs: ParameterIndex
    max_rel_error: float
    worst_rel: ParameterIndex
    checked: int
    eps: float
    rtol: float
    atol: float
    ok: bool

    def __repr__(self) -> str:
        return (f"GradcheckReport(ok={self.ok}, max_abs_error={self.max_abs_error:.3g} at "
                f"{self.worst_abs}, max_rel_error={self.max_rel_error:.3g} at {self.worst_rel}, "
                f"checked={self.checked})")


def numeric_gradients(net: Network, x, t, eps: float = 1e-6):
    """Central-difference estimates shaped like ``net.weights`` (and ``net.biases``).

    Each parameter is perturbed in place and restored to its exact old value.
    """
    if not (isinstance(eps, (int, float)) and np.isfinite(eps) and eps > 0):
        raise BPCoreError(f"eps must be a positive finite number, got {eps!r}")
    groups = [net.weights] + ([net.biases] if net.biases is not None else [])
    estimates = []
    for group in groups:
        estimates.append([])
        for array in group:
            estimate = np.zeros_like(array)
            for index in np.ndindex(array.shape):
                saved = array[index]
                array[index] = saved + eps
                e_plus = net.loss(x, t)
                array[index] = saved - eps
                e_minus = net.loss(x, t)
                array[index] = saved
                estimate[index] = (e_plus - e_minus) / (2 * eps)
            estimates[-1].append(estimate)
    return estimates[0], (estimates[1] if len(estimates) > 1 else None)


def gradcheck(net: Network, x, t, *, eps: float = 1e-6, rtol: float = 1e-6,
              atol: float = 1e-8) -> GradcheckReport:
    """Compare ``net.backward(x, t)`` with central differences over every parameter."""
    analytic = net.backward(x, t)
    numeric_w, numeric_b = numeric_gradients(net, x, t, eps)
    pairs = [("w", analytic.weights, numeric_w)]
    if net.biases is not None:
        pairs.append(("b", analytic.biases, numeric_b))
    worst_abs = worst_rel = None
    max_abs = max_rel = -1.0
    ok = True
    checked = 0
    for kind, grads, estimates in pairs:
        for l, (g, n) in enumerate(zip(grads, estimates), start=1):
            diff = np.abs(g - n)
            scale = np.maximum(np.abs(g), np.abs(n))
            rel = np.divide(diff, scale, out=np.zeros_like(diff), where=scale > 0)
            ok = ok and bool(np.all(diff <= atol + rtol * np.abs(n)))
            checked += diff.size
            for errors, best in ((diff, "abs"), (rel, "rel")):
                index = np.unravel_index(int(np.argmax(errors)), errors.shape)
                where = ParameterIndex(kind, l, int(index[0]) + 1,
                                       int(index[1]) + 1 if len(index) == 2 else None)
                value = float(errors[index])
                if best == "abs" and value > max_abs:
                    max_abs, worst_abs = value, where
                if best == "rel" and value > max_rel:
                    max_rel, worst_rel = value, where
    return GradcheckReport(max_abs, worst_abs, max_rel, worst_rel, checked, eps, rtol, atol, ok)
