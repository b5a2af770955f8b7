"""``where`` conditions on the free indices: ``"l < L and k != 1"``, parsed once, evaluated per assignment."""

from __future__ import annotations

import ast
import re

from .declarations import ELL
from .walk import CONSTANTS

SPELLED = "ell_"  # where="\ell > 1": ESL's \ell (ELL) spelled for Python, which reads ℓ as l (NFKC)

ALLOWED = (ast.Expression, ast.Compare, ast.BoolOp, ast.UnaryOp, ast.BinOp, ast.Name, ast.Load, ast.Constant,
           ast.And, ast.Or, ast.Not, ast.Add, ast.Sub, ast.Lt, ast.LtE, ast.Gt, ast.GtE, ast.Eq, ast.NotEq)


# A condition as an author writes it, in Python's words: TeX's and Unicode's relations and connectives, `=` for
# `==`, commas between conditions ("l < L, k \ne 1"); TeX's spaces are spaces. (\ell first: it begins with \le.)
WRITTEN = [(r"\\ell(?![a-zA-Z])|\u2113|\bell\b", SPELLED), (r"\\(?:[,;:! ]|q?quad(?![a-zA-Z]))", " "),
           (r"\\text\s*\{\s*(and|or|not)\s*\}", r" \1 "),
           (r"\\(?:leq?slant|leq?)(?![a-zA-Z])|\u2264", "<="), (r"\\(?:geq?slant|geq?)(?![a-zA-Z])|\u2265", ">="),
           (r"\\neq?(?![a-zA-Z])|\u2260", "!="), (r"\\lt(?![a-zA-Z])", "<"), (r"\\gt(?![a-zA-Z])", ">"),
           (r"\\(?:land|wedge)(?![a-zA-Z])|\u2227|[,;]", " and "), (r"\\(?:lor|vee)(?![a-zA-Z])|\u2228", " or "),
           (r"\\(?:lnot|neg)(?![a-zA-Z])|\u00ac", " not "), (r"(?<![<>=!])=(?!=)", "==")]


def parse_where(where: str | None, last_layers: tuple[str, ...] = ()) -> list[tuple[set[str], object]]:
    """``where`` as conjuncts, each with the index names it uses: ``"l < L and k != 1"``, also as TeX writes it
    (``"2 \\le \\ell \\le L, k \\neq 1"``). ``last_layers``: letters the notation declares as the last layer
    (CS229's ``{r: L}``), read as L. Errors quote ``where`` as written."""
    if where is None or not where.strip():
        return []
    written = where
    for pattern, replacement in WRITTEN:
        where = re.sub(pattern, replacement, where)
    for letter in last_layers:  # where="k <= r" says k <= L
        where = re.sub(rf"\b{letter}\b", "L", where)
    try:
        tree = ast.parse(" ".join(where.split()), mode="eval")
    except SyntaxError:
        raise ValueError(f"where={written!r} is not a condition like 'l < L'") from None
    for node in ast.walk(tree):
        if not isinstance(node, ALLOWED):
            raise ValueError(f"where={written!r}: only comparisons of indices, L, K, I and numbers are allowed")
    body = tree.body
    if not isinstance(body, (ast.Compare, ast.BoolOp, ast.UnaryOp)):
        raise ValueError(f"where={written!r} is not a condition like 'l < L'")
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
