"""The expression tree of a parsed equation. Plain, frozen data: the parser builds it, the evaluator reads it."""

from __future__ import annotations

from dataclasses import dataclass, field


class LatexError(ValueError):
    """LaTeX the checker cannot read (or refuses to guess at); ``column`` is the position in the source."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message, self.column = message, column


@dataclass(frozen=True)
class Index:
    """An index expression: a variable and/or a constant, e.g. ``k``, ``2``, ``10``, ``l+1``, ``L-1``."""

    var: str | None
    offset: int

    def __str__(self) -> str:
        if self.var is None:
            return str(self.offset)
        return self.var + (f"{self.offset:+d}" if self.offset else "")


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Sym:
    """A symbol of the notation, by its canonical name (x, y, t, h, z, w, W, b, E, delta, n), with its
    layer and its indices as written. No indices on x, y, t, h, z, delta, b, W means the whole vector
    (or matrix); ``text`` is the symbol as the author wrote it, for messages."""

    name: str
    layer: Index | None
    indices: tuple[Index, ...]
    text: str

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Op:
    """``op`` is one of: + - * (a product: scalars, matrix product, or scaling) / neg pow
    cdot (\\cdot: a dot product of two vectors, else a product) odot (elementwise) T (transpose)."""

    op: str
    args: tuple


@dataclass(frozen=True)
class Derivative:
    """d(body)/d(var). ``var`` is a weight, unit, input, pre-activation or bias, or a whole vector or
    matrix of them (then the derivative is the gradient, shaped like ``var``)."""

    body: object
    var: Sym


@dataclass(frozen=True)
class Gradient:
    """``\\Delta w``: dE/dw for the weight ``var``."""

    var: Sym


@dataclass(frozen=True)
class Reduce:
    """``\\sum`` (op "+") or ``\\prod`` (op "*") over ``var`` from ``low`` to ``high`` (None: inferred)."""

    op: str
    var: str
    low: object | None
    high: object | None
    body: object


@dataclass(frozen=True)
class Call:
    """A function applied to an argument (elementwise on vectors): ``sigma``, ``sigma'`` (the logistic
    function), ``f``, ``f'`` (the network's activation of the argument's layer), ``tanh``, ``exp``, ``ln``,
    ``norm`` (the Euclidean norm of a vector)."""

    name: str
    arg: object


@dataclass
class Row:
    """One chain of equalities ``sides[0] = sides[1] = ...``; ``texts`` as written, ``lines`` 0-based."""

    sides: list
    texts: list[str]
    tag: str | None = None
    lines: list[int] = field(default_factory=list)

    @property
    def line(self) -> int:
        return self.lines[0] if self.lines else 0


@dataclass
class Equation:
    rows: list[Row] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
