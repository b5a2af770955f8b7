"""Walking a parsed tree: its children, its symbols, its free indices and where an index is used."""

from __future__ import annotations

from .tree import Call, Component, Derivative, Gradient, Kronecker, Letter, Op, Reduce, Sym

CONSTANTS = ("L", "K", "I")


def children(node) -> tuple:
    if isinstance(node, Op):
        return node.args
    if isinstance(node, Derivative):
        return node.body, node.var
    if isinstance(node, Gradient):
        return (node.var,)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Component):
        return (node.body,)
    if isinstance(node, Reduce):
        return tuple(b for b in (node.low, node.high) if b is not None) + (node.body,)
    return ()


def symbols(node):
    """Every :class:`Sym` in ``node``, in order."""
    if isinstance(node, Sym):
        yield node
    for child in children(node):
        yield from symbols(child)


def nodes(node):
    """``node`` and everything below it."""
    yield node
    for child in children(node):
        yield from nodes(child)


def index_uses(node, var: str):
    """Each place ``var`` is used as an index: (node, slot, offset), slot an int, "layer" or "example"."""
    if isinstance(node, Sym):
        if node.layer is not None and node.layer.var == var:
            yield node, "layer", node.layer.offset
        if node.example is not None and node.example.var == var:
            yield node, "example", node.example.offset
        for slot, index in enumerate(node.indices):
            if index.var == var:
                yield node, slot, index.offset
        return
    if isinstance(node, Component):
        for slot, index in enumerate(node.indices):
            if index.var == var:
                yield node, slot, index.offset
    if isinstance(node, Kronecker):
        for slot, index in enumerate((node.first, node.second)):
            if index.var == var:
                yield node, "kronecker", index.offset
        return
    if isinstance(node, Reduce) and node.var == var:
        return
    for child in children(node):
        yield from index_uses(child, var)


def index_role(node, var: str):
    """Where ``var`` first appears as an index of a symbol in ``node``: (symbol, slot), or None."""
    for found, slot, _ in index_uses(node, var):
        if isinstance(found, Sym):
            return found, slot
    return None


def free_indices(node, bound: frozenset = frozenset()) -> list[str]:
    """Index variables used in ``node`` and not bound by a sum or product, in order of appearance."""
    out: list[str] = []

    def add(var: str | None, bound):
        if var and var not in bound and var not in out and var not in CONSTANTS and not var.startswith("@"):
            out.append(var)

    def visit(n, bound):
        if isinstance(n, Letter):
            add(n.name, bound)
            return
        if isinstance(n, Sym):
            for index in [n.layer, n.example, *n.indices]:
                if index is not None:
                    add(index.var, bound)
            return
        if isinstance(n, Kronecker):
            add(n.first.var, bound)
            add(n.second.var, bound)
            return
        if isinstance(n, Component):
            visit(n.body, bound)
            for index in n.indices:
                add(index.var, bound)
            return
        if isinstance(n, Reduce):
            for b in (n.low, n.high):
                if b is not None:
                    visit(b, bound)
            visit(n.body, bound | {n.var})
            return
        for child in children(n):
            visit(child, bound)

    visit(node, bound)
    return out
