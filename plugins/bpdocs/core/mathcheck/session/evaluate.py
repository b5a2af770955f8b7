"""Evaluate a parsed side on a session's bound values, with numpy's reading of vectors: a 1-D array is a
vector of either orientation (``x W`` is a row times a matrix, ``W x`` a matrix times a column), ``x^T``
a row. Bound arrays are indexed from 1 by the equation's indices. Derivatives are numerical
(:mod:`.derivatives`).
"""

from __future__ import annotations

import numpy as np

from ..binding import BindingError, OutOfRange, Unreadable, index_value
from ..dual import ShapeMismatch
from ..rows import ATOL
from ..sidepairs import square
from ..tree import Call, Component, Derivative, Gradient, Index, Kronecker, Letter, Num, Op, Reduce, Sym
from ..vectors import NORMS, ambiguous_norm
from .derivatives import NumericDerivatives
from .ranges import Ranges
from .values import SessionError, as_value

BUILT_INS = {
    "exp": np.exp, "ln": np.log, "tanh": np.tanh, "sqrt": np.sqrt, "sin": np.sin, "cos": np.cos,
    "sigma": lambda v: 0.5 * (1.0 + np.tanh(0.5 * v)),
    "sigma'": lambda v: (lambda s: s * (1.0 - s))(0.5 * (1.0 + np.tanh(0.5 * v))),
    "relu": lambda v: np.maximum(v, 0.0), "relu'": lambda v: (np.asarray(v) > 0).astype(float) * 1.0,
    "max(0, x)": lambda v: np.maximum(v, 0.0),  # piecewise.py's ReLU and indicators
    "1(x > 0)": lambda v: (np.asarray(v) > 0).astype(float) * 1.0,
    "1(x >= 0)": lambda v: (np.asarray(v) >= 0).astype(float) * 1.0,
    "1(x = 0)": lambda v: (np.asarray(v) == 0).astype(float) * 1.0,
    "sign": np.sign,
}


def shape_of(value) -> str:
    return "a number" if not isinstance(value, np.ndarray) else str(value.shape)


def _inverse(matrix: np.ndarray) -> np.ndarray:
    """A square matrix's inverse; one that is singular (or nearly: its condition number past 1e12, where the
    inverse's digits are noise) has none here, as a division by zero has no value."""
    if not np.all(np.isfinite(matrix)) or np.linalg.cond(matrix) > 1e12:
        raise ZeroDivisionError("the matrix has no inverse here (it is singular)")
    return np.linalg.inv(matrix)


def _number_and_jacobian(node: Op, args: list) -> None:
    """A number plus a Jacobian (He et al.'s 1 + \\partial F / \\partial x) is read two ways: the identity times
    the number, or the number added to every entry (numpy's)."""
    for number, matrix, written in ((args[0], args[1], node.args[1]), (args[1], args[0], node.args[0])):
        if not isinstance(number, np.ndarray) and square(matrix) and isinstance(written, Derivative):
            raise Unreadable("a number plus a Jacobian is read two ways: the identity matrix times the number "
                             "(I + J), or the number added to every entry; write I (bound to np.eye(n)) for the "
                             "first, or a matrix of ones for the second")


def _finite(value, what: str):
    if not np.all(np.isfinite(value)):
        raise ZeroDivisionError(f"{what} is not a number here")
    return value


