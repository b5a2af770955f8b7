"""Einstein's convention, as another reading of a failed equation: an index on the right side only, twice in one
product (``\\delta^l_j = w^{l+1}_{kj} \\delta^{l+1}_k f'(z^l_j)``, the sum over k left implicit). Read as written,
the equation is claimed for every k, and fails; summed over k, it may hold. Then it is refused with the sum to
write, not judged in a reading its text may not mean."""

from __future__ import annotations

from .tree import Equation, Op, Reduce, Row
from .walk import free_indices, index_uses, terms


def summed_reading(equation: Equation) -> tuple[Equation, list[str]] | None:
    """``equation`` with each such index summed in the terms that repeat it, and the indices; None if none."""
    rows, letters = [], []
    for row in equation.rows:
        on_left = set(free_indices(row.sides[0]))
        sides = [row.sides[0]]
        for side in row.sides[1:]:
            for var in free_indices(side):
                if var not in on_left and any(_repeats(term, var) for term in terms(side)):
                    side = _summed(side, var)
                    letters += [var] if var not in letters else []
            sides.append(side)
        rows.append(Row(sides, row.texts, row.tag, row.lines))
    return (Equation(rows, equation.tags), letters) if letters else None


def _repeats(term, var: str) -> bool:
    return sum(1 for _ in index_uses(term, var)) >= 2


def _summed(node, var: str):
    if isinstance(node, Op) and node.op in ("+", "-", "neg"):
        return Op(node.op, tuple(_summed(arg, var) for arg in node.args))
    return Reduce("+", var, None, None, node) if _repeats(node, var) else node
