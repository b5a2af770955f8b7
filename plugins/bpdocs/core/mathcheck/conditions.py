"""``where`` conditions on the free indices: ``"l < L and k != 1"``, parsed once, evaluated per assignment."""

from __future__ import annotations

import ast
import re

from .notation import ELL
from .walk import CONSTANTS

SPELLED = "ell_"  # where="\ell > 1": ESL's \ell (ELL) spelled for Python, which reads ℓ as l (NFKC)

ALLOWED = (ast.Expression, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.Name, ast.Load, ast.Constant,
           ast.And, ast.Or, ast.Not, ast.Add, ast.Sub, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)


def parse_where(where: str | None) -> list[tuple[set[str], object]]:
    """``where`` as conjuncts, each with the index names it uses: ``"l < L and k != 1"``."""
    if where is None or not where.strip():
        return []
    where = re.sub(r"\\ell\b|\u2113|\bell\b", SPELLED, where)  # where="\ell > 1", as the equation writes it
    try:
        tree = ast.parse(where.strip(), mode="eval")
    except SyntaxError:
        raise ValueError(f"where={where!r} is not a condition like 'l < L'") from None
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            raise ValueError(f"where={where!r}: only comparisons of indices, L, K, I and numbers are allowed")
    body = tree.body
    if not isinstance(body, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
        raise ValueError(f"where={where!r} is not a condition like 'l < L'")
    parts = body.values if isinstance(body, ast.BoolOp) and isinstance(body.op, ast.And) else [body]
    conjuncts = []
    for part in parts:
        names = {ELL if n.id == SPELLED else n.id for n in ast.walk(part) if isinstance(n, ast.Name)}
        names -= {*CONSTANTS, "N"}
        conjuncts.append((names, compile(ast.Expression(part), "<where>", "eval")))
    return conjuncts


def holds_where(conjuncts, env: dict, evaluator) -> bool:
    """Whether the assignment ``env`` meets the conditions; L, K, I (and N, in a batch) as the evaluator has them."""
    names = {**env, **({SPELLED: env[ELL]} if ELL in env else {})}
    for constant in (*CONSTANTS, "N"):
        try:
            names.setdefault(constant, evaluator.constant(constant))
        except (KeyError, ValueError):
            pass
    try:
        return all(bool(eval(code, {"__builtins__": {}}, names)) for _, code in conjuncts)
    except NameError as exc:
        raise ValueError(f"where: {exc}") from None
