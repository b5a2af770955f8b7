"""A failed check as plain data a page can show: the network, the values it drew, both sides, and why.

:func:`counterexample` turns the first :class:`~.check.Failure` of a report into a dict (JSON-ready,
no numpy) that the renderer typesets as a small table::

    {"kind": "mismatch", "network": "1-2-2-2", "trial": 1,
     "indices": [["l", 1], ["j", 1], ["i", 1]],           # the free indices where it fails
     "values": [["x_{1}", 0.126], ["w^{1}_{11}", 0.6063], ...],  # the network and example it drew
     "left": {"tex": "\\\\Delta w^l_{ji}", "value": 1.473}, # a side's value: a number, a matrix, or None
     "right": {"tex": "x_i \\\\sum_k ...", "value": 1.435},
     "problem": None}                                     # or {"symbol": "w^2_{21}", "text": "layer 2 has 1 unit"}

Names follow the page's notation where it renames ``x``, ``t``, ``w`` or ``b`` (Nielsen's ``y`` for the
target is shown as ``y``).
"""

from __future__ import annotations

import re

import numpy as np

from .check import WHERE_HINT, Failure
from .dual import Dual, Tensor
from .notation import Notation
from .tree import Equation

NAMES_NOTHING = re.compile(r"^.*? names nothing in [^:]*(?:: (?P<reason>.*))?$", re.S)
SYMBOL_FIRST = re.compile(r"^(?P<symbol>\S+): (?P<text>.+)$", re.S)


def counterexample(failure: Failure, equation: Equation, notation: Notation) -> dict:
    """The counterexample of ``failure`` as plain data (see the module docstring)."""
    texts = equation.rows[failure.row].texts
    step = failure.step
    left_text = texts[step - 1] if step >= 1 else texts[0]
    right_text = texts[step] if step >= 1 else (texts[1] if len(texts) > 1 else None)
    sides = [_plain(v) for v in failure.sides] + [None, None]
    return {
        "kind": failure.kind,
        "network": "-".join(map(str, failure.shape)),
        "trial": failure.trial + 1,
        "indices": [[name, int(value)] for name, value in failure.binding.items()],
        "values": _values(failure.instance, notation) if failure.instance is not None else [],
        "left": {"tex": left_text, "value": sides[0]},
        "right": {"tex": right_text, "value": sides[1]},
        "problem": None if failure.kind == "mismatch" else _problem(failure.message),
    }


def _problem(message: str) -> dict:
    """Why a side has no value: the symbol at fault (TeX, when the message names one first) and the words."""
    message = message.replace(WHERE_HINT, "").strip()
    names_nothing = NAMES_NOTHING.match(message)
    if names_nothing and names_nothing["reason"]:
        message = names_nothing["reason"].strip()
    first = SYMBOL_FIRST.match(message)
    if first and not first["symbol"].endswith(("shapes", "here")):
        return {"symbol": first["symbol"], "text": first["text"].strip()}
    return {"symbol": None, "text": message}


def _plain(value):
    if isinstance(value, Dual):
        return float(value.a)
    if isinstance(value, Tensor):
        return np.asarray(value.a, float).tolist()
    return None


def _values(inst, notation: Notation) -> list[list]:
    """Every input, target, weight (and bias) of the trial's network, named as the page names them."""
    written = {}
    for alias, canonical in notation.aliases.items():
        written.setdefault(canonical, alias.lstrip("\\"))
    x, t, w, b = (written.get(name, name) for name in ("x", "t", "w", "b"))
    values = [[f"{x}_{{{i + 1}}}", float(v)] for i, v in enumerate(np.ravel(inst.x))]
    values += [[f"{t}_{{{k + 1}}}", float(v)] for k, v in enumerate(np.ravel(inst.t))]
    for l, W in enumerate(inst.net.weights, start=1):
        comma = "," if max(W.shape) > 9 else ""  # w^1_{10,2}, not w^1_{102}
        values += [[f"{w}^{{{l}}}_{{{k + 1}{comma}{j + 1}}}", float(v)] for (k, j), v in np.ndenumerate(W)]
    for l, bias in enumerate(inst.net.biases or [], start=1):
        values += [[f"{b}^{{{l}}}_{{{k + 1}}}", float(v)] for k, v in enumerate(np.ravel(bias))]
    return values
