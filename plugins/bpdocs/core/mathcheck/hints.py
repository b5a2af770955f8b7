"""What a refusal says when an equation names a layer or unit the network does not have at some index values:
the ``where=`` condition that leaves those values out, written with the equation's own letter."""

from __future__ import annotations

from .declarations import ELL

WHERE_HINT = (" (the left side exists here, so the right side must too; if the equation holds only for some "
              "indices, say which with where=\"...\", e.g. where=\"l < L\")")
DOMAIN_START = "; the left side exists here but the right side names nothing"
DOMAIN = (f"{DOMAIN_START}, so the equation cannot be checked for these indices: if it holds only for some, say "
          "which with where=\"...\", e.g. {example}")
GENERIC = "where=\"l < L\" or where=\"l > 1\""


def by_free_index(exc, env: dict) -> bool:
    """Whether an out-of-range symbol is out of range through a free index of the row (``w^l`` at l = 1): an
    equation's implicit range, not a wrong equation (``w^2_{k1}`` in a sum over k names nothing for any l)."""
    return any(name in env for index in out_of_range(exc) for name in index.vars)


def out_of_range(exc) -> list:
    """The indices of the symbol that took it out of range (its layer, example, or a subscript)."""
    sym = getattr(exc, "symbol", None)
    part = getattr(exc, "part", None)
    if part == "layer":
        indices = [getattr(sym, "layer", None)]
    elif part == "example":
        indices = [getattr(sym, "example", None)]
    elif isinstance(part, int) and part < len(getattr(sym, "indices", ())):
        indices = [sym.indices[part]]
    else:
        indices = [getattr(sym, "layer", None), getattr(sym, "example", None), *getattr(sym, "indices", ())]
    return [index for index in indices if index is not None]


def domain_hint(exc, env: dict, case) -> str:
    """The refusal's advice for an index value at which the right side names nothing: a condition that leaves that
    value out (a newcomer's review: the fixed example where="l > 1" failed for an equation written with \\ell, and
    fitted neither end of a recursion whose range is 1 < \\ell \\le L)."""
    letters = [name for index in out_of_range(exc) for name in index.vars if name in env]
    if not letters:
        return DOMAIN.format(example=GENERIC)
    letter, value = letters[0], env[letters[0]]
    last = None
    if getattr(exc, "part", None) == "layer":
        try:
            last = case.evaluator.constant("L")  # (in the text's numbering, as where= compares)
        except (AttributeError, KeyError):
            pass
    return DOMAIN.format(example=f"where=\"{where_leaving_out(letter, value, last)}\"")


def where_leaving_out(letter: str, value: int, last: int | None) -> str:
    """A condition on ``letter`` that leaves ``value`` out: past the last layer L, at L, at the first values, or
    else that value alone."""
    written = r"\ell" if letter == ELL else letter
    if last is not None and value == last + 1:
        return f"{written} \\le L"
    if last is not None and value == last:
        return f"{written} < L"
    if value <= 1:
        return f"{written} > {value}"
    return f"{written} \\ne {value}"
