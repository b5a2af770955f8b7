"""Binding the derivation's notation to a network: which weight, unit or input a symbol names.

``x_i`` = h^0_i; ``y_k`` = h^L_k; ``h_j`` = h^1_j when there is exactly one
hidden layer; ``w_k`` = w^1_{k1} in a single layer from one input;
``w_{kj}`` = w^1_{kj} in a single layer; ``\\delta_k`` = delta^L_k;
``E`` = 1/2 sum_k (t_k - y_k)^2. Indices are 1-based, as in the derivation.
"""

from __future__ import annotations

from .tree import Call, Derivative, Gradient, Op, Reduce, Sym


class BindingError(ValueError):
    """A symbol or index that does not exist in this network (not a numeric mismatch)."""


class EngineDisagrees(ValueError):
    """bpcore's backpropagation and the derivative through its own forward pass differ: the engine is wrong."""


def resolve(sym: Sym, layer: int | None, idx: list[int], sizes: list[int]) -> tuple:
    """A symbol, its layer and indices evaluated, as a reference into a network of ``sizes``:
    ("h", l, j), ("z", l, j), ("w", l, k, j), ("t", k), ("delta", l, j) or ("E",).

    Raises :class:`BindingError` with the derivation's words when it does not exist.
    """
    n, L = sizes, len(sizes) - 1
    name = sym.name

    def unit(l: int, j: int, shown: str):
        if not 0 <= l <= L:
            raise BindingError(f"{shown}: layers are 0..{L}")
        if not 1 <= j <= n[l]:
            raise BindingError(f"{shown}: layer {l} has {n[l]} unit{'s' * (n[l] != 1)}")
        return l, j

    shown = _shown(sym, layer, idx)
    if name == "E":
        if idx or layer is not None:
            raise BindingError(f"{sym.text}: E takes no index")
        return ("E",)
    if len(idx) == 0:
        raise BindingError(f"{sym.text} needs an index, e.g. {sym.name}_1")
    if name in ("x", "y", "t") and layer is not None:
        raise BindingError(f"{sym.text}: {name} takes no layer")
    if name == "x":
        return ("h",) + unit(0, idx[0], shown)
    if name == "y":
        return ("h",) + unit(L, idx[0], shown)
    if name == "t":
        return ("t",) + unit(L, idx[0], shown)[1:]
    if name in ("h", "z"):
        if layer is None:
            if L != 2:
                raise BindingError(f"{sym.text}: with {L - 1} hidden layers, write the layer: {name}^l_j")
            layer = 1
        if name == "z" and layer == 0:
            raise BindingError(f"{shown}: layer 0 is the input; it has no pre-activation")
        return (name,) + unit(layer, idx[0], shown)
    if name == "delta":
        layer = L if layer is None else layer
        if layer == 0:
            raise BindingError(f"{shown}: the input layer has no error term")
        return ("delta",) + unit(layer, idx[0], shown)
    if name == "w":
        if len(idx) == 1:
            if L != 1 or n[0] != 1 or layer is not None:
                raise BindingError(f"{sym.text}: the short form w_k needs a single layer from one input; "
                                   "write w^l_{kj}")
            idx = [idx[0], 1]
        if len(idx) != 2:
            raise BindingError(f"{sym.text}: a weight has two indices, w^l_{{kj}}")
        if layer is None:
            if L != 1:
                raise BindingError(f"{sym.text}: with {L} weight layers, write the layer: w^l_{{kj}}")
            layer = 1
        if not 1 <= layer <= L:
            raise BindingError(f"{shown}: weight layers are 1..{L}")
        k, j = idx
        if not 1 <= k <= n[layer]:
            raise BindingError(f"{shown}: layer {layer} has {n[layer]} unit{'s' * (n[layer] != 1)}")
        if not 1 <= j <= n[layer - 1]:
            raise BindingError(f"{shown}: layer {layer - 1} has {n[layer - 1]} unit{'s' * (n[layer - 1] != 1)}")
        return ("w", layer, k, j)
    raise BindingError(f"{sym.text} is not part of the notation (x, h, y, t, z, w, E, \\delta)")


def _shown(sym: Sym, layer, idx) -> str:
    """The symbol with its indices' values, e.g. w^3_{31}."""
    name = "\\delta" if sym.name == "delta" else sym.name
    sup = f"^{layer}" if layer is not None else ""
    sub = "".join(map(str, idx)) if all(0 <= i < 10 for i in idx) else ",".join(map(str, idx))
    return f"{name}{sup}_{{{sub}}}" if len(sub) > 1 else f"{name}{sup}_{sub}"


def index_role(node, var: str):
    """Where ``var`` first appears as an index in ``node``: (symbol, slot) with slot an int or "layer"."""
    if isinstance(node, Sym):
        if node.layer is not None and node.layer.var == var:
            return node, "layer"
        for slot, index in enumerate(node.indices):
            if index.var == var:
                return node, slot
        return None
    children = []
    if isinstance(node, Op):
        children = node.args
    elif isinstance(node, (Derivative,)):
        children = (node.body, node.var)
    elif isinstance(node, Gradient):
        children = (node.var,)
    elif isinstance(node, Reduce):
        children = () if node.var == var else (node.body,)
    elif isinstance(node, Call):
        children = (node.arg,)
    for child in children:
        found = index_role(child, var)
        if found:
            return found
    return None


def free_indices(node, bound: frozenset = frozenset()) -> list[str]:
    """Index variables used in ``node`` and not bound by a sum or product, in order of appearance."""
    out: list[str] = []

    def visit(n, bound):
        if isinstance(n, Sym) and not n.indices and n.layer is None and n.name not in ("E", "L", "K", "I"):
            if n.name not in bound and n.name not in out:  # a bare index letter, e.g. in a bound l+1
                out.append(n.name)
            return
        if isinstance(n, Sym):
            for index in ([n.layer] if n.layer is not None else []) + list(n.indices):
                if index.var and index.var not in bound and index.var not in out and index.var != "L":
                    out.append(index.var)
        elif isinstance(n, Op):
            for a in n.args:
                visit(a, bound)
        elif isinstance(n, Derivative):
            visit(n.body, bound)
            visit(n.var, bound)
        elif isinstance(n, Gradient):
            visit(n.var, bound)
        elif isinstance(n, Reduce):
            for b in (n.low, n.high):
                if b is not None:
                    visit(b, bound)
            visit(n.body, bound | {n.var})
        elif isinstance(n, Call):
            visit(n.arg, bound)

    visit(node, bound)
    return out
