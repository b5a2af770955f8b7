"""Binding the notation to a network: which weight, unit, vector or matrix a symbol names.

``x_i`` = h^0_i and ``x`` = h^0; ``y_k`` = h^L_k and ``y`` = h^L; ``h_j`` = h^1_j when
there is exactly one hidden layer; ``z_k``, ``\\delta_k``, ``b_k``, ``w_{kj}`` and ``W``
without a layer only on a single-layer network (or with a default layer declared in the
notation); ``w_k`` = w^1_{k1} on a single layer from one input. Indices are 1-based, as in
the derivation; ``L``, ``K`` and ``I`` are the number of weight layers, outputs and inputs.

A reference is ``("h", l, j)``, ``("z", l, j)``, ``("w", l, k, j)``, ``("b", l, k)``, ``("t", k)``,
``("delta", l, j)``, ``("E",)`` for numbers, and ``("vec", name, l)`` / ``("mat", l)`` for vectors
(name h, z, delta, b or t) and weight matrices.
"""

from __future__ import annotations

from .tree import Call, Derivative, Gradient, Index, Num, Op, Reduce, Sym

CONSTANTS = ("L", "K", "I")


class BindingError(ValueError):
    """A symbol or index that does not exist in this network, or that could mean two things."""


class OutOfRange(BindingError):
    """A layer or unit this network does not have (``w^2_{21}`` where layer 2 has one unit): the equation
    names something that is not there, so it does not hold (it was read, and bound, all the same).

    Checking tries many index values that name nothing, so the message is only formatted when read.
    """

    def __init__(self, message):
        super().__init__()
        self._message = message

    def __str__(self) -> str:
        return self._message() if callable(self._message) else self._message


class EngineDisagrees(ValueError):
    """bpcore's backpropagation and the derivative through its own forward pass differ: the engine is wrong."""


def _units(n: int) -> str:
    return f"{n} unit{'s' * (n != 1)}"


def resolve(sym: Sym, layer: int | None, idx: list[int], sizes: list[int], biases: bool) -> tuple:
    """``sym`` with its layer and indices evaluated, as a reference into a network of ``sizes``.

    Raises :class:`BindingError` with the derivation's words when it does not exist.
    """
    n, L = sizes, len(sizes) - 1
    name = sym.name
    shown = _Shown(sym, layer, idx)  # formatted only if an error message needs it

    def unit(l: int, j: int):
        if not 0 <= l <= L:
            raise OutOfRange(lambda: f"{shown}: layers are 0..{L}")
        if not 1 <= j <= n[l]:
            raise OutOfRange(lambda: f"{shown}: layer {l} has {_units(n[l])}")
        return l, j

    def only_layer(what: str, written: str) -> int:
        if L != 1:
            raise BindingError(f"{sym.text}: the network has {L} layers of {what}; write the layer, e.g. {written} "
                               f"(or declare a default layer in the notation, e.g. bpdocs_notation: "
                               f"{{{name}: {name}^L}})")
        return 1

    if name == "E":
        return ("E",)
    if name == "n":
        raise BindingError(f"{sym.text}: a layer size can only be a bound of a sum")
    if name in ("x", "y", "t") and layer is not None:
        raise BindingError(f"{sym.text}: {name} takes no layer")
    vector = not idx
    if name == "x":
        return ("vec", "h", 0) if vector else ("h",) + unit(0, idx[0])
    if name == "y":
        return ("vec", "h", L) if vector else ("h",) + unit(L, idx[0])
    if name == "t":
        return ("vec", "t", None) if vector else ("t",) + unit(L, idx[0])[1:]
    if name == "h" and layer is None:
        if L != 2:
            raise BindingError(f"{sym.text}: with {L - 1} hidden layers, write the layer: h^l_j")
        layer = 1
    if name in ("z", "delta", "b") and layer is None:
        layer = only_layer({"z": "pre-activations", "delta": "error terms", "b": "biases"}[name],
                           f"{sym.text.split('_')[0]}^l_j")
    if name in ("z", "delta", "b") and layer == 0:
        raise OutOfRange(lambda: f"{shown}: layer 0 is the input; it has no "
                         + {"z": "pre-activation", "delta": "error term", "b": "bias"}[name])
    if name == "b" and not biases:
        raise BindingError(f"{sym.text}: these networks have no biases; check with biases=\"on\"")
    if name in ("h", "z", "delta", "b"):
        if not 0 <= layer <= L:
            raise OutOfRange(lambda: f"{shown}: layers are 0..{L}")
        return ("vec", name, layer) if vector else (name,) + unit(layer, idx[0])
    if name in ("w", "W"):
        if len(idx) == 1:
            if L != 1 or n[0] != 1 or layer is not None:
                raise BindingError(f"{sym.text}: the short form w_k needs a single layer from one input; "
                                   "write w^l_{kj}")
            idx = [idx[0], 1]
        if layer is None:
            layer = only_layer("weights", f"{name}^l" + ("_{kj}" if idx else ""))
        if not 1 <= layer <= L:
            raise OutOfRange(lambda: f"{shown}: weight layers are 1..{L}")
        if vector:
            return ("mat", layer)
        k, j = idx
        if not 1 <= k <= n[layer]:
            raise OutOfRange(lambda: f"{shown}: layer {layer} has {_units(n[layer])}")
        if not 1 <= j <= n[layer - 1]:
            raise OutOfRange(lambda: f"{shown}: layer {layer - 1} has {_units(n[layer - 1])}")
        return ("w", layer, k, j)
    raise BindingError(f"{sym.text} is not part of the notation")


