"""Binding the notation to a network: which weight, unit, vector or matrix a symbol names.

Symbols reach this stage with their layers filled in by the reading (:mod:`.readings`: the
conventions, default layers and index letters applied). ``x_i`` = h^0_i and ``x`` = h^0; ``y_k`` =
h^L_k and ``y`` = h^L; ``h_j`` = h^1_j when there is exactly one hidden layer; ``z_k``, ``\\delta_k``,
``b_k``, ``w_{kj}`` and ``W`` without a layer only on a single-layer network; ``w_k`` = w^1_{k1} on
a single layer from one input. Indices are 1-based, as in the derivation; ``L``, ``K`` and ``I`` are
the number of weight layers, outputs and inputs.

A reference is ``("h", l, j, n)``, ``("z", l, j, n)``, ``("delta", l, j, n)``, ``("t", k, n)``,
``("w", l, k, j)``, ``("b", l, k)``, ``("E",)``, ``("E_0",)``, ``("E_n", n)``, ``("N",)``,
``("const", name)`` for numbers (n: the example, 1 outside a batch), and ``("vec", name, l, n)`` /
``("mat", l)`` for vectors (name h, z, delta, b or t) and weight matrices, ``("all",)`` for every weight as one
vector (an unlayered ``w`` of a deep network, :mod:`.allweights`).
"""

from __future__ import annotations

import re

from .walk import children, free_indices, index_role, symbols  # noqa: F401 (re-exported)
from .tree import Sym


class BindingError(ValueError):
    """A symbol or index that does not exist in this network, or that could mean two things."""


class Unreadable(BindingError):
    """A construct that was parsed but has no reading the checker can stand by (a power of a vector,
    a derivative of a vector by a matrix): the equation cannot be checked, whatever its values."""


class OutOfRange(BindingError):
    """A layer or unit this network does not have (``w^2_{21}`` where layer 2 has one unit): the equation
    names something that is not there, so it does not hold (it was read, and bound, all the same).

    Checking tries many index values that name nothing, so the message is only formatted when read.
    """

    def __init__(self, message, part=None):
        super().__init__()
        self._message = message
        self.part = part  # which index is out of range: "layer", "example", or a subscript's position

    def __str__(self) -> str:
        return self._message() if callable(self._message) else self._message


class EngineDisagrees(ValueError):
    """bpcore's backpropagation and the derivative through its own forward pass differ: the engine is wrong."""


SUBSCRIPT_LAYER = ("; if its subscript is its layer (Prince's \\mathbf{h}_k, \\boldsymbol\\Omega_k), declare "
                   "layers: subscripts")
BOLD_OR_CAPITAL = re.compile(r"\\(?:mathbf|boldsymbol|bm)\b|[A-Z]")


def _subscript_hint(sym: Sym, idx: list) -> str:
    """For a refusal of a bold or capital letter with one index (a layer's vector or matrix, maybe, as Prince and
    Murphy write them): the declaration that reads the subscript as the layer."""
    if len(idx) != 1 or not BOLD_OR_CAPITAL.match(sym.text):
        return ""
    written = sym.indices[0] if len(sym.indices) == 1 else None
    row = written is not None and written.var not in (None, "l", "k", "L") and not written.offset and not written.more
    return SUBSCRIPT_LAYER + (f"; if it is row {written.var} of a matrix (Shewchuk's W_i), write its entries, "
                              f"{sym.name}_{{{written.var}j}}" if row else "")


def index_value(index, env: dict, where, constant) -> int:
    """An index expression's value: its letters from ``env`` (or ``constant(name)``: L, K, I, N), plus its offset."""
    if index.var is None:
        return index.offset
    total = index.offset
    for name, sign in ((index.var, 1), *index.more):
        if name in env:
            total += sign * env[name]
            continue
        try:
            total += sign * constant(name)
        except KeyError:
            raise BindingError(f"the index {name} in {where} is not bound (no sum over it, and it is not a free "
                               "index of the equation)") from None
    return total


def _units(n: int) -> str:
    return f"{n} unit{'s' * (n != 1)}"


