"""Inputs that the page's code holds where a check cannot reach them: a function's default argument or closure, an
object's attribute (``model.W``, a bound method's ``self.W``). A check draws every input anew for each trial after the
first, and moves one value at a time for a derivative, by replacing the session's names; code that holds the page's
array itself goes on computing with it, so a verdict would compare values of two different inputs (a false ``= 0``
held). Such a check is refused, naming the input and where it is held.

Also the names a function reads as globals (``LOAD_GLOBAL``), not its attributes' names (``model.W`` reads the
global ``model``, not ``W``): what :meth:`.check.SessionCheck.depends` follows.
"""

from __future__ import annotations

import dis
import types

import numpy as np

DEPTH = 3  # functions followed through the globals they call


def global_names(code) -> set[str]:
    """The names ``code`` (and the lambdas and comprehensions inside it) reads as globals."""
    names = {i.argval for i in dis.get_instructions(code) if i.opname in ("LOAD_GLOBAL", "LOAD_NAME")}
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            names |= global_names(const)
    return names


def held_inputs(roots: list, namespace: dict, inputs: list[str]) -> list[tuple[str, str]]:
    """``(input, where it is held)`` for each input that ``roots`` (``(value, name)``: the session's objects the
    bindings use) hold inside them rather than read from the session, through the functions they call."""
    arrays = {id(namespace[name]): name for name in inputs if isinstance(namespace.get(name), np.ndarray)}
    found: dict[str, str] = {}
    seen: set[int] = set()

    def look(value, shown: str, depth: int) -> None:
        if id(value) in seen or depth > DEPTH:
            return
        seen.add(id(value))
        function = getattr(value, "__func__", value)  # (a bound method: its function, and its object below)
        owner = getattr(value, "__self__", None)
        if owner is not None and not isinstance(owner, types.ModuleType):
            attributes(owner, f"{shown}'s object")
        for default in (getattr(function, "__defaults__", None) or ()) + tuple(
                (getattr(function, "__kwdefaults__", None) or {}).values()):
            held(default, f"a default argument of {shown}")
        for cell in getattr(function, "__closure__", None) or ():
            try:
                held(cell.cell_contents, f"a variable {shown} closes over")
            except ValueError:  # (an empty cell)
                continue
        code = getattr(function, "__code__", None)
        if code is not None:
            for name in global_names(code):
                if name in namespace and name not in inputs:
                    look_at(namespace[name], name, depth + 1)

    def look_at(value, name: str, depth: int) -> None:
        if callable(value) and not isinstance(value, type):
            look(value, name, depth)
        elif not isinstance(value, (types.ModuleType, type, np.ndarray, int, float, complex, str, bytes)):
            attributes(value, name)

    def attributes(owner, shown: str) -> None:
        for attribute, value in (vars(owner).items() if hasattr(owner, "__dict__") else ()):
            held(value, f"{shown}.{attribute}" if not shown.endswith("object") else f"{shown}'s .{attribute}")

    def held(value, where: str) -> None:
        name = arrays.get(id(value))
        if name is not None and name not in found:
            found[name] = where

    for root, shown in roots:
        look_at(root, shown, 0)
    return list(found.items())
