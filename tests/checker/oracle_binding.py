"""The judge's own reading of a symbol, with the text's conventions: what it names in a network.

Written independently of the checker's readings and binding (it shares only the parsed tree and the
parsed notation, which says what was declared): layers numbered from 0 or 1, weights and biases numbered
by the layer they lead into or out of, weights indexed to-from or from-to, index letters that name
layers, default layers.
"""

from __future__ import annotations

NAMES = {"x", "y", "t", "h", "z", "w", "W", "b", "E", "E_0", "delta", "n", "N"}
LAYERED = {"h", "z", "w", "W", "b", "delta"}


class Missing(Exception):
    """The symbol names nothing in this network."""


class Unjudgeable(Exception):
    """The judge cannot say what this means (a symbol of no example in a batch, a derivative of delta...)."""


class Reading:
    """A network's sizes and a notation's declared conventions, as this judge reads them."""

    def __init__(self, sizes, notation, *, batch: bool, N: int, constants: dict, biases: bool):
        self.sizes, self.L = list(sizes), len(sizes) - 1
        self.notation, self.batch, self.N, self.constants, self.biases = notation, batch, N, constants, biases
        conventions = notation.conventions
        self.from_one = str(conventions.get("input_layer", "0")) == "1"
        self.weights_from = conventions.get("weight_layer", "to") == "from"
        self.from_to = conventions.get("weights", "to-from") == "from-to"
        self.vector_shape = (1, -1) if conventions.get("vectors") == "rows" else (-1, 1)  # (d2l's rows: 1 x n)

    def constant(self, name: str) -> int:
        if name == "L":
            return self.L + (1 if self.from_one else 0)
        if name == "N":
            if not self.batch:
                raise Missing("N")
            return self.N
        return {"K": self.sizes[-1], "I": self.sizes[0]}[name]

    def idx(self, index, env) -> int:
        if index.var is None:
            return index.offset
        total = index.offset
        for name, sign in [(index.var, 1), *index.more]:
            if name in env:
                total += sign * env[name]
            elif name in ("L", "K", "I", "N"):
                total += sign * self.constant(name)
            else:
                raise Missing(name)
        return total

    def internal(self, written: int, parameter: bool) -> int:
        """A written layer number as 0..L, input first, weights and biases by the layer they lead into."""
        return written - (1 if self.from_one else 0) + (1 if parameter and self.weights_from else 0)

    def ref(self, sym, env):
        """("E",), ("E_0",), ("E_n", n), ("N",), ("const", name), ("scalar", kind, layer, i[, j], n),
        ("vector", kind, layer, n), ("matrix", layer, transposed) or ("every",), every weight as one column."""
        name = sym.name
        if name in self.constants:
            return ("const", name)
        if name == "N":
            return ("N", self.constant("N"))
        example = self.idx(sym.example, env) if sym.example is not None else None
        if example is not None and not 1 <= example <= self.N:
            raise Missing(sym.text)
        if name in ("E", "E_0"):
            return ("E_n", example) if example is not None else (name,)
        if self.batch and example is None and name in ("x", "y", "t", "h", "z", "delta"):
            if "@example" not in env:
                raise Unjudgeable(f"{sym.text}: of which example?")
            example = env[env["@example"]]  # the one example the row is about (Bishop's E_n and delta_j)
        n_ex = example or 1
        n, L = self.sizes, self.L
        idx = [self.idx(i, env) for i in sym.indices]
        if name in ("x", "y", "t"):
            layer = {"x": 0, "y": L, "t": L}[name]
            return self._unit("t" if name == "t" else "h", layer, idx, n_ex)
        weight = name in ("w", "W")
        if weight and self.from_to and len(idx) == 2:
            idx = idx[::-1]  # w_{ij} from i to j: the derivation's w_{ji}
        try:
            layer = self._layer(sym, env, weight or name == "b")
        except Unjudgeable:
            if name == "w" and not idx and sym.layer is None and L > 1:
                return ("every",)  # Bishop's \mathbf{w}: all the weights, layer after layer, row after row
            raise
        if weight:
            if len(idx) == 1:  # w_k from one input, w_j to one output (logistic regression's)
                if L != 1 or 1 not in (n[0], n[1]) or sym.layer is not None:
                    raise Missing(sym.text)
                idx = [idx[0], 1] if n[0] == 1 else [1, idx[0]]
            if not 1 <= layer <= L:
                raise Missing(sym.text)
            if not idx:
                return ("matrix", layer, self.from_to)
            if not (1 <= idx[0] <= n[layer] and 1 <= idx[1] <= n[layer - 1]):
                raise Missing(sym.text)
            return ("scalar", "w", layer, idx[0], idx[1])
        if name == "b" and not self.biases or name != "h" and layer == 0:
            raise Missing(sym.text)
        return self._unit(name, layer, idx, n_ex)

    def _unit(self, kind, layer, idx, n_ex):
        if not 0 <= layer <= self.L:
            raise Missing(kind)
        if not idx:
            return ("vector", kind, layer, n_ex)
        if len(idx) != 1 or not 1 <= idx[0] <= self.sizes[layer]:
            raise Missing(kind)
        return ("scalar", kind, layer, idx[0], n_ex)

    def _layer(self, sym, env, parameter: bool) -> int:
        if sym.layer is not None:
            return self.internal(self.idx(sym.layer, env), parameter)
        letters = self.notation.index_layers
        indices = list(sym.indices)
        if sym.name in ("w", "W") and self.from_to and len(indices) == 2:
            indices = indices[::-1]
        declared = self.notation.default_layers.get(sym.written or sym.name)  # (by the name it is written by)
        if declared is not None and sym.written.lstrip("\\") != sym.name:  # a name of its own (ESL's alpha: w^1)
            return self.internal(self.idx(declared, env), False)
        if letters is not None and indices and indices[0].var in letters:
            return self.internal(self.idx(letters[indices[0].var], env), False)
        if declared is not None:
            return self.internal(self.idx(declared, env), False)
        if sym.name == "h" and self.L == 2:
            return 1
        if sym.name != "h" and self.L == 1:
            return 1
        raise Unjudgeable(f"{sym.text}: which layer?")
