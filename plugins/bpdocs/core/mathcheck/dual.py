"""Dual numbers and dual tensors, and the network's functions computed in them.

A dual number ``a + b eps`` (eps^2 = 0) carries a value and its derivative with
respect to one seeded quantity (a weight, unit, input, pre-activation or bias);
a :class:`Tensor` carries a matrix of values and a matrix of such derivatives.
Vectors are columns (n x 1), so ``delta^l (h^{l-1})^T`` is an outer product and
``(W^{l+1})^T delta^{l+1}`` a matrix-vector product, as texts write them.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np


class ShapeMismatch(ValueError):
    """An operation on shapes that do not fit; the message names both shapes (``what`` and ``shapes``, where known:
    the operation and its operands' shapes)."""

    def __init__(self, message: str, what: str = "", shapes: tuple = ()):
        super().__init__(message)
        self.what, self.shapes = what, shapes


class Kink(ZeroDivisionError):
    """A function without a derivative at this point (|x| at 0, where the slope jumps from -1 to 1): the side has
    no value here, as ln of 0 has none."""


class Dual:
    """``a + b eps``: a value and its derivative. Not changed once made (as a frozen dataclass, without the cost
    of one: tens of thousands are made per equation checked)."""

    __slots__ = ("a", "b")

    def __init__(self, a: float, b: float = 0.0):
        self.a, self.b = a, b

    def __repr__(self) -> str:
        return f"Dual(a={self.a!r}, b={self.b!r})"

    def __eq__(self, o):
        return (self.a, self.b) == (o.a, o.b) if o.__class__ is Dual else NotImplemented

    def __hash__(self) -> int:
        return hash((self.a, self.b))

    def __add__(self, o): return Dual(self.a + o.a, self.b + o.b)
    def __sub__(self, o): return Dual(self.a - o.a, self.b - o.b)
    def __mul__(self, o): return Dual(self.a * o.a, self.a * o.b + self.b * o.a)
    def __neg__(self): return Dual(-self.a, -self.b)

    def __truediv__(self, o):
        if o.a == 0:
            raise ZeroDivisionError("division by zero")
        return Dual(self.a / o.a, (self.b * o.a - self.a * o.b) / (o.a * o.a))

    def __pow__(self, n: float):
        if n == int(n) and 0 <= n <= 8:  # exact, by repeated products
            result = Dual(1.0)
            for _ in range(int(n)):
                result = result * self
            return result
        if self.a <= 0 and n != int(n) or self.a == 0 and n < 0:
            raise ZeroDivisionError(f"a power {n:g} of {self.a:.4g}")
        try:
            return Dual(self.a ** n, n * self.a ** (n - 1) * self.b)
        except OverflowError:
            raise ZeroDivisionError(f"a power {n:g} of {self.a:.4g} overflows") from None


def shape_text(shape) -> str:
    return "x".join(map(str, shape))


@dataclass(frozen=True)
class Tensor:
    """A matrix (vectors are n x 1) of values ``a`` and derivatives ``b``."""

    a: np.ndarray
    b: np.ndarray

    @property
    def shape(self):
        return self.a.shape

    @classmethod
    def of(cls, values, derivatives=None) -> "Tensor":
        a = np.asarray(values, float)
        return cls(a, np.zeros_like(a) if derivatives is None else np.asarray(derivatives, float))

    def same_shape(self, other: "Tensor", what: str) -> None:
        if self.shape != other.shape:
            raise ShapeMismatch(f"{what} of shapes {shape_text(self.shape)} and {shape_text(other.shape)}", what,
                                (self.shape, other.shape))

    def __add__(self, o): self.same_shape(o, "a sum"); return Tensor(self.a + o.a, self.b + o.b)
    def __sub__(self, o): self.same_shape(o, "a difference"); return Tensor(self.a - o.a, self.b - o.b)
    def __neg__(self): return Tensor(-self.a, -self.b)

    def scale(self, d: Dual) -> "Tensor":
        return Tensor(self.a * d.a, self.a * d.b + self.b * d.a)

    def matmul(self, o: "Tensor") -> "Tensor":
        if self.shape[1] != o.shape[0]:
            if self.shape == (1, 1) or o.shape == (1, 1):  # a 1x1 is a number, on either side (Ng's dz on one unit)
                return o.scale(self.scalar()) if self.shape == (1, 1) else self.scale(o.scalar())
            raise ShapeMismatch(f"a product of shapes {shape_text(self.shape)} and {shape_text(o.shape)}")
        return Tensor(self.a @ o.a, self.a @ o.b + self.b @ o.a)

    def odot(self, o: "Tensor") -> "Tensor":
        self.same_shape(o, "an elementwise product")
        return Tensor(self.a * o.a, self.a * o.b + self.b * o.a)

    def transpose(self) -> "Tensor":
        return Tensor(self.a.T, self.b.T)

    def elementwise(self, function) -> "Tensor":
        """``function`` (Dual -> Dual) applied to each entry."""
        values = [function(Dual(a, b)) for a, b in zip(self.a.ravel(), self.b.ravel())]
        return Tensor(np.array([v.a for v in values]).reshape(self.shape),
                      np.array([v.b for v in values]).reshape(self.shape))

    def scalar(self) -> Dual:
        return Dual(float(self.a[0, 0]), float(self.b[0, 0]))


def sigmoid(d: Dual) -> Dual:
    s = 1.0 / (1.0 + math.exp(-d.a)) if d.a >= 0 else math.exp(d.a) / (1.0 + math.exp(d.a))
    return Dual(s, s * (1 - s) * d.b)


def tanh(d: Dual) -> Dual:
    value = math.tanh(d.a)
    return Dual(value, (1 - value * value) * d.b)


def exp(d: Dual) -> Dual:
    value = math.exp(d.a)
    return Dual(value, value * d.b)


def sin(d: Dual) -> Dual:
    return Dual(math.sin(d.a), math.cos(d.a) * d.b)


def cos(d: Dual) -> Dual:
    return Dual(math.cos(d.a), -math.sin(d.a) * d.b)


def ln(d: Dual) -> Dual:
    if d.a <= 0:
        raise ZeroDivisionError(f"the logarithm of {d.a:.4g}")
    return Dual(math.log(d.a), d.b / d.a)


def sqrt(d: Dual) -> Dual:
    if d.a <= 0:
        raise ZeroDivisionError(f"the square root of {d.a:.4g}")
    value = math.sqrt(d.a)
    return Dual(value, d.b / (2 * value))


def absolute(d: Dual) -> Dual:
    """|x|, whose derivative is sign(x); at 0, where something is differentiated through it, a kink."""
    if d.a == 0 and d.b != 0:
        raise Kink("|x| has no derivative at x = 0, a kink")
    return Dual(abs(d.a), math.copysign(d.b, d.a) if d.a else 0.0)


def sign(d: Dual) -> Dual:
    """sign(x): -1, 0 or 1; its derivative is 0, except at 0, where it jumps."""
    if d.a == 0 and d.b != 0:
        raise Kink("sign(x) has no derivative at x = 0, a jump")
    return Dual(float(np.sign(d.a)))


def euclidean(t: Tensor) -> Dual:
    """The Euclidean norm of a vector (Frobenius of a matrix); at the zero vector, a kink."""
    length = float(np.sqrt(np.sum(t.a * t.a)))
    if length == 0:
        if np.any(t.b):
            raise Kink("the norm has no derivative at the zero vector, a kink")
        return Dual(0.0)
    return Dual(length, float(np.sum(t.a * t.b)) / length)


def l1(t: Tensor) -> Dual:
    """The sum of the entries' absolute values."""
    total = Dual(0.0)
    for a, b in zip(t.a.ravel(), t.b.ravel()):
        total = total + absolute(Dual(float(a), float(b)))
    return total


def relu(d: Dual) -> Dual:
    return Dual(max(d.a, 0.0), d.b if d.a > 0 else 0.0)


def _exp_checked(d: Dual) -> Dual:
    if d.a > 700:
        raise OverflowError(f"exp({d.a:.4g}) overflows")
    return exp(d)


FUNCTIONS = {"sigma": sigmoid, "tanh": tanh, "exp": _exp_checked, "ln": ln, "sqrt": sqrt, "relu": relu, "sign": sign,
             "sin": sin, "cos": cos,
             "relu'": lambda d: Dual(1.0 if d.a > 0 else 0.0),
             "max(0, x)": relu, "1(x > 0)": lambda d: Dual(1.0 if d.a > 0 else 0.0),  # (piecewise.py's)
             "1(x >= 0)": lambda d: Dual(1.0 if d.a >= 0 else 0.0), "1(x = 0)": lambda d: Dual(float(d.a == 0)),
             "sigma'": lambda d: (lambda s: s * (Dual(1.0) - s))(sigmoid(d))}
ACTIVATION = {
    "identity": lambda d: d,
    "sigmoid": sigmoid,
    "tanh": tanh,
    "relu": relu,
}
DERIVATIVE = {
    "identity": lambda d: Dual(1.0),
    "sigmoid": FUNCTIONS["sigma'"],
    "tanh": lambda d: Dual(1.0) - tanh(d) * tanh(d),
    "relu": lambda d: Dual(1.0 if d.a > 0 else 0.0),
}


# The same functions on arrays of values a and derivatives b (the forward pass of a whole layer at once).
def _sigmoid_arrays(a, b):
    s = 0.5 * (1.0 + np.tanh(0.5 * a))
    return s, s * (1.0 - s) * b


ARRAY_ACTIVATION = {
    "identity": lambda a, b: (a, b),
    "sigmoid": _sigmoid_arrays,
    "tanh": lambda a, b: (lambda v: (v, (1.0 - v * v) * b))(np.tanh(a)),
    "relu": lambda a, b: (np.maximum(a, 0.0), np.where(a > 0, b, 0.0)),
}


def _softmax_arrays(a, b):
    """softmax of a vector, and its derivative: ds = s * (b - s . b)."""
    e = np.exp(a - np.max(a))
    s = e / np.sum(e)
    return s, s * (b - float(s @ b))


ARRAY_ACTIVATION["softmax"] = _softmax_arrays

# A seeded pass reuses the unseeded one's values: per layer, its slope (from z and h, computed once) and how the
# derivative entering the layer goes through it. Each is the expression ARRAY_ACTIVATION computes, split where
# it multiplies left to right (s * (1 - s) * b is (s * (1 - s)) * b), so the same numbers to the bit.
ARRAY_SLOPE = {
    "identity": lambda z, h: None,
    "sigmoid": lambda z, s: s * (1.0 - s),
    "tanh": lambda z, v: 1.0 - v * v,
    "relu": lambda z, h: z > 0,
    "softmax": lambda z, s: s,
}
ARRAY_CHAIN = {
    "identity": lambda slope, b: b,
    "sigmoid": lambda slope, b: slope * b,
    "tanh": lambda slope, b: slope * b,
    "relu": lambda positive, b: np.where(positive, b, 0.0),
    "softmax": lambda s, b: s * (b - float(s @ b)),
}


def loss_value(loss: str, y: np.ndarray, dy: np.ndarray, t: np.ndarray) -> Dual:
    """E for outputs ``y`` (with derivatives ``dy``) and targets ``t``: squared error (with its 1/2 or without),
    binary or categorical cross-entropy."""
    if loss == "cross-entropy":
        if np.any(y <= 0) or np.any(y >= 1):
            raise ZeroDivisionError("cross-entropy of an output outside (0, 1)")
        value = -float(np.sum(t * np.log(y) + (1 - t) * np.log1p(-y)))
    elif loss == "categorical-cross-entropy":
        if np.any(y <= 0):
            raise ZeroDivisionError("categorical cross-entropy of an output <= 0")
        value = -float(np.sum(t * np.log(y)))
    else:  # the squared error, with its 1/2 or (sum-of-squares) without
        residual = y - t
        value = (1.0 if loss == "sum-of-squares" else 0.5) * float(residual @ residual)
    return Dual(value, loss_derivative(loss, loss_slope(loss, y, t), dy))


def loss_slope(loss: str, y: np.ndarray, t: np.ndarray) -> np.ndarray:
    """dE/dy, what the outputs' derivatives are multiplied by (see :func:`loss_derivative`)."""
    if loss == "cross-entropy":
        return -t / y + (1 - t) / (1 - y)
    if loss == "categorical-cross-entropy":
        return t / y
    return 2 * (y - t) if loss == "sum-of-squares" else y - t


def loss_derivative(loss: str, slope: np.ndarray, dy: np.ndarray) -> float:
    """The derivative of E from its slope and the outputs' derivatives ``dy``."""
    if loss == "cross-entropy":
        return float(np.sum(slope * dy))
    if loss == "categorical-cross-entropy":
        return -float(np.sum(slope * dy))
    return float(slope @ dy)


def shown(value) -> str:
    """A side's value in a message: a number, or a vector or matrix on one line (one entry: the number)."""
    if isinstance(value, Dual):
        return f"{value.a:.10g}"
    array = value.a if isinstance(value, Tensor) else value
    if isinstance(array, np.ndarray):
        if array.size == 1:  # (a 1x1 product, a one-unit layer: it was shown as [2.153089])
            return f"{float(array.ravel()[0]):.10g}"
        column = array.ndim == 2 and array.shape[1] == 1
        return np.array2string(array.ravel() if column else array, precision=6).replace("\n", "")
    return f"{value:.10g}"