PER_EXAMPLE = ("x", "y", "t", "h", "z", "delta")


def resolve(sym: Sym, layer: int | None, idx: list[int], example: int | None, inst, shift=(0, 0)) -> tuple:
    """``sym`` with its layer, indices and example evaluated, as a reference into ``inst``.

    Raises :class:`BindingError` with the derivation's words when it does not exist; ``shift`` is what the
    author's layer numbers add to the checker's (units', weights'), so that a message numbers layers as the
    author does (UFLDL's input is layer 1: layers 1..4, not 0..3).
    """
    n, L = inst.sizes, inst.L
    name = sym.name
    s, ws = shift
    shown = _Shown(sym, layer, idx, ws if name in ("w", "W") else s)  # formatted only if a message needs it

    if name in inst.constants:
        return ("const", name)
    if name == "N":
        if not inst.batch:
            raise BindingError(f"{sym.text}: N is the number of examples of a batch; check on a batch with "
                               "batch=\"4\"")
        return ("N",)
    if example is not None:
        if not 1 <= example <= inst.N:
            raise OutOfRange(lambda: f"{shown}: the batch has examples 1..{inst.N}", "example")
    elif inst.batch and name in PER_EXAMPLE:
        written = written_letter(sym.text)
        own = name == "h" and written != "h"  # (Nielsen's a, Raschka's a^{(out)}: perhaps the output)
        raise BindingError(f"{sym.text}: in a batch, say which example" + (
            f": {written}^{{(n)}}" if name in ("x", "y", "t") else
            ": only x, y, t and E carry one (x^{(n)}, y^{(n)}_k, t_{nk}, E_n), a hidden layer's values are not read "
            "per example" + (f"; if {written} is the output, declare {{{written}: y}}" if own else "")) +
            ", or check one example without batch")
    n_ex = example or 1
    if name in ("E", "E_0"):
        if example is not None:
            return ("E_n", example)
        return (name,)

    def unit(l: int, j: int):
        if not 0 <= l <= L:
            raise OutOfRange(lambda: f"{shown}: layers are {s}..{L + s}", "layer")
        if not 1 <= j <= n[l]:
            raise OutOfRange(lambda: f"{shown}: layer {l + s} has {_units(n[l])}", 0)
        return l, j, n_ex

    def only_layer(what: str, written: str) -> int:
        if L != 1:
            raise BindingError(f"{sym.text}: the network has {L} layers of {what}; write the layer, e.g. {written} "
                               f"(or declare a default layer in the notation, e.g. bpdocs_notation: "
                               f"{{{name}: {name}^L}}, or which layer an index letter names: "
                               "{index_layers: {j: 1, k: 2}})" + _subscript_hint(sym, idx))
        return 1

    if name == "n":
        raise BindingError(f"{sym.text}: a layer size can only be a bound of a sum")
    if name in ("x", "y", "t") and layer is not None:
        raise BindingError(f"{sym.text}: {name} takes no layer")
    vector = not idx
    if name == "x":
        return ("vec", "h", 0, n_ex) if vector else ("h",) + unit(0, idx[0])
    if name == "y":
        return ("vec", "h", L, n_ex) if vector else ("h",) + unit(L, idx[0])
    if name == "t":
        return ("vec", "t", None, n_ex) if vector else ("t", unit(L, idx[0])[1], n_ex)
    if name == "h" and layer is None:
        written = written_letter(sym.text)
        if written != "h":  # Nielsen's a, Bishop's z, Wikipedia's o: a unit of any layer (a is often the output)
            raise BindingError(f"{sym.text}: {written} without a layer could be any layer's (the hidden one, or the "
                               f"output); write the layer, e.g. {written}^L, or declare a default layer, e.g. "
                               f"bpdocs_notation: {{{written}: h^L}} (or which layer an index letter names: "
                               "{index_layers: {j: 1, k: 2}})")
        if L != 2:
            raise BindingError(f"{sym.text}: with {L - 1} hidden layers, write the layer: h^l_j (or declare which "
                               "layer an index letter names: bpdocs_notation: {index_layers: {j: 1}})")
        layer = 1
    if name in ("z", "delta", "b") and layer is None:
        layer = only_layer({"z": "pre-activations", "delta": "error terms", "b": "biases"}[name],
                           f"{sym.text.split('_')[0]}^l_j")
    if name in ("z", "delta", "b") and layer == 0:
        raise OutOfRange(lambda: f"{shown}: layer {s} is the input; it has no "
                         + {"z": "pre-activation", "delta": "error term", "b": "bias"}[name], "layer")
    if name == "b" and not inst.biases:
        raise BindingError(f"{sym.text}: these networks have no biases; check with biases=\"on\"")
    if name in ("h", "z", "delta", "b"):
        if not 0 <= layer <= L:
            raise OutOfRange(lambda: f"{shown}: layers are {s}..{L + s}", "layer")
        if name == "b":
            return ("vec", "b", layer, None) if vector else ("b", layer, unit(layer, idx[0])[1])
        return ("vec", name, layer, n_ex) if vector else (name,) + unit(layer, idx[0])
    if name in ("w", "W"):
        if len(idx) == 1:  # a weight layer from one unit (w_k: to unit k), or to one unit (w_j: from unit j):
            at = layer if layer is not None else 1 if L == 1 else None  # Murphy's w_d, Alpaydin's v_h into one y
            if at is None or 1 <= at <= L and 1 not in (n[at - 1], n[at]):
                raise BindingError(f"{sym.text}: the short form w_k needs a weight layer from one unit or to one "
                                   "unit (its layer written, or declared: {v: w^2}); else write w^l_{kj}"
                                   + _subscript_hint(sym, idx))
            idx = [idx[0], 1] if 1 <= at <= L and n[at - 1] == 1 else [1, idx[0]]
        if layer is None and vector and name == "w" and L != 1:
            return ("all",)  # Bishop's \mathbf{w}: every weight of the network, one vector (see allweights.py)
        if layer is None:
            layer = only_layer("weights", f"{name}^l" + ("_{kj}" if idx else ""))
        if not 1 <= layer <= L:
            raise OutOfRange(lambda: f"{shown}: weight layers are {1 + ws}..{L + ws}", "layer")
        if vector:
            return ("mat", layer)
        k, j = idx
        if not 1 <= k <= n[layer]:
            raise OutOfRange(lambda: f"{shown}: layer {layer + s} has {_units(n[layer])}", 0)
        if not 1 <= j <= n[layer - 1]:
            raise OutOfRange(lambda: f"{shown}: layer {layer - 1 + s} has {_units(n[layer - 1])}", 1)
        return ("w", layer, k, j)
    raise BindingError(f"{sym.text} is not part of the notation")


