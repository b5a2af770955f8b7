"""Checked equations: read LaTeX, bind its notation to a network, evaluate, compare.

Pure apart from bpcore and numpy: no site generator. Stages:
lexer -> parser (with the notation) -> latex (rows, chains) -> binding -> dual/evaluate -> check;
:func:`check_equation` (api.py) is the stable entry point.
"""

# Each name is imported when it is first used (PEP 562): a module of the package (``notation``, which a page's
# ``bpdocs_notation`` is read with) must not bring the whole checker, and numpy, into a build that checks nothing.
# (The function ``check`` is imported from ``.check``: the package's attribute of that name is the module.)
_HOME = {"EquationResult": "api", "check_equation": "api", "BindingError": "binding", "parse_shapes": "cases",
         "CheckReport": "report", "Failure": "report", "parse_equation": "latex",
         "Notation": "notation", "parse_notation": "notation", "Equation": "tree", "LatexError": "tree"}

__all__ = ["BindingError", "CheckReport", "Equation", "EquationResult", "Failure", "LatexError", "Notation",
           "check_equation", "parse_equation", "parse_notation", "parse_shapes"]


def __getattr__(name: str):
    if name not in _HOME:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    from importlib import import_module

    value = getattr(import_module(f".{_HOME[name]}", __name__), name)
    globals()[name] = value  # (once)
    return value
