"""The range of a sum or product (a part of the evaluator): given bounds, or inferred from what its index
names (``y_k``: the outputs; ``w^l_{kj}``: k over layer l, j over layer l-1; ``E_n``: the examples)."""

from __future__ import annotations

from .binding import BindingError, Unreadable
from .tree import Component, Letter, Num, Op, Reduce, Sym
from .walk import index_role, index_uses


class Bounds:
    def bounds(self, node: Reduce, env: dict) -> tuple[int, int]:
        from .evaluate import MAX_TERMS

        symbol = "\\sum" if node.op == "+" else "\\prod"
        if node.low is not None:
            low, high = (int(round(self._bound(b, env))) for b in (node.low, node.high))
            if high - low + 1 > MAX_TERMS:
                raise Unreadable(f"{symbol}_{{{node.var}={low}}}^{{{high}}}: {high - low + 1} terms; the networks "
                                 "checked have a few units per layer")
            return low, high
        role = index_role(node.body, node.var)
        if role is None:
            return self._component_bounds(node, env, symbol)
        sym, slot = role
        if slot == "layer":
            raise Unreadable(f"{symbol}_{node.var}: {node.var} is a layer here, and its range is not given; "
                             f"write {symbol}_{{{node.var}=a}}^{{b}}")
        if slot == "example":
            return 1, self.instance.N
        sizes = self.instance.sizes
        offset = next(o for s, sl, o in index_uses(sym, node.var) if sl == slot)
        probe = {**env, node.var: 1 - offset}
        for index in [sym.example, *sym.indices]:  # a nested sum's letters: any unit will do for the range
            for name in (index.vars if index is not None else ()):
                probe.setdefault(name, 1)
        ref = self.resolve(sym, probe)
        if ref[0] == "h" or ref[0] == "z" or ref[0] == "delta" or ref[0] == "b":
            return 1, sizes[ref[1]]
        if ref[0] == "t":
            return 1, sizes[-1]
        if ref[0] == "w":
            if len(sym.indices) == 1:
                return 1, sizes[1]
            return (1, sizes[ref[1]]) if slot == 0 else (1, sizes[ref[1] - 1])
        raise Unreadable(f"{symbol}_{node.var}: cannot tell the range of {node.var}")

    def _component_bounds(self, node: Reduce, env: dict, symbol: str) -> tuple[int, int]:
        """``\\sum_j (W^T \\delta)_j``: the range from the shape of the vector or matrix indexed."""
        for found, slot, offset in index_uses(node.body, node.var):
            if isinstance(found, Component):
                value = self.value(found.body, env)
                shape = getattr(value, "shape", (1, 1))
                size = shape[slot] if len(found.indices) == 2 else max(shape)
                return 1 - offset, size - offset
        raise Unreadable(f"{symbol}_{node.var}: {node.var} appears nowhere in what it sums")

    def _bound(self, node, env: dict) -> float:
        if isinstance(node, Num):
            return node.value
        if isinstance(node, Letter):
            if node.name in env:
                return env[node.name]
            if node.name in ("L", "K", "I"):
                return self.constant(node.name)
            raise BindingError(f"the bound {node.name} is not known (use numbers, L, K, I, N, n_l or an index)")
        if isinstance(node, Sym) and node.name == "n":
            l = self.index(node.indices[0], env, node)
            if not 0 <= l <= self.instance.L:
                raise BindingError(f"{node.text}: layers are 0..{self.instance.L}")
            return self.instance.sizes[l]
        if isinstance(node, Sym) and node.name == "N":
            return self.value(node, env).a
        if isinstance(node, Op) and node.op in "+-" and len(node.args) == 2:
            a, b = self._bound(node.args[0], env), self._bound(node.args[1], env)
            return a + b if node.op == "+" else a - b
        raise Unreadable("a bound must be a number, L, K, I, N, n_l, an index, or a sum of those")
