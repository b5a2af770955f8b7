"""Checked equations: read the derivation's LaTeX, bind its notation to a network, evaluate, compare.

Pure apart from bpcore and numpy: no MkDocs. See :func:`check`.
"""

from .check import CheckReport, Failure, check, parse_shapes
from .binding import BindingError
from .latex import parse_equation
from .tree import Equation, LatexError

__all__ = ["BindingError", "CheckReport", "Equation", "Failure", "LatexError", "check", "parse_equation",
           "parse_shapes"]
