"""A failed check as a page shows it: the network, the values it drew, both sides, and why.

:func:`table_data` turns the first :class:`~.report.Failure` of a report into a dict (JSON-ready, no numpy)
that the renderer typesets as a small table (:mod:`bpdocs.core.checked`)::

    {"kind": "mismatch", "network": "1-2-2-2", "trial": 1,
     "indices": [["l", 1], ["j", 1], ["i", 1]],           # the free indices where it fails
     "values": [["x_1", 0.126], ["w^1_{11}", 0.6063], ...],  # the network and example it drew
     "left": {"tex": "\\\\Delta w^l_{ji}", "value": 1.473}, # a side's value: a number, a matrix, or None
     "right": {"tex": "x_i \\\\sum_k ...", "value": 1.435},
     "problem": None}                                     # or {"symbol": "w^2_{21}", "text": "layer 2 has 1 unit"}

:class:`~.report.Counterexample` is the checker's own record of a mismatch (for the Python API); this is
the reader's view of any failure, a refusal included (then without values).
"""

from __future__ import annotations

import re

from .report import Failure
from .rows import DOMAIN, SHAPE_HINT, WHERE_HINT
from .tree import Equation

NAMES_NOTHING = re.compile(r"^.*? names nothing in [^:]*(?:: (?P<reason>.*))?$", re.S)
SYMBOL_FIRST = re.compile(r"^(?P<symbol>\S+): (?P<text>.+)$", re.S)


def table_data(failure: Failure, equation: Equation) -> dict:
    """The failure as plain data (see the module docstring)."""
    texts = equation.rows[failure.row].texts
    step = failure.step
    left_text = texts[step - 1] if step >= 1 else texts[0]
    right_text = texts[step] if step >= 1 else (texts[1] if len(texts) > 1 else None)
    sides = [*failure.sides, None, None]
    network = failure.against.removeprefix("network ") if failure.against.startswith("network ") else \
        "-".join(map(str, failure.shape or ())) or failure.against
    return {
        "kind": failure.kind,
        "network": network,
        "trial": failure.trial + 1,
        "indices": [[name, int(value)] for name, value in failure.binding.items()],
        "values": [[name, failure.drawn[name]] for name in sorted(failure.drawn, key=_reading_order)],
        "left": {"tex": left_text, "value": sides[0]},
        "right": {"tex": right_text, "value": sides[1]},
        "problem": None if failure.kind == "mismatch" else _problem(failure.message),
    }


def _reading_order(name: str) -> int:
    """The example first (inputs, then targets), then the weights and biases, then constants (a stable sort)."""
    return {"x": 0, "t": 1, "w": 2, "b": 3}.get(name[:1], 4)


def _problem(message: str) -> dict:
    """Why a side has no value: the symbol at fault (TeX, when the message names one first) and the words."""
    for hint in (WHERE_HINT, DOMAIN, SHAPE_HINT):
        message = message.replace(hint, "")
    message = message.strip()
    names_nothing = NAMES_NOTHING.match(message)
    if names_nothing and names_nothing["reason"]:
        message = names_nothing["reason"].strip()
    first = SYMBOL_FIRST.match(message)
    if first and not first["symbol"].endswith(("shapes", "here")):
        return {"symbol": first["symbol"], "text": first["text"].strip()}
    return {"symbol": None, "text": message}
