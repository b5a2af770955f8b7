"""The expression tree of a parsed equation. Plain, frozen data: the parser builds it, the evaluator reads it."""

from __future__ import annotations

from dataclasses import dataclass, field


class LatexError(ValueError):
    """LaTeX the checker cannot read (or refuses to guess at); ``column`` is the position in its row's text, ``line``
    the 0-based line of the equation's source it is on (set by :func:`.latex.parse_equation`)."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message, self.column, self.line = message, column, None


def quoted(text) -> str:
    """``text`` in quotes, as the author wrote it (a repr doubles every backslash of TeX)."""
    text = str(text)
    return f'"{text}"' if "'" in text else f"'{text}'"


@dataclass(frozen=True)
class Index:
    """An index expression: a variable and/or a constant, e.g. ``k``, ``2``, ``10``, ``l+1``, ``L-1``; ``more``
    variables are added to it or subtracted, as ``(name, +1 or -1)`` (``i+k-1``, ``j-k+1``: a convolution's)."""

    var: str | None
    offset: int
    more: tuple = ()

    @property
    def vars(self) -> tuple:
        return ((self.var,) if self.var else ()) + tuple(name for name, _ in self.more)

    def __str__(self) -> str:
        if self.var is None:
            return str(self.offset)
        return self.var + "".join(f"{'+' if sign > 0 else '-'}{name}" for name, sign in self.more) + \
            (f"{self.offset:+d}" if self.offset else "")


@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Sym:
    """A symbol of the notation, by its canonical name (x, y, t, h, z, w, W, b, E, E_0, delta, n, N, or a
    declared constant), with its layer and its indices as written. No indices on x, y, t, h, z, delta, b, W
    means the whole vector (or matrix); ``example`` is the example of a batch it belongs to (``x^{(n)}``,
    ``E_n``); ``text`` is the symbol as the author wrote it, for messages. In a session check, ``name`` is
    the symbol as bound (``p``, ``\\hat{y}``, ``W_Q``) and its indices index the bound array. ``written`` is
    its name as written (``\\alpha`` for a declared ``{alpha: w^1}``): the declared name's default layer is its
    own, not every name's for the same quantity (not compared: the same symbol, whichever name it was written by)."""

    name: str
    layer: Index | None
    indices: tuple[Index, ...]
    text: str
    example: Index | None = None
    written: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Letter:
    """A letter standing alone in a sum's bounds or an index expression: an index (``l`` in ``l+1``), or one of
    the constants L, K, I (the number of weight layers, outputs and inputs)."""

    name: str

    def __str__(self) -> str:
        return self.name


@dataclass(frozen=True)
class Op:
    """``op`` is one of: + - * (a product: scalars, matrix product, or scaling) / neg pow fpow (a function's
    power, \\tanh^2(z): elementwise on a vector) cdot (\\cdot: a dot product of two vectors, else a product)
    odot (elementwise) T (transpose)."""

    op: str
    args: tuple


@dataclass(frozen=True)
class Derivative:
    """d(body)/d(var). ``var`` is a weight, unit, input, pre-activation or bias, or a whole vector or
    matrix of them (then the derivative is the gradient, shaped like ``var``). ``row``: ``var`` is a vector
    written as a row (``vectors: rows``): a gradient by it is a row too (a Jacobian is the same matrix)."""

    body: object
    var: Sym
    row: bool = False


@dataclass(frozen=True)
class Gradient:
    """``\\Delta w``: dE/dw for the weight ``var`` (or the update, declared ``Delta: update``); ``step``: the update
    of an update rule (:mod:`.updates`), whatever \\Delta means."""

    var: Sym
    step: bool = False
    rate: object | None = None  # a step's rate written as a number (Karpathy's w - 0.01 dL/dw); else the notation's
    of: object | None = None  # a step on one example's error, E_n (PRML's online w - eta grad E_n); else E's


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
    ``sqrt``; of a whole vector: ``norm`` (Euclidean, or Frobenius for a matrix), ``softmax``, ``diag`` (the
    diagonal matrix), ``Sigma'`` (Nielsen's diag(sigma'(v))). In a session check, ``name`` may be a bound
    function, with ``more`` arguments after the first."""

    name: str
    arg: object
    more: tuple = ()

    @property
    def args(self) -> tuple:
        return (self.arg, *self.more)


@dataclass(frozen=True)
class Component:
    """An entry of a vector or matrix expression: ``(W^T \\delta)_j``, ``\\mathrm{softmax}(z)_k``."""

    body: object
    indices: tuple[Index, ...]
    text: str


@dataclass(frozen=True)
class Kronecker:
    """The Kronecker delta ``\\delta_{kj}``: 1 when the two indices are equal, else 0 (``written``: as Sym's)."""

    first: Index
    second: Index
    written: str = field(default="", compare=False)


@dataclass
class Row:
    """One chain of equalities ``sides[0] = sides[1] = ...``; ``texts`` as written, ``lines`` 0-based; ``regrouped``:
    the sides with their products taken from the right (``products: right``), where that reads them otherwise."""

    sides: list
    texts: list[str]
    tag: str | None = None
    lines: list[int] = field(default_factory=list)
    regrouped: list | None = None

    @property
    def line(self) -> int:
        return self.lines[0] if self.lines else 0


@dataclass
class Equation:
    rows: list[Row] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
