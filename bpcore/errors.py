"""Input checks shared by the engine.

Every check raises a ``ValueError`` subclass whose message names the argument,
what was wrong and what was expected, so a failing page says what to fix.
"""

from __future__ import annotations

import math

import numpy as np


class BPCoreError(ValueError):
    """Base class of every error bpcore raises for bad input."""


class ShapeError(BPCoreError):
    """An array has the wrong number of dimensions or the wrong size."""


class NonFiniteError(BPCoreError):
    """An array holds NaN or infinity where finite numbers are required."""


def all_finite(array: np.ndarray) -> bool:
    """Whether ``array`` holds no NaN or infinity: one BLAS dot product of the array with itself (a single
    pass, no temporary), finite if every element is; only if that overflows, the element-by-element test.
    (``np.vdot``: ``@`` and ``np.dot`` warn of the overflow, which here is no one's concern.)"""
    if math.isfinite(float(np.vdot(array, array))):
        return True
    return bool(np.isfinite(array).all())


def check_finite(array: np.ndarray, name: str) -> None:
    """Raise :class:`NonFiniteError` if ``array`` holds NaN or +-inf.

    :func:`all_finite` is the cheap test; the full element test runs only to
    locate the culprit for the message.
    """
    if all_finite(array):
        return
    bad = ~np.isfinite(array)
    if not bad.any():
        return  # finite values whose sum overflowed: not our concern here
    index = tuple(int(i) for i in np.argwhere(bad)[0])
    raise NonFiniteError(
        f"{name} must be finite, but {name}[{', '.join(map(str, index))}] is "
        f"{float(array[index])} ({int(bad.sum())} non-finite value(s) in shape {array.shape})"
    )


def as_float_array(value, name: str) -> np.ndarray:
    """``value`` as a float64 array, without copying when it already is one."""
    if type(value) is np.ndarray and value.dtype == np.float64:
        return value  # the common case, kept cheap for small networks
    try:
        array = np.asarray(value, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise BPCoreError(f"{name} must be numeric, got {type(value).__name__}: {exc}") from None
    return array


def as_batch(value, width: int, name: str, check_finite: bool = True) -> tuple[np.ndarray, bool]:
    """Return ``value`` as a ``(batch, width)`` array (finite, unless ``check_finite`` is off: the
    caller then tests a result it computes anyway) and whether it was a single example.

    A single example has shape ``(width,)``; a batch has shape ``(batch, width)``.
    """
    array = as_float_array(value, name)
    if array.ndim not in (1, 2):
        raise ShapeError(
            f"{name} must have shape ({width},) or (batch, {width}), got shape {array.shape}"
        )
    if array.shape[-1] != width or array.shape[0] == 0:
        expected = f"({width},) or (batch, {width}) with batch >= 1"
        raise ShapeError(f"{name} must have shape {expected}, got shape {array.shape}")
    if check_finite:
        _check_finite(array, name)  # before adding the batch axis, so the index is the caller's
    single = array.ndim == 1
    return (array[np.newaxis, :] if single else array), single


_check_finite = check_finite  # as_batch's parameter shadows the name
