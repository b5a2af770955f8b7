"""Checked equations: read LaTeX, bind its notation to a network, evaluate, compare.

Pure apart from bpcore and numpy: no site generator. Stages:
lexer -> parser (with the notation) -> latex (rows, chains) -> binding -> dual/evaluate -> check;
:func:`check_equation` (api.py) is the stable entry point.
"""

from .api import EquationResult, check_equation
from .binding import BindingError
from .cases import parse_shapes
from .check import check
from .report import CheckReport, Failure
from .latex import parse_equation
from .notation import Notation, parse_notation
from .tree import Equation, LatexError

__all__ = ["BindingError", "CheckReport", "Equation", "EquationResult", "Failure", "LatexError", "Notation",
           "check", "check_equation", "parse_equation", "parse_notation", "parse_shapes"]
