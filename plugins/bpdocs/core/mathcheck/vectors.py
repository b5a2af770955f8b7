"""Functions of a whole vector or matrix (a part of the evaluator): norms and absolute values, the softmax, the
diagonal matrix of a vector, and Nielsen's \\Sigma'(z). A form that could be read two ways is refused: |v| of a
vector (a norm, or each entry's absolute value?), \\|W\\|_1 and \\|W\\|_2 of a matrix (entrywise, or induced?).
"""

from __future__ import annotations

import numpy as np

from .binding import Unreadable
from .dual import ARRAY_ACTIVATION, FUNCTIONS, Dual, Tensor, absolute, euclidean, l1, shape_text

NORMS = ("abs", "norm", "norm1", "norm2", "normF")  # |x|, \|v\|, \|v\|_1, \|v\|_2, \|W\|_F
VECTOR_FUNCTIONS = ("softmax", "diag", "Sigma'", *NORMS)


def vector_function(name: str, arg, rows: bool = False):
    """``rows``: vectors are rows (``vectors: rows``): the function of a row is read as of that vector, and a
    softmax of a row is a row."""
    if name in NORMS:
        return norm(name, arg)
    if rows and isinstance(arg, Tensor) and arg.shape[0] == 1 and arg.shape[1] > 1:
        value = vector_function(name, arg.transpose())
        return value.transpose() if name == "softmax" else value
    if not isinstance(arg, Tensor) or arg.shape[1] != 1:
        shown = {"Sigma'": "\\Sigma'"}.get(name, f"\\operatorname{{{name}}}")
        raise Unreadable(f"{shown} is read of a (column) vector, not of "
                         f"{'a number' if isinstance(arg, Dual) else 'a ' + shape_text(arg.shape) + ' matrix'}")
    if name == "softmax":
        a, b = ARRAY_ACTIVATION["softmax"](arg.a[:, 0], arg.b[:, 0])
        return Tensor(a.reshape(-1, 1), b.reshape(-1, 1))
    if name == "Sigma'":  # Nielsen's diagonal matrix of sigma'(z)
        arg = arg.elementwise(FUNCTIONS["sigma'"])
    return Tensor(np.diag(arg.a[:, 0]), np.diag(arg.b[:, 0]))


def ambiguous_norm(name: str, shape, vector: bool) -> str | None:
    """Why a norm or an absolute value of a vector or matrix is not read, if it is not (bpcore and session checks)."""
    shape = shape_text(shape) if len(shape) == 2 else f"{shape[0]}-entry"
    if name == "abs":
        return (f"|...| of a {shape} {'vector' if vector else 'matrix'} is not read: it could be a norm"
                f"{'' if vector else ', a determinant'}, or the absolute value of each entry; write \\|v\\| "
                "(Euclidean) or \\|v\\|_1 for a norm, or |v_i| per entry")
    if name == "norm1" and not vector:
        return (f"\\|...\\|_1 of a {shape} matrix is not read: it could be the sum of the entries' absolute values, or "
                "the largest column sum; write the sum, \\sum_k \\sum_j |w^l_{kj}| (or \\sum_w |w| over every weight)")
    if name == "norm2" and not vector:
        return (f"\\|...\\|_2 of a {shape} matrix is not read: it could be the spectral norm, or the Frobenius norm; "
                "write \\|W\\|_F for the Frobenius norm")
    return None


def norm(name: str, arg) -> Dual:
    """|x| of a number (its derivative sign(x), and none at 0); a vector's norms; a matrix's Frobenius norm."""
    if isinstance(arg, Tensor) and arg.shape == (1, 1):
        arg = arg.scalar()
    if isinstance(arg, Dual):
        return absolute(arg)
    refused = ambiguous_norm(name, arg.shape, 1 in arg.shape)
    if refused:
        raise Unreadable(refused)
    return l1(arg) if name == "norm1" else euclidean(arg)
