"""What a check that holds could not have caught, said with its result (not a failure).

On networks of one unit a layer (``check="1-1-1"``) every unit index is 1: an equation written for any unit,
``w^2_{kj}`` or ``\\sum_k``, is only evaluated where ``j = k = 1``, so an index in the wrong place (``w^2_{jk}``)
or a sum over the wrong layer's units holds there as well as the right one. A check that holds on such shapes
only says so, and names a shape that would tell.
"""

from __future__ import annotations

from .tree import Equation
from .walk import CONSTANTS, symbols


def unit_index_letters(equation: Equation) -> list[str]:
    """The letters that index units (``j``, ``k`` in ``w^l_{jk}``, summed or free), in order of appearance;
    not layers (``l``), examples, numbers or the constants L, K, I."""
    letters: list[str] = []
    for row in equation.rows:
        for side in row.sides:
            for index in (index for sym in symbols(side) for index in sym.indices):
                letters += [name for name in index.vars if name not in letters and name not in CONSTANTS
                            and not name.startswith("@")]
    return letters


def one_unit_caveat(equation: Equation, shapes) -> str:
    """The caveat for an equation that holds on ``shapes``, or "" if a shape has a layer of two units or more (or
    the equation indexes no unit by a letter)."""
    if not shapes or any(size != 1 for shape in shapes for size in shape):
        return ""
    letters = unit_index_letters(equation)
    if not letters:
        return ""
    depth = max(len(shape) for shape in shapes)
    wider = "-".join(map(str, [2, *[3] * (depth - 2), 2] if depth > 2 else [2, 3]))
    named = ", ".join(letters)
    return (f"checked only on networks of one unit a layer, where every unit index ({named}) is 1: an index in the "
            f"wrong place, or a sum over the wrong units, would hold there too; add a wider shape, e.g. "
            f'check="{" ".join("-".join(map(str, shape)) for shape in shapes)} {wider}"')