def written_letter(text: str) -> str:
    """The name a symbol was written with, without its font, indices or layer: ``a`` for ``\\mathbf{a}_j``."""
    match = re.match(r"\\(?:mathbf|boldsymbol|bm|vec|mathit|mathrm|text)\s*\{\s*([^{}_^]*?)\s*\}|([^_^{\s]*)", text)
    return (match[1] if match[1] is not None else match[2]) or text


class _Shown:
    def __init__(self, sym, layer, idx, shift=0):
        self.args = sym, None if layer is None else layer + shift, idx

    def __format__(self, spec) -> str:
        return shown_symbol(*self.args)


def shown_symbol(sym: Sym, layer, idx) -> str:
    """The symbol with its indices' values, e.g. w^3_{31}."""
    name = "\\delta" if sym.name == "delta" else sym.name
    sup = f"^{layer}" if layer is not None else ""
    if not idx:
        return f"{name}{sup}"
    sub = "".join(map(str, idx)) if all(0 <= i < 10 for i in idx) else ",".join(map(str, idx))
    return f"{name}{sup}_{{{sub}}}" if len(sub) > 1 else f"{name}{sup}_{sub}"


__all__ = ["BindingError", "EngineDisagrees", "OutOfRange", "Unreadable", "children", "free_indices", "index_role",
           "resolve", "symbols"]
