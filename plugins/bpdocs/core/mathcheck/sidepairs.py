"""What two sides' values say besides their difference (a part of :mod:`.rows`): a 0 written for a zero vector
(\\nabla L(w^*) = 0, every entry), and, in a check against the page's code, square sides that are each other's
transpose, one a derivative by a matrix: the layout of the text, a question rather than a verdict."""

from __future__ import annotations

import numpy as np

from .dual import Tensor
from .tree import Derivative, Num
from .walk import nodes

TRANSPOSED_GRADIENT = ("the sides are each other's transpose: a derivative of a number by a matrix is read shaped "
                       "like the matrix (Goodfellow's \\nabla_W); in numerator layout (Deisenroth et al., the Matrix "
                       "Cookbook) it is the transpose: if the text writes it so, transpose the other side")


def square(value) -> bool:
    """Whether ``value`` is an array that is a square matrix larger than 1 x 1."""
    return isinstance(value, np.ndarray) and value.ndim == 2 and value.shape[0] == value.shape[1] > 1


def transposed_gradient(case, row, left, right, atol: float, rtol: float) -> bool:
    """In a check against the page's code, sides that are square matrices and each other's transpose, one a
    derivative: the layout, a question (on a matrix that is not square, the shapes say so: Transposed)."""
    return square(left) and square(right) and getattr(case, "own_code", False) \
        and not getattr(case.evaluator, "layout_declared", False) \
        and any(isinstance(node, Derivative) for side in row.sides for node in nodes(side)) \
        and np.allclose(left, right.T, rtol=max(rtol, 1e-9), atol=atol)


ZERO = Num(0.0)


def zeros_like(value, other):
    """``other`` if it is an array or ``value`` is not; else the zeros of ``value``'s shape (a 0 beside an array)."""
    if isinstance(other, (np.ndarray, Tensor)) or not isinstance(value, (np.ndarray, Tensor)):
        return other
    return np.zeros_like(value) if isinstance(value, np.ndarray) else Tensor.of(np.zeros(value.shape))
