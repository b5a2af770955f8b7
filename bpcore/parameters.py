"""Checks of a network's sizes, parameters, targets and indices, with errors that say what is wrong.

Functions of the network (``net``), kept apart from the math in :mod:`bpcore.network`.
"""

from __future__ import annotations

from numbers import Integral
from typing import Sequence

import numpy as np

from .errors import BPCoreError, NonFiniteError, ShapeError, as_batch, as_float_array, check_finite


def check_sizes(sizes) -> tuple[int, ...]:
    """``sizes`` as a tuple of whole numbers >= 1, at least an input and an output layer."""
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


def check_l2(l2) -> float:
    """``l2`` as a float >= 0."""
    if isinstance(l2, bool) or not isinstance(l2, (int, float, np.floating, np.integer)) or not np.isfinite(l2) \
            or l2 < 0:
        raise BPCoreError(f"l2 must be a number >= 0 (the L2 regularisation constant lambda), got {l2!r}")
    return float(l2)


def targets(net, t, trace) -> np.ndarray:
    """``t`` as a batch that matches the forward pass ``trace``."""
    t, single = as_batch(t, net.sizes[-1], "t", check_finite=False)  # tested through dE/dy or E
    batch = trace.h[0].shape[0]
    if single != trace.single or t.shape[0] != batch:
        expected = f"({net.sizes[-1]},)" if trace.single else f"({batch}, {net.sizes[-1]})"
        got = t.shape[1:] if single else t.shape
        raise ShapeError(f"t must have shape {expected} to match x, got shape {tuple(got)}")
    return t


def check_shapes(net) -> None:
    """The live parameters still have their shapes (they can be replaced or edited in place)."""
    for l, (W, shape) in enumerate(zip(net.weights, net._weight_shapes), start=1):
        if W.shape != shape:
            raise ShapeError(f"W^{l} (weights[{l - 1}]) must have shape {shape}, got {W.shape}")
    if net.biases is not None:
        for l, (b, n) in enumerate(zip(net.biases, net.sizes[1:]), start=1):
            if b.shape != (n,):
                raise ShapeError(f"b^{l} (biases[{l - 1}]) must have shape ({n},), got {b.shape}")


def explain_non_finite(net, x, layer: int) -> None:
    """z^layer is not finite: raise the error that names the cause (x, a parameter, or an overflow)."""
    check_finite(as_float_array(x, "x"), "x")
    for l in range(1, layer + 1):
        check_finite(net.weights[l - 1], f"W^{l}")
        if net.biases is not None:
            check_finite(net.biases[l - 1], f"b^{l}")
    raise NonFiniteError(f"z^{layer} is not finite: the forward pass overflowed (the weights or x are too large)")


def check_index(net, l: int, k: int, j: int) -> None:
    if not 1 <= l <= net.depth:
        raise BPCoreError(f"layer l must be 1..{net.depth} for w^l_{{kj}}, got {l}")
    n_out, n_in = net.weight_shapes[l - 1]
    if not 1 <= k <= n_out:
        raise BPCoreError(f"w^{l}_{{{k}{j}}}: layer {l} has {n_out} unit(s), so k must be 1..{n_out}")
    if not 1 <= j <= n_in:
        raise BPCoreError(f"w^{l}_{{{k}{j}}}: layer {l - 1} has {n_in} unit(s), so j must be 1..{n_in}")


def copy_parameters(values, name: str, shapes) -> list[np.ndarray]:
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