class SessionEvaluator(NumericDerivatives, Ranges):
    """Evaluates trees on the bound ``values`` of one trial."""

    def __init__(self, check, values: dict, overrides: dict | None = None):
        self.check, self.values, self.overrides = check, values, overrides or {}
        self.cdot = check.notation.convention("cdot")
        self.layout = check.notation.convention("jacobian")
        self.layout_declared = "jacobian" in check.notation.conventions
        self.numeric = False  # a numeric derivative was taken: compare to its tolerance
        self.noise = 0.0  # the largest rounding noise of a numeric derivative taken (see derivatives._one_sided)

    @property
    def rtol(self) -> float:
        return max(1e-4 if self.check.state.single else 1e-9, 1e-6 if self.numeric else 1e-9)

    @property
    def atol(self) -> float:
        return max(ATOL, self.noise)

    def constant(self, name: str):
        raise KeyError(name)  # a session has no L, K, I

    def index(self, index: Index, env: dict, where) -> int:
        return index_value(index, env, where, self.constant)

    # -- values ------------------------------------------------------------------------
    def value(self, node, env: dict):
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Letter):
            if node.name in env:
                return float(env[node.name])
            raise BindingError(f"the letter {node.name} is not bound (an index of the equation, or a bound number)")
        if isinstance(node, Sym):
            value = self.values[node.name]
            if callable(value) and not isinstance(value, np.ndarray):
                raise Unreadable(f"{node.text} is a function of the session; apply it to an argument, {node.text}(x)")
            try:
                return self.pick(value, [self.index(i, env, node.text) for i in node.indices], node.text,
                                 padded=any(i.more for i in node.indices), example=node.example is not None)
            except OutOfRange as exc:
                exc.symbol = node  # which indices took it out of range (see rows.py)
                raise
        if isinstance(node, Op):
            args = [self.value(a, env) for a in node.args]
            if node.op in ("+", "-"):
                _number_and_jacobian(node, args)
            return self.operation(node.op, args)
        if isinstance(node, Derivative):
            return self.derivative(node, env)
        if isinstance(node, Reduce):
            low, high = self.bounds(node, env)
            total = 0.0 if node.op == "+" else 1.0
            for v in range(low, high + 1):
                term = self.value(node.body, {**env, node.var: v})
                total = self.operation("+" if node.op == "+" else "odot", [total, term]) if v > low else term
            return total
        if isinstance(node, Call):
            return self.call(node, env)
        if isinstance(node, Component):
            try:
                return self.pick(self.value(node.body, env), [self.index(i, env, node.text) for i in node.indices],
                                 node.text)
            except OutOfRange as exc:
                exc.symbol = node
                raise
        if isinstance(node, Kronecker):
            return 1.0 if self.index(node.first, env, "\\delta") == self.index(node.second, env, "\\delta") else 0.0
        if isinstance(node, Gradient):
            raise Unreadable("\\Delta w is dE/dw on a bpcore network; in a session check, write the derivative")
        raise Unreadable(f"cannot evaluate {type(node).__name__}")

    def pick(self, value, idx: list[int], text: str, padded: bool = False, example: bool = False):
        """``value`` at 1-based indices ``idx`` (none: the whole value). ``padded``: an index that adds letters
        (``x_{i+k-1}``), where a text may mean zero outside the array: there, outside is not read. ``example``:
        the first index is an example's (``x^{(n)}``), which without the others is the array's row ``x[n-1]``."""
        if not idx:
            return value
        if not isinstance(value, np.ndarray):
            raise BindingError(f"{text}: a number takes no index")
        shape = value.shape
        if len(idx) == 1 and value.ndim == 2 and 1 in shape and not example:
            idx = [idx[0], 1] if shape[1] == 1 else [1, idx[0]]
        if example and len(idx) < value.ndim:
            for i, n in zip(idx, shape):
                if not 1 <= i <= n:
                    raise OutOfRange(f"{text}: index {i} is outside 1..{n} (the value has shape {shape_of(value)})")
            return value[tuple(i - 1 for i in idx)]
        if len(idx) != value.ndim:
            row = "; for its row i (an example, as data is stored), write x^{(i)}" \
                if len(idx) == 1 and value.ndim == 2 else ""  # (Parr and Howard's \mathbf{x}_i)
            raise BindingError(f"{text}: the value is an array of shape {shape_of(value)}, so it takes {value.ndim} "
                               f"ind{'ex' if value.ndim == 1 else 'ices'}, not {len(idx)}{row}")
        for i, n in zip(idx, shape):
            if not 1 <= i <= n and padded:
                raise Unreadable(f"{text} names index {i}, outside 1..{n}; if the text means zero outside the array "
                                 "(padding), this is not read: give the sum bounds for which every index exists")
            if not 1 <= i <= n:
                raise OutOfRange(f"{text}: index {i} is outside 1..{n} (the value has shape {shape_of(value)})")
        entry = value[tuple(i - 1 for i in idx)]
        return float(entry)

    def operation(self, op: str, args: list):
        if op == "neg":
            return -args[0]
        if op == "T":
            value = args[0]
            return value.reshape(1, -1) if isinstance(value, np.ndarray) and value.ndim == 1 else \
                (value.T if isinstance(value, np.ndarray) else value)
        if op == "fpow" and isinstance(args[0], np.ndarray) and not isinstance(args[1], np.ndarray):
            return _finite(np.power(args[0], float(args[1])), "a power")  # \tanh^2(z): entry by entry
        if op in ("pow", "fpow"):
            base, exponent = args
            if isinstance(base, np.ndarray) and base.ndim == 2 and base.shape[0] == base.shape[1] > 1 \
                    and not isinstance(exponent, np.ndarray) and exponent == -1:
                return _inverse(base)  # A^{-1}: only -1 (a matrix's A^2 is read two ways: A A, or its entries squared)
            if isinstance(base, np.ndarray) and not isinstance(exponent, np.ndarray) and exponent == -1:
                raise Unreadable(f"an inverse of an array of shape {shape_of(base)} is not read: only a square "
                                 "matrix has one")
            if isinstance(base, np.ndarray) or isinstance(exponent, np.ndarray):
                raise Unreadable("a power of a vector or matrix is not read: write \\| v \\|^2, v^T v, or a sum "
                                 "over its entries, or v \\odot v for each entry squared")
            if base < 0 and exponent != int(exponent) or base == 0 and exponent < 0:
                raise ZeroDivisionError(f"{base:.4g} to the power {exponent:g}")
            return _finite(float(base) ** float(exponent), "a power")
        left, right = args
        arrays = isinstance(left, np.ndarray), isinstance(right, np.ndarray)
        if op in ("+", "-"):
            if all(arrays):
                left, right = _aligned(left, right, "a sum" if op == "+" else "a difference")
            return left + right if op == "+" else left - right
        if op == "/":
            if isinstance(right, np.ndarray):
                if not isinstance(left, np.ndarray) and square(right):
                    raise Unreadable("a division by a square matrix is not read: write its inverse, A^{-1}, or "
                                     "divide entry by entry, 1 / (a_{ij})")
                if isinstance(left, np.ndarray):  # (a number over a vector: entry by entry, Adam's alpha / sqrt(v))
                    left, right = _aligned(left, right, "an elementwise division")
            if np.any(np.asarray(right) == 0):
                raise ZeroDivisionError("division by zero")
            return left / right
        if not all(arrays):
            return left * right
        if op == "odot" or op == "cdot" and self.cdot == "elementwise":
            left, right = _aligned(left, right, "an elementwise product")
            return left * right
        if left.ndim == 1 and right.ndim == 1:
            if op == "cdot":
                if left.shape != right.shape:
                    raise ShapeMismatch(f"a dot product of vectors of {len(left)} and {len(right)} entries")
                return float(left @ right)
            raise Unreadable("two vectors side by side are not read: write u^T v (the dot product), u v^T (the "
                             "outer product) or u \\odot v (elementwise)")
        return _matrix_product(left, right)

    def call(self, node: Call, env: dict):
        args = [self.value(a, env) for a in node.args]
        name = node.name
        if name in self.values or name.rstrip("'") in self.values:
            return self.bound_call(name, args)
        if len(args) != 1:
            raise Unreadable(f"{name}(...) takes one argument")
        arg = args[0]
        if name in BUILT_INS:
            with np.errstate(all="ignore"):  # (a value that is no number is said, not warned about: see _finite)
                return _finite(BUILT_INS[name](arg), f"{name}(...)")
        if name in NORMS:
            return _norm(name, arg)
        if not isinstance(arg, np.ndarray) or arg.ndim == 2 and 1 not in arg.shape:
            raise Unreadable(f"\\operatorname{{{name.rstrip(chr(39))}}} is read of a vector, not of {shape_of(arg)}")
        flat = arg.ravel()
        if name == "softmax":
            e = np.exp(flat - flat.max())
            return (e / e.sum()).reshape(arg.shape)
        if name == "diag":
            return np.diag(flat)
        if name == "Sigma'":
            return np.diag(BUILT_INS["sigma'"](flat))
        raise Unreadable(f"{name}(...) is not a function the checker knows")

    def bound_call(self, name: str, args: list):
        function = self.values[name.rstrip("'")]
        if name.endswith("'"):
            if len(args) != 1:
                raise Unreadable(f"{name}(...): a derivative of a function of several arguments is written "
                                 "\\frac{\\partial}{\\partial x}")
            return self.elementwise_derivative(function, args[0], name.rstrip("'"))
        return self.run(function, args, name)

    def run(self, function, args: list, name: str):
        """The author's function on copies of the arguments (1-D vectors stay 1-D), its result as a value."""
        import warnings

        try:
            with warnings.catch_warnings(), np.errstate(all="ignore"):
                warnings.simplefilter("ignore")
                raw = function(*[a.copy() if isinstance(a, np.ndarray) else a for a in args])
        except Exception as exc:
            raise SessionError(f"{name}(...) raised {type(exc).__name__}: {exc}") from None
        return _finite(as_value(raw, f"{name}(...)"), f"{name}(...)")

    def difference(self, previous, right) -> tuple[float, float]:
        if isinstance(previous, np.ndarray) or isinstance(right, np.ndarray):
            a, b = np.asarray(previous, float), np.asarray(right, float)
            vectors = a.size == b.size and 1 in (a.ndim, b.ndim) and all(x.ndim == 1 or x.ndim == 2 and 1 in x.shape
                                                                         for x in (a, b))
            if a.shape != b.shape and not vectors and not a.size == b.size == 1:
                from ..rows import SidesDiffer, Transposed

                if a.shape == b.shape[::-1] and np.allclose(a, b.T, rtol=1e-9, atol=1e-12):
                    raise Transposed(f"the sides have shapes {shape_of(previous)} and {shape_of(right)} with the "
                                     "same entries, one the transpose of the other: transpose one side")
                raise SidesDiffer(f"the sides have shapes {shape_of(previous)} and {shape_of(right)}")
            a, b = a.ravel(), b.ravel()
            return float(np.max(np.abs(a - b))), float(max(np.max(np.abs(a)), np.max(np.abs(b))))
        return abs(right - previous), max(abs(right), abs(previous))


