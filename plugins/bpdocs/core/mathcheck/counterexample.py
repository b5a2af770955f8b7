"""A failed check as a page shows it: the network, the values it drew, both sides, and why.

:func:`table_data` turns the first :class:`~.report.Failure` of a report into a dict (JSON-ready, no numpy)
that the renderer typesets as a small table (:mod:`bpdocs.core.checked`)::

    {"kind": "mismatch", "network": "1-2-2-2", "trial": 1,
     "indices": [["l", 1], ["j", 1], ["i", 1]],           # the free indices where it fails
     "values": [["x_1", 0.126], ["w^1_{11}", 0.6063], ...],  # the network and example it drew
     "left": {"tex": "\\\\Delta w^l_{ji}", "value": 1.473}, # a side's value: a number, a matrix, or None
     "right": {"tex": "x_i \\\\sum_k ...", "value": 1.435},
     "problem": None,                                     # or {"symbol": "w^2_{21}", "text": "layer 2 has 1 unit"}
     "differ": None}                                      # or how: "the sides differ in sign alone: is a sign ..."

:class:`~.report.Counterexample` is the checker's own record of a mismatch (for the Python API); this is
the reader's view of any failure, a refusal included (then without values).
"""

from __future__ import annotations

import re

from .report import Failure
from .hints import DOMAIN_START, WHERE_HINT
from .rows import SHAPE_HINT
from .tree import Equation
from .updates import as_tex

DRAWN_NAME = re.compile(r"^(?P<letter>[wbxt])(?P<layer>\^\d+)?(?P<rest>(?:\^\{\(\d+\)\})?_.*)$")
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
        "values": [[name, value] for name, value in failure.drawn.items()],  # (in reading order: see describe)
        "left": {"tex": as_tex(left_text), "value": sides[0]},
        "right": {"tex": right_text and as_tex(right_text), "value": sides[1]},
        "problem": None if failure.kind == "mismatch" else _problem(failure.message),
        "differ": failure.message if failure.kind == "mismatch" and failure.message != "the sides differ" else None,
    }


def in_declared_names(values: dict, notation) -> dict:
    """The drawn values in reading order, named as the page names them: with ``{beta: w^2, X: x, y: t}`` the checker's
    ``w^2_{11}``, ``x_1``, ``t_1`` are shown ``\\beta_{11}``, ``X_1``, ``y_1``; ``{W: w}`` shows ``W^2_{11}``.
    A value keeps its own name where the notation gives it none, or two (``{u: w, v: w}``), and under
    ``layers: subscripts`` (whose layer is a subscript: the checker's indices would not read as the page's)."""
    values = dict(sorted(values.items(), key=lambda item: reading_order(item[0])))
    if notation.convention("layers") == "subscripts":
        return values
    last = max((int(m["layer"][1:]) for m in map(DRAWN_NAME.match, values) if m and m["layer"]), default=0)
    renamed = {}
    for name, value in values.items():
        drawn = DRAWN_NAME.match(name)
        written = drawn and _declared_name(notation, drawn["letter"], drawn["layer"], last)
        renamed[f"{written}{drawn['rest']}" if written else name] = value
    return renamed


def _declared_name(notation, letter: str, layer: str | None, last: int) -> str | None:
    """The one name declared for ``letter`` at ``layer`` (``^2``) with that layer in it, or else the one declared
    for the letter at no layer, with the layer written after it; None if there is not exactly one."""
    names = [w for w in sorted({*notation.aliases, *notation.default_layers})  # (as equations write them: \\beta)
             if notation.aliases.get(w, w) == letter]  # ({w: w^1} keeps the letter, gives it a layer)
    number = int(layer[1:]) if layer else None
    at_layer = [w for w in names if _layer_number(notation.default_layers.get(w), last) == number]
    if len(at_layer) == 1 and number is not None:
        return at_layer[0]
    unlayered = [w for w in names if w not in notation.default_layers]
    return f"{unlayered[0]}{layer or ''}" if len(unlayered) == 1 else None


def _layer_number(index, last: int) -> int | None:
    """A declared default layer as a number: ``2``, or ``L`` (the last); None for one relative to ``l``."""
    if index is None or index.more:
        return None
    if index.var is None:
        return index.offset
    return last + index.offset if index.var == "L" else None


def reading_order(name: str) -> int:
    """The example first (inputs, then targets), then the weights and biases, then constants (a stable sort)."""
    return {"x": 0, "t": 1, "w": 2, "b": 3}.get(name[:1], 4)


def _problem(message: str) -> dict:
    """Why a side has no value: the symbol at fault (TeX, when the message names one first) and the words."""
    for hint in (WHERE_HINT, SHAPE_HINT):
        message = message.replace(hint, "")
    message = message.split(DOMAIN_START)[0]  # (its where= example is the failure's own)
    message = message.strip()
    names_nothing = NAMES_NOTHING.match(message)
    if names_nothing and names_nothing["reason"]:
        message = names_nothing["reason"].strip()
    first = SYMBOL_FIRST.match(message)
    if first and not first["symbol"].endswith(("shapes", "here")):
        return {"symbol": first["symbol"], "text": first["text"].strip()}
    return {"symbol": None, "text": message}
