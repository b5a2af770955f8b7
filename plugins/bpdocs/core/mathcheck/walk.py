"""Walking a parsed tree: its children, its symbols, its free indices and where an index is used."""

from __future__ import annotations

from dataclasses import fields, is_dataclass, replace

from .tree import Call, Component, Derivative, Gradient, Index, Kronecker, Letter, Op, Reduce, Sym

CONSTANTS = ("L", "K", "I")


def children(node) -> tuple:
    if isinstance(node, Op):
        return node.args
    if isinstance(node, Derivative):
        return node.body, node.var
    if isinstance(node, Gradient):
        return (node.var,) if node.of is None else (node.of, node.var)
    if isinstance(node, Call):
        return node.args
    if isinstance(node, Component):
        return (node.body,)
    if isinstance(node, Reduce):
        return tuple(b for b in (node.low, node.high) if b is not None) + (node.body,)
    return ()


def rebuilt(node, change):
    """``node`` with every node that ``change`` gives a new one for replaced by it (``change`` returns None to go on
    into the node's parts): the parsed tree is frozen data, rewritten as a copy."""
    new = change(node)
    if new is not None:
        return new
    if not is_dataclass(node) or isinstance(node, Index):
        return node
    return replace(node, **{f.name: tuple(rebuilt(v, change) for v in value) if isinstance(value, tuple) else
                            rebuilt(value, change) for f in fields(node) for value in [getattr(node, f.name)]})


def terms(node):
    """The terms of a sum, its signs dropped (``a - b + c``, ``-(a + b)``: a, b, c)."""
    if isinstance(node, Op) and node.op in ("+", "-", "neg"):
        for arg in node.args:
            yield from terms(arg)
    else:
        yield node


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


def _offset(index, var: str):
    """The offset of ``var`` in ``index`` if it is used alone (``k+1``); None in a sum of variables (``i+k``)."""
    return index.offset if not index.more else None


def index_uses(node, var: str):
    """Each place ``var`` is used as an index: (node, slot, offset), slot an int, "layer" or "example"; the
    offset is None where other variables are added to it."""
    if isinstance(node, Sym):
        if node.layer is not None and var in node.layer.vars:
            yield node, "layer", _offset(node.layer, var)
        if node.example is not None and var in node.example.vars:
            yield node, "example", _offset(node.example, var)
        for slot, index in enumerate(node.indices):
            if var in index.vars:
                yield node, slot, _offset(index, var)
        return
    if isinstance(node, Component):
        for slot, index in enumerate(node.indices):
            if var in index.vars:
                yield node, slot, _offset(index, var)
    if isinstance(node, Kronecker):
        for slot, index in enumerate((node.first, node.second)):
            if var in index.vars:
                yield node, "kronecker", _offset(index, var)
        return
    if isinstance(node, Reduce) and node.var == var:
        return
    for child in children(node):
        yield from index_uses(child, var)


def index_role(node, var: str):
    """Where ``var`` first appears alone as an index of a symbol in ``node``: (symbol, slot), or None."""
    for found, slot, offset in index_uses(node, var):
        if isinstance(found, Sym) and offset is not None:
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
                for name in index.vars if index is not None else ():
                    add(name, bound)
            return
        if isinstance(n, Kronecker):
            for name in n.first.vars + n.second.vars:
                add(name, bound)
            return
        if isinstance(n, Component):
            visit(n.body, bound)
            for index in n.indices:
                for name in index.vars:
                    add(name, bound)
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
    del visit  # a function that calls itself is a reference cycle: freed now, not at a garbage collection
    return out


def only_gradients(side) -> bool:
    """Whether ``side`` differentiates the error only as the error, ``\\partial E / \\partial w`` or ``\\Delta w``
    (two such sides that differ by 2 are two steps, not a loss without its 1/2), and does so somewhere."""
    derivatives = [n for n in nodes(side) if isinstance(n, (Derivative, Gradient))]
    return bool(derivatives) and all(isinstance(n, Gradient) or isinstance(n.body, Sym) and n.body.name in ("E", "E_0")
                                     for n in derivatives)