class _Shown:
    def __init__(self, sym, layer, idx):
        self.args = sym, layer, idx

    def __format__(self, spec) -> str:
        return _shown(*self.args)


def _shown(sym: Sym, layer, idx) -> str:
    """The symbol with its indices' values, e.g. w^3_{31}."""
    name = "\\delta" if sym.name == "delta" else sym.name
    sup = f"^{layer}" if layer is not None else ""
    if not idx:
        return f"{name}{sup}"
    sub = "".join(map(str, idx)) if all(0 <= i < 10 for i in idx) else ",".join(map(str, idx))
    return f"{name}{sup}_{{{sub}}}" if len(sub) > 1 else f"{name}{sup}_{sub}"


def children(node) -> tuple:
    if isinstance(node, Op):
        return node.args
    if isinstance(node, Derivative):
        return node.body, node.var
    if isinstance(node, Gradient):
        return (node.var,)
    if isinstance(node, Call):
        return (node.arg,)
    if isinstance(node, Reduce):
        return tuple(b for b in (node.low, node.high) if b is not None) + (node.body,)
    return ()


def symbols(node):
    """Every :class:`Sym` in ``node``, in order."""
    if isinstance(node, Sym):
        yield node
    for child in children(node):
        yield from symbols(child)


def index_role(node, var: str):
    """Where ``var`` first appears as an index in ``node``: (symbol, slot) with slot an int or "layer"."""
    if isinstance(node, Sym):
        if node.layer is not None and node.layer.var == var:
            return node, "layer"
        for slot, index in enumerate(node.indices):
            if index.var == var:
                return node, slot
        return None
    if isinstance(node, Reduce) and node.var == var:
        return None
    for child in children(node):
        found = index_role(child, var)
        if found:
            return found
    return None


def is_bare_letter(node) -> bool:
    """A letter standing alone in a bound, e.g. the l of l+1 (not a symbol of the notation)."""
    return isinstance(node, Sym) and node.name not in ("x", "y", "t", "h", "z", "w", "W", "b", "E", "delta", "n")


def free_indices(node, bound: frozenset = frozenset()) -> list[str]:
    """Index variables used in ``node`` and not bound by a sum or product, in order of appearance."""
    out: list[str] = []

    def add(var: str | None, bound):
        if var and var not in bound and var not in out and var not in CONSTANTS:
            out.append(var)

    def visit(n, bound):
        if isinstance(n, Sym):
            if is_bare_letter(n):
                add(n.name, bound)
                return
            for index in ([n.layer] if n.layer is not None else []) + list(n.indices):
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


__all__ = ["BindingError", "EngineDisagrees", "OutOfRange", "Index", "Num", "free_indices", "index_role", "resolve", "symbols"]