def _norm(name: str, arg) -> float:
    """|x| of a number; \\|v\\|, \\|v\\|_1, \\|v\\|_2 of a vector; \\|W\\|, \\|W\\|_F of a matrix (a kink at 0 is
    found by the numerical derivative, as any kink of the author's code)."""
    values = np.asarray(arg, float)
    if values.size == 1:
        return abs(float(values.ravel()[0]))
    refused = ambiguous_norm(name, values.shape, values.ndim == 1 or values.ndim == 2 and 1 in values.shape)
    if refused:
        raise Unreadable(refused)
    return float(np.sum(np.abs(values))) if name == "norm1" else float(np.linalg.norm(values.ravel()))


def _aligned(left: np.ndarray, right: np.ndarray, what: str):
    """Two arrays of one shape, a 1-D vector taking the other's orientation."""
    if left.shape == right.shape:
        return left, right
    if left.ndim == 1 and right.ndim == 2 and 1 in right.shape and right.size == left.size:
        return left.reshape(right.shape), right
    if right.ndim == 1 and left.ndim == 2 and 1 in left.shape and left.size == right.size:
        return left, right.reshape(left.shape)
    raise ShapeMismatch(f"{what} of shapes {shape_of(left)} and {shape_of(right)}")


def _matrix_product(left: np.ndarray, right: np.ndarray):
    """A matrix product, a 1-D vector as a row on the left of a matrix (a column on its right), as numpy; a row
    times a column (``w^T x``) is a number."""
    product = _matrix_product_of(left, right)
    if left.ndim == 2 and left.shape[0] == 1 and product.size == 1 and (right.ndim == 1 or right.shape[1] == 1):
        return float(product.ravel()[0])
    return product


def _matrix_product_of(left: np.ndarray, right: np.ndarray):
    if left.ndim == 1:
        if right.shape[0] == left.size:
            return left @ right
        if right.shape[0] == 1:
            return left.reshape(-1, 1) @ right
    elif right.ndim == 1:
        if left.shape[1] == right.size:
            return left @ right
        if left.shape[1] == 1:
            return left @ right.reshape(1, -1)
    elif left.shape[1] == right.shape[0]:
        return left @ right
    raise ShapeMismatch(f"a product of shapes {shape_of(left)} and {shape_of(right)}")
