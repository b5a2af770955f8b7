"""The expression tree of a parsed equation, and the tokens LaTeX is read in."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

IGNORED = {r"\,", r"\;", r"\:", r"\!", r"\ ", r"\quad", r"\qquad", r"\displaystyle", r"\left", r"\right",
           r"\big", r"\Big", r"\bigg", r"\Bigg", r"\nonumber", r"\notag"}
SKIP_WITH_ARGUMENT = {r"\label", r"\text", r"\mathrm", r"\textrm", r"\mbox", r"\tag"}
TOKEN = re.compile(r"\\[A-Za-z]+|\\.|[A-Za-z]|\d+(?:\.\d+)?|\.\d+|[{}^_()\[\]+\-*/=&',]|\s+")
INDEXED = {"w", "h", "x", "y", "t", "z", "b"}


class LatexError(ValueError):
    """LaTeX the checker cannot read; ``column`` is the position in the source."""

    def __init__(self, message: str, column: int | None = None):
        super().__init__(message)
        self.message, self.column = message, column


# --- the tree ------------------------------------------------------------------------

@dataclass(frozen=True)
class Num:
    value: float


@dataclass(frozen=True)
class Sym:
    """An indexed symbol: ``name`` (w, h, x, y, t, z, b, E, delta), its layer and its indices.

    ``layer`` and ``indices`` hold :class:`Index` expressions (or None).
    """

    name: str
    layer: object | None
    indices: tuple
    text: str  # as written, for messages

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True)
class Index:
    """An index expression: a variable and/or a constant, e.g. ``k``, ``2``, ``l+1``."""

    var: str | None
    offset: int

    def __str__(self) -> str:
        if self.var is None:
            return str(self.offset)
        return self.var + (f"{self.offset:+d}" if self.offset else "")


@dataclass(frozen=True)
class Op:
    op: str  # + - * / neg pow
    args: tuple


@dataclass(frozen=True)
class Derivative:
    """d(body)/d(var): ``var`` is a :class:`Sym` (a weight, unit, input or pre-activation)."""

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
    """An activation or its derivative applied to an argument: sigma, sigma', f, f'."""

    name: str
    arg: object


@dataclass
class Row:
    """One chain of equalities: ``sides[0] = sides[1] = ...``; ``texts`` as written."""

    sides: list
    texts: list[str]
    tag: str | None = None
    lines: list[int] = field(default_factory=list)  # 0-based source line of each side

    @property
    def line(self) -> int:
        return self.lines[0] if self.lines else 0


@dataclass
class Equation:
    rows: list[Row] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
